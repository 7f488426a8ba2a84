/**
 * Streaming anomaly scores for a channel's metric series (spend pacing, CPC, return per cent…).
 *
 * Expected value of a point = its seasonal baseline + the recent deviation from that baseline:
 * - seasonal baseline: the median of earlier points in the same slot of the cycle (same hour of
 *   day, same day of week) over the last `seasonsBack` cycles; before three such points exist,
 *   the median of the last `levelWindow` points stands in;
 * - recent deviation: the median of the last `levelWindow` deviations from the seasonal baseline,
 *   so a level shift that has lasted a while is no longer news.
 * Two robust z-scores, each scaled by the MAD of its recent residuals, must agree (sign-aware
 * geometric mean): the deviation from the seasonal baseline, and that deviation minus the recent
 * one. A second statistic, the median of the last `sustainWindow` z-scores, keeps flagging a shift
 * that persists (a tracking outage) rather than only its first point.
 *
 * Scores are calibrated per series against its own history: score = z / (z + r), where r is a high
 * quantile of the series' recent |z| (its recent "record"). A score of 0.5 means "as unusual as the
 * most unusual recent point", so one threshold fits noisy and quiet series alike, and one earlier
 * outlier does not mask the next. Everything is medians and quantiles: outliers cannot drag the
 * baselines they are judged against.
 */

export interface SeriesPoint {
  /** Epoch milliseconds; points must be in ascending order. */
  readonly at: number;
  readonly value: number;
}

export interface AnomalyOptions {
  /** Length of one seasonal cycle in ms (a day, a week). */
  readonly seasonMs: number;
  /** Width of one slot of the cycle in ms (an hour, a day). */
  readonly bucketMs: number;
  /** How many past cycles feed the seasonal median. */
  readonly seasonsBack: number;
  /** Points in the level medians (the fallback baseline and the recent deviation). */
  readonly levelWindow: number;
  /** Residuals in the robust scale (MAD). */
  readonly scaleWindow: number;
  /** Past z-scores the calibration reference is taken from. */
  readonly referenceWindow: number;
  /** Quantile of past |z| used as the reference (0.999 of 1000 ≈ the second-largest). */
  readonly referenceQuantile: number;
  /** Points in the sustained-shift median. */
  readonly sustainWindow: number;
  /** An alert is repeated within this many points only when the score keeps rising. */
  readonly dedupeWindow: number;
  /** Points needed before anything is scored (the scale needs residuals). */
  readonly warmupPoints: number;
  /** Until this many z-scores are known, `shortHistoryZ` stands in for the reference. */
  readonly minReferencePoints: number;
  readonly shortHistoryZ: number;
  /** The robust scale never drops below this fraction of the level: a 0.1% wobble of a flat series is not news. */
  readonly minRelativeScale: number;
}

export interface PointScore {
  /** In [0, 1): 0.5 = as unusual as the reference quantile of recent |z| (the record, by default); used to flag and exclude points. */
  readonly score: number;
  /** The score with repeats inside `dedupeWindow` halved unless rising: for paging, one alert per event. */
  readonly alertScore: number;
  /** Signed robust z-score (positive = above expectations). */
  readonly z: number;
  /** What the baselines expected at this point. */
  readonly expected: number;
  readonly warmingUp: boolean;
}

const DAY_MS = 86_400_000;
const MAD_TO_SIGMA = 1.4826;

/** Settings used for the NAB benchmark: irregular, minute-level data with a daily cycle. */
export const DEFAULT_ANOMALY_OPTIONS: AnomalyOptions = {
  seasonMs: DAY_MS,
  bucketMs: DAY_MS / 24,
  seasonsBack: 28,
  levelWindow: 96,
  scaleWindow: 400,
  referenceWindow: 1000,
  referenceQuantile: 0.999,
  sustainWindow: 6,
  dedupeWindow: 24,
  warmupPoints: 30,
  minReferencePoints: 30,
  shortHistoryZ: 5,
  minRelativeScale: 0.01,
};

/**
 * Options for a budget series with one point per period and `seasonLength` periods per cycle. Such
 * series are short and their anomalies recur (tracking breaks more than once), so the reference is
 * the 95th percentile of recent |z| rather than the record: a second outage as bad as the first
 * must still be flagged.
 */
