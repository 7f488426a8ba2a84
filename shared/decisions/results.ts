/**
 * Experiment results from the folded statistics alone (no log scan): per arm the served mean with an
 * always-valid 95% interval, the probability of being best, lifts against control and holdout, the
 * propensity-weighted arm value for adaptive policies, a sample-ratio-mismatch test for `ab`, and a
 * status with its reason.
 *
 * Always-valid intervals are confidence sequences: the normal-mixture boundary of Howard, Ramdas,
 * McAuliffe & Sekhon (2021), applied with the plug-in variance as in the asymptotic confidence
 * sequences of Waudby-Smith, Arbour, Sinha, Kennedy & Ramdas (2023), so the coverage holds at every
 * look at once (asymptotically). Comparisons use a union bound: each of the two intervals at 97.5 %.
 */
import { csRadius, isBinaryObjective } from './experiment';
import { addArmStats, emptyArmStats, NO_ARM, type ArmStats, type LearningState } from './learning';
import { chiSquareSurvival, probabilityOfBest } from './math';
import { abShares } from './policy';
import type { Experiment, Interval } from './schemas';
import type { ArmResult, ExperimentResults } from './types';

/** No verdict before every arm has this many decisions. */
export const MIN_DECISIONS_PER_ARM = 100;
/** SRM is flagged below this p-value (the usual strict threshold: SRM checks run continuously). */
export const SRM_P_VALUE = 0.001;

type ResultsExperiment = Pick<Experiment, 'experimentId' | 'arms' | 'policy' | 'objective' | 'controlArmId' | 'testPlan'>;

const round = (value: number, digits = 6) => (Number.isFinite(value) ? Number(value.toFixed(digits)) : value);
const roundInterval = (interval: Interval): Interval => ({ lower: round(interval.lower), upper: round(interval.upper) });

/** Always-valid interval of a mean from additive statistics; binary means are clipped to [0, 1]. */
export function meanSequence(stats: Pick<ArmStats, 'decisions' | 'rewardSum' | 'rewardSumSq'>, binary: boolean, alpha = 0.05): { mean: number; interval: Interval } {
  const n = stats.decisions;
  if (n === 0) return { mean: 0, interval: { lower: binary ? 0 : -Infinity, upper: binary ? 1 : Infinity } };
  const mean = stats.rewardSum / n;
  const sampleVariance = Math.max((stats.rewardSumSq - n * mean * mean) / Math.max(n - 1, 1), 0);
  // A variance floor keeps an arm with no successes yet from claiming a zero-width interval.
  const variance = binary ? Math.max(sampleVariance, 0.25 / (n + 1)) : Math.max(sampleVariance, 1e-12);
  const radius = csRadius(variance, n, alpha);
  const lower = mean - radius;
  const upper = mean + radius;
  return { mean, interval: binary ? { lower: Math.max(0, lower), upper: Math.min(1, upper) } : { lower, upper } };
}

/** Relative lift a/b − 1 with a union-bound interval from each mean's 97.5 % sequence. */
function relativeLift(a: ArmStats, b: ArmStats, binary: boolean): { value: number; interval: Interval } | undefined {
  if (a.decisions === 0 || b.decisions === 0) return undefined;
  const ma = meanSequence(a, binary, 0.025);
  const mb = meanSequence(b, binary, 0.025);
  if (!(mb.mean > 0)) return undefined;
  const value = ma.mean / mb.mean - 1;
  const lower = mb.interval.upper > 0 && ma.interval.lower >= 0 ? ma.interval.lower / mb.interval.upper - 1 : -Infinity;
  const upper = mb.interval.lower > 0 ? ma.interval.upper / mb.interval.lower - 1 : Infinity;
  return { value: round(value), interval: roundInterval({ lower, upper }) };
}

/**
 * Inverse-propensity estimate of an arm's value V(a) = E[r | a served to everyone]: (1/N)·Σ_{A=a} r/p
 * over the cohort's N decisions, with an asymptotic confidence sequence (the terms are martingale
 * differences because propensities are fixed before each draw), and the self-normalised estimate.
 */
export function weightedArmValue(stats: ArmStats, cohortDecisions: number, alpha = 0.05): ArmResult['weighted'] {
  if (cohortDecisions === 0 || stats.sumW === 0) return undefined;
  const n = cohortDecisions;
  const value = stats.sumWR / n;
  const variance = Math.max(stats.sumW2R2 / n - value * value, 1e-12);
  const radius = csRadius(variance, n, alpha);
  return {
    estimator: 'ips',
    value: round(value),
    interval: roundInterval({ lower: value - radius, upper: value + radius }),
    intervalMethod: 'asymptotic confidence sequence (normal mixture), always valid',
    effectiveSampleSize: round((stats.sumW * stats.sumW) / Math.max(stats.sumW2, 1e-300), 1),
    selfNormalised: round(stats.sumWR / stats.sumW),
  };
}

