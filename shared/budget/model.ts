/**
 * A Bayesian model of each channel's return on spend, with diminishing returns.
 *
 * Response curve: outcome(s) = θ·g(s), where g has slope 1 at zero spend (so θ is the return of the
 * first cent, outcome per cent) and bends at a spend scale κ, in one of three standard shapes:
 *   log          g = κ·ln(1 + s/κ)     returns keep diminishing, never saturate
 *   hyperbolic   g = κ·s/(κ + s)       Michaelis–Menten: saturates at θκ
 *   exponential  g = κ·(1 − e^(−s/κ))  saturates quickly past κ
 * Every curve is concave for θ ≥ 0, so greedy water-filling on it is optimal.
 *
 * For each (shape, κ, half-life) on a grid the model is linear in θ: a conjugate Normal-Gamma
 * posterior over θ and the noise σ², filtered period by period with information decaying by the
 * half-life (a discounted dynamic regression: θ may drift). Components are weighted by their
 * one-step-ahead predictive likelihood over the whole history (Bayesian model averaging), so the
 * data choose the shape, the curvature and how fast effectiveness drifts. Noise grows with the
 * expected outcome (variance ∝ σ²·g, as for over-dispersed counts). A period whose conversions are
 * still arriving is compared with the share of its final outcome already reported, so late
 * conversions do not read as a drop. Zero-spend periods say nothing about θ and are skipped.
 */
import type { Rng } from './random';

export interface ChannelObservation {
  readonly period: string;
  readonly spendCents: number;
  /** Conversions, or revenue in cents, as reported so far. */
  readonly outcome: number;
  /** Periods between this one and the newest closed period (0 = the newest). */
  readonly ageInPeriods: number;
}

export interface ModelSettings {
  readonly halfLifePeriods: number;
  /** Share of the final outcome reported by age 0, 1, 2… (last value 1). */
  readonly reportedShareByAge: readonly number[];
}

/** The prior for one channel, in natural units. */
export interface ChannelPrior {
  /** Expected average return (outcome per cent) at the typical spend: every curve starts out agreeing on it. */
  readonly averageReturnPerCent: number;
  /** The advertiser's estimate of the first cent's return, if any: then every curve starts from it instead. */
  readonly firstCentReturnPerCent?: number;
  /** How many typical periods of data the prior is worth. */
  readonly weightPeriods: number;
  /** Spend at which the marginal return halves, if the advertiser knows it: centres the curvature prior. */
  readonly halfSaturationCents?: number;
  /** Expected noise: variance of the outcome per cent of (reported) spend; the rate for Poisson counts. */
  readonly dispersionPerCent: number;
}

export type CurveShape = 'log' | 'hyperbolic' | 'exponential';

/** One (shape, κ) component of the posterior: θ·unit | σ² ~ N(mean, σ²/precision), σ² ~ InvGamma(alpha, beta). */
export interface CurvatureComponent {
  readonly shape: CurveShape;
  readonly scaleCents: number;
  readonly halfLifePeriods: number;
  readonly weight: number;
  readonly mean: number;
  readonly precision: number;
  readonly alpha: number;
  readonly beta: number;
}

export interface ChannelPosterior {
  /** Internal scale (cents): θ is stored per `unitCents` so the algebra stays near 1. */
  readonly unitCents: number;
  readonly components: readonly CurvatureComponent[];
  readonly observationsUsed: number;
  /** Sum of the observations' decay weights at the configured half-life: how many "fresh" periods it rests on. */
  readonly effectiveObservations: number;
}

export interface ResponseCurve {
  readonly shape: CurveShape;
  /** Return of the first cent (outcome per cent). */
  readonly marginalReturnPerCent: number;
  /** κ: where the curve bends. */
  readonly scaleCents: number;
}

/**
 * The curvature grid, as the elasticity at the reference spend (d ln outcome / d ln spend: 1 is
 * linear, 0 fully saturated), evenly spaced: without a hint every elasticity is equally likely a
 * priori. A grid in κ would not be neutral: most κ values give near-linear curves, and a prior that
 * favours them overstates the marginal return of saturated channels.
 */
