/**
 * Experiment lifecycle rules that a schema cannot express: settings that parse but cannot work
 * together (422s), versioning, arms that join later from copy review, and the test plan.
 */
import { MAX_ARMS, type Arm, type Experiment, type ExperimentConfig, type Objective, type TestPlanInput } from './schemas';
import type { TestPlan } from './types';
import { sameJson } from '../validation/same-json';

export interface Problem {
  /** Dotted path of the field at fault (`arms.3.armId`, `minExplorationProbability`). */
  readonly path: string;
  readonly message: string;
}

/**
 * Every reason a parsed config cannot run, empty when it can. Checks: distinct arm ids and copy
 * variants, a control arm that is an arm, an `ab` split naming exactly the arms with a positive total,
 * an exploration floor every arm can get (arms × floor ≤ 1), distinct events in a weighted objective.
 */
export function experimentConfigProblems(config: Pick<ExperimentConfig, 'arms' | 'policy' | 'controlArmId' | 'minExplorationProbability' | 'objective'>): Problem[] {
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  const variants = new Map<string, number>();
  config.arms.forEach((arm, index) => {
    const first = seen.get(arm.armId);
    if (first !== undefined) problems.push({ path: `arms.${index}.armId`, message: `armId '${arm.armId}' repeats arms.${first}` });
    else seen.set(arm.armId, index);
    if (arm.copyVariantId !== undefined) {
      const firstVariant = variants.get(arm.copyVariantId);
      if (firstVariant !== undefined) problems.push({ path: `arms.${index}.copyVariantId`, message: `copy variant '${arm.copyVariantId}' is already arms.${firstVariant}` });
      else variants.set(arm.copyVariantId, index);
    }
  });
  if (config.arms.length > MAX_ARMS) problems.push({ path: 'arms', message: `an experiment has at most ${MAX_ARMS} arms, got ${config.arms.length}` });
  if (config.controlArmId !== undefined && !seen.has(config.controlArmId)) {
    problems.push({ path: 'controlArmId', message: `controlArmId '${config.controlArmId}' is not one of the arms` });
  }
  const floor = config.minExplorationProbability;
  if (config.arms.length * floor > 1 + 1e-12) {
    problems.push({
      path: 'minExplorationProbability',
      message: `${config.arms.length} arms × minExplorationProbability ${floor} = ${(config.arms.length * floor).toFixed(4)} exceeds 1; at most ${Math.floor((1 / config.arms.length) * 1e6) / 1e6} for this many arms`,
    });
  }
  if (config.policy.type === 'ab' && config.policy.split) {
    const split = new Map<string, number>();
    let total = 0;
    config.policy.split.forEach((entry, index) => {
      if (split.has(entry.armId)) problems.push({ path: `policy.split.${index}.armId`, message: `armId '${entry.armId}' appears twice in the split` });
      else if (!seen.has(entry.armId)) problems.push({ path: `policy.split.${index}.armId`, message: `armId '${entry.armId}' is not one of the arms` });
      split.set(entry.armId, entry.weight);
      total += entry.weight;
    });
    for (const armId of seen.keys()) if (!split.has(armId)) problems.push({ path: 'policy.split', message: `arm '${armId}' has no weight in the split` });
    if (!(total > 0)) problems.push({ path: 'policy.split', message: 'split weights must have a positive total' });
  }
  if (typeof config.objective === 'object') {
    const events = new Set<string>();
    config.objective.weights.forEach((entry, index) => {
      if (events.has(entry.event)) problems.push({ path: `objective.weights.${index}.event`, message: `event '${entry.event}' is weighted twice` });
      events.add(entry.event);
    });
  }
  return problems;
}

/** A new stored experiment (version 1); arms from the PUT body are `source: 'api'`. */
export function newExperiment(experimentId: string, config: ExperimentConfig, now: string, copyJobId?: string): Experiment {
  return {
    ...config,
    experimentId,
    arms: config.arms.map((arm) => ({ ...arm, source: 'api' as const, addedAt: now })),
    version: 1,
    createdAt: now,
    updatedAt: now,
    ...(copyJobId === undefined ? {} : { copyJobId }),
  };
}

/**
 * A PUT over an existing experiment: the new config, the next version, the creation time kept. Arms
 * added from copy review survive a PUT that does not name them (so a marketer editing the status does
 * not drop them); an arm the PUT names takes the PUT's payload. Check the result with
 * `experimentConfigProblems` (the union may exceed the arm limit or the floor).
 */
export function revisedExperiment(previous: Experiment, config: ExperimentConfig, now: string): Experiment {
  const named = new Set(config.arms.map((arm) => arm.armId));
  const addedAt = new Map(previous.arms.map((arm) => [arm.armId, arm.addedAt] as const));
  const arms = [
    ...config.arms.map((arm) => ({ ...arm, source: 'api' as const, addedAt: addedAt.get(arm.armId) ?? now })),
    ...previous.arms.filter((arm) => arm.source === 'copy' && !named.has(arm.armId)),
  ];
  return { ...config, experimentId: previous.experimentId, arms, version: previous.version + 1, createdAt: previous.createdAt, updatedAt: now, ...(previous.copyJobId ? { copyJobId: previous.copyJobId } : {}) };
}

