import { check, evalTermKeys, expectFamilyFinding } from './helpers';

/**
 * Recall round 7 of issue 10, part A (inducement, authority, education, investment): each rule is a construction of its
 * family (points about to expire as click bait, live-stream interaction bait, engagement bait, purchases tied to a prize
 * draw, degrees without study, collectibles' value promises, return figures and forecasts, state backing and agency
 * look-alikes), not a phrase list. Every sentence below is written for this test, and no span it is flagged on is a term
 * of any evaluation list.
 */
const evalTerms = evalTermKeys();

const zhClaims: [text: string, ruleId: string, lawRef: RegExp][] = [
  ['您的会员积分今晚过期，戳这里马上换取礼品。', 'inducement.points-expiry', /互联网广告管理办法》第九条/],
  ['积分商城限时48小时，好礼等你。', 'inducement.points-expiry', /互联网广告管理办法》第九条/],
  ['账户积分可抵扣1200元，名表任选。', 'inducement.points-expiry', /互联网广告管理办法》第九条/],
  ['扣2送平板，手慢无。', 'inducement.live-bait', /网络直播营销管理办法/],
  ['停留满3分钟即可参与福袋。', 'inducement.live-bait', /网络直播营销管理办法/],
  ['打赏礼物才能参与抽奖。', 'inducement.live-bait', /网络直播营销管理办法/],
  ['老粉必中大奖。', 'inducement.live-bait', /网络直播营销管理办法/],
  ['自考本科托管班，不用上课也能按时毕业。', 'education.degree-shortcut', /第二十四条第一项/],
  ['无需考试，一年拿到专科文凭。', 'education.degree-shortcut', /第二十四条第一项/],
  ['这套邮票的投资价值会数倍增长。', 'investment.value-promise', /第二十五条/],
  ['这枚银币马上就会增值。', 'investment.value-promise', /第二十五条/],
  ['这套银币能保值，传家首选。', 'investment.value-promise', /第二十五条/],
  ['尊享计划周息高达3%。', 'investment.value-promise', /第二十五条/],
  ['本平台有央企背景兜底。', 'misleading.endorsement-state', /第九条第二项/],
  ['这对瓷瓶附国礼收藏证书。', 'misleading.endorsement-state', /第九条第二项/],
  ['这款手表获北斗联名授权。', 'misleading.endorsement-state', /第九条第二项/],
  ['纪念章由中国金币总公司监制。', 'misleading.endorsement-issuer', /第九条第二项/],
];

const enClaims: [text: string, ruleId: string, lawRef: RegExp][] = [
  ['Share this if you agree that Mondays need coffee.', 'inducement.engagement-bait', /engagement bait/],
  ['Tag two mates who need a holiday.', 'inducement.engagement-bait', /engagement bait/],
  ['Follow and share to win a hamper.', 'inducement.engagement-bait', /engagement bait/],
  ["Comment 'ME' for the discount code.", 'inducement.engagement-bait', /engagement bait/],
  ['Placing an order boosts your odds in the prize draw.', 'inducement.sweepstakes-purchase', /3001\(k\)/],
  ['A purchase is necessary to be entered.', 'inducement.sweepstakes-purchase', /3001\(k\)/],
  ['Respond now or forfeit your entry.', 'inducement.sweepstakes-purchase', /3001\(k\)/],
  ['Farmland plots with 12-18% returns.', 'investment.return-claim', /CAP Code 14/],
  ['Earn over 6% APY on idle cash.', 'investment.return-claim', /CAP Code 14/],
  ['House prices here are forecast to climb 20% by 2030.', 'investment.return-claim', /CAP Code 14/],
  ['Ethereum is set to smash its record.', 'investment.return-claim', /CAP Code 14/],
  ['This newsletter will make you a millionaire.', 'investment.return-claim', /CAP Code 14/],
  ['An official notice from Medicare about your coverage.', 'misleading.endorsement-agency', /1140/],
  ['This annuity guide is sponsored by the IRS.', 'misleading.endorsement-agency', /1140/],
  ['Book your DVSA driving test with us today.', 'misleading.endorsement-agency', /1140/],
  ['Pass your driving test in two weeks.', 'education.pass-claim', /A13-243114/],
  ['An 87% first-time pass rate, the best in town.', 'education.pass-claim', /A13-243114/],
  ['An MBA based solely on work experience.', 'education.pass-claim', /diploma mills/],
  ['No classes or exams required.', 'education.pass-claim', /diploma mills/],
];

