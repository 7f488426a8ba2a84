import { DEFAULT_ANOMALY_OPTIONS, scoreSeries, type SeriesPoint } from '../../shared/budget/anomaly';
import { LeftDiscord } from '../../shared/budget/discord';
import { createRng } from '../../shared/budget/random';

/** The left matrix profile by brute force: every earlier non-overlapping subsequence, z-normalised, at most maxBack back. */
function bruteForce(values: readonly number[], m: number, maxBack: number): (number | undefined)[] {
  const stats = (end: number): { mean: number; sd: number; z: number[] } => {
    const s = values.slice(end - m + 1, end + 1);
    const mean = s.reduce((a, b) => a + b, 0) / m;
    const sd = Math.sqrt(s.reduce((a, b) => a + (b - mean) ** 2, 0) / m);
    return { mean, sd, z: s.map((v) => (v - mean) / sd) };
  };
  return values.map((_v, t) => {
    if (t < 2 * m - 1) return undefined;
    const a = stats(t);
    let best = Infinity;
    for (let j = Math.max(m - 1, t - maxBack); j <= t - m; j++) {
      const b = stats(j);
      const d = Math.sqrt(a.z.reduce((sum, z, k) => sum + (z - (b.z[k] ?? 0)) ** 2, 0));
      best = Math.min(best, d);
    }
    return best;
  });
}

function pushAll(values: readonly number[], m: number, maxBack: number): (number | undefined)[] {
  const discord = new LeftDiscord(m, maxBack);
  return values.map((v) => discord.push(v));
}

/** A daily cycle sampled every 5 minutes (288 points a day) with Gaussian noise of `noise` around a level of 100. */
function dailyCycle(days: number, noise: number, seed: number): number[] {
  const rng = createRng(seed);
  return Array.from({ length: days * 288 }, (_v, i) => 100 + 20 * Math.sin((2 * Math.PI * i) / 288) + noise * rng.normal());
}

const asPoints = (values: readonly number[]): SeriesPoint[] => values.map((value, i) => ({ at: Date.UTC(2026, 0, 1) + i * 300_000, value }));
const WITH_DISCORD = { ...DEFAULT_ANOMALY_OPTIONS, discordWindow: 24 };

describe('LeftDiscord: the left matrix profile of a stream', () => {
  it('matches the brute-force nearest-neighbour distance, also past the recurrence’s exact refresh and with a bounded look-back', () => {
    const rng = createRng(5);
    const values = Array.from({ length: 2_300 }, (_v, i) => 1_000 + 30 * Math.sin(i / 7) + 5 * rng.normal());
    const fast = pushAll(values, 8, 300);
    const slow = bruteForce(values, 8, 300);
    expect(fast.slice(0, 15).every((d) => d === undefined)).toBe(true);
    for (let t = 15; t < values.length; t++) expect(fast[t]).toBeCloseTo(slow[t] ?? Number.NaN, 6);
  });

  it('does not depend on the level or the scale of the series (z-normalised shapes)', () => {
    const rng = createRng(8);
    const values = Array.from({ length: 400 }, () => rng.normal());
    const plain = pushAll(values, 12, 400);
    const moved = pushAll(
      values.map((v) => 5e6 + 250 * v),
      12,
      400,
    );
    plain.forEach((d, t) => (d === undefined ? expect(moved[t]).toBeUndefined() : expect(moved[t]).toBeCloseTo(d, 5)));
  });

  it('is near 0 on a repeating shape and large where a shape never seen before starts, though every value stays in range', () => {
    const period = 50;
    const values = Array.from({ length: 20 * period }, (_v, i) => Math.sin((2 * Math.PI * i) / period));
    // Cycle 15 is played backwards from its midpoint: the same values, a new shape.
    for (let i = 15 * period + 25; i < 16 * period; i++) values[i] = Math.sin((2 * Math.PI * (16 * period - i)) / period);
    const d = pushAll(values, 10, 1_000);
    const repeating = d.slice(3 * period, 15 * period + 25).filter((x): x is number => x !== undefined);
    expect(Math.max(...repeating)).toBeLessThan(1e-3);
    expect(Math.max(...d.slice(15 * period + 25, 15 * period + 35).map((x) => x ?? 0))).toBeGreaterThan(1);
  });

  it('gives 0 between flat subsequences and √m between a flat and a moving one, skips non-finite values and refuses a window below 2', () => {
    const discord = new LeftDiscord(4, 100);
    const flat = Array.from({ length: 10 }, () => discord.push(7));
    expect(flat.slice(7)).toEqual([0, 0, 0]);
    expect(discord.push(Number.NaN)).toBeUndefined();
    expect(discord.push(9)).toBeCloseTo(2, 12);
    expect(() => new LeftDiscord(1, 100)).toThrow(RangeError);
    expect(() => new LeftDiscord(24, 10)).toThrow(RangeError);
  });
});

describe('scoreSeries with the discord test (`discordWindow`)', () => {
  it('is off by default, so the committed detector and the budget gate score exactly as before', () => {
    const points = asPoints(dailyCycle(6, 1, 3));
    expect(DEFAULT_ANOMALY_OPTIONS.discordWindow).toBe(0);
    expect(scoreSeries(points)).toEqual(scoreSeries(points, { ...DEFAULT_ANOMALY_OPTIONS, discordWindow: 0 }));
  });

  it('pages no more than the detector without it on noisy daily cycles without anomalies (its p joins a Bonferroni product)', () => {
    const pages = (seed: number, options = DEFAULT_ANOMALY_OPTIONS): number =>
      scoreSeries(asPoints(dailyCycle(14, 2, seed)), options)
        .slice(3 * 288)
        .filter((s) => s.alertScore >= 0.5).length;
    for (const seed of [9]) expect(pages(seed, WITH_DISCORD)).toBeLessThanOrEqual(pages(seed));
  });

  it('scores untidy input (reversed, duplicated, missing and non-finite points) without throwing, as the tidy series', () => {
    const values = dailyCycle(4, 1, 6);
    const tidy = asPoints(values);
    const expected = scoreSeries(tidy, WITH_DISCORD);
    const reversed = scoreSeries([...tidy].reverse(), WITH_DISCORD).reverse();
    expect(reversed).toEqual(expected);
    const duplicated = scoreSeries([...tidy, ...tidy], WITH_DISCORD);
    expect(duplicated.slice(0, tidy.length)).toEqual(expected);
    const gapped = tidy.filter((_p, i) => i % 97 !== 0).concat([{ at: Number.NaN, value: 1 }, { at: tidy[5]?.at ?? 0, value: Number.POSITIVE_INFINITY }]);
    const scored = scoreSeries(gapped, WITH_DISCORD);
    expect(scored).toHaveLength(gapped.length);
    expect(scored.every((s) => Number.isFinite(s.score) && s.score >= 0 && s.score < 1)).toBe(true);
    expect(scored[gapped.length - 2]?.missing).toBe(true);
  });
});
