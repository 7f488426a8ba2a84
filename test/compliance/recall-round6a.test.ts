import { check, evalTermKeys, expectFamilyFinding } from './helpers';

/**
 * Recall round 6 of issue 10, part A (inducement, authority, education, investment): each rule is a construction of its
 * family (a review traded for a reward, countdowns and counts of other shoppers, money-for-certificate and training
 * outcomes, military, state-gift and ministry names, government programs and seals, property gains, high returns paired
 * with low risk), not a phrase list. Every sentence below is written for this test, and no span it is flagged on is a
 * term of any evaluation list.
 */
const evalTerms = evalTermKeys();

const zhClaims: [text: string, ruleId: string, lawRef: RegExp][] = [
  ['晒图追评满20字，联系客服返现8元。', 'inducement.review-bait', /反不正当竞争法》第八条/],
  ['五星好评截图发给我们，立即打款。', 'inducement.review-bait', /反不正当竞争法》第八条/],
  ['写评价送奖励，多写多得。', 'inducement.review-bait', /反不正当竞争法》第八条/],
  ['缴费即可拿证，无需上课。', 'education.training-outcome', /第二十四条第一项/],
  ['免培训直接领证，三天出结果。', 'education.training-outcome', /第二十四条第一项/],
  ['小白也能包过，学不会免费重学。', 'education.training-outcome', /第二十四条第一项/],
  ['健康管理师证书挂靠每年能赚两万。', 'education.training-outcome', /第二十四条第一项/],
  ['拿下这个证书，在家工作也能月入过万。', 'education.training-outcome', /第二十四条第一项/],
  ['寒假冲刺班，比同班同学先拿到满分。', 'education.training-outcome', /第二十四条第一项/],
  ['部队特制老白干，口感醇厚。', 'misleading.endorsement-army', /第九条第二项/],
  ['军需系列茶叶，送礼有面子。', 'misleading.endorsement-army', /第九条第二项/],
  ['上将推荐的养生酒。', 'misleading.endorsement-army', /第九条第二项/],
  ['这款丝巾被选作国礼，赠送外宾。', 'misleading.endorsement-army', /第九条第二项/],
  ['本证书人社部已认证，全国通用。', 'misleading.endorsement-army', /第九条第二项/],
  ['这片新区的升值空间不可限量。', 'investment.property-gain', /第二十六条/],
  ['这套学区房五年增值了好几倍。', 'investment.property-gain', /第二十六条/],
  ['商铺投资出租两相宜。', 'investment.property-gain', /第二十六条/],
  ['三年后加价回购，安心持有。', 'investment.property-gain', /第二十六条/],
  ['存入即享超高利息。', 'investment.property-gain', /第二十五条/],
  ['湖景公寓两年升值了三倍。', 'investment.property-gain', /第二十六条/],
];

