import {
  curveMarginal,
  curveOutcome,
  fitChannelPosterior,
  logGamma,
  pooledPriors,
  RETURN_CURVE_POINTS,
  returnCurve,
  summarisePosterior,
  type ChannelObservation,
  type ChannelPrior,
  type ResponseCurve,
} from '../../shared/budget/model';
import { createRng } from '../../shared/budget/random';
import { saturating } from './helpers';

const settings = { halfLifePeriods: 30, reportedShareByAge: [1] };
const prior: ChannelPrior = { averageReturnPerCent: 0.004, weightPeriods: 1, dispersionPerCent: 0.01 };

/** Observations of a channel whose true curve is `truth`, with ±10% noise, spend spread over [low, high]. */
function observe(truth: (s: number) => number, low: number, high: number, periods: number, seed = 1): ChannelObservation[] {
  const rng = createRng(seed);
  return Array.from({ length: periods }, (_v, i) => {
    const spendCents = low + (high - low) * rng.uniform();
    return { period: `p${i}`, spendCents, outcome: truth(spendCents) * (1 + 0.1 * rng.normal()), ageInPeriods: periods - 1 - i };
  });
}

describe('response curves', () => {
  it.each(['log', 'hyperbolic', 'exponential'] as const)('a %s curve starts at θ per cent and is concave', (shape) => {
    const curve: ResponseCurve = { shape, marginalReturnPerCent: 0.01, scaleCents: 10_000 };
    expect(curveMarginal(curve, 0)).toBeCloseTo(0.01, 12);
    expect(curveOutcome(curve, 0)).toBe(0);
    const marginals = [0, 5_000, 10_000, 40_000].map((s) => curveMarginal(curve, s));
    marginals.slice(1).forEach((m, i) => expect(m).toBeLessThan(marginals[i] ?? Infinity));
  });
});