const ELASTICITY_GRID = Array.from({ length: 16 }, (_unused, k) => (k + 0.5) / 16);
const SHAPES: readonly CurveShape[] = ['log', 'hyperbolic', 'exponential'];
/** How fast effectiveness drifts is learned too: half-lives from 1/8 to 2× the configured one. */
const HALF_LIFE_MULTIPLES = [0.125, 0.25, 0.5, 1, 2] as const;
const PRIOR_ALPHA = 2;
/** Spread of the κ prior around a hinted half-saturation spend, in natural-log units (1 ≈ a factor e either way). */
const CURVATURE_PRIOR_SD = 1;

/** g(s): the curve's shape with slope 1 at zero spend. */
function unitCurve(shape: CurveShape, scaleCents: number, spendCents: number): number {
  const r = spendCents / scaleCents;
  if (shape === 'log') return scaleCents * Math.log1p(r);
  if (shape === 'hyperbolic') return (scaleCents * r) / (1 + r);
  return -scaleCents * Math.expm1(-r);
}

/** g'(s). */
function unitSlope(shape: CurveShape, scaleCents: number, spendCents: number): number {
  const r = spendCents / scaleCents;
  if (shape === 'log') return 1 / (1 + r);
  if (shape === 'hyperbolic') return 1 / ((1 + r) * (1 + r));
  return Math.exp(-r);
}

/** Elasticity of g at s = r·κ; it falls from 1 (r → 0) towards 0 as r grows, for every shape. */
function unitElasticity(shape: CurveShape, r: number): number {
  if (shape === 'log') return r / ((1 + r) * Math.log1p(r));
  if (shape === 'hyperbolic') return 1 / (1 + r);
  return r / Math.expm1(r);
}

/** The spend-to-κ ratio r at which a shape has this elasticity (bisection in log r). */
function ratioForElasticity(shape: CurveShape, elasticity: number): number {
  let low = Math.log(1e-9);
  let high = Math.log(1e30);
  for (let i = 0; i < 100; i += 1) {
    const mid = (low + high) / 2;
    if (unitElasticity(shape, Math.exp(mid)) > elasticity) low = mid;
    else high = mid;
  }
  return Math.exp((low + high) / 2);
}

/** κ of each shape for each grid elasticity, at a reference spend of 1 cent (scale by the spend). */
const SCALE_PER_REFERENCE_CENT = new Map(SHAPES.map((shape) => [shape, ELASTICITY_GRID.map((e) => 1 / ratioForElasticity(shape, e))] as const));

/** The spend at which the marginal return has halved: comparable across shapes. */
export function halfMarginalSpend(shape: CurveShape, scaleCents: number): number {
  if (shape === 'log') return scaleCents;
  if (shape === 'hyperbolic') return scaleCents * (Math.SQRT2 - 1);
  return scaleCents * Math.LN2;
}

export function curveOutcome(curve: ResponseCurve, spendCents: number): number {
  return curve.marginalReturnPerCent * unitCurve(curve.shape, curve.scaleCents, spendCents);
}

export function curveMarginal(curve: ResponseCurve, spendCents: number): number {
  return curve.marginalReturnPerCent * unitSlope(curve.shape, curve.scaleCents, spendCents);
}

/** Share of a period's final outcome already reported at this age. */
export function reportedShare(settings: ModelSettings, ageInPeriods: number): number {
  const shares = settings.reportedShareByAge;
  return shares[Math.min(Math.max(0, ageInPeriods), shares.length - 1)] ?? 1;
}

/**
 * Condition the prior on a channel's observations. `typicalSpendCents` sets the κ grid and the
 * internal unit: use the same value every period (e.g. budget / channels) so posteriors stay comparable.
 */
