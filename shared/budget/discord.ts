/**
 * The left matrix profile of a stream (Yeh et al. 2016, "Matrix Profile I", its incremental STAMPI): for the subsequence
 * of the last `m` values, the z-normalised Euclidean distance to its nearest neighbour among the earlier subsequences of
 * the same stream. A large distance is a discord, a shape the stream has not shown before, whatever its level or scale
 * (z-normalisation removes both). Pure arithmetic, no model of the series.
 *
 * Candidates end at least `m` values before the newest one (no overlap, so no trivial match) and at most `maxBack` values
 * before it. The dot products follow the STOMP recurrence QT_t[j] = QT_{t−1}[j−1] + x_t·x_j − x_{t−m}·x_{j−m}, so a new
 * value costs O(maxBack), and are recomputed exactly every REFRESH_EVERY values so that floating-point drift cannot build
 * up. Values are centred on the first one before any product (large levels, small swings). A flat subsequence (standard
 * deviation ≈ 0) has no shape: two flat ones are at distance 0, a flat and a non-flat one at √m (stumpy's convention).
 */

/** Values between exact recomputations of the dot products. */
const REFRESH_EVERY = 2048;
/** A subsequence whose standard deviation is below this share of (1 + |its mean|) is flat. */
const FLAT_RELATIVE_SD = 1e-9;

export class LeftDiscord {
  private readonly xs: number[] = [];
  private readonly means: number[] = [];
  private readonly sds: number[] = [];
  private readonly flat: boolean[] = [];
  private readonly qt: number[] = [];
  private origin = 0;
  private previous: { lo: number; hi: number } | undefined;
  private sinceRefresh = 0;

  constructor(
    private readonly m: number,
    private readonly maxBack: number,
  ) {
    if (!Number.isInteger(m) || m < 2) throw new RangeError('a discord subsequence needs at least two values');
    if (!(maxBack >= m)) throw new RangeError('a discord needs candidates at least a subsequence back');
  }

  /**
   * Add the next value; the distance of the subsequence it ends to its nearest earlier neighbour, or undefined while no
   * earlier non-overlapping subsequence exists (the first 2m − 1 values). A non-finite value is not added (undefined).
   */
  push(value: number): number | undefined {
    if (!Number.isFinite(value)) return undefined;
    const { m, xs } = this;
    if (xs.length === 0) this.origin = value;
    const t = xs.length;
    xs.push(value - this.origin);
    if (t < m - 1) return undefined;
    this.describe(t);
    const hi = t - m;
    const lo = Math.max(m - 1, t - this.maxBack);
    if (hi < lo) return undefined;
    this.sinceRefresh += 1;
    const refresh = this.sinceRefresh >= REFRESH_EVERY;
    if (refresh) this.sinceRefresh = 0;
    const previous = this.previous;
    const xt = xs[t] ?? 0;
    const xOut = xs[t - m] ?? 0;
    let best = Infinity;
    for (let j = hi; j >= lo; j--) {
      const carried = !refresh && previous !== undefined && j - 1 >= previous.lo && j - 1 <= previous.hi;
      const dot = carried ? (this.qt[j - 1] ?? 0) + xt * (xs[j] ?? 0) - xOut * (xs[j - m] ?? 0) : this.directDot(t, j);
      this.qt[j] = dot;
      const d = this.distance(t, j, dot);
      if (d < best) best = d;
    }
    this.previous = { lo, hi };
    return best;
  }

  private describe(end: number): void {
    let sum = 0;
    for (let k = end - this.m + 1; k <= end; k++) sum += this.xs[k] ?? 0;
    const mean = sum / this.m;
    let squares = 0;
    for (let k = end - this.m + 1; k <= end; k++) squares += ((this.xs[k] ?? 0) - mean) ** 2;
    const sd = Math.sqrt(squares / this.m);
    this.means[end] = mean;
    this.sds[end] = sd;
    this.flat[end] = sd <= FLAT_RELATIVE_SD * (1 + Math.abs(mean + this.origin));
  }

  private directDot(a: number, b: number): number {
    let dot = 0;
    for (let k = 0; k < this.m; k++) dot += (this.xs[a - k] ?? 0) * (this.xs[b - k] ?? 0);
    return dot;
  }

  private distance(a: number, b: number, dot: number): number {
    const flatA = this.flat[a] ?? true;
    const flatB = this.flat[b] ?? true;
    if (flatA && flatB) return 0;
    if (flatA || flatB) return Math.sqrt(this.m);
    const { m } = this;
    const rho = (dot - m * (this.means[a] ?? 0) * (this.means[b] ?? 0)) / (m * (this.sds[a] ?? 1) * (this.sds[b] ?? 1));
    return Math.sqrt(Math.max(0, 2 * m * (1 - Math.max(-1, Math.min(1, rho)))));
  }
}
