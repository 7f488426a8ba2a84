/**
 * A market of channels with known, saturating response curves, for measuring allocation regret.
 *
 * - Curves: 1 − exp (V·(1 − e^(−s/K))) or concave Hill (V·s^a/(s^a + K^a), a < 1), parameters drawn per seed.
 * - Drift: each channel's scale V follows a random walk; at mid-run the best channel halves, the worst gains 2.5×.
 * - Noise: conversions are Gamma-Poisson (over-dispersed counts).
 * - Delay: a period's conversions are reported over three periods (50%, 80%, 100% cumulative).
 * - Glitches: 2% of channel-periods report broken tracking (×0.1 or ×4) that never gets corrected.
 * The best allocation of each period is solved exactly from the true curves (KKT + bisection).
 */
import type { PeriodAggregate } from '../../shared/budget/schemas';
import { createRng, type Rng } from '../../shared/budget/random';

export const REPORTED_SHARE_BY_AGE = [0.5, 0.8, 1] as const;

export interface TrueCurve {
  readonly kind: 'exp' | 'hill';
  /** Saturation level (conversions per period) per period index, drift included. */
  readonly scaleByPeriod: readonly number[];
  readonly halfSaturationCents: number;
  readonly hillExponent: number;
  readonly costPerClickCents: number;
}

export interface Market {
  readonly channels: readonly string[];
  readonly curves: readonly TrueCurve[];
  readonly periods: number;
  readonly budgetCents: number;
  readonly floorCents: readonly number[];
  readonly capCents: readonly number[];
}

const CHANNEL_TEMPLATES = [
  { channel: 'search', kind: 'exp', scale: 400, k: 40_000, exponent: 1, cpc: 80 },
  { channel: 'feed', kind: 'hill', scale: 600, k: 80_000, exponent: 0.8, cpc: 40 },
  { channel: 'sms', kind: 'exp', scale: 150, k: 15_000, exponent: 1, cpc: 30 },
  { channel: 'push', kind: 'exp', scale: 100, k: 10_000, exponent: 1, cpc: 20 },
  { channel: 'email', kind: 'hill', scale: 250, k: 30_000, exponent: 0.6, cpc: 25 },
] as const;

export function createMarket(seed: number, periods: number, budgetCents = 100_000): Market {
  const rng = createRng(seed);
  const lognormal = (sd: number): number => Math.exp(sd * rng.normal());
  const curves: TrueCurve[] = CHANNEL_TEMPLATES.map((t) => {
    const base = t.scale * lognormal(0.35);
    const scaleByPeriod: number[] = [];
    let walk = 0;
    for (let p = 0; p < periods; p += 1) {
      walk += 0.02 * rng.normal();
      scaleByPeriod.push(base * Math.exp(walk));
    }
    return { kind: t.kind, scaleByPeriod, halfSaturationCents: t.k * lognormal(0.35), hillExponent: t.exponent, costPerClickCents: t.cpc * lognormal(0.2) };
  });
  // Mid-run regime change: the channel that starts best loses half its effect, the worst gains 2.5×.
  const equalSplit = budgetCents / curves.length;
  const ranked = curves.map((c, i) => ({ i, marginal: marginalAt(c, 0, equalSplit) })).sort((a, b) => b.marginal - a.marginal);
  const factorFor = new Map([[ranked[0]?.i, 0.5], [ranked[ranked.length - 1]?.i, 2.5]]);
  const drifted = curves.map((c, i) => {
    const factor = factorFor.get(i) ?? 1;
    return { ...c, scaleByPeriod: c.scaleByPeriod.map((v, p) => (p < periods / 2 ? v : v * factor)) };
  });
  return {
    channels: CHANNEL_TEMPLATES.map((t) => t.channel),
    curves: drifted,
    periods,
    budgetCents,
    floorCents: CHANNEL_TEMPLATES.map(() => Math.round(budgetCents * 0.02)),
    capCents: CHANNEL_TEMPLATES.map(() => Math.round(budgetCents * 0.6)),
  };
}

export function trueOutcome(curve: TrueCurve, period: number, spendCents: number): number {
  const scale = curve.scaleByPeriod[period] ?? 0;
  const k = curve.halfSaturationCents;
  if (curve.kind === 'exp') return scale * (1 - Math.exp(-spendCents / k));
  const x = Math.pow(spendCents, curve.hillExponent);
  return (scale * x) / (x + Math.pow(k, curve.hillExponent));
}