export function fitChannelPosterior(
  observations: readonly ChannelObservation[],
  prior: ChannelPrior,
  settings: ModelSettings,
  typicalSpendCents: number,
): ChannelPosterior {
  const unit = Math.max(1, typicalSpendCents);
  const usable = observations.filter((o) => o.spendCents > 0).sort((a, b) => b.ageInPeriods - a.ageInPeriods);
  // Without a hint the prior is flat in elasticity at the typical spend; a hinted half-saturation
  // spend centres a log-normal prior on κ instead.
  const hinted = prior.halfSaturationCents;
  const raw = SHAPES.flatMap((shape) =>
    (SCALE_PER_REFERENCE_CENT.get(shape) ?? []).flatMap((scalePerCent) => {
      const scaleCents = scalePerCent * unit;
      const logPrior = hinted === undefined ? 0 : logCurvaturePrior(scaleCents / (hinted / halfMarginalSpend(shape, 1)));
      return HALF_LIFE_MULTIPLES.map((halfLife) => filterComponent(usable, prior, settings, unit, shape, scaleCents, settings.halfLifePeriods * halfLife, logPrior));
    }),
  );
  const maxLog = Math.max(...raw.map((c) => c.logWeight));
  const total = raw.reduce((sum, c) => sum + Math.exp(c.logWeight - maxLog), 0);
  return {
    unitCents: unit,
    components: raw.map(({ logWeight, ...c }) => ({ ...c, weight: Math.exp(logWeight - maxLog) / total })),
    observationsUsed: usable.length,
    effectiveObservations: usable.reduce((sum, o) => sum + Math.pow(0.5, Math.max(0, o.ageInPeriods) / settings.halfLifePeriods), 0),
  };
}

/**
 * One (shape, κ) component, filtered period by period (a discounted dynamic regression): between
 * periods the information about θ and σ² decays by the half-life, so θ tracks drifting
 * effectiveness; each observation is first scored by its one-step-ahead predictive density
 * (Student-t) and then absorbed. The summed predictive log densities rate the component on the
 * whole history, so the curve's shape is learned from everything while its level follows the
 * recent periods.
 */
function filterComponent(
  observations: readonly ChannelObservation[],
  prior: ChannelPrior,
  settings: ModelSettings,
  unit: number,
  shape: CurveShape,
  scaleCents: number,
  halfLifePeriods: number,
  logPrior: number,
): CurvatureComponent & { logWeight: number } {
  const curveOfUnit = (spend: number): number => unitCurve(shape, scaleCents, spend) / unit;
  const typicalX = curveOfUnit(unit);
  // Prior: θ·unit ~ N(m0, σ²/λ0), λ0 worth `weightPeriods` periods at typical spend; E[σ²] from the
  // pooled dispersion. Without a hint, m0 makes this curve match the pooled average return at the
  // typical spend: a prior on the first cent shared by all shapes would favour the flattest curves.
  let mean = prior.firstCentReturnPerCent !== undefined ? prior.firstCentReturnPerCent * unit : (prior.averageReturnPerCent * unit) / typicalX;
  let precision = prior.weightPeriods * typicalX;
  let alpha = PRIOR_ALPHA;
  let beta = (PRIOR_ALPHA - 1) * Math.max(prior.dispersionPerCent * unit, 1e-12);
  let logWeight = logPrior;
  let age: number | undefined;
  const decayPerPeriod = Math.pow(0.5, 1 / halfLifePeriods);
  const evolve = (periods: number): void => {
    const keep = Math.pow(decayPerPeriod, Math.max(0, periods));
    precision *= keep;
    alpha *= keep;
    beta *= keep;
  };
  for (const o of observations) {
    if (age !== undefined) evolve(age - o.ageInPeriods);
    age = o.ageInPeriods;
    const x = reportedShare(settings, o.ageInPeriods) * curveOfUnit(o.spendCents);
    const varianceFactor = Math.max(x, 1e-6 * typicalX);
    logWeight += logStudentT(o.outcome - mean * x, 2 * alpha, (beta / alpha) * (varianceFactor + (x * x) / precision));
    const updatedPrecision = precision + (x * x) / varianceFactor;
    const updatedMean = (precision * mean + (x * o.outcome) / varianceFactor) / updatedPrecision;
    beta += 0.5 * Math.max(0, (o.outcome * o.outcome) / varianceFactor + precision * mean * mean - updatedPrecision * updatedMean * updatedMean);
    alpha += 0.5;
    precision = updatedPrecision;
    mean = updatedMean;
  }
  if (age !== undefined) evolve(age);
  return { shape, scaleCents, halfLifePeriods, weight: 0, mean, precision, alpha, beta, logWeight };
}

