import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRng } from '../../shared/budget/random';
import {
  ExperimentConfigSchema,
  choose,
  coldStartFeatures,
  decisionLogRecord,
  empiricalPolicy,
  BOOTSTRAP_WORK_BUDGET,
  bootstrapResamplesWithin,
  evaluateCandidate,
  evaluateOnObd,
  fixedItemPolicy,
  itemsOf,
  newExperiment,
  offPolicyEstimates,
  onPolicyValue,
  parseObdCsv,
  uniformPolicy,
  type MaturedDecision,
} from '../../shared/decisions';

describe('off-policy estimators', () => {
  it('estimate a fixed arm\'s value from uniform logs, with intervals of the right width', () => {
    const experiment = newExperiment('e', ExperimentConfigSchema.parse({ arms: [{ armId: 'a' }, { armId: 'b' }, { armId: 'c' }], policy: 'bandit', minExplorationProbability: 1 / 3 }), '2026-01-01T00:00:00.000Z');
    const rates: Record<string, number> = { a: 0.1, b: 0.3, c: 0.2 };
    const rng = createRng(9);
    const decisions: MaturedDecision[] = [];
    for (let i = 0; i < 6000; i += 1) {
      const choice = choose({ experiment, pseudonym: `u${i}`, features: coldStartFeatures(), personalisedMarketingAllowed: true, seed: `d${i}` });
      const record = decisionLogRecord({ choice, decisionId: `dec-${String(i).padStart(6, '0')}`, experiment, pseudonym: `u${i}`, at: new Date('2026-01-01T00:00:00Z') });
      decisions.push({ record, reward: rng.uniform() < (rates[choice.armId as string] ?? 0) ? 1 : 0 });
    }
    const response = evaluateCandidate(experiment, undefined, decisions, { policy: { type: 'fixed', armId: 'b' }, bootstrapResamples: 100 });
    expect(response.decisions).toBe(6000);
    for (const estimate of response.estimates) {
      expect(Math.abs(estimate.value - 0.3)).toBeLessThan(0.04);
      expect(estimate.interval.lower).toBeLessThan(estimate.value);
      expect(estimate.interval.upper - estimate.interval.lower).toBeGreaterThan(0.01);
      expect(estimate.interval.upper - estimate.interval.lower).toBeLessThan(0.1);
      expect(estimate.effectiveSampleSize).toBeGreaterThan(1500);
      expect(estimate.effectiveSampleSize).toBeLessThan(2500);
      expect(estimate.intervalMethod).toBe('bootstrap');
    }
    const uniform = evaluateCandidate(experiment, undefined, decisions, { policy: { type: 'uniform' }, bootstrapResamples: 0 });
    expect(uniform.estimates.find((e) => e.estimator === 'ips')?.value).toBeCloseTo(uniform.loggedValue, 2);
    expect(uniform.estimates[0]?.intervalMethod).toBe('analytic');
  });

  it('leave holdout decisions out and say so', () => {
    const experiment = newExperiment('e', ExperimentConfigSchema.parse({ arms: [{ armId: 'a' }, { armId: 'b' }], holdoutFraction: 0.5 }), '2026-01-01T00:00:00.000Z');
    const decisions = Array.from({ length: 200 }, (_, i) => {
      const choice = choose({ experiment, pseudonym: `u${i}`, features: coldStartFeatures(), personalisedMarketingAllowed: true, seed: `d${i}` });
      return { record: decisionLogRecord({ choice, decisionId: `dec-${String(i).padStart(6, '0')}`, experiment, pseudonym: `u${i}`, at: new Date() }), reward: 0 };
    });
    const response = evaluateCandidate(experiment, undefined, decisions, { policy: { type: 'uniform' }, bootstrapResamples: 0 });
    expect(response.decisions).toBeLessThan(200);
    expect(response.notes.join(' ')).toMatch(/holdout/);
  });

  it('DR is exact when the reward model is, whatever the weights', () => {
    const n = 100;
    const terms = { w: Float64Array.from({ length: n }, (_, i) => (i % 2 ? 3 : 0)), reward: new Float64Array(n).fill(0.4), qLogged: new Float64Array(n).fill(0.4), qTarget: new Float64Array(n).fill(0.4) };
    const dr = offPolicyEstimates(terms).estimates.find((e) => e.estimator === 'dr');
    expect(dr?.value).toBeCloseTo(0.4, 12);
  });
});