function posteriorBest(armStats: readonly ArmStats[], binary: boolean): Float64Array {
  const means = new Float64Array(armStats.length);
  const sds = new Float64Array(armStats.length);
  armStats.forEach((stats, i) => {
    if (binary) {
      const successes = Math.min(Math.max(stats.rewardSum, 0), stats.decisions);
      const a = 1 + successes;
      const b = 1 + stats.decisions - successes;
      means[i] = a / (a + b);
      sds[i] = Math.sqrt((a * b) / ((a + b) * (a + b) * (a + b + 1)));
    } else {
      const n = stats.decisions;
      const mean = n > 0 ? stats.rewardSum / n : 0;
      const variance = n > 1 ? Math.max((stats.rewardSumSq - n * mean * mean) / (n - 1), 1e-12) : 1;
      means[i] = mean;
      sds[i] = Math.sqrt(variance / Math.max(n, 1));
    }
  });
  return probabilityOfBest(means, sds);
}

function armResults(
  experiment: ResultsExperiment,
  cohort: ReadonlyMap<string, ArmStats>,
  holdout: ArmStats | undefined,
  binary: boolean,
  adaptive: boolean,
): ArmResult[] {
  const armIds = experiment.arms.map((arm) => arm.armId);
  const stats = armIds.map((armId) => cohort.get(armId) ?? emptyArmStats());
  const total = stats.reduce((sum, s) => sum + s.decisions, 0);
  const best = posteriorBest(stats, binary);
  const control = experiment.controlArmId ? cohort.get(experiment.controlArmId) : undefined;
  return armIds.map((armId, i) => {
    const s = stats[i] as ArmStats;
    const { mean, interval } = meanSequence(s, binary);
    const isControl = armId === experiment.controlArmId;
    const liftVsControl = !isControl && control ? relativeLift(s, control, binary) : undefined;
    const liftVsHoldout = holdout ? relativeLift(s, holdout, binary) : undefined;
    const weighted = adaptive ? weightedArmValue(s, total) : undefined;
    return {
      armId,
      isControl,
      decisions: s.decisions,
      outcomes: s.outcomes,
      lateOutcomes: s.late,
      rewardSum: round(s.rewardSum),
      meanReward: round(mean),
      interval: roundInterval(interval),
      intervalMethod: 'normal-mixture confidence sequence on the served mean, always valid',
      probabilityBest: round(best[i] as number, 4),
      ...(liftVsControl ? { liftVsControl } : {}),
      ...(liftVsHoldout ? { liftVsHoldout } : {}),
      ...(weighted ? { weighted } : {}),
    };
  });
}

/** The interval the verdict uses for an arm: the weighted value for adaptive policies, else the served mean (each at α/K). */
function verdictInterval(result: ArmResult, cohort: ReadonlyMap<string, ArmStats>, total: number, binary: boolean, adaptive: boolean, alpha: number): Interval {
  const stats = cohort.get(result.armId) ?? emptyArmStats();
  if (adaptive) return weightedArmValue(stats, total, alpha)?.interval ?? { lower: -Infinity, upper: Infinity };
  return meanSequence(stats, binary, alpha).interval;
}

/**
 * Results of an experiment from its learning state. Status:
 * - `winner`: one arm's interval (Bonferroni over the arms) lies above every other arm's;
 * - `no-detectable-difference`: every pair of intervals overlaps and every interval is narrower than
 *   the smallest effect worth detecting (the test plan's baseline × MDE, else 10 % of the pooled mean);
 * - `collecting` otherwise, with what is missing.
 */
