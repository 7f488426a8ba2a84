import { featuresOf } from '../decisions/features';
import { choose, decisionLogRecord, prepareLearning, type PreparedLearning } from '../decisions/policy';
import type { DecisionRequest, DecisionResponse, Experiment } from '../decisions/schemas';
import { conflict, notFound, serviceUnavailable } from '../http/errors';
import { mintDecisionId } from './decision-ids';
import { learningStateOf } from './learner';
import type { Clock, DecisionStream, ExperimentStore, ProfileSnapshotReader } from './ports';

interface CachedExperiment {
  experiment: Experiment;
  learning?: PreparedLearning;
  learningVersion: number;
  fetchedAt: number;
}

/**
 * The experiment and its prepared posteriors, cached per container for a bounded time (a model
 * refit or a paused experiment reaches every container within `ttlMs`). A miss is one Query on the
 * experiment's partition; the posteriors are rebuilt only when the learning version moved.
 */
export class ExperimentCache {
  private readonly entries = new Map<string, CachedExperiment>();

  constructor(
    private readonly store: Pick<ExperimentStore, 'getWithLearning'>,
    private readonly ttlMs = 30_000,
    private readonly maxEntries = 500,
  ) {}

  async get(experimentId: string, now: number): Promise<CachedExperiment | undefined> {
    const cached = this.entries.get(experimentId);
    if (cached && now - cached.fetchedAt < this.ttlMs) return cached;
    const loaded = await this.store.getWithLearning(experimentId);
    if (!loaded) {
      this.entries.delete(experimentId);
      return undefined;
    }
    const learningVersion = loaded.learning?.version ?? 0;
    const reuse = cached && cached.learningVersion === learningVersion && JSON.stringify(cached.experiment.objective) === JSON.stringify(loaded.experiment.objective);
    const entry: CachedExperiment = {
      experiment: loaded.experiment,
      learning: reuse ? cached.learning : loaded.learning ? prepareLearning(learningStateOf(experimentId, loaded.learning.state), loaded.experiment.objective) : undefined,
      learningVersion,
      fetchedAt: now,
    };
    this.entries.delete(experimentId);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(experimentId, entry);
    return entry;
  }
}

export interface DecideDeps {
  cache: ExperimentCache;
  profiles: ProfileSnapshotReader;
  stream: DecisionStream;
  clock: Clock;
  pseudonymize: (userId: string) => string | Promise<string>;
  mintId?: (now: number) => string;
}

/**
 * POST /v1/decisions:
 * 1. pseudonymise the user id (the raw id goes no further);
 * 2. the experiment and its model from the cache (404 unknown; 409 paused or stopped);
 * 3. one profile read (with the consent state): an unknown user is a cold start, a refused
 *    `personalised-marketing` purpose gets the context-free policy and `personalised: false`;
 * 4. the policy's exact probability vector and a draw from it (the core);
 * 5. one Kinesis put of the decision log record: the durable log write (503 when refused: resend).
 */
export async function decide(request: DecisionRequest, deps: DecideDeps): Promise<DecisionResponse> {
  const uid = await deps.pseudonymize(request.userId);
  const now = deps.clock.now();
  const cached = await deps.cache.get(request.experimentId, now.getTime());
  if (!cached) throw notFound(`no experiment ${request.experimentId}`);
  const { experiment } = cached;
  if (experiment.status !== 'running') throw conflict(`experiment ${experiment.experimentId} is ${experiment.status}: it serves no decisions until its status is running again`);

  const snapshot = await deps.profiles.read(uid, now.getTime());
  const decisionId = (deps.mintId ?? mintDecisionId)(now.getTime());
  const choice = choose({
    experiment,
    pseudonym: uid,
    features: featuresOf(snapshot.features, request.context),
    personalisedMarketingAllowed: snapshot.personalisedMarketingAllowed,
    learning: cached.learning,
    seed: decisionId,
  });
  const log = decisionLogRecord({ choice, decisionId, experiment, pseudonym: uid, at: now });
  try {
    await deps.stream.put(uid, { type: 'served', log }, now.toISOString());
  } catch {
    throw serviceUnavailable('the decision could not be logged (the stream refused it); ask again');
  }
  const arm = choice.armId === null ? undefined : experiment.arms.find((candidate) => candidate.armId === choice.armId);
  return {
    decisionId,
    armId: choice.armId,
    propensity: choice.propensity,
    payload: arm?.payload ?? null,
    holdout: choice.holdout,
    personalised: choice.personalised,
  };
}
