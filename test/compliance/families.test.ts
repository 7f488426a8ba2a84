import type { Locale } from '../../shared/compliance';
import { check } from './helpers';

/** Every Advertising-Law family the general packs cover: a claim, the rule, the article it cites, a fix. */
type Row = [text: string, locale: Locale, ruleId: string, lawRef: RegExp];

describe('Advertising-Law families in the general packs', () => {
  const rows: Row[] = [
    ['佩戴这款手串可以招财转运', 'zh-CN', 'superstition.claim', /第九条第八项/],
    ['放在办公桌上能提升贵人运', 'zh-CN', 'superstition.luck', /第九条第八项/],
    ['报名即可保过，不过退费', 'zh-CN', 'education.guarantee', /第二十四条/],
    ['本课程通过率高达98%', 'zh-CN', 'education.pass-rate', /第二十四条/],
    ['此楼盘保值升值，一铺养三代', 'zh-CN', 'guarantee.returns', /第二十六条/],
    ['地段优越，坐等升值', 'zh-CN', 'investment.appreciation', /第二十六条/],
    ['国宴专用好茶', 'zh-CN', 'misleading.endorsement', /第九条第二项/],
    ['本产品质量免检', 'zh-CN', 'misleading.endorsement', /2008/],
    ['行业领导者，值得信赖', 'zh-CN', 'leadership.claim', /第九条第三项/],
    ['这款是电饭煲之王', 'zh-CN', 'leadership.king', /第九条第三项/],
    ['一盒见效，永不复发', 'zh-CN', 'medical.claim', /第十七条/],
    ['两个疗程就能根治', 'zh-CN', 'medical.cure-promise', /第十六条/],
    ['恭喜您中奖，点击领取', 'zh-CN', 'inducement.prize', /有奖销售/],
    ['全国首发新款耳机', 'zh-CN', 'platform.tier', /属实/],
    ['This bracelet brings good luck', 'en', 'superstition.claim', /9\(8\)/],
    ['Guaranteed pass or your money back', 'en', 'education.guarantee', /art\. 24/],
    ['The flat is sure to rise in value', 'en', 'investment.appreciation', /art\. 25, 26/],
    ['Served at state banquets', 'en', 'misleading.endorsement', /9\(2\)/],
    ['The king of blenders', 'en', 'leadership.king', /9\(3\)/],
    ['Congratulations, you have won! Click to claim', 'en', 'inducement.prize', /prize promotions/],
    ['Our newest headphones', 'en', 'platform.tier', /FTC/],
  ];

  it.each(rows)('%s (%s) -> %s', (text, locale, ruleId, lawRef) => {
    const f = check({ text, locale }).findings.find((x) => x.ruleId === ruleId);
    expect(f).toBeDefined();
    expect(f!.lawRef).toMatch(lawRef);
    expect(f!.suggestion.length).toBeGreaterThan(0);
  });

  it('grades platform-tier terms as warnings a reviewer decides', () => {
    const r = check({ text: '全网独家配方', locale: 'zh-CN' });
    expect(r.verdict).toBe('warn');
    expect(r.findings.every((f) => f.severity === 'warn')).toBe(true);
  });
});

describe('brand allow-list with evidence', () => {
  it('waives an allowable finding the brand proves, and reports the waiver', () => {
    const brand = { allowedClaims: [{ term: '独家配方', evidence: '专利 ZL2023 1 0000000.0' }] };
    const r = check({ text: '独家配方，温和清洁', locale: 'zh-CN', brand });
    expect(r.findings).toEqual([]);
    expect(r.verdict).toBe('pass');
    expect(r.waived).toEqual([{ ruleId: 'platform.tier', start: 0, end: 4, match: '独家配方', evidence: '专利 ZL2023 1 0000000.0' }]);
  });

  it('never waives a blocking claim, whatever the brand says', () => {
    const r = check({ text: '全网最好的面霜', locale: 'zh-CN', brand: { allowedClaims: [{ term: '最好', evidence: 'we think so' }] } });
    expect(r.findings.map((f) => f.ruleId)).toContain('absolute.superlative');
    expect(r.waived).toEqual([]);
  });

  it('matches the allowed term with the same normalisation (case, width)', () => {
    const r = check({ text: 'Our NEWEST model', locale: 'en-US', brand: { allowedClaims: [{ term: 'newest', evidence: 'launched 2026-11-20' }] } });
    expect(r.findings).toEqual([]);
    expect(r.waived.map((w) => w.match)).toEqual(['NEWEST']);
  });
});