describe('fitChannelPosterior', () => {
  it('recovers the marginal return of a saturating channel observed over a range of spends', () => {
    const truth = saturating(300, 20_000);
    const posterior = fitChannelPosterior(observe(truth, 5_000, 45_000, 60), prior, settings, 20_000);
    const summary = summarisePosterior(posterior, 25_000, createRng(3));
    const trueMarginal = (300 / 20_000) * Math.exp(-25_000 / 20_000);
    expect(summary.marginalReturnPerCent.p05).toBeLessThan(trueMarginal);
    expect(summary.marginalReturnPerCent.p95).toBeGreaterThan(trueMarginal);
    expect(summary.averageReturnPerCent.mean).toBeCloseTo(truth(25_000) / 25_000, 3);
  });

  it('does not overstate the marginal return of a channel spending deep into saturation', () => {
    // Outcome barely moves between 15k and 30k: the first cent is worth far more than the next one.
    const truth = saturating(400, 5_000);
    const data = observe(truth, 15_000, 30_000, 40, 2);
    const channelPrior = pooledPriors(new Map([['sms', data]]), new Map(), settings).get('sms') as ChannelPrior;
    const posterior = fitChannelPosterior(data, channelPrior, settings, 20_000);
    const summary = summarisePosterior(posterior, 22_500, createRng(4));
    const trueMarginal = (400 / 5_000) * Math.exp(-22_500 / 5_000);
    expect(summary.marginalReturnPerCent.p05).toBeLessThan(trueMarginal);
    expect(summary.marginalReturnPerCent.mean).toBeLessThan(0.15 * summary.averageReturnPerCent.mean);
  });

  it('does not mistake a stable channel that differs from the campaign average for drift', () => {
    const strong = observe(saturating(600, 20_000), 10_000, 30_000, 40);
    const weak = (seed: number): ChannelObservation[] => observe(saturating(100, 20_000), 10_000, 30_000, 40, seed);
    const priors = pooledPriors(new Map([['strong', strong], ['weak', weak(2)], ['weaker', weak(3)]]), new Map(), settings);
    const summary = summarisePosterior(fitChannelPosterior(strong, priors.get('strong') as ChannelPrior, settings, 20_000), 20_000, createRng(1));
    // Forgetting fast would only throw away data here: the channel never changed.
    expect(summary.halfLifePeriods).toBeGreaterThan(settings.halfLifePeriods / 2);
  });

  it('rests on the prior without data and narrows with it', () => {
    const empty = summarisePosterior(fitChannelPosterior([], prior, settings, 20_000), 20_000, createRng(1));
    expect(empty.averageReturnPerCent.mean).toBeGreaterThan(0.002);
    expect(empty.averageReturnPerCent.mean).toBeLessThan(0.008);
    expect(empty.observationsUsed).toBe(0);
    const informed = summarisePosterior(fitChannelPosterior(observe(saturating(300, 20_000), 5_000, 45_000, 40), prior, settings, 20_000), 20_000, createRng(1));
    expect(informed.marginalReturnPerCent.sd).toBeLessThan(empty.marginalReturnPerCent.sd / 2);
  });

  it('learns nothing about θ from zero-spend periods', () => {
    const data = observe(saturating(300, 20_000), 5_000, 45_000, 20);
    const withIdle = [...data, { period: 'idle', spendCents: 0, outcome: 7, ageInPeriods: 0 }];
    expect(fitChannelPosterior(withIdle, prior, settings, 20_000)).toEqual(fitChannelPosterior(data, prior, settings, 20_000));
  });

  it('reads a period whose conversions are still arriving at its reported share, not as a drop', () => {
    const lagged = { ...settings, reportedShareByAge: [0.5, 1] };
    const complete = observe(saturating(300, 20_000), 5_000, 45_000, 30);
    const newest = complete[complete.length - 1] as ChannelObservation;
    const halfReported = [...complete.slice(0, -1), { ...newest, outcome: newest.outcome / 2 }];
    const unaware = summarisePosterior(fitChannelPosterior(halfReported, prior, settings, 20_000), 20_000, createRng(5));
    const aware = summarisePosterior(fitChannelPosterior(halfReported, prior, lagged, 20_000), 20_000, createRng(5));
    const truth = summarisePosterior(fitChannelPosterior(complete, prior, settings, 20_000), 20_000, createRng(5));
    expect(Math.abs(aware.averageReturnPerCent.mean - truth.averageReturnPerCent.mean)).toBeLessThan(
      Math.abs(unaware.averageReturnPerCent.mean - truth.averageReturnPerCent.mean) / 3,
    );
  });

  it('follows a drop in effectiveness faster than it forgets the curve', () => {
    const before = observe(saturating(300, 20_000), 5_000, 45_000, 60).map((o) => ({ ...o, ageInPeriods: o.ageInPeriods + 20 }));
    const after = observe(saturating(150, 20_000), 5_000, 45_000, 20, 2);
    const summary = summarisePosterior(fitChannelPosterior([...before, ...after], prior, settings, 20_000), 25_000, createRng(1));
    expect(summary.averageReturnPerCent.mean).toBeLessThan((0.7 * saturating(300, 20_000)(25_000)) / 25_000);
  });
});