function marginalAt(curve: TrueCurve, period: number, spendCents: number): number {
  const h = Math.max(1, spendCents * 1e-6);
  return (trueOutcome(curve, period, spendCents + h) - trueOutcome(curve, period, Math.max(0, spendCents - h))) / (spendCents + h - Math.max(0, spendCents - h));
}

/**
 * The exact optimum of Σ f_i(s_i) under floors, caps and Σ s_i = budget: every channel inside its
 * bounds has the same marginal return λ. Bisection on λ, with each f_i'^{-1} found by bisection.
 */
export function optimalAllocation(market: Market, period: number): number[] {
  const spendAt = (i: number, lambda: number): number => {
    let lo = market.floorCents[i] ?? 0;
    let hi = market.capCents[i] ?? 0;
    const curve = market.curves[i];
    if (!curve) return lo;
    if (marginalAt(curve, period, lo) <= lambda) return lo;
    if (marginalAt(curve, period, hi) >= lambda) return hi;
    for (let iteration = 0; iteration < 100; iteration += 1) {
      const mid = (lo + hi) / 2;
      if (marginalAt(curve, period, mid) > lambda) lo = mid;
      else hi = mid;
    }
    return (lo + hi) / 2;
  };
  const total = (lambda: number): number => market.curves.reduce((sum, _c, i) => sum + spendAt(i, lambda), 0);
  let low = 0;
  let high = Math.max(...market.curves.map((c) => marginalAt(c, period, 0))) * 2;
  for (let iteration = 0; iteration < 200; iteration += 1) {
    const mid = (low + high) / 2;
    if (total(mid) > market.budgetCents) low = mid;
    else high = mid;
  }
  return market.curves.map((_c, i) => spendAt(i, (low + high) / 2));
}

export function totalTrueOutcome(market: Market, period: number, allocation: readonly number[]): number {
  return market.curves.reduce((sum, c, i) => sum + trueOutcome(c, period, allocation[i] ?? 0), 0);
}

/** What actually happened in one channel-period (the realised, not the expected, outcome). */
export interface Realised {
  readonly period: number;
  readonly channel: string;
  readonly spendCents: number;
  readonly conversions: number;
  readonly clicks: number;
  /** Broken tracking multiplies what is reported, never what happened. */
  readonly trackingFactor: number;
}

export function realise(market: Market, period: number, allocation: readonly number[], rng: Rng): Realised[] {
  return market.curves.map((curve, i) => {
    const spendCents = allocation[i] ?? 0;
    const mean = trueOutcome(curve, period, spendCents);
    const conversions = poisson(mean * (rng.gamma(20) / 20), rng);
    const clicks = poisson(spendCents / curve.costPerClickCents, rng);
    const glitch = rng.uniform();
    const trackingFactor = glitch < 0.01 ? 0.1 : glitch < 0.02 ? 4 : 1;
    return { period, channel: market.channels[i] ?? '', spendCents, conversions, clicks, trackingFactor };
  });
}

/** The aggregates an allocation run at the start of `now` can read: conversions reported so far. */
export function aggregatesAt(history: readonly Realised[], now: number, campaignId: string, periodKeyOf: (p: number) => string): PeriodAggregate[] {
  return history
    .filter((r) => r.period < now)
    .map((r) => {
      const age = now - 1 - r.period;
      const share = REPORTED_SHARE_BY_AGE[Math.min(age, REPORTED_SHARE_BY_AGE.length - 1)] ?? 1;
      const conversions = Math.round(r.conversions * r.trackingFactor * share);
      return {
        campaignId,
        channel: r.channel,
        period: periodKeyOf(r.period),
        totals: { spendCents: r.spendCents, impressions: r.clicks * 50, clicks: r.clicks, conversions, revenueCents: 0 },
        contributions: {},
        version: 1 + Math.min(age, REPORTED_SHARE_BY_AGE.length - 1),
        lateChanges: 0,
      };
    });
}

function poisson(mean: number, rng: Rng): number {
  if (mean <= 0) return 0;
  if (mean > 50) return Math.max(0, Math.round(mean + Math.sqrt(mean) * rng.normal()));
  const limit = Math.exp(-mean);
  let k = 0;
  let product = rng.uniform();
  while (product > limit) {
    k += 1;
    product *= rng.uniform();
  }
  return k;
}
