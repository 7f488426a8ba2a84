/**
 * ARTime (M. Hampton, 2021): an anomaly detector built on adaptive resonance theory, in streaming form, our own
 * implementation of the published algorithm (deveshjawla/ARTime.jl; NAB's `ARTime` detector) with its author's defaults.
 *
 * Every `step` rows the last `step` values are downsampled to one (the window's maximum or minimum, whichever is farther
 * from a halving moving average of the window means, or the mean where that extreme is within 10 % of it), normalised by a
 * value range, discretised into LEVELS levels and pulled to an approximate running median when within MEDIAN_CHOMP of it.
 * The last WINDOW such levels, min-max normalised, and their 3-level Haar transform, min-max normalised, are the features;
 * a distributed-vigilance fuzzy ART network (complement coding, activation (|min(W, x)|₁ / |W|₁)³ × e², e the match on the
 * newest level) files them into categories. A point is an anomaly when no category resonates (a new category is made)
 * outside the masking that follows an anomaly or a vigilance update; its score is the reference's confidence in [0, 1].
 * The probationary rows only collect features; at their end the initial vigilance is learnt from them and they are
 * replayed through the network. Vigilance bounds then adapt to the recent similarities, as the reference does.
 *
 * The value range is the one choice a stream has to make: the reference is handed the whole file's minimum and maximum
 * (NAB's harness), which a stream cannot know. `range` says which: 'given' (a known range; values outside are clamped),
 * 'probationary' (the first `probationaryRows` rows' range, fixed after them; their scores are 0 and they are replayed at
 * the end of the period, so nothing is read before its time), or 'seen' (each value normalised by the range up to it).
 *
 * Bounded: the category store holds at most `maxCategories` (the least recently matched one is replaced when full); the
 * other state is a few windows of at most `probationaryRows` values. Pure arithmetic, no I/O.
 */

import { mergeByTime, type SeriesPoint } from '../../shared/budget/anomaly';

/** Levels of the discretisation (the reference's `nlevels`). */
const LEVELS = 80;
/** Downsampled levels per feature window (the reference's `window`). */
const WINDOW = 8;
/** Feature windows per probationary period: fixes the downsampling step (the reference's `windows_per_pb`). */
const WINDOWS_PER_PROBATION = 13;
/** A level within this of the running median becomes the median (the reference's `discretize_chomp`). */
const MEDIAN_CHOMP = 0.075;
/** Downsampled points after an anomaly during which detection is masked (the reference's `mask_rho_after_anomaly`). */
const MASK = WINDOW * 1.5;
/** Vigilance that the initial vigilance is learnt at (the reference's `initial_rho`). */
const INITIAL_RHO = 0.8;
/** The adaptive upper vigilance bound's cap. */
const RHO_UB_CAP = 0.97;
/** Share of the gap to the trend window's lowest similarity that the lower bound climbs per update. */
const RHO_LB_CLIMB = 0.19;
/** Similarity shortfalls above this count towards a lower bound's descent, each capped at DESCENT_CAP. */
const DESCENT_FLOOR = 0.05;
const DESCENT_CAP = 0.37;
const MIN_DESCENT = 0.01;
/** The feature vector's length: the Haar coefficients and the levels. */
const DIM = 2 * WINDOW;
/** Fewest probationary rows that leave the initial vigilance enough features to learn from. */
export const MIN_PROBATIONARY_ROWS = 2 * WINDOW;

export type ArtimeRange = { readonly kind: 'given'; readonly min: number; readonly max: number } | { readonly kind: 'probationary' } | { readonly kind: 'seen' };

export interface ArtimeOptions {
  /** Rows that only teach the detector (scored 0). The reference derives it from the series' length: `artimeProbationaryRows`. */
  readonly probationaryRows: number;
  readonly range: ArtimeRange;
  /** Cap of the category store. */
  readonly maxCategories?: number;
}

