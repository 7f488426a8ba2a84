/**
 * A contextual anomaly detector: scores how much of what a series does now was not foreseen by the
 * "contexts" it has learnt online. Pure, deterministic, bounded memory.
 *
 * Algorithm: CAD OSE, the Contextual Anomaly Detector (open source edition) by Mikhail Smirnov
 * (2016, github.com/smirmik/CAD), as run in the Numenta Anomaly Benchmark (numenta/NAB,
 * nab/detectors/context_ose; the NAB repository is MIT-licensed, the CAD sources it carries were
 * published by their author under the AGPL-3.0). This file is our own TypeScript implementation,
 * written from the algorithm's description and not translated from either source: its data
 * structures, the tie-break among active contexts and the memory caps are ours.
 *
 * How it works, per point:
 * 1. Facts. The value is binned into 2^`valueBits` levels over a value range, and each bit of the
 *    level is one fact ("bit k is 0" or "bit k is 1"). A level of 5 with 3 bits is {b0=1, b1=0, b2=1}.
 * 2. Contexts. A context is a pair (left facts, right facts): "when the left facts held on the previous
 *    point, the right facts held on this one". The left side holds the previous point's value facts
 *    plus the ids of the contexts that were active on it ("neuron" facts: a short, learnt history).
 *    The pair (previous facts, current value facts) is stored as a new transition context when it has
 *    never been seen. When it is new, the partial overlaps of the known transition contexts with the
 *    previous/current facts become candidate contexts too (generalisation by intersection).
 * 3. Statistics. Every context whose left side held completely on the previous point was "selected";
 *    it counts how many right facts it foretold and how many came true. It is "active" when all of its
 *    right facts came true now.
 * 4. Prediction. Among contexts whose left side holds completely now, those with the best hit ratio
 *    foretell the next point's facts.
 * 5. Score. If every current value fact was foretold, the score is 0. Otherwise it is
 *    (1 − active/selected + new/candidates) / 2: the share of selected contexts that failed plus the
 *    share of candidate contexts that were new (a never-seen situation).
 * 6. Rest. After a raw score of at least `baseThreshold`, scores are reported as 0 for `restPeriod`
 *    points (one alarm per incident); the first `restPeriod` points are a rest period too.
 *
 * Memory: the context store is capped (`maxContexts`); once full, no context is added (the counters of
 * the known ones still learn). Each context's facts are bounded by the bit count and `maxActiveContexts`,
 * so memory is O(maxContexts) whatever the series' length.
 *
 * Value range: NAB's harness gives CAD the minimum and maximum of the WHOLE file before the first point
 * (look-ahead: a stream cannot know them). `range: 'expanding'` uses the range of the values seen so
 * far instead (a new record falls into the top or bottom level), which is what a stream can do, and
 * `{ learnPoints }` the range of a learning period, fixed after it.
 */
import { mergeByTime, type SeriesPoint } from '../../shared/budget/anomaly';

export interface ContextAnomalyOptions {
  /** Bits of the binned value: 2^valueBits levels. */
  readonly valueBits: number;
  /** A raw score at or above this starts a rest period. */
  readonly baseThreshold: number;
  /** Points after a raw score ≥ baseThreshold (and at the start) whose reported score is 0. */
  readonly restPeriod: number;
  /** Candidate contexts are made only from left overlaps of at most this many facts. */
  readonly maxLeftFacts: number;
  /** At most this many active contexts become facts of the next point's left side. */
  readonly maxActiveContexts: number;
  /** Cap on stored contexts (memory bound); once reached, no context is added. */
  readonly maxContexts: number;
  /**
   * The value range binned into levels: fixed (known in advance); `'expanding'`, the range seen so far;
   * or `{ learnPoints }`, the range of the first learnPoints values, then fixed (later values outside
   * it fall into the bottom or top level).
   */
  readonly range: { readonly min: number; readonly max: number } | 'expanding' | { readonly learnPoints: number };
}

