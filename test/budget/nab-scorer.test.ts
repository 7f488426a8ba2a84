import {
  STANDARD_PROFILE,
  normalisedScore,
  optimiseThreshold,
  probationaryLength,
  scaledSigmoid,
  scoreAtThreshold,
  scoresByThreshold,
  sweepFile,
} from '../../bench/budget/nab-scorer';
import { loadNabFixture } from './nab-fixture';

const fixture = loadNabFixture();

describe('NAB scorer port', () => {
  it('reproduces Numenta HTM\'s published score and counts for realTraffic/speed_7578', () => {
    const points = sweepFile(fixture.file, fixture.timestamps, fixture.numentaScores, fixture.windows, STANDARD_PROFILE);
    const { threshold, score, tp, tn, fp, fn } = fixture.numentaStandard;
    const result = scoreAtThreshold(points, STANDARD_PROFILE, threshold);
    expect(result.score).toBeCloseTo(score, 9);
    expect([result.tp, result.tn, result.fp, result.fn]).toEqual([tp, tn, fp, fn]);
  });

  it('weights detections by the scaled sigmoid: early in a window is worth most, far after one costs fpWeight', () => {
    expect(scaledSigmoid(-1)).toBeCloseTo(0.98661, 5);
    expect(scaledSigmoid(0)).toBe(0);
    expect(scaledSigmoid(3)).toBe(-1);
    expect(probationaryLength(1_127)).toBe(169);
    expect(probationaryLength(100_000)).toBe(750);
  });

  it('gives the null detector 0 and a detector firing at each window start 100', () => {
    const windowCount = fixture.windows.length;
    const silent = sweepFile(fixture.file, fixture.timestamps, fixture.values.map(() => 0), fixture.windows, STANDARD_PROFILE);
    expect(normalisedScore(scoreAtThreshold(silent, STANDARD_PROFILE, 0.5).score, windowCount, STANDARD_PROFILE)).toBe(0);
    const starts = new Set(fixture.windows.map(([start]) => start.replace(/\.0+$/, '')));
    const perfect = sweepFile(fixture.file, fixture.timestamps, fixture.timestamps.map((t) => (starts.has(t) ? 1 : 0)), fixture.windows, STANDARD_PROFILE);
    expect(normalisedScore(scoreAtThreshold(perfect, STANDARD_PROFILE, 0.5).score, windowCount, STANDARD_PROFILE)).toBeCloseTo(100, 9);
  });

  it('optimises one threshold over a corpus, as the best of every distinct threshold', () => {
    const points = sweepFile(fixture.file, fixture.timestamps, fixture.numentaScores, fixture.windows, STANDARD_PROFILE);
    const best = optimiseThreshold([points], STANDARD_PROFILE);
    expect(best.score).toBe(Math.max(...scoresByThreshold(points, STANDARD_PROFILE).map((r) => r.score)));
    expect(best.score).toBeGreaterThanOrEqual(fixture.numentaStandard.score);
  });
});
