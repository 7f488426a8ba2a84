/**
 * A Bayesian online changepoint voter (NAB, fourteenth round: bench/results/budget-nab.md). Pure, streaming, bounded.
 *
 * Algorithm: Bayesian online changepoint detection (R. P. Adams and D. J. C. MacKay, 2007, "Bayesian Online Changepoint
 * Detection", arXiv:0710.3742), with Gaussian observations of unknown mean and variance under the conjugate
 * Normal-Gamma prior and a constant hazard. The posterior over the current run length r (points since the last change)
 * is carried from point to point; each run length predicts the next point by its own posterior predictive, a Student-t
 * with 2α degrees of freedom, location μ and scale² β(κ + 1)/(ακ). The point's p-value is its two-sided tail probability
 * under the run-length mixture of those predictives, made before the point is seen: a fall inside a calm run is judged
 * against that run, not against incidents long past, and after a shift the short runs take the prediction over.
 *
 * Bounded: run lengths above `maxRunLength` are dropped and the posterior renormalised (a run older than that is judged
 * on its last `maxRunLength` points). The mixture's tail sum visits run lengths from the heaviest and stops once the
 * mass not yet visited is at most 10⁻³ of the p-value so far (so p is exact to 0.1 %, L to 0.0005); the recursion itself
 * keeps every run length.
 *
 * The voter feeds it the robust z of the committed detector (`scoreSeries`, `DEFAULT_ANOMALY_OPTIONS`): unit scale by
 * construction, with the daily cycle removed where the series has one, so the fixed prior (μ₀ = 0, κ₀ = 1, α₀ = 1,
 * β₀ = 1) needs no scale from the data. Used by no product path: bench-only, like CAD OSE and ARTime.
 */
import { DEFAULT_ANOMALY_OPTIONS, scoreSeries, studentTTwoSided, type AnomalyOptions, type SeriesPoint } from '../../shared/budget/anomaly';

export interface ChangepointOptions {
  /** Probability that a run ends at any point (constant hazard, 1/λ). */
  readonly hazard: number;
  /** Prior of a new run: mean of its mean, pseudo-count of that mean, shape and rate of its precision. */
  readonly mu0: number;
  readonly kappa0: number;
  readonly alpha0: number;
  readonly beta0: number;
  /** Longest run length kept (memory and work per point are O(maxRunLength)). */
  readonly maxRunLength: number;
}

/** The fourteenth round's settings, fixed before its run: the paper's λ = 250, a unit-scale prior for z. */
export const CHANGEPOINT_DEFAULTS: ChangepointOptions = { hazard: 1 / 250, mu0: 0, kappa0: 1, alpha0: 1, beta0: 1, maxRunLength: 1000 };

/** Smallest p-value reported (as `scoreSeries`). */
const MIN_P_VALUE = 1e-15;
/** The mixture's tail sum stops once the run lengths not yet visited (lightest last) weigh at most this share of p. */
const TAIL_RELATIVE_ERROR = 1e-3;

/** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9: about 15 significant digits). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  const y = x - 1;
  let a = c[0] ?? 1;
  const t = y + 7.5;
  for (let i = 1; i < 9; i++) a += (c[i] ?? 0) / (y + i);
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(a);
}

function logSumExp(values: Float64Array, n: number): number {
  let max = -Infinity;
  for (let i = 0; i < n; i++) max = Math.max(max, values[i] ?? -Infinity);
  if (max === -Infinity) return -Infinity;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += Math.exp((values[i] ?? -Infinity) - max);
  return max + Math.log(sum);
}

/** The run-length posterior and each run's Normal-Gamma statistics; `push` returns the point's two-sided predictive p-value. */
export class BayesianChangepoint {
  private readonly options: ChangepointOptions;
  /** log posterior of run length r, r = 0 … size − 1. */
  private logWeights: Float64Array;
  private mu: Float64Array;
  private kappa: Float64Array;
  private alpha: Float64Array;
  private beta: Float64Array;
  private size = 1;
  /** Scratch for the next step (swapped in each step; no allocation per point). */
  private next: { logWeights: Float64Array; mu: Float64Array; kappa: Float64Array; alpha: Float64Array; beta: Float64Array };
  private readonly logPdf: Float64Array;
  private readonly standardised: Float64Array;
  private readonly order: Float64Array;
  /** ln Γ(α + ½) − ln Γ(α) of run length r, whose α is α₀ + r/2. */
  private readonly logGammaRatio: Float64Array;

