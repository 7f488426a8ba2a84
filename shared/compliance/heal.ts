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
 * - (replaced, not removed) a traditional ideograph, by the simplified one the lexicon reads;
 * - a short break inside an occurrence of a pattern's required literal that is a whole word (or ends
 *   one but for an ending of two letters), where the literal itself has none (`re view` for the literal
 *   `review`, `guara nteed` for `guarantee`; not `gift card` for `gift card`, nor `customer service`
 *   for `customers`);
 * - a space inside any other word: two Latin words of two letters or more, side by side, that make an
 *   English word (`wi th`, `on ly`, `fina list`) while one of them is none (`a part`, `in to`, `be fore`
 *   stay apart: both halves are words, as in ordinary text). The words are SCOWL's common sizes
 *   (data/en-words.ts) and every word the en packs spell out (their terms and the letter runs of their
 *   patterns), so that a rule's own rare words (`servicer`, `fasciitis`) rejoin too.
 *
 * Only removal and one-for-one replacement: a match in this view maps back to original offsets one
 * unit for one. Only the
 * neighbourhood of the literals is healed (as far as a match around one reaches): elsewhere no
 * pattern on the original text can match.
 */
import { EN_WORDS_PACKED } from './data/en-words';
import { BREAK_UNIT, dropsWithoutTrace, foldUnit, foldWidth, isLatinWord, type Normalised } from './normalise';
import { getRulePack } from './packs';
import { INDUSTRIES } from './vocabulary';