describe('recall round 7 (part A): family constructions', () => {
  it.each(zhClaims)('zh-CN: %s -> %s', (text, ruleId, lawRef) => {
    expectFamilyFinding(text, 'zh-CN', ruleId, lawRef, evalTerms);
  });

  it.each(enClaims)('en: %s -> %s', (text, ruleId, lawRef) => {
    expectFamilyFinding(text, 'en', ruleId, lawRef, evalTerms);
  });

  it('purchase-tied draws, degree shortcuts and state backing block; bait, return figures and named issuers are warnings', () => {
    const severity = (text: string, locale: 'zh-CN' | 'en', ruleId: string): string | undefined =>
      check({ text, locale }).findings.find((f) => f.ruleId === ruleId)?.severity;
    expect(severity('A purchase is necessary to be entered.', 'en', 'inducement.sweepstakes-purchase')).toBe('block');
    expect(severity('无需考试，一年拿到专科文凭。', 'zh-CN', 'education.degree-shortcut')).toBe('block');
    expect(severity('本平台有央企背景兜底。', 'zh-CN', 'misleading.endorsement-state')).toBe('block');
    expect(severity('Tag two mates who need a holiday.', 'en', 'inducement.engagement-bait')).toBe('warn');
    expect(severity('Farmland plots with 12-18% returns.', 'en', 'investment.return-claim')).toBe('warn');
    expect(severity('纪念章由中国金币总公司监制。', 'zh-CN', 'misleading.endorsement-issuer')).toBe('warn');
  });
});

describe('recall round 7 (part A): ordinary sentences with the same words stay clean', () => {
  const ruleIds = [
    'inducement.points-expiry',
    'inducement.live-bait',
    'education.degree-shortcut',
    'investment.value-promise',
    'misleading.endorsement-state',
    'misleading.endorsement-issuer',
    'inducement.engagement-bait',
    'inducement.sweepstakes-purchase',
    'investment.return-claim',
    'misleading.endorsement-agency',
    'education.pass-claim',
  ];
  const ours = (text: string, locale: 'zh-CN' | 'en'): string[] =>
    check({ text, locale })
      .findings.filter((f) => ruleIds.includes(f.ruleId))
      .map((f) => `${f.ruleId}:${f.match}`);

  it.each([
    '会员积分有效期以官方App公示为准。',
    '这款软件无需学习，打开就会用。',
    '本店全场打5折送赠品。',
    '扣1分是因为物流太慢。',
    '手机刷一下就送货上门了。',
    '国债以国家信用担保，到期还本付息。',
    '普通纪念币由中国人民银行发行，按面额兑换。',
    '商标法规定，“驰名商标”字样不得用于广告宣传。',
    '车子开了三年，二手价格还算保值吗？',
  ])('zh-CN: %s', (text) => {
    expect(ours(text, 'zh-CN')).toEqual([]);
  });

  it.each([
    'I like it if you leave the lid open.',
    'Share your recipe with friends.',
    'No purchase necessary; buying does not improve your chances of winning.',
    'Savings accounts paid 4% interest last year.',
    'The Medicare-approved amount is what Medicare pays.',
    'You can book your theory test at gov.uk.',
    'We are not guaranteed to pass every student.',
    'The return rate for this jacket is 5%.',
  ])('en: %s', (text) => {
    expect(ours(text, 'en')).toEqual([]);
  });
});
