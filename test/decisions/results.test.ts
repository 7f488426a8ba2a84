import {
  ExperimentConfigSchema,
  computeResults,
  emptyLearningState,
  foldLearningState,
  meanSequence,
  newExperiment,
  type ExperimentConfigInput,
  type LearningEvent,
} from '../../shared/decisions';
import { createRng } from '../../shared/budget/random';

const NOW = '2026-01-01T00:00:00.000Z';
const experimentOf = (input: Partial<ExperimentConfigInput> = {}) =>
  newExperiment('exp', ExperimentConfigSchema.parse({ arms: [{ armId: 'control' }, { armId: 'treat' }], controlArmId: 'control', ...input }), NOW);

/** Decisions with Bernoulli rewards at the given rates; `counts` per arm; propensity as given. */
function eventsFor(rates: Record<string, number>, counts: Record<string, number>, seed = 1, flags = { holdout: false, personalised: true }, propensity = 0.5): LearningEvent[] {
  const rng = createRng(seed);
  const events: LearningEvent[] = [];
  for (const [armId, n] of Object.entries(counts)) {
    for (let i = 0; i < n; i += 1) {
      const base = { armId, propensity, ...flags, features: [] };
      events.push({ kind: 'decision', ...base });
      if (rng.uniform() < (rates[armId] ?? 0)) events.push({ kind: 'reward', ...base, previousReward: 0, delta: 1 });
    }
  }
  return events;
}

describe('always-valid intervals', () => {
  it('cover the true rate at every look of a stream, in at least 95% of streams (here: all but a few of 200)', () => {
    let misses = 0;
    for (let stream = 0; stream < 200; stream += 1) {
      const rng = createRng(1000 + stream);
      let n = 0;
      let sum = 0;
      let missed = false;
      for (let t = 0; t < 2000; t += 1) {
        const r = rng.uniform() < 0.1 ? 1 : 0;
        n += 1;
        sum += r;
        if (n % 50 === 0) {
          const { interval } = meanSequence({ decisions: n, rewardSum: sum, rewardSumSq: sum }, true);
          if (interval.lower > 0.1 || interval.upper < 0.1) missed = true;
        }
      }
      if (missed) misses += 1;
    }
    expect(misses / 200).toBeLessThanOrEqual(0.05);
  });

  it('narrow as data grows', () => {
    const at = (n: number) => meanSequence({ decisions: n, rewardSum: n * 0.1, rewardSumSq: n * 0.1 }, true).interval;
    const small = at(1000);
    const large = at(100_000);
    expect(large.upper - large.lower).toBeLessThan((small.upper - small.lower) / 5);
  });
});

describe('experiment results', () => {
  it('declares a clear winner with its reason, and the lift against control', () => {
    const experiment = experimentOf({ policy: 'ab' });
    const state = foldLearningState(emptyLearningState('exp'), eventsFor({ control: 0.05, treat: 0.1 }, { control: 8000, treat: 8000 }));
    const results = computeResults(experiment, state);
    expect(results.status).toBe('winner');
    expect(results.winner).toBe('treat');
    expect(results.reason).toMatch(/treat/);
    const treat = results.arms.find((a) => a.armId === 'treat');
    expect(treat?.liftVsControl?.value).toBeGreaterThan(0.6);
    expect(treat?.liftVsControl?.interval.lower).toBeGreaterThan(0);
    expect(treat?.probabilityBest).toBeGreaterThan(0.99);
    expect(results.sampleRatio?.mismatch).toBe(false);
  });

  it('keeps collecting with few decisions, and says why', () => {
    const results = computeResults(experimentOf({ policy: 'ab' }), foldLearningState(emptyLearningState('exp'), eventsFor({ control: 0.05, treat: 0.5 }, { control: 20, treat: 20 })));
    expect(results.status).toBe('collecting');
    expect(results.reason).toMatch(/fewer than 100 decisions/);
  });

  it('calls no detectable difference when identical arms are measured precisely', () => {
    const experiment = experimentOf({ policy: 'ab', testPlan: { baselineRate: 0.5, minimumDetectableEffect: 0.2, dailyTraffic: 1000 } });
    const state = foldLearningState(emptyLearningState('exp'), eventsFor({ control: 0.5, treat: 0.5 }, { control: 30_000, treat: 30_000 }));
    expect(computeResults(experiment, state).status).toBe('no-detectable-difference');
  });

  it('flags a sample ratio mismatch and withholds the winner', () => {
    const experiment = experimentOf({ policy: 'ab' });
    const state = foldLearningState(emptyLearningState('exp'), eventsFor({ control: 0.05, treat: 0.1 }, { control: 5000, treat: 8000 }));
    const results = computeResults(experiment, state);
    expect(results.sampleRatio?.mismatch).toBe(true);
    expect(results.status).toBe('collecting');
    expect(results.winner).toBeUndefined();
    expect(results.notes.join(' ')).toMatch(/sample ratio mismatch/);
  });

  it('measures incrementality against the holdout and counts refused users apart', () => {
    const experiment = experimentOf({ policy: 'bandit', holdoutFraction: 0.1 });
    const events = [
      ...eventsFor({ control: 0.05, treat: 0.1 }, { control: 3000, treat: 3000 }),
      ...eventsFor({ control: 0.05 }, { control: 2000 }, 2, { holdout: true, personalised: true }, 1),
      ...eventsFor({ control: 0.05, treat: 0.1 }, { control: 100, treat: 50 }, 3, { holdout: false, personalised: false }),
    ];
    const results = computeResults(experiment, foldLearningState(emptyLearningState('exp'), events));
    expect(results.holdout?.decisions).toBe(2000);
    expect(results.served.liftVsHoldout?.value).toBeGreaterThan(0.2);
    expect(results.nonPersonalised.decisions).toBe(150);
    expect(results.arms.reduce((sum, arm) => sum + arm.decisions, 0)).toBe(6000);
  });

  it('for a bandit, reports the inverse-propensity arm value and names the estimator', () => {
    // The bandit served 'treat' with probability 0.9 and 'control' with 0.1: IPS recovers both rates.
    const events = [...eventsFor({ treat: 0.1 }, { treat: 9000 }, 4, { holdout: false, personalised: true }, 0.9), ...eventsFor({ control: 0.05 }, { control: 1000 }, 5, { holdout: false, personalised: true }, 0.1)];
    const results = computeResults(experimentOf({ policy: 'bandit' }), foldLearningState(emptyLearningState('exp'), events));
    const control = results.arms.find((a) => a.armId === 'control');
    const treat = results.arms.find((a) => a.armId === 'treat');
    expect(control?.weighted?.estimator).toBe('ips');
    expect(control?.weighted?.value).toBeGreaterThan(0.03);
    expect(control?.weighted?.value).toBeLessThan(0.07);
    expect(treat?.weighted?.value).toBeGreaterThan(0.08);
    expect(treat?.weighted?.value).toBeLessThan(0.12);
    expect(results.notes.join(' ')).toMatch(/biased/);
  });
});
