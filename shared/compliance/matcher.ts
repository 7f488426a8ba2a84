/**
 * Lexicon matching on normalised text: the automaton finds every key, then Latin-script keys are
 * held to word boundaries so that `cure` stays silent in `secure` and `best` in `bestow`.
 */
import { Automaton, emptyMatches } from './automaton';
import { isLatinWord, type Normalised, normaliseTerm } from './normalise';

export interface LexiconEntry<P> {
  readonly term: string;
  readonly payload: P;
  /**
   * Report every occurrence of the key, word boundaries or not (a pattern's required literal: the
   * pattern itself decides what a match is). The term must normalise to itself.
   */
  readonly bare?: boolean;
}

/** A boundary-checked occurrence, in normalised unit indices `[start, end)`. */
export interface LexiconHit<P> {
  readonly start: number;
  readonly end: number;
  readonly payload: P;
}

interface KeyInfo<P> {
  readonly needStart: boolean;
  readonly needEnd: boolean;
  /**
   * The key's words (split where some spelling has a break: "number one", "no.1"), each as the
   * positions k where key[k-1] and key[k] are both Latin word units.
   */
  readonly words: readonly (readonly number[])[];
  readonly payloads: P[];
  /** Payloads of bare entries: reported without boundary checks. */
  readonly bare: P[];
}

/** Up to this many keys, a substring search per key is cheaper than the automaton scan. */
const FEW_KEYS = 16;

export class LexiconMatcher<P> {
  private readonly scratch = emptyMatches();

  /** Few-key matchers: where in each key to anchor the search for it (its rarest-looking unit). */
  private readonly anchors: readonly number[];

  private constructor(
    private readonly automaton: Automaton,
    private readonly info: readonly KeyInfo<P>[],
    private readonly keys: readonly string[],
  ) {
    this.anchors = keys.length <= FEW_KEYS ? keys.map(anchorOf) : [];
  }

  /** Number of distinct normalised keys. */
  get size(): number {
    return this.info.length;
  }

  static compile<P>(entries: readonly LexiconEntry<P>[]): LexiconMatcher<P> {
    const byKey = new Map<string, { own: Set<number>; payloads: P[]; bare: P[] }>();
    for (const { term, payload, bare } of entries) {
      const { key, boundaries } = normaliseTerm(term);
      if (key.length === 0) throw new Error(`term "${term}" normalises to nothing`);
      if (bare && key !== term) throw new Error(`bare term "${term}" is not in normalised form ("${key}")`);
      let slot = byKey.get(key);
      if (!slot) {
        slot = { own: new Set(), payloads: [], bare: [] };
        byKey.set(key, slot);
      }
      if (bare) {
        slot.bare.push(payload);
        continue;
      }
      for (const b of boundaries) slot.own.add(b);
      slot.payloads.push(payload);
    }
    const keys = [...byKey.keys()];
    const info = keys.map((key): KeyInfo<P> => {
      const slot = byKey.get(key)!;
      const words: number[][] = [[]];
      for (let k = 1; k < key.length; k++) {
        if (slot.own.has(k)) words.push([]);
        else if (isLatinWord(key.charCodeAt(k - 1)) && isLatinWord(key.charCodeAt(k))) words[words.length - 1]!.push(k);
      }
      return {
        needStart: isLatinWord(key.charCodeAt(0)),
        needEnd: isLatinWord(key.charCodeAt(key.length - 1)),
        words: words.filter((w) => w.length > 0),
        payloads: slot.payloads,
        bare: slot.bare,
      };
    });
    return new LexiconMatcher(Automaton.build(keys), info, keys);
  }

  /** Boundary-checked hits. A matcher of a few keys (a brand's competitor list) first checks that one occurs at all. */
  match(norm: Normalised): LexiconHit<P>[] {
    const hits: LexiconHit<P>[] = [];
    this.forEachHit(norm, (start, end, payload) => hits.push({ start, end, payload }));
    return hits;
  }

  /** The hits of `match`, in the same order, handed over one by one (no object per hit: bulk copy holds thousands). */
  forEachHit(norm: Normalised, onHit: (start: number, end: number, payload: P) => void): void {
    if (this.keys.length <= FEW_KEYS && !this.keys.some((k, i) => occurs(norm, k, this.anchors[i]!))) return;
    const found = this.automaton.scan(norm.units, norm.length, this.scratch);
    const lengths = this.automaton.keyLengths;
    for (let m = 0; m < found.count; m++) {
      const key = found.keys[m]!;
      const end = found.ends[m]!;
      const start = end - lengths[key]!;
      const info = this.info[key]!;
      for (const payload of info.bare) onHit(start, end, payload);
      if (info.payloads.length === 0 || !acceptable(norm, start, end, info)) continue;
      for (const payload of info.payloads) onHit(start, end, payload);
    }
  }
}

/** Latin letters from the most to the least frequent in English text (a few-key search anchors on a rare one). */
const LETTERS_BY_FREQUENCY = 'etaoinsrhldcumfpgwybvkxjqz';

/**
 * The position in `key` to search for first: its rarest-looking unit, so that the native search
 * stops rarely (`acme` is looked for at its `m`, not at every `a` of an English text). Any unit
 * other than a Latin letter, a digit or a space ranks as rare; the first of equals wins.
 */
function anchorOf(key: string): number {
  let best = 0;
  let bestRank = Infinity;
  for (let k = 0; k < key.length; k++) {
    const c = key.charCodeAt(k);
    const letter = LETTERS_BY_FREQUENCY.indexOf(key[k]!);
    const rank = letter >= 0 ? 27 - letter : (c >= 0x30 && c <= 0x39) || c === 0x20 ? 28 : 0;
    if (rank < bestRank) {
      best = k;
      bestRank = rank;
    }
  }
  return best;
}

/** Does `key` occur in the normalised units? (A native search for its `anchor` unit, then a compare.) */
function occurs(norm: Normalised, key: string, anchor: number): boolean {
  const units = norm.units.subarray(0, norm.length);
  const unit = key.charCodeAt(anchor);
  for (let i = units.indexOf(unit, anchor); i !== -1 && i - anchor + key.length <= norm.length; i = units.indexOf(unit, i + 1)) {
    const from = i - anchor;
    let k = 0;
    while (k < key.length && units[from + k] === key.charCodeAt(k)) k++;
    if (k === key.length) return true;
  }
  return false;
}

function acceptable(norm: Normalised, start: number, end: number, info: KeyInfo<unknown>): boolean {
  const { units, sep } = norm;
  if (info.needStart && start > 0 && sep[start] === 0 && isLatinWord(units[start - 1]!)) return false;
  if (info.needEnd && end < norm.length && sep[end] === 0 && isLatinWord(units[end]!)) return false;
  // Inside each word of a Latin key, separators must be nowhere or everywhere (letter-spacing:
  // "g u a r a n t e e d"); anything else means parts of two words that happen to concatenate.
  for (const word of info.words) {
    let spaced = 0;
    for (const k of word) spaced += sep[start + k]!;
    if (spaced !== 0 && spaced !== word.length) return false;
  }
  return true;
}
