import { check, ids } from './helpers';

/**
 * Rule families written from the Advertising Law's articles and platform rules (issue 10, recall by
 * family): every sentence below is written for this test, in wording no evaluation list holds
 * (bench/compliance/sources.ts), so a rule passes only when it covers the family, not a listed phrase.
 */
describe('families from the law text (zh-CN)', () => {
  const rows: [text: string, ruleId: string, lawRef: RegExp][] = [
    // Fake prizes and bait: AUCL art. 10, Advertising Law art. 4 and 28, platform rules on inducing shares.
    ['您的会员号已中得幸运大奖，请尽快确认。', 'inducement.prize', /第十条/],
    ['人人有奖，周年庆等你来。', 'inducement.prize', /第十条/],
    ['扫码关注即可抽取现金红包，先到先得。', 'inducement.bait', /第十条/],
    ['分享到朋友圈即可参与本次活动。', 'inducement.share', /诱导分享/],
    // State organs, state events, officials, media of the state, abolished designations: art. 9(2), 28.
    ['此酒曾被选为国礼，馈赠外宾。', 'misleading.endorsement', /第九条第二项/],
    ['武警部队指定品牌，质量过硬。', 'misleading.endorsement', /第九条第二项/],
    ['多位市长品尝后赞不绝口。', 'misleading.endorsement', /第九条第二项/],
    ['新闻联播力荐的东北大米。', 'misleading.endorsement', /第九条第二项/],
    ['该商标系省著名商标。', 'misleading.endorsement', /第九条第二项/],
    ['这套茶具是业界权威出品。', 'absolute.authority', /第九条第三项/],
    // Disease treatment by a product that is no medicine, efficacy rates: art. 16-17.
    ['本款泡脚粉专治风湿病，老人适用。', 'medical.disease-treatment', /第十七条/],
    ['这款护眼台灯能预防近视，学生必备。', 'medical.disease-treatment', /第十七条/],
    ['本品显效率高达92%，欢迎咨询。', 'medical.efficacy-rate', /第十六条/],
    ['98%的使用者均见效，放心选购。', 'medical.efficacy-rate', /第十六条/],
    ['这款面霜可以淡化黄褐斑。', 'medical.claim', /第十七条/],
    ['这款凉茶有降火功效，夏天常备。', 'medical.claim', /第十七条/],
    ['本店推出三盒一个疗程的调理套装。', 'medical.claim', /第十七条/],
    // Education and training: art. 24.
    ['本课程由阅卷组老师亲授。', 'education.guarantee', /第二十四条/],
    ['学完保证考进重点高中。', 'education.guarantee', /第二十四条/],
    ['冲刺班平均提分35分，欢迎试听。', 'education.score-promise', /第二十四条/],
    // Investment and appreciation: art. 25-26.
    ['低门槛高回报，机会难得。', 'guarantee.returns', /第二十五条/],
    ['临街商铺五年回本，租金稳定。', 'investment.earnings', /第二十五条/],
    ['在家动动手指日赚500元。', 'investment.earnings', /第二十五条/],
    ['承诺到期回购，放心收藏。', 'guarantee.returns', /第二十五条/],
    ['小户型以租养贷，首付低。', 'guarantee.returns', /第二十五条/],
    ['区位优越，增值可期。', 'guarantee.returns', /第二十五条/],
    ['市政府指定接待酒店，环境优雅。', 'misleading.endorsement', /第九条第二项/],
    ['航天员同款保温杯。', 'misleading.endorsement', /第九条第二项/],
    ['签约保过班火热招生。', 'education.guarantee', /第二十四条/],
    ['吉他速成课包教包会。', 'education.guarantee', /第二十四条/],
    ['门槛低回本快，加盟热线开通。', 'guarantee.returns', /第二十五条/],
    ['本店采用国家保密配方。', 'misleading.endorsement', /第九条第二项/],
    ['糖尿病患者的福音，无糖配方。', 'medical.disease-treatment', /第十七条/],
    ['这款药皂是痘痘克星。', 'medical.disease-treatment', /第十七条/],
    ['这款足浴盐帮你摆脱关节炎困扰。', 'medical.disease-treatment', /第十七条/],
    ['这款精华水舒敏修护，敏感肌可用。', 'medical.claim', /第十七条/],
    ['坚持饮用可以调节内分泌。', 'medical.claim', /第十七条/],
    ['竹炭贴帮你排出体内毒素。', 'medical.claim', /第十七条/],
  ];

  it.each(rows)('%s -> %s', (text, ruleId, lawRef) => {
    const f = check({ text, locale: 'zh-CN' }).findings.find((x) => x.ruleId === ruleId);
    expect(f).toBeDefined();
    expect(f!.lawRef).toMatch(lawRef);
    expect(f!.suggestion.length).toBeGreaterThan(0);
  });

  it('grades an invented loss-leader sale as a pressure warning', () => {
    const r = check({ text: '厂家亏本甩卖，跳楼价清仓。', locale: 'zh-CN' });
    expect(r.verdict).toBe('warn');
    expect(r.findings.map((f) => f.ruleId)).toEqual(['inducement.pressure', 'inducement.pressure']);
  });

  it('grades bait and share inducements as warnings, and never lets them hide a fake-prize block', () => {
    expect(check({ text: '扫码关注即可抽取现金红包。', locale: 'zh-CN' }).verdict).toBe('warn');
    const r = check({ text: '转发免费送手机，关注后点击领取红包。', locale: 'zh-CN' });
    expect(r.verdict).toBe('fail');
    expect(r.findings.filter((f) => f.ruleId === 'inducement.prize').map((f) => f.match)).toEqual(['免费送手机', '点击领取']);
  });

  it.each([
    '这款茶不能缓解失眠，只是口感好。',
    '第一批货已经售罄，第二批下周到。',
    '关注店铺，上新早知道。',
    '分享给朋友们，大家都说好看。',
    '市长热线电话一直打不通。',
    '这次考试全班平均分提高了。',
    '国庆礼品已经发完了。',
    '酒店离峰会场馆很近，交通方便。',
    '每月收入记在本子上，方便对账。',
    '我是失眠的人，这本书写得很好。',
    '酒店针对老人准备了拖鞋和热水。',
    '服务态度有待改善，早餐一般。',
    '市政府门口的公交站很方便。',
  ])('leaves an ordinary sentence alone: %s', (text) => {
    const r = check({ text, locale: 'zh-CN' });
    expect(r.findings.filter((f) => /^(inducement|misleading|medical|education|investment|guarantee)\./.test(f.ruleId))).toEqual([]);
  });
});

