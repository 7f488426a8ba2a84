import fc from 'fast-check';
import {
  FEATURE_DIMENSION,
  INITIAL_REWARD_STATE,
  coldStartFeatures,
  deserialiseLearningState,
  emptyLearningState,
  featuresOf,
  foldLearningState,
  rewardDelta,
  serialiseLearningState,
  type LearningEvent,
  type Objective,
} from '../../shared/decisions';

describe('features', () => {
  it('gives an unknown user the bias alone', () => {
    expect(featuresOf(undefined)).toMatchObject({ indices: [0], values: [1] });
    expect(coldStartFeatures().indices).toEqual([0]);
  });

  it('reads segments, tier, interests, device and part of day into bounded slots', () => {
    const vector = featuresOf(
      {
        segments: ['loyal-buyer', 'high-spender'],
        spending: { tier: 'premium' },
        interests: { shortTerm: { categories: [{ key: 'shoes', score: 4 }, { key: 'bags', score: 2 }] }, longTerm: { categories: [{ key: 'books', score: 1 }] } },
        context: { devices: { mobile: 5, desktop: 1 }, hourOfDay: Array.from({ length: 24 }, (_, h) => (h === 20 ? 9 : 0)) },
      },
      { page: 'home', logged_in: true, basket: 120 },
    );
    expect(vector.logged.length).toBe(1 + 2 + 1 + 2 + 1 + 1 + 1 + 3);
    expect(vector.indices.every((i) => i >= 0 && i < FEATURE_DIMENSION)).toBe(true);
    expect(vector.values.every((v) => Number.isFinite(v) && Math.abs(v) <= 20)).toBe(true);
    expect(vector.logged.find((f) => f.v === 0.5)).toBeDefined(); // 'bags' at half the top short-term score
  });

  it('lets the request context override device and hour', () => {
    const profile = { context: { devices: { mobile: 5 } } };
    expect(featuresOf(profile, { device: 'tv' })).not.toEqual(featuresOf(profile));
    expect(featuresOf(profile, { device: 'mobile' })).toEqual(featuresOf(profile));
  });

  it('stays bounded for any context', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9_]{0,5}$/), fc.oneof(fc.string({ minLength: 1, maxLength: 64 }), fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.boolean()), { maxKeys: 8 }), (context) => {
        const vector = featuresOf(undefined, context);
        expect(vector.indices.every((i) => i < FEATURE_DIMENSION)).toBe(true);
        expect(vector.values.every((v) => Number.isFinite(v))).toBe(true);
      }),
    );
  });
});

describe('rewards', () => {
  const weighted: Objective = { type: 'weighted', weights: [{ event: 'ad_click', weight: 1 }, { event: 'add_to_cart', weight: 2 }, { event: 'purchase', weight: 10 }] };
  const run = (objective: Objective, outcomes: { event: string; value?: number }[]) => {
    let state = INITIAL_REWARD_STATE;
    const deltas: number[] = [];
    for (const outcome of outcomes) {
      const result = rewardDelta(objective, state, outcome);
      deltas.push(result.delta);
      state = result.state;
    }
    return { deltas, reward: state.reward };
  };
  it.each([
    ['click: first click counts once', 'click' as Objective, [{ event: 'ad_click' }, { event: 'ad_click' }, { event: 'purchase' }], [1, 0, 0], 1],
    ['conversion: purchases only', 'conversion' as Objective, [{ event: 'ad_click' }, { event: 'purchase' }, { event: 'purchase' }], [0, 1, 0], 1],
    ['revenue: sums values of purchases', 'revenue' as Objective, [{ event: 'purchase', value: 20 }, { event: 'ad_click', value: 5 }, { event: 'purchase', value: 5.5 }], [20, 0, 5.5], 25.5],
    ['weighted: each event type once', weighted, [{ event: 'ad_click' }, { event: 'add_to_cart' }, { event: 'ad_click' }, { event: 'purchase' }, { event: 'page_view' }], [1, 2, 0, 10, 0], 13],
  ])('%s', (_name, objective, outcomes, deltas, reward) => {
    expect(run(objective, outcomes)).toEqual({ deltas, reward });
  });
});