  constructor(options: Partial<ChangepointOptions> = {}) {
    this.options = { ...CHANGEPOINT_DEFAULTS, ...options };
    const { hazard, kappa0, alpha0, beta0, maxRunLength } = this.options;
    if (!(hazard > 0 && hazard < 1)) throw new RangeError(`hazard must lie in (0, 1), got ${hazard}`);
    if (!(kappa0 > 0 && alpha0 > 0 && beta0 > 0)) throw new RangeError('kappa0, alpha0 and beta0 must be positive');
    if (!Number.isFinite(this.options.mu0)) throw new RangeError('mu0 must be finite');
    if (!Number.isInteger(maxRunLength) || maxRunLength < 1 || maxRunLength > 100_000) throw new RangeError(`maxRunLength must be a whole number in [1, 100000], got ${maxRunLength}`);
    const make = () => ({
      logWeights: new Float64Array(maxRunLength + 1),
      mu: new Float64Array(maxRunLength + 1),
      kappa: new Float64Array(maxRunLength + 1),
      alpha: new Float64Array(maxRunLength + 1),
      beta: new Float64Array(maxRunLength + 1),
    });
    const current = make();
    this.logWeights = current.logWeights;
    this.mu = current.mu;
    this.kappa = current.kappa;
    this.alpha = current.alpha;
    this.beta = current.beta;
    this.next = make();
    this.logPdf = new Float64Array(maxRunLength + 1);
    this.standardised = new Float64Array(maxRunLength + 1);
    this.order = new Float64Array(maxRunLength + 1);
    this.logGammaRatio = Float64Array.from({ length: maxRunLength + 1 }, (_v, r) => logGamma(alpha0 + r / 2 + 0.5) - logGamma(alpha0 + r / 2));
    this.resetRun(current, 0);
    current.logWeights[0] = 0;
  }

  private resetRun(into: { mu: Float64Array; kappa: Float64Array; alpha: Float64Array; beta: Float64Array }, r: number): void {
    into.mu[r] = this.options.mu0;
    into.kappa[r] = this.options.kappa0;
    into.alpha[r] = this.options.alpha0;
    into.beta[r] = this.options.beta0;
  }

  /** Run lengths currently carried (at most maxRunLength + 1). */
  get runLengths(): number {
    return this.size;
  }

  /** The posterior probability of each run length (r = 0 first). */
  posterior(): number[] {
    return Array.from(this.logWeights.subarray(0, this.size), (w) => Math.exp(w));
  }

  /** The two-sided tail probability of x under the predictive made before it, then x is learnt. Non-finite x: 1, not learnt. */
  push(x: number): number {
    if (!Number.isFinite(x)) return 1;
    const { hazard, maxRunLength } = this.options;
    for (let r = 0; r < this.size; r++) {
      const alpha = this.alpha[r] ?? 1;
      const kappa = this.kappa[r] ?? 1;
      const scale2 = ((this.beta[r] ?? 1) * (kappa + 1)) / (alpha * kappa);
      const t = (x - (this.mu[r] ?? 0)) / Math.sqrt(scale2);
      this.standardised[r] = t;
      this.logPdf[r] = (this.logGammaRatio[r] ?? 0) - 0.5 * Math.log(2 * alpha * Math.PI * scale2) - (alpha + 0.5) * Math.log1p((t * t) / (2 * alpha));
      // Heaviest run lengths first (the key orders by weight; its low bits carry r).
      this.order[r] = Math.min(Math.round(-(this.logWeights[r] ?? -Infinity) * 1e6), 1e9) * 131_072 + r;
    }
    const order = this.order.subarray(0, this.size).sort();
    let lower = 0;
    let upper = 0;
    let remaining = 1;
    for (const key of order) {
      // Stop once the unvisited mass cannot move p by more than TAIL_RELATIVE_ERROR of itself.
      if (remaining <= TAIL_RELATIVE_ERROR * Math.min(lower, upper) || remaining < MIN_P_VALUE) break;
      const r = key % 131_072;
      const weight = Math.exp(this.logWeights[r] ?? -Infinity);
      const t = this.standardised[r] ?? 0;
      const dof = 2 * (this.alpha[r] ?? 1);
      const half = studentTTwoSided(Math.abs(t), dof) / 2;
      lower += weight * (t < 0 ? half : 1 - half);
      // 1 − below loses digits far in the upper tail: each side from its own half.
      upper += weight * (t > 0 ? half : 1 - half);
      remaining -= weight;
    }
    const pValue = Math.min(1, Math.max(2 * Math.min(lower, upper), MIN_P_VALUE));

    // The recursion: every run grows by x (no change) or a change starts a new run after x.
    const n = this.next;
    const grown = Math.min(this.size, maxRunLength);
    const logGrow = Math.log1p(-hazard);
    // In place: logPdf becomes the joint log weight of each run length and x.
    const joint = this.logPdf;
    for (let r = 0; r < this.size; r++) joint[r] = (this.logWeights[r] ?? -Infinity) + (joint[r] ?? -Infinity);
    n.logWeights[0] = logSumExp(joint, this.size) + Math.log(hazard);
    this.resetRun(n, 0);
    for (let r = 0; r < grown; r++) {
      const mu = this.mu[r] ?? 0;
      const kappa = this.kappa[r] ?? 1;
      n.logWeights[r + 1] = (joint[r] ?? -Infinity) + logGrow;
      n.mu[r + 1] = (kappa * mu + x) / (kappa + 1);
      n.kappa[r + 1] = kappa + 1;
      n.alpha[r + 1] = (this.alpha[r] ?? 1) + 0.5;
      n.beta[r + 1] = (this.beta[r] ?? 1) + (kappa * (x - mu) ** 2) / (2 * (kappa + 1));
    }
    const size = grown + 1;
    const total = logSumExp(n.logWeights, size);
    for (let r = 0; r < size; r++) n.logWeights[r] = (n.logWeights[r] ?? -Infinity) - total;
    const previous = { logWeights: this.logWeights, mu: this.mu, kappa: this.kappa, alpha: this.alpha, beta: this.beta };
    ({ logWeights: this.logWeights, mu: this.mu, kappa: this.kappa, alpha: this.alpha, beta: this.beta } = n);
    this.next = previous;
    this.size = size;
    return pValue;
  }
}