/** CAD OSE's settings in NAB, with the range seen so far and a memory cap; set `restPeriod` per series. */
export const DEFAULT_CONTEXT_OPTIONS: ContextAnomalyOptions = {
  valueBits: 3,
  baseThreshold: 0.75,
  restPeriod: 30,
  maxLeftFacts: 7,
  maxActiveContexts: 15,
  maxContexts: 100_000,
  range: 'expanding',
};

/** The rest period NAB gives CAD: a fifth of its probationary period (15% of the series, at most 750 points). */
export function nabRestPeriod(rows: number): number {
  return Math.floor(Math.floor(0.15 * Math.min(rows, 5000)) / 5);
}

interface SemiContext {
  readonly facts: readonly number[];
  /** Facts of this semi-context present in the last crossing; valid only when `stamp` is that crossing's. */
  overlap: number[];
  stamp: number;
  /** Left side only: right semi-context id → context id. */
  readonly contexts: Map<number, number>;
}

interface Context {
  readonly right: number;
  readonly rightFacts: readonly number[];
  /** Right facts foretold while the left side held (Σ |right|). */
  foretold: number;
  /** Of those, how many came true. */
  cameTrue: number;
  /** Times all right facts came true while the left side held. */
  fired: number;
  /** Seen as a transition (previous facts → current value facts), not only as an intersection. */
  transition: boolean;
}

/** One side (left or right) of the context store: semi-contexts, found by their facts. */
class Side {
  readonly semis: SemiContext[] = [];
  private readonly byKey = new Map<string, number>();
  private readonly byFact = new Map<number, number[]>();
  private stampNow = 0;
  /** Ids of the semi-contexts that overlapped the last crossing, in first-touch order. */
  crossed: number[] = [];

  find(facts: readonly number[]): number | undefined {
    return this.byKey.get(facts.join(','));
  }

  add(facts: readonly number[]): number {
    const id = this.semis.length;
    this.semis.push({ facts, overlap: [], stamp: 0, contexts: new Map() });
    this.byKey.set(facts.join(','), id);
    for (const fact of facts) {
      const list = this.byFact.get(fact);
      if (list) list.push(id);
      else this.byFact.set(fact, [id]);
    }
    return id;
  }

  /** Intersect every semi-context with `facts` (sorted, distinct). */
  cross(facts: readonly number[]): void {
    this.stampNow += 1;
    const crossed: number[] = [];
    for (const fact of facts) {
      for (const id of this.byFact.get(fact) ?? []) {
        const semi = this.semis[id];
        if (!semi) continue;
        if (semi.stamp !== this.stampNow) {
          semi.stamp = this.stampNow;
          semi.overlap = [];
          crossed.push(id);
        }
        semi.overlap.push(fact);
      }
    }
    this.crossed = crossed;
  }

  overlapOf(id: number): readonly number[] {
    const semi = this.semis[id];
    return semi && semi.stamp === this.stampNow ? semi.overlap : [];
  }
}

/** Sensor facts occupy 0 … 2·valueBits − 1; context ("neuron") facts start here. */
const CONTEXT_FACT_BASE = 1 << 16;

/** One point's scores. */
export interface ContextScore {
  /** Reported score in [0, 1]: 0 while resting after a high score (see `restPeriod`). */
  readonly score: number;
  /** The score before the rest period: 0 when every value fact was foretold. */
  readonly raw: number;
}

/** The streaming detector. `next(value)` scores that value, then learns from it. */
export class ContextAnomalyDetector {
  private readonly left = new Side();
  private readonly right = new Side();
  private readonly contexts: Context[] = [];
  private previousFacts: number[] = [];
  private foretoldFacts = new Set<number>();
  private seenMin = Infinity;
  private seenMax = -Infinity;
  private pointsSeen = 0;
  /** Index of the last raw score ≥ baseThreshold; −1 stands for the rest period at the start. */
  private lastHigh = -1;

