/**
 * What a rule pattern needs before it can match, read from its source at pack build time: a set of
 * literals of which every match contains at least one, the longest a match can be, how far its
 * lookarounds and anchors look past the match, and whether a match can contain a line feed.
 *
 * The engine uses this to run a pattern only in windows around the literals' occurrences (found by
 * the automaton scan it already does) instead of over the whole text; see `windowedSpans` in
 * engine.ts. The analysis is conservative: syntax it does not know (back-references, Unicode
 * property escapes, ...) yields `undefined`, and such a pattern keeps running over the whole text.
 */

/** Finite sets of exact strings larger than this are not expanded further. */
const EXACT_LIMIT = 64;
/** A character class with more members than this is "any character" to the analysis. */
const CLASS_LIMIT = 16;

export interface PatternNeeds {
  /** Every match contains at least one of these (case-folded to lower case when the pattern is `i`). */
  readonly literals: readonly string[];
  /** Longest possible match in UTF-16 units (Infinity when unbounded). */
  readonly maxLength: number;
  /** Units a lookaround, anchor or `\b` may inspect before the match start or after its end. */
  readonly margin: number;
  /** Some match may contain `\n`. */
  readonly crossesLines: boolean;
}

interface Info {
  /** The node's whole language when finite and small, else null. */
  exact: string[] | null;
  /** Literals of which every match of the node contains one; null = no requirement known. */
  need: string[] | null;
  /**
   * Strings one of which every match starts (`prefix`) or ends (`suffix`) with, when few; null when
   * unknown. `\d{3}` is no small exact set, but it starts and ends with a digit: `[3-6]\d{3}` then
   * needs one of `30`...`69`, a rarer filter than `3`...`6` alone.
   */
  prefix: string[] | null;
  suffix: string[] | null;
  min: number;
  max: number;
  margin: number;
  newline: boolean;
}

class Unsupported extends Error {}

/** The needs of `source` compiled with the `u` flag (and `i` when `ignoreCase`); undefined when unknown. */
export function patternNeeds(source: string, ignoreCase: boolean): PatternNeeds | undefined {
  let info: Info;
  try {
    const p = new Parser(source, ignoreCase);
    info = p.alternation();
    if (p.pos !== source.length) throw new Unsupported(`unexpected ${source[p.pos]}`);
  } catch (e) {
    if (e instanceof Unsupported) return undefined;
    throw e;
  }
  const literals = info.need ?? (info.exact && !info.exact.includes('') ? info.exact : null);
  if (!literals || literals.length === 0 || literals.some((l) => l.length === 0) || !Number.isFinite(info.margin)) return undefined;
  return { literals: minimal(literals), maxLength: info.max, margin: info.margin, crossesLines: info.newline };
}

const EMPTY: Info = { exact: [''], need: null, prefix: [''], suffix: [''], min: 0, max: 0, margin: 0, newline: false };

/** The set a node guarantees: its `need`, or its exact language when that has no empty string. */
function required(i: Info): string[] | null {
  if (i.need) return i.need;
  if (i.exact && !i.exact.includes('')) return i.exact;
  return null;
}

/**
 * Expected occurrences per text position of a literal set, with rough per-character rates (a digit
 * or Latin letter is common, a given CJK character less so, punctuation rarer): the pattern runs
 * around each occurrence, so the set with the fewest expected occurrences is the better filter.
 */
function cost(set: readonly string[]): number {
  let sum = 0;
  for (const lit of set) {
    let p = 1;
    for (let i = 0; i < lit.length; i++) p *= rate(lit.charCodeAt(i));
    sum += p;
  }
  return sum;
}

const PUNCTUATION_RATE = 0.002;

function rate(c: number): number {
  return c >= 0x30 && c <= 0x39 ? 0.02 : (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) ? 0.03 : c >= 0x2e80 ? 0.005 : PUNCTUATION_RATE;
}

/**
 * Digits, letters and CJK only. Literals with punctuation are searched in the text at their first
 * unit rather than scanned, so `0-`...`9-` would be found at every digit: the prefix and suffix
 * extensions below make no such literal (the plain run still finds `-`).
 */
function plain(set: readonly string[]): boolean {
  return set.every((lit) => {
    for (let i = 0; i < lit.length; i++) if (rate(lit.charCodeAt(i)) === PUNCTUATION_RATE) return false;
    return true;
  });
}

/** `set` followed by one of `p`'s prefixes, when small, plain and never empty. */
function into(set: string[], p: Info): string[] | null {
  const out = p.prefix ? cross(set, p.prefix) : null;
  return out && !out.includes('') && plain(out) ? out : null;
}

const usable = (set: string[] | null): string[] | null => (set && !set.includes('') ? set : null);

