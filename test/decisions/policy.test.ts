import fc from 'fast-check';
import {
  ExperimentConfigSchema,
  choose,
  coldStartFeatures,
  emptyLearningState,
  featuresOf,
  foldLearningState,
  isHeldOut,
  newExperiment,
  prepareLearning,
  probabilityOfBest,
  type LearningEvent,
  type PolicyType,
} from '../../shared/decisions';
import { DISAGREE, experimentFor, simulate } from '../../bench/decisions/simulator';

const NOW = '2026-01-01T00:00:00.000Z';
const experimentOf = (armCount: number, policy: PolicyType, floor: number, holdoutFraction = 0, controlArmId?: string) =>
  newExperiment(
    'exp-1',
    ExperimentConfigSchema.parse({ arms: Array.from({ length: armCount }, (_, i) => ({ armId: `a${i}` })), policy, minExplorationProbability: floor, holdoutFraction, ...(controlArmId ? { controlArmId } : {}) }),
    NOW,
  );

/** A learning state in which arm a_i has been served n_i times with s_i successes, with random features. */
const learnt = fc
  .array(fc.record({ n: fc.integer({ min: 0, max: 300 }), rate: fc.double({ min: 0, max: 1, noNaN: true }) }), { minLength: 2, maxLength: 12 })
  .map((arms) => {
    const events: LearningEvent[] = [];
    arms.forEach(({ n, rate }, a) => {
      for (let k = 0; k < n; k += 1) {
        const features = featuresOf({ segments: [k % 3 === 0 ? 'loyal-buyer' : 'new-user'] }).logged;
        const base = { armId: `a${a}`, propensity: 0.5, holdout: false, personalised: true, features };
        events.push({ kind: 'decision', ...base });
        if (k < n * rate) events.push({ kind: 'reward', ...base, previousReward: 0, delta: 1 });
      }
    });
    return { armCount: arms.length, state: foldLearningState(emptyLearningState('exp-1'), events) };
  });

describe('policies: exact propensities', () => {
  it('probabilities sum to 1, every arm gets the floor, and the propensity is the served arm\'s entry', () => {
    fc.assert(
      fc.property(learnt, fc.constantFrom<PolicyType>('ab', 'bandit', 'contextual'), fc.oneof(fc.constant(0), fc.double({ min: 1e-4, max: 1, noNaN: true })), fc.string(), fc.boolean(), ({ armCount, state }, policy, floorShare, seed, allowed) => {
        // A floor is 0 or at least 1e-6 (a smaller one cannot be stored).
        const floor = (floorShare / armCount) * 0.999;
        const experiment = experimentOf(armCount, policy, floor);
        const learning = prepareLearning(state, experiment.objective);
        const choice = choose({ experiment, pseudonym: 'p-1', features: featuresOf({ segments: ['loyal-buyer'] }), personalisedMarketingAllowed: allowed, learning, seed });
        const total = choice.actions.reduce((sum, a) => sum + a.p, 0);
        expect(total).toBeCloseTo(1, 9);
        if (policy !== 'ab') for (const action of choice.actions) expect(action.p).toBeGreaterThanOrEqual(floor - 1e-12);
        const served = choice.actions.find((a) => a.armId === choice.armId);
        expect(served?.p).toBe(choice.propensity);
        expect(choice.propensity).toBeGreaterThan(0);
        expect(choice.propensity).toBeLessThanOrEqual(1);
      }),
      { numRuns: 100 },
    );
  });

  it('draws arms with the frequencies of the vector it logs', () => {
    const experiment = experimentOf(3, 'bandit', 0.1);
    const learning = prepareLearning(undefined, experiment.objective);
    const counts = new Map<string, number>();
    let expected: { armId: string; p: number }[] = [];
    for (let i = 0; i < 6000; i += 1) {
      const choice = choose({ experiment, pseudonym: `u${i}`, features: coldStartFeatures(), personalisedMarketingAllowed: true, learning, seed: `d${i}` });
      counts.set(choice.armId as string, (counts.get(choice.armId as string) ?? 0) + 1);
      expected = [...choice.actions];
    }
    for (const { armId, p } of expected) expect((counts.get(armId) ?? 0) / 6000).toBeCloseTo(p, 1);
  });

  it('is a pure function of the decision seed', () => {
    const experiment = experimentOf(5, 'contextual', 0.02);
    const input = { experiment, pseudonym: 'p', features: featuresOf({ segments: ['lapsed'] }), personalisedMarketingAllowed: true, seed: 'dec-123' };
    expect(choose(input)).toEqual(choose(input));
  });
});