  constructor(private readonly options: ContextAnomalyOptions = DEFAULT_CONTEXT_OPTIONS) {
    if (!Number.isInteger(options.valueBits) || options.valueBits < 1 || options.valueBits > 12) throw new RangeError('valueBits must be an integer in 1…12');
    if (!Number.isInteger(options.maxContexts) || options.maxContexts < 1) throw new RangeError('maxContexts must be a positive integer');
    const range = options.range;
    if (range !== 'expanding' && 'learnPoints' in range && !(Number.isInteger(range.learnPoints) && range.learnPoints >= 1)) throw new RangeError('learnPoints must be a positive integer');
  }

  /** Contexts stored so far (at most `maxContexts`). */
  get contextCount(): number {
    return this.contexts.length;
  }

  /** Score one value (non-finite values score 0 and are not learned from). */
  next(value: number): ContextScore {
    if (!Number.isFinite(value)) return { score: 0, raw: 0 };
    const facts = this.valueFacts(value);
    const unforeseen = facts.some((f) => !this.foretoldFacts.has(f));
    const { activeShare, newShare } = this.learn(facts);
    const raw = unforeseen ? (1 - activeShare + newShare) / 2 : 0;
    const index = this.pointsSeen;
    this.pointsSeen += 1;
    const resting = this.options.restPeriod > 0 && this.lastHigh >= index - this.options.restPeriod;
    if (raw >= this.options.baseThreshold) this.lastHigh = index;
    return { score: resting ? 0 : raw, raw };
  }

  private valueFacts(value: number): number[] {
    const levels = 2 ** this.options.valueBits - 1;
    let min: number;
    let max: number;
    const range = this.options.range;
    if (range === 'expanding' || 'learnPoints' in range) {
      if (range === 'expanding' || this.pointsSeen < range.learnPoints) {
        this.seenMin = Math.min(this.seenMin, value);
        this.seenMax = Math.max(this.seenMax, value);
      }
      min = this.seenMin;
      max = this.seenMax;
    } else ({ min, max } = range);
    const span = max - min > 0 ? max - min : levels;
    const level = Math.max(0, Math.min(levels, Math.trunc(((value - min) / span) * levels)));
    const facts: number[] = [];
    for (let bit = 0; bit < this.options.valueBits; bit++) facts.push(2 * bit + ((level >> bit) & 1));
    return facts;
  }

  /** Store a context unless it is known or the store is full; returns its id and whether it was new. */
  private store(leftFacts: readonly number[], rightFacts: readonly number[], transition: boolean): { id: number | undefined; added: boolean } {
    const leftId = this.left.find(leftFacts);
    const rightId = this.right.find(rightFacts);
    const known = leftId === undefined || rightId === undefined ? undefined : this.left.semis[leftId]?.contexts.get(rightId);
    if (known !== undefined) {
      const context = this.contexts[known];
      if (context && transition) context.transition = true;
      return { id: known, added: false };
    }
    if (this.contexts.length >= this.options.maxContexts) return { id: undefined, added: false };
    const l = leftId ?? this.left.add(leftFacts);
    const r = rightId ?? this.right.add(rightFacts);
    const id = this.contexts.length;
    this.contexts.push({ right: r, rightFacts, foretold: 0, cameTrue: 0, fired: 0, transition });
    this.left.semis[l]?.contexts.set(r, id);
    return { id, added: true };
  }

