/**
 * The request text with its disguises undone, for the regex rules that run on the original text.
 *
 * Normalisation drops every space and symbol, so the lexicon and the normalised-text patterns see
 * `r e v i e w`, `guar*anteed` and `re view` as `review`, `guaranteed`. A pattern on the original
 * text needs its spaces and punctuation (`\bleave\s+a\s+review\b`, `95.5%`), so it gets this view
 * instead: the width-folded text with only the characters a disguise inserts removed, and each kept
 * character at its original offset (`origin`). A character is removed when it is:
 *
 * - invisible (zero-width, format, combining: what normalisation drops without trace);
 * - the filler of a letter-spaced run: three or more one-character words with the same character
 *   between each (`r e v i e w`, `r.i.s.k`, `好 评 返 现`); where the run crossed a space or a
 *   punctuation mark of its own, the filler stands on both sides of it (`d   r`, `e - s`) and only
 *   the fillers go;
 * - a lone symbol inside a word (`guar*anteed`, `好*评`; not `-`, `'`, `.`, `/`, `&`, `@`, which
 *   ordinary words carry);
 * - a short break inside an occurrence of a pattern's required literal that starts a word, where the
 *   literal itself has none (`re view` for the literal `review`, but not `gift card` for `gift card`).
 *
 * Only removal: a match in this view maps back to original offsets one unit for one.
 */
import { BREAK_UNIT, dropsWithoutTrace, isLatinWord, type Normalised } from './normalise';

/** A required literal's occurrence in the normalised units, and its own word breaks (offsets into the key). */
export interface LiteralOccurrence {
  start: number;
  end: number;
  breaks: readonly number[];
}

export interface Healed {
  readonly text: string;
  /** Original offset of healed unit `at`. */
  origin(at: number): number;
  /** Healed offset of an original unit that was kept. */
  healedAt(original: number): number;
  /** Is healed [from, to) the original text unchanged (one kept stretch)? */
  unchanged(from: number, to: number): boolean;
}

/** A symbol that ordinary words never carry inside them (`*`, `_`, `•`, `~`, `^`, `|`, emoji ...). */
const FILLER = /^[\p{S}*_•·]$/u;
const LINE_BREAK = /[\n\r\v\f\u0085\u2028\u2029\u3002\uff61]/;
/** A literal break at most this long (in original units) is an in-word break. */
const MAX_BREAK = 3;

/** The healed view of `folded` (the width-folded request text), or undefined when nothing is disguised. */
export function healDisguises(folded: string, norm: Normalised, literals: readonly LiteralOccurrence[]): Healed | undefined {
  const drops: number[] = [];
  const { units, start, end, sep, length } = norm;
  /** The visible characters between unit k - 1 and unit k (invisible ones are dropped: pushed onto `drops`). */
  const gap = (k: number): number[] => {
    const out: number[] = [];
    for (let i = end[k - 1]!; i < start[k]!; i++) {
      if (dropsWithoutTrace(folded.charCodeAt(i))) drops.push(i);
      else out.push(i);
    }
    return out;
  };
  // CJK is written without spaces: a character is a word of its own, `录 取 率` a spaced run.
  const cjk = (k: number): boolean => units[k]! >= 0x2e80;
  const wordStart = (k: number): boolean => k === 0 || sep[k] === 1 || units[k - 1] === BREAK_UNIT || (cjk(k - 1) && cjk(k));
  const single = (k: number): boolean => units[k] !== BREAK_UNIT && wordStart(k) && (k + 1 === length || wordStart(k + 1));
  const letter = (k: number): boolean => cjk(k) || (isLatinWord(units[k]!) && !(units[k]! >= 0x30 && units[k]! <= 0x39));
  for (let k = 0; k < length; k++) {
    if (k + 1 < length && single(k) && single(k + 1)) {
      k = letterSpacedRun(k) - 1;
      continue;
    }
    if (k === 0) continue;
    const width = start[k]! - end[k - 1]!;
    if (width === 0) continue;
    if (sep[k] === 0) {
      // Only invisible characters inside a word.
      for (let i = end[k - 1]!; i < start[k]!; i++) drops.push(i);
    } else if (width === 1 && FILLER.test(folded[end[k - 1]!]!) && letter(k - 1) && letter(k)) {
      drops.push(end[k - 1]!);
    }
  }
  /** Drops the fillers of the letter-spaced run from unit k (if it is one); returns the unit after it. */
  function letterSpacedRun(k: number): number {
    let g = gap(k + 1);
    const filler = g.length === 1 ? folded.charCodeAt(g[0]!) : -1;
    if (filler === -1 || LINE_BREAK.test(String.fromCharCode(filler))) return k + 1;
    const fillers: number[] = [];
    let last = k;
    let letters = letter(k) ? 1 : 0;
    for (;;) {
      if (g.length === 1 && folded.charCodeAt(g[0]!) === filler) fillers.push(g[0]!);
      else if (g.length === 3 && folded.charCodeAt(g[0]!) === filler && folded.charCodeAt(g[2]!) === filler && !LINE_BREAK.test(folded[g[1]!]!)) fillers.push(g[0]!, g[2]!);
      else break;
      last++;
      if (letter(last)) letters++;
      if (last + 1 >= length || !single(last + 1)) break;
      g = gap(last + 1);
    }
    if (letters >= 3) drops.push(...fillers);
    return last + 1;
  }
  for (const o of literals) {
    if (!wordStart(o.start)) continue;
    for (let k = o.start + 1; k < o.end; k++) {
      if (sep[k] === 0 || o.breaks.includes(k - o.start)) continue;
      const g = gap(k);
      if (g.length <= MAX_BREAK && !g.some((i) => LINE_BREAK.test(folded[i]!))) drops.push(...g);
    }
  }
  return drops.length === 0 ? undefined : healedView(folded, drops);
}

/** `folded` without the units at `drops` (any order, repeats allowed), with the offset maps. */
function healedView(folded: string, drops: number[]): Healed {
  drops.sort((a, b) => a - b);
  // Kept stretches: stretch s starts at healed offset healedFrom[s] and original offset originFrom[s].
  const healedFrom: number[] = [];
  const originFrom: number[] = [];
  let text = '';
  let from = 0;
  for (let d = 0; d <= drops.length; d++) {
    const to = d < drops.length ? drops[d]! : folded.length;
    if (to > from) {
      healedFrom.push(text.length);
      originFrom.push(from);
      text += folded.slice(from, to);
    }
    from = Math.max(from, to + 1);
  }
  /** The last stretch whose `starts` entry is at most `x`. */
  const stretch = (starts: number[], x: number): number => {
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (starts[mid]! <= x) lo = mid + 1;
      else hi = mid;
    }
    return Math.max(0, lo - 1);
  };
  return {
    text,
    origin: (at) => {
      const s = stretch(healedFrom, at);
      return originFrom[s]! + at - healedFrom[s]!;
    },
    healedAt: (original) => {
      const s = stretch(originFrom, original);
      return healedFrom[s]! + original - originFrom[s]!;
    },
    unchanged: (lo, hi) => hi <= lo || stretch(healedFrom, lo) === stretch(healedFrom, hi - 1),
  };
}
