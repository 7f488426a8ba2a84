/**
 * Numenta's anomaly likelihood (Ahmad, Lavin, Purdy & Agha 2017; `nupic/algorithms/anomaly_likelihood.py`), the
 * post-processing NAB puts between HTM's raw prediction error and its threshold, ported to apply to any raw score
 * in [0, 1] (the ninth NAB round applies it to our detector's `score`; bench/results/budget-nab.md).
 *
 * It asks whether the raw scores have lately been unusual, not whether one point is: the mean of the last
 * `averagingWindow` raw scores against a normal fitted to the series' own history of such means (refitted every
 * `reestimationPeriod` points), its tail probability filtered so a run of red alarms reports once, and returned as
 * NAB's log score, −log10(tail probability) / 10 (0.5 at a tail probability of 10⁻⁵, NAB's red zone). Every
 * constant is NuPIC's; nothing here was tuned.
 */
import { probationaryLength } from './nab-scorer';

export interface AnomalyLikelihoodSettings {
  /** Raw scores ignored at the start of each fit (the raw detector is still learning). */
  readonly learningPeriod: number;
  /** Further points before the first fit; until learningPeriod + estimationSamples points, the likelihood is 0.5. */
  readonly estimationSamples: number;
  /** Points of history each fit reads. */
  readonly historicWindowSize: number;
  /** Points between refits. */
  readonly reestimationPeriod: number;
  /** Raw scores in the short-window mean. */
  readonly averagingWindow: number;
}

/** NAB's numenta_detector.py: the probationary period split into learning and estimation, a refit every 100 points. */
export function nabLikelihoodSettings(rows: number): AnomalyLikelihoodSettings {
  const probation = probationaryLength(rows);
  const learningPeriod = Math.floor(probation / 2);
  return { learningPeriod, estimationSamples: probation - learningPeriod, historicWindowSize: 8640, reestimationPeriod: 100, averagingWindow: 10 };
}

/** A tail probability at or below this is red (NuPIC's redThreshold, 1 − 0.99999). */
const RED_TAIL = 1 - 0.99999;
/** A red that follows a red is reported as yellow (1 − 0.999): one red alarm per run. */
const YELLOW_TAIL = 1 - 0.999;
/** Floors of a fitted distribution: a near-constant history of small scores must not make the slightest blip red. */
const MIN_MEAN = 0.03;
const MIN_VARIANCE = 0.0003;
/** Below this variance of the raw values, a series is flat and nothing in it is unusual (NuPIC's flat-metric rule). */
const FLAT_VALUE_VARIANCE = 1.5e-5;
const BROAD_DISTRIBUTION: Normal = { mean: 0.5, stdev: 1e3 };

interface Normal {
  readonly mean: number;
  readonly stdev: number;
}

/** A running mean of the last `size` values (NuPIC's MovingAverage). */
class MovingAverage {
  private readonly window: number[] = [];
  private total = 0;

  constructor(private readonly size: number) {}

  push(value: number): number {
    if (this.window.length === this.size) this.total -= this.window.shift() ?? 0;
    this.window.push(value);
    this.total += value;
    return this.total / this.window.length;
  }
}

/** The streaming likelihood of one series: feed each point's value and raw score in order. */
export class AnomalyLikelihood {
  private readonly history: { value: number; score: number }[] = [];
  private iteration = 0;
  private distribution: Normal | undefined;
  private average: MovingAverage;
  /** The last `averagingWindow` unfiltered tail probabilities (the filter looks one back). */
  private recentTails: number[] = [];

  constructor(private readonly settings: AnomalyLikelihoodSettings) {
    this.average = new MovingAverage(settings.averagingWindow);
  }

  /** NAB's log score of this point: −log10 of its filtered tail probability, over 10 (0 until the first fit). */
  next(value: number, rawScore: number): number {
    let likelihood = 0.5;
    if (this.iteration >= this.settings.learningPeriod + this.settings.estimationSamples) {
      if (!this.distribution || this.iteration % this.settings.reestimationPeriod === 0) this.refit();
      const tail = tailProbability(this.average.push(rawScore), this.distribution ?? BROAD_DISTRIBUTION);
      const previous = this.recentTails[this.recentTails.length - 1];
      const filtered = tail <= RED_TAIL && previous !== undefined && previous <= RED_TAIL ? YELLOW_TAIL : tail;
      this.recentTails = [...this.recentTails, tail].slice(-this.settings.averagingWindow);
      likelihood = 1 - filtered;
    }
    this.history.push({ value, score: rawScore });
    if (this.history.length > this.settings.historicWindowSize) this.history.shift();
    this.iteration += 1;
    return Math.log(1.0000000001 - likelihood) / Math.log(1e-10);
  }

  /** NuPIC's estimateAnomalyLikelihoods over the history: the fit, the running mean's state and the recent tails. */
  private refit(): void {
    const shiftedOut = Math.max(0, this.iteration - this.settings.historicWindowSize);
    const skip = Math.min(this.iteration, Math.max(0, this.settings.learningPeriod - shiftedOut));
    this.average = new MovingAverage(this.settings.averagingWindow);
    const means = this.history.map((h) => this.average.push(h.score));
    this.distribution =
      means.length <= skip || variance(this.history.slice(skip).map((h) => h.value)) < FLAT_VALUE_VARIANCE ? BROAD_DISTRIBUTION : boundedNormal(means.slice(skip));
    const distribution = this.distribution;
    this.recentTails = means.slice(-this.settings.averagingWindow).map((m) => tailProbability(m, distribution));
  }
}

/** The log score of every row of a series (values and raw scores row by row), with NAB's settings for its length. */
export function anomalyLikelihoodScores(values: readonly number[], rawScores: readonly number[]): number[] {
  const likelihood = new AnomalyLikelihood(nabLikelihoodSettings(values.length));
  return values.map((v, i) => likelihood.next(v, rawScores[i] ?? 0));
}

function mean(xs: readonly number[]): number {
  return xs.reduce((s, x) => s + x, 0) / xs.length;
}

/** Population variance (numpy.var). */
function variance(xs: readonly number[]): number {
  const m = mean(xs);
  return xs.reduce((s, x) => s + (x - m) ** 2, 0) / xs.length;
}

function boundedNormal(xs: readonly number[]): Normal {
  return { mean: Math.max(mean(xs), MIN_MEAN), stdev: Math.sqrt(Math.max(variance(xs), MIN_VARIANCE)) };
}

/**
 * P(a draw ≥ x): the normal's upper tail, so a quieter spell than usual is never unusual. This is the version behind
 * NAB's published HTM outputs (the port check in nab-likelihood.ts reproduces them); NuPIC's last release mirrors a
 * mean below the fitted one to its upper tail instead, which does not reproduce them. (NuPIC's √2 ≈ 1.4142.)
 */
export function tailProbability(x: number, normal: Normal): number {
  return 0.5 * erfc((x - normal.mean) / normal.stdev / 1.4142);
}

/** Complementary error function (Numerical Recipes' erfcc: fractional error below 1.2 × 10⁻⁷ everywhere). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const poly = -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const r = t * Math.exp(poly);
  return x >= 0 ? r : 2 - r;
}
