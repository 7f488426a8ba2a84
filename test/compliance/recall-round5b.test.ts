import { check, evalTermKeys, expectFamilyFinding } from './helpers';

/**
 * Recall round 5 of issue 10, part B (level, superstition, medical, superlative, ranking): constructions rather than phrases.
 * Superstition: 招/旺 + a fortune or a match, opening 灵性/慧根, drawing 天地灵气, rituals and talismans sold for an outcome
 * (法事, 法术, X符), en spells, hexes and blessed objects and a spell or charm promising an outcome. Medical: 抗/防治/治/改善 + the
 * conditions the earlier list lacked, blood-sugar control, immunity, body constitution, a system "调理改善" after its noun,
 * "对…有奇效" and figures "back to normal". Superlative and ranking: perfection and "nobody matches" words, beating a named
 * class (碾压旗舰机), a category's luxury brand or 天花板, 位居前列 / 第一梯队 / 榜 TOP n, and en market claims (Canada's biggest,
 * the largest selection, the most five-star reviews) and "a flawless finish" / "the perfect X for". Every sentence is written for
 * this test, and no span it is flagged on is a term of an evaluation list, so a pass shows the family, not a memorised phrase.
 */
const evalTerms = evalTermKeys();

const claims: [text: string, locale: 'zh-CN' | 'en', ruleId: string, match: string, lawRef: RegExp][] = [
  ['这尊貔貅摆在收银台，招偏财。', 'zh-CN', 'superstition.ritual', '招偏财', /第九条第八项/],
  ['这款葫芦摆件能增加异性缘。', 'zh-CN', 'superstition.ritual', '增加异性缘', /第九条第八项/],
  ['佩戴这串菩提可以开启慧根。', 'zh-CN', 'superstition.ritual', '开启慧根', /第九条第八项/],
  ['这块陨石能汲取日月精华。', 'zh-CN', 'superstition.ritual', '汲取日月精华', /第九条第八项/],
  ['本店可预约法事，周末也能安排。', 'zh-CN', 'superstition.ritual', '预约法事', /第九条第八项/],
  ['这张桃花符压在枕下即可。', 'zh-CN', 'superstition.ritual', '桃花符', /第九条第八项/],
  ['法师亲自加持的手串。', 'zh-CN', 'superstition.ritual', '法师亲自加持', /第九条第八项/],
  ['这尊铜葫芦可以化解业障。', 'zh-CN', 'superstition.ritual', '化解业障', /第九条第八项/],
  ['这款海藻片能抗血栓。', 'zh-CN', 'medical.condition-claim', '抗血栓', /第十七条/],
  ['这款泡脚包专治老寒腿。', 'zh-CN', 'medical.condition-claim', '专治老寒腿', /第十七条/],
  ['这款黑豆茶改善静脉曲张。', 'zh-CN', 'medical.condition-claim', '改善静脉曲张', /第十七条/],
  ['这款面条有助于稳血糖。', 'zh-CN', 'medical.condition-claim', '有助于稳血糖', /第十七条/],
  ['这款牛初乳能激活免疫系统。', 'zh-CN', 'medical.condition-claim', '激活免疫系统', /第十七条/],
  ['本产品经药理证实，放心食用。', 'zh-CN', 'medical.condition-claim', '药理证实', /第十七条/],
  ['这款姜茶能祛除体内寒气。', 'zh-CN', 'medical.condition-claim', '祛除体内寒气', /第十七条/],
  ['这款纳豆粉能溶解血管斑块。', 'zh-CN', 'medical.condition-claim', '溶解血管斑块', /第十七条/],
  ['坚持三个月，心血管全面改善。', 'zh-CN', 'medical.condition-outcome', '心血管全面改善', /第十七条/],
  ['这款酸枣仁膏对失眠有奇效。', 'zh-CN', 'medical.condition-outcome', '对失眠有奇效', /第十七条/],
  ['坚持饮用本品，血糖很快恢复正常。', 'zh-CN', 'medical.condition-outcome', '血糖很快恢复正常', /第十七条/],
  ['这块翡翠毫无瑕疵。', 'zh-CN', 'absolute.peerless', '毫无瑕疵', /第九条第三项/],
  ['这款吸尘器的吸力无人比肩。', 'zh-CN', 'absolute.peerless', '无人比肩', /第九条第三项/],
  ['这款平板性能碾压旗舰机。', 'zh-CN', 'absolute.peerless', '碾压旗舰机', /第九条第三项/],
  ['今年的拍照机皇来了。', 'zh-CN', 'absolute.peerless', '机皇', /第九条第三项/],
  ['这款酸奶销量稳居行业前列。', 'zh-CN', 'absolute.ranking-tier', '稳居行业前列', /第九条第三项/],
  ['这款面霜长期位列品类第一梯队。', 'zh-CN', 'absolute.ranking-tier', '位列品类第一梯队', /第九条第三项/],
  ['这款猫粮常年热销榜TOP5。', 'zh-CN', 'absolute.ranking-tier', '热销榜TOP5', /第九条第三项/],
  ['这款保温杯是杯子界的劳斯莱斯。', 'zh-CN', 'absolute.category-best', '界的劳斯莱斯', /第九条第三项/],
  ['这款粉底液是国货天花板。', 'zh-CN', 'absolute.category-best', '国货天花板', /第九条第三项/],
  ['这款净水器达到实验室级过滤标准。', 'zh-CN', 'absolute.level', '实验室级', /第九条第三项/],
  ['这款西装面料达到全球顶尖水准。', 'zh-CN', 'absolute.level', '全球顶尖水准', /第九条第三项/],
  ['这款手机是今年的王炸。', 'zh-CN', 'absolute.peerless', '王炸', /第九条第三项/],
  ['这款面霜行业排名靠前。', 'zh-CN', 'absolute.ranking-tier', '排名靠前', /第九条第三项/],
  ['这款核桃粉能补脑。', 'zh-CN', 'medical.condition-claim', '补脑', /第十七条/],
  ['这款保健酒能增强性功能。', 'zh-CN', 'medical.condition-claim', '增强性功能', /第十七条/],
  ['这款绿豆汤能预防中暑。', 'zh-CN', 'medical.condition-claim', '预防中暑', /第十七条/],
  ['佩戴此物，百邪不侵。', 'zh-CN', 'superstition.ritual', '百邪不侵', /第九条第八项/],
  ['This turmeric shot reduces inflammation.', 'en', 'medical.condition-verb', 'reduces inflammation', /201\(g\)/],
  ['A shampoo that stops hair loss for good.', 'en', 'medical.condition-verb', 'stops hair loss', /201\(g\)/],
  ['Our elixir shrinks tumors.', 'en', 'medical.condition-verb', 'shrinks tumors', /201\(g\)/],
  ['This crystal raises your vibration.', 'en', 'superstition.spell', 'raises your vibration', /art\. 9\(8\)/],
  ['This bracelet repels negative energy.', 'en', 'superstition.spell', 'repels negative energy', /art\. 9\(8\)/],
  ['Order our prosperity ritual kit before the new moon.', 'en', 'superstition.spell', 'prosperity ritual', /art\. 9\(8\)/],
  ['We place a curse on your rival within 24 hours.', 'en', 'superstition.spell', 'place a curse on', /art\. 9\(8\)/],
  ['A blessed pendant for safe travels.', 'en', 'superstition.spell', 'blessed pendant', /art\. 9\(8\)/],
  ['Each ring carries a warding sigil.', 'en', 'superstition.spell', 'warding sigil', /art\. 9\(8\)/],
  ['This oil helps you manifest your twin flame.', 'en', 'superstition.spell', 'manifest your twin flame', /art\. 9\(8\)/],
  ['Our mojo bag guarantees a promotion at work.', 'en', 'superstition.spell-outcome', 'mojo bag guarantees a promotion', /art\. 9\(8\)/],
  ["Canada's biggest mattress retailer.", 'en', 'absolute.market-superlative', "Canada's biggest", /CAP Code/],
  ['The largest selection of vinyl records online.', 'en', 'absolute.market-superlative', 'The largest selection', /CAP Code/],
  ['Our leading tax filing platform.', 'en', 'absolute.market-superlative', 'Our leading tax filing platform', /CAP Code/],
  ['The app with the most five-star reviews.', 'en', 'absolute.market-superlative', 'the most five-star reviews', /CAP Code/],
  ['The most prescribed sleep aid in Europe.', 'en', 'absolute.market-superlative', 'The most prescribed', /CAP Code/],
  ['A flawless finish on every cabinet door.', 'en', 'absolute.perfection', 'A flawless finish', /art\. 9\(3\)/],
  ['The perfect travel mug for long commutes.', 'en', 'absolute.perfection', 'The perfect travel mug for', /art\. 9\(3\)/],
];

