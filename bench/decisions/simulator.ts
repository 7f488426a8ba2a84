/**
 * A simulator of shoppers with profile segments whose click rates differ by arm and segment, and the
 * policies the learning benchmark compares. Every policy runs through the same loop the service runs:
 * decide with the cached learning state, log, fold the batch's decisions and rewards once, refresh.
 */
import { createRng, seedFromKey, type Rng } from '../../shared/budget/random';
import {
  ExperimentConfigSchema,
  choose,
  emptyLearningState,
  featuresOf,
  foldLearningState,
  newExperiment,
  prepareLearning,
  type Experiment,
  type FeatureSource,
  type LearningEvent,
  type LearningState,
  type PolicyType,
} from '../../shared/decisions';

export interface Scenario {
  readonly name: string;
  readonly segments: readonly string[];
  /** Share of users in each segment. */
  readonly shares: readonly number[];
  readonly arms: readonly string[];
  /** rates[segment][arm]: click probability. */
  readonly rates: readonly (readonly number[])[];
}

/** Four segments, four offers; each segment's best offer is a different one (segments disagree). */
export const DISAGREE: Scenario = {
  name: 'segments disagree',
  segments: ['price-sensitive', 'high-spender', 'video-engaged', 'new-user'],
  shares: [0.3, 0.25, 0.25, 0.2],
  arms: ['discount', 'premium', 'video', 'welcome'],
  rates: [
    [0.08, 0.02, 0.03, 0.04],
    [0.02, 0.07, 0.03, 0.03],
    [0.03, 0.03, 0.07, 0.02],
    [0.04, 0.02, 0.02, 0.08],
  ],
};

/** The same segments, but one offer is best for everyone (segments agree). */
export const AGREE: Scenario = {
  name: 'segments agree',
  segments: DISAGREE.segments,
  shares: DISAGREE.shares,
  arms: DISAGREE.arms,
  rates: [
    [0.07, 0.03, 0.03, 0.04],
    [0.06, 0.02, 0.03, 0.03],
    [0.08, 0.03, 0.04, 0.03],
    [0.06, 0.02, 0.02, 0.04],
  ],
};

const DEVICES = ['mobile', 'desktop', 'tablet'];
const CATEGORIES = ['shoes', 'bags', 'toys', 'books', 'garden', 'phones', 'beauty', 'sports'];

/** A simulated user: a segment, and profile noise (device, interests, tier) that does not move rates. */
export function simulatedUser(scenario: Scenario, rng: Rng): { segment: number; profile: FeatureSource } {
  let u = rng.uniform();
  let segment = 0;
  for (; segment < scenario.shares.length - 1; segment += 1) {
    u -= scenario.shares[segment] as number;
    if (u < 0) break;
  }
  const device = DEVICES[Math.floor(rng.uniform() * DEVICES.length)] as string;
  const a = CATEGORIES[Math.floor(rng.uniform() * CATEGORIES.length)] as string;
  const b = CATEGORIES[Math.floor(rng.uniform() * CATEGORIES.length)] as string;
  const profile: FeatureSource = {
    segments: [scenario.segments[segment] as string],
    interests: { shortTerm: { categories: [{ key: a, score: 2 }] }, longTerm: { categories: [{ key: b, score: 5 }] } },
    context: { devices: { [device]: 3 } },
  };
  return { segment, profile };
}

export type SimPolicy = 'uniform' | 'epsilon-greedy' | 'thompson' | 'contextual';

export interface SimOptions {
  readonly decisions: number;
  /** Decisions between folds (the consumer's batch and the decision function's cache refresh). */
  readonly batch: number;
  readonly epsilon?: number;
}

export function experimentFor(scenario: Scenario, policy: PolicyType): Experiment {
  return newExperiment(
    'sim',
    ExperimentConfigSchema.parse({ arms: scenario.arms.map((armId) => ({ armId })), policy, objective: 'click', minExplorationProbability: 0.01 }),
    '2026-01-01T00:00:00.000Z',
  );
}

/**
 * Runs one policy for `decisions` decisions on one seed. Users and their click draws come from
 * streams seeded by the seed alone, so every policy meets the same users in the same order.
 */
export function simulate(scenario: Scenario, policy: SimPolicy, seed: number, options: SimOptions): { clicks: number; bestPossible: number; servedBest: number; state: LearningState } {
  const users = createRng(seedFromKey(`users|${seed}`));
  const outcomes = createRng(seedFromKey(`clicks|${seed}`));
  const own = createRng(seedFromKey(`policy|${policy}|${seed}`));
  const experiment = experimentFor(scenario, policy === 'contextual' ? 'contextual' : 'bandit');
  let state = emptyLearningState('sim');
  let learning = prepareLearning(state, experiment.objective);
  let events: LearningEvent[] = [];
  const k = scenario.arms.length;
  const plays = new Float64Array(k);
  const wins = new Float64Array(k);
  let clicks = 0;
  let bestPossible = 0;
  let servedBest = 0;
  for (let t = 0; t < options.decisions; t += 1) {
    const { segment, profile } = simulatedUser(scenario, users);
    const rates = scenario.rates[segment] as readonly number[];
    const clickDraw = outcomes.uniform();
    let arm: number;
    let propensity: number;
    let features: { i: number; v: number }[] = [];
    if (policy === 'uniform') {
      arm = Math.floor(own.uniform() * k);
      propensity = 1 / k;
    } else if (policy === 'epsilon-greedy') {
      const epsilon = options.epsilon ?? 0.1;
      let greedy = 0;
      for (let a = 1; a < k; a += 1) if ((wins[a] as number) / Math.max(plays[a] as number, 1) > (wins[greedy] as number) / Math.max(plays[greedy] as number, 1)) greedy = a;
      arm = own.uniform() < epsilon ? Math.floor(own.uniform() * k) : greedy;
      propensity = epsilon / k + (arm === greedy ? 1 - epsilon : 0);
    } else {
      const vector = featuresOf(profile, { hour: Math.floor(own.uniform() * 24) });
      const choice = choose({ experiment, pseudonym: `u${t}`, features: vector, personalisedMarketingAllowed: true, learning, seed: `${seed}|${t}` });
      arm = scenario.arms.indexOf(choice.armId as string);
      propensity = choice.propensity;
      features = vector.logged.map((f) => ({ i: f.i, v: f.v }));
    }
    const clicked = clickDraw < (rates[arm] as number);
    bestPossible += Math.max(...rates);
    if ((rates[arm] as number) === Math.max(...rates)) servedBest += 1;
    if (clicked) clicks += 1;
    plays[arm] = (plays[arm] as number) + 1;
    if (clicked) wins[arm] = (wins[arm] as number) + 1;
    if (policy === 'thompson' || policy === 'contextual') {
      const base = { armId: scenario.arms[arm] as string, propensity, holdout: false, personalised: true, features };
      events.push({ kind: 'decision', ...base });
      if (clicked) events.push({ kind: 'reward', ...base, previousReward: 0, delta: 1 });
      if (events.length >= options.batch || t === options.decisions - 1) {
        state = foldLearningState(state, events);
        learning = prepareLearning(state, experiment.objective);
        events = [];
      }
    }
  }
  return { clicks, bestPossible, servedBest: servedBest / options.decisions, state };
}
