/**
 * Rule packs: versioned JSON data under `data/packs/<locale>/<industry>.json`, validated with
 * `RulePackSchema` on first use. A check runs the locale's general pack merged with its industry
 * pack; the merged set (one automaton over every term and allow entry) is compiled once per
 * locale x industry and cached for the life of the container.
 *
 * Imports are static so that a bundler ships exactly these files.
 */
import enApparel from './data/packs/en/apparel.json';
import enCosmetics from './data/packs/en/cosmetics.json';
import enElectronics from './data/packs/en/electronics.json';
import enFinance from './data/packs/en/finance.json';
import enFood from './data/packs/en/food.json';
import enGeneral from './data/packs/en/general.json';
import enHealthSupplement from './data/packs/en/health-supplement.json';
import enMedical from './data/packs/en/medical.json';
import zhApparel from './data/packs/zh-CN/apparel.json';
import zhCosmetics from './data/packs/zh-CN/cosmetics.json';
import zhElectronics from './data/packs/zh-CN/electronics.json';
import zhFinance from './data/packs/zh-CN/finance.json';
import zhFood from './data/packs/zh-CN/food.json';
import zhGeneral from './data/packs/zh-CN/general.json';
import zhHealthSupplement from './data/packs/zh-CN/health-supplement.json';
import zhMedical from './data/packs/zh-CN/medical.json';
import { LexiconMatcher } from './matcher';
import { normaliseTerm } from './normalise';
import { patternNeeds } from './regex-literals';
import {
  type Category,
  type Channel,
  type ContextCheck,
  type Industry,
  type Locale,
  type RulePack,
  RulePackSchema,
  type Severity,
  type Templates,
} from './schema';
import { VALIDATORS } from './validators';

const RAW_PACKS: Record<Locale, Record<Industry, unknown>> = {
  'zh-CN': {
    general: zhGeneral,
    cosmetics: zhCosmetics,
    food: zhFood,
    'health-supplement': zhHealthSupplement,
    finance: zhFinance,
    apparel: zhApparel,
    electronics: zhElectronics,
    medical: zhMedical,
  },
  en: {
    general: enGeneral,
    cosmetics: enCosmetics,
    food: enFood,
    'health-supplement': enHealthSupplement,
    finance: enFinance,
    apparel: enApparel,
    electronics: enElectronics,
    medical: enMedical,
  },
};

const parsed = new Map<string, RulePack>();

/** The shipped pack for a locale and industry, validated (throws a ZodError if the data is bad). */
export function getRulePack(locale: Locale, industry: Industry): RulePack {
  const id = `${locale}/${industry}`;
  let pack = parsed.get(id);
  if (!pack) {
    pack = RulePackSchema.parse(RAW_PACKS[locale][industry]);
    parsed.set(id, pack);
  }
  return pack;
}

/** Every shipped pack's raw JSON, for validation in tests and tooling. */
export function rawRulePacks(): { locale: Locale; industry: Industry; data: unknown }[] {
  return (Object.keys(RAW_PACKS) as Locale[]).flatMap((locale) =>
    (Object.keys(RAW_PACKS[locale]) as Industry[]).map((industry) => ({ locale, industry, data: RAW_PACKS[locale][industry] })),
  );
}

/** A rule after merging: the industry pack's severity override applied. */
export interface CompiledRule {
  readonly id: string;
  readonly category: Category;
  readonly severity: Severity;
  readonly message: string;
  readonly suggestion: string;
  readonly feedback: string;
  readonly lawRef: string | undefined;
  /** Context checks run before a hit of this rule counts. */
  readonly context: readonly ContextCheck[];
  /** Findings may be waived by a brand's `allowedClaims`. */
  readonly allowable: boolean;
  /** The rank of `id` among the pack set's rule ids (ids are unique in a set): sorts hits by rule without comparing strings. */
  readonly order: number;
}

export type LexiconPayload =
  | { readonly kind: 'term'; readonly rule: CompiledRule; readonly replacement: string | undefined }
  | { readonly kind: 'allow' }
  /** A required literal of the regex rule `regexes[regex]` (see PatternWindow). */
  | { readonly kind: 'literal'; readonly regex: number };

/**
 * How to run a regex only around its required literals instead of over the whole text: every
 * match contains one of the literals (found by the pack's automaton scan, or by `searched` where
 * the automaton cannot see them), is at most `maxLength` long, and its lookarounds read at most
 * `margin` units beyond it; unless `crossesLines`, it never contains a line feed.
 */
export interface PatternWindow {
  readonly maxLength: number;
  readonly margin: number;
  readonly crossesLines: boolean;
  /** Literals the pack's automaton reports (bare entries), in normalised form. */
  readonly scanned: readonly string[];
  /** Literals found with `indexOf` on the regex subject (the automaton drops or folds them). */
  readonly searched: readonly string[];
  /**
   * The scanned literals that are words (three letters or more, or two CJK characters, no digit), with
   * the offsets of their own word breaks: a break elsewhere inside one is a disguise (`re view`, heal.ts).
   */
  readonly words: ReadonlyMap<string, readonly number[]>;
}

