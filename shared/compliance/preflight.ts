/**
 * Pre-flight of a copy brief: selling points, benefits and other facts the models are told to quote
 * are checked before any copy is generated. A fact that is itself a banned claim ("全网销量第一",
 * "cures eczema") would make every variant fail or land in review; the marketer is told which fact,
 * which rules, and gets a compliant rewrite when a mechanical one exists.
 *
 * Each fact is checked with the pack of its own script (Han characters -> zh-CN, else en), whatever
 * the job's output locales: a Chinese selling point is a Chinese claim.
 */
import { checkText } from './engine';
import type { BrandConstraints, Finding, Industry, Locale } from './schema';

export interface BriefFact {
  /** Where the fact sits in the request, e.g. `product.sellingPoints[1]`. */
  field: string;
  text: string;
}

export interface PreflightItem {
  field: string;
  text: string;
  locale: Locale;
  verdict: 'warn' | 'fail';
  findings: Pick<Finding, 'ruleId' | 'severity' | 'start' | 'end' | 'match' | 'message' | 'suggestion' | 'lawRef'>[];
  /** The fact with every finding replaced or removed, when that version passes the check itself. */
  rewrite?: string;
}

export interface Preflight {
  /** `pass`: no fact is a banned claim; `warn`: some need a reviewer's eye; `fail`: some are banned. */
  verdict: 'pass' | 'warn' | 'fail';
  items: PreflightItem[];
}

const HAN = /\p{Script=Han}/u;

export function localeOfFact(text: string): Locale {
  return HAN.test(text) ? 'zh-CN' : 'en';
}

/** Applies each finding's replacement ('' or none = delete the span), right to left, and tidies the seams. */
function rewriteOf(text: string, findings: readonly Finding[]): string {
  const spans = [...findings].filter((f) => f.end > f.start).sort((a, b) => b.start - a.start);
  let out = text;
  let limit = Infinity;
  for (const f of spans) {
    if (f.end > limit) continue; // overlapping findings: the rightmost one already rewrote this part
    out = out.slice(0, f.start) + (f.replacement ?? '') + out.slice(f.end);
    limit = f.start;
  }
  return out
    .replace(/\s{2,}/gu, ' ')
    .replace(/^[\s，,、；;：:]+|[\s，,、；;：:]+$/gu, '')
    .replace(/([，,、；;])\s*(?=[，,、；;。.!！?？])/gu, '')
    .trim();
}

export function preflightBrief(facts: readonly BriefFact[], options: { industry: Industry; brand?: BrandConstraints }): Preflight {
  const items: PreflightItem[] = [];
  const brand = options.brand?.allowedClaims ? { allowedClaims: options.brand.allowedClaims } : undefined;
  for (const fact of facts) {
    const locale = localeOfFact(fact.text);
    // A brief's facts are the advertiser's words (checked as strictly as the copy made from them).
    const result = checkText({ text: fact.text, locale, industry: options.industry, voice: 'advertiser', ...(brand ? { brand } : {}) });
    if (result.verdict === 'pass') continue;
    const rewritten = rewriteOf(fact.text, result.findings);
    const passes = rewritten.length > 0 && checkText({ text: rewritten, locale, industry: options.industry, voice: 'advertiser' }).verdict === 'pass';
    items.push({
      field: fact.field,
      text: fact.text,
      locale,
      verdict: result.verdict,
      findings: result.findings.map(({ ruleId, severity, start, end, match, message, suggestion, lawRef }) => ({ ruleId, severity, start, end, match, message, suggestion, ...(lawRef === undefined ? {} : { lawRef }) })),
      ...(passes ? { rewrite: rewritten } : {}),
    });
  }
  const verdict = items.some((i) => i.verdict === 'fail') ? 'fail' : items.length > 0 ? 'warn' : 'pass';
  return { verdict, items };
}
