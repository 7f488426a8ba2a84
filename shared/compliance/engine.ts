/**
 * The compliance check: one normalisation pass, one automaton scan for every lexicon rule and
 * allow entry of the pack set, regex rules (PII with checksums), brand constraints from the
 * request, then allow-list suppression and overlap resolution. Pure and deterministic: same
 * request and packs, same result (no clock, no I/O).
 */
import { CONTEXT_REASONS, whyNotAClaim } from './context';
import { LexiconMatcher } from './matcher';
import { type Healed, healDisguises, type LiteralOccurrence, mergeSorted } from './heal';
import { foldUnit, foldWidth, NormaliseBuffer, type Normalised, normalise, normalisedString, normaliseTerm } from './normalise';
import { type CompiledPattern, type CompiledRule, getPackSet, getRulePack, type PackSet } from './packs';
import {
  type BrandConstraints,
  type Channel,
  type CheckResult,
  type ComplianceCheckRequest,
  type ComplianceCheckRequestInput,
  type ContextCheck,
  ComplianceCheckFieldsSchema,
  type Finding,
  type Locale,
  MAX_SUPPRESSED,
  type SuppressedHit,
  type Templates,
  withResolvedLocale,
} from './schema';

/** The request text's normalised form lives here for the duration of one (synchronous) check. */
const scratch = new NormaliseBuffer(4096);

/** Checks ad copy against the locale's rule packs and the request's brand constraints. */
export function checkText(input: ComplianceCheckRequestInput): CheckResult {
  return checkRequest(withResolvedLocale(ComplianceCheckFieldsSchema.parse(input)));
}

/** The check of an already parsed request (the HTTP handler parses once, with the route's 400s). */
export function checkRequest(req: ComplianceCheckRequest): CheckResult {
  const set = getPackSet(req.locale, req.industry);
  const text = req.text;
  const norm = normalise(text, scratch);

  const allowed: Span[] = [];
  const candidates: Candidate[] = [];
  const suppressed: Suppression[] = [];
  const terms: TermHit[] = [];
  // Where each regex rule's required literals occur (normalised unit ranges, flat start/end pairs).
  const literals: (number[] | undefined)[] = [];
  set.lexicon.forEachHit(norm, (s, e, p) => {
    if (p.kind === 'literal') (literals[p.regex] ??= []).push(s, e);
    // An allow entry, as a term, does not run across a clause break (第一，天天排队 holds no 第一天).
    else if (p.kind === 'allow') {
      const span = { start: norm.start[s]!, end: norm.end[e - 1]! };
      if (!breaksClause(text, span.start, span.end)) allowed.push(span);
    }
    else terms.push({ start: s, end: e, rule: p.rule, replacement: p.replacement });
  });
  const lazy = lazyViews(text, norm, set, literals);
  const spansOf = (i: number): Matched[] => regexMatches(set.regexes[i]!, literals[i], lazy, norm);
  for (let i = 0; i < set.allowPatterns.length; i++) allowed.push(...spansOf(set.patterns.length + i));
  // A hit an allow entry covers is neither a finding nor a suppression worth auditing: it is dropped
  // before its context is read (on copy, about one context read in eight).
  const covered = coverage(allowed);
  const verdicts = new ContextVerdicts(req.locale, text, req.voice);
  for (const h of mergeChains(terms)) {
    const start = norm.start[h.start]!;
    const end = norm.end[h.end - 1]!;
    // A CJK term does not run across a clause break (套，现 is not 套现).
    if (covered(start, end) || breaksClause(text, start, end)) continue;
    const why = verdicts.of(h.rule.context, start, end);
    if (why !== undefined) {
      suppressed.push({ ruleId: h.rule.id, start, end, why });
      continue;
    }
    candidates.push(candidate(h.rule, start, end, h.replacement));
  }
  set.patterns.forEach((p, i) => {
    for (const span of spansOf(i)) {
      if (covered(span.start, span.end)) continue;
      if (p.validate && !p.validate(span.matched)) continue;
      const why = verdicts.of(p.rule.context, span.start, span.end);
      if (why !== undefined) {
        suppressed.push({ ruleId: p.rule.id, start: span.start, end: span.end, why });
        continue;
      }
      candidates.push(candidate(p.rule, span.start, span.end, p.replacement));
    }
  });

  const waived: CheckResult['waived'] = [];
  const allowedClaims = brandAllowances(req.brand?.allowedClaims);
  // Waivers: an allowable finding whose text the brand proved, and the shorter allowable hits inside it.
  if (allowedClaims.size > 0) {
    for (const c of candidates) {
      if (!c.allowable) continue;
      const evidence = allowedClaims.get(normaliseTerm(text.slice(c.start, c.end)).key);
      if (evidence !== undefined) waived.push({ ruleId: c.ruleId, start: c.start, end: c.end, match: text.slice(c.start, c.end), evidence });
    }
  }
  const kept = candidates.filter((c) => !(c.allowable && waived.some((w) => w.start <= c.start && c.end <= w.end)));
  for (const c of brandCandidates(set, text, norm, lazy.normalised, req.brand ?? {}, req.channel)) kept.push(c);
  const findings = resolveOverlaps(kept, text.length)
    .map((c) => (c.rule ? formatRule(c, c.rule, set, text) : c.format!()))
    .sort((a, b) => a.start - b.start || a.end - b.end || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));

  return {
    verdict: findings.some((f) => f.severity === 'block') ? 'fail' : findings.length > 0 ? 'warn' : 'pass',
    findings,
    rulePackVersion: set.rulePackVersion,
    rulePacks: [...set.packs],
    locale: req.locale,
    requestedLocale: req.requestedLocale,
    localeResolution: req.localeResolution,
    industry: req.industry,
    waived,
    voice: req.voice ?? 'inferred',
    // In text order.
    suppressed: auditable(suppressed, text),
  };
}