export const DEFAULT_MAX_CATEGORIES = 10_000;

/** The reference's probationary period for a series of `length` rows: 15 % of it (at most 750 rows), made even. */
export function artimeProbationaryRows(length: number): number {
  const rows = length < 5000 ? Math.floor(0.15 * length) : 750;
  return rows - (rows % 2);
}

/** Julia's `round(Int, x)`: to the nearest integer, ties to even. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** The full 3-level periodic Haar transform of 8 values, ordered as Wavelets.jl's `dwt`: s₃, d₃, d₂ (2), d₁ (4); d = (x₂ₖ − x₂ₖ₋₁)/√2. */
export function haar8(x: readonly number[]): number[] {
  const out = new Array<number>(WINDOW).fill(0);
  let s = x.slice(0, WINDOW);
  let n = WINDOW;
  while (n > 1) {
    const half = n / 2;
    const next: number[] = [];
    for (let k = 0; k < half; k++) {
      const a = s[2 * k] ?? 0;
      const b = s[2 * k + 1] ?? 0;
      next.push((a + b) * Math.SQRT1_2);
      out[half + k] = (b - a) * Math.SQRT1_2;
    }
    s = next;
    n = half;
  }
  out[0] = s[0] ?? 0;
  return out;
}

function minMaxNormalised(values: readonly number[]): number[] {
  const min = Math.min(...values);
  const shifted = values.map((v) => v - min);
  const max = Math.max(...shifted);
  return max !== 0 ? shifted.map((v) => v / max) : shifted;
}

/** Close to cosine similarity; a zero vector's similarity is 1 − the other's norm (the reference's `similarity`). */
function similarity(a: readonly number[], b: readonly number[]): number {
  const na = Math.hypot(...a);
  const nb = Math.hypot(...b);
  if (na === 0) return 1 - nb;
  if (nb === 0) return 1 - na;
  return a.reduce((s, x, i) => s + x * (b[i] ?? 0), 0) / (na * nb);
}

function mean(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}

interface Match {
  /** Best activation (0 when none is positive) and its energy similarity: the reference's A and Ae. */
  readonly similarity: number;
  readonly energy: number;
  /** True when no category resonated and a new one was made. */
  readonly newCategory: boolean;
}

/** Descending activation with NaN first, ties in creation order (Julia's stable `sortperm(…, rev = true)`). */
function byActivationDescending(activation: Float64Array): (a: number, b: number) => number {
  return (a, b) => {
    const x = activation[a] ?? 0;
    const y = activation[b] ?? 0;
    const xn = Number.isNaN(x);
    const yn = Number.isNaN(y);
    if (xn || yn) return xn === yn ? a - b : xn ? -1 : 1;
    return y - x || a - b;
  };
}

/**
 * Distributed-vigilance fuzzy ART (the reference's compact DVFA): categories are fuzzy boxes over complement-coded
 * inputs; the first category is all ones, made by the first input, which it does not learn.
 */
class Dvfa {
  rhoLow = 0;
  rhoHigh = 0;
  private readonly weights: Float64Array[] = [];
  private readonly lastUsed: number[] = [];
  private clock = 0;
  capReached = false;

  constructor(private readonly maxCategories: number) {}

  get size(): number {
    return this.weights.length;
  }