describe('bootstrap intervals within a compute budget', () => {
  const experiment = newExperiment('e', ExperimentConfigSchema.parse({ arms: [{ armId: 'a' }, { armId: 'b' }, { armId: 'c' }], policy: 'bandit', minExplorationProbability: 1 / 3 }), '2026-01-01T00:00:00.000Z');
  const rates: Record<string, number> = { a: 0.1, b: 0.3, c: 0.2 };
  const logs = (n: number, seed: number): MaturedDecision[] => {
    const rng = createRng(seed);
    return Array.from({ length: n }, (_, i) => {
      const choice = choose({ experiment, pseudonym: `u${seed}-${i}`, features: coldStartFeatures(), personalisedMarketingAllowed: true, seed: `d${seed}-${i}` });
      const record = decisionLogRecord({ choice, decisionId: `dec-${seed}-${i}`, experiment, pseudonym: `u${seed}-${i}`, at: new Date('2026-01-01T00:00:00Z') });
      return { record, reward: rng.uniform() < (rates[choice.armId as string] ?? 0) ? 1 : 0 };
    });
  };
  const decisions = logs(6000, 9);
  /** IPS terms of the fixed policy "always b" (no reward model: DR = IPS). */
  const termsOf = (rows: MaturedDecision[]) => ({
    w: Float64Array.from(rows, ({ record }) => (record.chosenArmId === 'b' ? 1 / record.propensity : 0)),
    reward: Float64Array.from(rows, ({ reward }) => reward),
    qLogged: new Float64Array(rows.length),
    qTarget: new Float64Array(rows.length),
  });

  it('say how many resamples were used, and use fewer (saying so) only when decisions × resamples exceed the budget', () => {
    const full = evaluateCandidate(experiment, undefined, decisions, { policy: { type: 'fixed', armId: 'b' }, bootstrapResamples: 300 });
    expect(full.bootstrapResamples).toBe(300);
    expect(full.notes.join(' ')).not.toMatch(/budget/);
    const capped = evaluateCandidate(experiment, undefined, decisions, { policy: { type: 'fixed', armId: 'b' }, bootstrapResamples: 2000, workBudget: 6000 * 250 });
    expect(capped.bootstrapResamples).toBe(250);
    expect(capped.notes.join(' ')).toMatch(/2000 bootstrap resamples requested, 250 used/);
    expect(capped.estimates.every((e) => e.intervalMethod === 'bootstrap')).toBe(true);
    const analytic = evaluateCandidate(experiment, undefined, decisions, { policy: { type: 'fixed', armId: 'b' }, bootstrapResamples: 0 });
    expect(analytic.bootstrapResamples).toBe(0);
  });

  it('fit the largest request the API accepts (200,000 decisions × 2,000 resamples) into the budget with at least the default 200 resamples', () => {
    expect(Math.floor(BOOTSTRAP_WORK_BUDGET / 200_000)).toBeGreaterThanOrEqual(200);
    expect(bootstrapResamplesWithin(2000, 200_000)).toBe(Math.floor(BOOTSTRAP_WORK_BUDGET / 200_000));
    expect(bootstrapResamplesWithin(2000, 1000)).toBe(2000);
  });

  it('are reproducible for a seed and change with it', () => {
    const run = (seed: number) => evaluateCandidate(experiment, undefined, decisions, { policy: { type: 'fixed', armId: 'b' }, bootstrapResamples: 200, seed }).estimates;
    expect(run(7)).toEqual(run(7));
    expect(run(7)[0]?.interval).not.toEqual(run(8)[0]?.interval);
  });

  it('agree with the analytic intervals on the fixture', () => {
    const boot = evaluateCandidate(experiment, undefined, decisions, { policy: { type: 'fixed', armId: 'b' }, bootstrapResamples: 1000 });
    const analytic = evaluateCandidate(experiment, undefined, decisions, { policy: { type: 'fixed', armId: 'b' }, bootstrapResamples: 0 });
    for (const name of ['ips', 'snips', 'dr'] as const) {
      const b = boot.estimates.find((e) => e.estimator === name)?.interval as { lower: number; upper: number };
      const a = analytic.estimates.find((e) => e.estimator === name)?.interval as { lower: number; upper: number };
      const half = (a.upper - a.lower) / 2;
      // Same centre and width within 15% of the analytic half-width (n = 6000, so both are near normal).
      expect(Math.abs(b.lower - a.lower)).toBeLessThan(0.15 * half);
      expect(Math.abs(b.upper - a.upper)).toBeLessThan(0.15 * half);
    }
  });

  it('cover the true value about 95% of the time over repeated logs', () => {
    let covered = 0;
    const runs = 120;
    for (let run = 0; run < runs; run += 1) {
      const ips = offPolicyEstimates(termsOf(logs(600, 100 + run)), { bootstrapResamples: 200, seed: run + 1 }).estimates[0];
      if (ips && ips.interval.lower <= 0.3 && 0.3 <= ips.interval.upper) covered += 1;
    }
    // Binomial(120, 0.95): 95% of runs land in 109..119; an interval half as wide would cover ~66%.
    expect(covered / runs).toBeGreaterThan(0.88);
    expect(covered / runs).toBeLessThan(0.995);
  });
});

