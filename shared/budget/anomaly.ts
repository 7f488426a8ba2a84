/**
 * Streaming anomaly scores for a channel's metric series (spend pacing, CPC, return per cent…).
 *
 * Expected value of a point = its seasonal baseline + the recent deviation from that baseline:
 * - seasonal baseline: the median of earlier points in the same slot of the cycle (same hour of
 *   day, same day of week) over the last `seasonsBack` cycles; before three such points exist,
 *   or once `seasonalCheckCycles` cycles have shown that the series has no cycle (the correlation
 *   of its deviations from the recent level with the same slot's one cycle back is below
 *   `minSeasonalAutocorrelation`), the median of the last `levelWindow` points stands in;
 * - recent deviation: the median of the last `levelWindow` deviations from the seasonal baseline,
 *   so a level shift that has lasted a while is no longer news.
 * Two robust z-scores, each scaled by the MAD of its recent residuals, must agree (sign-aware
 * geometric mean): the deviation from the seasonal baseline, and that deviation minus the recent
 * one. A second statistic, the sum of the last `sustainWindow` z-scores over √n (each clipped at
 * ±4, so one spike cannot pass for a shift), keeps flagging a shift that persists (a tracking
 * outage) and catches one too gradual for any single point to stand out. A third, the root mean
 * square of the last `burstWindow` clipped z-scores, catches a spell of swings either way. A fourth
 * (`valueTest`) is the raw value itself: a new record high or low that the adapting baselines absorb.
 *
 * Calibration: each statistic becomes a tail probability under the series' own history, the
 * chance that a point of this series is at least this unusual. Up to the `tailFraction` quantile
 * that is the empirical share of past values at least as large; beyond it, a generalised Pareto
 * tail (peaks over threshold, probability-weighted moments) fitted to the series' own largest
 * values extrapolates, so a point can be rarer than anything seen so far, and a heavy-tailed series
 * earns a heavy tail. The point's p-value is the smallest of the statistics' p-values times their
 * number (Bonferroni over the two to four tests). Before `minTailPoints` values are known there is no tail to learn
 * from: the point's z-score alone is tested, under a Student-t predictive whose degrees of freedom
 * grow with the residuals behind its robust scale (a MAD from ten points is itself uncertain, so
 * the t is heavy-tailed; see shortHistoryDof): ten periods of history can already flag a 10σ break
 * (p ≈ 3 × 10⁻⁴), not a 5σ one (p ≈ 5 × 10⁻³). Score = L / (L + halfScoreLog10) with L = −log10 p:
 * a score of 0.5 means p = 10^−halfScoreLog10. A flag threshold is a p-value threshold, so its
 * false-alarm rate per point tested is about that p, whatever the series' noise; callers that test
 * many points (every period of every channel) choose a small p, as a Bonferroni bound would.
 *
 * Input policy (reporting feeds repeat, skip and reorder periods): scoreSeries never throws on data.
 * Points are scored in time order whatever their order in the input; points that share a timestamp
 * are one observation, their mean; a point with a non-finite time or value is `missing` (score 0,
 * not learned from); gaps need nothing, since seasonal slots follow the timestamps. Every input point
 * gets a result at its own index, so no series is lost to one bad row.
 */

import { LeftDiscord } from './discord';
import { SpectralResidual } from './spectral';