/** log density of a Student-t with ν degrees of freedom and squared scale s² at `residual`. */
function logStudentT(residual: number, nu: number, scaleSquared: number): number {
  return (
    logGamma((nu + 1) / 2) -
    logGamma(nu / 2) -
    0.5 * Math.log(nu * Math.PI * scaleSquared) -
    ((nu + 1) / 2) * Math.log1p((residual * residual) / (nu * scaleSquared))
  );
}

/** Log-normal prior on κ around the κ at which the marginal return halves at the hinted spend. */
function logCurvaturePrior(multipleOfCentre: number): number {
  const distance = Math.log(multipleOfCentre);
  return -(distance * distance) / (2 * CURVATURE_PRIOR_SD * CURVATURE_PRIOR_SD);
}

/** One Thompson draw of a channel's response curve (θ truncated at 0: spend never destroys outcome). */
export function sampleCurve(posterior: ChannelPosterior, rng: Rng): ResponseCurve {
  const chosen = pickComponent(posterior.components, rng.uniform());
  const variance = chosen.beta / rng.gamma(chosen.alpha);
  const theta = chosen.mean + Math.sqrt(variance / chosen.precision) * rng.normal();
  return { shape: chosen.shape, marginalReturnPerCent: Math.max(0, theta) / posterior.unitCents, scaleCents: chosen.scaleCents };
}

function pickComponent(components: readonly CurvatureComponent[], u: number): CurvatureComponent {
  let cumulative = 0;
  for (const c of components) {
    cumulative += c.weight;
    if (u < cumulative) return c;
  }
  const last = components[components.length - 1];
  if (!last) throw new Error('a posterior has at least one component');
  return last;
}

/** The posterior-mean curve's value at a spend (exact: the mixture mean of θ, curve by curve). */
export function expectedOutcome(posterior: ChannelPosterior, spendCents: number): number {
  return posterior.components.reduce(
    (sum, c) =>
      sum + c.weight * curveOutcome({ shape: c.shape, marginalReturnPerCent: Math.max(0, c.mean) / posterior.unitCents, scaleCents: c.scaleCents }, spendCents),
    0,
  );
}

export interface Interval {
  readonly mean: number;
  readonly sd: number;
  readonly p05: number;
  readonly p95: number;
}

export interface PosteriorSummary {
  /** Outcome per extra cent at the given spend (marginal ROAS for revenue, 1/marginal CPA for conversions). */
  readonly marginalReturnPerCent: Interval;
  /** Outcome per cent over the whole spend (ROAS, or 1/CPA). */
  readonly averageReturnPerCent: Interval;
  /** Posterior mean of the spend at which the marginal return has halved. */
  readonly halfMarginalSpendCents: number;
  /** Posterior weight of each curve shape. */
  readonly shapeWeights: Readonly<Record<CurveShape, number>>;
  /** Posterior mean of the half-life: how fast the data say this channel's effectiveness drifts. */
  readonly halfLifePeriods: number;
  readonly observationsUsed: number;
  readonly effectiveObservations: number;
}

