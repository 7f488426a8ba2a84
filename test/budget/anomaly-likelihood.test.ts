import { AnomalyLikelihood, anomalyLikelihoodScores, erfc, nabLikelihoodSettings, tailProbability } from '../../bench/budget/anomaly-likelihood';
import { createRng } from '../../shared/budget/random';
import { loadNabFixture } from './nab-fixture';

/** NAB's log score for a tail probability (what a likelihood of 1 − tail is reported as). */
const logScore = (tail: number): number => Math.log(tail + 1e-10) / Math.log(1e-10);

describe('NAB anomaly likelihood (port of NuPIC anomaly_likelihood.py)', () => {
  it('reproduces HTM\'s published scores on speed_7578 from its published raw scores', () => {
    // Prepare
    const fixture = loadNabFixture();
    // Act
    const ours = anomalyLikelihoodScores(fixture.values, fixture.numentaRawScores);
    // Assess: every row but those NAB's detector set to 1 for a value outside the range seen so far.
    const compared = fixture.numentaScores.flatMap((published, i) => (published === 1 ? [] : [Math.abs(published - (ours[i] ?? Number.NaN))]));
    expect(compared.length).toBeGreaterThan(1000);
    expect(Math.max(...compared)).toBeLessThan(1e-6);
  });

  it('takes NAB\'s probation: half to learn, half to estimate, and reports 0.5 (log score ≈ 0.03) until then', () => {
    expect(nabLikelihoodSettings(1127)).toMatchObject({ learningPeriod: 84, estimationSamples: 85, averagingWindow: 10, reestimationPeriod: 100 });
    expect(nabLikelihoodSettings(20_000)).toMatchObject({ learningPeriod: 375, estimationSamples: 375 });
    const scores = anomalyLikelihoodScores(Array.from({ length: 1127 }, (_v, i) => i % 7), Array.from({ length: 1127 }, () => 1));
    expect(scores.slice(0, 169).every((s) => Math.abs(s - logScore(0.5)) < 1e-9)).toBe(true);
  });

  it('flags a spell of high raw scores once, in the red zone, and the spell\'s later rows as yellow', () => {
    const rng = createRng(3);
    const raw = Array.from({ length: 3000 }, (_v, i) => (i >= 2000 && i < 2030 ? 0.9 : 0.1 * rng.uniform()));
    const scores = anomalyLikelihoodScores(raw.map((_r, i) => i % 24), raw);
    const red = scores.flatMap((s, i) => (s >= 0.5 ? [i] : []));
    expect(red).toHaveLength(1);
    expect(red[0]).toBeGreaterThanOrEqual(2000);
    expect(red[0]).toBeLessThan(2010);
    // A red right after a red reports as yellow (tail 10⁻³, log score 0.3).
    expect(scores.slice((red[0] ?? 0) + 1, 2030).every((s) => Math.abs(s - logScore(1e-3)) < 1e-9 || s < 0.5)).toBe(true);
    expect(Math.max(...scores.slice(0, 2000))).toBeLessThan(0.5);
  });

  it('never finds a quieter spell than usual unusual, nor anything on a flat series', () => {
    const rng = createRng(5);
    const raw = Array.from({ length: 3000 }, (_v, i) => (i >= 2000 && i < 2100 ? 0 : 0.3 + 0.2 * rng.uniform()));
    const quiet = anomalyLikelihoodScores(raw.map((_r, i) => i % 24), raw).slice(2000, 2100);
    expect(Math.max(...quiet)).toBeLessThan(0.01);
    const likelihood = new AnomalyLikelihood(nabLikelihoodSettings(3000));
    const flat = Array.from({ length: 3000 }, (_v, i) => likelihood.next(5, i === 2500 ? 1 : 0));
    expect(Math.max(...flat)).toBeLessThan(0.05);
  });

  it('has the normal\'s tails', () => {
    expect(erfc(0)).toBeCloseTo(1, 7);
    expect(erfc(1)).toBeCloseTo(0.157299207, 7);
    expect(erfc(-1)).toBeCloseTo(1.842700793, 7);
    expect(tailProbability(0.5 + 1.96 * 0.1, { mean: 0.5, stdev: 0.1 })).toBeCloseTo(0.025, 4);
    expect(tailProbability(0.5 - 1.96 * 0.1, { mean: 0.5, stdev: 0.1 })).toBeCloseTo(0.975, 4);
  });
});
