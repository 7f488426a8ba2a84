import { normaliseTerm } from '../../shared/compliance/normalise';
import { check, evalTermKeys } from './helpers';

/**
 * Recall round 3 of issue 10: families written from the law text (Advertising Law art. 9(2), 9(3), 13,
 * 17-18, 24-25; Anti-Unfair Competition Law art. 10; the price-fraud and special-mark regulations; the
 * health-food function catalogue; FINRA 2210 and 21 CFR 101.93 for English). Every claim below is a
 * sentence written for this test, and no span it is flagged on is a term of any evaluation list.
 */
const evalTerms = evalTermKeys();

const zhClaims: [text: string, ruleId: string, lawRef: RegExp][] = [
  ['自考本科不用考试拿文凭，报名即可。', 'education.guarantee', /第二十四条/],
  ['教资培训一举上岸，师资雄厚。', 'education.guarantee', /第二十四条/],
  ['高三冲刺营成倍提分，小班辅导。', 'education.guarantee', /第二十四条/],
  ['志愿规划服务包志愿录取，名额有限。', 'education.guarantee', /第二十四条/],
  ['加盟本品牌月入上万，总部扶持。', 'guarantee.returns', /第二十五条/],
  ['这款基金亏损由我们承担，放心买。', 'guarantee.returns', /第二十五条/],
  ['在家也能赚钱，手机就能操作。', 'guarantee.returns', /第二十五条/],
  ['这套学区房收藏价值巨大，错过可惜。', 'guarantee.returns', /第二十五条|第二十六条/],
  ['点这里填写地址领取您的奖金。', 'inducement.click-claim', /互联网广告管理办法/],
  ['注册会员赢取50万现金。', 'inducement.prize-cap', /五万元/],
  ['厂家歇业清仓，全部按成本走。', 'inducement.pressure', /价格欺诈|促销/],
  ['这款面包蟹柳仅余3盒，手慢无。', 'inducement.scarcity', /价格欺诈/],
  ['这款燕麦片改善肠道微生态，早餐来一碗。', 'medical.health-function', /第七十三条/],
  ['这款饼干有助于改善骨密度，老人爱吃。', 'medical.health-function', /第七十三条/],
  ['每天一片维生素片，维持血糖健康水平。', 'medical.health-function', /第七十三条/],
  ['这款护眼贴可以矫正散光，学生必备。', 'medical.claim', /第十七条/],
  ['这款红曲茶清洗血管，中老年适用。', 'medical.claim', /第十七条/],
  ['这款护膝根治肩周炎，冬天必备。', 'medical.claim', /第十七条/],
  ['这款保健酒比药还管用。', 'medical.claim', /第十七条/],
  ['这套茶具傲视群雄，送礼体面。', 'absolute.superlative', /第九条第三项/],
  ['这款扫地机吊打友商，清洁更彻底。', 'absolute.superlative', /第九条第三项/],
  ['这款茶叶享誉海内外，口感醇厚。', 'leadership.claim', /第九条第三项/],
  ['本品为全国质量管理协会推荐品牌。', 'misleading.endorsement', /第二十八条/],
  ['这款运动水壶是亚运会指定用品。', 'misleading.endorsement-mark', /奥林匹克标志保护条例/],
];

const enClaims: [text: string, ruleId: string, lawRef: RegExp][] = [
  ['Our bond ladder offers assured dividends every quarter.', 'guarantee.returns', /art\. 25|SEC|FCA/],
  ['There is zero chance of losing money with this plan.', 'guarantee.returns', /art\. 25|SEC|FCA/],
  ['Join the club and you will profit from day one.', 'guarantee.returns', /art\. 25|SEC|FCA/],
  ['Our robo-adviser is guaranteed to beat the market.', 'guarantee.returns', /art\. 25|SEC|FCA/],
  ['The best-ranked fund of the decade.', 'absolute.ranking', /FTC|CAP/],
  ['This tincture mitigates arthritis flare-ups.', 'medical.disease-treatment', /201\(g\)/],
  ['A pediatrician-approved teething gel.', 'misleading.endorsement', /16 CFR 255/],
  ['Our mattress is preferred by physicians.', 'misleading.endorsement', /16 CFR 255/],
  ['Redeem your cash prize before midnight.', 'inducement.prize', /16 CFR 310/],
  ['Our data course makes you job-ready in 60 days.', 'education.guarantee', /art\. 24/],
  ['Drop 12 lbs within three weeks with our shake.', 'medical.weight-loss-rate', /Gut Check/],
  ['Slim down without dieting or exercise.', 'medical.claim', /201\(g\)/],
  ['Our shampoo regrows lost hair.', 'medical.claim', /201\(g\)/],
  ['Start earning $300 per day with our app.', 'investment.earnings', /16 CFR 437/],
  ['This amulet guards your home against misfortune.', 'superstition.claim', /9\(8\)/],
  ['This wind chime draws prosperity to your shop.', 'superstition.claim', /9\(8\)/],
];

