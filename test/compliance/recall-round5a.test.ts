import { check, evalTermKeys, expectFamilyFinding } from './helpers';

/**
 * Recall round 5 of issue 10, part A (inducement, authority, investment, education): each rule is a construction of its
 * family (share pressure, implied wins, fees to claim, insider exam claims, one-shot passes, promised gains, state-media
 * and public-body endorsement), not a phrase list. Every sentence below is written for this test, and no span it is
 * flagged on is a term of any evaluation list.
 */
const evalTerms = evalTermKeys();

const zhClaims: [text: string, ruleId: string, lawRef: RegExp][] = [
  ['转发本文，全家好运连连。', 'inducement.share-pressure', /诱导分享/],
  ['分享给好友可多得两次抽奖机会。', 'inducement.share-pressure', /诱导分享/],
  ['喊闺蜜一起开宝箱，好礼拿不停。', 'inducement.share-pressure', /诱导分享/],
  ['分享后才能看全文。', 'inducement.share-pressure', /诱导分享/],
  ['艾特两位好友，抽3人送奶茶。', 'inducement.share-pressure', /诱导分享/],
  ['朋友圈都在疯转这款面膜。', 'inducement.share-pressure', /诱导分享/],
  ['点赞过百，抽一人送平板。', 'inducement.share-pressure', /诱导分享/],
  ['助力砍价，0元带回家。', 'inducement.share-pressure', /诱导分享/],
  ['不抢就亏大了！', 'inducement.fomo', /第四条/],
  ['恭喜你被选为今日幸运粉丝。', 'inducement.prize-claim', /第十条/],
  ['你有一份专属好礼待领取。', 'inducement.prize-claim', /第十条/],
  ['系统显示您有一笔奖金未领取。', 'inducement.prize-claim', /第十条/],
  ['您的QQ号中了5万元大奖。', 'inducement.prize-claim', /第十条/],
  ['您已被选为本期幸运会员。', 'inducement.prize-claim', /第十条/],
  ['您被随机抽中获得免单资格。', 'inducement.prize-claim', /第十条/],
  ['缴纳保证金后即可领取奖金。', 'inducement.prize-claim', /第十条/],
  ['领奖前需支付个人所得税800元。', 'inducement.prize-claim', /第十条/],
  ['免费送洗衣机，只需付运费。', 'inducement.free-bait', /规范促销行为暂行规定/],
  ['考研辅导拥有内部题库，命中率高。', 'education.insider', /第二十四条第二项/],
  ['公考培训有内部消息。', 'education.insider', /第二十四条第二项/],
  ['绝密押题卷限时发售。', 'education.insider', /第二十四条第二项/],
  ['提前拿到今年考题。', 'education.insider', /第二十四条第二项/],
  ['教资面试一把过。', 'education.exam-pass', /第二十四条第一项/],
  ['考研必上岸。', 'education.exam-pass', /第二十四条第一项/],
  ['复试没过全额退款。', 'education.exam-pass', /第二十四条第一项/],
  ['录取率高达95.5%。', 'education.rate-figure', /第二十四条第一项/],
  ['稳拿英国名校offer。', 'education.admission-path', /第二十四条第一项/],
  ['免雅思直录英国硕士。', 'education.admission-path', /第二十四条第一项/],
  ['小成本高回报的加盟项目。', 'investment.windfall', /第二十五条/],
  ['资金三重保障，收益稳稳到手。', 'investment.windfall', /第二十五条/],
  ['一次投资，终身收益。', 'investment.windfall', /第二十六条/],
  ['携手CCTV，打造好产品。', 'misleading.endorsement-media', /第九条第二项/],
  ['部队首长亲自品尝。', 'misleading.endorsement-officer', /第九条第二项/],
  ['领导干部都在喝的茶。', 'misleading.endorsement-officer', /第九条第二项/],
  ['保证年收益不低于8%。', 'investment.windfall', /第二十五条/],
  ['一铺旺三代。', 'investment.windfall', /第二十六条/],
  ['新闻联播上榜产品，值得信赖。', 'misleading.endorsement-media', /第九条第二项/],
];

