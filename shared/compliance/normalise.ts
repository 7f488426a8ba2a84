/**
 * Normalisation against evasion, with an offset map back to the original text.
 *
 * Every UTF-16 unit of the input is folded once through a lazily filled 64K table: NFKD (full-width
 * and compatibility forms, circled and mathematical letters), accents and other combining marks
 * dropped, lower case, traditional -> simplified (curated table), Cyrillic look-alikes -> Latin.
 * What is left is either a "word" unit (letter, digit, `%`, `#`) that is kept, an invisible unit
 * (zero-width, format, combining) that is dropped without trace, a separator (space, punctuation,
 * symbol, emoji) that is dropped but remembered as a boundary before the next kept unit, or a hard
 * break (line break, 。) that becomes a single BREAK unit no term contains, so no match spans it.
 *
 * `最 好`, `最*好`, `第_一` and `g.u.a.r.a.n.t.e.e.d` thus become `最好`, `第一`, `guaranteed`;
 * the boundary flags let the matcher still insist on word boundaries for Latin terms.
 */
import { T2S_PAIRS } from './data/t2s';

const UNKNOWN = -1;
const DROP = -2;
const SEP = -3;
const HARD = -4;
const SLOW = -5;

/** Emitted for hard breaks; it is never part of a normalised term. */
export const BREAK_UNIT = 0x0a;

const HARD_BREAKS = new Set([0x0a, 0x0b, 0x0c, 0x0d, 0x85, 0x2028, 0x2029, 0x3002, 0xff61]);
const INVISIBLE = /^[\p{Cf}\p{M}\u115f\u1160\u3164\uffa0]$/u;
const MARK = /^\p{M}$/u;
const WORD = /^[\p{L}\p{N}%#]$/u;

const T2S = new Map<string, string>();
for (let i = 0; i + 1 < T2S_PAIRS.length; i += 2) T2S.set(T2S_PAIRS[i]!, T2S_PAIRS[i + 1]!);
/** The same table indexed by code unit over the CJK range it covers (0 = unchanged), for `toSimplified`. */
const CJK_FROM = 0x3400;
const T2S_UNITS = new Uint16Array(0x9fff - CJK_FROM + 1);
for (const [t, s] of T2S) T2S_UNITS[t.charCodeAt(0) - CJK_FROM] = s.charCodeAt(0);

/** Cyrillic and Greek letters that render like Latin ones ("bеst" with a Cyrillic е), as pairs. */
const CONFUSABLE_PAIRS = 'аaвbеeкkмmнhоoрpсcтtуyхxіiјjѕsԁdһhӏlοoιiκkνvρpτtυuχx';
const CONFUSABLES = new Map<string, string>();
for (let i = 0; i + 1 < CONFUSABLE_PAIRS.length; i += 2) CONFUSABLES.set(CONFUSABLE_PAIRS[i]!, CONFUSABLE_PAIRS[i + 1]!);

/** Folds one code point: a kind (DROP/SEP/HARD) or the kept units. */
function classify(cp: number): number | string {
  if (HARD_BREAKS.has(cp)) return HARD;
  const ch = String.fromCodePoint(cp);
  if (INVISIBLE.test(ch)) return DROP;
  let out = '';
  for (const c of ch.normalize('NFKD').toLowerCase()) {
    if (MARK.test(c)) continue;
    const t = T2S.get(c) ?? CONFUSABLES.get(c) ?? c;
    if (WORD.test(t)) out += t;
  }
  return out === '' ? SEP : out;
}

const FOLD = new Int32Array(65536).fill(UNKNOWN);
FOLD.fill(SLOW, 0xd800, 0xe000);
/** Multi-unit results (BMP expansions such as ㎏ -> kg, and all astral code points). */
const SLOW_CACHE = new Map<number, number | string>();

function learn(unit: number): number {
  const r = classify(unit);
  let v: number;
  if (typeof r === 'number') v = r;
  else if (r.length === 1) v = r.charCodeAt(0);
  else {
    SLOW_CACHE.set(unit, r);
    v = SLOW;
  }
  FOLD[unit] = v;
  return v;
}

function slow(cp: number): number | string {
  let r = SLOW_CACHE.get(cp);
  if (r === undefined) {
    r = classify(cp);
    SLOW_CACHE.set(cp, r);
  }
  return r;
}

/**
 * The normalised text as parallel typed arrays: unit `j` came from `original.slice(start[j], end[j])`,
 * and `sep[j]` is 1 when separators were dropped between unit `j - 1` and unit `j`.
 */
export interface Normalised {
  readonly length: number;
  readonly units: Uint16Array;
  readonly start: Int32Array;
  readonly end: Int32Array;
  readonly sep: Uint8Array;
}

/**
 * Reusable output arrays: the engine normalises every request into one buffer instead of
 * allocating four typed arrays per call (which dominates the cost of short copy lines).
 */
export class NormaliseBuffer {
  units: Uint16Array;
  start: Int32Array;
  end: Int32Array;
  sep: Uint8Array;

  constructor(capacity = 256) {
    this.units = new Uint16Array(capacity);
    this.start = new Int32Array(capacity);
    this.end = new Int32Array(capacity);
    this.sep = new Uint8Array(capacity);
  }

  /** Makes room for `capacity` units, keeping the first `keep`. */
  reserve(capacity: number, keep: number): void {
    if (capacity <= this.units.length) return;
    const cap = Math.max(capacity, this.units.length * 2);
    const units = new Uint16Array(cap);
    const start = new Int32Array(cap);
    const end = new Int32Array(cap);
    const sep = new Uint8Array(cap);
    units.set(this.units.subarray(0, keep));
    start.set(this.start.subarray(0, keep));
    end.set(this.end.subarray(0, keep));
    sep.set(this.sep.subarray(0, keep));
    Object.assign(this, { units, start, end, sep });
  }
}

/**
 * One linear pass; offsets are UTF-16 offsets into `text`. With a `buffer`, the result views its
 * arrays and is valid until the buffer's next use.
 */
export function normalise(text: string, buffer = new NormaliseBuffer(text.length + 16)): Normalised {
  const n = text.length;
  buffer.reserve(n + 16, 0);
  let { units, start, end, sep } = buffer;
  let j = 0;
  let pending = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    let v = FOLD[c]!;
    if (v === UNKNOWN) v = learn(c);
    if (v >= 0) {
      units[j] = v;
      start[j] = i;
      end[j] = i + 1;
      sep[j] = pending;
      pending = 0;
      j++;
      continue;
    }
    if (v === SEP) {
      pending = 1;
      continue;
    }
    if (v === DROP) continue;
    if (v === HARD) {
      if (j > 0 && units[j - 1] !== BREAK_UNIT) {
        units[j] = BREAK_UNIT;
        start[j] = i;
        end[j] = i + 1;
        sep[j] = 1;
        j++;
      }
      pending = 1;
      continue;
    }
    // SLOW: a surrogate pair (or lone surrogate) or a BMP unit that expands to several units.
    let cp = c;
    let width = 1;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        cp = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
        width = 2;
      }
    }
    const r = slow(cp);
    if (typeof r === 'number') {
      if (r !== DROP) pending = 1;
    } else {
      // The fast path writes at most one unit per input unit: keep room for the rest of the text.
      buffer.reserve(j + r.length + (n - i) + 16, j);
      ({ units, start, end, sep } = buffer);
      for (let k = 0; k < r.length; k++) {
        units[j] = r.charCodeAt(k);
        start[j] = i;
        end[j] = i + width;
        sep[j] = k === 0 ? pending : 0;
        j++;
      }
      pending = 0;
    }
    i += width - 1;
  }
  return { length: j, units, start, end, sep };
}