describe('recall round 3: claims written from the law text', () => {
  it.each(zhClaims)('zh-CN: %s -> %s', (text, ruleId, lawRef) => {
    const f = check({ text, locale: 'zh-CN' }).findings.find((x) => x.ruleId === ruleId);
    expect(f).toBeDefined();
    expect(f!.lawRef).toMatch(lawRef);
    expect(f!.suggestion.length).toBeGreaterThan(0);
    expect(evalTerms.has(normaliseTerm(f!.match).key)).toBe(false);
  });

  it.each(enClaims)('en: %s -> %s', (text, ruleId, lawRef) => {
    const f = check({ text, locale: 'en' }).findings.find((x) => x.ruleId === ruleId);
    expect(f).toBeDefined();
    expect(f!.lawRef).toMatch(lawRef);
    expect(evalTerms.has(normaliseTerm(f!.match).key)).toBe(false);
  });

  it('a health-supplement brand may claim its approved function: a warning for review, not a block', () => {
    const general = check({ text: '本品有助于调节肠道菌群。', locale: 'zh-CN' });
    const supplement = check({ text: '本品有助于调节肠道菌群。', locale: 'zh-CN', industry: 'health-supplement' });
    expect(general.findings.find((f) => f.ruleId === 'medical.health-function')?.severity).toBe('block');
    expect(supplement.findings.find((f) => f.ruleId === 'medical.health-function')?.severity).toBe('warn');
    expect(general.findings.find((f) => f.ruleId === 'medical.health-function')?.lawRef).toMatch(/食品安全法/);
  });
});

describe('recall round 3: ordinary sentences stay clean', () => {
  it.each([
    '饭后散步有助于消化，这是我的习惯。',
    '房间只剩一个了，我们只好将就住下。',
    '船靠岸后我们顺利上岸，导游在码头等着。',
    '这家店明天开始休息三天，下周一恢复营业。',
    '我每天跑步五公里，感觉体质好多了。',
    '孩子近视了，医生建议我们少看手机。',
    '这本书讲的是一个投资失败的故事，很有启发。',
    '同事说这部电影吊打了去年的续集，我倒觉得一般。',
  ])('zh-CN: %s', (text) => {
    const findings = check({ text, locale: 'zh-CN', voice: 'consumer' }).findings.filter((f) => !f.ruleId.startsWith('pii.'));
    expect(findings.map((f) => `${f.ruleId}:${f.match}`)).toEqual([]);
  });

  it.each([
    'The vet fixed the fence and then treated us to coffee.',
    'I lost money on the stock market last year, lesson learned.',
    'The top-floor apartment has a view of the river.',
    'We bought dog treats for the puppy and she loved them.',
    'I lost 8 pounds in three months by cycling to work.',
    'At my old job I made $15 an hour.',
  ])('en: %s', (text) => {
    const findings = check({ text, locale: 'en' }).findings.filter((f) => !f.ruleId.startsWith('pii.'));
    expect(findings.map((f) => `${f.ruleId}:${f.match}`)).toEqual([]);
  });
});

describe('a material is not a film cast (the person check)', () => {
  it('a level claim before "cast-iron" is a claim about the pan', () => {
    expect(check({ text: 'A hospital-grade cast-iron skillet.', locale: 'en' }).findings.map((f) => f.ruleId)).toContain('absolute.authority');
  });

  it('a level word before a cast of actors still describes people', () => {
    expect(check({ text: 'The film has a world-class cast.', locale: 'en' }).findings.filter((f) => f.ruleId === 'absolute.authority')).toEqual([]);
  });
});