export interface SeriesPoint {
  /** Epoch milliseconds. Any order; equal timestamps are merged (see the input policy above). */
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
  /**
   * The seasonal baseline is used only once the series has shown a cycle: the autocorrelation of its
   * deviations from the recent level at a lag of one cycle (same slot, previous cycle) is at least
   * this. 0 turns the check off (the seasonal baseline is used as soon as a slot has three points).
   */
  readonly minSeasonalAutocorrelation: number;
  /** Cycles of history the autocorrelation must cover before the seasonal baseline can be used. */
  readonly seasonalCheckCycles: number;
  /** Points in the level medians (the fallback baseline and the recent deviation). */
  readonly levelWindow: number;
  /** Residuals in the robust scale (MAD). */
  readonly scaleWindow: number;
  /** Past values of each statistic that its tail probability is computed from. */
  readonly tailWindow: number;
  /** Share of those values above the empirical-to-Pareto switch (peaks over threshold). */
  readonly tailFraction: number;
  /** Until this many past values are known, a Student-t predictive of the point's z gives the p-value. */
  readonly minTailPoints: number;
  /** −log10 of the p-value that scores 0.5. */
  readonly halfScoreLog10: number;
  /**
   * Whether a point scoring ≥ 0.5 (an incident) enters the tail history as it is (true: the series
   * recalibrates, and a new regime soon stops alarming) or at most at the old record (false: an
   * incident never makes the next one look normal, and a sustained one is flagged until it ends).
   */
  readonly learnFromIncidents: boolean;
  /** Points in the sustained-shift statistic. */
  readonly sustainWindow: number;
  /**
   * Points in the burst statistic (the root mean square of their clipped z-scores: a spell of large
   * swings either way, which neither one point nor a mean shift shows); 0 leaves it out.
   */
  readonly burstWindow: number;
  /**
   * A fourth test: the raw value's two-sided tail probability under the series' own last `tailWindow`
   * values (a new record low or high after a slow drift that the adapting baselines absorb).
   */
  readonly valueTest: boolean;
  /**
   * Each tail beyond the empirical part is the posterior predictive, not the plug-in Pareto fit: the
   * shape becomes ξ + 1/k for k excesses, so a tail learnt from few excesses (a short history) is not
   * trusted to extrapolate far past its record, and a long one is unchanged.
   */
  readonly predictiveTail: boolean;
  /**
   * One more test when above 0 (eleventh round, bench/results/budget-nab.md): the shape of the last `discordWindow` values
   * against every earlier subsequence of the series, the left matrix profile's nearest-neighbour distance (see discord.ts),
   * under its own tail like the other statistics. A shape never seen before is news even when every value is in range.
   * 0 leaves it out (the default, and the budget gate's).
   */
  readonly discordWindow: number;
  /**
   * Twelfth round (bench/results/budget-nab.md): more spans for the sustained-shift test. Empty (the default, and the budget
   * gate's) tests the last `sustainWindow` points only. Otherwise the same statistic, |Σ clipped z| / √k, is also taken over
   * the last k points for each k here (whole numbers from 1 to MAX_SCAN_SCALE; others are ignored), so a shift too small for
   * one point and too new for the long window is seen over a few points: a multiscale scan. `scanCombine` says how the spans
   * make one test.
   */
  readonly scanScales: readonly number[];
  /**
   * How the spans of `scanScales` make the sustained test: `max`, the largest span statistic under its own tail (the history
   * of the maximum is its null, so testing several spans costs nothing beyond what that tail learns); `bonferroni`, each span
   * under its own tail and the test's p-value the smallest times the number of spans.
   */
  readonly scanCombine: 'max' | 'bonferroni';
  /**
   * Twelfth round, second set (bench/results/budget-nab.md): above 0, the spectral residual saliency of the newest value over
   * the last `spectralWindow` values (see spectral.ts; `spectralWindow` + 5 must be a power of two, at most 4,096) under its
   * own tail, as one more test. 0 leaves it out (the default, and the budget gate's).
   */
  readonly spectralWindow: number;
  /** With `spectralWindow`, the saliency is the only test (the SR voter): p is its tail probability, 1 until that is learnt. */
  readonly spectralOnly: boolean;
  /**
   * Within this many points after an incident (a score ≥ 0.5) alerts are halved, rising or not: one
   * incident, one page. Outside incidents, a repeat within it is halved unless the score keeps rising.
   */
  readonly dedupeWindow: number;
  /** Points needed before anything is scored (the scale needs residuals). */
  readonly warmupPoints: number;
  /** The robust scale never drops below this fraction of the level: a 0.1% wobble of a flat series is not news. */
  readonly minRelativeScale: number;
}