/** A p-value as the members' score, L / (L + halfScoreLog10), L = −log10 p. */
export function scoreOfPValue(pValue: number, halfScoreLog10: number): number {
  const surprise = Math.max(0, -Math.log10(Math.max(pValue, MIN_P_VALUE)));
  return surprise / (surprise + halfScoreLog10);
}

/** The members' paging rule: halved inside an incident (a score ≥ 0.5 within `dedupeWindow`) and for repeats that are not rising. */
export function alertScores(scores: readonly number[], dedupeWindow: number): number[] {
  return scores.map((score, i) => {
    const recentMax = Math.max(0, ...scores.slice(Math.max(0, i - dedupeWindow), i));
    return recentMax >= 0.5 || score <= recentMax ? score / 2 : score;
  });
}

/**
 * The voter C: the changepoint p-value of R's robust z at each point, as an alert score on the members' scale (0.5 is
 * p = 10^−halfScoreLog10). Warm-up and missing points are not fed and score 0. Points in input order, as `scoreSeries`.
 */
export function changepointAlertScores(points: readonly SeriesPoint[], options: Partial<ChangepointOptions> = {}, base: AnomalyOptions = DEFAULT_ANOMALY_OPTIONS): number[] {
  const scored = scoreSeries(points, base);
  // Feed each observation once, in time order (merged duplicates share one PointScore object).
  const order = points.map((p, i) => ({ at: Number.isFinite(p.at) ? p.at : Infinity, i })).sort((a, b) => a.at - b.at || a.i - b.i);
  const detector = new BayesianChangepoint(options);
  const scoreOf = new Map<object, number>();
  for (const { i } of order) {
    const s = scored[i];
    if (!s || scoreOf.has(s)) continue;
    scoreOf.set(s, s.warmingUp || s.missing ? 0 : scoreOfPValue(detector.push(s.z), base.halfScoreLog10));
  }
  const byTime = order.map(({ i }) => scored[i]);
  const seen = new Set<object>();
  const timeScores: number[] = [];
  const slotOf = new Map<object, number>();
  for (const s of byTime) {
    if (!s || seen.has(s)) continue;
    seen.add(s);
    slotOf.set(s, timeScores.length);
    timeScores.push(scoreOf.get(s) ?? 0);
  }
  const alerts = alertScores(timeScores, base.dedupeWindow);
  return points.map((_p, i) => {
    const s = scored[i];
    const slot = s ? slotOf.get(s) : undefined;
    return s && !s.missing && slot !== undefined ? (alerts[slot] ?? 0) : 0;
  });
}
