import { READ_MICROS_PER_DECISION, candidateMicrosPerDecision, decisionsWithinBudget, evaluateCandidate } from '../decisions/ope';
import { computeResults } from '../decisions/results';
import { SERVED_SHARE_MAX_DECISIONS, servedShare, type ServedShare } from '../decisions/served-share';
import { EvaluateRequestSchema, type EvaluateAnswer } from '../decisions/schemas';
import type { ExperimentResults } from '../decisions/types';
import { badRequest, describeIssues, notFound, unprocessable } from '../http/errors';
import { learningStateOf } from './learner';
import type { Clock, DecisionLogStore, ExperimentStore } from './ports';

/**
 * GET /v1/experiments/{id}/results:
 * 1. the experiment and its folded statistics (one Query; 404 when unknown);
 * 2. the core's results over them;
 * 3. the served share over time, from the latest SERVED_SHARE_MAX_DECISIONS logged decisions (one
 *    more is read to tell whether the log holds earlier ones: then the series says `complete: false`).
 */
export async function getResults(
  experimentId: string,
  deps: { experiments: Pick<ExperimentStore, 'getWithLearning'>; log: Pick<DecisionLogStore, 'listByExperiment'> },
): Promise<ExperimentResults & { updatedAt: string | null; servedShare: ServedShare }> {
  const loaded = await deps.experiments.getWithLearning(experimentId);
  if (!loaded) throw notFound(`no experiment ${experimentId}`);
  const state = loaded.learning ? learningStateOf(experimentId, loaded.learning.state) : undefined;
  const logged = await deps.log.listByExperiment(experimentId, { limit: SERVED_SHARE_MAX_DECISIONS + 1 });
  const latest = logged.slice(0, SERVED_SHARE_MAX_DECISIONS).map((entry) => entry.record);
  return {
    ...computeResults(loaded.experiment, state),
    updatedAt: loaded.learning?.updatedAt ?? null,
    servedShare: servedShare(latest, loaded.experiment.arms.map((arm) => arm.armId), logged.length > SERVED_SHARE_MAX_DECISIONS),
  };
}

/**
 * POST /v1/experiments/{id}/evaluate: off-policy estimates of a candidate policy from the logged
 * decisions whose reward window has closed (an open window would count rewards still to come as 0).
 * 1. validate (400), and a fixed arm must be one of the experiment's (422);
 * 2. read the most recent `maxDecisions` decisions with their rewards from the log, or fewer when the
 *    request could not read and score that many in time (`decisionsWithinBudget`; the answer's `maxDecisions`
 *    and a note say so);
 * 3. IPS, self-normalised IPS and doubly robust with intervals (the core).
 */
export async function evaluatePolicy(
  experimentId: string,
  body: unknown,
  deps: { experiments: Pick<ExperimentStore, 'getWithLearning'>; log: Pick<DecisionLogStore, 'listByExperiment'>; clock: Clock },
): Promise<EvaluateAnswer> {
  const parsed = EvaluateRequestSchema.safeParse(body ?? {});
  if (!parsed.success) throw badRequest('invalid evaluation request', describeIssues(parsed.error.issues));
  const request = parsed.data;
  const loaded = await deps.experiments.getWithLearning(experimentId);
  if (!loaded) throw notFound(`no experiment ${experimentId}`);
  const { experiment } = loaded;
  if (request.policy.type === 'fixed' && !experiment.arms.some((arm) => arm.armId === (request.policy as { armId: string }).armId)) {
    throw unprocessable(`policy.armId '${request.policy.armId}' is not an arm of experiment ${experimentId}`, [{ path: 'policy.armId', message: 'not an arm of this experiment' }]);
  }
  const now = deps.clock.now().toISOString();
  // The log compares instants as strings in toISOString's form: '…T10:00:00Z' would sort after '…T10:00:00.000Z'.
  const since = request.since === undefined ? undefined : new Date(request.since).toISOString();
  const maxDecisions = decisionsWithinBudget(request.policy, experiment.arms.length, request.maxDecisions);
  const logged = await deps.log.listByExperiment(experimentId, { limit: maxDecisions, ...(since ? { since } : {}) });
  const matured = logged.filter((entry) => entry.record.rewardDeadline <= now);
  const state = loaded.learning ? learningStateOf(experimentId, loaded.learning.state) : undefined;
  const response = evaluateCandidate(experiment, state, matured.map(({ record, reward }) => ({ record, reward })), { policy: request.policy, bootstrapResamples: request.bootstrapResamples });
  const notes =
    maxDecisions < request.maxDecisions
      ? [
          `maxDecisions ${request.maxDecisions} requested, ${maxDecisions} used: reading a decision and scoring this candidate over ${experiment.arms.length} arms costs about ${Math.round(READ_MICROS_PER_DECISION + candidateMicrosPerDecision(request.policy, experiment.arms.length))} µs of CPU, and a request must answer within the API's time limit (use since to choose the window).`,
          ...response.notes,
        ]
      : response.notes;
  return { ...response, notes, maxDecisions, immatureDecisions: logged.length - matured.length };
}
