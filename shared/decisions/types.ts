/**
 * The shapes the pure core exchanges with the service around it (not request bodies: those are zod
 * schemas in ./schemas.ts). Everything here is plain data, JSON-serialisable except where noted.
 */
import type { DecisionContext, EstimatorName, Interval, Objective, PolicyType } from './schemas';

/** A small hashed sparse vector: slot 0 is the bias (always 1); slots are < FEATURE_DIMENSION. */
export interface FeatureVector {
  /** Ascending, distinct slots. */
  readonly indices: readonly number[];
  readonly values: readonly number[];
  /** For the log: per entry the 32-bit hash of the feature's name (several names may share a slot). */
  readonly logged: readonly { readonly i: number; readonly h: number; readonly v: number }[];
}

/**
 * What the features read from a live profile: a structural subset of `ProfileView`
 * (shared/profiles/view.ts), so the service may pass the view itself.
 */
export interface FeatureSource {
  readonly segments?: readonly string[];
  readonly spending?: { readonly tier?: string };
  readonly interests?: {
    readonly shortTerm?: { readonly categories?: readonly { readonly key: string; readonly score: number }[] };
    readonly longTerm?: { readonly categories?: readonly { readonly key: string; readonly score: number }[] };
  };
  readonly context?: { readonly devices?: Readonly<Record<string, number>>; readonly hourOfDay?: readonly number[] };
}

/** Which population a decision belongs to; results count each apart. */
export type Cohort = 'personalised' | 'nonPersonalised' | 'holdout';

export function cohortOf(flags: { readonly holdout: boolean; readonly personalised: boolean }): Cohort {
  if (flags.holdout) return 'holdout';
  return flags.personalised ? 'personalised' : 'nonPersonalised';
}

/**
 * What the stream consumer folds into an experiment's learning state, once per batch:
 * - `decision`: a logged decision (an exposure of its arm);
 * - `reward`: an outcome joined within the window added `delta` to its decision's reward, which was
 *   `previousReward` before (so squared sums stay exact: (r+δ)² − r²);
 * - `late`: an outcome after the window (counted, never a reward).
 * `features` are the decision's logged features (`DecisionLogRecord.features`).
 */
export type LearningEvent =
  | {
      readonly kind: 'decision';
      readonly armId: string | null;
      readonly propensity: number;
      readonly holdout: boolean;
      readonly personalised: boolean;
      readonly features: readonly { readonly i: number; readonly v: number }[];
    }
  | {
      readonly kind: 'reward';
      readonly armId: string | null;
      readonly propensity: number;
      readonly holdout: boolean;
      readonly personalised: boolean;
      readonly features: readonly { readonly i: number; readonly v: number }[];
      readonly previousReward: number;
      readonly delta: number;
    }
  | { readonly kind: 'late'; readonly armId: string | null; readonly holdout: boolean; readonly personalised: boolean };

/** The reward bookkeeping a decision carries (the service stores it with the decision). */
export interface DecisionRewardState {
  /** The decision's reward so far (0 before any outcome). */
  readonly reward: number;
  /** Event types already counted (binary and weighted objectives count each type once). */
  readonly counted: readonly string[];
}

/** One policy choice, before the service adds ids and writes the log. */
export interface Choice {
  readonly armId: string | null;
  /** The served arm's entry in `actions` (1 for an empty holdout). */
  readonly propensity: number;
  /** Every arm with its probability, in arm order (sums to 1). */
  readonly actions: readonly { readonly armId: string; readonly p: number }[];
  readonly holdout: boolean;
  readonly personalised: boolean;
  readonly policy: PolicyType | 'holdout';
  readonly modelVersion: number;
  readonly features: FeatureVector;
}

export interface ArmResult {
  readonly armId: string;
  readonly isControl: boolean;
  readonly decisions: number;
  /** Decisions with at least one outcome inside the window. */
  readonly outcomes: number;
  readonly lateOutcomes: number;
  readonly rewardSum: number;
  /** The served mean (biased under a bandit: arms served more when they looked good). */
  readonly meanReward: number;
  /** Always-valid 95% interval (a confidence sequence): safe to look at any time. */
  readonly interval: Interval;
  readonly intervalMethod: string;
  readonly probabilityBest: number;
  /** Relative lift of the mean against the control arm (same cohort), with an always-valid interval. */
  readonly liftVsControl?: { readonly value: number; readonly interval: Interval };
  /** Relative lift against the holdout cohort (incrementality). */
  readonly liftVsHoldout?: { readonly value: number; readonly interval: Interval };
  /** Propensity-weighted estimate of the arm's value, with the estimator that produced it. */
  readonly weighted?: {
    readonly estimator: EstimatorName;
    readonly value: number;
    readonly interval: Interval;
    readonly intervalMethod: string;
    readonly effectiveSampleSize: number;
    /** The self-normalised (SNIPS) point estimate beside it: lower variance, slightly biased. */
    readonly selfNormalised: number;
  };
}

export interface ExperimentResults {
  readonly experimentId: string;
  readonly objective: Objective;
  readonly policy: PolicyType;
  readonly statsVersion: number;
  readonly modelVersion: number;
  readonly status: 'collecting' | 'winner' | 'no-detectable-difference';
  readonly winner?: string;
  readonly reason: string;
  /** Personalised decisions served by the experiment's policy. */
  readonly arms: readonly ArmResult[];
  /** Users who refused personalised marketing, served by the context-free policy, counted apart. */
  readonly nonPersonalised: { readonly decisions: number; readonly arms: readonly ArmResult[] };
  readonly holdout?: { readonly decisions: number; readonly outcomes: number; readonly meanReward: number; readonly interval: Interval };
  /** The policy as a whole (all personalised served decisions): on-policy mean, and its lift over the holdout. */
  readonly served: { readonly decisions: number; readonly meanReward: number; readonly interval: Interval; readonly liftVsHoldout?: { readonly value: number; readonly interval: Interval } };
  /** Sample-ratio-mismatch test (ab only): chi-square of served counts against the split. */
  readonly sampleRatio?: { readonly chiSquare: number; readonly degreesOfFreedom: number; readonly pValue: number; readonly mismatch: boolean };
  readonly notes: readonly string[];
}

export interface TestPlan {
  readonly baselineRate: number;
  readonly minimumDetectableEffect: number;
  readonly dailyTraffic: number;
  /** Per arm, for a two-sided 5% test at 80% power (fixed horizon). */
  readonly sampleSizePerArm: number;
  readonly totalSampleSize: number;
  readonly expectedDays: number;
  /** The same with the always-valid interval the results use (it needs more data than a fixed horizon). */
  readonly alwaysValidSampleSizePerArm: number;
  readonly alwaysValidExpectedDays: number;
  readonly method: string;
}

export type { DecisionContext };