const eventArb: fc.Arbitrary<LearningEvent> = fc.oneof(
  fc.record({
    kind: fc.constant('decision' as const),
    armId: fc.constantFrom('a', 'b', null),
    propensity: fc.double({ min: 0.01, max: 1, noNaN: true }),
    holdout: fc.boolean(),
    personalised: fc.boolean(),
    features: fc.array(fc.record({ i: fc.integer({ min: 0, max: FEATURE_DIMENSION - 1 }), v: fc.integer({ min: -3, max: 3 }) }), { maxLength: 5 }),
  }),
  fc.record({
    kind: fc.constant('reward' as const),
    armId: fc.constantFrom('a', 'b'),
    propensity: fc.double({ min: 0.01, max: 1, noNaN: true }),
    holdout: fc.boolean(),
    personalised: fc.boolean(),
    features: fc.array(fc.record({ i: fc.integer({ min: 0, max: FEATURE_DIMENSION - 1 }), v: fc.integer({ min: -3, max: 3 }) }), { maxLength: 5 }),
    previousReward: fc.integer({ min: 0, max: 5 }),
    delta: fc.integer({ min: -2, max: 10 }),
  }),
  fc.record({ kind: fc.constant('late' as const), armId: fc.constantFrom('a', null), holdout: fc.boolean(), personalised: fc.boolean() }),
);

describe('learning state', () => {
  it('folds a batch in any order and in any split into batches to the same statistics', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 40 }), fc.nat(), (events, cut) => {
        const whole = foldLearningState(emptyLearningState('e'), events);
        const k = events.length === 0 ? 0 : cut % events.length;
        const split = foldLearningState(foldLearningState(emptyLearningState('e'), events.slice(k)), events.slice(0, k));
        const a = serialiseLearningState(whole);
        const b = serialiseLearningState(split);
        for (const cohort of ['personalised', 'nonPersonalised', 'holdout'] as const) {
          const byArm = (list: typeof a.cohorts.personalised) => new Map(list.map((s) => [s.armId, s]));
          const left = byArm(a.cohorts[cohort]);
          const right = byArm(b.cohorts[cohort]);
          expect([...left.keys()].sort()).toEqual([...right.keys()].sort());
          for (const [armId, stats] of left) for (const [field, value] of Object.entries(stats)) if (typeof value === 'number') expect(right.get(armId)?.[field as keyof typeof stats]).toBeCloseTo(value, 6);
        }
      }),
    );
  });

  it('counts versions, never mutates its input, and round-trips through its stored form', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 30 }), (events) => {
        const empty = emptyLearningState('e');
        const before = JSON.stringify(serialiseLearningState(empty));
        const state = foldLearningState(empty, events);
        expect(JSON.stringify(serialiseLearningState(empty))).toBe(before);
        expect(state.version).toBe(1);
        const stored = JSON.parse(JSON.stringify(serialiseLearningState(state)));
        expect(serialiseLearningState(deserialiseLearningState(stored))).toEqual(serialiseLearningState(state));
      }),
    );
  });

  it('a reward that arrives later corrects its exposure exactly: Σr² uses the decision\'s running reward', () => {
    const base = { armId: 'a', propensity: 0.25, holdout: false, personalised: true, features: [{ i: 0, v: 1 }] } as const;
    const state = foldLearningState(emptyLearningState('e'), [
      { kind: 'decision', ...base },
      { kind: 'reward', ...base, previousReward: 0, delta: 2 },
      { kind: 'reward', ...base, previousReward: 2, delta: 10 },
    ]);
    const stats = state.cohorts.personalised.get('a');
    expect(stats).toMatchObject({ decisions: 1, outcomes: 1, rewardSum: 12, rewardSumSq: 144, sumW: 4, sumWR: 48, sumW2R2: 16 * 144 });
    expect(state.model.get('a')?.b[0]).toBe(12);
    expect(state.model.get('a')?.sumR2).toBe(144);
  });

  it('trains the model only on personalised, served decisions', () => {
    const state = foldLearningState(emptyLearningState('e'), [
      { kind: 'decision', armId: 'a', propensity: 1, holdout: true, personalised: true, features: [] },
      { kind: 'decision', armId: 'a', propensity: 1, holdout: false, personalised: false, features: [] },
    ]);
    expect(state.model.size).toBe(0);
    expect(state.cohorts.holdout.get('a')?.decisions).toBe(1);
    expect(state.cohorts.nonPersonalised.get('a')?.decisions).toBe(1);
  });

  it('stores 50 arms in well under a DynamoDB item (400 KB)', () => {
    const events: LearningEvent[] = Array.from({ length: 50 }, (_, a) => ({ kind: 'decision' as const, armId: `arm-${a}`, propensity: 0.02, holdout: false, personalised: true, features: featuresOf({ segments: ['x'] }).logged }));
    const size = Buffer.byteLength(JSON.stringify(serialiseLearningState(foldLearningState(emptyLearningState('e'), events))));
    expect(size).toBeLessThan(250_000);
  });
});
