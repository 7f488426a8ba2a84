/**
 * Thompson-sampling budget allocation across a campaign's channels, for one period.
 *
 * 1. Rebuild each channel's per-period (spend, outcome) series from the effect aggregates.
 * 2. Score each channel's series for anomalies; flagged periods leave the model, and a channel
 *    whose newest period is flagged keeps its current allocation (frozen).
 * 3. Fit each channel's response-curve posterior (model.ts) and draw one curve per channel.
 * 4. Give the budget, chunk by chunk, to the channel whose drawn curve returns most for the next
 *    chunk, within floors, caps and the per-period step limit (exactly optimal for concave curves).
 * 5. Explain: posterior summaries, probability each channel is best, anomalies, binding constraints.
 *
 * Everything random comes from a PRNG seeded by (campaignId, period): the same inputs always give
 * the same allocation, so a retried or replayed run is idempotent.
 */
import { own } from '../validation/keys';
import type { PointScore, SeriesPoint } from './anomaly';
import { anomalyOptionsForPeriods, isAnomalous, neighbourOutliers, scoreSeries } from './anomaly';
import type { ChannelObservation, ChannelPosterior, PosteriorSummary, ResponseCurve, ReturnCurvePoint } from './model';
import { curveMarginal, curveOutcome, expectedOutcome, fitChannelPosterior, pooledPriors, reportedShare, returnCurve, sampleCurve, summarisePosterior } from './model';
import type { Rng } from './random';
import { allocationSeed, createRng, seedFromKey } from './random';
import type { CampaignConfig, PeriodAggregate } from './schemas';
import { cadenceMinutes, periodKey } from './schemas';

export interface AllocationRequest {
  readonly config: CampaignConfig;
  /** Key of the period being allocated: periodKey(config.cadence, its start). */
  readonly period: string;
  /** The allocation in force in the previous period, by channel; omit for the campaign's first period. */
  readonly current?: Readonly<Record<string, number>>;
  /** Effect aggregates of earlier periods, at least lookbackPeriods(config) back; others are ignored. */
  readonly aggregates: readonly PeriodAggregate[];
  /** Earlier allocations, so spend can be checked against plan (pacing anomalies). Optional. */
  readonly allocationHistory?: readonly { readonly period: string; readonly allocations: Readonly<Record<string, number>> }[];
}

export type BindingConstraint = 'floor' | 'cap' | 'step-down' | 'step-up' | 'frozen';

export interface FlaggedPoint {
  readonly period: string;
  /** pacing = spend ÷ planned spend; clicksPerSpend = clicks per cent; returnPerSpend = outcome per cent. */
  readonly metric: AnomalyMetric;
  readonly value: number;
  /** The typical value the detector expected (a geometric median, so approximate). */
  readonly expected: number;
  readonly score: number;
}

export interface ChannelExplanation {
  readonly channel: string;
  readonly currentCents: number | null;
  readonly allocatedCents: number;
  readonly changeCents: number;
  readonly floorCents: number;
  readonly capCents: number;
  /** The step limit from config (before any relaxation); null without a current allocation. */
  readonly stepLimitCents: number | null;
  readonly lowerBoundCents: number;
  readonly upperBoundCents: number;
  readonly binding: readonly BindingConstraint[];
  readonly frozen: boolean;
  readonly probabilityBest: number;
  /** Posterior at the current spend (or the allocation, without a current one). */
  readonly posterior: PosteriorSummary;
  /** The Thompson draw that drove this allocation: marginal return at the allocated spend. */
  readonly sampledMarginalReturnPerCent: number | null;
  readonly anomalies: readonly FlaggedPoint[];
  readonly excludedPeriods: readonly string[];
  /** Outcome per period at spends from the floor to the cap: posterior mean and 90% band, from the posterior the Thompson draw came from. */
  readonly returnCurve: readonly ReturnCurvePoint[];
}