describe('recall round 5 (part B): constructions of the families', () => {
  it.each(claims)('%s (%s)', (text, locale, ruleId, match, lawRef) => {
    expect(expectFamilyFinding(text, locale, ruleId, lawRef, evalTerms).match).toBe(match);
  });

  it.each<[string, 'zh-CN' | 'en']>([
    ['这家公司正在招人，欢迎投递简历。', 'zh-CN'],
    ['这门沟通课帮你增进感情。', 'zh-CN'],
    ['这幅画很有灵气。', 'zh-CN'],
    ['这种做法事实上很常见。', 'zh-CN'],
    ['想办法事先订好房间。', 'zh-CN'],
    ['控糖饮食要少吃精米白面。', 'zh-CN'],
    ['座位位于前排，视野很好。', 'zh-CN'],
    ['这部小说讲的是降头术的故事。', 'zh-CN'],
    ['血压计的袖带要绑紧。', 'zh-CN'],
    ['房间的天花板有点低。', 'zh-CN'],
    ['这款茶叶品质天花板级，回甘明显。', 'zh-CN'],
    ['The film casts a spell on the audience from the first scene.', 'en'],
    ['The game lets you cast spells and brew potions.', 'en'],
    ['The biggest problem with this phone is the battery.', 'en'],
    ['The largest box fits two pairs of boots.', 'en'],
    ['It was the perfect ending to a perfect day.', 'en'],
    ['The perfect amount of heat for a winter night.', 'en'],
    ['Our leading edge is sharpened by hand.', 'en'],
    ['The charm of this hotel brings back memories.', 'en'],
    ['It keeps a flawless connection to my laptop.', 'en'],
    ["It doesn't reduce inflammation, so see a doctor.", 'en'],
    ['The story ends with a long chase.', 'en'],
    ['使用电子产品时要注意用眼卫生。', 'zh-CN'],
  ])('leaves an ordinary sentence alone (or to the rule that already named it): %s', (text, locale) => {
    const ids = check({ text, locale }).findings.map((f) => f.ruleId);
    const ROUND5 = ['superstition.ritual', 'superstition.spell', 'superstition.spell-outcome', 'medical.condition-claim', 'medical.condition-outcome', 'absolute.peerless', 'absolute.ranking-tier', 'absolute.category-best', 'absolute.market-superlative', 'absolute.perfection', 'medical.condition-verb'];
    expect(ids.filter((id) => ROUND5.includes(id))).toEqual([]);
  });

  it('reads 加持 after a technology, a design or a star as a boost, not a blessing (a blessing by a master still claims)', () => {
    expect(check({ text: '这款耳机有AI降噪技术加持，通话更清晰。', locale: 'zh-CN' }).findings).toEqual([]);
    expect(check({ text: '有了明星光环的加持，这款包卖得很好。', locale: 'zh-CN' }).findings).toEqual([]);
    expect(check({ text: '经过大师加持的手串。', locale: 'zh-CN' }).findings.map((f) => f.ruleId)).toContain('superstition.claim');
  });
});