export interface PointScore {
  /** In [0, 1): L / (L + halfScoreLog10), L = −log10 of `pValue`; used to flag and exclude points. */
  readonly score: number;
  /** The score for paging, one alert per event: halved inside an incident's `dedupeWindow`, and for repeats that are not rising. */
  readonly alertScore: number;
  /** Probability, under the series' own history, of a point at least this unusual (see the module comment). */
  readonly pValue: number;
  /** Signed robust z-score (positive = above expectations). */
  readonly z: number;
  /** What the baselines expected at this point. */
  readonly expected: number;
  readonly warmingUp: boolean;
  /** The input point had a non-finite time or value: not scored, not learned from. */
  readonly missing: boolean;
}

const DAY_MS = 86_400_000;
const MAD_TO_SIGMA = 1.4826;
/** |z| beyond which a point counts no more towards a sustained shift. */
const SUSTAIN_CLIP = 4;
function clipZ(z: number): number {
  return Math.max(-SUSTAIN_CLIP, Math.min(SUSTAIN_CLIP, z));
}

/** Longest extra span of the sustained test (`scanScales`): bounds the work per point. */
export const MAX_SCAN_SCALE = 1_000;

/** The extra spans of the sustained test: whole numbers in [1, MAX_SCAN_SCALE], once each, without `sustainWindow` itself. */
export function scanScalesOf(options: Pick<AnomalyOptions, 'scanScales' | 'sustainWindow'>): number[] {
  const valid = options.scanScales.filter((k) => Number.isInteger(k) && k >= 1 && k <= MAX_SCAN_SCALE && k !== options.sustainWindow);
  return [...new Set(valid)].sort((a, b) => a - b);
}

/** The sustained-shift statistic over the last `span` z-scores (fewer while history is short): |Σ clip(z)| / √n. */
function shiftStatistic(recentZ: readonly number[], span: number): number {
  const window = recentZ.slice(-span);
  return window.length === 0 ? 0 : Math.abs(window.reduce((sum, r) => sum + clipZ(r), 0)) / Math.sqrt(window.length);
}

/** Smallest p-value reported: beyond it, −log10 p would only measure floating-point noise. */
const MIN_P_VALUE = 1e-15;

/** Settings used for the NAB benchmark: irregular, minute-level data with a daily cycle (R, the first of NAB_VOTE_MEMBERS). */
export const DEFAULT_ANOMALY_OPTIONS: AnomalyOptions = {
  seasonMs: DAY_MS,
  bucketMs: DAY_MS / 24,
  seasonsBack: 28,
  minSeasonalAutocorrelation: 0.3,
  seasonalCheckCycles: 3,
  levelWindow: 96,
  scaleWindow: 400,
  tailWindow: 5000,
  tailFraction: 0.05,
  minTailPoints: 30,
  halfScoreLog10: 2.4,
  learnFromIncidents: true,
  sustainWindow: 24,
  burstWindow: 12,
  valueTest: true,
  predictiveTail: false,
  discordWindow: 0,
  scanScales: [],
  scanCombine: 'max',
  spectralWindow: 0,
  spectralOnly: false,
  dedupeWindow: 24,
  warmupPoints: 30,
  minRelativeScale: 0.01,
};

/**
 * The committed NAB detector (tenth round, bench/results/budget-nab.md): three option sets over DEFAULT_ANOMALY_OPTIONS that
 * vote. R is the defaults, R + P adds the predictive tail, D drops the value test: the three that score best on the five NAB
 * folders at the incident level, so the committed choice among them is a vote rather than a bet on one of near-equals.
 */
export const NAB_VOTE_MEMBERS: readonly Partial<AnomalyOptions>[] = [{}, { predictiveTail: true }, { valueTest: false }];