  /** Classify one feature vector; with `learning`, commit it (resonance: fast commit; otherwise a new category). */
  train(features: readonly number[], learning = true): Match {
    this.clock += 1;
    const x = new Float64Array(2 * DIM);
    for (let d = 0; d < DIM; d++) {
      x[d] = features[d] ?? 0;
      x[DIM + d] = 1 - (features[d] ?? 0);
    }
    if (this.weights.length === 0) {
      this.weights.push(new Float64Array(2 * DIM).fill(1));
      this.lastUsed.push(this.clock);
      return { similarity: 0, energy: 0, newCategory: false };
    }
    const n = this.weights.length;
    const activation = new Float64Array(n);
    const energy = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      const w = this.weights[j] as Float64Array;
      let covered = 0;
      let total = 0;
      for (let d = 0; d < 2 * DIM; d++) {
        covered += Math.min(x[d] ?? 0, w[d] ?? 0);
        total += w[d] ?? 0;
      }
      const featureSimilarity = covered / (total === 0 ? 0.001 : total);
      const e = DIM - 1;
      const energySimilarity = (Math.min(x[e] ?? 0, w[e] ?? 0) + Math.min(x[2 * DIM - 1] ?? 0, w[2 * DIM - 1] ?? 0)) / ((w[e] ?? 0) + (w[2 * DIM - 1] ?? 0));
      activation[j] = featureSimilarity ** 3 * energySimilarity ** 2;
      energy[j] = energySimilarity;
    }
    const order = Array.from({ length: n }, (_v, j) => j).sort(byActivationDescending(activation));
    let best = 0;
    let bestEnergy = 0;
    let mismatch = true;
    for (const j of order) {
      const a = activation[j] ?? 0;
      if (a > best) {
        best = a;
        bestEnergy = energy[j] ?? 0;
      }
      if (!learning) continue;
      if (a >= this.rhoHigh) {
        const w = this.weights[j] as Float64Array;
        for (let d = 0; d < 2 * DIM; d++) w[d] = Math.min(w[d] ?? 0, x[d] ?? 0);
        this.lastUsed[j] = this.clock;
        mismatch = false;
      } else if (a >= this.rhoLow && mismatch) {
        this.add(x);
        this.lastUsed[j] = this.clock;
        mismatch = false;
        break;
      } else break;
    }
    if (mismatch && learning) this.add(x);
    return { similarity: best, energy: bestEnergy, newCategory: mismatch && learning };
  }

  private add(x: Float64Array): void {
    if (this.weights.length < this.maxCategories) {
      this.weights.push(Float64Array.from(x));
      this.lastUsed.push(this.clock);
      return;
    }
    this.capReached = true;
    let oldest = 0;
    for (let j = 1; j < this.lastUsed.length; j++) if ((this.lastUsed[j] ?? 0) < (this.lastUsed[oldest] ?? 0)) oldest = j;
    this.weights[oldest] = Float64Array.from(x);
    this.lastUsed[oldest] = this.clock;
  }
}

/** A fixed-length window that drops its oldest value on each push. */
function slide(window: number[], value: number): void {
  window.shift();
  window.push(value);
}

/** The reference's detector state after the value range is known: downsampled features, the network and its vigilance. */
class ArtimeCore {
  private row = 1;
  private downsampled = 1;
  private readonly step: number;
  private readonly trendWindow: number;
  private readonly recentRows: number[];
  private movingAverage = 0;
  private readonly medianBins = new Array<number>(LEVELS + 1).fill(0);
  private medianLevel = 0;
  private belowMedian = 0;
  private aboveMedian = 0;
  private readonly levels = new Array<number>(WINDOW).fill(0);
  private readonly probationFeatures: number[][] = [];
  private readonly art: Dvfa;
  private lastAnomaly = 0;
  private lastAnomalySimilarity = 0;
  private lastRhoUpdate = 0;
  private maskAfterCategory = false;
  private noNewCategoryCount = 0;
  private anomalySimilaritySum = 0;
  private anomalySimilarityCount = 0;
  /** The newest anomaly's similarity (the last entry of the reference's history, lowered during its masking window). */
  private lastHistorySimilarity = 0;
  private similaritySum = 0;
  private similarityCount = 0;
  private readonly similarities: number[];
  private readonly shortfalls: number[];

