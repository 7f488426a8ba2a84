import { DEFAULT_ANOMALY_OPTIONS, anomalyOptionsForPeriods, scoreSeries, type AnomalyOptions, type SeriesPoint } from '../../shared/budget/anomaly';
import { createRng } from '../../shared/budget/random';
import { fft, predictNext, SpectralResidual } from '../../shared/budget/spectral';
import { expectUntidyScoredAsTidy } from './helpers';

const asPoints = (values: readonly number[]): SeriesPoint[] => values.map((value, i) => ({ at: Date.UTC(2026, 0, 1) + i * 300_000, value }));
const SR_VOTER: AnomalyOptions = { ...DEFAULT_ANOMALY_OPTIONS, spectralWindow: 251, spectralOnly: true };
const SPIKE_AT = 7 * 288 + 100;

/** A daily cycle of 5-minute points with Gaussian noise (sd 1), and optionally a spike of `spike` at SPIKE_AT. */
function dailyCycle(seed: number, spike = 0): number[] {
  const rng = createRng(seed);
  return Array.from({ length: 8 * 288 }, (_v, i) => 100 + 20 * Math.sin((2 * Math.PI * i) / 288) + rng.normal() + (i === SPIKE_AT ? spike : 0));
}

describe('SpectralResidual: spectral residual saliency of a stream', () => {
  it('transforms with an FFT equal to the direct Fourier sum, and back', () => {
    const rng = createRng(3);
    const x = Array.from({ length: 64 }, () => rng.normal());
    const re = Float64Array.from(x);
    const im = new Float64Array(64);
    fft(re, im, false);
    for (const k of [0, 1, 7, 31, 32, 63]) {
      const direct = x.reduce((s, v, t) => ({ re: s.re + v * Math.cos((-2 * Math.PI * k * t) / 64), im: s.im + v * Math.sin((-2 * Math.PI * k * t) / 64) }), { re: 0, im: 0 });
      expect(re[k]).toBeCloseTo(direct.re, 9);
      expect(im[k]).toBeCloseTo(direct.im, 9);
    }
    fft(re, im, true);
    x.forEach((v, t) => expect(re[t]).toBeCloseTo(v, 9));
  });

  it('extrapolates a straight line exactly (the reference’s predict_next)', () => {
    expect(predictNext([3, 5, 7, 9, 11, 13])).toBeCloseTo(15, 12);
    expect(predictNext([4])).toBe(4);
  });

  it('scores nothing before its window is full, skips non-finite values, and does not depend on the scale of the series', () => {
    const values = dailyCycle(2, 15);
    const plain = new SpectralResidual(123);
    const scaled = new SpectralResidual(123);
    const a = values.map((v) => plain.push(v));
    const b = values.map((v) => scaled.push(250 * v));
    expect(a.slice(0, 122).every((s) => s === undefined)).toBe(true);
    a.forEach((s, i) => (s === undefined ? expect(b[i]).toBeUndefined() : expect(b[i]).toBeCloseTo(s, 6)));
    expect(plain.push(Number.NaN)).toBeUndefined();
    expect(Number.isFinite(plain.push(100) ?? Number.NaN)).toBe(true);
  });

  it('refuses a window that is too short, too long, or not a power of two less 5 (bounded work per value)', () => {
    for (const w of [0, 3, 250, 4096 * 2 - 5, 2.5]) expect(() => new SpectralResidual(w)).toThrow(RangeError);
    expect(() => new SpectralResidual(251)).not.toThrow();
  });
});

describe('scoreSeries with the spectral residual test (`spectralWindow`, `spectralOnly`: the SR voter)', () => {
  it('is off by default and in the budget gate, so the committed detector and the gate score exactly as before', () => {
    const points = asPoints(dailyCycle(1, 15));
    expect(DEFAULT_ANOMALY_OPTIONS.spectralWindow).toBe(0);
    expect(anomalyOptionsForPeriods(86_400_000, 7).spectralWindow).toBe(0);
    expect(scoreSeries(points)).toEqual(scoreSeries(points, { ...DEFAULT_ANOMALY_OPTIONS, spectralWindow: 0, spectralOnly: true }));
  });

  it('pages on a spike of 15 noise standard deviations in a noisy daily cycle, and on fewer than 1% of the ordinary points', () => {
    for (const seed of [1, 2, 3]) {
      const scored = scoreSeries(asPoints(dailyCycle(seed, 15)), SR_VOTER);
      expect(scored[SPIKE_AT]?.alertScore).toBeGreaterThanOrEqual(0.5);
      const ordinary = scored.filter((_s, i) => i > 300 && i !== SPIKE_AT);
      expect(ordinary.filter((s) => s.alertScore >= 0.5).length).toBeLessThan(0.01 * ordinary.length);
    }
  });

  it('never pages on a constant series, every score finite; untidy input scores as the tidy series', () => {
    const constant = scoreSeries(asPoints(new Array<number>(700).fill(5)), SR_VOTER);
    expect(constant.every((s) => Number.isFinite(s.score) && s.alertScore < 0.5)).toBe(true);
    expectUntidyScoredAsTidy(asPoints(dailyCycle(4, 15).slice(0, 1_200)), SR_VOTER);
  });
});
