import {
  checkText,
  getPackSet,
  getRulePack,
  type Industry,
  IndustrySchema,
  type Locale,
  LocaleSchema,
  rawRulePacks,
  RulePackSchema,
} from '../../shared/compliance';
import { foldWidth, normalise, normalisedString, normaliseTerm } from '../../shared/compliance/normalise';
import { loadContextHeldout, loadHeldoutOrdinary, loadLabelled, loadOrdinary, loadRealOrdinary } from '../../bench/compliance/eval-data';

const combos: [Locale, Industry][] = LocaleSchema.options.flatMap((l) => IndustrySchema.options.map((i): [Locale, Industry] => [l, i]));

describe('shipped rule packs', () => {
  it.each(rawRulePacks().map((p) => [`${p.locale}/${p.industry}`, p.data] as const))('%s is valid', (_id, data) => {
    const parsed = RulePackSchema.safeParse(data);
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
  });

  it('are versioned and carry their version into results', () => {
    for (const [locale, industry] of combos) {
      const set = getPackSet(locale, industry);
      const expected = (industry === 'general' ? [`${locale}/general`] : [`${locale}/general`, `${locale}/${industry}`])
        .map((id) => `${id}@${getRulePack(locale, id.split('/')[1] as Industry).version}`)
        .join('+');
      expect(set.rulePackVersion).toBe(expected);
    }
  });

  it.each(combos)('%s/%s compiles, and every term normalises to a key owned by one rule', (locale, industry) => {
    const general = getRulePack(locale, 'general');
    const overlay = industry === 'general' ? undefined : getRulePack(locale, industry);
    const disabled = new Set(overlay?.disabledRules ?? []);
    const owner = new Map<string, string>();
    // The industry pack owns the keys it lists; the general pack's copy steps aside in that combination.
    const overlayKeys = new Set((overlay?.lexicon ?? []).filter((r) => !disabled.has(r.id)).flatMap((r) => r.terms.map((t) => normaliseTerm(t).key)));
    for (const rule of [...general.lexicon, ...(overlay?.lexicon ?? [])]) {
      if (disabled.has(rule.id)) continue;
      const fromGeneral = general.lexicon.includes(rule);
      for (const term of rule.terms) {
        const { key } = normaliseTerm(term);
        if (fromGeneral && overlayKeys.has(key)) continue;
        expect(key.length).toBeGreaterThan(0);
        const prev = owner.get(key);
        if (prev !== undefined) expect(`${key}: ${prev}`).toBe(`${key}: ${rule.id}`);
        owner.set(key, rule.id);
      }
    }
    expect(getPackSet(locale, industry).lexicon.size).toBeGreaterThan(100);
  });

  it('lets an industry pack own a term the general pack also lists', () => {
    // 增强免疫力 is a general medical claim, and the food pack's own health-function rule.
    expect(checkText({ text: '每天一杯，增强免疫力', locale: 'zh-CN' }).findings.map((f) => f.ruleId)).toContain('medical.claim');
    expect(checkText({ text: '每天一杯，增强免疫力', locale: 'zh-CN', industry: 'food' }).findings.map((f) => f.ruleId)).toEqual(['food.health-function']);
  });

  it('rejects malformed packs', () => {
    const good = rawRulePacks().find((p) => p.industry === 'general' && p.locale === 'en')!.data as Record<string, unknown>;
    const bad = [
      { ...good, version: 'v1' },
      { ...good, id: 'en/food' },
      { ...good, templates: undefined },
      { ...good, patterns: [{ id: 'x.y', category: 'pii', severity: 'block', message: 'm', suggestion: 's', feedback: 'f', pattern: '(', target: 'original' }] },
      { ...good, lexicon: [{ id: 'x.y', category: 'pii', severity: 'block', message: 'm', suggestion: 's', feedback: 'f', terms: ['a'], replacements: { b: 'c' } }] },
      { ...good, lexicon: [{ id: 'Bad Id', category: 'pii', severity: 'block', message: 'm', suggestion: 's', feedback: 'f', terms: ['a'] }] },
    ];
    for (const data of bad) expect(RulePackSchema.safeParse(data).success).toBe(false);
  });

  it('keeps the curated sensitive lexicon compact and free of short Latin tokens in zh', () => {
    const zh = getRulePack('zh-CN', 'general').lexicon.filter((r) => r.id.startsWith('sensitive.'));
    const terms = zh.flatMap((r) => r.terms);
    expect(terms.length).toBeLessThan(5000);
    expect(terms.filter((t) => /^[\x20-\x7e]+$/.test(t))).toEqual([]);
  });
});

describe("patterns' required literals", () => {
  // Every shipped text the project evaluates with: labelled copy (violations and evasions), ordinary copy, real reviews.
  const texts = [...loadLabelled(), ...loadOrdinary(), ...loadRealOrdinary(), ...loadHeldoutOrdinary(), ...loadContextHeldout()].map((r) => ({ locale: r.locale, text: r.text }));

  it.each(LocaleSchema.options)('%s: every match of a pattern contains one of the literals it declares, so skipping texts without them loses nothing', (locale) => {
    const set = getPackSet(locale, 'general');
    const gated = set.patterns.filter((p) => p.requires);
    expect(gated.length).toBeGreaterThan(0);
    let matches = 0;
    for (const { text } of texts.filter((t) => t.locale === locale)) {
      const subjects = { original: foldWidth(text), normalised: normalisedString(normalise(text)) };
      for (const p of gated) {
        for (const m of subjects[p.target].matchAll(p.regex)) {
          matches++;
          expect([p.rule.id, p.requires!.some((literal) => m[0].includes(literal))]).toEqual([p.rule.id, true]);
        }
      }
    }
    expect(matches).toBeGreaterThan(0);
  });

  it('still finds a gated claim, and skips the regex on a text without its literal', () => {
    expect(checkText({ text: '联系 sales@example.com 了解详情', locale: 'zh-CN' }).findings.map((f) => f.ruleId)).toContain('pii.email');
    expect(checkText({ text: '厨房里的电饭煲之王', locale: 'zh-CN' }).findings.map((f) => f.ruleId)).toContain('leadership.king');
    expect(checkText({ text: '联系 sales example.com 了解详情', locale: 'zh-CN' }).findings).toEqual([]);
  });
});
