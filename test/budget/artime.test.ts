import type { SeriesPoint } from '../../shared/budget/anomaly';
import { ArtimeDetector, artimeProbationaryRows, artimeSeries, haar8, MIN_PROBATIONARY_ROWS, roundHalfEven, type ArtimeRange } from '../../bench/budget/artime';
import { createRng } from '../../shared/budget/random';
import { scoreAtThreshold, STANDARD_PROFILE, sweepFile } from '../../bench/budget/nab-scorer';
import { loadNabFixture } from './nab-fixture';

const asPoints = (values: readonly number[]): SeriesPoint[] => values.map((value, i) => ({ at: Date.UTC(2026, 0, 1) + i * 300_000, value }));
const DAY = 288;
const DROP_AT = 5 * DAY;
const CAUSAL_RANGES: readonly ArtimeRange[] = [{ kind: 'probationary' }, { kind: 'seen' }];

/** Eight days of 5-minute points: a daily cycle with Gaussian noise (sd 1), and optionally an outage (−60 for 30 points) at DROP_AT. */
function dailyCycle(seed: number, outage = false): number[] {
  const rng = createRng(seed);
  return Array.from({ length: 8 * DAY }, (_v, i) => 100 + 20 * Math.sin((2 * Math.PI * i) / DAY) + rng.normal() - (outage && i >= DROP_AT && i < DROP_AT + 30 ? 60 : 0));
}