  constructor(
    probationaryRows: number,
    private readonly normalise: (value: number) => number,
    maxCategories: number,
  ) {
    this.step = Math.max(1, Math.floor(probationaryRows / (WINDOW * WINDOWS_PER_PROBATION)));
    this.trendWindow = Math.floor(probationaryRows / this.step);
    this.recentRows = new Array<number>(this.step).fill(0);
    this.similarities = new Array<number>(Math.floor(this.trendWindow / 2) + 1).fill(1);
    this.shortfalls = new Array<number>(this.trendWindow + 1).fill(0);
    this.art = new Dvfa(maxCategories);
  }

  get categories(): number {
    return this.art.size;
  }

  get capReached(): boolean {
    return this.art.capReached;
  }

  /** One row; its anomaly score (0 unless this row closes a downsampling window that makes a new category). */
  push(value: number): number {
    slide(this.recentRows, value);
    const row = this.row;
    this.row += 1;
    if (row % this.step !== 0) return 0;
    const level = this.downsample();
    const score = this.classify(this.features(level), this.downsampled);
    this.downsampled += 1;
    return score;
  }

  /** The downsampled value of the last `step` rows, normalised, discretised and pulled to the running median. */
  private downsample(): number {
    const windowMean = mean(this.recentRows);
    const max = Math.max(...this.recentRows);
    const min = Math.min(...this.recentRows);
    if (this.downsampled === 1) this.movingAverage = windowMean;
    this.movingAverage = (this.movingAverage + windowMean) / 2;
    let value = Math.abs(max - this.movingAverage) < Math.abs(min - this.movingAverage) ? min : max;
    if (Math.abs(value - windowMean) < 0.1 * windowMean) value = windowMean;
    const level = Math.min(LEVELS, Math.max(0, roundHalfEven(this.normalise(value) * LEVELS)));
    this.trackMedian(level);
    const discretised = level / LEVELS;
    const median = this.medianLevel / LEVELS;
    return Math.abs(discretised - median) < MEDIAN_CHOMP ? median : discretised;
  }

  /** The reference's approximate running median over a histogram of the levels. */
  private trackMedian(level: number): void {
    const bins = this.medianBins;
    bins[level] = (bins[level] ?? 0) + 1;
    const middle = Math.floor(this.downsampled / 2);
    if (this.downsampled === 1) this.medianLevel = level;
    if (this.medianLevel > level) this.belowMedian += 1;
    else if (this.medianLevel < level) this.aboveMedian += 1;
    if (middle < this.aboveMedian) {
      this.belowMedian += bins[this.medianLevel] ?? 0;
      this.medianLevel += 1;
      while (this.medianLevel < LEVELS && (bins[this.medianLevel] ?? 0) === 0) this.medianLevel += 1;
      this.aboveMedian -= bins[this.medianLevel] ?? 0;
    } else if (middle < this.belowMedian) {
      this.aboveMedian += bins[this.medianLevel] ?? 0;
      this.medianLevel -= 1;
      while (this.medianLevel > 0 && (bins[this.medianLevel] ?? 0) === 0) this.medianLevel -= 1;
      this.belowMedian -= bins[this.medianLevel] ?? 0;
    }
  }

  private features(level: number): number[] {
    slide(this.levels, level);
    if (this.downsampled < WINDOW) return new Array<number>(DIM).fill(0);
    return [...minMaxNormalised(haar8(minMaxNormalised(this.levels))), ...this.levels];
  }

  /** The reference's `process_features!`: collect during probation, then learn the vigilance and replay; detect after. */
  private classify(features: number[], i: number): number {
    if (i > this.trendWindow) return this.detect(features, i);
    this.probationFeatures.push(features);
    if (i === this.trendWindow) {
      const rho = this.initialRho(this.probationFeatures.slice(WINDOW - 1));
      this.art.rhoLow = rho;
      this.art.rhoHigh = rho;
      this.probationFeatures.forEach((f, k) => this.detect(f, k + 1));
      this.probationFeatures.length = 0;
    }
    return 0;
  }