/** The state of an experiment apart from its version and update time. */
const stateOf = ({ version: _version, updatedAt: _updatedAt, ...state }: Experiment): object => state;

/**
 * Whether `next` (a revision of `previous`) changes nothing: a resent PUT, whose answer was lost or
 * whose click was retried, then leaves the experiment at its version instead of minting a new one
 * that moves every reader's ETag (and the logged experimentVersion) for no change.
 */
export const changesNothing = (previous: Experiment, next: Experiment): boolean => sameJson(stateOf(previous), stateOf(next));

/**
 * Arms that join later (copy variants approved in review): new arm ids are appended with
 * `source: 'copy'`, ids already present are left alone (idempotent). Returns the experiment unchanged
 * (same version) when nothing is new, and the problems the result would have.
 */
export function withAddedArms(experiment: Experiment, arms: readonly Arm[], now: string): { experiment: Experiment; added: string[]; problems: Problem[] } {
  const present = new Set(experiment.arms.map((arm) => arm.armId));
  const fresh = arms.filter((arm) => !present.has(arm.armId) && (present.add(arm.armId), true));
  if (fresh.length === 0) return { experiment, added: [], problems: [] };
  const next: Experiment = {
    ...experiment,
    arms: [...experiment.arms, ...fresh.map((arm) => ({ ...arm, source: 'copy' as const, addedAt: now }))],
    version: experiment.version + 1,
    updatedAt: now,
  };
  return { experiment: next, added: fresh.map((arm) => arm.armId), problems: experimentConfigProblems(next) };
}

/** Binary objectives reward a decision 0 or 1 (Beta posteriors); the others any bounded number. */
export function isBinaryObjective(objective: Objective): boolean {
  return objective === 'click' || objective === 'conversion';
}

const Z_ALPHA = 1.959963984540054; // two-sided 5%
const Z_BETA = 0.8416212335729143; // 80% power

/**
 * Sample size per arm for a two-proportion test (two-sided α = 5%, power 80%) to detect a relative
 * lift `minimumDetectableEffect` over `baselineRate`, and the days the daily traffic needs when it is
 * split evenly over `arms` arms (plus the holdout share it loses). The always-valid figure uses the
 * normal-mixture confidence sequence the results use, solved numerically for the same power.
 */
export function testPlan(input: TestPlanInput, arms: number, holdoutFraction = 0): TestPlan {
  const p1 = input.baselineRate;
  const p2 = Math.min(p1 * (1 + input.minimumDetectableEffect), 0.999999);
  const delta = p2 - p1;
  const pBar = (p1 + p2) / 2;
  const numerator = Z_ALPHA * Math.sqrt(2 * pBar * (1 - pBar)) + Z_BETA * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
  const perArm = Math.ceil((numerator * numerator) / (delta * delta));
  const servedPerDay = input.dailyTraffic * (1 - holdoutFraction);
  const total = perArm * arms;
  const days = total / servedPerDay;
  // Always valid: the smallest n per arm at which the CS half-width for the difference is below
  // delta − z_β·sd (the same power, with the anytime boundary instead of z_α).
  const variance = p1 * (1 - p1) + p2 * (1 - p2);
  let n = perArm;
  for (let guard = 0; guard < 200; guard += 1) {
    const half = csRadius(variance, n);
    const sd = Math.sqrt(variance / n);
    if (half + Z_BETA * sd <= delta) break;
    n = Math.ceil(n * 1.1);
  }
  return {
    baselineRate: p1,
    minimumDetectableEffect: input.minimumDetectableEffect,
    dailyTraffic: input.dailyTraffic,
    sampleSizePerArm: perArm,
    totalSampleSize: total,
    expectedDays: round(days, 2),
    alwaysValidSampleSizePerArm: n,
    alwaysValidExpectedDays: round((n * arms) / servedPerDay, 2),
    method: 'two-proportion z-test (two-sided 5%, power 80%); always-valid: normal-mixture confidence sequence (Howard et al. 2021) tuned at n≈1000',
  };
}

/** The plan for a parsed config, or undefined when it gave no test-plan inputs. */
export function testPlanFor(config: Pick<ExperimentConfig, 'testPlan' | 'arms' | 'holdoutFraction'>): TestPlan | undefined {
  return config.testPlan ? testPlan(config.testPlan, config.arms.length, config.holdoutFraction) : undefined;
}

/**
 * Half-width of the two-sided normal-mixture confidence sequence (Howard, Ramdas, McAuliffe &
 * Sekhon 2021, eq. 14) for a mean of n observations with per-observation variance `variance`,
 * α = 5%, mixture tuned for n ≈ `tuneN` (ρ chosen as in their Proposition 3 approximation).
 */
export function csRadius(variance: number, n: number, alpha = 0.05, tuneN = 1000): number {
  if (n <= 0) return Infinity;
  const v = variance * n; // intrinsic time
  const rho = (variance * tuneN) / (2 * Math.log(1 / alpha) + Math.log(1 + 2 * Math.log(1 / alpha)));
  const radiusOfSum = Math.sqrt(2 * (v + rho) * Math.log(Math.sqrt((v + rho) / rho) / (alpha / 2)));
  return radiusOfSum / n;
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}