/** Monte Carlo summary at one spend level (deterministic given the rng's seed). */
export function summarisePosterior(posterior: ChannelPosterior, spendCents: number, rng: Rng, draws = 1000): PosteriorSummary {
  const marginal: number[] = [];
  const average: number[] = [];
  for (let i = 0; i < draws; i += 1) {
    const curve = sampleCurve(posterior, rng);
    marginal.push(curveMarginal(curve, spendCents));
    average.push(spendCents > 0 ? curveOutcome(curve, spendCents) / spendCents : curve.marginalReturnPerCent);
  }
  return {
    marginalReturnPerCent: interval(marginal),
    averageReturnPerCent: interval(average),
    halfMarginalSpendCents: posterior.components.reduce((sum, c) => sum + c.weight * halfMarginalSpend(c.shape, c.scaleCents), 0),
    shapeWeights: {
      log: shapeWeight(posterior, 'log'),
      hyperbolic: shapeWeight(posterior, 'hyperbolic'),
      exponential: shapeWeight(posterior, 'exponential'),
    },
    halfLifePeriods: posterior.components.reduce((sum, c) => sum + c.weight * c.halfLifePeriods, 0),
    observationsUsed: posterior.observationsUsed,
    effectiveObservations: posterior.effectiveObservations,
  };
}

/** One point of a channel's posterior return curve: the outcome one period's spend buys. */
export interface ReturnCurvePoint {
  readonly spendCents: number;
  /** Posterior mean outcome (conversions, or revenue in cents) at this spend. */
  readonly mean: number;
  /** 5th and 95th percentiles: a 90% credible band. */
  readonly p05: number;
  readonly p95: number;
}

/** How many spend levels a return curve shows, and how many posterior draws it rests on. */
export const RETURN_CURVE_POINTS = 9;
const RETURN_CURVE_DRAWS = 400;

/**
 * The posterior return curve between two spends (a channel's floor and cap): outcome per period at
 * RETURN_CURVE_POINTS evenly spaced integer spends, as the posterior mean and a 90% band. Every draw
 * is one whole curve from the posterior the allocator samples (θ ≥ 0, so each is non-decreasing and
 * concave), evaluated at every spend: the mean is then non-decreasing and concave in spend, and
 * each percentile is non-decreasing (every draw's order statistics only grow with spend). The mean
 * of the same draws lies in the band unless the posterior is wildly skewed. Deterministic given the
 * rng's seed.
 */
export function returnCurve(posterior: ChannelPosterior, fromCents: number, toCents: number, rng: Rng, draws = RETURN_CURVE_DRAWS): ReturnCurvePoint[] {
  const low = Math.max(0, Math.min(fromCents, toCents));
  const high = Math.max(low, fromCents, toCents);
  const spends = [...new Set(Array.from({ length: RETURN_CURVE_POINTS }, (_unused, k) => Math.round(low + ((high - low) * k) / (RETURN_CURVE_POINTS - 1))))];
  const outcomes = spends.map(() => [] as number[]);
  for (let i = 0; i < draws; i += 1) {
    const curve = sampleCurve(posterior, rng);
    spends.forEach((spend, k) => outcomes[k]?.push(curveOutcome(curve, spend)));
  }
  return spends.map((spendCents, k) => {
    const band = interval(outcomes[k] ?? [0]);
    return { spendCents, mean: band.mean, p05: band.p05, p95: band.p95 };
  });
}

function shapeWeight(posterior: ChannelPosterior, shape: CurveShape): number {
  return posterior.components.filter((c) => c.shape === shape).reduce((sum, c) => sum + c.weight, 0);
}

function interval(values: number[]): Interval {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const mean = sorted.reduce((sum, v) => sum + v, 0) / n;
  const sd = Math.sqrt(sorted.reduce((sum, v) => sum + (v - mean) * (v - mean), 0) / Math.max(1, n - 1));
  const at = (q: number): number => sorted[Math.min(n - 1, Math.max(0, Math.round(q * (n - 1))))] ?? 0;
  return { mean, sd, p05: at(0.05), p95: at(0.95) };
}

/** How many periods of the channel's own data the campaign's pooled return is worth when centring its prior. */
const POOLED_RETURN_WEIGHT_PERIODS = 1;

