/** Small numerical helpers: normal distribution, Gauss–Hermite quadrature, chi-square tail. */

const SQRT2 = Math.SQRT2;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** erfc by the Numerical Recipes Chebyshev fit (relative error < 1.2e-7 everywhere). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** Standard normal CDF. */
export function normalCdf(x: number): number {
  if (x > 9) return 1;
  if (x < -9) return 0;
  return 0.5 * erfc(-x / SQRT2);
}

export function normalPdf(x: number): number {
  return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
}

/** Inverse standard normal CDF (Acklam's rational approximation, relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`quantile of ${p}`);
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const pl = 0.02425;
  const poly = (coef: number[], x: number) => coef.reduce((acc, k) => acc * x + k, 0);
  if (p < pl) {
    const q = Math.sqrt(-2 * Math.log(p));
    return poly(c, q) / (poly(d, q) * q + 1);
  }
  if (p > 1 - pl) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -poly(c, q) / (poly(d, q) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return (poly(a, r) * q) / (poly(b, r) * r + 1);
}

/**
 * Nodes and weights for ∫ φ(z) g(z) dz ≈ Σ w_k g(z_k) (probabilists' Gauss–Hermite), from the
 * physicists' rule by Newton iteration on the Hermite recurrence (Numerical Recipes `gauher`).
 */
export function gaussHermite(n: number): { nodes: Float64Array; weights: Float64Array } {
  const x = new Float64Array(n);
  const w = new Float64Array(n);
  const m = Math.floor((n + 1) / 2);
  const PIM4 = 0.7511255444649425;
  let z = 0;
  for (let i = 0; i < m; i += 1) {
    if (i === 0) z = Math.sqrt(2 * n + 1) - 1.85575 * Math.pow(2 * n + 1, -0.16667);
    else if (i === 1) z -= (1.14 * Math.pow(n, 0.426)) / z;
    else if (i === 2) z = 1.86 * z - 0.86 * (x[0] ?? 0);
    else if (i === 3) z = 1.91 * z - 0.91 * (x[1] ?? 0);
    else z = 2 * z - (x[i - 2] ?? 0);
    let pp = 0;
    for (let iter = 0; iter < 100; iter += 1) {
      let p1 = PIM4;
      let p2 = 0;
      for (let j = 0; j < n; j += 1) {
        const p3 = p2;
        p2 = p1;
        p1 = z * Math.sqrt(2 / (j + 1)) * p2 - Math.sqrt(j / (j + 1)) * p3;
      }
      pp = Math.sqrt(2 * n) * p2;
      const z1 = z;
      z = z1 - p1 / pp;
      if (Math.abs(z - z1) <= 3e-14) break;
    }
    x[i] = z;
    x[n - 1 - i] = -z;
    w[i] = 2 / (pp * pp);
    w[n - 1 - i] = w[i] ?? 0;
  }
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  for (let k = 0; k < n; k += 1) {
    nodes[k] = SQRT2 * (x[k] ?? 0);
    weights[k] = (w[k] ?? 0) / Math.sqrt(Math.PI);
  }
  return { nodes, weights };
}

const TABLE_STEP = 1 / 1024;
const TABLE_MIN = -9;
const PHI_TABLE = Float64Array.from({ length: Math.round(18 / TABLE_STEP) + 2 }, (_, k) => normalCdf(TABLE_MIN + k * TABLE_STEP));

/**
 * Φ by linear interpolation in a table with step 1/1024 (error < 1e-7, about 3× faster than erfc):
 * the inner loop of the win probabilities evaluates it arms² × nodes times per decision.
 */
export function tableNormalCdf(x: number): number {
  if (!(x > TABLE_MIN)) return 0;
  if (x >= -TABLE_MIN) return 1;
  const position = (x - TABLE_MIN) * 1024;
  const k = position | 0;
  const a = PHI_TABLE[k] as number;
  return a + ((PHI_TABLE[k + 1] as number) - a) * (position - k);
}