/**
 * A compact, numbered instruction list for the copy model's regeneration prompt, in the copy's
 * language: blocking issues first, one line per distinct instruction, at most `maxItems` lines.
 */
export function toRegenerationFeedback(findings: readonly Finding[], locale: Locale, maxItems = 20): string {
  if (findings.length === 0) return '';
  const ordered = [...findings].sort((a, b) => rank(a) - rank(b) || a.start - b.start);
  const lines = [...new Set(ordered.map((f) => f.feedback))].slice(0, maxItems);
  return [getRulePack(locale, 'general').templates!.feedbackHeader, ...lines.map((l, i) => `${i + 1}. ${l}`)].join('\n');
}

const rank = (f: { severity: Finding['severity'] }): number => (f.severity === 'block' ? 0 : 1);

/**
 * Suppressed hits worth a reviewer's time, in text order (none an allow entry covers: those never
 * reach a context read), one per stretch of text and rule (最好用 rather than 最, 最好 and 最好用), at most MAX_SUPPRESSED.
 */
function auditable(hits: Suppression[], text: string): SuppressedHit[] {
  if (hits.length === 0) return [];
  hits.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: SuppressedHit[] = [];
  const reach = new Map<string, number>();
  for (const h of hits) {
    if ((reach.get(h.ruleId) ?? -1) >= h.end) continue;
    reach.set(h.ruleId, Math.max(reach.get(h.ruleId) ?? -1, h.end));
    out.push({ ruleId: h.ruleId, start: h.start, end: h.end, match: text.slice(h.start, h.end), whyNotAClaim: h.why, reason: CONTEXT_REASONS[h.why] });
    if (out.length === MAX_SUPPRESSED) break;
  }
  return out;
}

/**
 * Context verdicts of one check, memoised by span and check list: the rules that share a term and
 * its checks (a 最-word in several claim rules, about a quarter of the context reads on the copy
 * corpus) read its sentence once. `whyNotAClaim` is pure in these inputs.
 */
class ContextVerdicts {
  private readonly bySpan = new Map<number, { checks: readonly ContextCheck[]; why: ContextCheck | undefined }[]>();

  constructor(
    private readonly locale: Locale,
    private readonly text: string,
    private readonly voice: ComplianceCheckRequest['voice'],
  ) {}

  of(checks: readonly ContextCheck[], start: number, end: number): ContextCheck | undefined {
    if (checks.length === 0) return undefined;
    const key = start * (this.text.length + 1) + end;
    const seen = this.bySpan.get(key);
    if (seen !== undefined) for (const v of seen) if (sameChecks(v.checks, checks)) return v.why;
    const why = whyNotAClaim(this.locale, checks, { text: this.text, start, end }, this.voice);
    if (seen === undefined) this.bySpan.set(key, [{ checks, why }]);
    else seen.push({ checks, why });
    return why;
  }
}

function sameChecks(a: readonly ContextCheck[], b: readonly ContextCheck[]): boolean {
  return a === b || (a.length === b.length && a.every((c, i) => c === b[i]));
}

/** A hit context let through, before it is worth formatting. */
interface Suppression extends Span {
  ruleId: string;
  why: ContextCheck;
}