function better(a: string[] | null, b: string[] | null): string[] | null {
  if (!a) return b;
  if (!b) return a;
  return cost(b) < cost(a) ? b : a;
}

/** Drops literals that contain another literal of the set (any text with `guaranteed` has `guarantee`). */
function minimal(set: readonly string[]): string[] {
  const sorted = [...new Set(set)].sort((x, y) => x.length - y.length);
  const out: string[] = [];
  for (const s of sorted) if (!out.some((o) => s.includes(o))) out.push(s);
  return out;
}

function cross(a: string[], b: string[]): string[] | null {
  if (a.length * b.length > EXACT_LIMIT) return null;
  const out = new Set<string>();
  for (const x of a) for (const y of b) out.add(x + y);
  return [...out];
}

function concat(parts: Info[]): Info {
  if (parts.length === 0) return EMPTY;
  let best: string[] | null = null;
  let run: string[] | null = [''];
  // Strings every match so far ends with, begun at an inexact part's suffixes: `[3-6]\d{3}(?:...)`
  // needs `30`...`69` (the run into the suffix-free part), `(?:18|19|20)` after `\d{5}` needs `018`...
  let tail: string[] | null = null;
  let min = 0;
  let max = 0;
  let margin = 0;
  let newline = false;
  for (const p of parts) {
    min += p.min;
    max += p.max;
    margin = Math.max(margin, p.margin);
    newline ||= p.newline;
    best = better(best, p.need);
    const joined: string[] | null = run && p.exact ? cross(run, p.exact) : null;
    if (joined) run = joined;
    else {
      if (run) best = better(better(best, usable(run)), into(run, p));
      run = p.exact;
    }
    if (tail) {
      const extended: string[] | null = p.exact ? cross(tail, p.exact) : null;
      if (extended && plain(extended)) tail = extended;
      else {
        best = better(better(best, usable(tail)), into(tail, p));
        tail = null;
      }
    }
    if (!tail && !p.exact && p.suffix && plain(p.suffix)) tail = p.suffix;
  }
  if (run) best = better(best, usable(run));
  if (tail) best = better(best, usable(tail));
  const exact = parts.every((p) => p.exact) ? run : null;
  return { exact, need: best, prefix: affix(parts, 'prefix'), suffix: affix([...parts].reverse(), 'suffix'), min, max, margin, newline };
}

/**
 * The prefixes of a concatenation (its parts in order) or its suffixes (its parts in reverse): the
 * exact parts joined while the set stays small, then the first inexact part's own prefixes (suffixes).
 */
function affix(parts: readonly Info[], side: 'prefix' | 'suffix'): string[] | null {
  let out = [''];
  const join = (a: string[], b: string[]): string[] | null => (side === 'prefix' ? cross(a, b) : cross(b, a));
  for (const p of parts) {
    const exact = p.exact ? join(out, p.exact) : null;
    if (exact) {
      out = exact;
      continue;
    }
    const partial = p[side] ? join(out, p[side]) : null;
    return partial ?? out;
  }
  return out;
}

function alternate(alts: Info[]): Info {
  if (alts.length === 1) return alts[0]!;
  const exactAll = alts.every((a) => a.exact);
  const union = exactAll ? [...new Set(alts.flatMap((a) => a.exact!))] : null;
  const needs = alts.map(required);
  const either = (side: 'prefix' | 'suffix'): string[] | null => {
    if (!alts.every((a) => a[side])) return null;
    const all = [...new Set(alts.flatMap((a) => a[side]!))];
    return all.length <= EXACT_LIMIT ? all : null;
  };
  return {
    exact: union && union.length <= EXACT_LIMIT ? union : null,
    need: needs.every((n) => n) ? minimal(needs.flatMap((n) => n!)) : null,
    prefix: either('prefix'),
    suffix: either('suffix'),
    min: Math.min(...alts.map((a) => a.min)),
    max: Math.max(...alts.map((a) => a.max)),
    margin: Math.max(...alts.map((a) => a.margin)),
    newline: alts.some((a) => a.newline),
  };
}

function repeat(child: Info, lo: number, hi: number): Info {
  let exact: string[] | null = null;
  if (child.exact && Number.isFinite(hi)) {
    // Every count from lo to hi, while the set stays small.
    let power: string[] | null = [''];
    const all = new Set<string>();
    for (let k = 0; k <= hi && power; k++) {
      if (k >= lo) for (const s of power) all.add(s);
      if (k < hi) power = cross(power, child.exact);
    }
    if (power && all.size <= EXACT_LIMIT) exact = [...all];
  }
  // At least one repetition starts (ends) with one of the child's prefixes (suffixes); none is ''.
  const side = (s: string[] | null): string[] | null => exact ?? (s && lo >= 1 ? s : s && s.length < EXACT_LIMIT ? ['', ...s] : null);
  return {
    exact,
    need: lo >= 1 ? required(child) : null,
    prefix: side(child.prefix),
    suffix: side(child.suffix),
    min: child.min * lo,
    max: hi === 0 ? 0 : child.max * hi,
    margin: child.margin,
    newline: hi > 0 && child.newline,
  };
}

