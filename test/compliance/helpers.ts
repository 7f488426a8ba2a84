import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkText, type CheckResult, type ComplianceCheckRequestInput, type Finding } from '../../shared/compliance';
import { normaliseTerm } from '../../shared/compliance/normalise';

/** Runs a check and asserts the span invariant every finding must keep. */
export function check(req: ComplianceCheckRequestInput): CheckResult {
  const result = checkText(req);
  for (const f of result.findings) {
    expect(f.start).toBeGreaterThanOrEqual(0);
    expect(f.end).toBeLessThanOrEqual(req.text.length);
    expect(f.start).toBeLessThanOrEqual(f.end);
    expect(req.text.slice(f.start, f.end)).toBe(f.match);
  }
  return result;
}

export const ids = (findings: readonly Finding[]): string[] => [...new Set(findings.map((f) => f.ruleId))].sort();
export const matches = (findings: readonly Finding[]): string[] => findings.map((f) => f.match);

/** The normalised keys of every term of the evaluation lists: a rule test's spans must not be one (it shows the family, not a memorised term). */
export function evalTermKeys(): Set<string> {
  const dir = join(__dirname, '../../shared/compliance/data/eval');
  return new Set(
    ['public-terms.tsv', 'heldout-terms.tsv', 'sourced-terms.tsv'].flatMap((f) =>
      readFileSync(join(dir, f), 'utf8')
        .split('\n')
        .filter((l) => l.length > 0 && !l.startsWith('#'))
        .map((l) => normaliseTerm(l.split('\t')[2]!).key),
    ),
  );
}

/**
 * The finding a recall-round test expects: `ruleId` fires on `text`, names its law (`lawRef`) and a rewrite, and its span
 * is no term of an evaluation list (`evalTermKeys`), so the family's rule caught it, not a memorised term.
 */
export function expectFamilyFinding(text: string, locale: 'zh-CN' | 'en', ruleId: string, lawRef: RegExp, evalTerms: ReadonlySet<string>): Finding {
  const f = check({ text, locale }).findings.find((x) => x.ruleId === ruleId);
  expect(f).toBeDefined();
  expect(f!.lawRef).toMatch(lawRef);
  expect(f!.suggestion.length).toBeGreaterThan(0);
  expect(evalTerms.has(normaliseTerm(f!.match).key)).toBe(false);
  return f!;
}

/** A recall round's claim sentence: the text, the rule that must flag it, the span it must flag and the law it must cite. */
export type RoundClaim = [text: string, ruleId: string, match: string, lawRef: RegExp];

/**
 * The suite of a recall round's constructions: each claim is flagged by its rule on the expected span (which is no term of an
 * evaluation list), and each lawful look-alike gets no finding at all.
 */
export function describeRecallRound(title: string, locale: 'zh-CN' | 'en', claims: readonly RoundClaim[], lawful: readonly string[]): void {
  const evalTerms = evalTermKeys();
  describe(title, () => {
    it.each(claims)('%s', (text, ruleId, match, lawRef) => {
      expect(expectFamilyFinding(text, locale, ruleId, lawRef, evalTerms).match).toBe(match);
    });

    it.each(lawful)('leaves a lawful look-alike alone: %s', (text) => {
      expect(check({ text, locale }).findings).toEqual([]);
    });
  });
}