describe('returnCurve', () => {
  const truth = saturating(300, 20_000);
  const posterior = fitChannelPosterior(observe(truth, 5_000, 45_000, 60), prior, settings, 20_000);

  it('spans floor to cap, rises with spend and flattens as the channel saturates', () => {
    const curve = returnCurve(posterior, 5_000, 70_000, createRng(7));
    expect(curve.map((p) => p.spendCents)).toEqual([5_000, 13_125, 21_250, 29_375, 37_500, 45_625, 53_750, 61_875, 70_000]);
    expect(curve).toHaveLength(RETURN_CURVE_POINTS);
    curve.slice(1).forEach((point, i) => {
      const before = curve[i] as (typeof curve)[number];
      expect(point.mean).toBeGreaterThanOrEqual(before.mean);
      expect(point.p05).toBeGreaterThanOrEqual(before.p05);
      expect(point.p95).toBeGreaterThanOrEqual(before.p95);
    });
    // Diminishing returns: each equal step of spend buys less than the one before.
    const gains = curve.slice(1).map((point, i) => point.mean - (curve[i]?.mean ?? 0));
    gains.slice(1).forEach((gain, i) => expect(gain).toBeLessThan(gains[i] ?? 0));
  });

  it('holds the posterior mean inside a 90% band that covers the true curve where the data are', () => {
    const curve = returnCurve(posterior, 0, 45_000, createRng(7));
    for (const point of curve) {
      expect(point.p05).toBeLessThanOrEqual(point.mean);
      expect(point.mean).toBeLessThanOrEqual(point.p95);
      expect([point.mean, point.p05, point.p95].every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
      if (point.spendCents >= 5_000) {
        expect(point.p05).toBeLessThan(truth(point.spendCents));
        expect(point.p95).toBeGreaterThan(truth(point.spendCents));
      }
    }
    expect(curve[0]).toEqual({ spendCents: 0, mean: 0, p05: 0, p95: 0 });
  });

  it('is wider without data than with it, and reproducible from its seed', () => {
    const empty = fitChannelPosterior([], prior, settings, 20_000);
    const width = (p: ReturnType<typeof returnCurve>): number => (p[p.length - 1]?.p95 ?? 0) - (p[p.length - 1]?.p05 ?? 0);
    expect(width(returnCurve(posterior, 0, 40_000, createRng(1)))).toBeLessThan(width(returnCurve(empty, 0, 40_000, createRng(1))) / 2);
    expect(returnCurve(posterior, 0, 40_000, createRng(9))).toEqual(returnCurve(posterior, 0, 40_000, createRng(9)));
  });

  it('collapses to the distinct integer spends when floor and cap are close, and to one point when they meet', () => {
    expect(returnCurve(posterior, 100, 103, createRng(1)).map((p) => p.spendCents)).toEqual([100, 101, 102, 103]);
    expect(returnCurve(posterior, 2_000, 2_000, createRng(1)).map((p) => p.spendCents)).toEqual([2_000]);
  });
});

describe('pooledPriors', () => {
  it('centres each channel on its own return shrunk towards the pooled one, and lets a hint override it', () => {
    const returnOf = (obs: readonly ChannelObservation[]): number => obs.reduce((t, o) => t + o.outcome, 0) / obs.reduce((t, o) => t + o.spendCents, 0);
    const search = observe(saturating(300, 20_000), 10_000, 30_000, 10);
    const feed = observe(saturating(100, 20_000), 10_000, 30_000, 10);
    const priors = pooledPriors(new Map([['search', search], ['feed', feed]]), new Map([['feed', { marginalReturnPerCent: 0.02, weightPeriods: 5 }]]), settings);
    const pooled = returnOf([...search, ...feed]);
    const searchPrior = priors.get('search')?.averageReturnPerCent ?? 0;
    expect(searchPrior).toBeGreaterThan(pooled);
    expect(searchPrior).toBeLessThan(returnOf(search));
    expect(Math.abs(searchPrior - returnOf(search))).toBeLessThan(Math.abs(searchPrior - pooled));
    expect(priors.get('feed')?.averageReturnPerCent).toBeLessThan(pooled);
    expect(priors.get('search')?.firstCentReturnPerCent).toBeUndefined();
    expect(priors.get('feed')).toMatchObject({ firstCentReturnPerCent: 0.02, weightPeriods: 5 });
    expect(pooledPriors(new Map([['search', search]]), new Map([['new-channel', {}]]), settings).get('new-channel')?.averageReturnPerCent).toBeCloseTo(returnOf(search), 12);
  });
});

describe('logGamma', () => {
  it('matches known values', () => {
    expect(logGamma(1)).toBeCloseTo(0, 10);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 10);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 10);
    expect(logGamma(100.5)).toBeCloseTo(361.4355404, 5);
  });
});