/** A single character, or a class of characters given as code-point ranges. */
function charSet(ranges: [number, number][], negated: boolean, ignoreCase: boolean): Info {
  let size = 0;
  for (const [a, b] of ranges) size += b - a + 1;
  const astral = negated || ranges.some(([, b]) => b > 0xffff);
  const hasNewline = ranges.some(([a, b]) => a <= 0x0a && 0x0a <= b);
  let exact: string[] | null = null;
  if (!negated && size <= CLASS_LIMIT) {
    const out = new Set<string>();
    for (const [a, b] of ranges) for (let c = a; c <= b; c++) out.add(fold(String.fromCodePoint(c), ignoreCase));
    exact = [...out];
  }
  return { exact, need: null, prefix: exact, suffix: exact, min: 1, max: astral ? 2 : 1, margin: 0, newline: negated ? !hasNewline : hasNewline };
}

function fold(s: string, ignoreCase: boolean): string {
  return ignoreCase ? s.toLowerCase() : s;
}

const DIGIT: [number, number][] = [[0x30, 0x39]];
const WORD: [number, number][] = [
  [0x30, 0x39],
  [0x41, 0x5a],
  [0x5f, 0x5f],
  [0x61, 0x7a],
];
/** `\s`: the ECMAScript white space and line terminators. */
const SPACE: [number, number][] = [
  [0x09, 0x0d],
  [0x20, 0x20],
  [0xa0, 0xa0],
  [0x1680, 0x1680],
  [0x2000, 0x200a],
  [0x2028, 0x2029],
  [0x202f, 0x202f],
  [0x205f, 0x205f],
  [0x3000, 0x3000],
  [0xfeff, 0xfeff],
];
const CONTROL: Record<string, number> = { n: 0x0a, r: 0x0d, t: 0x09, v: 0x0b, f: 0x0c, '0': 0 };

class Parser {
  pos = 0;

  constructor(
    private readonly src: string,
    private readonly ignoreCase: boolean,
  ) {}

  private peek(): string | undefined {
    return this.src[this.pos];
  }

  alternation(): Info {
    const alts = [this.sequence()];
    while (this.peek() === '|') {
      this.pos++;
      alts.push(this.sequence());
    }
    return alternate(alts);
  }

  private sequence(): Info {
    const parts: Info[] = [];
    while (this.pos < this.src.length && this.peek() !== '|' && this.peek() !== ')') parts.push(this.quantified());
    return concat(parts);
  }