/**
 * Alert scores of a majority vote: every member scores the series with `base` overridden by its options, and a point's
 * alert score is the m-th largest of the members' alert scores, m = ⌊n/2⌋ + 1 (the median of three), so it reaches
 * a threshold only where a majority of members' alert scores do. One member's lone alarm is outvoted.
 */
export function voteAlertScores(
  points: readonly SeriesPoint[],
  members: readonly Partial<AnomalyOptions>[] = NAB_VOTE_MEMBERS,
  base: AnomalyOptions = DEFAULT_ANOMALY_OPTIONS,
): number[] {
  if (members.length === 0) throw new RangeError('a vote needs at least one member');
  const majority = Math.floor(members.length / 2) + 1;
  const scored = members.map((m) => scoreSeries(points, { ...base, ...m }));
  return points.map((_p, i) => scored.map((s) => s[i]?.alertScore ?? 0).sort((a, b) => b - a)[majority - 1] ?? 0);
}

/**
 * Options for a budget series with one point per period and `seasonLength` periods per cycle. Such
 * series are short, so the tail is fitted on a larger share of them; a score of 0.5 is p = 1%; and
 * an incident (broken tracking) is not learnt as normal: it stays flagged, and its channel frozen,
 * until the data are right again.
 */
export function anomalyOptionsForPeriods(periodMs: number, seasonLength: number): AnomalyOptions {
  return {
    ...DEFAULT_ANOMALY_OPTIONS,
    seasonMs: periodMs * seasonLength,
    bucketMs: periodMs,
    seasonsBack: 8,
    // Budget series are short (weeks of periods) and their cycle is known up front: no check.
    minSeasonalAutocorrelation: 0,
    levelWindow: Math.max(7, 2 * seasonLength),
    sustainWindow: 3,
    // Too few points for a third statistic's tail: the budget gate keeps its two tests.
    burstWindow: 0,
    valueTest: false,
    predictiveTail: false,
    discordWindow: 0,
    scanScales: [],
    spectralWindow: 0,
    spectralOnly: false,
    dedupeWindow: seasonLength,
    warmupPoints: Math.max(7, seasonLength),
    tailFraction: 0.2,
    minTailPoints: 20,
    halfScoreLog10: 2,
    learnFromIncidents: false,
  };
}

/** Flag rule shared by every caller: a point is anomalous when its score is at least 1 − sensitivity. */
export function isAnomalous(score: number, sensitivity: number): boolean {
  return score >= 1 - sensitivity;
}

/** The p-value a score stands for (the inverse of the score mapping). */
export function pValueOfScore(score: number, options: Pick<AnomalyOptions, 'halfScoreLog10'> = DEFAULT_ANOMALY_OPTIONS): number {
  return 10 ** -((score * options.halfScoreLog10) / (1 - score));
}

/**
 * Score every point of a series, each using only the points before it in time (as a stream would).
 * Never throws on data: see the input policy in the module comment.
 */
export function scoreSeries(points: readonly SeriesPoint[], options: AnomalyOptions = DEFAULT_ANOMALY_OPTIONS): PointScore[] {
  const observations = mergeByTime(points);
  const scored = scoreOrdered(observations, options);
  const results: PointScore[] = new Array<PointScore>(points.length);
  observations.forEach((o, j) => {
    const s = scored[j];
    if (s) for (const i of o.members) results[i] = s;
  });
  let previous: PointScore | undefined;
  for (let i = 0; i < points.length; i++) {
    const r = results[i];
    if (r) previous = r;
    else results[i] = { score: 0, alertScore: 0, pValue: 1, z: 0, expected: previous?.expected ?? 0, warmingUp: previous?.warmingUp ?? true, missing: true };
  }
  return results;
}

export interface Observation {
  readonly at: number;
  readonly value: number;
  /** Indices of the input points merged into this observation. */
  readonly members: number[];
}