/** 16 nodes: within 0.005 of a 100,000-draw Monte Carlo in the tests (12 were not), 20% cheaper than 20. */
export const QUADRATURE_NODES = 16;
const RULE = gaussHermite(QUADRATURE_NODES);

/**
 * P(arm i has the largest draw) for independent normal draws N(mean_i, sd_i²): for each i,
 * ∫ φ(z) Π_{j≠i} Φ((mean_i + sd_i z − mean_j)/sd_j) dz by QUADRATURE_NODES-point Gauss–Hermite quadrature, then
 * normalised to sum to 1. Arms that cannot win (6 sd below the best lower bound) get 0 without
 * quadrature. Deterministic: the same inputs give the same vector, bit for bit.
 */
export function probabilityOfBest(means: ArrayLike<number>, sds: ArrayLike<number>, out?: Float64Array): Float64Array {
  const k = means.length;
  const result = out ?? new Float64Array(k);
  if (k === 1) {
    result[0] = 1;
    return result;
  }
  let bestLower = -Infinity;
  for (let i = 0; i < k; i += 1) bestLower = Math.max(bestLower, (means[i] as number) - 6 * (sds[i] as number));
  let total = 0;
  for (let i = 0; i < k; i += 1) {
    const mi = means[i] as number;
    const si = sds[i] as number;
    if (mi + 6 * si < bestLower) {
      result[i] = 0;
      continue;
    }
    let acc = 0;
    for (let q = 0; q < RULE.nodes.length; q += 1) {
      const t = mi + si * (RULE.nodes[q] as number);
      let product = RULE.weights[q] as number;
      for (let j = 0; j < k && product > 1e-300; j += 1) {
        if (j === i) continue;
        const sj = sds[j] as number;
        const mj = means[j] as number;
        product *= sj > 0 ? tableNormalCdf((t - mj) / sj) : t > mj ? 1 : t === mj ? 0.5 : 0;
      }
      acc += product;
    }
    result[i] = acc;
    total += acc;
  }
  if (!(total > 0)) {
    // Degenerate (all sds 0 and ties): the largest means share equally.
    let max = -Infinity;
    for (let i = 0; i < k; i += 1) max = Math.max(max, means[i] as number);
    let ties = 0;
    for (let i = 0; i < k; i += 1) if (means[i] === max) ties += 1;
    for (let i = 0; i < k; i += 1) result[i] = means[i] === max ? 1 / ties : 0;
    return result;
  }
  for (let i = 0; i < k; i += 1) result[i] = (result[i] as number) / total;
  return result;
}

/** ln Γ(x) (Lanczos, g = 7). */
export function logGamma(x: number): number {
  const g = 7;
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const xx = x - 1;
  let a = c[0] as number;
  const t = xx + g + 0.5;
  for (let i = 1; i < g + 2; i += 1) a += (c[i] as number) / (xx + i);
  return 0.5 * Math.log(2 * Math.PI) + (xx + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Upper regularised incomplete gamma Q(a, x) (series / continued fraction, NR `gammq`). */
export function gammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  const gln = logGamma(a);
  if (x < a + 1) {
    let sum = 1 / a;
    let del = sum;
    let ap = a;
    for (let n = 0; n < 500; n += 1) {
      ap += 1;
      del *= x / ap;
      sum += del;
      if (Math.abs(del) < Math.abs(sum) * 1e-15) break;
    }
    return Math.max(0, 1 - sum * Math.exp(-x + a * Math.log(x) - gln));
  }
  let b = x + 1 - a;
  let c = 1 / 1e-300;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 500; i += 1) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < 1e-300) d = 1e-300;
    c = b + an / c;
    if (Math.abs(c) < 1e-300) c = 1e-300;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return Math.min(1, Math.exp(-x + a * Math.log(x) - gln) * h);
}

/** P(χ²_df ≥ x). */
export function chiSquareSurvival(x: number, df: number): number {
  return gammaQ(df / 2, x / 2);
}