export function anomalyOptionsForPeriods(periodMs: number, seasonLength: number): AnomalyOptions {
  return {
    ...DEFAULT_ANOMALY_OPTIONS,
    seasonMs: periodMs * seasonLength,
    bucketMs: periodMs,
    seasonsBack: 8,
    levelWindow: Math.max(7, 2 * seasonLength),
    sustainWindow: 3,
    dedupeWindow: seasonLength,
    warmupPoints: Math.max(7, seasonLength),
    referenceQuantile: 0.95,
  };
}

/** Flag rule shared by every caller: a point is anomalous when its score is at least 1 − sensitivity. */
export function isAnomalous(score: number, sensitivity: number): boolean {
  return score >= 1 - sensitivity;
}

/** Score every point of a series, each using only the points before it (as a stream would). */
export function scoreSeries(points: readonly SeriesPoint[], options: AnomalyOptions = DEFAULT_ANOMALY_OPTIONS): PointScore[] {
  const recentValues = new SlidingSorted(options.levelWindow);
  const recentDeviations = new SlidingSorted(options.levelWindow);
  const seasonalScale = new SlidingSorted(options.scaleWindow);
  const localScale = new SlidingSorted(options.scaleWindow);
  const pointReference = new SlidingSorted(options.referenceWindow);
  const sustainReference = new SlidingSorted(options.referenceWindow);
  const buckets = new Map<number, { at: number; value: number }[]>();
  const recentZ: number[] = [];
  const scores: number[] = [];
  const results: PointScore[] = [];
  let previousAt = -Infinity;
  for (const { at, value } of points) {
    if (!Number.isFinite(value) || !Number.isFinite(at)) throw new RangeError(`series point (${at}, ${value}) is not finite`);
    if (at < previousAt) throw new RangeError('series points must be in ascending time order');
    previousAt = at;

    const bucket = seasonalBucket(buckets, at, options);
    const baseline = bucket.length >= 3 ? median(bucket.map((p) => p.value)) : recentValues.size > 0 ? recentValues.quantile(0.5) : value;
    const recentDeviation = recentDeviations.size > 0 ? recentDeviations.quantile(0.5) : 0;
    const seasonalResidual = value - baseline;
    const localResidual = seasonalResidual - recentDeviation;
    const warmingUp = localScale.size < options.warmupPoints;
    let z = 0;
    if (!warmingUp) {
      const floor = Math.max(options.minRelativeScale * Math.abs(baseline), 1e-12);
      const zSeasonal = seasonalResidual / Math.max(MAD_TO_SIGMA * seasonalScale.quantile(0.5), floor);
      const zLocal = localResidual / Math.max(MAD_TO_SIGMA * localScale.quantile(0.5), floor);
      z = Math.sign(zLocal) === Math.sign(zSeasonal) ? Math.sign(zLocal) * Math.sqrt(Math.abs(zLocal * zSeasonal)) : 0;
    }
    recentValues.push(value);
    recentDeviations.push(seasonalResidual);
    seasonalScale.push(Math.abs(seasonalResidual));
    localScale.push(Math.abs(localResidual));
    bucket.push({ at, value });

    let score = 0;
    if (!warmingUp) {
      recentZ.push(z);
      if (recentZ.length > options.sustainWindow) recentZ.shift();
      const pointZ = Math.abs(z);
      const sustainedZ = Math.abs(median(recentZ));
      const calibrated = (stat: number, reference: SlidingSorted, quantile: number): number => {
        const record = reference.size >= options.minReferencePoints ? reference.quantile(quantile) : options.shortHistoryZ;
        return stat / (stat + record + 1e-12);
      };
      score = Math.max(calibrated(pointZ, pointReference, options.referenceQuantile), calibrated(sustainedZ, sustainReference, 1));
      pointReference.push(pointZ);
      sustainReference.push(sustainedZ);
    }
    const recentMax = Math.max(0, ...scores.slice(-options.dedupeWindow));
    scores.push(score);
    const alertScore = score > recentMax ? score : score / 2;
    results.push({ score, alertScore, z, expected: baseline + recentDeviation, warmingUp });
  }
  return results;
}

export interface NeighbourOutlier {
  readonly index: number;
  /** Robust z-score against the point's neighbours (positive = above them). */
  readonly z: number;
  /** The neighbours' median: what the point should have been. */
  readonly expected: number;
  /** In (0, 1): 0.5 at the outlier threshold, like scoreSeries' 0.5 at its reference. */
  readonly score: number;
}