/** Valid points in time order, one observation per timestamp (the mean of its points); the benchmarks' contextual detector (bench/budget/context-anomaly.ts) reads series the same way. */
export function mergeByTime(points: readonly SeriesPoint[]): Observation[] {
  const valid = points.flatMap((p, i) => (Number.isFinite(p.at) && Number.isFinite(p.value) ? [i] : []));
  valid.sort((a, b) => (points[a]?.at ?? 0) - (points[b]?.at ?? 0) || a - b);
  const merged: { at: number; sum: number; members: number[] }[] = [];
  for (const i of valid) {
    const p = points[i];
    if (!p) continue;
    const last = merged[merged.length - 1];
    if (last && last.at === p.at) {
      last.sum += p.value;
      last.members.push(i);
    } else merged.push({ at: p.at, sum: p.value, members: [i] });
  }
  return merged.map((m) => ({ at: m.at, value: m.sum / m.members.length, members: m.members }));
}

function scoreOrdered(points: readonly Observation[], options: AnomalyOptions): PointScore[] {
  const recentValues = new SlidingSorted(options.levelWindow);
  const recentDeviations = new SlidingSorted(options.levelWindow);
  const seasonalScale = new SlidingSorted(options.scaleWindow);
  const localScale = new SlidingSorted(options.scaleWindow);
  const pointTail = new TailModel(options);
  const sustainTail = new TailModel(options);
  const burstTail = new TailModel(options);
  const highValueTail = new TailModel(options);
  const lowValueTail = new TailModel(options);
  const discordTail = new TailModel(options);
  const scales = scanScalesOf(options);
  const scaleTails = options.scanCombine === 'bonferroni' ? scales.map(() => new TailModel(options)) : [];
  const zKept = Math.max(options.sustainWindow, options.burstWindow, ...scales);
  const discord = options.discordWindow > 0 ? new LeftDiscord(options.discordWindow, Math.max(options.tailWindow, options.discordWindow)) : undefined;
  const spectral = options.spectralWindow > 0 ? new SpectralResidual(options.spectralWindow) : undefined;
  const spectralTail = new TailModel(options);
  const spectralOnly = spectral !== undefined && options.spectralOnly;
  const testCount = spectralOnly ? 1 : 2 + (options.burstWindow > 0 ? 1 : 0) + (options.valueTest ? 1 : 0) + (discord ? 1 : 0) + (spectral ? 1 : 0);
  const buckets = new Map<number, SlotPoint[]>();
  const cycleCorrelation = new Correlation();
  const firstAt = points[0]?.at ?? 0;
  const recentZ: number[] = [];
  const scores: number[] = [];
  const results: PointScore[] = [];
  for (const { at, value } of points) {
    const bucket = seasonalBucket(buckets, at, options);
    const shapeDistance = discord?.push(value);
    const saliency = spectral?.push(value);
    const level = recentValues.size > 0 ? recentValues.quantile(0.5) : value;
    const cyclic =
      options.minSeasonalAutocorrelation <= 0 ||
      at - firstAt < options.seasonalCheckCycles * options.seasonMs ||
      cycleCorrelation.value() >= options.minSeasonalAutocorrelation;
    const baseline = cyclic && bucket.length >= 3 ? median(bucket.map((p) => p.value)) : level;
    // The cycle check: this point's deviation from the recent level against the same slot's one cycle back.
    const deviation = value - level;
    const previousCycle = sameSlotOneCycleBack(bucket, at, options);
    if (previousCycle) cycleCorrelation.push(deviation, previousCycle.deviation);
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
    bucket.push({ at, value, deviation });

    let pValue = 1;
    if (!warmingUp) {
      recentZ.push(z);
      if (recentZ.length > zKept) recentZ.shift();
      const pointZ = Math.abs(z);
      // A sustained shift: the sum of the recent z-scores over √n, each clipped at SUSTAIN_CLIP so one
      // spike cannot pass for a shift (a windowed, outlier-robust mean-shift test); with `scanScales`, over several spans.
      const spanZ = scales.map((k) => shiftStatistic(recentZ, k));
      const longZ = shiftStatistic(recentZ, options.sustainWindow);
      const sustainedZ = scaleTails.length > 0 ? longZ : Math.max(longZ, ...spanZ);
      const sustainedP = (): number =>
        scaleTails.length > 0
          ? Math.min(1, (scales.length + 1) * Math.min(sustainTail.pValue(longZ), ...scaleTails.map((t, i) => t.pValue(spanZ[i] ?? 0))))
          : sustainTail.pValue(sustainedZ);
      // A burst: the root mean square of the recent clipped z-scores, large when swings either way crowd together.
      const burst = options.burstWindow > 0 ? recentZ.slice(-options.burstWindow) : [];
      const burstZ = burst.length > 0 ? Math.sqrt(burst.reduce((sum, r) => sum + clipZ(r) ** 2, 0) / burst.length) : 0;
      // Until the tails are learnt, only the point test counts: its Student-t stand-in is checked
      // against this statistic's null (shortHistoryDof); a sum of a few z-scores that share one
      // noisy scale has no such check. Then every test counts, Bonferroni over them.
      const testPValues = (): number[] => [
        pointTail.pValue(pointZ),
        sustainedP(),
        ...(options.burstWindow > 0 ? [burstTail.pValue(burstZ)] : []),
        ...(options.valueTest ? [Math.min(1, 2 * Math.min(highValueTail.pValue(value), lowValueTail.pValue(-value)))] : []),
        ...(shapeDistance !== undefined && discordTail.calibrated ? [discordTail.pValue(shapeDistance)] : []),
        ...(saliency !== undefined && spectralTail.calibrated ? [spectralTail.pValue(saliency)] : []),
      ];
      if (spectralOnly) pValue = saliency !== undefined && spectralTail.calibrated ? spectralTail.pValue(saliency) : 1;
      else pValue = pointTail.calibrated ? Math.min(1, testCount * Math.min(...testPValues())) : studentTTwoSided(pointZ, shortHistoryDof(localScale.size));
      const incident = !options.learnFromIncidents && pValue < 10 ** -options.halfScoreLog10;
      pointTail.push(pointZ, incident);
      sustainTail.push(sustainedZ, incident);
      scaleTails.forEach((t, i) => t.push(spanZ[i] ?? 0, incident));
      if (options.burstWindow > 0) burstTail.push(burstZ, incident);
      if (options.valueTest) {
        highValueTail.push(value, incident);
        lowValueTail.push(-value, incident);
      }
      if (shapeDistance !== undefined) discordTail.push(shapeDistance, incident);
      if (saliency !== undefined) spectralTail.push(saliency, incident);
    }
    const surprise = -Math.log10(Math.max(pValue, MIN_P_VALUE));
    const score = surprise / (surprise + options.halfScoreLog10);
    const recent = scores.slice(-options.dedupeWindow);
    const recentMax = Math.max(0, ...recent);
    scores.push(score);
    // Inside an incident (a score ≥ 0.5 within dedupeWindow) every alert is halved; elsewhere a repeat unless rising.
    const alertScore = recentMax >= 0.5 || score <= recentMax ? score / 2 : score;
    results.push({ score, alertScore, pValue, z, expected: baseline + recentDeviation, warmingUp, missing: false });
  }
  return results;
}