/**
 * Does text[start, end) hold clause punctuation that no CJK term spans (full-width comma, semicolon,
 * colon, ! ?)? Read in place: every lexicon hit asks, and a slice and a regex per hit cost more than the read.
 */
function breaksClause(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0xff0c || c === 0xff1b || c === 0xff1a || c === 0xff01 || c === 0xff1f) return true;
  }
  return false;
}

/** A brand's allowed claims by normalised term. */
function brandAllowances(claims: BrandConstraints['allowedClaims']): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of claims ?? []) {
    const key = normaliseTerm(c.term).key;
    if (key.length > 0 && !out.has(key)) out.set(key, c.evidence);
  }
  return out;
}

interface Span {
  start: number;
  end: number;
}

interface TermHit extends Span {
  rule: CompiledRule;
  replacement: string | undefined;
}

/**
 * Partly overlapping hits of one rule with the same fix are one occurrence (`法轮` + `轮功` in
 * `法轮功`): report their union once.
 */
function mergeChains(hits: TermHit[]): TermHit[] {
  hits.sort((a, b) => a.rule.order - b.rule.order || a.start - b.start || b.end - a.end);
  const out: TermHit[] = [];
  for (const h of hits) {
    const last = out[out.length - 1];
    if (last && last.rule === h.rule && last.replacement === h.replacement && h.start < last.end && h.end > last.end) last.end = h.end;
    else out.push(h); // the check's own hit: extended in place
  }
  return out;
}

/** The regex subjects, built only when some rule needs them; `literals` are the regexes' literal hits (see checkRequest). */
function lazyViews(text: string, norm: Normalised, set: PackSet, literals: readonly (number[] | undefined)[]): Views {
  let original: string | undefined;
  let normalised: string | undefined;
  let healed: Healed[] | undefined;
  return {
    text,
    original: () => (original ??= foldWidth(text)),
    normalised: () => (normalised ??= normalisedString(norm)),
    healed: () => (healed ??= healDisguises(text, norm, wordOccurrences(set, literals, norm))),
  };
}

/**
 * The literal hits of the original-text regexes that have word literals (`PatternWindow.words`: claim
 * patterns, not PII), for healDisguises: where to heal, and which in-word breaks may heal.
 */
function wordOccurrences(set: PackSet, literals: readonly (number[] | undefined)[], norm: Normalised): LiteralOccurrence[] {
  const out: LiteralOccurrence[] = [];
  literals.forEach((hits, i) => {
    const w = set.regexes[i]!.window;
    if (hits === undefined || set.regexes[i]!.target !== 'original' || !w || w.words.size === 0) return;
    for (let k = 0; k < hits.length; k += 2) {
      const start = hits[k]!;
      const end = hits[k + 1]!;
      let broken = false;
      for (let u = start + 1; u < end && !broken; u++) broken = norm.sep[u] === 1;
      const breaks = broken ? w.words.get(String.fromCharCode(...norm.units.subarray(start, end))) : undefined;
      out.push(breaks === undefined ? { start, end, reach: w.maxLength } : { start, end, reach: w.maxLength, breaks });
    }
  });
  return out;
}

type Matched = Span & { matched: string };

/**
 * Every regex rule's matches on `text` (`set.regexes` order), run as the check runs them (in
 * windows around their literals) or, with `wholeText`, over the whole text: the two must agree.
 */
export function regexRuleMatches(set: PackSet, text: string, wholeText = false): Matched[][] {
  const norm = normalise(text);
  const literals: (number[] | undefined)[] = [];
  for (const hit of set.lexicon.match(norm)) if (hit.payload.kind === 'literal') (literals[hit.payload.regex] ??= []).push(hit.start, hit.end);
  const views = lazyViews(text, norm, set, literals);
  return set.regexes.map((r, i) => regexMatches(wholeText ? { ...r, window: undefined } : r, literals[i], views, norm));
}

type Views = { text: string; original(): string; normalised(): string; healed(): Healed[] };

const spellings = new Map<string, string[]>();

/** The spellings of `literal` that full-width folding turns into it: each ASCII character may be full-width. */
function widthSpellings(literal: string): string[] {
  let out = spellings.get(literal);
  if (!out) {
    out = [''];
    for (const ch of literal) {
      const c = ch.charCodeAt(0);
      const alts = c === 0x20 ? [ch, '\u3000'] : c >= 0x21 && c <= 0x7e ? [ch, String.fromCharCode(c + 0xfee0)] : [ch];
      out = out.flatMap((prefix) => alts.map((a) => prefix + a));
    }
    spellings.set(literal, out);
  }
  return out;
}

/** From this many windows of an original-text rule on, the check folds the whole request text once (views.original). */
const FOLD_WHOLE_FROM = 4;