describe('Open Bandit Dataset format (fixture: 400 rows of the men campaign)', () => {
  const dir = join(__dirname, 'fixtures', 'obd');
  const random = parseObdCsv(readFileSync(join(dir, 'random-men.csv'), 'utf8'));
  const bts = parseObdCsv(readFileSync(join(dir, 'bts-men.csv'), 'utf8'));

  it('reads the columns by header', () => {
    expect(random).toHaveLength(400);
    expect(random[0]).toEqual({ item: 14, position: 3, click: 0, propensity: 1 / 34 });
    expect(() => parseObdCsv('item_id,position,click\n1,1,0')).toThrow(/propensity_score/);
    expect(() => parseObdCsv('item_id,position,click,propensity_score\n1,1,0,0')).toThrow(/line 2/);
  });

  it('derives a proper evaluation policy from the BTS logs (a distribution per position)', () => {
    const items = itemsOf(random, bts);
    const policy = empiricalPolicy(bts, items);
    for (const position of [1, 2, 3]) {
      const total = items.reduce((sum, item) => sum + policy(item, position), 0);
      expect(total).toBeCloseTo(1, 9);
    }
  });

  it('the uniform policy on uniform logs is estimated at the logs\' own click rate', () => {
    const items = itemsOf(random);
    const result = evaluateOnObd(random, uniformPolicy(items), items);
    expect(result.estimates.find((e) => e.estimator === 'ips')?.value).toBeCloseTo(onPolicyValue(random), 9);
    expect(result.estimates.find((e) => e.estimator === 'snips')?.value).toBeCloseTo(onPolicyValue(random), 9);
  });

  it('a fixed item gets weight only on its own rows', () => {
    const items = itemsOf(random);
    const result = evaluateOnObd(random, fixedItemPolicy(14), items);
    const rowsOf14 = random.filter((row) => row.item === 14).length;
    expect(result.estimates[0]?.effectiveSampleSize).toBeCloseTo(rowsOf14, 6);
  });
});