  private learn(facts: number[]): { activeShare: number; newShare: number } {
    // 2. The transition just seen, as a context.
    let transitionNew = false;
    let transitionId: number | undefined;
    const candidateKeys = new Set<string>();
    if (this.previousFacts.length > 0) {
      const stored = this.store(this.previousFacts, facts, true);
      transitionNew = stored.added;
      transitionId = stored.added ? stored.id : undefined;
      candidateKeys.add(`${this.previousFacts.join(',')}|${facts.join(',')}`);
    }
    // 3. Judge the contexts selected on the previous point (left side = its crossing) against these facts.
    this.right.cross(facts);
    const active: { id: number; fired: number }[] = [];
    let selected = 0;
    const candidates: [number[], number[]][] = [];
    for (const leftId of this.left.crossed) {
      const semi = this.left.semis[leftId];
      if (!semi) continue;
      const leftOverlap = this.left.overlapOf(leftId);
      const leftHeld = leftOverlap.length === semi.facts.length;
      for (const [rightId, id] of semi.contexts) {
        const context = this.contexts[id];
        if (!context || id === transitionId) continue;
        const rightOverlap = this.right.overlapOf(rightId);
        const generalise = context.transition && transitionNew && rightOverlap.length > 0 && leftOverlap.length <= this.options.maxLeftFacts;
        if (leftHeld) {
          selected += 1;
          context.foretold += context.rightFacts.length;
          if (rightOverlap.length === 0) continue;
          context.cameTrue += rightOverlap.length;
          if (rightOverlap.length === context.rightFacts.length) {
            context.fired += 1;
            active.push({ id, fired: context.fired });
          } else if (generalise) candidates.push([[...leftOverlap], [...rightOverlap]]);
        } else if (generalise) candidates.push([[...leftOverlap], [...rightOverlap]]);
      }
    }
    // The most-fired active contexts (older first on ties) become facts of the next left side.
    active.sort((a, b) => b.fired - a.fired || a.id - b.id);
    const contextFacts = active.slice(0, this.options.maxActiveContexts).map((a) => CONTEXT_FACT_BASE + a.id);
    const nextLeft = [...facts, ...contextFacts].sort((a, b) => a - b);
    this.previousFacts = nextLeft;
    // Candidates from intersections, then the prediction for the next point.
    let added = transitionNew ? 1 : 0;
    for (const [l, r] of candidates) {
      candidateKeys.add(`${l.join(',')}|${r.join(',')}`);
      if (this.store(l, r, false).added) added += 1;
    }
    this.left.cross(nextLeft);
    this.foretoldFacts = this.predict();
    return {
      activeShare: selected > 0 ? active.length / selected : 0,
      newShare: transitionNew && candidateKeys.size > 0 ? added / candidateKeys.size : 0,
    };
  }

  /** Right facts of the contexts whose left side holds now and whose hit ratio is the best. */
  private predict(): Set<number> {
    let best = 0;
    let predictors: Context[] = [];
    for (const leftId of this.left.crossed) {
      const semi = this.left.semis[leftId];
      if (!semi || this.left.overlapOf(leftId).length !== semi.facts.length) continue;
      for (const id of semi.contexts.values()) {
        const context = this.contexts[id];
        if (!context) continue;
        const ratio = context.foretold > 0 ? context.cameTrue / context.foretold : 0;
        if (ratio > best) {
          best = ratio;
          predictors = [context];
        } else if (ratio === best) predictors.push(context);
      }
    }
    const foretold = new Set<number>();
    for (const context of predictors) for (const fact of context.rightFacts) foretold.add(fact);
    return foretold;
  }
}

/**
 * Score a whole series with the contextual detector, under the same input policy as scoreSeries:
 * points in time order whatever their input order, equal timestamps merged (their mean), non-finite
 * points scored 0 and not learned from; every input point gets the score of its observation.
 */
export function contextScores(points: readonly SeriesPoint[], options: ContextAnomalyOptions = DEFAULT_CONTEXT_OPTIONS): ContextScore[] {
  const detector = new ContextAnomalyDetector(options);
  const results = new Array<ContextScore>(points.length).fill({ score: 0, raw: 0 });
  for (const observation of mergeByTime(points)) {
    const score = detector.next(observation.value);
    for (const i of observation.members) results[i] = score;
  }
  return results;
}
