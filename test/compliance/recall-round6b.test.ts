import { check, evalTermKeys, expectFamilyFinding } from './helpers';

/**
 * Recall round 6 of issue 10, part B (medical and health claims, leadership and renown, superstition): constructions rather than
 * phrases. Medical: killing, inactivating or resisting a virus, germ or fungus and kill or inhibition rates (the epidemic-period
 * cases), the medical terms of the cosmetics label rules (hair regrowth, red veins and rosacea, 生肌, 医学护肤品, ringworm), fewer
 * illnesses; en: fighting off or blocking the spread of a virus, anti-virus kits, repairing cartilage or nerves, stopping bone
 * decay, relieving pain and "works for N% of sufferers". Leadership: "leading" before a trade or with a market's possessive
 * (CAP reads it as best-selling), market leader, world fame and kingship. Superstition: keeping wealth, driving off bad luck,
 * named 煞, warding off negative energy, bringing a marriage; en: shielding from spirits or bad energy, raising your luck,
 * clearing a path, divine blessings, healing an aura. Every sentence is written for this test, and no span it is flagged on is a
 * term of an evaluation list, so a pass shows the family, not a memorised phrase.
 */
const evalTerms = evalTermKeys();

const claims: [text: string, locale: 'zh-CN' | 'en', ruleId: string, match: string, lawRef: RegExp][] = [
  ['这款加湿器能灭活甲流病毒。', 'zh-CN', 'medical.pathogen', '灭活甲流病毒', /第十七条/],
  ['这款洗衣液可杀死致病菌，宝宝衣物放心洗。', 'zh-CN', 'medical.pathogen', '杀死致病菌', /第十七条/],
  ['这款口罩能阻隔新冠病毒。', 'zh-CN', 'medical.pathogen', '阻隔新冠病毒', /第十七条/],
  ['这款除味剂的杀菌率达99.7%。', 'zh-CN', 'medical.pathogen', '杀菌率达99.7%', /第二十八条/],
  ['这款空气炸锅附赠的喷雾能防新冠。', 'zh-CN', 'medical.pathogen', '防新冠', /第十七条/],
  ['这款洗碗机除菌99.5%。', 'zh-CN', 'medical.pathogen', '除菌99.5%', /第二十八条/],
  ['这款陈醋名扬海内外。', 'zh-CN', 'leadership.renown', '名扬海内外', /第九条第三项/],
  ['这款枕头两周就能看到明显改善。', 'zh-CN', 'medical.cure-claim', '两周就能看到明显改善', /第十六条/],
  ['这款泡脚包从根上调理宫寒。', 'zh-CN', 'medical.cure-claim', '从根上调理宫寒', /第十六条/],
  ['吃了这款山药粉，胃病再也没发作过。', 'zh-CN', 'medical.cure-claim', '胃病再也没发作过', /第十六条/],
  ['这款护发素能刺激头发新生。', 'zh-CN', 'medical.label-term', '刺激头发新生', /第十七条/],
  ['这款精华可以淡化红血丝。', 'zh-CN', 'medical.label-term', '淡化红血丝', /化妆品/],
  ['这款洗面奶是斑秃患者的好帮手。', 'zh-CN', 'medical.label-term', '斑秃患者', /化妆品/],
  ['这款药膏状面霜能加速生肌。', 'zh-CN', 'medical.label-term', '加速生肌', /第十七条/],
  ['这款医学面膜，敏感肌可用。', 'zh-CN', 'medical.label-term', '医学面膜', /化妆品/],
  ['这款泡脚粉能祛足癣。', 'zh-CN', 'medical.label-term', '祛足癣', /第十七条/],
  ['常喝这款玉米须茶能降低患病风险。', 'zh-CN', 'medical.label-term', '降低患病风险', /第十七条/],
  ['这尊金蟾摆件聚财进宝。', 'zh-CN', 'superstition.fortune', '聚财进宝', /第九条第八项/],
  ['这对寿桃摆件添福增寿。', 'zh-CN', 'superstition.fortune', '添福增寿', /第九条第八项/],
  ['挂上这串五帝钱，赶走衰运。', 'zh-CN', 'superstition.fortune', '赶走衰运', /第九条第八项/],
  ['这面凸镜能挡路冲煞。', 'zh-CN', 'superstition.fortune', '挡路冲煞', /第九条第八项/],
  ['这块黑曜石能隔绝邪气。', 'zh-CN', 'superstition.fortune', '隔绝邪气', /第九条第八项/],
  ['这对鸳鸯摆件助旺良缘。', 'zh-CN', 'superstition.fortune', '助旺良缘', /第九条第八项/],
  ['这块水晶簇能调和五行。', 'zh-CN', 'superstition.fortune', '调和五行', /第九条第八项/],
  ['This opal is charged under the new moon.', 'en', 'superstition.protection', 'charged under the new moon', /art\. 9\(8\)/],
  ['A rabbit-foot charm that boosts your courage and luck.', 'en', 'superstition.protection', 'boosts your courage and luck', /art\. 9\(8\)/],
  ['These lozenges protect you against influenza.', 'en', 'medical.pathogen', 'protect you against influenza', /COVID-19/],
  ['A nasal spray that helps stop the spread of viruses.', 'en', 'medical.pathogen', 'helps stop the spread of viruses', /COVID-19/],
  ['Grab our antiviral gummies before winter.', 'en', 'medical.pathogen', 'antiviral gummies', /COVID-19/],
  ['These wipes destroy 99% of flu viruses.', 'en', 'medical.pathogen', 'destroy 99% of flu viruses', /COVID-19/],
  ['Elderberry syrup builds immune defences against colds.', 'en', 'medical.pathogen', 'immune defences against colds', /COVID-19/],
  ['The most celebrated chess clock in the world.', 'en', 'leadership.renown', 'The most celebrated chess clock in the world', /renown/],
  ['This foot soak works in 3 days.', 'en', 'medical.cure-claim', 'works in 3 days', /FTC Act/],
  ['Our cream treats eczema at the root.', 'en', 'medical.cure-claim', 'treats eczema at the root', /FTC Act/],
  ['Sleep drops that are non-habit forming.', 'en', 'medical.cure-claim', 'non-habit forming', /FTC Act/],
  ['These gummies supercharge your immune system.', 'en', 'medical.cure-claim', 'supercharge your immune system', /FTC Act/],
  ['This broth regenerates worn cartilage.', 'en', 'medical.body-claim', 'regenerates worn cartilage', /CAP Code 15\.6/],
  ['A fish oil that halts joint degeneration.', 'en', 'medical.body-claim', 'halts joint degeneration', /CAP Code 15\.6/],
  ['This magnesium spray soothes aches and pains.', 'en', 'medical.body-claim', 'soothes aches and pains', /CAP Code 15\.6/],
  ['It worked for over 70% of migraine patients.', 'en', 'medical.body-claim', 'worked for over 70% of migraine patients', /CAP Code 15\.6/],
  ["Europe's foremost luggage brands.", 'en', 'leadership.leading', "Europe's foremost luggage brands", /Leading/],
  ["We are Europe's category leader in payroll software.", 'en', 'leadership.leading', "Europe's category leader in payroll software", /Leading/],
  ['A leading tile supplier for builders.', 'en', 'leadership.leading', 'A leading tile supplier for builders', /Leading/],
  ['Internationally acclaimed olive oil from Crete.', 'en', 'leadership.renown', 'Internationally acclaimed', /renown/],
  ['The reigning champion of pizza ovens.', 'en', 'leadership.renown', 'reigning champion', /renown/],
  ['This smudge stick banishes evil spirits.', 'en', 'superstition.protection', 'banishes evil spirits', /art\. 9\(8\)/],
  ['Our horseshoe charm doubles your luck.', 'en', 'superstition.protection', 'doubles your luck', /art\. 9\(8\)/],
  ['These prayer flags carry heavenly blessings.', 'en', 'superstition.protection', 'heavenly blessings', /art\. 9\(8\)/],
  ['A selenite wand that seals your aura.', 'en', 'superstition.protection', 'seals your aura', /art\. 9\(8\)/],
];