/** Does `text` read `literal` at `at` once width-folded? */
function foldedStartsWith(text: string, literal: string, at: number): boolean {
  if (at + literal.length > text.length) return false;
  for (let k = 0; k < literal.length; k++) if (foldUnit(text.charCodeAt(at + k)) !== literal.charCodeAt(k)) return false;
  return true;
}

/** A rule's searched literals by first unit, and how to find any first unit (in any width, or exactly). */
interface SearchGroups {
  byFirst: Map<number, string[]>;
  anyWidth: UnitSearch;
  exact: UnitSearch;
}

/** Units to find in a subject: one character each, and one regex that finds any of them. */
interface UnitSearch {
  units: string[];
  any: RegExp;
}

/**
 * Up to this many units, one native `indexOf` pass per unit beats one regex scan for any of them
 * (about 4x for `@`/`＠` or `-`/`－`/`(`/`（` on 10,000 characters of copy); beyond, the passes add up.
 */
const INDEX_OF_UP_TO = 6;

/** Every position of `subject` holding one of the units, in no particular order. */
function forEachUnit(subject: string, search: UnitSearch, visit: (at: number) => void): void {
  if (search.units.length <= INDEX_OF_UP_TO) {
    for (const unit of search.units) for (let at = subject.indexOf(unit); at !== -1; at = subject.indexOf(unit, at + 1)) visit(at);
    return;
  }
  const any = search.any;
  any.lastIndex = 0;
  for (let m = any.exec(subject); m !== null; m = any.exec(subject)) visit(m.index);
}

const groupsOf = new WeakMap<readonly string[], SearchGroups | null>();

/**
 * Searched literals by first unit, found with one native scan of the subject for all of them; null
 * when some literal holds a full-width character or an ideographic space (width folding would change
 * it, so it is searched spelling by spelling in the request text).
 */
function searchGroups(searched: readonly string[]): SearchGroups | undefined {
  let groups = groupsOf.get(searched);
  if (groups === undefined) {
    const byFirst = new Map<number, string[]>();
    for (const literal of searched) {
      const first = literal.charCodeAt(0);
      byFirst.set(first, [...(byFirst.get(first) ?? []), literal]);
    }
    const unitClass = (units: number[]): UnitSearch => ({
      units: [...new Set(units)].map((u) => String.fromCharCode(u)),
      any: new RegExp(`[${units.map((u) => `\\u${u.toString(16).padStart(4, '0')}`).join('')}]`, 'g'),
    });
    const firsts = [...byFirst.keys()];
    const widths = firsts.flatMap((u) => [...widthSpellings(String.fromCharCode(u))].map((w) => w.charCodeAt(0)));
    groups = searched.some((l) => foldWidth(l) !== l) ? null : { byFirst, anyWidth: unitClass(widths), exact: unitClass(firsts) };
    groupsOf.set(searched, groups);
  }
  return groups ?? undefined;
}

/**
 * A regex rule's matches, mapped to original offsets; `matched` is the subject's text (width-folded
 * or normalised). A rule with a window runs only around its literals' occurrences (`literalHits`,
 * from the automaton scan, plus its searched literals); the others run over the whole text.
 */
function regexMatches(r: PackSet['regexes'][number], literalHits: number[] | undefined, views: Views, norm: Normalised): Matched[] {
  const found = asWritten(r, literalHits, views, norm);
  const healed = r.target === 'original' && (literalHits !== undefined || !r.window || r.window.searched.length > 0) ? views.healed() : [];
  const extra = healed.flatMap((view) => healedMatches(r, literalHits, view, norm));
  if (extra.length === 0) return found;
  const seen = new Set(found.map((m) => `${m.start}:${m.end}`));
  for (const m of extra) {
    const key = `${m.start}:${m.end}`;
    if (!seen.has(key)) found.push(m);
    seen.add(key);
  }
  return found;
}

