import {
  anomalyOptionsForPeriods,
  DEFAULT_ANOMALY_OPTIONS,
  MAX_SCAN_SCALE,
  scanScalesOf,
  scoreSeries,
  type AnomalyOptions,
  type SeriesPoint,
} from '../../shared/budget/anomaly';
import { createRng } from '../../shared/budget/random';
import { expectUntidyScoredAsTidy } from './helpers';

const asPoints = (values: readonly number[]): SeriesPoint[] => values.map((value, i) => ({ at: Date.UTC(2026, 0, 1) + i * 300_000, value }));
const SCAN_MAX: AnomalyOptions = { ...DEFAULT_ANOMALY_OPTIONS, scanScales: [2, 4, 8], scanCombine: 'max' };
const SCAN_BONFERRONI: AnomalyOptions = { ...DEFAULT_ANOMALY_OPTIONS, scanScales: [2, 4, 8], scanCombine: 'bonferroni' };

/** Gaussian noise (sd 2) around 100 for a week of 5-minute points, then a level shift of `shiftSd` standard deviations. */
const SHIFT_AT = 7 * 288;
function shiftedNoise(seed: number, shiftSd: number): number[] {
  const rng = createRng(seed);
  return Array.from({ length: 8 * 288 }, (_v, i) => 100 + 2 * rng.normal() + (i >= SHIFT_AT ? 2 * shiftSd : 0));
}

/** Points after the shift until the first score at the incident level (the window's length if never), and pages before it. */
function detection(values: readonly number[], options: AnomalyOptions): { delay: number; pagesBefore: number } {
  const scored = scoreSeries(asPoints(values), options);
  const first = scored.findIndex((s, i) => i >= SHIFT_AT && s.score >= 0.5);
  return {
    delay: first < 0 ? values.length - SHIFT_AT : first - SHIFT_AT,
    pagesBefore: scored.filter((s, i) => i > 288 && i < SHIFT_AT && s.alertScore >= 0.5).length,
  };
}

describe('scoreSeries with the multiscale scan of the sustained test (`scanScales`)', () => {
  it('is off by default and in the budget gate, so the committed detector and the gate score exactly as before', () => {
    const points = asPoints(shiftedNoise(1, 3));
    expect(DEFAULT_ANOMALY_OPTIONS.scanScales).toEqual([]);
    expect(anomalyOptionsForPeriods(86_400_000, 7).scanScales).toEqual([]);
    expect(scoreSeries(points)).toEqual(scoreSeries(points, { ...DEFAULT_ANOMALY_OPTIONS, scanScales: [], scanCombine: 'bonferroni' }));
  });

  it('ignores spans that are not whole numbers from 1 to MAX_SCAN_SCALE, or repeat the sustained window (bounded work per point)', () => {
    expect(scanScalesOf({ scanScales: [8, 2, 0, -3, 2.5, Number.NaN, 24, MAX_SCAN_SCALE + 1, Infinity, 4, 2], sustainWindow: 24 })).toEqual([2, 4, 8]);
    const points = asPoints(shiftedNoise(2, 3));
    const ignored = [0, -1, 1.5, Number.NaN, DEFAULT_ANOMALY_OPTIONS.sustainWindow, 1e9];
    expect(scoreSeries(points, { ...DEFAULT_ANOMALY_OPTIONS, scanScales: ignored })).toEqual(scoreSeries(points));
  });

  it('flags a level shift of two standard deviations sooner than the 24-point test alone, with no more pages before it', () => {
    const seeds = [1, 2, 3, 4, 5, 6];
    for (const options of [SCAN_MAX, SCAN_BONFERRONI]) {
      const plain = seeds.map((seed) => detection(shiftedNoise(seed, 2), DEFAULT_ANOMALY_OPTIONS));
      const scan = seeds.map((seed) => detection(shiftedNoise(seed, 2), options));
      const totalDelay = (d: readonly { delay: number }[]): number => d.reduce((s, x) => s + x.delay, 0);
      const pages = (d: readonly { pagesBefore: number }[]): number => d.reduce((s, x) => s + x.pagesBefore, 0);
      expect(totalDelay(scan)).toBeLessThan(totalDelay(plain));
      expect(pages(scan)).toBeLessThanOrEqual(pages(plain));
    }
  });

  it('leaves a constant series unflagged and pages a flat one with a little noise no more than without the scan, every score finite', () => {
    const rng = createRng(4);
    const pages = (values: readonly number[], options: AnomalyOptions): number => {
      const scored = scoreSeries(asPoints(values), options);
      expect(scored.every((s) => Number.isFinite(s.score) && Number.isFinite(s.pValue) && Number.isFinite(s.z))).toBe(true);
      return scored.filter((s) => s.alertScore >= 0.5).length;
    };
    const constant = new Array<number>(2_000).fill(250);
    const flat = Array.from({ length: 2_000 }, () => 250 + 0.01 * rng.normal());
    for (const options of [SCAN_MAX, SCAN_BONFERRONI]) {
      expect(pages(constant, options)).toBe(0);
      expect(pages(flat, options)).toBeLessThanOrEqual(pages(flat, DEFAULT_ANOMALY_OPTIONS));
    }
  });

  it('scores untidy input (reversed, duplicated, missing and non-finite points) without throwing, as the tidy series', () => {
    for (const options of [SCAN_MAX, SCAN_BONFERRONI]) expectUntidyScoredAsTidy(asPoints(shiftedNoise(5, 3).slice(0, 1_500)), options);
  });
});