export interface AllocationExplanation {
  readonly mode: 'burn-in' | 'thompson';
  readonly objective: CampaignConfig['objective'];
  readonly seed: number;
  readonly dataPeriods: number;
  readonly burnInPeriods: number;
  /** Present when the step limit had to be widened to make floors, caps and the budget meet. */
  readonly stepRelaxation: { readonly extraCents: number; readonly releasedFrozen: readonly string[] } | null;
  /** Only for objective 'cpa': with a budget that must be spent, CPA is minimised by maximising conversions; this reports how the plan compares with the target. */
  readonly cpa: { readonly targetCpaCents: number; readonly projectedCpaCents: number | null; readonly probabilityWithinTarget: number } | null;
  readonly channels: readonly ChannelExplanation[];
}

export interface AllocationResult {
  readonly campaignId: string;
  readonly period: string;
  /** Integer cents by channel, summing exactly to totalBudgetCents. */
  readonly allocations: Readonly<Record<string, number>>;
  readonly explanation: AllocationExplanation;
  /** Lineage: the aggregate versions this allocation read. */
  readonly inputs: readonly { readonly channel: string; readonly period: string; readonly version: number }[];
}

export type AnomalyMetric = 'pacing' | 'clicksPerSpend' | 'returnPerSpend';

/** A model observation plus the event counts that say how noisy its ratios are. */
type ObservedPeriod = ChannelObservation & { readonly clicks: number; readonly conversions: number };

const PROBABILITY_BEST_DRAWS = 500;
const FILL_CHUNKS = 2000;

/** How many periods of aggregates the handler should load: older ones weigh under 2%. */
export function lookbackPeriods(config: CampaignConfig): number {
  return Math.min(1000, Math.ceil(config.model.halfLifePeriods * 6));
}