describe('sticky assignment and holdout', () => {
  it('gives a user the same ab arm and the same holdout membership on every decision', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string(), fc.string(), fc.integer({ min: 2, max: 50 }), (pseudonym, seedA, seedB, armCount) => {
        const experiment = experimentOf(armCount, 'ab', 0, 0.2, 'a0');
        const first = choose({ experiment, pseudonym, features: coldStartFeatures(), personalisedMarketingAllowed: true, seed: seedA });
        const second = choose({ experiment, pseudonym, features: coldStartFeatures(), personalisedMarketingAllowed: false, seed: seedB });
        expect(second.armId).toBe(first.armId);
        expect(second.holdout).toBe(first.holdout);
        if (first.holdout) expect(first).toMatchObject({ armId: 'a0', propensity: 1, policy: 'holdout' });
      }),
      { numRuns: 300 },
    );
  });

  it('holds out about the configured share, independently of the ab split', () => {
    const experiment = experimentOf(2, 'ab', 0, 0.2);
    let held = 0;
    const armsOfKept = new Map<string, number>();
    for (let i = 0; i < 5000; i += 1) {
      const choice = choose({ experiment, pseudonym: `user-${i}`, features: coldStartFeatures(), personalisedMarketingAllowed: true, seed: 's' });
      if (choice.holdout) {
        held += 1;
        expect(choice.armId).toBeNull();
      } else armsOfKept.set(choice.armId as string, (armsOfKept.get(choice.armId as string) ?? 0) + 1);
    }
    expect(held / 5000).toBeCloseTo(0.2, 1);
    expect((armsOfKept.get('a0') ?? 0) / (5000 - held)).toBeCloseTo(0.5, 1);
    expect(isHeldOut('exp-1', 'user-1', 0)).toBe(false);
  });

  it('follows a weighted split', () => {
    const experiment = newExperiment('w', ExperimentConfigSchema.parse({ arms: [{ armId: 'x' }, { armId: 'y' }], policy: { type: 'ab', split: [{ armId: 'x', weight: 9 }, { armId: 'y', weight: 1 }] } }), NOW);
    let x = 0;
    for (let i = 0; i < 4000; i += 1) {
      const choice = choose({ experiment, pseudonym: `u${i}`, features: coldStartFeatures(), personalisedMarketingAllowed: true, seed: 's' });
      if (choice.armId === 'x') {
        x += 1;
        expect(choice.propensity).toBeCloseTo(0.9, 12);
      }
    }
    expect(x / 4000).toBeCloseTo(0.9, 1);
  });
});