interface CompiledRegex {
  readonly regex: RegExp;
  readonly target: 'original' | 'normalised';
  /** Undefined: the regex runs over the whole text (its literals could not be read from its source). */
  readonly window: PatternWindow | undefined;
}

export interface CompiledPattern extends CompiledRegex {
  readonly rule: CompiledRule;
  readonly validate: ((s: string) => boolean) | undefined;
  readonly replacement: string | undefined;
  /** Literals every match contains one of; undefined = always run. Only consulted without a window. */
  readonly requires: readonly string[] | undefined;
}

export type CompiledAllowPattern = CompiledRegex;

export interface PackSet {
  readonly locale: Locale;
  readonly industry: Industry;
  readonly packs: readonly { id: string; version: string }[];
  /** `zh-CN/general@2026.11.1+zh-CN/finance@2026.11.1` */
  readonly rulePackVersion: string;
  readonly lexicon: LexiconMatcher<LexiconPayload>;
  readonly patterns: readonly CompiledPattern[];
  readonly allowPatterns: readonly CompiledAllowPattern[];
  /** `patterns` then `allowPatterns`: what a literal payload's index refers to. */
  readonly regexes: readonly CompiledRegex[];
  readonly templates: Templates;
  readonly channelLimits: Partial<Record<Channel, number>>;
  /** Every term of every active lexicon rule, as written in the packs (benchmarks use it). */
  readonly terms: readonly string[];
}

const sets = new Map<string, PackSet>();

/** The compiled general + industry pack set (cached). */
export function getPackSet(locale: Locale, industry: Industry): PackSet {
  const id = `${locale}/${industry}`;
  let set = sets.get(id);
  if (!set) {
    set = compilePackSet(locale, industry);
    sets.set(id, set);
  }
  return set;
}

function compilePackSet(locale: Locale, industry: Industry): PackSet {
  const general = getRulePack(locale, 'general');
  const layers = industry === 'general' ? [general] : [general, getRulePack(locale, industry)];
  const overlay = layers[1];
  const generalIds = new Set([...general.lexicon, ...general.patterns].map((r) => r.id));
  if (overlay) {
    for (const id of [...Object.keys(overlay.severityOverrides), ...overlay.disabledRules]) {
      if (!generalIds.has(id)) throw new Error(`${overlay.id} refers to unknown rule ${id}`);
    }
    for (const r of [...overlay.lexicon, ...overlay.patterns]) {
      if (generalIds.has(r.id)) throw new Error(`${overlay.id} redefines rule ${r.id}`);
    }
  }
  const disabled = new Set(overlay?.disabledRules ?? []);
  const severityOf = (id: string, own: Severity): Severity => overlay?.severityOverrides[id] ?? own;
  const ids = [...new Set(layers.flatMap((pack) => [...pack.lexicon, ...pack.patterns].map((r) => r.id)))].sort();
  const orderOf = new Map(ids.map((id, i) => [id, i]));
  const toRule = (r: RulePack['lexicon'][number] | RulePack['patterns'][number]): CompiledRule => ({
    id: r.id,
    category: r.category,
    severity: severityOf(r.id, r.severity),
    message: r.message,
    suggestion: r.suggestion,
    feedback: r.feedback,
    lawRef: r.lawRef,
    context: r.context,
    allowable: 'allowable' in r ? r.allowable : false,
    order: orderOf.get(r.id)!,
  });

  const entries: { term: string; payload: LexiconPayload; bare?: boolean }[] = [];
  const terms: string[] = [];
  const patterns: CompiledPattern[] = [];
  const allowPatterns: CompiledAllowPattern[] = [];
  // An industry pack owns the terms it lists: the general pack's rule for the same key steps aside there.
  const overlayKeys = new Set((overlay?.lexicon ?? []).flatMap((r) => (disabled.has(r.id) ? [] : r.terms.map((t) => normaliseTerm(t).key))));
  for (const pack of layers) {
    for (const r of pack.lexicon) {
      if (disabled.has(r.id)) continue;
      const rule = toRule(r);
      for (const term of new Set(r.terms)) {
        if (pack === general && overlay && overlayKeys.has(normaliseTerm(term).key)) continue;
        entries.push({ term, payload: { kind: 'term', rule, replacement: r.replacements?.[term] ?? r.replacement } });
        terms.push(term);
      }
    }
    for (const term of pack.allow.terms) entries.push({ term, payload: { kind: 'allow' } });
    for (const p of pack.patterns) {
      if (disabled.has(p.id)) continue;
      patterns.push({
        rule: toRule(p),
        ...compileRegex(p),
        validate: p.validate ? VALIDATORS[p.validate] : undefined,
        replacement: p.replacement,
        requires: p.requires,
      });
    }
    for (const a of pack.allow.patterns) allowPatterns.push(compileRegex(a));
  }
  const regexes = [...patterns, ...allowPatterns];
  regexes.forEach((r, i) => {
    for (const literal of r.window?.scanned ?? []) entries.push({ term: literal, payload: { kind: 'literal', regex: i }, bare: true });
  });
  const packs = layers.map((p) => ({ id: p.id, version: p.version }));
  return {
    locale,
    industry,
    packs,
    rulePackVersion: packs.map((p) => `${p.id}@${p.version}`).join('+'),
    lexicon: LexiconMatcher.compile(entries),
    patterns,
    allowPatterns,
    regexes,
    templates: general.templates!,
    channelLimits: { ...general.channelLimits, ...overlay?.channelLimits },
    terms,
  };
}