  private quantified(): Info {
    const atom = this.atom();
    const c = this.peek();
    let lo: number;
    let hi: number;
    if (c === '*') [lo, hi] = [0, Infinity];
    else if (c === '+') [lo, hi] = [1, Infinity];
    else if (c === '?') [lo, hi] = [0, 1];
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.pos));
      if (!m) throw new Unsupported('brace');
      lo = Number(m[1]);
      hi = m[2] === undefined ? lo : m[3] === '' ? Infinity : Number(m[3]);
      this.pos += m[0].length - 1;
    } else return atom;
    this.pos++;
    if (this.peek() === '?') this.pos++; // lazy: same language
    if (atom.max === 0 && atom.min === 0) return atom; // a quantified assertion
    return repeat(atom, lo, hi);
  }

  private atom(): Info {
    const c = this.src[this.pos++]!;
    if (c === '(') return this.group();
    if (c === '[') return this.charClass();
    if (c === '.') return { exact: null, need: null, prefix: null, suffix: null, min: 1, max: 2, margin: 0, newline: false };
    if (c === '^' || c === '$') return { ...EMPTY, margin: 1 };
    if (c === '\\') return this.escape();
    if (c === ')' || c === '*' || c === '+' || c === '?' || c === '{' || c === '}' || c === ']') throw new Unsupported(c);
    const cp = this.src.codePointAt(this.pos - 1)!;
    if (cp > 0xffff) this.pos++;
    return charSet([[cp, cp]], false, this.ignoreCase);
  }

  private group(): Info {
    let look = false;
    if (this.src.startsWith('?:', this.pos)) this.pos += 2;
    else if (this.src.startsWith('?=', this.pos) || this.src.startsWith('?!', this.pos)) {
      this.pos += 2;
      look = true;
    } else if (this.src.startsWith('?<=', this.pos) || this.src.startsWith('?<!', this.pos)) {
      this.pos += 3;
      look = true;
    } else if (this.peek() === '?') {
      const named = /^\?<[A-Za-z_$][\w$]*>/.exec(this.src.slice(this.pos));
      if (!named) throw new Unsupported('group');
      this.pos += named[0].length;
    }
    const inner = this.alternation();
    if (this.peek() !== ')') throw new Unsupported('unclosed group');
    this.pos++;
    // A lookaround matches nothing itself but reads up to its own longest match around the position.
    return look ? { ...EMPTY, margin: Math.max(inner.max, inner.margin) } : inner;
  }

  private escape(): Info {
    const c = this.src[this.pos++];
    if (c === undefined) throw new Unsupported('trailing backslash');
    if (c === 'b' || c === 'B') return { ...EMPTY, margin: 1 };
    const cls = this.classEscape(c);
    if (cls) return charSet(cls.ranges, cls.negated, this.ignoreCase);
    const cp = this.charEscape(c);
    return charSet([[cp, cp]], false, this.ignoreCase);
  }

  private classEscape(c: string): { ranges: [number, number][]; negated: boolean } | undefined {
    if (c === 'd' || c === 'D') return { ranges: DIGIT, negated: c === 'D' };
    if (c === 'w' || c === 'W') return { ranges: WORD, negated: c === 'W' };
    if (c === 's' || c === 'S') return { ranges: SPACE, negated: c === 'S' };
    return undefined;
  }

  /** The code point of a character escape (after the backslash). */
  private charEscape(c: string): number {
    if (c in CONTROL) {
      if (c === '0' && /\d/.test(this.peek() ?? '')) throw new Unsupported('octal');
      return CONTROL[c]!;
    }
    if (c === 'u') {
      const braced = /^\{([0-9a-fA-F]+)\}/.exec(this.src.slice(this.pos));
      if (braced) {
        this.pos += braced[0].length;
        return parseInt(braced[1]!, 16);
      }
      const hex = /^[0-9a-fA-F]{4}/.exec(this.src.slice(this.pos));
      if (!hex) throw new Unsupported('\\u');
      this.pos += 4;
      return parseInt(hex[0], 16);
    }
    if (c === 'x') {
      const hex = /^[0-9a-fA-F]{2}/.exec(this.src.slice(this.pos));
      if (!hex) throw new Unsupported('\\x');
      this.pos += 2;
      return parseInt(hex[0], 16);
    }
    // With the u flag only syntax characters may be escaped as themselves.
    if ('^$\\.*+?()[]{}|/-'.includes(c)) return c.charCodeAt(0);
    throw new Unsupported(`\\${c}`);
  }

  private charClass(): Info {
    const negated = this.peek() === '^';
    if (negated) this.pos++;
    const ranges: [number, number][] = [];
    let first = true;
    while (this.peek() !== ']' || first) {
      first = false;
      if (this.pos >= this.src.length) throw new Unsupported('unclosed class');
      const a = this.classAtom();
      if (Array.isArray(a)) {
        ranges.push(...a);
        continue;
      }
      if (this.peek() === '-' && this.src[this.pos + 1] !== ']' && this.pos + 1 < this.src.length) {
        this.pos++;
        const b = this.classAtom();
        if (Array.isArray(b)) throw new Unsupported('class range to a class');
        ranges.push([a, b]);
      } else ranges.push([a, a]);
    }
    this.pos++;
    if (this.ignoreCase) {
      // Case variants of ASCII letters (enough for the analysis: other letters only widen `exact`).
      for (const [a, b] of [...ranges]) {
        for (let c = Math.max(a, 0x41); c <= Math.min(b, 0x7a); c++) {
          const ch = String.fromCharCode(c);
          const other = ch === ch.toLowerCase() ? ch.toUpperCase() : ch.toLowerCase();
          if (other !== ch) ranges.push([other.charCodeAt(0), other.charCodeAt(0)]);
        }
      }
    }
    return charSet(ranges, negated, this.ignoreCase);
  }

  /** One class member: a code point, or the ranges of a class escape. */
  private classAtom(): number | [number, number][] {
    const c = this.src[this.pos++]!;
    if (c === '\\') {
      const e = this.src[this.pos++];
      if (e === undefined) throw new Unsupported('trailing backslash');
      if (e === 'b') return 0x08;
      const cls = this.classEscape(e);
      if (cls) {
        if (cls.negated) throw new Unsupported('negated escape in class');
        return cls.ranges;
      }
      return this.charEscape(e);
    }
    const cp = this.src.codePointAt(this.pos - 1)!;
    if (cp > 0xffff) this.pos++;
    return cp;
  }
}