/** Neighbours that judge a point: half before, half after it, the window sliding inwards at the edges. */
const NEIGHBOUR_WINDOW = 6;
/** Later points needed before a point is judged: with fewer, a new level cannot be told from a glitch. */
const NEIGHBOURS_AFTER = 2;
/**
 * |z| against the neighbours at which a point is an outlier. Textbook Hampel filters use 3; every
 * point of every series is tested on every run, and at 4 a normally distributed series loses about
 * one point in 16,000 to chance.
 */
const NEIGHBOUR_Z = 4;
/** The robust scale never drops below this (log units, ≈ 2%): a near-constant series is not full of outliers. */
const NEIGHBOUR_MIN_SCALE = 0.02;

/**
 * A Hampel identifier: a point is an outlier when it is further from the median of its nearest
 * neighbours, earlier and later, than NEIGHBOUR_Z robust standard deviations (MAD of every point's
 * distance from its own neighbours). Unlike scoreSeries it looks both ways, so it needs no warm-up
 * and catches a one-off glitch in a series' first weeks, but it cannot judge the newest points
 * (they have no later neighbours) and does not flag a level shift (half of a shifted point's
 * neighbours share its level). It cleans history for a model; alarms stay with scoreSeries.
 */
export function neighbourOutliers(values: readonly number[]): NeighbourOutlier[] {
  const n = values.length;
  if (n < NEIGHBOUR_WINDOW + 1) return [];
  const judged = values.slice(0, n - NEIGHBOURS_AFTER).map((value, index) => {
    const start = Math.min(Math.max(0, index - NEIGHBOUR_WINDOW / 2), n - NEIGHBOUR_WINDOW - 1);
    const neighbours = values.slice(start, start + NEIGHBOUR_WINDOW + 1).filter((_v, k) => start + k !== index);
    const expected = median(neighbours);
    return { index, residual: value - expected, expected };
  });
  const scale = Math.max(MAD_TO_SIGMA * median(judged.map((j) => Math.abs(j.residual))), NEIGHBOUR_MIN_SCALE);
  return judged.filter((j) => Math.abs(j.residual) >= NEIGHBOUR_Z * scale).map((j) => {
    const z = j.residual / scale;
    return { index: j.index, z, expected: j.expected, score: Math.abs(z) / (Math.abs(z) + NEIGHBOUR_Z) };
  });
}

/** Score the newest point given the points before it: the streaming form of scoreSeries. */
export function scoreLatest(history: readonly SeriesPoint[], latest: SeriesPoint, options: AnomalyOptions = DEFAULT_ANOMALY_OPTIONS): PointScore {
  const scored = scoreSeries([...history, latest], options);
  const last = scored[scored.length - 1];
  if (!last) throw new Error('unreachable: a series with a latest point has a score');
  return last;
}

/** The earlier points in the same slot of the cycle within `seasonsBack` cycles (oldest evicted). */
function seasonalBucket(buckets: Map<number, { at: number; value: number }[]>, at: number, options: AnomalyOptions): { at: number; value: number }[] {
  const slot = Math.floor((((at % options.seasonMs) + options.seasonMs) % options.seasonMs) / options.bucketMs);
  let bucket = buckets.get(slot);
  if (!bucket) {
    bucket = [];
    buckets.set(slot, bucket);
  }
  const oldest = at - options.seasonsBack * options.seasonMs;
  while (bucket.length > 0 && (bucket[0]?.at ?? Infinity) < oldest) bucket.shift();
  return bucket;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return quantileOfSorted(sorted, 0.5);
}

function quantileOfSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const position = q * (sorted.length - 1);
  const lower = Math.floor(position);
  const low = sorted[lower] ?? 0;
  const high = sorted[Math.min(lower + 1, sorted.length - 1)] ?? low;
  return low + (high - low) * (position - lower);
}

/** The last `capacity` values, kept sorted so medians and quantiles cost a lookup, not a sort. */
class SlidingSorted {
  private readonly arrival: number[] = [];
  private readonly sorted: number[] = [];

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.sorted.length;
  }

  push(value: number): void {
    this.arrival.push(value);
    this.sorted.splice(lowerBound(this.sorted, value), 0, value);
    if (this.arrival.length > this.capacity) {
      const evicted = this.arrival.shift() ?? value;
      this.sorted.splice(lowerBound(this.sorted, evicted), 1);
    }
  }

  quantile(q: number): number {
    return quantileOfSorted(this.sorted, q);
  }
}

function lowerBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] ?? Infinity) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