/** Longest literal searched (rather than scanned) on the original text. */
const MAX_SEARCHED = 6;

/** A literal that is a word for `PatternWindow.words`: three letters or more, or two CJK characters, and no digit. */
const WORD_LITERAL = /^(?:[a-z]{3,}|[\u3400-\u9fff]{2,})$/;

/** CJK ideographs, ASCII digits and lower-case letters: units that normalise to themselves. */
const SELF_NORMAL = /^[0-9a-z\u3400-\u9fff]$/;

/**
 * Compiles a pattern and works out its window. A literal goes to the automaton when every
 * occurrence of it in the regex subject is an occurrence of its key in the normalised units: on the
 * normalised subject that is any literal in normalised form; on the original (width-folded) text,
 * one made of digits, ASCII letters (folded to lower case either way) and CJK ideographs that
 * normalise to themselves, and of the spaces and apostrophes that normalisation drops (`go up` is
 * `goup`, `don't` is `dont`). Other literals (`+1`, `@`) are searched in the subject, where the
 * punctuation keeps them rare; a case-insensitive pattern on the
 * original text whose literal would need a case-blind search runs over the whole text.
 */
function compileRegex(p: { pattern: string; caseInsensitive: boolean; target: 'original' | 'normalised' }): CompiledRegex {
  const regex = new RegExp(bodyFirst(p.pattern), p.caseInsensitive ? 'giu' : 'gu');
  const needs = patternNeeds(p.pattern, p.caseInsensitive);
  if (!needs) return { regex, target: p.target, window: undefined };
  const automaton: string[] = [];
  const searched: string[] = [];
  const words = new Map<string, number[]>();
  for (const literal of needs.literals) {
    const lower = literal.toLowerCase();
    const { key, boundaries } = normaliseTerm(lower);
    const scannable =
      p.target === 'normalised'
        ? key === literal
        : key.length > 0 && [...lower].every((ch) => SELF_NORMAL.test(ch) || ch === ' ' || ch === "'") && [...key].every((ch) => SELF_NORMAL.test(ch));
    if (scannable) {
      automaton.push(key);
      if (WORD_LITERAL.test(key)) words.set(key, [...new Set([...(words.get(key) ?? []), ...boundaries])]);
    }
    else if (p.target === 'original' && p.caseInsensitive && lower !== literal.toUpperCase()) return { regex, target: p.target, window: undefined };
    // On the original text each ASCII character may also be written full-width: 2^n spellings to search.
    else if (p.target === 'original' && literal.length > MAX_SEARCHED) return { regex, target: p.target, window: undefined };
    else searched.push(literal);
  }
  return {
    regex,
    target: p.target,
    window: { maxLength: needs.maxLength, margin: needs.margin, crossesLines: needs.crossesLines, scanned: automaton, searched, words },
  };
}

/**
 * A pattern that opens with a quantified lookbehind (`(?<=据[^。]{1,16}(?:数据|统计)[^。]{0,40})20\d{2}…`)
 * makes the regex engine read up to dozens of characters backwards at every position it tries;
 * `(?=body)` in front lets it try the lookbehind only where the body can match at all. Same matches:
 * both lookarounds are atomic and capture nothing the body keeps, so a match at a position is the
 * body's own first match there, whenever the lookbehind holds. Left as written when the body has a
 * top-level alternative (the lookbehind governs only the first), a group that captures or a
 * backreference, or when the lookbehind is a fixed, short one such as `(?<!\d)`.
 */
export function bodyFirst(pattern: string): string {
  if (!pattern.startsWith('(?<=') && !pattern.startsWith('(?<!')) return pattern;
  let depth = 0;
  let inClass = false;
  let close = -1;
  let quantified = false;
  let alternative = false;
  let captures = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      const next = pattern[i + 1] ?? '';
      if (/[1-9k]/.test(next)) captures = true;
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '(') {
      if (pattern[i + 1] !== '?' || (pattern[i + 2] === '<' && pattern[i + 3] !== '=' && pattern[i + 3] !== '!')) captures = true;
      depth++;
    } else if (c === ')') {
      depth--;
      if (depth === 0 && close === -1) close = i;
    } else if (close === -1 && (c === '{' || c === '*' || c === '+')) quantified = true;
    else if (close !== -1 && c === '|' && depth === 0) alternative = true;
  }
  const body = pattern.slice(close + 1);
  if (close === -1 || !quantified || alternative || captures || body === '') return pattern;
  return `(?=${body})${pattern}`;
}
