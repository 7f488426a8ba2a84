import { check, evalTermKeys, expectFamilyFinding } from './helpers';

/**
 * Recall round 7 of issue 10, part B (level, superstition, medical, superlative, ranking): constructions rather than phrases.
 * zh: fortune-talk compounds that pair curing an illness with ending a worry (祛病消灾), cure verbs 阻止 / 阻断 / 防控 before a
 * disease and a disease with a short qualifier (常见疾病), renewing cells in general (激活衰老细胞), a treatment verb before the
 * organ systems (滋养肝肾), a scope's rarity (业内…寥寥无几), N brands of a scope with the product between (五大…品牌之一), 抄底价;
 * a live-stream host's 我卖过 is the seller's voice, not a consumer's. en: a charm said to raise wealth or prospects (CAP's
 * advice on lucky charms), immunity from omens and black magic, a barrier against misfortune, a shield around the aura, blood
 * sugar and grey hair as objects of a cure, a health verb aimed at people with a disease, less need for a medicine, one-treatment
 * removal, relief of what the menopause causes, pain-free living, a market's "premier", brand- or category-leading, a product
 * presented as "the most … ever", clinical or hospital strength. Lawful look-alikes pass: a registered health-food function stated
 * as such, 三大运营商, a share of the RDA, a No. 1 with its named source and year, the maker's own best ever, a review's "most
 * boring movie ever", a structure/function claim without a disease. Every sentence is written for this test, and no span it is flagged on by a family rule is a
 * term of an evaluation list.
 */
const evalTerms = evalTermKeys();

