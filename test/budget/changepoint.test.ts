import { alertScores, BayesianChangepoint, changepointAlertScores, logGamma, scoreOfPValue } from '../../bench/budget/changepoint';
import type { SeriesPoint } from '../../shared/budget/anomaly';
import { createRng } from '../../shared/budget/random';

const asPoints = (values: readonly number[]): SeriesPoint[] => values.map((value, i) => ({ at: Date.UTC(2026, 0, 1) + i * 300_000, value }));

describe('BayesianChangepoint: Adams & MacKay run-length posterior, Normal-Gamma runs', () => {
  it('computes ln Γ to about 13 digits', () => {
    expect(logGamma(1)).toBeCloseTo(0, 13);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13);
    expect(logGamma(10)).toBeCloseTo(Math.log(362_880), 11);
    expect(logGamma(0.25)).toBeCloseTo(1.2880225246980774, 12);
  });

  it("judges the first point by the prior's Student-t predictive (ν = 2, scale² = 2), as worked by hand", () => {
    // t = 2 / √2; for ν = 2, P(|T| ≥ t) = 1 − t / √(t² + 2) = 1 − √2 / 2.
    expect(new BayesianChangepoint().push(2)).toBeCloseTo(1 - Math.SQRT2 / 2, 12);
    expect(new BayesianChangepoint().push(0)).toBeCloseTo(1, 12);
  });

  it('keeps a posterior over run lengths that sums to 1, grows by one per point, and stops at maxRunLength', () => {
    const free = new BayesianChangepoint();
    const capped = new BayesianChangepoint({ maxRunLength: 3 });
    for (const x of [0.1, -0.4, 0.3, 1.2, -0.2, 0.5]) {
      free.push(x);
      capped.push(x);
    }
    expect(free.runLengths).toBe(7);
    expect(capped.runLengths).toBe(4);
    for (const d of [free, capped]) expect(d.posterior().reduce((s, w) => s + w, 0)).toBeCloseTo(1, 12);
    // Calm data: the longest run carries most of the mass (hazard 1/250).
    const posterior = free.posterior();
    expect(posterior[6]).toBeGreaterThan(0.9);
  });

  it('is calibrated on unit Gaussian noise: about 1% of points at p ≤ 0.01', () => {
    const rng = createRng(11);
    const detector = new BayesianChangepoint();
    const p = Array.from({ length: 5000 }, () => detector.push(rng.normal())).slice(100);
    const share = p.filter((x) => x <= 0.01).length / p.length;
    expect(share).toBeGreaterThan(0.004);
    expect(share).toBeLessThan(0.02);
  });

  it('flags the start of a level shift, then adapts to the new level', () => {
    const rng = createRng(5);
    const detector = new BayesianChangepoint();
    const p = Array.from({ length: 800 }, (_v, i) => detector.push(rng.normal() + (i >= 500 ? 6 : 0)));
    expect(p[500]).toBeLessThan(1e-3);
    const settled = p.slice(540, 800).filter((x) => x <= 0.01).length / 260;
    expect(settled).toBeLessThan(0.03);
  });

  it('judges a third fall against the calm run it lands in, not against the falls before it', () => {
    const rng = createRng(8);
    const detector = new BayesianChangepoint();
    const falls = [300, 600, 900];
    const p = Array.from({ length: 1000 }, (_v, i) => detector.push(rng.normal() + (falls.includes(i) ? -12 : 0)));
    // A new run's broad prior predictive (weight ≈ the hazard) bounds p from below; the falls are not learnt as normal.
    for (const i of falls) expect(p[i]).toBeLessThan(1e-3);
    expect(p[900]).toBeLessThan(2 * (p[300] ?? 0));
  });

  it('skips a non-finite value (p = 1, nothing learnt) and rejects invalid settings', () => {
    const detector = new BayesianChangepoint();
    detector.push(0.3);
    const before = detector.posterior();
    expect(detector.push(Number.NaN)).toBe(1);
    expect(detector.push(Number.POSITIVE_INFINITY)).toBe(1);
    expect(detector.posterior()).toEqual(before);
    expect(() => new BayesianChangepoint({ hazard: 0 })).toThrow(RangeError);
    expect(() => new BayesianChangepoint({ hazard: 1 })).toThrow(RangeError);
    expect(() => new BayesianChangepoint({ beta0: 0 })).toThrow(RangeError);
    expect(() => new BayesianChangepoint({ maxRunLength: 0 })).toThrow(RangeError);
    expect(() => new BayesianChangepoint({ maxRunLength: 2.5 })).toThrow(RangeError);
  });
});

describe('changepointAlertScores: the voter C over the committed detector’s z', () => {
  it('maps p to the members’ scale and pages once per incident', () => {
    expect(scoreOfPValue(10 ** -2.4, 2.4)).toBeCloseTo(0.5, 12);
    expect(scoreOfPValue(1, 2.4)).toBe(0);
    expect(alertScores([0.6, 0.7, 0.2, 0.3], 24)).toEqual([0.6, 0.35, 0.1, 0.15]);
    expect(alertScores([0.3, 0.2, 0.4, 0.6], 1)).toEqual([0.3, 0.1, 0.4, 0.6]);
  });

  it('pages on a fall to a tenth of a noisy level and scores quiet noise below the incident level', () => {
    const rng = createRng(21);
    const values = Array.from({ length: 1500 }, (_v, i) => 100 + 3 * rng.normal() - (i >= 1200 && i < 1205 ? 90 : 0));
    const alerts = changepointAlertScores(asPoints(values));
    expect(alerts).toHaveLength(values.length);
    expect(Math.max(...alerts.slice(1200, 1205))).toBeGreaterThanOrEqual(0.5);
    expect(alerts.slice(0, 30).every((a) => a === 0)).toBe(true);
    expect(alerts.slice(100, 1200).filter((a) => a >= 0.5).length).toBeLessThan(15);
  });

  it('scores untidy input (any order, repeated timestamps, non-finite points) as the tidy series', () => {
    const rng = createRng(4);
    const tidy = asPoints(Array.from({ length: 400 }, (_v, i) => 50 + rng.normal() + (i === 350 ? 20 : 0)));
    const expected = changepointAlertScores(tidy);
    expect(changepointAlertScores([...tidy].reverse()).reverse()).toEqual(expected);
    expect(changepointAlertScores([...tidy, ...tidy]).slice(0, tidy.length)).toEqual(expected);
    const gapped = [...tidy, { at: Number.NaN, value: 1 }, { at: tidy[5]?.at ?? 0, value: Number.NEGATIVE_INFINITY }];
    const scored = changepointAlertScores(gapped);
    expect(scored).toHaveLength(gapped.length);
    expect(scored.every((a) => Number.isFinite(a) && a >= 0 && a < 1)).toBe(true);
    expect(scored[gapped.length - 2]).toBe(0);
  });
});
