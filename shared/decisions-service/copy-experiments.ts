import { experimentConfigProblems, newExperiment, withAddedArms } from '../decisions/experiment';
import { computeResults } from '../decisions/results';
import { ExperimentConfigSchema, type Arm } from '../decisions/schemas';
import type { CopyExperimentSettings } from '../copy/schema';
import { learningStateOf } from './learner';
import type { Clock, ExperimentStore } from './ports';

/**
 * Copy jobs that close the loop: a job with `experiment` settings gets the experiment
 * `copy-<jobId>`, whose arms are the job's accepted variants (and approved ones, as review approves
 * them). Syncing is idempotent, so the publish step, the review decision and the job view may all call
 * it; the view's call heals a sync that failed earlier.
 */
export const copyExperimentId = (jobId: string) => `copy-${jobId}`;

/** The arm id of a variant: its id without the job id (`<audience>.<locale>.<n>`). */
export const armIdOfVariant = (jobId: string, variantId: string) => (variantId.startsWith(`${jobId}.`) ? variantId.slice(jobId.length + 1) : variantId);

/** The variant fields the linkage reads (a structural subset of the copy store's records). */
export interface LinkedVariant {
  variantId: string;
  audienceId: string;
  locale: string;
  status: string;
  text: string;
}

const SERVABLE = new Set(['accepted', 'approved']);

export type CopyExperimentSync =
  | { experimentId: string; status: 'created' | 'extended'; added: string[] }
  | { experimentId: string; status: 'unchanged' }
  | { experimentId: string; status: 'waiting'; reason: string }
  | { experimentId: string; status: 'refused'; reason: string };

/**
 * Makes the job's servable variants the experiment's arms: creates the experiment once two variants
 * are servable, then adds variants as they become servable (never removes an arm: its decisions stay
 * in the results). Conditional writes; a concurrent change is re-read and retried.
 */
export async function syncCopyExperiment(
  jobId: string,
  settings: CopyExperimentSettings,
  variants: readonly LinkedVariant[],
  deps: { experiments: Pick<ExperimentStore, 'get' | 'save'>; clock: Clock },
): Promise<CopyExperimentSync> {
  const experimentId = copyExperimentId(jobId);
  const arms: Arm[] = variants
    .filter((variant) => SERVABLE.has(variant.status))
    .map((variant) => ({ armId: armIdOfVariant(jobId, variant.variantId), copyVariantId: variant.variantId, payload: { text: variant.text, audienceId: variant.audienceId, locale: variant.locale } }));
  for (let attempt = 1; attempt <= 3; attempt++) {
    const now = deps.clock.now().toISOString();
    const existing = await deps.experiments.get(experimentId);
    if (!existing) {
      if (arms.length < 2) return { experimentId, status: 'waiting', reason: `an experiment needs 2 servable variants; the job has ${arms.length}` };
      const parsed = ExperimentConfigSchema.safeParse({ ...settings, arms });
      if (!parsed.success) return { experimentId, status: 'refused', reason: parsed.error.issues[0]?.message ?? 'invalid experiment settings' };
      const experiment = newExperiment(experimentId, parsed.data, now, jobId);
      experiment.arms = experiment.arms.map((arm) => ({ ...arm, source: 'copy' as const }));
      const problems = experimentConfigProblems(experiment);
      if (problems.length > 0) return { experimentId, status: 'refused', reason: `${problems[0]!.path}: ${problems[0]!.message}` };
      if ((await deps.experiments.save(experiment, undefined)) === 'saved') return { experimentId, status: 'created', added: arms.map((arm) => arm.armId) };
      continue;
    }
    const { experiment, added, problems } = withAddedArms(existing, arms, now);
    if (added.length === 0) return { experimentId, status: 'unchanged' };
    if (problems.length > 0) return { experimentId, status: 'refused', reason: `${problems[0]!.path}: ${problems[0]!.message}` };
    if ((await deps.experiments.save(experiment, existing.version)) === 'saved') return { experimentId, status: 'extended', added };
  }
  throw new Error(`experiment ${experimentId} kept changing while its arms were synced`);
}

/** What GET /v1/copy-jobs/{id} adds for a job with an experiment: each variant's live results and the winner. */
export interface CopyExperimentView {
  experimentId: string;
  status: 'waiting' | 'collecting' | 'winner' | 'no-detectable-difference' | 'refused';
  reason: string;
  winner?: { variantId: string; armId: string };
  variants: { variantId: string; armId: string; decisions: number; outcomes: number; meanReward: number; interval: { lower: number; upper: number }; probabilityBest: number }[];
}

/** Syncs the arms (healing a failed earlier sync), then reads the experiment's results. */
export async function copyExperimentView(
  jobId: string,
  settings: CopyExperimentSettings,
  variants: readonly LinkedVariant[],
  deps: { experiments: Pick<ExperimentStore, 'get' | 'save' | 'getWithLearning'>; clock: Clock },
): Promise<CopyExperimentView> {
  const sync = await syncCopyExperiment(jobId, settings, variants, deps);
  const experimentId = sync.experimentId;
  if (sync.status === 'waiting' || sync.status === 'refused') return { experimentId, status: sync.status, reason: sync.reason, variants: [] };
  const loaded = await deps.experiments.getWithLearning(experimentId);
  if (!loaded) return { experimentId, status: 'waiting', reason: 'the experiment is being created', variants: [] };
  const results = computeResults(loaded.experiment, loaded.learning ? learningStateOf(experimentId, loaded.learning.state) : undefined);
  const variantOf = new Map(loaded.experiment.arms.map((arm) => [arm.armId, arm.copyVariantId ?? arm.armId]));
  const winnerVariant = results.winner ? variantOf.get(results.winner) : undefined;
  return {
    experimentId,
    status: results.status,
    reason: results.reason,
    ...(results.winner && winnerVariant ? { winner: { variantId: winnerVariant, armId: results.winner } } : {}),
    variants: results.arms.map((arm) => ({
      variantId: variantOf.get(arm.armId) ?? arm.armId,
      armId: arm.armId,
      decisions: arm.decisions,
      outcomes: arm.outcomes,
      meanReward: arm.meanReward,
      interval: arm.interval,
      probabilityBest: arm.probabilityBest,
    })),
  };
}
