/**
 * Findings worded for the reader, who may not read the copy's language: a zh-CN reviewer checking
 * English copy, say. The packs are the one source of the words: a finding made by one locale's pack
 * whose rule the reader's locale's pack also has (the same rule id, in the same industry's pack or
 * its general pack) is given that rule's message and suggestion for the same match and fix. Findings
 * of rules only the copy's pack has, and brand findings (their wording carries the brief's values),
 * keep the copy's language; so does `feedback`, which instructs the copy model, not a person.
 */
import { z } from 'zod';
import { ruleWording } from './engine';
import { getRulePack } from './packs';
import { resolveLocale } from './locales';
import type { CheckResult, Finding, Industry, Locale, Templates } from './schema';

interface Wording {
  readonly rules: ReadonlyMap<string, { readonly message: string; readonly suggestion: string }>;
  readonly templates: Templates;
}

const wordings = new Map<string, Wording>();

/** A locale's rule texts by rule id for one industry (its pack over the general pack), built once. */
function wordingOf(locale: Locale, industry: Industry): Wording {
  const key = `${locale}/${industry}`;
  let wording = wordings.get(key);
  if (!wording) {
    const general = getRulePack(locale, 'general');
    const packs = industry === 'general' ? [general] : [general, getRulePack(locale, industry)];
    const rules = new Map(packs.flatMap((pack) => [...pack.lexicon, ...pack.patterns].map((rule) => [rule.id, { message: rule.message, suggestion: rule.suggestion }] as const)));
    wording = { rules, templates: general.templates! };
    wordings.set(key, wording);
  }
  return wording;
}

/** The findings, worded in `reader`'s language where its pack has the rule; the same array when none changes. */
export function findingsFor<F extends Finding>(reader: Locale, industry: Industry, findings: readonly F[]): readonly F[] {
  if (findings.length === 0) return findings;
  const wording = wordingOf(reader, industry);
  let changed = false;
  const worded = findings.map((finding) => {
    const rule = finding.category === 'brand' ? undefined : wording.rules.get(finding.ruleId);
    if (!rule) return finding;
    const { message, suggestion } = ruleWording(rule, wording.templates, finding.match, finding.replacement);
    if (message === finding.message && suggestion === finding.suggestion) return finding;
    changed = true;
    return { ...finding, message, suggestion };
  });
  return changed ? worded : findings;
}

/** The request header as the API documents it (read by `readerLocale`). */
export const AcceptLanguageHeaderSchema = z.object({
  'accept-language': z
    .string()
    .optional()
    .meta({ description: 'The reader\'s languages (`zh-CN,zh;q=0.9,en;q=0.8`): each finding\'s message and suggestion are worded by the preferred language\'s rule pack where it has the same rule id; feedback, brand findings and rules only the copy\'s pack has stay in the copy\'s language.' }),
});

/** At most this many language ranges of an Accept-Language header are read (a browser sends a handful). */
const MAX_LANGUAGE_RANGES = 16;

/**
 * The pack locale a reader prefers, from an `Accept-Language` header (RFC 9110 §12.5.4): the range
 * with the highest weight that a pack serves (`zh-TW` and `zh-Hans` read zh-CN, `en-GB` reads en);
 * undefined when the header is absent or names no language a pack serves.
 */
export function readerLocale(acceptLanguage: string | undefined): Locale | undefined {
  if (!acceptLanguage) return undefined;
  let best: { locale: Locale; weight: number } | undefined;
  for (const range of acceptLanguage.split(',', MAX_LANGUAGE_RANGES)) {
    const [tag = '', ...parameters] = range.split(';').map((part) => part.trim());
    const q = parameters.find((parameter) => /^q=/i.test(parameter));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    if (tag === '*' || !Number.isFinite(weight) || weight <= 0 || weight > 1 || (best && best.weight >= weight)) continue;
    const resolved = resolveLocale(tag);
    if (resolved.ok) best = { locale: resolved.locale, weight };
  }
  return best?.locale;
}

/** A check's result with its findings worded for the reader an Accept-Language header names (unchanged without one, or for a reader of the copy's language). */
export function resultFor(acceptLanguage: string | undefined, industry: Industry, result: CheckResult): CheckResult {
  const reader = readerLocale(acceptLanguage);
  if (!reader || reader === result.locale) return result;
  const findings = findingsFor(reader, industry, result.findings);
  return findings === result.findings ? result : { ...result, findings: [...findings] };
}