/**
 * The tail of one statistic's past values: P(next ≥ x) from the empirical distribution up to its
 * (1 − tailFraction) quantile u, and beyond u from a generalised Pareto distribution fitted to the
 * excesses over u by probability-weighted moments (Hosking & Wallis 1987).
 */
class TailModel {
  private readonly history: SlidingSorted;
  private fit: { u: number; share: number; xi: number; sigma: number } | undefined;

  constructor(private readonly options: Pick<AnomalyOptions, 'tailWindow' | 'tailFraction' | 'minTailPoints' | 'predictiveTail'>) {
    this.history = new SlidingSorted(options.tailWindow);
  }

  /** Learn a value; an incident's is learnt at most at the old record (see `learnFromIncidents`). */
  push(value: number, incident: boolean): void {
    const record = this.history.values[this.history.size - 1];
    this.history.push(incident && record !== undefined ? Math.min(value, record) : value);
    this.fit = undefined;
  }

  /** Whether enough values are known (`minTailPoints`) for `pValue`. */
  get calibrated(): boolean {
    return this.history.size >= this.options.minTailPoints;
  }

  pValue(x: number): number {
    const n = this.history.size;
    const sorted = this.history.values;
    const k = Math.max(MIN_EXCESSES, Math.floor(this.options.tailFraction * n));
    const u = sorted[n - k - 1] ?? 0;
    if (x <= u) return (n - lowerBound(sorted, x) + 1) / (n + 1);
    this.fit ??= fitPareto(sorted, n, k, u, this.options.predictiveTail);
    const { share, xi, sigma } = this.fit;
    const y = (x - u) / sigma;
    const survival = Math.abs(xi) < 1e-6 ? Math.exp(-y) : 1 + xi * y <= 0 ? 0 : (1 + xi * y) ** (-1 / xi);
    return Math.max(share * survival, MIN_P_VALUE);
  }
}