describe('families from the law text (en)', () => {
  it.each([
    ['Tag three friends to get a free voucher.', 'inducement.bait'],
    ['You have been picked for our anniversary draw.', 'inducement.prize'],
    ['This cream prevents eczema flare-ups.', 'medical.disease-treatment'],
    ['Our toothpaste is used by the navy.', 'misleading.endorsement'],
    ['Taught by former examiners, every lesson is live.', 'education.guarantee'],
    ['Raise your score by 15 points, guaranteed.', 'education.score-promise'],
    ["Congrats, you're our 1000th visitor!", 'inducement.prize'],
    ['This face mask is FDA registered.', 'misleading.endorsement'],
  ])('%s -> %s', (text, ruleId) => {
    expect(check({ text, locale: 'en' }).findings.map((f) => f.ruleId)).toContain(ruleId);
  });

  it.each(['It does not prevent colds, but it tastes nice.', 'I shared the photos with my friends.', 'My score went up after the second mock test.', 'The navy blue colour looks great.', 'Who approved this design?'])(
    'leaves an ordinary sentence alone: %s',
    (text) => {
      expect(check({ text, locale: 'en' }).findings).toEqual([]);
    },
  );
});

describe('industry packs own their terms: no double report', () => {
  it('switches the disease pattern off where treating disease is the product', () => {
    expect(ids(check({ text: '本品专治风湿病，老人适用。', locale: 'zh-CN', industry: 'medical' }).findings)).toEqual([]);
    expect(ids(check({ text: 'This ointment prevents eczema flare-ups.', locale: 'en', industry: 'medical' }).findings)).toEqual([]);
  });

  it('reports a cosmetics term once, under the cosmetics rule', () => {
    const r = check({ text: '这款精华可以祛斑。', locale: 'zh-CN', industry: 'cosmetics' });
    expect(r.findings.map((f) => [f.ruleId, f.match])).toEqual([['cosmetics.medical-efficacy', '祛斑']]);
  });

  it('reports a medical cure rate once, under the medical rule', () => {
    const r = check({ text: '治愈率高达95%。', locale: 'zh-CN', industry: 'medical' });
    expect(r.findings.map((f) => f.ruleId)).toEqual(['medical.cure-rate']);
  });
});

describe('the health-food disclaimer the regulator requires (zh-CN)', () => {
  it.each(['general', 'health-supplement'] as const)('"保健食品不是药物，不能代替药物治疗疾病" is not a medical claim (%s)', (industry) => {
    expect(ids(check({ text: '保健食品不是药物，不能代替药物治疗疾病。本品适宜易疲劳者。', locale: 'zh-CN', industry }).findings)).not.toContain('medical.claim');
  });

  it('a claim that the product replaces medicine is still caught', () => {
    expect(ids(check({ text: '本品可以代替药物治疗疾病。', locale: 'zh-CN', industry: 'health-supplement' }).findings)).toContain('medical.claim');
  });
});