/** Does normalisation drop `unit` without trace (zero-width, format, combining)? */
export function dropsWithoutTrace(unit: number): boolean {
  let v = FOLD[unit]!;
  if (v === UNKNOWN) v = learn(unit);
  return v === DROP;
}

const DECODER = new TextDecoder('utf-16le');

/** The normalised units as a string (for regex rules); index `j` is unit `j`. */
export function normalisedString(norm: Normalised): string {
  return DECODER.decode(norm.units.subarray(0, norm.length));
}

/** A term (or allow entry) in normalised form and the positions where its own words meet. */
export interface NormalisedTerm {
  readonly key: string;
  /** Positions `k` (1..key.length-1) with a separator between key[k-1] and key[k] in the term. */
  readonly boundaries: readonly number[];
}

export function normaliseTerm(term: string): NormalisedTerm {
  const norm = normalise(term);
  let key = '';
  const boundaries: number[] = [];
  let pending = false;
  for (let j = 0; j < norm.length; j++) {
    const u = norm.units[j]!;
    if (u === BREAK_UNIT) {
      pending = true;
      continue;
    }
    if ((pending || norm.sep[j] === 1) && key.length > 0) boundaries.push(key.length);
    pending = false;
    key += String.fromCharCode(u);
  }
  return { key, boundaries };
}

const LATIN_WORD_CACHE = new Map<number, boolean>();

/**
 * Units that form Latin-script words (letters and digits outside the CJK blocks): only between two
 * of these does a word boundary matter.
 */
export function isLatinWord(unit: number): boolean {
  if (unit < 0x80) return (unit >= 0x61 && unit <= 0x7a) || (unit >= 0x30 && unit <= 0x39) || (unit >= 0x41 && unit <= 0x5a);
  if (unit >= 0x2e80) return false;
  let r = LATIN_WORD_CACHE.get(unit);
  if (r === undefined) {
    r = /^[\p{L}\p{N}]$/u.test(String.fromCharCode(unit));
    LATIN_WORD_CACHE.set(unit, r);
  }
  return r;
}

const HAS_FULL_WIDTH = /[\uff01-\uff5e\u3000]/;

/** A unit as width folding leaves it (full-width ASCII and the ideographic space folded). */
export function foldUnit(c: number): number {
  return c >= 0xff01 && c <= 0xff5e ? c - 0xfee0 : c === 0x3000 ? 0x20 : c;
}

/**
 * Full-width ASCII folded to ASCII without changing any offset (one unit for one unit), so regex
 * rules on the "original" text see `１３８…` as digits and still report original offsets. Chinese
 * copy has a full-width comma every few words: the unchanged stretches are copied between them, not
 * a replace callback per comma (twice as fast on the copy corpus).
 */
export function foldWidth(text: string): string {
  const first = text.search(HAS_FULL_WIDTH);
  if (first === -1) return text;
  let out = '';
  let from = 0;
  for (let i = first; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const folded = foldUnit(c);
    if (folded === c) continue;
    out += text.slice(from, i) + String.fromCharCode(folded);
    from = i + 1;
  }
  return out + text.slice(from);
}

/** Traditional -> simplified with the same table as `normalise`, one character for one (offsets kept). */
export function toSimplified(s: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) - CJK_FROM;
    if (c < 0 || c >= T2S_UNITS.length) continue;
    const t = T2S_UNITS[c]!;
    if (t === 0) continue;
    out += s.slice(from, i) + String.fromCharCode(t);
    from = i + 1;
  }
  return from === 0 ? s : out + s.slice(from);
}