  /** The initial vigilance: a network at INITIAL_RHO trained on the features, least typical first; its mean later similarity. */
  private initialRho(features: readonly number[][]): number {
    const n = features.length;
    const totals = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) totals[i] = (totals[i] ?? 0) + (i === j ? 1 : similarity(features[i] ?? [], features[j] ?? []));
    const order = Array.from({ length: n }, (_v, k) => k).sort((a, b) => (totals[a] ?? 0) - (totals[b] ?? 0) || a - b);
    const art = new Dvfa(Number.MAX_SAFE_INTEGER);
    art.rhoLow = INITIAL_RHO;
    art.rhoHigh = INITIAL_RHO;
    const similarities = order.map((k) => art.train(features[k] ?? []).similarity);
    return mean(similarities.slice(Math.floor(this.trendWindow / 2) - 1));
  }

  /** The reference's `detect!`: classify, adapt the vigilance, and score a new category outside the masking. */
  private detect(features: readonly number[], i: number): number {
    const sinceAnomaly = i - this.lastAnomaly;
    const updateAfterAnomaly = sinceAnomaly === MASK;
    const updateForTrend = i - this.lastRhoUpdate >= Math.floor(this.trendWindow / 2);
    const maskAfterAnomaly = sinceAnomaly <= MASK;
    if (i > this.trendWindow + MASK && this.maskAfterCategory && this.noNewCategoryCount >= MASK) this.maskAfterCategory = false;
    const match = this.art.train(features, i >= WINDOW);
    const newCategory = i < WINDOW || match.newCategory;
    this.noNewCategoryCount = newCategory ? 0 : this.noNewCategoryCount + 1;
    this.similaritySum += match.similarity;
    this.similarityCount += 1;
    slide(this.similarities, match.similarity);
    slide(this.shortfalls, this.art.rhoHigh - match.similarity);
    if (sinceAnomaly < MASK && this.anomalySimilarityCount > 0 && match.similarity < this.lastHistorySimilarity) {
      this.anomalySimilaritySum += match.similarity - this.lastHistorySimilarity;
      this.lastHistorySimilarity = match.similarity;
    }
    const masking = this.maskAfterCategory || maskAfterAnomaly;
    const belowLast = match.similarity < this.lastAnomalySimilarity * (maskAfterAnomaly ? 0.9 : 0.7);
    let score = 0;
    if (i > this.trendWindow && newCategory && (!masking || belowLast)) {
      score = this.confidence(match);
      this.anomalySimilaritySum += match.similarity;
      this.anomalySimilarityCount += 1;
      this.lastHistorySimilarity = match.similarity;
      this.lastAnomalySimilarity = match.similarity;
      this.lastAnomaly = i;
    }
    this.maskAfterCategory = newCategory || this.maskAfterCategory;
    if (i > this.trendWindow && (updateAfterAnomaly || updateForTrend)) this.updateRho(i);
    return score;
  }

  private updateRho(i: number): void {
    const lowestRecent = Math.min(...this.similarities);
    const high = Math.min(RHO_UB_CAP, this.similaritySum / this.similarityCount);
    const previousLow = this.art.rhoLow;
    let low: number;
    if (previousLow <= lowestRecent) low = previousLow + (lowestRecent - previousLow) * RHO_LB_CLIMB;
    else {
      let descent = 0;
      if (i > this.trendWindow * 2) {
        const below = this.shortfalls.filter((d) => d > DESCENT_FLOOR).map((d) => Math.min(DESCENT_CAP, d));
        if (below.length > 0) descent = mean(below);
      }
      low = previousLow - Math.max(MIN_DESCENT, descent) / 2;
      if (this.anomalySimilarityCount > 0) low = Math.max(this.anomalySimilaritySum / this.anomalySimilarityCount, low);
    }
    this.art.rhoLow = Math.min(high, low);
    this.art.rhoHigh = high;
    this.lastRhoUpdate = i;
    this.maskAfterCategory = true;
  }

  /** The reference's confidence: how far the similarity falls below the vigilance bounds, plus the energy mismatch. */
  private confidence(match: Match): number {
    const s = Math.min(0.999, match.similarity);
    const upper = (1 - s - (1 - this.art.rhoHigh)) / (1 - s);
    const lower = (1 - s - (1 - this.art.rhoLow)) / (1 - s);
    const score = Math.min(1, upper * 0.35 + lower * 0.65 + (1 - match.energy) * 1.5);
    return roundHalfEven(score * 1e6) / 1e6;
  }
}