describe('ARTime: adaptive resonance anomaly detector', () => {
  it('reproduces NAB’s published ARTime outputs on realTraffic/speed_7578 when given NAB’s harness inputs (whole-file range and length)', () => {
    const fixture = loadNabFixture();
    const range: ArtimeRange = { kind: 'given', min: Math.min(...fixture.values), max: Math.max(...fixture.values) };
    const detector = new ArtimeDetector({ probationaryRows: artimeProbationaryRows(fixture.values.length), range });
    const scores = fixture.values.map((v) => detector.push(v));
    // numenta/NAB results/ARTime/realTraffic/ARTime_speed_7578.csv: its first three alarms.
    const alarms = scores.flatMap((s, i) => (s > 0 ? [[fixture.timestamps[i], s] as const] : []));
    expect(alarms.slice(0, 3)).toEqual([
      ['2015-09-10 19:37:00', 0.282024],
      ['2015-09-11 12:14:00', 0.701241],
      ['2015-09-11 16:44:00', 1],
    ]);
    // numenta/NAB results/ARTime/ARTime_standard_scores.csv: speed_7578 at NAB's threshold 0.317486.
    const points = sweepFile(fixture.file, fixture.timestamps, scores, fixture.windows, STANDARD_PROFILE);
    const result = scoreAtThreshold(points, STANDARD_PROFILE, 0.317486);
    expect(result).toMatchObject({ tp: 7, fp: 4, fn: 109 });
    expect(result.score).toBeCloseTo(3.1077313980278403, 9);
  });

  it('orders and signs the Haar coefficients as Wavelets.jl does (s₃, d₃, d₂, d₁; d = (second − first)/√2)', () => {
    const h = haar8([0, 0, 0, 0, 0, 0, 0, 1]);
    const expected = [1 / Math.sqrt(8), 1 / Math.sqrt(8), 0, 0.5, 0, 0, 0, Math.SQRT1_2];
    expected.forEach((e, k) => expect(h[k]).toBeCloseTo(e, 12));
    expect(haar8([1, 2, 3, 4, 5, 6, 7, 8]).reduce((s, v) => s + v * v, 0)).toBeCloseTo(204, 9); // orthonormal: energy kept
  });

  it('rounds levels half to even, as Julia’s round(Int, x), and takes the reference’s probationary period', () => {
    expect([0.5, 1.5, 2.5, 2.4, 2.6, 3].map(roundHalfEven)).toEqual([0, 2, 2, 2, 3, 3]);
    expect(artimeProbationaryRows(1127)).toBe(168);
    expect(artimeProbationaryRows(4032)).toBe(604);
    expect(artimeProbationaryRows(22695)).toBe(750);
    expect(() => new ArtimeDetector({ probationaryRows: MIN_PROBATIONARY_ROWS - 1, range: { kind: 'seen' } })).toThrow(RangeError);
    expect(() => new ArtimeDetector({ probationaryRows: 100, range: { kind: 'seen' }, maxCategories: 1 })).toThrow(RangeError);
  });

  it.each(CAUSAL_RANGES)('with the $kind range: quiet on a clean daily cycle, and alarms within the first 40 points of an outage', (range) => {
    const clean = artimeSeries(asPoints(dailyCycle(4)), { probationaryRows: 750, range });
    expect(clean.filter((s) => s > 0)).toEqual([]);
    const outage = artimeSeries(asPoints(dailyCycle(4, true)), { probationaryRows: 750, range });
    const first = outage.findIndex((s) => s > 0);
    expect(first).toBeGreaterThanOrEqual(DROP_AT);
    expect(first).toBeLessThan(DROP_AT + 40);
    expect(outage.every((s) => s >= 0 && s <= 1)).toBe(true);
  });

  it.each(CAUSAL_RANGES)('with the $kind range: a score never depends on later points, and the probationary rows score 0', (range) => {
    const values = dailyCycle(9, true);
    const full = artimeSeries(asPoints(values), { probationaryRows: 750, range });
    const cut = DROP_AT + 10;
    const altered = values.map((v, i) => (i < cut ? v : v * 5 + 1_000));
    const rescored = artimeSeries(asPoints(altered), { probationaryRows: 750, range });
    expect(rescored.slice(0, cut)).toEqual(full.slice(0, cut));
    expect(full.slice(0, 750).every((s) => s === 0)).toBe(true);
  });

  it('scores untidy input as the tidy series: any order, repeated timestamps merged, non-finite points skipped with score 0', () => {
    const tidy = asPoints(dailyCycle(4, true));
    const options = { probationaryRows: 750, range: { kind: 'probationary' } as const };
    const expected = artimeSeries(tidy, options);
    expect(artimeSeries([...tidy].reverse(), options).reverse()).toEqual(expected);
    const doubled = artimeSeries([...tidy, ...tidy], options);
    expect(doubled.slice(0, tidy.length)).toEqual(expected);
    expect(doubled.slice(tidy.length)).toEqual(expected);
    const gapped = [...tidy.slice(0, 1000), { at: Number.NaN, value: 3 }, { at: tidy[1000]?.at ?? 0, value: Number.POSITIVE_INFINITY }, ...tidy.slice(1000)];
    const scored = artimeSeries(gapped, options);
    expect(scored).toHaveLength(gapped.length);
    expect(scored[1000]).toBe(0);
    expect(scored[1001]).toBe(expected[1000]);
    expect([...scored.slice(0, 1000), ...scored.slice(1002)]).toEqual(expected);
  });

  it('keeps at most maxCategories categories, replacing the least recently matched when full', () => {
    const rng = createRng(11);
    const noise = Array.from({ length: 3000 }, () => rng.normal() * 50 + (rng.uniform() < 0.05 ? 400 : 0));
    const detector = new ArtimeDetector({ probationaryRows: 400, range: { kind: 'seen' }, maxCategories: 8 });
    const scores = noise.map((v) => detector.push(v));
    expect(detector.capReached).toBe(true);
    expect(detector.categories).toBeLessThanOrEqual(8);
    expect(scores.every((s) => Number.isFinite(s) && s >= 0 && s <= 1)).toBe(true);
    const unbounded = new ArtimeDetector({ probationaryRows: 400, range: { kind: 'seen' } });
    noise.forEach((v) => unbounded.push(v));
    expect(unbounded.categories).toBeGreaterThan(8);
    expect(unbounded.capReached).toBe(false);
  });
});
