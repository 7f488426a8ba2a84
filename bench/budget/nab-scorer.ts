/**
 * A port of the Numenta Anomaly Benchmark scorer (numenta/NAB `nab/sweeper.py`, MIT), so our anomaly
 * detector is judged by the same rules as the published detectors: anomaly windows, a scaled sigmoid
 * that rewards early detection, per-point false-positive cost, a probationary period, threshold
 * optimisation over a whole corpus, and normalisation between the null and the perfect detector.
 */

export interface CostMatrix {
  readonly tpWeight: number;
  readonly fpWeight: number;
  readonly fnWeight: number;
}

/** NAB's "standard" application profile (config/profiles.json). */
export const STANDARD_PROFILE: CostMatrix = { tpWeight: 1, fpWeight: 0.11, fnWeight: 1 };

/** NAB ignores the first 15% of each file (at most 750 rows) while detectors learn. */
export const PROBATION_FRACTION = 0.15;

export type WindowLimits = readonly [start: string, end: string];

/** One scored row: `window` is the window's name, null outside any window, 'probationary' early on. */
export interface SweptPoint {
  readonly anomalyScore: number;
  readonly sweepScore: number;
  readonly window: string | null;
}

export interface ThresholdScore {
  readonly threshold: number;
  readonly score: number;
  readonly tp: number;
  readonly tn: number;
  readonly fp: number;
  readonly fn: number;
}

const PROBATIONARY = 'probationary';

/** 2·sigmoid(−5x) − 1: +0.987 at a window's left edge, 0 at its right edge, → −1 three widths after it. */
export function scaledSigmoid(relativePosition: number): number {
  if (relativePosition >= 3) return -1;
  return 2 / (1 + Math.exp(5 * relativePosition)) - 1;
}

export function probationaryLength(rows: number, fraction = PROBATION_FRACTION): number {
  return Math.min(Math.floor(fraction * rows), fraction * 5000);
}

/** NAB label files write "2011-07-11 04:00:01.000000"; data files write "2011-07-11 04:00:01". */
export function normaliseNabTimestamp(timestamp: string): string {
  return timestamp.replace(/\.0+$/, '');
}

/**
 * Weight every row as NAB's Sweeper.calcSweepScore does: inside a window a detection is worth the
 * scaled sigmoid of its position (normalised so the left edge is worth tpWeight); outside, a false
 * positive costs fpWeight, less when it falls just after a window.
 */
export function sweepFile(
  name: string,
  timestamps: readonly string[],
  anomalyScores: readonly number[],
  windows: readonly WindowLimits[],
  cost: CostMatrix,
  probationFraction = PROBATION_FRACTION,
): SweptPoint[] {
  if (timestamps.length !== anomalyScores.length) throw new Error(`${name}: timestamps and scores differ in length`);
  const indexOf = new Map(timestamps.map((t, i) => [normaliseNabTimestamp(t), i]));
  const pending = windows.map(([start, end]) => {
    const startIndex = indexOf.get(normaliseNabTimestamp(start));
    const endIndex = indexOf.get(normaliseNabTimestamp(end));
    if (startIndex === undefined || endIndex === undefined) throw new Error(`${name}: window ${start}..${end} not in data`);
    return { name: `${name}|${start}`, startIndex, endIndex };
  });
  const maxTp = scaledSigmoid(-1);
  const probation = probationaryLength(timestamps.length, probationFraction);
  const points: SweptPoint[] = [];
  let current: (typeof pending)[number] | undefined;
  let previous: { endIndex: number; width: number } | undefined;
  let next = 0;
  anomalyScores.forEach((anomalyScore, i) => {
    const upcoming = pending[next];
    if (upcoming !== undefined && i === upcoming.startIndex) {
      current = upcoming;
      next += 1;
    }
    let sweepScore: number;
    if (current) {
      const width = current.endIndex - current.startIndex + 1;
      sweepScore = (scaledSigmoid(-(current.endIndex - i + 1) / width) * cost.tpWeight) / maxTp;
    } else {
      const positionPastWindow = previous ? Math.abs(previous.endIndex - i) / (previous.width - 1) : 3;
      sweepScore = scaledSigmoid(positionPastWindow) * cost.fpWeight;
    }
    const window = i >= probation ? (current?.name ?? null) : PROBATIONARY;
    points.push({ anomalyScore, sweepScore, window });
    if (current && i === current.endIndex) {
      previous = { endIndex: current.endIndex, width: current.endIndex - current.startIndex + 1 };
      current = undefined;
    }
  });
  return points;
}

/**
 * The score at every distinct threshold, highest first (Sweeper.calcScoreByThreshold): a row counts
 * as a detection when its anomaly score is ≥ the threshold; each window counts its best detection
 * once, or −fnWeight when it has none; every false positive counts.
 */
export function scoresByThreshold(points: readonly SweptPoint[], cost: CostMatrix): ThresholdScore[] {
  const scorable = points.filter((p) => p.window !== PROBATIONARY).sort((a, b) => b.anomalyScore - a.anomalyScore);
  const windowParts = new Map<string, number>();
  for (const p of scorable) if (p.window !== null) windowParts.set(p.window, -cost.fnWeight);
  let fpPart = 0;
  const total = (): number => [...windowParts.values()].reduce((sum, part) => sum + part, fpPart);
  let tn = scorable.filter((p) => p.window === null).length;
  let fn = scorable.length - tn;
  let tp = 0;
  let fp = 0;
  let threshold = 1.1;
  const result: ThresholdScore[] = [];
  for (const p of scorable) {
    if (p.anomalyScore !== threshold) {
      result.push({ threshold, score: total(), tp, tn, fp, fn });
      threshold = p.anomalyScore;
    }
    if (p.window === null) {
      fp += 1;
      tn -= 1;
      fpPart += p.sweepScore;
    } else {
      tp += 1;
      fn -= 1;
      windowParts.set(p.window, Math.max(windowParts.get(p.window) ?? -cost.fnWeight, p.sweepScore));
    }
  }
  result.push({ threshold, score: total(), tp, tn, fp, fn });
  return result;
}

/** The row NAB's Sweeper.scoreDataSet reports for a given threshold (detections are scores ≥ it). */
export function scoreAtThreshold(points: readonly SweptPoint[], cost: CostMatrix, threshold: number): ThresholdScore {
  const rows = scoresByThreshold(points, cost);
  let previous: ThresholdScore | undefined;
  for (const row of rows) {
    if (row.threshold === threshold) return row;
    if (row.threshold < threshold) break;
    previous = row;
  }
  if (!previous) throw new Error(`threshold ${threshold} is above every score`);
  return previous;
}

/** NAB's threshold optimisation: one threshold for the whole corpus, the one with the best total. */
export function optimiseThreshold(corpus: readonly SweptPoint[][], cost: CostMatrix): ThresholdScore {
  const rows = scoresByThreshold(corpus.flat(), cost);
  return rows.reduce((best, row) => (row.score > best.score ? row : best));
}

/** 0 for the detector that never fires, 100 for one that fires exactly at each window's start. */
export function normalisedScore(rawScore: number, windowCount: number, cost: CostMatrix): number {
  const nullScore = -cost.fnWeight * windowCount;
  const perfectScore = cost.tpWeight * windowCount;
  return (100 * (rawScore - nullScore)) / (perfectScore - nullScore);
}