/** Decide one period's allocation. Pure: same request, same result. */
export function allocateBudget(request: AllocationRequest): AllocationResult {
  const { config, period, current } = request;
  if (periodKey(config.cadence, period) !== period) throw new RangeError(`period ${period} is not a period start for cadence ${String(config.cadence)}`);
  const names = config.channels.map((c) => c.channel);
  const periodMs = cadenceMinutes(config.cadence) * 60_000;
  const seed = allocationSeed(config.campaignId, period);

  const { observations, inputs } = collectObservations(request, periodMs);
  const planned = plannedSpend(request.allocationHistory ?? []);
  const anomalyOptions = anomalyOptionsForPeriods(periodMs, config.anomaly.seasonLength);
  const anomalies = new Map(
    names.map((name) => [name, detectChannelAnomalies(observations.get(name) ?? [], planned, name, anomalyOptions, config)] as const),
  );
  const included = new Map(
    names.map((name) => {
      const excluded = anomalies.get(name)?.excludedPeriods ?? new Set<string>();
      return [name, (observations.get(name) ?? []).filter((o) => !excluded.has(o.period))] as const;
    }),
  );
  const typicalSpend = config.totalBudgetCents / names.length;
  const hints = new Map(config.channels.flatMap((c) => (c.prior ? [[c.channel, c.prior] as const] : [])));
  const priors = pooledPriors(included, hints, config.model);
  const posteriors = names.map((name) => {
    const prior = priors.get(name);
    if (!prior) throw new Error(`no prior for ${name}`);
    return fitChannelPosterior(included.get(name) ?? [], prior, config.model, typicalSpend);
  });

  const currentCents = current ? names.map((name) => own(current, name) ?? 0) : undefined;
  const frozen = names.map((name) => Boolean(current) && config.anomaly.freezeOnAnomaly && (anomalies.get(name)?.freeze ?? false));
  const bounds = feasibleBounds(config, currentCents, frozen);
  const dataPeriods = new Set([...observations.values()].flatMap((obs) => obs.map((o) => o.period))).size;
  const burnIn = dataPeriods < config.burnInPeriods;

  const drawRng = createRng(seed);
  const drawn = posteriors.map((posterior) => sampleCurve(posterior, drawRng));
  const allocation = burnIn
    ? projectOntoBounds(currentCents ?? names.map(() => 0), bounds.lower, bounds.upper, config.totalBudgetCents)
    : waterFill(drawn, bounds.lower, bounds.upper, config.totalBudgetCents);

  const referenceSpend = currentCents ?? allocation;
  const monteCarlo = probabilityBest(posteriors, referenceSpend, allocation, createRng(seedFromKey(`${seed}|probability-best`)));
  const summaryRng = createRng(seedFromKey(`${seed}|summary`));
  const curveRng = createRng(seedFromKey(`${seed}|return-curve`));
  const channels: ChannelExplanation[] = names.map((name, i) => {
    const channelConfig = config.channels[i];
    const allocated = allocation[i] ?? 0;
    const posterior = posteriors[i];
    if (!channelConfig || !posterior) throw new Error('unreachable: channel arrays are aligned');
    const cur = currentCents?.[i];
    const report = anomalies.get(name);
    const curve = drawn[i];
    return {
      channel: name,
      currentCents: cur ?? null,
      allocatedCents: allocated,
      changeCents: cur === undefined ? 0 : allocated - cur,
      floorCents: channelConfig.floorCents,
      capCents: channelConfig.capCents,
      stepLimitCents: cur === undefined ? null : stepLimit(config, cur),
      lowerBoundCents: bounds.lower[i] ?? 0,
      upperBoundCents: bounds.upper[i] ?? 0,
      binding: bindingConstraints(allocated, channelConfig, cur, bounds.frozen[i] ?? false, stepLimit(config, cur ?? 0) + bounds.extraStepCents),
      frozen: bounds.frozen[i] ?? false,
      probabilityBest: monteCarlo.probabilityBest[i] ?? 0,
      posterior: summarisePosterior(posterior, referenceSpend[i] ?? allocated, summaryRng),
      sampledMarginalReturnPerCent: burnIn || !curve ? null : curveMarginal(curve, allocated),
      anomalies: report?.flagged ?? [],
      excludedPeriods: [...(report?.excludedPeriods ?? [])].sort(),
      returnCurve: returnCurve(posterior, channelConfig.floorCents, channelConfig.capCents, curveRng),
    };
  });
  const expectedTotal = posteriors.reduce((sum, p, i) => sum + expectedOutcome(p, allocation[i] ?? 0), 0);
  const explanation: AllocationExplanation = {
    mode: burnIn ? 'burn-in' : 'thompson',
    objective: config.objective,
    seed,
    dataPeriods,
    burnInPeriods: config.burnInPeriods,
    stepRelaxation:
      bounds.extraStepCents > 0 || bounds.releasedFrozen.length > 0
        ? { extraCents: bounds.extraStepCents, releasedFrozen: bounds.releasedFrozen.map((i) => names[i] ?? '') }
        : null,
    cpa:
      config.objective === 'cpa' && config.targetCpaCents !== undefined
        ? {
            targetCpaCents: config.targetCpaCents,
            projectedCpaCents: expectedTotal > 0 ? config.totalBudgetCents / expectedTotal : null,
            probabilityWithinTarget: monteCarlo.outcomeTotals.filter((total) => total > 0 && config.totalBudgetCents / total <= (config.targetCpaCents ?? 0)).length / monteCarlo.outcomeTotals.length,
          }
        : null,
    channels,
  };
  return {
    campaignId: config.campaignId,
    period,
    allocations: Object.fromEntries(names.map((name, i) => [name, allocation[i] ?? 0])),
    explanation,
    inputs,
  };
}

