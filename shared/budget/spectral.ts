/**
 * Spectral residual saliency of a stream (Ren et al., KDD 2019, "Time-Series Anomaly Detection Service at Microsoft"),
 * in streaming form. For the newest value: the last `window` values plus EXTEND_COUNT values extrapolated from the ones
 * before the newest (so the newest is not at the transform's edge), Fourier-transformed; the log amplitude minus its
 * trailing MAG_WINDOW-point average over the frequency index is the spectral residual; transformed back with the original
 * phases, its magnitude at the newest value is the saliency. The raw score is |saliency − m| / m, m the trailing mean of the
 * last SCORE_WINDOW saliencies (this one included). Settings are the reference implementation's defaults
 * (microsoft/anomalydetector, msanomalydetector); the window is the caller's, `window` + EXTEND_COUNT a power of two.
 * Pure arithmetic, O(N log N) per value, N = window + EXTEND_COUNT.
 */

/** Extrapolated values appended after the newest (the reference's `extend_num`). */
export const EXTEND_COUNT = 5;
/** Values before the newest that the extrapolation's slopes use, less one (the reference's `look_ahead`). */
const LOOK_AHEAD = 5;
/** Trailing average of the log amplitude over the frequency index (the reference's `mag_window`). */
const MAG_WINDOW = 3;
/** Saliencies in the trailing mean the raw score is relative to (the reference's `score_window`). */
export const SCORE_WINDOW = 100;
const EPS = 1e-8;
/** Largest transform: bounds the work per value. */
const MAX_SIZE = 4096;

export class SpectralResidual {
  private readonly values: number[] = [];
  private readonly saliencies: number[] = [];
  private saliencySum = 0;
  private readonly size: number;
  private readonly re: Float64Array;
  private readonly im: Float64Array;

  constructor(private readonly window: number) {
    this.size = window + EXTEND_COUNT;
    if (!Number.isInteger(window) || window < LOOK_AHEAD + 2 || this.size > MAX_SIZE || (this.size & (this.size - 1)) !== 0)
      throw new RangeError(`spectral window ${window}: a whole number ≥ ${LOOK_AHEAD + 2} with window + ${EXTEND_COUNT} a power of two, at most ${MAX_SIZE}`);
    this.re = new Float64Array(this.size);
    this.im = new Float64Array(this.size);
  }

  /** Push the newest value; its raw score once `window` values are known, undefined before. Non-finite values are skipped. */
  push(value: number): number | undefined {
    if (!Number.isFinite(value)) return undefined;
    this.values.push(value);
    if (this.values.length > this.window) this.values.shift();
    if (this.values.length < this.window) return undefined;
    const saliency = this.saliency();
    this.saliencies.push(saliency);
    this.saliencySum += saliency;
    if (this.saliencies.length > SCORE_WINDOW) this.saliencySum -= this.saliencies.shift() ?? 0;
    const mean = Math.max(this.saliencySum / this.saliencies.length, EPS);
    return Math.abs(saliency - mean) / mean;
  }

  /** The saliency of the newest value (index window − 1 of the extended sequence). */
  private saliency(): number {
    const { re, im, size, window } = this;
    const extension = predictNext(this.values.slice(-LOOK_AHEAD - 2, -1));
    for (let i = 0; i < size; i++) {
      re[i] = i < window ? (this.values[i] ?? 0) : extension;
      im[i] = 0;
    }
    fft(re, im, false);
    const logAmplitude = new Float64Array(size);
    const amplitude = new Float64Array(size);
    for (let k = 0; k < size; k++) {
      amplitude[k] = Math.hypot(re[k] ?? 0, im[k] ?? 0);
      logAmplitude[k] = (amplitude[k] ?? 0) <= EPS ? 0 : Math.log(amplitude[k] ?? EPS);
    }
    let trailing = 0;
    for (let k = 0; k < size; k++) {
      trailing += logAmplitude[k] ?? 0;
      if (k >= MAG_WINDOW) trailing -= logAmplitude[k - MAG_WINDOW] ?? 0;
      const average = trailing / Math.min(k + 1, MAG_WINDOW);
      const a = amplitude[k] ?? 0;
      const scale = a <= EPS ? 0 : Math.exp((logAmplitude[k] ?? 0) - average) / a;
      re[k] = (re[k] ?? 0) * scale;
      im[k] = (im[k] ?? 0) * scale;
    }
    // The inverse transform at one index is one sum: x[t] = (1/N) Σ_k X[k] e^{2πi k t / N}.
    const t = window - 1;
    let sumRe = 0;
    let sumIm = 0;
    for (let k = 0; k < size; k++) {
      const angle = (2 * Math.PI * k * t) / size;
      const c = Math.cos(angle);
      const s = Math.sin(angle);
      sumRe += (re[k] ?? 0) * c - (im[k] ?? 0) * s;
      sumIm += (re[k] ?? 0) * s + (im[k] ?? 0) * c;
    }
    return Math.hypot(sumRe, sumIm) / size;
  }
}

/**
 * The reference's extrapolation: with g(i, j) the slope between values i and j, the next value is
 * values[1] + Σ_{i < n−1} g(n − 1, i), i.e. the second value moved on by the summed slopes to the last one.
 */
export function predictNext(values: readonly number[]): number {
  const n = values.length;
  const last = values[n - 1] ?? 0;
  if (n < 2) return last;
  let slopes = 0;
  for (let i = 0; i < n - 1; i++) slopes += (last - (values[i] ?? 0)) / (n - 1 - i);
  return (values[1] ?? last) + slopes;
}

/** In-place iterative radix-2 FFT (length a power of two); `inverse` conjugates the twiddles and divides by N. */
export function fft(re: Float64Array, im: Float64Array, inverse: boolean): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j] ?? 0, re[i] ?? 0];
      [im[i], im[j]] = [im[j] ?? 0, im[i] ?? 0];
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const angle = ((inverse ? 2 : -2) * Math.PI) / len;
    const wRe = Math.cos(angle);
    const wIm = Math.sin(angle);
    for (let start = 0; start < n; start += len) {
      let curRe = 1;
      let curIm = 0;
      for (let k = 0; k < len / 2; k++) {
        const a = start + k;
        const b = a + len / 2;
        const tRe = (re[b] ?? 0) * curRe - (im[b] ?? 0) * curIm;
        const tIm = (re[b] ?? 0) * curIm + (im[b] ?? 0) * curRe;
        re[b] = (re[a] ?? 0) - tRe;
        im[b] = (im[a] ?? 0) - tIm;
        re[a] = (re[a] ?? 0) + tRe;
        im[a] = (im[a] ?? 0) + tIm;
        const nextRe = curRe * wRe - curIm * wIm;
        curIm = curRe * wIm + curIm * wRe;
        curRe = nextRe;
      }
    }
  }
  if (inverse)
    for (let i = 0; i < n; i++) {
      re[i] = (re[i] ?? 0) / n;
      im[i] = (im[i] ?? 0) / n;
    }
}