/** A regex rule's matches in the text as written (width-folded) or normalised. */
function asWritten(r: PackSet['regexes'][number], literalHits: number[] | undefined, views: Views, norm: Normalised): Matched[] {
  const w = r.window;
  if (!w) {
    const subject = r.target === 'original' ? views.original() : views.normalised();
    const requires = (r as Partial<CompiledPattern>).requires;
    if (requires && !requires.some((literal) => subject.includes(literal))) return [];
    return [...regexSpans(r.regex, subject, r.target, norm)];
  }
  if (literalHits === undefined && w.searched.length === 0) return [];
  // The original target runs on width-folded text; folding keeps every offset and line feed, so the
  // windows are found in the request text itself and only the slices that run the regex are folded.
  const original = r.target === 'original';
  const subject = original ? views.text : views.normalised();
  const regions = new Regions(subject, w.maxLength, w.crossesLines);
  if (literalHits !== undefined) {
    for (let k = 0; k < literalHits.length; k += 2) {
      const s = literalHits[k]!;
      const e = literalHits[k + 1]!;
      if (r.target === 'normalised') regions.add(s, e);
      else regions.add(norm.start[s]!, norm.end[e - 1]!);
    }
  }
  const groups = w.searched.length === 0 ? undefined : searchGroups(w.searched);
  if (groups !== undefined) {
    // One search per distinct first unit (and, on the original text, its full-width spelling), then
    // a comparison per literal there, through width folding on the original text: a literal's full-width
    // spellings are the literal itself once folded (folding keeps every offset).
    forEachUnit(subject, original ? groups.anyWidth : groups.exact, (at) => {
      const unit = subject.charCodeAt(at);
      for (const literal of groups.byFirst.get(original ? foldUnit(unit) : unit)!) {
        if (original ? foldedStartsWith(subject, literal, at) : subject.startsWith(literal, at)) regions.add(at, at + literal.length);
      }
    });
  } else {
    for (const literal of w.searched) {
      for (const spelling of original ? widthSpellings(literal) : [literal]) {
        for (let at = subject.indexOf(spelling); at !== -1; at = subject.indexOf(spelling, at + 1)) regions.add(at, at + spelling.length);
      }
    }
  }
  const out: Matched[] = [];
  const regex = r.regex;
  const n = subject.length;
  const merged = regions.merged();
  // Folding is one unit for one, so a slice of the folded text is the folded slice: with many windows
  // (digit literals in bulk copy), fold the request text once per check rather than every slice.
  const folded = original && merged.length > FOLD_WHOLE_FROM ? views.original() : undefined;
  for (const [lo, hi] of merged) {
    // The slice keeps `margin` units on either side, so lookarounds and \b read what they would in the whole text.
    const from = Math.max(0, lo - w.margin);
    const to = Math.min(n, hi + w.margin);
    const source = folded ?? subject;
    const raw = from === 0 && to === n ? source : source.slice(from, to);
    const slice = original && folded === undefined ? foldWidth(raw) : raw;
    execStretch(regex, slice, from, lo, hi, (s, e, matched) =>
      out.push(r.target === 'original' ? { start: s, end: e, matched } : { start: norm.start[s]!, end: norm.end[e - 1]!, matched }),
    );
  }
  return out;
}

/**
 * The matches of `regex` that start in subject [lo, hi), scanning `slice` (the subject from `from`) from `lo`;
 * `found` gets subject offsets.
 */
function execStretch(regex: RegExp, slice: string, from: number, lo: number, hi: number, found: (start: number, end: number, matched: string) => void): void {
  regex.lastIndex = lo - from;
  for (let m = regex.exec(slice); m !== null && m.index < hi - from; m = regex.exec(slice)) {
    if (m[0].length === 0) {
      regex.lastIndex += 1;
      continue;
    }
    found(from + m.index, from + m.index + m[0].length, m[0]);
  }
  // The compiled regex is shared (and matchAll copies lastIndex from it).
  regex.lastIndex = 0;
}

/**
 * An original-text rule's matches in the healed view (heal.ts) where it differs from the text as
 * written, at original offsets: the same windows, found in the healed text, skipping any stretch the
 * healing left unchanged (its matches are the ones found as written).
 */
function healedMatches(r: PackSet['regexes'][number], literalHits: number[] | undefined, healed: Healed, norm: Normalised): Matched[] {
  const subject = healed.text;
  const n = subject.length;
  const out: Matched[] = [];
  const found = (s: number, e: number, matched: string): number => out.push({ start: healed.origin(s), end: healed.origin(e - 1) + 1, matched });
  const w = r.window;
  if (!w) {
    const requires = (r as Partial<CompiledPattern>).requires;
    if (requires && !requires.some((literal) => subject.includes(literal))) return [];
    execStretch(r.regex, subject, 0, 0, n, found);
    return out;
  }
  const regions = new Regions(subject, w.maxLength, w.crossesLines);
  for (let k = 0; literalHits !== undefined && k < literalHits.length; k += 2) {
    regions.add(healed.healedAt(norm.start[literalHits[k]!]!), healed.healedAt(norm.end[literalHits[k + 1]! - 1]! - 1) + 1);
  }
  for (const literal of w.searched) for (let at = subject.indexOf(literal); at !== -1; at = subject.indexOf(literal, at + 1)) regions.add(at, at + literal.length);
  for (const [lo, hi] of regions.merged()) {
    const from = Math.max(0, lo - w.margin);
    const to = Math.min(n, hi + w.margin);
    if (!healed.unchanged(from, to)) execStretch(r.regex, subject.slice(from, to), from, lo, hi, found);
  }
  return out;
}