/** Per channel, the observations of earlier periods within the lookback, oldest first. */
function collectObservations(
  request: AllocationRequest,
  periodMs: number,
): { observations: Map<string, ObservedPeriod[]>; inputs: AllocationResult['inputs'] } {
  const { config, period, aggregates } = request;
  const start = Date.parse(period);
  const lookback = lookbackPeriods(config);
  const wanted = new Set(config.channels.map((c) => c.channel));
  // One aggregate per (channel, period instant): a feed can deliver the same period twice or spell it
  // two ways; the highest version wins (the later one on a tie). A period that does not parse is skipped.
  const latest = new Map<string, PeriodAggregate>();
  for (const aggregate of aggregates) {
    if (aggregate.campaignId !== config.campaignId || !wanted.has(aggregate.channel)) continue;
    const at = Date.parse(aggregate.period);
    if (!Number.isFinite(at)) continue;
    const key = `${aggregate.channel}|${at}`;
    const known = latest.get(key);
    if (!known || aggregate.version >= known.version) latest.set(key, aggregate);
  }
  const observations = new Map<string, ObservedPeriod[]>();
  const inputs: { channel: string; period: string; version: number }[] = [];
  for (const aggregate of latest.values()) {
    const ageInPeriods = Math.round((start - Date.parse(aggregate.period)) / periodMs) - 1;
    if (ageInPeriods < 0 || ageInPeriods >= lookback) continue;
    const list = observations.get(aggregate.channel) ?? [];
    list.push({
      period: aggregate.period,
      spendCents: aggregate.totals.spendCents,
      outcome: config.objective === 'revenue' ? aggregate.totals.revenueCents : aggregate.totals.conversions,
      ageInPeriods,
      clicks: aggregate.totals.clicks,
      conversions: aggregate.totals.conversions,
    });
    observations.set(aggregate.channel, list);
    inputs.push({ channel: aggregate.channel, period: aggregate.period, version: aggregate.version });
  }
  for (const list of observations.values()) list.sort((a, b) => Date.parse(a.period) - Date.parse(b.period));
  inputs.sort((a, b) => a.period.localeCompare(b.period) || a.channel.localeCompare(b.channel));
  return { observations, inputs };
}

function plannedSpend(history: NonNullable<AllocationRequest['allocationHistory']>): Map<string, Readonly<Record<string, number>>> {
  return new Map(history.map((h) => [h.period, h.allocations]));
}

interface ChannelAnomalies {
  readonly flagged: FlaggedPoint[];
  readonly excludedPeriods: Set<string>;
  /** The newest closed period is anomalous. */
  readonly freeze: boolean;
}

/**
 * Score pacing (spend ÷ plan), clicks per cent and return per cent (outcome corrected for reporting
 * lag ÷ spend), on a log scale: a halving is as unusual as a doubling, and a period with no
 * conversions is a deep drop, not a small one. Spend alone is not scored: the allocator moves it on
 * purpose. A period is scored only when the channel's usual rate at that spend promises at least
 * minEventsPerPoint clicks or conversions: ratios over a handful of events are noise. The promise,
 * not the observed count, decides, so a tracking outage (no conversions where a hundred were due)
 * is scored and caught. Past points that stand out from the periods on both sides of them are
 * flagged too (neighbourOutliers), so a glitch in the weeks before the scores are calibrated still
 * stays out of the model. Flagged points report the plain ratio and its typical value.
 */
