import { check, ids } from './helpers';

describe('brand constraints from the request', () => {
  it('reports a missing required disclaimer at the end, with the text to append', () => {
    const text = '全新保温杯，限时优惠。';
    const r = check({ text, locale: 'zh-CN', brand: { requiredDisclaimer: '广告' } });
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ ruleId: 'brand.required-disclaimer', start: text.length, end: text.length, match: '', replacement: '广告' });
    expect(r.verdict).toBe('fail');
  });

  it('appends an English disclaimer after a space', () => {
    const r = check({ text: 'Big savings this week.', locale: 'en', brand: { requiredDisclaimer: 'Terms apply.' } });
    expect(r.findings[0]!.replacement).toBe(' Terms apply.');
  });

  it('accepts the disclaimer in any spacing or width', () => {
    expect(check({ text: 'Sale ends Sunday. TERMS  APPLY', locale: 'en', brand: { requiredDisclaimer: 'Terms apply.' } }).findings).toEqual([]);
  });

  it('matches forbidden competitor names with the same normalisation', () => {
    const text = '比雅 诗 兰 黛更好用，蘭蔻也比不上';
    const r = check({ text, locale: 'zh-CN', brand: { forbiddenTerms: ['雅诗兰黛', '兰蔻'] } });
    expect(r.findings.map((f) => [f.ruleId, f.match])).toEqual([
      ['brand.forbidden-term', '雅 诗 兰 黛'],
      ['brand.forbidden-term', '蘭蔻'],
    ]);
    expect(r.findings.every((f) => f.replacement === '')).toBe(true);
  });

  it('answers for forbidden terms nested in each other over a long run of them, reporting only the outermost hits', () => {
    // 60 terms 最, 最最, … over 10,000 最 gave 600,000 overlapping hits: the spread into the kept list
    // overflowed the stack (a 500 from POST /v1/compliance/check).
    const text = '最'.repeat(10_000);
    const terms = Array.from({ length: 60 }, (_, i) => '最'.repeat(i + 1));
    const brand = check({ text, locale: 'zh-CN', brand: { forbiddenTerms: terms } }).findings.filter((f) => f.ruleId === 'brand.forbidden-term');
    expect(brand).toHaveLength(10_000 - 60 + 1);
    expect(brand.every((f, i) => f.start === i && f.end === i + 60)).toBe(true);
    // Nested names still give one finding, the longer.
    expect(check({ text: '比雅诗兰黛更好用', locale: 'zh-CN', brand: { forbiddenTerms: ['兰黛', '雅诗兰黛', '雅诗'] } }).findings.map((f) => f.match)).toEqual(['雅诗兰黛']);
  });

  it('keeps word boundaries for Latin competitor names', () => {
    expect(ids(check({ text: 'Quieter than a D.Y.S.O.N', locale: 'en', brand: { forbiddenTerms: ['Dyson'] } }).findings)).toEqual(['brand.forbidden-term']);
    expect(ids(check({ text: 'Dysonic sound', locale: 'en', brand: { forbiddenTerms: ['Dyson'] } }).findings)).toEqual([]);
  });

  it.each([
    ['sms', 'zh-CN', 70],
    ['sms', 'en', 160],
    ['push', 'zh-CN', 50],
    ['push', 'en', 100],
    ['search-ad-headline', 'en', 30],
    ['feed', 'zh-CN', 120],
    ['email-subject', 'en', 60],
  ] as const)('channel %s (%s) defaults to %i characters', (channel, locale, limit) => {
    const ok = 'a'.repeat(limit);
    expect(check({ text: ok, locale, channel }).findings).toEqual([]);
    const r = check({ text: `${ok}xyz`, locale, channel });
    expect(r.findings).toEqual([expect.objectContaining({ ruleId: 'brand.max-length', start: limit, end: limit + 3, match: 'xyz' })]);
  });

  it('counts code points, not UTF-16 units, and never splits a surrogate pair', () => {
    const text = '😀😀😀';
    const r = check({ text, locale: 'en', brand: { maxLength: 2 } });
    expect(r.findings[0]).toMatchObject({ start: 4, end: 6, match: '😀' });
    expect(check({ text, locale: 'en', brand: { maxLength: 3 } }).findings).toEqual([]);
  });

  it('lets brand.maxLength override the channel default', () => {
    expect(check({ text: 'a'.repeat(100), locale: 'en', channel: 'sms', brand: { maxLength: 200 } }).findings).toEqual([]);
    expect(ids(check({ text: 'a'.repeat(20), locale: 'en', channel: 'sms', brand: { maxLength: 10 } }).findings)).toEqual(['brand.max-length']);
  });
});