/**
 * Empirical-Bayes priors: without a hint, every channel starts from its own average return shrunk
 * towards the campaign's pooled one (the pool worth one period against the channel's own periods)
 * and the pooled noise level, the prior itself worth one period of data — so a channel with little
 * data is neither written off nor trusted blindly. Centring on the pool alone would bias every
 * channel that differs from it, and the model would then favour the fastest-forgetting components
 * only because they forget that bias. Hints override these values.
 */
export function pooledPriors(
  dataByChannel: ReadonlyMap<string, readonly ChannelObservation[]>,
  hints: ReadonlyMap<string, { marginalReturnPerCent?: number; halfSaturationCents?: number; weightPeriods?: number }>,
  settings: ModelSettings,
): Map<string, ChannelPrior> {
  const totals = new Map(
    [...dataByChannel].map(([channel, observations]) => [
      channel,
      {
        outcome: observations.reduce((t, o) => t + o.outcome, 0),
        exposure: observations.reduce((t, o) => t + reportedShare(settings, o.ageInPeriods) * o.spendCents, 0),
        periods: observations.filter((o) => o.spendCents > 0).length,
      },
    ]),
  );
  const outcome = [...totals.values()].reduce((t, c) => t + c.outcome, 0);
  const exposure = [...totals.values()].reduce((t, c) => t + c.exposure, 0);
  const pooledReturn = exposure > 0 ? outcome / exposure : 0;
  const dispersions = [...dataByChannel.values()].map((obs) => ratioDispersion(obs, settings)).filter((d): d is number => d !== undefined);
  const sortedDispersions = dispersions.sort((a, b) => a - b);
  const pooledDispersionPerCent = sortedDispersions[Math.floor(sortedDispersions.length / 2)] ?? Math.max(pooledReturn, 1e-9);
  const priors = new Map<string, ChannelPrior>();
  for (const channel of new Set([...dataByChannel.keys(), ...hints.keys()])) {
    const hint = hints.get(channel) ?? {};
    const own = totals.get(channel) ?? { outcome: 0, exposure: 0, periods: 0 };
    const ownReturn = own.exposure > 0 ? own.outcome / own.exposure : pooledReturn;
    priors.set(channel, {
      averageReturnPerCent: (own.periods * ownReturn + POOLED_RETURN_WEIGHT_PERIODS * pooledReturn) / (own.periods + POOLED_RETURN_WEIGHT_PERIODS),
      ...(hint.marginalReturnPerCent !== undefined ? { firstCentReturnPerCent: hint.marginalReturnPerCent } : {}),
      weightPeriods: hint.weightPeriods ?? 1,
      ...(hint.halfSaturationCents !== undefined ? { halfSaturationCents: hint.halfSaturationCents } : {}),
      dispersionPerCent: pooledDispersionPerCent,
    });
  }
  return priors;
}

/** σ² per cent of expected outcome under a linear fit: (y − r·x)²/x averaged, x = reported spend. */
function ratioDispersion(observations: readonly ChannelObservation[], settings: ModelSettings): number | undefined {
  const points = observations.filter((o) => o.spendCents > 0).map((o) => ({ x: reportedShare(settings, o.ageInPeriods) * o.spendCents, y: o.outcome }));
  if (points.length < 3) return undefined;
  const ratio = points.reduce((s, p) => s + p.y, 0) / points.reduce((s, p) => s + p.x, 0);
  return points.reduce((s, p) => s + ((p.y - ratio * p.x) ** 2) / p.x, 0) / (points.length - 1);
}

/** Lanczos approximation (g = 7, n = 9): ln Γ(x) for x > 0. */
export function logGamma(x: number): number {
  const coefficients = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
    -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const xm1 = x - 1;
  let sum = coefficients[0] ?? 1;
  for (let i = 1; i < coefficients.length; i += 1) sum += (coefficients[i] ?? 0) / (xm1 + i);
  const t = xm1 + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (xm1 + 0.5) * Math.log(t) - t + Math.log(sum);
}