function detectChannelAnomalies(
  observations: readonly ObservedPeriod[],
  planned: ReadonlyMap<string, Readonly<Record<string, number>>>,
  channel: string,
  options: ReturnType<typeof anomalyOptionsForPeriods>,
  config: CampaignConfig,
): ChannelAnomalies {
  const spent = observations.filter((o) => o.spendCents > 0);
  const usualRate = (events: (o: ObservedPeriod) => number): number => medianOf(spent.map((o) => events(o) / o.spendCents));
  const clicksPerCent = usualRate((o) => o.clicks);
  const conversionsPerCent = usualRate((o) => o.conversions / reportedShare(config.model, o.ageInPeriods));
  const promises = (rate: number, o: ObservedPeriod, share = 1): boolean => rate * o.spendCents * share >= Math.max(1, config.anomaly.minEventsPerPoint);
  const series: Record<AnomalyMetric, (SeriesPoint & { period: string; ratio: number })[]> = { pacing: [], clicksPerSpend: [], returnPerSpend: [] };
  // Half an event's worth keeps the log of an empty period finite (an outage scores as a deep drop).
  const halfEventOutcome = 0.5 * (config.objective === 'revenue' ? medianOf(spent.filter((o) => o.conversions > 0).map((o) => o.outcome / o.conversions)) : 1);
  for (const o of observations) {
    const at = Date.parse(o.period);
    const plan = own(planned.get(o.period), channel);
    if (plan !== undefined && plan > 0 && o.spendCents > 0) series.pacing.push({ at, period: o.period, ratio: o.spendCents / plan, value: Math.log(o.spendCents / plan) });
    if (o.spendCents <= 0) continue;
    const share = reportedShare(config.model, o.ageInPeriods);
    if (promises(clicksPerCent, o)) {
      series.clicksPerSpend.push({ at, period: o.period, ratio: o.clicks / o.spendCents, value: Math.log((o.clicks + 0.5) / o.spendCents) });
    }
    if (promises(conversionsPerCent, o, share)) {
      const ratio = o.outcome / share / o.spendCents;
      series.returnPerSpend.push({ at, period: o.period, ratio, value: Math.log(ratio + halfEventOutcome / o.spendCents) });
    }
  }
  const flagged: FlaggedPoint[] = [];
  // Too few events for a ratio, but a count can still be impossible: four times the conversions a
  // small channel ever delivers is a broken pixel, not luck. Such points get an exact Poisson test.
  if (spent.length >= 3) {
    for (const o of observations) {
      if (o.spendCents <= 0) continue;
      const share = reportedShare(config.model, o.ageInPeriods);
      const checks: [AnomalyMetric, number, number, boolean][] = [
        ['clicksPerSpend', o.clicks, clicksPerCent * o.spendCents, promises(clicksPerCent, o)],
        ['returnPerSpend', o.conversions, conversionsPerCent * o.spendCents * share, promises(conversionsPerCent, o, share)],
      ];
      for (const [metric, observed, expected, scoredAsRatio] of checks) {
        if (scoredAsRatio || expected < 1) continue;
        const tail = Math.min(poissonUpperTail(observed, expected), poissonLowerTail(observed, expected));
        if (tail < IMPLAUSIBLE_COUNT_PROBABILITY) flagged.push({ period: o.period, metric, value: observed / o.spendCents, expected: expected / o.spendCents, score: 1 - tail });
      }
    }
  }
  for (const metric of Object.keys(series) as AnomalyMetric[]) {
    const points = series[metric];
    const scores: PointScore[] = scoreSeries(points, options);
    scores.forEach((s, i) => {
      const point = points[i];
      if (point && isAnomalous(s.score, config.anomaly.sensitivity)) {
        flagged.push({ period: point.period, metric, value: point.ratio, expected: Math.exp(s.expected), score: s.score });
      }
    });
  }
  // The streaming scores need weeks of history before they can flag anything; a glitch in those
  // weeks, or one the calibration let through, still stands out from the periods around it.
  for (const metric of ['clicksPerSpend', 'returnPerSpend'] as const) {
    const points = series[metric];
    for (const outlier of neighbourOutliers(points.map((p) => p.value))) {
      const point = points[outlier.index];
      if (!point || flagged.some((f) => f.period === point.period && f.metric === metric)) continue;
      flagged.push({ period: point.period, metric, value: point.ratio, expected: Math.exp(outlier.expected), score: outlier.score });
    }
  }
  const excludedPeriods = new Set(flagged.map((f) => f.period));
  const newest = observations.find((o) => o.ageInPeriods === 0);
  return { flagged, excludedPeriods, freeze: newest !== undefined && excludedPeriods.has(newest.period) };
}

/** A count this improbable under the channel's usual rate is a data problem, not chance. */
const IMPLAUSIBLE_COUNT_PROBABILITY = 1e-4;

/** P(X ≥ k) for X ~ Poisson(λ), summed in log space (k is a period's click or conversion count). */
function poissonUpperTail(k: number, lambda: number): number {
  return k <= 0 ? 1 : 1 - poissonLowerTail(Math.ceil(k) - 1, lambda);
}

/** P(X ≤ k) for X ~ Poisson(λ). */
function poissonLowerTail(k: number, lambda: number): number {
  let term = -lambda;
  let sum = Math.exp(term);
  for (let i = 1; i <= Math.floor(k); i++) {
    term += Math.log(lambda) - Math.log(i);
    sum += Math.exp(term);
  }
  return Math.min(1, sum);
}

function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length === 0 ? 0 : sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

export function stepLimit(config: CampaignConfig, currentCents: number): number {
  return Math.max(Math.ceil(config.maxStepFraction * currentCents), config.minStepCents);
}