/** ARTime over a stream of values in time order: `push` each value, get its anomaly score in [0, 1] (0 = no anomaly). */
export class ArtimeDetector {
  private core: ArtimeCore | undefined;
  private readonly held: number[] = [];
  private seenMin = Infinity;
  private seenMax = -Infinity;
  private readonly probationaryRows: number;
  private readonly maxCategories: number;

  constructor(options: ArtimeOptions) {
    const rows = options.probationaryRows;
    if (!Number.isInteger(rows) || rows < MIN_PROBATIONARY_ROWS) throw new RangeError(`probationaryRows ${rows}: a whole number ≥ ${MIN_PROBATIONARY_ROWS}`);
    const cap = options.maxCategories ?? DEFAULT_MAX_CATEGORIES;
    if (!Number.isInteger(cap) || cap < 2) throw new RangeError(`maxCategories ${cap}: a whole number ≥ 2`);
    this.probationaryRows = rows;
    this.maxCategories = cap;
    const { range } = options;
    if (range.kind === 'given') this.core = new ArtimeCore(rows, rangeNormaliser(range.min, range.max), cap);
    if (range.kind === 'seen') this.core = new ArtimeCore(rows, (v) => (this.seenMax - this.seenMin !== 0 ? (v - this.seenMin) / (this.seenMax - this.seenMin) : v - this.seenMin), cap);
  }

  /** Categories in the store, and whether the cap ever made the detector forget one. */
  get categories(): number {
    return this.core?.categories ?? 0;
  }

  get capReached(): boolean {
    return this.core?.capReached ?? false;
  }

  /** The next value's score; a non-finite value is skipped (score 0, not learnt). */
  push(value: number): number {
    if (!Number.isFinite(value)) return 0;
    this.seenMin = Math.min(this.seenMin, value);
    this.seenMax = Math.max(this.seenMax, value);
    if (this.core) return this.core.push(value);
    // 'probationary': hold the period's rows, then fix its range and replay them.
    this.held.push(value);
    if (this.held.length < this.probationaryRows) return 0;
    const core = new ArtimeCore(this.probationaryRows, rangeNormaliser(this.seenMin, this.seenMax), this.maxCategories);
    this.core = core;
    const scores = this.held.map((v) => core.push(v));
    this.held.length = 0;
    return scores[scores.length - 1] ?? 0;
  }
}

/** Normalised by a fixed range and clamped into [0, 1] (a flat range only shifts, as the reference does). */
function rangeNormaliser(min: number, max: number): (value: number) => number {
  const span = max - min;
  return (value) => Math.min(1, Math.max(0, span !== 0 ? (value - min) / span : value - min));
}

/**
 * ARTime's score for every point of a series, each from the points before it in time (as a stream would), with the
 * input policy of `scoreSeries`: any input order, equal timestamps merged into their mean (every member gets its score),
 * non-finite points scored 0 and not learnt. Never throws on data.
 */
export function artimeSeries(points: readonly SeriesPoint[], options: ArtimeOptions): number[] {
  const detector = new ArtimeDetector(options);
  const scores = new Array<number>(points.length).fill(0);
  for (const observation of mergeByTime(points)) {
    const score = detector.push(observation.value);
    for (const i of observation.members) scores[i] = score;
  }
  return scores;
}
