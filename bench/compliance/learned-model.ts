/**
 * A small learned family model for the learned-family experiment (issue 10, bench/compliance/learned.ts): multinomial logistic
 * regression over hashed character n-grams of the engine's normalised text. Pure TypeScript, deterministic (a seeded shuffle, no
 * clock, no randomness elsewhere), no dependency. It lives under bench/ because the experiment decides whether it ships: only an
 * adopted model moves to shared/compliance/ (see bench/results/compliance-learned.md for the protocol and the verdict).
 *
 * Features (fixed before any scored run): the text normalised as the engine normalises it (width, case, traditional -> simplified,
 * invisible units and symbols dropped), with one space where a separator stood between two Latin words and at both ends; then every character n-gram,
 * n = 1..3 for zh-CN and n = 2..5 for en (English letters carry less each), hashed (FNV-1a) into 2^18 buckets, presence only,
 * scaled to unit length. Classes: `ordinary` and the families present in the training rows.
 */
import { seededRandom } from '../../local/clickstream';
import { isLatinWord, normaliseTerm } from '../../shared/compliance/normalise';

export const HASH_BITS = 18;
const MASK = (1 << HASH_BITS) - 1;
export const NGRAMS: Readonly<Record<'zh-CN' | 'en', readonly [number, number]>> = { 'zh-CN': [1, 3], en: [2, 5] };

/**
 * The engine's normalised text, padded with spaces, with one space where a separator or a line break stood between two Latin-script
 * word units (Chinese units close up, as the engine's matcher reads them: `最 好` and `最*好` read `最好`).
 */
export function featureText(text: string): string {
  const { key, boundaries } = normaliseTerm(text);
  let out = ' ';
  let from = 0;
  for (const b of boundaries) {
    out += key.slice(from, b);
    if (isLatinWord(key.charCodeAt(b - 1)) && isLatinWord(key.charCodeAt(b))) out += ' ';
    from = b;
  }
  return `${out}${key.slice(from)} `;
}

/** Sorted, distinct hashed n-gram ids of a line. */
export function features(text: string, locale: 'zh-CN' | 'en'): Int32Array {
  const s = featureText(text);
  const [lo, hi] = NGRAMS[locale];
  const seen = new Set<number>();
  for (let i = 0; i < s.length; i++) {
    let h = (0x811c9dc5 ^ hi) >>> 0;
    for (let n = 1; n <= hi && i + n <= s.length; n++) {
      h = Math.imul(h ^ s.charCodeAt(i + n - 1), 0x01000193) >>> 0;
      if (n < lo) continue;
      const g = s.slice(i, i + n);
      // A gram of spaces only says nothing.
      if (g.trim() === '') continue;
      seen.add(Math.imul(h ^ n, 0x01000193) & MASK);
    }
  }
  return Int32Array.from([...seen].sort((a, b) => a - b));
}

export interface Example {
  x: Int32Array;
  /** Class index (0 = ordinary). */
  y: number;
  weight: number;
}

export interface Model {
  classes: readonly string[];
  /** Row-major [bucket][class]. */
  w: Float32Array;
  b: Float32Array;
}

/** Fixed before any scored run. */
export const TRAINING = { epochs: 15, rate: 0.5, l2: 1e-5, seed: 20261205 } as const;

function softmaxInto(model: Model, x: Int32Array, out: Float64Array): void {
  const C = model.classes.length;
  const v = 1 / Math.sqrt(Math.max(1, x.length));
  for (let c = 0; c < C; c++) out[c] = model.b[c]!;
  for (let i = 0; i < x.length; i++) {
    const row = x[i]! * C;
    for (let c = 0; c < C; c++) out[c] = out[c]! + model.w[row + c]! * v;
  }
  let max = -Infinity;
  for (let c = 0; c < C; c++) max = Math.max(max, out[c]!);
  let sum = 0;
  for (let c = 0; c < C; c++) {
    out[c] = Math.exp(out[c]! - max);
    sum += out[c]!;
  }
  for (let c = 0; c < C; c++) out[c] = out[c]! / sum;
}

/** Multinomial logistic regression by Adagrad over weighted examples, deterministic. */
export function train(classes: readonly string[], examples: readonly Example[]): Model {
  const C = classes.length;
  const D = 1 << HASH_BITS;
  const model: Model = { classes, w: new Float32Array(D * C), b: new Float32Array(C) };
  const gw = new Float32Array(D * C).fill(1e-8);
  const gb = new Float64Array(C).fill(1e-8);
  const order = examples.map((_, i) => i);
  const rand = seededRandom(TRAINING.seed);
  const p = new Float64Array(C);
  for (let epoch = 0; epoch < TRAINING.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const k of order) {
      const { x, y, weight } = examples[k]!;
      softmaxInto(model, x, p);
      const v = 1 / Math.sqrt(Math.max(1, x.length));
      for (let c = 0; c < C; c++) {
        const g = weight * (p[c]! - (c === y ? 1 : 0));
        gb[c] = gb[c]! + g * g;
        model.b[c] = model.b[c]! - (TRAINING.rate * g) / Math.sqrt(gb[c]!);
        for (let i = 0; i < x.length; i++) {
          const at = x[i]! * C + c;
          const wi = model.w[at]!;
          const gi = g * v + TRAINING.l2 * wi;
          const acc = gw[at]! + gi * gi;
          gw[at] = acc;
          model.w[at] = wi - (TRAINING.rate * gi) / Math.sqrt(acc);
        }
      }
    }
  }
  return model;
}

/** Claim-ness (1 - P(ordinary)) and the most likely family. */
export function score(model: Model, x: Int32Array): { claim: number; family: string } {
  const p = new Float64Array(model.classes.length);
  softmaxInto(model, x, p);
  let best = 1;
  for (let c = 2; c < p.length; c++) if (p[c]! > p[best]!) best = c;
  return { claim: 1 - p[0]!, family: model.classes[best]! };
}

/** Non-zero weights (|w| >= `eps`) and the buckets holding any: what a shipped model would store. */
export function modelSize(model: Model, eps = 1e-3): { weights: number; buckets: number } {
  const C = model.classes.length;
  let weights = 0;
  let buckets = 0;
  for (let r = 0; r < model.w.length / C; r++) {
    let any = false;
    for (let c = 0; c < C; c++) {
      if (Math.abs(model.w[r * C + c]!) >= eps) {
        weights++;
        any = true;
      }
    }
    if (any) buckets++;
  }
  return { weights, buckets };
}