interface Bounds {
  readonly lower: number[];
  readonly upper: number[];
  readonly frozen: boolean[];
  readonly extraStepCents: number;
  readonly releasedFrozen: number[];
}

/**
 * Per-channel bounds: floors and caps, the step limit around the current allocation, frozen
 * channels pinned. When they cannot meet the budget (the budget or the bounds changed a lot), the
 * step limit is widened by the fewest cents that makes them meet; only if that is not enough are
 * frozen channels released.
 */
export function feasibleBounds(config: CampaignConfig, currentCents: readonly number[] | undefined, frozenWanted: readonly boolean[]): Bounds {
  const budget = config.totalBudgetCents;
  const channels = config.channels;
  if (!currentCents) {
    return { lower: channels.map((c) => c.floorCents), upper: channels.map((c) => c.capCents), frozen: channels.map(() => false), extraStepCents: 0, releasedFrozen: [] };
  }
  const boxes = (extra: number, frozen: readonly boolean[]): { lower: number[]; upper: number[] } => {
    const lower: number[] = [];
    const upper: number[] = [];
    channels.forEach((c, i) => {
      const cur = currentCents[i] ?? 0;
      if (frozen[i]) {
        const pinned = Math.min(c.capCents, Math.max(c.floorCents, cur));
        lower.push(pinned);
        upper.push(pinned);
        return;
      }
      const step = stepLimit(config, cur) + extra;
      lower.push(Math.max(c.floorCents, Math.min(c.capCents, cur - step)));
      upper.push(Math.min(c.capCents, Math.max(c.floorCents, cur + step)));
    });
    return { lower, upper };
  };
  const feasible = (b: { lower: number[]; upper: number[] }): boolean => sum(b.lower) <= budget && budget <= sum(b.upper);
  let frozen = [...frozenWanted];
  const releasedFrozen: number[] = [];
  if (!feasible(boxes(budget + Math.max(...channels.map((c) => c.capCents)), frozen))) {
    frozen.forEach((f, i) => f && releasedFrozen.push(i));
    frozen = frozen.map(() => false);
  }
  if (feasible(boxes(0, frozen))) return { ...boxes(0, frozen), frozen, extraStepCents: 0, releasedFrozen };
  let low = 0;
  let high = budget + Math.max(...channels.map((c) => c.capCents));
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (feasible(boxes(mid, frozen))) high = mid;
    else low = mid;
  }
  return { ...boxes(high, frozen), frozen, extraStepCents: high, releasedFrozen };
}

/**
 * Greedy water-filling: start every channel at its lower bound and hand out the rest in chunks
 * (at most FILL_CHUNKS of them) to the channel whose curve gains most per cent on its next chunk.
 * For concave curves this is optimal up to one chunk per channel; the result sums exactly.
 */
export function waterFill(curves: readonly ResponseCurve[], lower: readonly number[], upper: readonly number[], budget: number): number[] {
  const spend = [...lower];
  let remaining = budget - sum(lower);
  const chunk = Math.max(1, Math.ceil(remaining / FILL_CHUNKS));
  while (remaining > 0) {
    let best = -1;
    let bestGain = -Infinity;
    curves.forEach((curve, i) => {
      const room = Math.min(chunk, (upper[i] ?? 0) - (spend[i] ?? 0), remaining);
      if (room <= 0) return;
      const from = spend[i] ?? 0;
      const gain = (curveOutcome(curve, from + room) - curveOutcome(curve, from)) / room;
      // Ties (e.g. every curve flat) go to the channel that has received least so far.
      const tied = Math.abs(gain - bestGain) <= 1e-12 * Math.abs(bestGain);
      const filled = (k: number): number => (spend[k] ?? 0) - (lower[k] ?? 0);
      if (best < 0 || (!tied && gain > bestGain) || (tied && filled(i) < filled(best))) {
        best = i;
        bestGain = gain;
      }
    });
    if (best < 0) throw new Error('water-filling ran out of room: bounds do not cover the budget');
    const room = Math.min(chunk, (upper[best] ?? 0) - (spend[best] ?? 0), remaining);
    spend[best] = (spend[best] ?? 0) + room;
    remaining -= room;
  }
  return spend;
}