const claims: [text: string, locale: 'zh-CN' | 'en', ruleId: string, match: string, lawRef: RegExp][] = [
  ['这串菩提子手链祛病消灾，保佑全家。', 'zh-CN', 'superstition.fortune', '祛病消灾', /第九条第八项/],
  ['这款磁疗护膝能阻断关节炎发展。', 'zh-CN', 'medical.disease-treatment', '阻断关节炎', /第十七条/],
  ['每天泡脚二十分钟，防控老年慢性疾病。', 'zh-CN', 'medical.disease-treatment', '防控老年慢性疾病', /第十七条/],
  ['这款富氢水杯能激活衰老细胞。', 'zh-CN', 'medical.organ-repair', '激活衰老细胞', /第十七条/],
  ['这款黑芝麻丸滋养肝肾，头发乌黑。', 'zh-CN', 'medical.condition-outcome', '滋养肝肾', /第十七条/],
  ['业内能做到零甲醛的板材厂家寥寥无几。', 'zh-CN', 'absolute.scope-rarity', '业内能做到零甲醛的板材厂家寥寥无几', /第九条第三项/],
  ['我们是全国五大乳胶枕品牌之一。', 'zh-CN', 'absolute.ranking-top-n', '五大乳胶枕品牌之一', /第九条第三项/],
  ['这款空气炸锅今晚全网抄底价。', 'zh-CN', 'absolute.ranking', '全网抄底价', /第九条第三项/],
  ['戴上这串手链，贵人扶持，事事顺心。', 'zh-CN', 'superstition.fortune', '贵人扶持', /第九条第八项/],
  ['这款背背佳能纠正孩子驼背。', 'zh-CN', 'medical.condition-outcome', '纠正孩子驼背', /第十七条/],
  ['这款功放达到音乐厅级水准。', 'zh-CN', 'absolute.level', '音乐厅级', /第九条第三项/],
  ['这款保温杯的续航没人比得上。', 'zh-CN', 'absolute.superlative', '没人比得上', /第九条第三项/],
  ['这款洗地机人气持续领跑。', 'zh-CN', 'leadership.claim', '人气持续领跑', /第九条第三项/],
  ['这只金蟾摆件锁财不漏财。', 'zh-CN', 'superstition.fortune', '锁财不漏财', /第九条第八项/],
  ['这块黑曜石能化解家中的煞气。', 'zh-CN', 'superstition.ward', '化解家中的煞气', /第九条第八项/],
  ['这款益生菌能排空肠道垃圾。', 'zh-CN', 'medical.claim', '排空肠道垃圾', /第十七条/],
  ['这款艾灸贴两周内明显好转。', 'zh-CN', 'medical.cure-claim', '两周内明显好转', /第十七条/],
  ['这款鼻炎喷雾迅速起效。', 'zh-CN', 'medical.cure-claim', '迅速起效', /第十七条/],
  ['这款足浴粉真正去根。', 'zh-CN', 'medical.cure-claim', '真正去根', /第十七条/],
  ['这串念珠日日佩戴可广积功德。', 'zh-CN', 'superstition.fortune', '广积功德', /第九条第八项/],
  ['这款净水器独霸市场十余年。', 'zh-CN', 'absolute.superlative', '独霸市场', /第九条第三项/],
  ['A lucky bamboo plant for good fortune.', 'en', 'superstition.charm-outcome', 'lucky bamboo plant for good fortune', /CAP advice on lucky charms/],
  ['Say goodbye to joint pain forever.', 'en', 'medical.disease-treatment', 'Say goodbye to joint pain', /art\. 1[67]|FTC|CAP/],
  ['Drink this tea to lower your blood pressure naturally.', 'en', 'medical.condition-verb', 'lower your blood pressure', /art\. 1[67]|FTC|CAP/],
  ['Salon-quality results at home.', 'en', 'absolute.top-grade', 'Salon-quality', /CAP|art\. 9\(3\)/],
  ['Audiophile-grade earbuds for the commute.', 'en', 'absolute.top-grade', 'Audiophile-grade', /CAP|art\. 9\(3\)/],
  ['The quietest dishwasher on the market.', 'en', 'absolute.market-scope', 'The quietest dishwasher on the market', /CAP/],
  ['This amethyst cluster will manifest your intentions.', 'en', 'superstition.charm-outcome', 'amethyst cluster will manifest your intentions', /art\. 9\(8\)/],
  ['A singing bowl that brings calm, clarity and good karma.', 'en', 'superstition.luck', 'brings calm, clarity and good karma', /art\. 9\(8\)/],
  ['Hang the dreamcatcher to keep bad dreams away.', 'en', 'superstition.protection', 'keep bad dreams away', /art\. 9\(8\)/],
  ['This rose quartz heart brings positive energy to any room.', 'en', 'superstition.charm-outcome', 'rose quartz heart brings positive energy', /art\. 9\(8\)/],
  ['Hang this amulet to keep your family safe from harm.', 'en', 'superstition.charm-outcome', 'amulet to keep your family safe from harm', /art\. 9\(8\)/],
  ['A lapis bracelet that aligns your energy field.', 'en', 'superstition.charm-outcome', 'bracelet that aligns your energy field', /art\. 9\(8\)/],
  ['Our charcoal patches draw out toxins while you sleep.', 'en', 'medical.claim', 'draw out toxins', /art\. 1[67]|FTC|CAP/],
  ['A lab-grade water filter for the kitchen tap.', 'en', 'absolute.top-grade', 'lab-grade', /CAP|art\. 9\(3\)/],
  ['Our magnetic wristband reduces knee pain.', 'en', 'medical.condition-verb', 'reduces knee pain', /art\. 1[67]|FTC|CAP/],
  ['Keep this lucky jade charm in your wallet: it boosts your income.', 'en', 'superstition.charm-outcome', 'lucky jade charm in your wallet: it boosts your income', /CAP advice on lucky charms/],
  ['This horseshoe talisman makes you more successful in business.', 'en', 'superstition.charm-outcome', 'horseshoe talisman makes you more successful in business', /art\. 9\(8\)/],
  ['Wear this ring and you will never be harmed by black magic.', 'en', 'superstition.protection', 'will never be harmed by black magic', /art\. 9\(8\)/],
  ['The blue bead is a barrier against all kinds of misfortune.', 'en', 'superstition.protection', 'barrier against all kinds of misfortune', /art\. 9\(8\)/],
  ['Moonstone forms a protective bubble around your aura.', 'en', 'superstition.protection', 'protective bubble around your aura', /art\. 9\(8\)/],
  ['A tourmaline ring that sends bad vibes away.', 'en', 'superstition.protection', 'sends bad vibes away', /art\. 9\(8\)/],
  ['This sage bundle brings peace and good fortune to your home.', 'en', 'superstition.luck', 'brings peace and good fortune', /art\. 9\(8\)/],
  ['These gummies help regulate blood glucose in type 2 diabetics.', 'en', 'medical.condition-verb', 'regulate blood glucose in type 2 diabetics', /art\. 1[67]|FTC|CAP/],
  ['A serum that reverses gray hair naturally.', 'en', 'medical.condition-verb', 'reverses gray hair', /art\. 1[67]|FTC|CAP/],
  ['Our tea helps you cut your reliance on painkillers.', 'en', 'medical.cure-claim', 'cut your reliance on painkillers', /art\. 1[67]|FTC|CAP/],
  ['The balm clears cold sores with a single application.', 'en', 'medical.cure-claim', 'cold sores with a single application', /art\. 1[67]|FTC|CAP/],
  ['A tonic that eases hot flushes caused by the menopause.', 'en', 'medical.cure-claim', 'eases hot flushes caused by the menopause', /art\. 1[67]|FTC|CAP/],
  ['Banish aches and pains with our copper insoles.', 'en', 'medical.body-claim', 'Banish aches and pains', /art\. 1[67]|FTC|CAP/],
  ['Enjoy pain-free knees again with the magnetic wrap.', 'en', 'medical.body-claim', 'pain-free knees', /art\. 1[67]|FTC|CAP/],
  ["Texas's premier roofing company.", 'en', 'absolute.market-scope', "Texas's premier", /CAP/],
  ['Our category-leading air purifiers.', 'en', 'absolute.market-superlative', 'category-leading', /CAP/],
  ['Introducing the most advanced hearing aid ever.', 'en', 'absolute.market-scope', 'the most advanced hearing aid ever', /CAP/],
  ['A hospital strength hand cream.', 'en', 'absolute.top-grade', 'hospital strength', /CAP|art\. 9\(3\)/],
];