describe('consent', () => {
  it('a refused user gets the context-free vector, no features logged, whatever their profile', () => {
    const experiment = experimentFor(DISAGREE, 'contextual');
    const { state } = simulate(DISAGREE, 'contextual', 7, { decisions: 3000, batch: 500 });
    const learning = prepareLearning(state, experiment.objective);
    const refusedA = choose({ experiment, pseudonym: 'p', features: featuresOf({ segments: ['price-sensitive'] }), personalisedMarketingAllowed: false, learning, seed: 's' });
    const refusedB = choose({ experiment, pseudonym: 'p', features: featuresOf({ segments: ['high-spender'] }), personalisedMarketingAllowed: false, learning, seed: 's' });
    expect(refusedA.personalised).toBe(false);
    expect(refusedA.features.logged).toEqual([]);
    expect(refusedA.actions).toEqual(refusedB.actions);
    const allowedA = choose({ experiment, pseudonym: 'p', features: featuresOf({ segments: ['price-sensitive'] }), personalisedMarketingAllowed: true, learning, seed: 's' });
    const allowedB = choose({ experiment, pseudonym: 'p', features: featuresOf({ segments: ['high-spender'] }), personalisedMarketingAllowed: true, learning, seed: 's' });
    expect(allowedA.actions).not.toEqual(allowedB.actions);
  });
});

describe('learning', () => {
  it('a clearly better arm wins in the segment where it is better', () => {
    // DISAGREE: 'discount' is best for price-sensitive users, 'premium' for high spenders.
    const { state } = simulate(DISAGREE, 'contextual', 11, { decisions: 12_000, batch: 500 });
    const named = experimentFor(DISAGREE, 'contextual');
    const learning = prepareLearning(state, named.objective);
    const probabilityFor = (segment: string, armId: string) => {
      const choice = choose({ experiment: named, pseudonym: 'p', features: featuresOf({ segments: [segment] }), personalisedMarketingAllowed: true, learning, seed: 's' });
      return choice.actions.find((a) => a.armId === armId)?.p ?? 0;
    };
    expect(probabilityFor('price-sensitive', 'discount')).toBeGreaterThan(0.6);
    expect(probabilityFor('high-spender', 'premium')).toBeGreaterThan(0.6);
    expect(probabilityFor('high-spender', 'discount')).toBeLessThan(0.2);
  });

  it('the context-free bandit moves traffic to the better arm', () => {
    const experiment = experimentOf(2, 'bandit', 0.01);
    const events: LearningEvent[] = [];
    for (let i = 0; i < 1000; i += 1) {
      for (const [armId, rate] of [['a0', 0.02], ['a1', 0.08]] as const) {
        const base = { armId, propensity: 0.5, holdout: false, personalised: true, features: [] };
        events.push({ kind: 'decision', ...base });
        if (i < 1000 * rate) events.push({ kind: 'reward', ...base, previousReward: 0, delta: 1 });
      }
    }
    const learning = prepareLearning(foldLearningState(emptyLearningState('exp-1'), events), experiment.objective);
    const choice = choose({ experiment, pseudonym: 'p', features: coldStartFeatures(), personalisedMarketingAllowed: true, learning, seed: 's' });
    expect(choice.actions[1]?.p).toBeGreaterThan(0.98);
    expect(choice.actions[0]?.p).toBeCloseTo(0.01, 3);
  });
});

describe('probability of being best', () => {
  it.each([
    [[0, 0], [1, 1], [0.5, 0.5]],
    [[0, 0, 0], [1, 1, 1], [1 / 3, 1 / 3, 1 / 3]],
    [[1, 0], [0.001, 0.001], [1, 0]],
  ])('means %j sds %j → %j', (means, sds, expected) => {
    const p = probabilityOfBest(means, sds);
    expected.forEach((value, i) => expect(p[i]).toBeCloseTo(value, 3));
  });

  it('matches a Monte Carlo estimate for unequal normals', () => {
    const means = [0.05, 0.06, 0.055];
    const sds = [0.01, 0.02, 0.005];
    const p = probabilityOfBest(means, sds);
    let seed = 3;
    const uniform = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
    const normal = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
    const wins = [0, 0, 0];
    for (let t = 0; t < 100_000; t += 1) {
      const draws = means.map((m, i) => m + (sds[i] as number) * normal());
      wins[draws.indexOf(Math.max(...draws))]! += 1;
    }
    wins.forEach((w, i) => expect(p[i]).toBeCloseTo(w / 100_000, 2));
  });
});