/**
 * The integer allocation closest to `target` (shifted by a common amount, clamped to the bounds)
 * that sums to the budget: with target = current it keeps the current split, with an all-zero
 * target it is the even split within floors and caps. Rounding is largest-remainder, within bounds.
 */
export function projectOntoBounds(target: readonly number[], lower: readonly number[], upper: readonly number[], budget: number): number[] {
  const at = (shift: number): number[] => target.map((t, i) => Math.min(upper[i] ?? 0, Math.max(lower[i] ?? 0, t + shift)));
  let low = -budget - Math.max(...target.map(Math.abs)) - 1;
  let high = budget + Math.max(...target.map(Math.abs)) + 1;
  for (let i = 0; i < 200 && high - low > 1e-9; i += 1) {
    const mid = (low + high) / 2;
    if (sum(at(mid)) < budget) low = mid;
    else high = mid;
  }
  return roundToBudget(at(high), lower, upper, budget);
}

/** Largest-remainder rounding that keeps every value within its integer bounds and hits the total. */
export function roundToBudget(values: readonly number[], lower: readonly number[], upper: readonly number[], total: number): number[] {
  const rounded = values.map((v, i) => Math.min(upper[i] ?? 0, Math.max(lower[i] ?? 0, Math.floor(v))));
  let gap = total - sum(rounded);
  const byRemainder = values.map((v, i) => ({ i, remainder: v - Math.floor(v) })).sort((a, b) => b.remainder - a.remainder || a.i - b.i);
  while (gap !== 0) {
    let moved = false;
    const order = gap > 0 ? byRemainder : [...byRemainder].reverse();
    for (const { i } of order) {
      if (gap === 0) break;
      const value = rounded[i] ?? 0;
      if (gap > 0 && value < (upper[i] ?? 0)) {
        rounded[i] = value + 1;
        gap -= 1;
        moved = true;
      } else if (gap < 0 && value > (lower[i] ?? 0)) {
        rounded[i] = value - 1;
        gap += 1;
        moved = true;
      }
    }
    if (!moved) throw new Error(`cannot round to ${total} within bounds`);
  }
  return rounded;
}

/** Which constraints the allocation sits on. */
function bindingConstraints(
  allocated: number,
  channel: CampaignConfig['channels'][number],
  current: number | undefined,
  frozen: boolean,
  effectiveStep: number,
): BindingConstraint[] {
  if (frozen) return ['frozen'];
  const binding: BindingConstraint[] = [];
  if (allocated === channel.floorCents) binding.push('floor');
  if (allocated === channel.capCents) binding.push('cap');
  if (current !== undefined && allocated === current - effectiveStep) binding.push('step-down');
  if (current !== undefined && allocated === current + effectiveStep) binding.push('step-up');
  return binding;
}

/**
 * Monte Carlo over the posterior: how often each channel has the highest marginal return at its
 * reference spend, and the distribution of the total outcome of the chosen allocation.
 */
function probabilityBest(
  posteriors: readonly ChannelPosterior[],
  referenceSpend: readonly number[],
  allocation: readonly number[],
  rng: Rng,
): { probabilityBest: number[]; outcomeTotals: number[] } {
  const wins = posteriors.map(() => 0);
  const outcomeTotals: number[] = [];
  for (let draw = 0; draw < PROBABILITY_BEST_DRAWS; draw += 1) {
    let best = 0;
    let bestMarginal = -Infinity;
    let total = 0;
    posteriors.forEach((posterior, i) => {
      const curve = sampleCurve(posterior, rng);
      const marginal = curveMarginal(curve, referenceSpend[i] ?? 0);
      if (marginal > bestMarginal) {
        best = i;
        bestMarginal = marginal;
      }
      total += curveOutcome(curve, allocation[i] ?? 0);
    });
    wins[best] = (wins[best] ?? 0) + 1;
    outcomeTotals.push(total);
  }
  return { probabilityBest: wins.map((w) => w / PROBABILITY_BEST_DRAWS), outcomeTotals };
}

function sum(values: readonly number[]): number {
  return values.reduce((total, v) => total + v, 0);
}
