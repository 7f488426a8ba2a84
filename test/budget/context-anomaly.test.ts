import { ContextAnomalyDetector, DEFAULT_CONTEXT_OPTIONS, contextScores, nabRestPeriod, type ContextAnomalyOptions } from '../../bench/budget/context-anomaly';
import { createRng } from '../../shared/budget/random';

const HOUR_MS = 3_600_000;
const options: ContextAnomalyOptions = { ...DEFAULT_CONTEXT_OPTIONS, restPeriod: 30 };

/** A noisy two-day cycle (48 points), deterministic. */
function cycle(length: number, seed = 7): number[] {
  const rng = createRng(seed);
  return Array.from({ length }, (_v, i) => 100 + 50 * Math.sin((2 * Math.PI * i) / 48) + 3 * rng.normal());
}

function scoresOf(values: readonly number[], opts: ContextAnomalyOptions = options): number[] {
  const detector = new ContextAnomalyDetector(opts);
  return values.map((v) => detector.next(v).score);
}

const flagged = (scores: readonly number[], from = 0, to = scores.length): number[] => scores.slice(from, to).flatMap((s, i) => (s >= options.baseThreshold ? [from + i] : []));

describe('contextual anomaly detector (CAD OSE)', () => {
  it('is deterministic: the same series gives the same scores, point for point', () => {
    const values = cycle(1500);
    expect(scoresOf(values)).toEqual(scoresOf(values));
  });

  it('flags a spike on a cycle it has learnt, at the spike, and not the same point without it', () => {
    const quiet = cycle(3000);
    const spiked = quiet.slice();
    spiked[2000] = 400;
    expect(Math.max(...scoresOf(spiked).slice(2000, 2003))).toBeGreaterThanOrEqual(0.75);
    expect(Math.max(...scoresOf(quiet).slice(2000, 2003))).toBeLessThan(0.75);
  });

  it('flags a level shift where it starts', () => {
    const shifted = cycle(3000).map((v, i) => (i >= 2000 ? v + 120 : v));
    expect(flagged(scoresOf(shifted), 1990, 2010)).toEqual([2000]);
  });

  it('stays quiet on a flat series and, once it has learnt, on pure noise', () => {
    expect(scoresOf(Array.from({ length: 2000 }, () => 5)).slice(10).every((s) => s === 0)).toBe(true);
    const rng = createRng(11);
    const noise = Array.from({ length: 2000 }, () => 10 + rng.normal());
    expect(flagged(scoresOf(noise), 1000)).toEqual([]);
  });

  it('rests after a high score: the next restPeriod points report 0, the raw score is still given', () => {
    const spiked = cycle(3000);
    spiked[2000] = 400;
    const detector = new ContextAnomalyDetector(options);
    const results = spiked.map((v) => detector.next(v));
    expect(results[2000]?.score).toBeGreaterThanOrEqual(0.75);
    // the point after the spike is as surprising, and its raw score says so, but it is not a second page
    expect(results[2001]?.raw).toBeGreaterThanOrEqual(0.75);
    expect(results.slice(2001, 2031).every((r) => r.score === 0)).toBe(true);
    // and the first restPeriod points are a rest period too
    expect(results.slice(0, 30).every((r) => r.score === 0)).toBe(true);
  });

  it('keeps its context store under the cap however long and novel the series', () => {
    const rng = createRng(5);
    const detector = new ContextAnomalyDetector({ ...options, maxContexts: 300 });
    const uncapped = new ContextAnomalyDetector(options);
    for (let i = 0; i < 1500; i++) {
      const v = 10 + rng.normal();
      const s = detector.next(v);
      uncapped.next(v);
      expect(s.score).toBeGreaterThanOrEqual(0);
      expect(s.score).toBeLessThanOrEqual(1);
    }
    expect(detector.contextCount).toBe(300);
    expect(uncapped.contextCount).toBeGreaterThan(300);
  });

  it('scores untidy input without throwing: out-of-order, repeated and missing points', () => {
    const values = cycle(600);
    const points = values.map((value, i) => ({ at: i * HOUR_MS, value }));
    const tidy = contextScores(points, options).map((s) => s.score);
    const reversed = contextScores([...points].reverse(), options)
      .map((s) => s.score)
      .reverse();
    expect(reversed).toEqual(tidy);
    const repeated = [...points.slice(0, 300), ...points.slice(290, 300), ...points.slice(300)];
    const withRepeats = contextScores(repeated, options).map((s) => s.score);
    expect(withRepeats.slice(0, 300)).toEqual(tidy.slice(0, 300));
    expect(withRepeats.slice(310)).toEqual(tidy.slice(300));
    const withHoles = contextScores(
      points.map((p, i) => (i % 50 === 7 ? { ...p, value: Number.NaN } : p)),
      options,
    );
    expect(withHoles).toHaveLength(points.length);
    expect(withHoles.filter((_s, i) => i % 50 === 7).every((s) => s.score === 0 && s.raw === 0)).toBe(true);
  });

  it('learns the range during its learning period only: a record after it does not move the levels', () => {
    const values = cycle(1200);
    expect(scoresOf(values, { ...options, range: { learnPoints: 5000 } })).toEqual(scoresOf(values, { ...options, range: 'expanding' }));
    // After the learning period a record low is binned as the learnt minimum (the bottom level): every
    // score, at the record and after it, is what the series with the learnt minimum there would give.
    const learnPoints = 200;
    const withRecord = values.slice();
    withRecord[800] = -1000;
    const withMinimum = values.slice();
    withMinimum[800] = Math.min(...values.slice(0, learnPoints));
    const learnt = { ...options, range: { learnPoints } };
    expect(scoresOf(withRecord, learnt)).toEqual(scoresOf(withMinimum, learnt));
    // an expanding range re-bins the whole series around the record instead
    expect(scoresOf(withRecord, { ...options, range: 'expanding' })).not.toEqual(scoresOf(withMinimum, { ...options, range: 'expanding' }));
  });

  it('rejects settings it cannot honour', () => {
    expect(() => new ContextAnomalyDetector({ ...options, valueBits: 0 })).toThrow(RangeError);
    expect(() => new ContextAnomalyDetector({ ...options, maxContexts: 0 })).toThrow(RangeError);
    expect(() => new ContextAnomalyDetector({ ...options, range: { learnPoints: 0 } })).toThrow(RangeError);
  });

  it("gives NAB's rest period: a fifth of the probationary period", () => {
    expect(nabRestPeriod(4032)).toBe(120);
    expect(nabRestPeriod(22695)).toBe(150);
  });
});
