/**
 * Every case-insensitive pattern of every shipped pack runs in windows around its required literals,
 * and every such claim pattern is healed (heal.ts) near its words. A required literal the pack's
 * automaton cannot report (one holding a curly apostrophe, a hyphen or a dot: `you’re`, `-approved`,
 * `gov.uk`) would need a case-blind search, so the pack build gives the whole pattern up to a run over
 * the entire text, where no healed view reaches it: round 7 part A shipped three such patterns (fixed in
 * da189cd), and their disguised claims went uncaught.
 */
import { getPackSet, type Industry, IndustrySchema, type Locale, LocaleSchema } from '../../shared/compliance';
import { patternNeeds } from '../../shared/compliance/regex-literals';

const combos: [Locale, Industry][] = LocaleSchema.options.flatMap((l) => IndustrySchema.options.map((i): [Locale, Industry] => [l, i]));

/** The literals of a case-insensitive pattern that the automaton cannot report: letters beside other marks than spaces and straight apostrophes. */
const blindLiterals = (source: string): string[] =>
  (patternNeeds(source, true)?.literals ?? ['(no literal read)']).filter((l) => /\p{L}/u.test(l) && !/^[0-9a-z\u3400-\u9fff ']+$/u.test(l));

describe('case-insensitive patterns of every shipped pack', () => {
  it.each(combos)('%s/%s: each runs in a window, and each claim pattern is healed near its words', (locale, industry) => {
    const set = getPackSet(locale, industry);
    const claims = set.patterns.filter((p) => p.rule.category !== 'pii' && p.target === 'original' && p.regex.flags.includes('i'));
    const allows = set.allowPatterns.filter((p) => p.target === 'original' && p.regex.flags.includes('i'));
    const unhealed = claims.filter((p) => !p.window || p.window.words.size === 0).map((p) => ({ rule: p.rule.id, literals: blindLiterals(p.regex.source) }));
    const unwindowed = allows.filter((p) => !p.window).map((p) => ({ allow: p.regex.source, literals: blindLiterals(p.regex.source) }));
    expect([...unhealed, ...unwindowed]).toEqual([]);
    if (locale === 'en') expect(claims.length).toBeGreaterThan(20);
  });

  it('name the literal that would take a pattern out of its window', () => {
    expect(blindLiterals('\\blike\\s+this\\s+if\\s+you’re\\b')).toEqual(['you’re']);
    expect(blindLiterals('\\b(?:medicare|dvla)-approved\\b').sort()).toEqual(['dvla-approved', 'medicare-approved']);
    expect(blindLiterals("\\bdon't\\s+miss\\b")).toEqual([]);
  });
});