/**
 * The stretches of a regex subject where a match may lie: around each literal occurrence, as far as
 * a match can reach (`maxLength`) and, for a regex that never matches a line feed, within its line.
 * Overlapping stretches are merged, so no match of the whole-text scan straddles two of them and
 * scanning each stretch from its start finds exactly the whole-text scan's matches inside it.
 */
class Regions {
  private readonly spans: [number, number][] = [];
  private lineStart = -1;
  private lineEnd = -1;

  constructor(
    private readonly subject: string,
    private readonly maxLength: number,
    private readonly crossesLines: boolean,
  ) {}

  add(start: number, end: number): void {
    const n = this.subject.length;
    let lo = Number.isFinite(this.maxLength) ? Math.max(0, end - this.maxLength) : 0;
    let hi = Number.isFinite(this.maxLength) ? Math.min(n, start + this.maxLength) : n;
    if (!this.crossesLines) {
      if (!(this.lineStart <= start && end <= this.lineEnd)) {
        this.lineStart = this.subject.lastIndexOf('\n', start - 1) + 1;
        const nl = this.subject.indexOf('\n', end);
        this.lineEnd = nl === -1 ? n : nl;
      }
      lo = Math.max(lo, this.lineStart);
      hi = Math.min(hi, this.lineEnd);
    }
    this.spans.push([lo, hi]);
  }

  merged(): [number, number][] {
    const spans = this.spans;
    // Automaton hits arrive in text order, so their stretches mostly do too: sort only when needed.
    if (!spans.every((s, k) => k === 0 || spans[k - 1]![0] <= s[0])) spans.sort((a, b) => a[0] - b[0]);
    return mergeSorted(spans);
  }
}

/** Matches mapped to original offsets; `matched` is the subject's text (width-folded or normalised). */
function* regexSpans(
  regex: RegExp,
  subject: string,
  target: 'original' | 'normalised',
  norm: Normalised,
): Generator<Matched> {
  for (const m of subject.matchAll(regex)) {
    if (m[0].length === 0) continue;
    const s = m.index;
    const e = s + m[0].length;
    yield target === 'original' ? { start: s, end: e, matched: m[0] } : { start: norm.start[s]!, end: norm.end[e - 1]!, matched: m[0] };
  }
}

const templateParts = new Map<string, string[]>();

/** A template split once at its `{name}` placeholders (odd parts are names), cached. */
function partsOf(template: string): string[] {
  let parts = templateParts.get(template);
  if (!parts) {
    parts = template.split(/\{(\w+)\}/);
    templateParts.set(template, parts);
  }
  return parts;
}

/** `{name}` placeholders filled from `vars`. */
function fill(template: string, vars: Readonly<Record<string, string | number>>): string {
  const parts = partsOf(template);
  let out = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i]!;
    out += (name in vars ? String(vars[name]) : `{${name}}`) + parts[i + 1]!;
  }
  return out;
}

/**
 * A finding before formatting: only the survivors of allow-lists and overlaps get their texts. A
 * rule's candidate is plain data (bulk copy makes hundreds per request); a brand check's formats itself.
 */
interface Candidate extends Span {
  ruleId: string;
  category: Finding['category'];
  severity: Finding['severity'];
  allowable: boolean;
  rule?: CompiledRule;
  replacement?: string | undefined;
  format?: () => Finding;
}

function candidate(rule: CompiledRule, start: number, end: number, replacement: string | undefined): Candidate {
  return { start, end, ruleId: rule.id, category: rule.category, severity: rule.severity, allowable: rule.allowable, rule, replacement };
}

/**
 * A rule finding's template filled with `{match}` and, where given, `{fix}` / `{replacement}`: what
 * `fill` makes of them, without a vars object per finding (bulk copy formats thousands). A template
 * with any other placeholder goes through `fill` itself.
 */
function fillFinding(template: string, match: string, fix?: string, replacement?: string): string {
  const parts = partsOf(template);
  let out = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i]!;
    let value: string;
    if (name === 'match') value = match;
    else if (name === 'fix' && fix !== undefined) value = fix;
    else if (name === 'replacement' && replacement !== undefined) value = replacement;
    else return fill(template, { match, ...(fix === undefined ? {} : { fix }), ...(replacement === undefined ? {} : { replacement }) });
    out += value + parts[i + 1]!;
  }
  return out;
}