/**
 * Degrees of freedom of the Student-t predictive of a z-score whose robust scale (MAD) comes from
 * `residuals` points. A MAD is a noisy scale on few points (its variance is about 2.7 times a
 * standard deviation's), so a z-score from a short history has heavy tails. ν = (residuals − 1) / 2
 * matches this detector's z on Gaussian noise at p = 10⁻³ (simulated: |z| = 11.9, 6.8 and 5.7 after
 * 7, 10 and 13 points; t₃, t₄.₅ and t₆ give p = 1.3, 1.6 and 1.2 × 10⁻³ there) and errs on the safe
 * side; a 10σ break after ten periods scores p ≈ 3 × 10⁻⁴.
 */
function shortHistoryDof(residuals: number): number {
  return Math.max(1, (residuals - 1) / 2);
}

/** Fewest excesses a Pareto tail is fitted to. */
const MIN_EXCESSES = 10;

function fitPareto(sorted: readonly number[], n: number, k: number, u: number, predictive: boolean): { u: number; share: number; xi: number; sigma: number } {
  const fit = fitParetoPlugIn(sorted, n, k, u);
  // The posterior predictive of an exponential tail whose rate is learnt from k excesses is a Pareto of shape 1/k.
  return predictive && fit.sigma > 1e-12 ? { ...fit, xi: Math.min(fit.xi + 1 / k, 0.9) } : fit;
}

function fitParetoPlugIn(sorted: readonly number[], n: number, k: number, u: number): { u: number; share: number; xi: number; sigma: number } {
  let a0 = 0;
  let a1 = 0;
  for (let i = 1; i <= k; i++) {
    const excess = (sorted[n - k - 1 + i] ?? u) - u;
    a0 += excess;
    a1 += (1 - (i - 0.35) / k) * excess;
  }
  a0 /= k;
  a1 /= k;
  const share = (k + 1) / (n + 1);
  if (a0 <= 0) return { u, share, xi: 0, sigma: 1e-12 };
  const denominator = a0 - 2 * a1;
  if (denominator <= 0) return { u, share, xi: 0, sigma: a0 };
  // Hosking's shape κ = −ξ. ξ < 0 would give the tail a finite end, and a point past it probability 0:
  // the tail is never taken lighter than exponential (ξ ≥ 0), nor heavier than ξ = 0.9.
  const xi = -(a0 / denominator - 2);
  if (xi <= 0) return { u, share, xi: 0, sigma: a0 };
  return { u, share, xi: Math.min(xi, 0.9), sigma: Math.max((2 * a0 * a1) / denominator, 1e-12) };
}