describe('recall round 7 (part B): constructions of the families', () => {
  it.each(claims)('%s (%s)', (text, locale, ruleId, match, lawRef) => {
    expect(expectFamilyFinding(text, locale, ruleId, lawRef, evalTerms).match).toBe(match);
  });

  it('reads a sentence that opens with "Voted best" as a seller\'s award line, "I voted" as the writer\'s', () => {
    expect(check({ text: 'Voted best fish and chips in Whitby.', locale: 'en' }).findings.map((f) => f.match)).toContain('best');
    expect(check({ text: 'I voted for the best costume at the party.', locale: 'en' }).findings).toEqual([]);
  });

  it('reads a live-stream host who sells as the seller, not as a consumer', () => {
    expect(check({ text: '这是我卖过口感最棒的一款牛排，家人们放心拍。', locale: 'zh-CN' }).findings.map((f) => f.match)).toContain('最');
    expect(check({ text: '这是我吃过口感最棒的一款牛排。', locale: 'zh-CN' }).findings).toEqual([]);
  });

  it.each<[string, 'zh-CN' | 'en']>([
    ['本品为保健食品，经注册的保健功能为缓解体力疲劳，不能代替药物。', 'zh-CN'],
    ['三大运营商的信号在这里都很好。', 'zh-CN'],
    ['斩草除根，不留后患。', 'zh-CN'],
    ['合同自签字之日起立即生效。', 'zh-CN'],
    ['Each serving gives 100% of your RDA of vitamin D.', 'en'],
    ['Ranked #1 by J.D. Power for dependability in 2023.', 'en'],
    ['The most fuel-efficient family SUV we have ever built.', 'en'],
    ['It was the most boring movie ever.', 'en'],
    ['Helps maintain healthy blood sugar levels.', 'en'],
    ['Not suitable for people with diabetes.', 'en'],
    ['Our evil eye bracelet is handmade in Izmir from blue glass.', 'en'],
    ['Good luck with the exam!', 'en'],
    ['This is the fix for a bad day.', 'en'],
    ['The food was restaurant quality.', 'en'],
    ['He is the funniest man in the world.', 'en'],
    ['This medical alert bracelet keeps you safe.', 'en'],
    ['Our alarm system protects your home from intruders.', 'en'],
    ['Ring our advisers today to grow your savings.', 'en'],
  ])('leaves a lawful look-alike alone: %s', (text, locale) => {
    expect(check({ text, locale }).findings).toEqual([]);
  });
});