describe('recall round 6 (part B): constructions of the families', () => {
  it.each(claims)('%s (%s)', (text, locale, ruleId, match, lawRef) => {
    expect(expectFamilyFinding(text, locale, ruleId, lawRef, evalTerms).match).toBe(match);
  });

  it.each<[string, 'zh-CN' | 'en']>([
    ['这款杀毒软件能清除病毒，电脑运行更流畅。', 'zh-CN'],
    ['安装防病毒软件后再联网。', 'zh-CN'],
    ['本店好评率98%，欢迎选购。', 'zh-CN'],
    ['这款消毒柜符合国家标准，卫生许可证号见铭牌。', 'zh-CN'],
    ['这款烤箱的最佳食用温度提示很贴心。', 'zh-CN'],
    ['这本书讲风水史，资料翔实。', 'zh-CN'],
    ['这款精华的注册功效为美白。', 'zh-CN'],
    ['本命年礼物选这双红袜子。', 'zh-CN'],
    ['这场病让他想了很多。', 'zh-CN'],
    ['真是晦气，出门就下雨。', 'zh-CN'],
    ['受新冠疫情影响，快递会晚到。', 'zh-CN'],
    ['这家老店在本地家喻户晓吗？', 'zh-CN'],
    ['Leading to a long queue at the checkout, the sale was a success.', 'en'],
    ['A leading cause of back pain is poor posture at the desk.', 'en'],
    ['The antivirus software scans every download.', 'en'],
    ['This lamp keeps away mosquitoes on the patio.', 'en'],
    ['The robot vacuum clears obstacles under the sofa.', 'en'],
    ['A book about the history of feng shui gardens.', 'en'],
    ['The glue repairs broken joints in wooden chairs.', 'en'],
    ["It doesn't fight off viruses; wash your hands.", 'en'],
  ])('leaves an ordinary sentence alone: %s', (text, locale) => {
    const ROUND6B = ['medical.pathogen', 'medical.label-term', 'medical.body-claim', 'superstition.fortune', 'superstition.protection', 'leadership.leading', 'leadership.renown', 'superstition.claim', 'absolute.superlative'];
    expect(check({ text, locale }).findings.map((f) => f.ruleId).filter((id) => ROUND6B.includes(id))).toEqual([]);
  });

  it('switches the new medical rules off in the medical pack, where a registered drug or device may make its approved claim', () => {
    expect(check({ text: 'These lozenges protect you against influenza.', locale: 'en', industry: 'medical' }).findings.map((f) => f.ruleId)).not.toContain('medical.pathogen');
    expect(check({ text: '这款喷剂能灭活甲流病毒。', locale: 'zh-CN', industry: 'medical' }).findings.map((f) => f.ruleId)).not.toContain('medical.pathogen');
  });
});