/**
 * P(|T| ≥ x) for Student's t with ν degrees of freedom: I_{ν/(ν+x²)}(ν/2, 1/2), the regularised
 * incomplete beta function by its continued fraction (Numerical Recipes §6.4).
 */
export function studentTTwoSided(x: number, dof: number): number {
  const w = dof / (dof + x * x);
  return Math.min(1, Math.max(regularisedBeta(w, dof / 2, 0.5), MIN_P_VALUE));
}

function regularisedBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2) ? (front * betaContinuedFraction(x, a, b)) / a : 1 - (front * betaContinuedFraction(1 - x, b, a)) / b;
}

function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  d = 1 / (Math.abs(d) < tiny ? tiny : d);
  let h = d;
  for (let m = 1; m <= 200; m++) {
    const m2 = 2 * m;
    for (const numerator of [(m * (b - m) * x) / ((a + m2 - 1) * (a + m2)), (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1))]) {
      d = 1 + numerator * d;
      d = 1 / (Math.abs(d) < tiny ? tiny : d);
      c = 1 + numerator / c;
      if (Math.abs(c) < tiny) c = tiny;
      h *= d * c;
    }
    if (Math.abs(d * c - 1) < 1e-12) break;
  }
  return h;
}

/** ln Γ(z) for z > 0 (Lanczos, g = 7). */
function logGamma(z: number): number {
  const coefficients = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (z < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * z)) - logGamma(1 - z);
  const shifted = z - 1;
  let sum = coefficients[0] ?? 1;
  for (let i = 1; i < coefficients.length; i++) sum += (coefficients[i] ?? 0) / (shifted + i);
  const t = shifted + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (shifted + 0.5) * Math.log(t) - t + Math.log(sum);
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

interface SlotPoint {
  readonly at: number;
  readonly value: number;
  /** The point's deviation from the recent level when it arrived (for the cycle check). */
  readonly deviation: number;
}

/** The point of `bucket` (same slot, in time order) nearest to one cycle before `at`, if any lies within a slot's width of it. */
function sameSlotOneCycleBack(bucket: readonly SlotPoint[], at: number, options: AnomalyOptions): SlotPoint | undefined {
  const target = at - options.seasonMs;
  let best: SlotPoint | undefined;
  for (let i = bucket.length - 1; i >= 0; i--) {
    const p = bucket[i];
    if (!p || p.at < target - options.bucketMs) break;
    if (Math.abs(p.at - target) < options.bucketMs && (!best || Math.abs(p.at - target) < Math.abs(best.at - target))) best = p;
  }
  return best;
}

/** Pearson correlation of a stream of pairs (Welford's co-moments: no cancellation on large values). */
class Correlation {
  private n = 0;
  private meanX = 0;
  private meanY = 0;
  private sxx = 0;
  private syy = 0;
  private sxy = 0;

  push(x: number, y: number): void {
    this.n += 1;
    const dx = x - this.meanX;
    const dy = y - this.meanY;
    this.meanX += dx / this.n;
    this.meanY += dy / this.n;
    this.sxx += dx * (x - this.meanX);
    this.syy += dy * (y - this.meanY);
    this.sxy += dx * (y - this.meanY);
  }

  /** The correlation so far; 0 until it is defined (two pairs, neither side constant). */
  value(): number {
    return this.n >= 2 && this.sxx > 0 && this.syy > 0 ? this.sxy / Math.sqrt(this.sxx * this.syy) : 0;
  }
}

/** The earlier points in the same slot of the cycle within `seasonsBack` cycles (oldest evicted). */
function seasonalBucket(buckets: Map<number, SlotPoint[]>, at: number, options: AnomalyOptions): SlotPoint[] {
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

  /** The window's values in ascending order (read-only view). */
  get values(): readonly number[] {
    return this.sorted;
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