const enClaims: [text: string, ruleId: string, lawRef: RegExp][] = [
  ['Write us a glowing review and get a bonus charger.', 'inducement.review-bait', /16 CFR 465/],
  ['Gift card for posting a five-star rating on our page.', 'inducement.review-bait', /16 CFR 465/],
  ['Cash back after you leave a positive review.', 'inducement.review-bait', /16 CFR 465/],
  ['Deal expires at midnight: stock up on socks.', 'inducement.false-urgency', /Dark Patterns/],
  ['Coupon closes in 09:59, apply it at checkout.', 'inducement.false-urgency', /Dark Patterns/],
  ['27 shoppers are eyeing this lamp.', 'inducement.false-urgency', /Dark Patterns/],
  ['12 people ordered this in the past hour.', 'inducement.false-urgency', /Dark Patterns/],
  ['Just two remaining in stock!', 'inducement.false-urgency', /Dark Patterns/],
  ['Our crypto fund: big gains, minimal risk.', 'investment.risk-free-profit', /FINRA/],
  ['All of our clients have profited this year.', 'investment.risk-free-profit', /CFTC/],
  ['Grow wealthy fast with our copy-trading app.', 'investment.risk-free-profit', /CFTC/],
  ['Our staking pool is a profit machine.', 'investment.risk-free-profit', /FINRA/],
  ['Sign up and the federal government will forgive your balance.', 'misleading.endorsement-government', /16 CFR 310/],
  ['Each bottle bears the official NHS seal.', 'misleading.endorsement-government', /16 CFR 310/],
  ['Congratulations, you are eligible for a government grant to cover your debt.', 'misleading.endorsement-government', /16 CFR 310/],
  ['We are an official government partner for mortgage relief.', 'misleading.endorsement-government', /16 CFR 310/],
  ['Our placement team will land you a dream job.', 'education.career-outcome', /Notice of Penalty Offenses/],
  ['Finish the course in 10 weeks or less.', 'education.career-outcome', /Notice of Penalty Offenses/],
  ['We guarantee you will pass with a first-class degree.', 'education.career-outcome', /Notice of Penalty Offenses/],
  ['Become a certified bookkeeper and earn over $40 an hour.', 'education.career-outcome', /Notice of Penalty Offenses/],
];

describe('recall round 6 (part A): family constructions', () => {
  it.each(zhClaims)('zh-CN: %s -> %s', (text, ruleId, lawRef) => {
    expectFamilyFinding(text, 'zh-CN', ruleId, lawRef, evalTerms);
  });

  it.each(enClaims)('en: %s -> %s', (text, ruleId, lawRef) => {
    expectFamilyFinding(text, 'en', ruleId, lawRef, evalTerms);
  });

  it('review bait blocks; countdowns and scarcity are warnings for review', () => {
    const severity = (text: string, locale: 'zh-CN' | 'en', ruleId: string): string | undefined =>
      check({ text, locale }).findings.find((f) => f.ruleId === ruleId)?.severity;
    expect(severity('晒图追评满20字，联系客服返现8元。', 'zh-CN', 'inducement.review-bait')).toBe('block');
    expect(severity('Cash back after you leave a positive review.', 'en', 'inducement.review-bait')).toBe('block');
    expect(severity('Deal expires at midnight: stock up on socks.', 'en', 'inducement.false-urgency')).toBe('warn');
  });
});

describe('recall round 6 (part A): ordinary sentences with the same words stay clean', () => {
  const ruleIds = [
    'inducement.review-bait',
    'education.training-outcome',
    'misleading.endorsement-army',
    'investment.property-gain',
    'inducement.false-urgency',
    'investment.risk-free-profit',
    'misleading.endorsement-government',
    'education.career-outcome',
  ];
  const ours = (text: string, locale: 'zh-CN' | 'en'): string[] =>
    check({ text, locale })
      .findings.filter((f) => ruleIds.includes(f.ruleId))
      .map((f) => `${f.ruleId}:${f.match}`);

  it.each([
    '五星级酒店的早餐很丰富，红包也没少发。',
    '收到货后欢迎评价，评价内容不影响任何售后。',
    '我爷爷年轻时在部队当过兵。',
    '报名参加培训后须通过统一考试方可取得证书。',
    '网站备案号：京ICP备12345678号，工信部备案信息可查。',
    '房产是否增值取决于市场，不作承诺。',
    '这本书讲述了一位将军的一生。',
  ])('zh-CN: %s', (text) => {
    expect(ours(text, 'zh-CN')).toEqual([]);
  });

  it.each([
    'I left a review after the blender broke.',
    'Please rate your stay; all feedback, good or bad, is welcome.',
    'We were the only two left in the cinema.',
    'The sale ends on 31 March.',
    'All investments carry risk, and high returns usually mean high risk.',
    'Learn to budget before you invest.',
    'This service is not affiliated with the Department of Education.',
    'Our career team reviews your resume; we cannot promise a job.',
  ])('en: %s', (text) => {
    expect(ours(text, 'en')).toEqual([]);
  });
});