/**
 * What a rule says of one match: its message, and its suggestion, or, when the rule has a concrete
 * fix (`replacement`, '' = delete), the pack's replace/delete wording around it.
 */
export function ruleWording(rule: { readonly message: string; readonly suggestion: string }, templates: Pick<Templates, 'replace' | 'delete'>, match: string, replacement: string | undefined): { message: string; suggestion: string } {
  return {
    message: fillFinding(rule.message, match),
    suggestion: replacement === undefined ? fillFinding(rule.suggestion, match) : fillFinding(replacement === '' ? templates.delete : templates.replace, match, undefined, replacement),
  };
}

function formatRule(c: Candidate, rule: CompiledRule, set: PackSet, text: string): Finding {
  const { start, end, replacement } = c;
  const match = text.slice(start, end);
  const { message, suggestion } = ruleWording(rule, set.templates, match, replacement);
  return {
    ruleId: rule.id,
    category: rule.category,
    severity: rule.severity,
    start,
    end,
    match,
    message,
    suggestion,
    ...(replacement === undefined ? {} : { replacement }),
    feedback: fillFinding(rule.feedback, match, suggestion),
    ...(rule.lawRef === undefined ? {} : { lawRef: rule.lawRef }),
  };
}

/** "Is this span inside one of these?" in O(log n): spans by start, with the running maximum end. */
function coverage(spans: Span[]): (start: number, end: number) => boolean {
  spans.sort((a, b) => a.start - b.start);
  const starts = spans.map((a) => a.start);
  const maxEnd: number[] = [];
  for (const a of spans) maxEnd.push(Math.max(a.end, maxEnd[maxEnd.length - 1] ?? -1));
  return (start, end) => {
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (starts[mid]! <= start) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 && maxEnd[lo - 1]! >= end;
  };
}

const forbiddenCache = new Map<string, LexiconMatcher<string>>();

/** Competitor lists repeat across requests of one brand: keep a few compiled matchers. */
function forbiddenMatcher(terms: readonly string[]): LexiconMatcher<string> {
  const key = JSON.stringify(terms);
  let m = forbiddenCache.get(key);
  if (!m) {
    m = LexiconMatcher.compile(terms.filter((t) => normaliseTerm(t).key.length > 0).map((t) => ({ term: t, payload: t })));
    if (forbiddenCache.size >= 32) forbiddenCache.delete(forbiddenCache.keys().next().value!);
    forbiddenCache.set(key, m);
  }
  return m;
}

function brandCandidates(
  set: PackSet,
  text: string,
  norm: Normalised,
  normalised: () => string,
  brand: BrandConstraints,
  channel: Channel | undefined,
): Candidate[] {
  const t = set.templates;
  const out: Candidate[] = [];
  const make = (
    ruleId: string,
    m: { message: string; suggestion: string; feedback: string },
    start: number,
    end: number,
    vars: Record<string, string | number>,
    replacement?: string,
  ): Candidate => ({
    start,
    end,
    ruleId,
    category: 'brand',
    severity: 'block',
    allowable: false,
    format() {
      const match = text.slice(start, end);
      const suggestion = fill(m.suggestion, { match, ...vars });
      return {
        ruleId,
        category: 'brand',
        severity: 'block',
        start,
        end,
        match,
        message: fill(m.message, { match, ...vars }),
        suggestion,
        ...(replacement === undefined ? {} : { replacement }),
        feedback: fill(m.feedback, { match, fix: suggestion, ...vars }),
      };
    },
  });

  if (brand.forbiddenTerms && brand.forbiddenTerms.length > 0) {
    for (const hit of outermostHits(forbiddenMatcher(brand.forbiddenTerms).match(norm))) {
      out.push(make('brand.forbidden-term', t.forbiddenTerm, norm.start[hit.start]!, norm.end[hit.end - 1]!, {}, ''));
    }
  }
  const disclaimer = brand.requiredDisclaimer;
  if (disclaimer) {
    const want = normaliseTerm(disclaimer).key;
    if (want.length > 0 && !normalised().replaceAll('\n', '').includes(want)) {
      // Appended at the end; a space only between two pieces of Latin-script text.
      const glue = /[\s\u2e80-\uffef]$/.test(text) || /^[\u2e80-\uffef]/.test(disclaimer) ? '' : ' ';
      out.push(make('brand.required-disclaimer', t.requiredDisclaimer, text.length, text.length, { disclaimer }, glue + disclaimer));
    }
  }
  const limit = brand.maxLength ?? (channel ? set.channelLimits[channel] : undefined);
  if (limit !== undefined && text.length > limit) {
    const { cut, length } = codePointCut(text, limit);
    if (cut !== -1) out.push(make('brand.max-length', t.maxLength, cut, text.length, { limit, length }));
  }
  return out;
}