export function computeResults(experiment: ResultsExperiment, state: LearningState | undefined): ExperimentResults {
  const binary = isBinaryObjective(experiment.objective);
  const adaptive = experiment.policy.type !== 'ab';
  const personalised = state?.cohorts.personalised ?? new Map<string, ArmStats>();
  const nonPersonalisedCohort = state?.cohorts.nonPersonalised ?? new Map<string, ArmStats>();
  const holdoutCohort = state?.cohorts.holdout ?? new Map<string, ArmStats>();
  const holdoutStats = holdoutCohort.size > 0 ? addArmStats(...holdoutCohort.values()) : undefined;
  const notes: string[] = [];

  const arms = armResults(experiment, personalised, holdoutStats, binary, adaptive);
  const nonPersonalisedArms = armResults(experiment, nonPersonalisedCohort, holdoutStats, binary, adaptive);
  const servedStats = addArmStats(...experiment.arms.map((arm) => personalised.get(arm.armId)));
  const served = meanSequence(servedStats, binary);
  const servedLift = holdoutStats ? relativeLift(servedStats, holdoutStats, binary) : undefined;

  let holdout: ExperimentResults['holdout'];
  if (holdoutStats) {
    const h = meanSequence(holdoutStats, binary);
    holdout = { decisions: holdoutStats.decisions, outcomes: holdoutStats.outcomes, meanReward: round(h.mean), interval: roundInterval(h.interval) };
    if (holdoutCohort.has(NO_ARM)) notes.push('holdout users without a control arm were shown nothing; their outcomes are the baseline.');
  }

  let sampleRatio: ExperimentResults['sampleRatio'];
  if (!adaptive) {
    const armIds = experiment.arms.map((arm) => arm.armId);
    const shares = abShares(armIds, experiment.policy);
    const counts = armIds.map((armId) => (personalised.get(armId)?.decisions ?? 0) + (nonPersonalisedCohort.get(armId)?.decisions ?? 0));
    const total = counts.reduce((a, b) => a + b, 0);
    let chiSquare = 0;
    let df = -1;
    counts.forEach((count, i) => {
      const expected = total * (shares[i] as number);
      if (expected > 0) {
        chiSquare += ((count - expected) * (count - expected)) / expected;
        df += 1;
      }
    });
    if (total > 0 && df > 0) {
      const pValue = chiSquareSurvival(chiSquare, df);
      sampleRatio = { chiSquare: round(chiSquare, 4), degreesOfFreedom: df, pValue: round(pValue, 8), mismatch: pValue < SRM_P_VALUE };
    }
  }

  const verdict = decide(experiment, arms, personalised, servedStats, binary, adaptive);
  if (sampleRatio?.mismatch) notes.push(`sample ratio mismatch (p = ${sampleRatio.pValue}): assignment or logging is broken; do not trust the comparison until it is explained.`);
  if (adaptive) {
    notes.push('served means under a bandit are biased (arms are served more while they look good); the verdict uses the inverse-propensity estimate (`weighted`, estimator ips) of each arm\'s value.');
  }
  notes.push('users who refused personalised marketing are counted apart (`nonPersonalised`) and are not in the verdict.');
  return {
    experimentId: experiment.experimentId,
    objective: experiment.objective,
    policy: experiment.policy.type,
    statsVersion: state?.version ?? 0,
    modelVersion: state?.version ?? 0,
    status: sampleRatio?.mismatch && verdict.status === 'winner' ? 'collecting' : verdict.status,
    ...(verdict.winner && !sampleRatio?.mismatch ? { winner: verdict.winner } : {}),
    reason: sampleRatio?.mismatch && verdict.status === 'winner' ? `a winner would be ${verdict.winner}, but the sample ratio mismatch must be explained first` : verdict.reason,
    arms,
    nonPersonalised: { decisions: nonPersonalisedArms.reduce((sum, arm) => sum + arm.decisions, 0), arms: nonPersonalisedArms },
    ...(holdout ? { holdout } : {}),
    served: { decisions: servedStats.decisions, meanReward: round(served.mean), interval: roundInterval(served.interval), ...(servedLift ? { liftVsHoldout: servedLift } : {}) },
    ...(sampleRatio ? { sampleRatio } : {}),
    notes,
  };
}

function decide(
  experiment: ResultsExperiment,
  arms: readonly ArmResult[],
  cohort: ReadonlyMap<string, ArmStats>,
  served: ArmStats,
  binary: boolean,
  adaptive: boolean,
): { status: ExperimentResults['status']; winner?: string; reason: string } {
  const short = arms.filter((arm) => arm.decisions < MIN_DECISIONS_PER_ARM);
  if (short.length > 0) {
    return { status: 'collecting', reason: `${short.length} arm(s) have fewer than ${MIN_DECISIONS_PER_ARM} decisions (${short.map((a) => a.armId).slice(0, 5).join(', ')})` };
  }
  const alpha = 0.05 / arms.length;
  const intervals = arms.map((arm) => verdictInterval(arm, cohort, served.decisions, binary, adaptive, alpha));
  for (let i = 0; i < arms.length; i += 1) {
    const lower = (intervals[i] as Interval).lower;
    if (intervals.every((other, j) => j === i || lower > other.upper)) {
      return { status: 'winner', winner: (arms[i] as ArmResult).armId, reason: `${(arms[i] as ArmResult).armId}'s always-valid interval lies above every other arm's (Bonferroni over ${arms.length} arms)` };
    }
  }
  const pooledMean = served.decisions > 0 ? served.rewardSum / served.decisions : 0;
  const threshold = experiment.testPlan ? experiment.testPlan.baselineRate * experiment.testPlan.minimumDetectableEffect : Math.abs(pooledMean) * 0.1;
  const widest = Math.max(...intervals.map((interval) => interval.upper - interval.lower));
  if (threshold > 0 && widest / 2 < threshold / 2) {
    return { status: 'no-detectable-difference', reason: `every arm is known to within ±${round(widest / 2, 6)}, under half the smallest effect worth detecting (${round(threshold, 6)}), and no arm is ahead of all others` };
  }
  return { status: 'collecting', reason: `no arm is ahead of all others yet; the widest interval is ±${round(widest / 2, 6)}, needed ±${round(threshold / 2, 6)} to call no difference` };
}