const enClaims: [text: string, ruleId: string, lawRef: RegExp][] = [
  ['You have an unclaimed prize waiting.', 'inducement.win-claim', /CAP Code 8\.19/],
  ['Spin the wheel, every spin wins!', 'inducement.win-claim', /CAP Code 8\.19/],
  ['Lucky winner in your town? Look inside.', 'inducement.win-claim', /CAP Code 8\.19/],
  ['Your voucher guarantees you a share of the jackpot.', 'inducement.win-claim', /CAP Code 8\.19/],
  ['URGENT NOTICE: renew your warranty today.', 'inducement.deadline-shout', /FTC Act/],
  ['95% of our students passed the bar exam.', 'education.outcome-claim', /Notice of Penalty Offenses/],
  ['Pass your nursing boards on the first attempt.', 'education.first-try', /art\. 24/],
  ['Our app pays guaranteed monthly income.', 'investment.guaranteed-gain', /FINRA/],
  ['Profit in any market with our signals.', 'investment.guaranteed-gain', /FINRA/],
  ['Certified by the Department of Health.', 'misleading.endorsement-public', /CAP Code 3\.50/],
  ['As seen on TV and endorsed by Parliament.', 'misleading.endorsement-public', /CAP Code 3\.50/],
  ['Official supplier to the royal household.', 'misleading.endorsement-public', /CAP Code 3\.50/],
  ['Our tutors are affiliated with the Department of Labor.', 'misleading.endorsement-public', /CAP Code 3\.50/],
  ['Free gift, just pay shipping.', 'inducement.free-bait', /16 CFR 251/],
  ['Land prices here will triple in five years.', 'investment.guaranteed-gain', /FINRA/],
  ['Congratulations! Your ticket was drawn.', 'inducement.win-claim', /CAP Code 8\.19/],
  ['You are pre-approved for a $5,000 cash bonus.', 'inducement.win-claim', /CAP Code 8\.19/],
  ['Worn by Navy SEALs on every mission.', 'misleading.endorsement-public', /CAP Code 3\.50/],
  ['Learn from former IELTS examiners.', 'education.outcome-claim', /art\. 24/],
  ['Score 1500+ on the SAT or your money back.', 'education.outcome-claim', /art\. 24/],
  ['Our graduates earn $85,000 on average.', 'education.outcome-claim', /Notice of Penalty Offenses/],
];

describe('recall round 5 (part A): family constructions', () => {
  it.each(zhClaims)('zh-CN: %s -> %s', (text, ruleId, lawRef) => {
    expectFamilyFinding(text, 'zh-CN', ruleId, lawRef, evalTerms);
  });

  it.each(enClaims)('en: %s -> %s', (text, ruleId, lawRef) => {
    expectFamilyFinding(text, 'en', ruleId, lawRef, evalTerms);
  });

  it('a fake prize notice blocks; share pressure, FOMO and free-with-postage bait are warnings for review', () => {
    const severity = (text: string, locale: 'zh-CN' | 'en', ruleId: string): string | undefined =>
      check({ text, locale }).findings.find((f) => f.ruleId === ruleId)?.severity;
    expect(severity('您有一份神秘大礼待查收。', 'zh-CN', 'inducement.prize-claim')).toBe('block');
    expect(severity('朋友圈都在疯转这款面膜。', 'zh-CN', 'inducement.share-pressure')).toBe('warn');
    expect(severity('不抢就亏大了！', 'zh-CN', 'inducement.fomo')).toBe('warn');
    expect(severity('Free sample, just pay postage.', 'en', 'inducement.free-bait')).toBe('warn');
  });

  it('a blocking fake prize is not hidden inside a longer bait warning', () => {
    const result = check({ text: '免费送手机，只需付运费。', locale: 'zh-CN' });
    expect(result.findings.find((f) => f.ruleId === 'inducement.free-bait')?.severity).toBe('warn');
    expect(result.findings.find((f) => f.ruleId === 'inducement.prize')?.severity).toBe('block');
    expect(result.verdict).toBe('fail');
  });
});

describe('recall round 5 (part A): ordinary sentences with the same words stay clean', () => {
  const ruleIds = [
    'inducement.share-pressure',
    'inducement.fomo',
    'inducement.prize-claim',
    'inducement.free-bait',
    'education.insider',
    'education.exam-pass',
    'education.rate-figure',
    'education.admission-path',
    'investment.windfall',
    'misleading.endorsement-media',
    'misleading.endorsement-officer',
    'inducement.win-claim',
    'inducement.deadline-shout',
    'education.outcome-claim',
    'education.first-try',
    'investment.guaranteed-gain',
    'misleading.endorsement-public',
  ];
  const ours = (text: string, locale: 'zh-CN' | 'en'): string[] =>
    check({ text, locale })
      .findings.filter((f) => ruleIds.includes(f.ruleId))
      .map((f) => `${f.ruleId}:${f.match}`);

  it.each([
    '企业必转型，才能活下去。',
    '支付运费后发货，偏远地区除外。',
    '退货赠送运费险，需支付运费。',
    '研究生招生考试没有所谓内部资料，请以官网为准。',
    '本店活动结束后随机抽取三名获奖者，结果在官网公示。',
    '面试通过率62%，仅供参考。',
    '双重保护，手机更安全。',
    '这部纪录片曾在央视播出。',
    '本公司依法参加政府采购公开招标。',
    '公司内部关系复杂，我辞职了。',
    '我爸以前在部队也用这个牌子。',
    '书记员负责记录庭审。',
    '通过练习掌握真题题型。',
  ])('zh-CN: %s', (text) => {
    expect(ours(text, 'zh-CN')).toEqual([]);
  });

  it.each([
    'This website is not connected to or affiliated with the NHS or any government department.',
    'This is time-sensitive: ship by Friday for Christmas delivery.',
    'You could win one of five hampers in our prize draw; no purchase necessary.',
    'The final stage of the race was brutal.',
    'No one can guarantee steady returns.',
    'Shipping is free, you only pay for the item.',
    'Many graduates find jobs in their field, but results vary.',
    'Your deposits are fully insured by the FDIC up to the legal limit.',
    'Prices will rise on Monday, so order today.',
    'Not happy? Return it within 30 days or get a full refund.',
  ])('en: %s', (text) => {
    expect(ours(text, 'en')).toEqual([]);
  });
});