/**
 * The hits no other hit contains, in text order (of identical spans, the first). resolveOverlaps
 * would drop the others anyway (same rule, same severity), but only after comparing each with every
 * kept one: forbidden terms nested in each other ("最", "最最", … over a run of 最) made that
 * quadratic in the hits, 39 s for 50 terms over 10,000 characters.
 */
function outermostHits<T extends { start: number; end: number }>(hits: readonly T[]): T[] {
  const ordered = hits.slice().sort((a, b) => a.start - b.start || b.end - a.end);
  const out: T[] = [];
  let reach = -1;
  for (const hit of ordered) {
    if (hit.end <= reach) continue;
    out.push(hit);
    reach = hit.end;
  }
  return out;
}

const SURROGATE = /[\ud800-\udfff]/;

/** Length in code points, and the UTF-16 offset where code point `limit` starts (-1 if none). */
function codePointCut(text: string, limit: number): { cut: number; length: number } {
  // Without surrogate pairs, code points are code units.
  if (!SURROGATE.test(text)) return { cut: limit < text.length ? limit : -1, length: text.length };
  let length = 0;
  let cut = -1;
  for (let i = 0; i < text.length; i++) {
    if (length === limit) cut = i;
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    length++;
  }
  return { cut, length };
}

/** Claim categories describe one wording problem from different angles; they shadow each other. */
const CLAIMS: ReadonlySet<Finding['category']> = new Set(['absolute-claim', 'efficacy-guarantee', 'medical-claim', 'misleading-claim']);
const group = (c: Candidate): string => (CLAIMS.has(c.category) ? 'claims' : c.category);

/**
 * Longest first, a candidate is dropped when a kept one of its group, at least as severe, covers it:
 * `第一品牌` wins over `第一`, a valid ID number over the phone number inside it, but a blocking fake
 * prize stays inside a longer bait warning. Claims also give way to a longer claim they merely
 * overlap ("best" in "best-selling"), but only to one at least as severe, so a blocking term never
 * hides behind a warning. Zero-length findings (a missing disclaimer) always stay.
 *
 * Bulk text carries hundreds of claims: kept claims are marked per text position (one array for
 * blocking claims, one for any), so each candidate costs its own length, not the number kept.
 */
function resolveOverlaps(candidates: Candidate[], textLength: number): Candidate[] {
  if (candidates.length <= 1) return candidates;
  // Array sorts are stable: ties keep the candidates' order.
  const bySize = candidates.slice().sort((a, b) => b.end - b.start - (a.end - a.start) || rank(a) - rank(b) || a.start - b.start);
  const kept: Candidate[] = [];
  if (claimAnyMarks.length < textLength) {
    claimBlockMarks = new Uint8Array(textLength);
    claimAnyMarks = new Uint8Array(textLength);
  }
  const claimBlock = claimBlockMarks;
  const claimAny = claimAnyMarks;
  const otherKept = new Map<string, Candidate[]>();
  for (const c of bySize) {
    if (c.end === c.start) {
      kept.push(c);
      continue;
    }
    if (group(c) === 'claims') {
      const marks = rank(c) === 0 ? claimBlock : claimAny;
      if (marked(marks, c.start, c.end)) continue;
      claimAny.fill(1, c.start, c.end);
      if (rank(c) === 0) claimBlock.fill(1, c.start, c.end);
    } else {
      const same = otherKept.get(c.category) ?? [];
      // Only a finding at least as severe hides one it covers: a fake prize (block) inside a longer bait warning stays.
      if (same.some((k) => k.start <= c.start && c.end <= k.end && rank(k) <= rank(c))) continue;
      same.push(c);
      otherKept.set(c.category, same);
    }
    kept.push(c);
  }
  // The marks are reused by the next check: clear what this one set.
  for (const c of kept) {
    if (c.end === c.start || group(c) !== 'claims') continue;
    claimAny.fill(0, c.start, c.end);
    claimBlock.fill(0, c.start, c.end);
  }
  return kept;
}

/** Per-position marks of kept claims (all zero between checks), grown on demand. */
let claimBlockMarks = new Uint8Array(0);
let claimAnyMarks = new Uint8Array(0);

function marked(marks: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (marks[i] === 1) return true;
  return false;
}