/** A required literal's occurrence in the normalised units [start, end). */
export interface LiteralOccurrence {
  start: number;
  end: number;
  /** How many units a match containing it reaches on either side (its pattern's longest match; Infinity: the line). */
  reach: number;
  /** The literal's own word breaks (offsets into it), when it is a word with a break inside here: that break may heal. */
  breaks?: readonly number[];
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
/** What may fill the gaps of a letter-spaced run: a space or a symbol, not clause punctuation (`有，但，是` is prose). */
const RUN_FILLER = /^[\s\p{S}*_•·.\-/\\]$/u;
/** Words of one character: English `a` and `I`, and digits. */
const STANDALONE = /^[ai0-9]$/;
const APOSTROPHE = /['\u2019\uff07]/;
const LINE_BREAK = /[\n\r\v\f\u0085\u2028\u2029\u3002\uff61]/;
/** Letters that may follow a literal in the same word (`guaranteed` for `guarantee`; not `customer service` for `customers`). */
const MAX_ENDING = 2;
/** A literal break at most this long (in original units) is an in-word break. */
const MAX_BREAK = 3;

/**
 * The healed views of `text` (the request text, width-folded in the views): none when nothing is
 * disguised, a second one when a letter-spaced run may begin or end with a word of its own.
 */
export function healDisguises(text: string, norm: Normalised, literals: readonly LiteralOccurrence[]): Healed[] {
  /** The character at `i` once width-folded (full-width forms are a disguise of their own, undone everywhere). */
  const at = (i: number): number => foldUnit(text.charCodeAt(i));
  const drops: number[] = [];
  /** Fillers kept in the second view (words of one letter at a run's ends). */
  const apart = new Set<number>();
  /** Original offsets of ideographs and the simplified unit that replaces each in the views. */
  const simplified = new Map<number, number>();
  const { units, start, end, sep, length } = norm;
  /** The visible characters between unit k - 1 and unit k (invisible ones are dropped: pushed onto `drops`). */
  const gap = (k: number): number[] => {
    const out: number[] = [];
    for (let i = end[k - 1]!; i < start[k]!; i++) {
      if (dropsWithoutTrace(text.charCodeAt(i))) drops.push(i);
      else out.push(i);
    }
    return out;
  };
  // CJK is written without spaces: a character is a word of its own, `录 取 率` a spaced run.
  const cjk = (k: number): boolean => units[k]! >= 0x2e80;
  const wordStart = (k: number): boolean => k === 0 || sep[k] === 1 || units[k - 1] === BREAK_UNIT || (cjk(k - 1) && cjk(k));
  // After an apostrophe a letter ends the word before it (`it's`, `UK's`), it is no word of one letter.
  const clitic = (k: number): boolean => k > 0 && start[k]! - end[k - 1]! === 1 && APOSTROPHE.test(text[end[k - 1]!]!);
  const single = (k: number): boolean => units[k] !== BREAK_UNIT && wordStart(k) && !clitic(k) && (k + 1 === length || wordStart(k + 1));
  const letter = (k: number): boolean => cjk(k) || (isLatinWord(units[k]!) && !(units[k]! >= 0x30 && units[k]! <= 0x39));
  /** The last space rejoined (unit after it) and where the word it rejoined starts. */
  let joined = -1;
  let joinedFrom = -1;
  // One look at each gap between units near a literal (where a pattern could match): most are empty
  // (CJK) or one space between two longer words.
  for (const [lo, hi] of areas(norm, literals)) for (let k = Math.max(1, lo); k < hi; k++) {
    // A traditional (or compatibility) ideograph reads as the simplified one the lexicon sees.
    if (units[k]! >= 0x2e80 && end[k]! - start[k]! === 1 && text.charCodeAt(start[k]!) !== units[k]) simplified.set(start[k]!, units[k]!);
    const width = start[k]! - end[k - 1]!;
    if (width === 0) continue;
    if (sep[k] === 0) {
      // Only invisible characters inside a word.
      for (let i = end[k - 1]!; i < start[k]!; i++) drops.push(i);
      continue;
    }
    if (width !== 1) {
      for (let i = end[k - 1]!; i < start[k]!; i++) if (dropsWithoutTrace(text.charCodeAt(i))) drops.push(i);
      continue;
    }
    if (single(k - 1) && single(k)) {
      const next = letterSpacedRun(k - 1);
      if (next > k) {
        k = next - 1;
        continue;
      }
    }
    const c = at(end[k - 1]!);
    if (c === 0x20 ? rejoins(k) : letter(k - 1) && letter(k) && FILLER.test(String.fromCharCode(c))) drops.push(end[k - 1]!);
  }
  /**
   * Is the space before unit k one inside a word: the Latin words on either side (two letters or more
   * each) make a known word, and one of them is none? A word rejoined just before counts whole, so
   * that `wide st range` is `widest range`, not `widestrange`.
   */
  function rejoins(k: number): boolean {
    if (!asciiLetter(units[k - 1]!) || !asciiLetter(units[k]!)) return false;
    // The two words' extent; a digit or an ideograph glued to either makes no Latin word of it.
    let from = k - 1;
    while (from > 0 && sep[from] === 0 && asciiLetter(units[from - 1]!)) from--;
    if (from > 0 && sep[from] === 0 && units[from - 1] !== BREAK_UNIT) return false;
    if (from === joined) from = joinedFrom;
    let to = k + 1;
    while (to < length && sep[to] === 0 && asciiLetter(units[to]!)) to++;
    if (to < length && sep[to] === 0 && units[to] !== BREAK_UNIT) return false;
    if (k - from < 2 || to - k < 2) return false;
    const { common, spelled, filter } = dictionary();
    // Most pairs of words make no word: a bit of the filter rules them out before the exact look-ups.
    let a = 0;
    for (let u = from; u < to; u++) a = hashA(a, units[u]!);
    if ((filter[(a >>> 5) & FILTER_MASK]! & (1 << (a & 31))) === 0) return false;
    const key = (lo: number, hi: number): number => {
      let ka = 0;
      let kb = 0;
      for (let u = lo; u < hi; u++) {
        ka = hashA(ka, units[u]!);
        kb = hashB(kb, units[u]!);
      }
      return wordKey(ka, kb);
    };
    const whole = key(from, to);
    if (!(common.has(whole) || spelled.has(whole)) || (common.has(key(from, k)) && common.has(key(k, to)))) return false;
    joined = k;
    joinedFrom = from;
    return true;
  }
  /** Drops the fillers of the letter-spaced run from unit k (if it is one); returns the unit after it. */
  function letterSpacedRun(k: number): number {
    let g = gap(k + 1);
    const filler = g.length === 1 ? at(g[0]!) : -1;
    if (filler === -1 || !RUN_FILLER.test(String.fromCharCode(filler)) || LINE_BREAK.test(String.fromCharCode(filler))) return k + 1;
    // The fillers of each gap of the run, in order.
    const gaps: number[][] = [];
    let last = k;
    let letters = letter(k) ? 1 : 0;
    for (;;) {
      if (g.length === 1 && at(g[0]!) === filler) gaps.push([g[0]!]);
      else if (g.length === 3 && at(g[0]!) === filler && at(g[2]!) === filler && !LINE_BREAK.test(String.fromCharCode(at(g[1]!)))) gaps.push([g[0]!, g[2]!]);
      else break;
      last++;
      if (letter(last)) letters++;
      if (last + 1 >= length || !single(last + 1)) break;
      g = gap(last + 1);
    }
    if (letters < 3) return last + 1;
    for (const f of gaps) drops.push(...f);
    // A word of one letter or digit at either end may stand apart: `a p r e v e n t s` is `a prevents`
    // as likely as `aprevents`, `O n l y 3 left` is `Only 3 left`. The second view keeps those gaps.
    let lead = 0;
    while (lead < gaps.length && STANDALONE.test(String.fromCharCode(units[k + lead]!))) lead++;
    let trail = 0;
    while (trail < gaps.length - lead && STANDALONE.test(String.fromCharCode(units[last - trail]!))) trail++;
    for (const f of [...gaps.slice(0, lead), ...gaps.slice(gaps.length - trail)]) for (const i of f) apart.add(i);
    return last + 1;
  }
  /** Does a word end at unit `k`, or an ending of at most two letters later (`guarantee|d`, `return|s`)? */
  const nearWordEnd = (k: number): boolean => {
    for (let e = k; e <= k + MAX_ENDING && e <= length; e++) if (e === length || wordStart(e)) return true;
    return false;
  };
  for (const o of literals) {
    if (o.breaks === undefined || !wordStart(o.start) || !nearWordEnd(o.end)) continue;
    for (let k = o.start + 1; k < o.end; k++) {
      if (sep[k] === 0 || o.breaks.includes(k - o.start)) continue;
      const g = gap(k);
      // Spaces and symbols only: `area? See` is no disguise of `ease`.
      if (g.length <= MAX_BREAK && g.every((i) => RUN_FILLER.test(String.fromCharCode(at(i))) && !LINE_BREAK.test(String.fromCharCode(at(i))))) drops.push(...g);
    }
  }
  if (drops.length === 0 && simplified.size === 0) return [];
  const views = [healedView(text, drops, simplified)];
  if (apart.size > 0) views.push(healedView(text, drops.filter((i) => !apart.has(i)), simplified));
  return views;
}

/** A lower-case ASCII letter (what normalisation makes of a Latin letter). */
const asciiLetter = (unit: number): boolean => unit >= 0x61 && unit <= 0x7a;

/**
 * Words are known by a 53-bit hash of their letters (two 32-bit hashes, the second folded to 21 bits), so
 * that the text's units are looked up without building a string; two words share one by a chance of
 * about one in 10^11 per lookup. `hashA` / `hashB` take one letter each; `wordKey` joins them.
 */
const hashA = (h: number, unit: number): number => (Math.imul(h, 31) + unit) | 0;
const hashB = (h: number, unit: number): number => Math.imul(h ^ unit, 0x01000193);
const wordKey = (a: number, b: number): number => (a >>> 0) * 0x200000 + (b >>> 11);

function hashes(word: string): [number, number] {
  let a = 0;
  let b = 0;
  for (let i = 0; i < word.length; i++) {
    a = hashA(a, word.charCodeAt(i));
    b = hashB(b, word.charCodeAt(i));
  }
  return [a, b];
}

/** The filter's words (32 bits each): one bit for each known word's `hashA`, 2^20 bits (128 KiB), about 4% set. */
const FILTER_MASK = (1 << 15) - 1;

interface Dictionary {
  /** SCOWL's common words (data/en-words.ts). */
  common: ReadonlySet<number>;
  /** The words the en packs spell out (their terms and the letter runs of their patterns). */
  spelled: ReadonlySet<number>;
  /** The bits of both, by the low 20 bits of `hashA`. */
  filter: Uint32Array;
}

/** Built on first use. */
let words: Dictionary | undefined;

/**
 * The words a space inside a word may rejoin into (`common` or `spelled`), and those whose halves stay
 * apart when both are `common` English (a rule's rare word such as `servicer` is no reason to keep `ser` apart).
 */
function dictionary(): Dictionary {
  if (words) return words;
  const common = new Set<number>();
  const filter = new Uint32Array(FILTER_MASK + 1);
  const mark = (a: number): void => {
    filter[(a >>> 5) & FILTER_MASK]! |= 1 << (a & 31);
  };
  // The front-coded list, read one character at a time: the hashes of each prefix of the current word.
  const a = new Int32Array(64);
  const b = new Int32Array(64);
  let length = 0;
  for (let i = 0; i < EN_WORDS_PACKED.length; i++) {
    const c = EN_WORDS_PACKED.charCodeAt(i);
    if (c >= 0x61) {
      a[length + 1] = hashA(a[length]!, c);
      b[length + 1] = hashB(b[length]!, c);
      length++;
      continue;
    }
    if (i > 0) {
      common.add(wordKey(a[length]!, b[length]!));
      mark(a[length]!);
    }
    length = c <= 0x39 ? c - 0x30 : c - 0x41 + 10;
  }
  common.add(wordKey(a[length]!, b[length]!));
  mark(a[length]!);
  const spelled = new Set<number>();
  for (const industry of INDUSTRIES) {
    const pack = getRulePack('en', industry);
    const terms = [...pack.lexicon.flatMap((r) => r.terms), ...pack.allow.terms].join(' ').toLowerCase();
    const words = [...(terms.match(/[a-z]{3,}/g) ?? []), ...[...pack.patterns, ...pack.allow.patterns].flatMap((p) => spelledWords(p.pattern))];
    for (const w of words) {
      const [a, b] = hashes(w);
      spelled.add(wordKey(a, b));
      mark(a);
    }
  }
  words = { common, spelled, filter };
  return words;
}

/** An escape (`\b`, `\s{1,3}`, `\u00e9`, `\p{L}`) and its quantifier: no letter of a word. */
const ESCAPE = /\\(?:u\{[0-9a-f]+\}|u[0-9a-f]{4}|x[0-9a-f]{2}|[pP]\{[^}]*\}|.)(?:[?*+]|\{\d*,?\d*\})?\??/giu;
/** A character class and its quantifier. */
const CLASS = /\[[^\]]*\](?:[?*+]|\{\d*,?\d*\})?\??/g;
const QUANTIFIER = /(?:[?*+]|\{\d*,?\d*\})\??/y;
/** A group's opening: `(`, `(?:`, a lookaround or a named group. */
const GROUP_OPENING = /\((?:\?(?:[:=!]|<[=!]|<\w+>))?/y;

/**
 * The whole words a pattern's source spells out: runs of three letters or more that nothing continues,
 * neither a letter, a class of letters or a group beside them (`servic(?:e|ing)`, `(?:un|re)claimed`,
 * `authori[sz]ed` spell no word) nor one around an alternation they begin or end; a run whose last
 * letter is optional (`finalists?`) spells both words.
 */
export function spelledWords(source: string): string[] {
  // Escapes and classes of separators become spaces, classes of letters `#`, each as long as it was.
  const s = source.replace(ESCAPE, (e) => ' '.repeat(e.length)).replace(CLASS, (c) => (/[a-z]/i.test(c) ? '#' : ' ').repeat(c.length));
  // The innermost group around each offset (-1: none), and each group's two parentheses.
  const inside: number[] = [];
  const closeOf = new Map<number, number>();
  const openOf = new Map<number, number>();
  const stack: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const open = s[i] === ')' ? stack.pop() : undefined;
    if (open !== undefined) {
      closeOf.set(open, i);
      openOf.set(i, open);
    }
    inside.push(stack[stack.length - 1] ?? -1);
    if (s[i] === '(') stack.push(i);
  }
  /** The length of what `sticky` matches at `at` (0: nothing). */
  const lengthAt = (sticky: RegExp, at: number): number => {
    sticky.lastIndex = at;
    return sticky.exec(s)?.[0].length ?? 0;
  };
  const body = (open: number): number => open + lengthAt(GROUP_OPENING, open);
  /** Does nothing continue a run that starts at `at`? */
  const freeBefore = (at: number): boolean => {
    for (;;) {
      const c = s[at - 1];
      if (c === undefined || c === ' ') return true;
      const group = inside[at]!;
      // First in its alternative: what stands before the group decides (`(?:un|re)` after a letter).
      if (c === '|' && group === -1) return true;
      if (c === '|' || (group !== -1 && at === body(group))) {
        at = group;
        continue;
      }
      // After a group (`(?:the\s+)?king`): whether the group ends in a separator.
      const close = c === ')' ? at - 1 : '?*+}'.includes(c) && s[at - 2] === ')' ? at - 2 : -1;
      if (close !== -1) return s[close - 1] === ' ';
      return !/[\w#?*+}]/.test(c);
    }
  };
  /** Does nothing continue a run that ends before `at`? */
  const freeAfter = (at: number): boolean => {
    for (;;) {
      const c = s[at];
      if (c === undefined || c === ' ') return true;
      if (c === '(') return s[body(at)] === ' ';
      if (c !== '|' && c !== ')') return !/[\w#{?*+]/.test(c);
      // Last in its alternative: what follows the group decides.
      const group = c === ')' ? openOf.get(at) : inside[at];
      const close = group === undefined || group === -1 ? undefined : closeOf.get(group);
      if (close === undefined) return true;
      at = close + 1;
      at += lengthAt(QUANTIFIER, at);
    }
  };
  const out: string[] = [];
  for (const m of s.matchAll(/[a-z]{3,}/gi)) {
    const end = m.index + m[0].length;
    if (!freeBefore(m.index)) continue;
    const w = m[0].toLowerCase();
    if (freeAfter(end)) out.push(w);
    else if ((s[end] === '?' || s[end] === '*') && freeAfter(end + 1)) out.push(w, w.slice(0, -1));
  }
  return out;
}

/** The unit ranges a match containing one of the literals could cover, merged, in text order. */
function areas(norm: Normalised, literals: readonly LiteralOccurrence[]): [number, number][] {
  const { units, length } = norm;
  const spans: [number, number][] = literals.map((o) => {
    if (Number.isFinite(o.reach)) return [Math.max(0, o.start - o.reach), Math.min(length, o.end + o.reach)];
    let lo = o.start;
    while (lo > 0 && units[lo - 1] !== BREAK_UNIT) lo--;
    let hi = o.end;
    while (hi < length && units[hi] !== BREAK_UNIT) hi++;
    return [lo, hi];
  });
  return mergeSorted(spans.sort((a, b) => a[0] - b[0]));
}

/** Spans sorted by start, overlapping or touching ones merged (the input's pairs are reused). */
export function mergeSorted(spans: [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  for (const span of spans) {
    const last = out[out.length - 1];
    if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
    else out.push(span);
  }
  return out;
}

/**
 * `text` width-folded, without the units at `drops` (any order, repeats allowed) and with the units of
 * `simplified` replaced, with the offset maps.
 */
function healedView(text: string, drops: number[], simplified: ReadonlyMap<number, number>): Healed {
  const dropped = new Set(drops);
  const edits = [...new Set([...dropped, ...simplified.keys()])].sort((a, b) => a - b);
  // Stretches: stretch s starts at healed offset healedFrom[s] and original offset originFrom[s]; a
  // replaced unit is a stretch of its own, so that `unchanged` sees it.
  const healedFrom: number[] = [];
  const originFrom: number[] = [];
  let healed = '';
  let from = 0;
  const keep = (to: number): void => {
    if (to <= from) return;
    healedFrom.push(healed.length);
    originFrom.push(from);
    healed += text.slice(from, to);
  };
  for (const at of edits) {
    keep(at);
    const unit = simplified.get(at);
    if (unit !== undefined && !dropped.has(at)) {
      healedFrom.push(healed.length);
      originFrom.push(at);
      healed += String.fromCharCode(unit);
    }
    from = at + 1;
  }
  keep(text.length);
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
    text: foldWidth(healed),
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
