import { check, evalTermKeys, expectFamilyFinding } from './helpers';

/**
 * Recall round 4 of issue 10, part A (inducement, authority, education, investment): families written from the law
 * text (Advertising Law art. 9(2), 24, 25, 26; AUCL art. 8 and 10; the promotion rules; 工商广字〔2008〕212号; FTC 16 CFR
 * 310 and FINRA 2210 for English). Every claim below is a sentence written for this test, and no span it is flagged on
 * is a term of any evaluation list.
 */
const evalTerms = evalTermKeys();

const zhClaims: [text: string, ruleId: string, lawRef: RegExp][] = [
  ['留学申请服务稳拿offer，一对一规划。', 'education.promise', /第二十四条/],
  ['雅思冲刺营分数托底，不满意可重修。', 'education.promise', /第二十四条/],
  ['英语一对一未达标全额退款。', 'education.promise', /第二十四条/],
  ['请原阅卷专家为学员点评作文。', 'education.promise', /第二十四条/],
  ['资深面试考官带班，结构化面试全真模拟。', 'education.promise', /第二十四条/],
  ['数学提升40分，寒假班火热报名。', 'education.score-gain', /第二十四条/],
  ['英语口语14天速成，周末开班。', 'education.score-gain', /第二十四条/],
  ['高考志愿填报独家数据，精准定位。', 'education.promise', /第二十四条/],
  ['物理一对一，未达15分全额退费。', 'education.score-gain', /第二十四条/],
  ['商铺月月稳定分红，省心省力。', 'investment.promise', /第二十五条/],
  ['学区房房价翻倍不是梦。', 'investment.promise', /第二十六条/],
  ['这块地价值一夜暴涨。', 'investment.promise', /第二十六条/],
  ['金条长期保值，传家佳品。', 'investment.promise', /第二十五条/],
  ['这款理财本金安全，随存随取。', 'investment.promise', /第二十五条/],
  ['购买即可获得12%的年化回报。', 'investment.return-figure', /第二十五条/],
  ['首付3万起高回报，地铁口旺铺。', 'investment.return-figure', /第二十六条/],
  ['这款产品年息百分之十二。', 'investment.return-figure', /第二十五条/],
  ['特供部委的茶叶，市面少见。', 'misleading.endorsement-supply', /第九条第二项/],
  ['内供酒，口感醇厚。', 'misleading.endorsement-supply', /第九条第二项/],
  ['首长亲笔题词的老字号酱菜。', 'misleading.endorsement-supply', /第九条第二项/],
  ['孝敬领导的首选好茶。', 'misleading.endorsement-supply', /第九条第二项/],
  ['这款白酒是大使馆指定用酒。', 'misleading.endorsement-supply', /第九条第二项/],
  ['考研阅卷研究中心名师授课。', 'misleading.endorsement-supply', /第九条第二项/],
  ['本基金业绩辉煌，值得托付。', 'investment.promise', /第二十五条/],
  ['刷好评返现，动动手指。', 'inducement.fraud', /反不正当竞争法/],
  ['天价抽奖，每天开奖。', 'inducement.fraud', /第十条/],
  ['免费送加油卡，先到先得。', 'inducement.fraud', /第十条/],
  ['打卡满30天就送50元现金。', 'inducement.task-reward', /第十条/],
  ['拉新一位好友得20元。', 'inducement.task-reward', /第十条/],
  ['手慢无，新品上架。', 'inducement.urgency', /第四条/],
  ['这批羽绒服下周就涨，抓紧。', 'inducement.urgency', /价格欺诈/],
  ['点我领红包，限今天。', 'inducement.urgency', /诱导点击/],
];

const enClaims: [text: string, ruleId: string, lawRef: RegExp][] = [
  ['We guarantee your child admission to a top-10 university.', 'education.admission-promise', /art\. 24/],
  ['Our counselling comes with an offer guarantee.', 'education.admission-promise', /art\. 24/],
  ['Congrats! You have officially won a cruise.', 'inducement.prize-notice', /16 CFR 310/],
  ['Send a small processing fee to release your prize.', 'inducement.prize-notice', /16 CFR 310/],
  ['Your cash prize has been set aside for you.', 'inducement.prize-notice', /16 CFR 310/],
  ['This fund has zero downside.', 'investment.promise', /FINRA/],
  ['A sure bet for your retirement savings.', 'investment.promise', /FINRA/],
  ['Our honey is endorsed by the president.', 'misleading.endorsement-official', /16 CFR 255/],
  ['This deal will not last long.', 'inducement.urgency', /FTC/],
];

describe('recall round 4 (part A): claims written from the law text', () => {
  it.each(zhClaims)('zh-CN: %s -> %s', (text, ruleId, lawRef) => {
    expectFamilyFinding(text, 'zh-CN', ruleId, lawRef, evalTerms);
  });

  it.each(enClaims)('en: %s -> %s', (text, ruleId, lawRef) => {
    expectFamilyFinding(text, 'en', ruleId, lawRef, evalTerms);
  });

  it('a task-for-cash bait is a warning for review, a fake prize notice blocks', () => {
    expect(check({ text: '签到7天即领8元。', locale: 'zh-CN' }).findings.find((f) => f.ruleId === 'inducement.task-reward')?.severity).toBe('warn');
    expect(check({ text: 'You have just won a car.', locale: 'en' }).findings.find((f) => f.ruleId === 'inducement.prize-notice')?.severity).toBe('block');
  });
});

describe('recall round 4 (part A): ordinary sentences with the same words stay clean', () => {
  const ruleIds = [
    'education.promise',
    'education.score-gain',
    'investment.promise',
    'investment.return-figure',
    'misleading.endorsement-supply',
    'misleading.endorsement-official',
    'inducement.fraud',
    'inducement.task-reward',
    'inducement.urgency',
    'inducement.prize-notice',
    'education.admission-promise',
  ];
  const ours = (text: string, locale: 'zh-CN' | 'en'): string[] =>
    check({ text, locale, voice: 'consumer' })
      .findings.filter((f) => ruleIds.includes(f.ruleId))
      .map((f) => `${f.ruleId}:${f.match}`);

  it.each([
    '孩子数学提高了20分，老师很负责。',
    '热卖爆款我也买了一件，尺码正。',
    '这本书讲一位老首长的戎马一生。',
    '公司注册送的优惠券10元，用掉了。',
    '注册即送10元优惠券，新人可用。',
    '这家店的租金每月五千，位置不错。',
    '国内供应商发货很快，包装完好。',
    '我买的时候已经抢空了，等了一周。',
    '我马上抢购了两件，手慢无啊。',
    '面试官问了很多专业问题。',
    '我三天学会了游泳，教练很耐心。',
    '每人最多限购2件，活动以页面为准。',
  ])('zh-CN: %s', (text) => {
    expect(ours(text, 'zh-CN')).toEqual([]);
  });

  it.each([
    'We cannot guarantee admission to any college, but we will help you prepare.',
    'I promise you the admission essay matters.',
    'Your winnings are waiting for you at the front desk.',
    'The man who approved my loan was kind.',
    'No purchase necessary; the odds depend on the number of entries received.',
    'Past performance does not guarantee future results.',
  ])('en: %s', (text) => {
    expect(ours(text, 'en')).toEqual([]);
  });
});
