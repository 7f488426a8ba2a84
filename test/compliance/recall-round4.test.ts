import { check, evalTermKeys, expectFamilyFinding } from './helpers';

/**
 * Recall round 4 of issue 10, part B (level, superstition, medical, superlative, ranking): families written from the
 * Advertising Law text (art. 9(3) "国家级、最高级", 9(8) superstition, 16-17 disease treatment and medical wording by
 * goods that are no medicine) and the training lists. Every sentence is written for this test, and no span it is
 * flagged on is a term of an evaluation list, so a pass shows the family, not a memorised phrase.
 */
const evalTerms = evalTermKeys();

const claims: [text: string, locale: 'zh-CN' | 'en', ruleId: string, match: string, lawRef: RegExp][] = [
  ['这款艾灸贴能调理宫颈囊肿，女性必备。', 'zh-CN', 'medical.disease-treatment', '调理宫颈囊肿', /第十七条/],
  ['睡前泡脚，缓解肩膀疼。', 'zh-CN', 'medical.disease-treatment', '缓解肩膀疼', /第十七条/],
  ['这款枕头改善多梦易醒。', 'zh-CN', 'medical.disease-treatment', '改善多梦', /第十七条/],
  ['坚持喝三个月，甲状腺结节明显消失。', 'zh-CN', 'medical.disease-outcome', '结节明显消失', /第十七条/],
  ['这款山楂茶对胃炎有很好的调理作用。', 'zh-CN', 'medical.disease-outcome', '对胃炎有很好的调理作用', /第十七条/],
  ['本品帮助修复受损视神经，老人适用。', 'zh-CN', 'medical.organ-repair', '修复受损视神经', /第十七条/],
  ['这串手链能驱凶纳吉，出门常戴。', 'zh-CN', 'superstition.claim', '驱凶', /第九条第八项/],
  ['这块玉牌有护身的功效。', 'zh-CN', 'superstition.claim', '护身的功效', /第九条第八项/],
  ['摆上这对麒麟能扭转运势。', 'zh-CN', 'superstition.claim', '扭转运势', /第九条第八项/],
  ['寺庙祈福过的平安扣，送给孩子。', 'zh-CN', 'superstition.claim', '寺庙祈福', /第九条第八项/],
  ['这幅字画挂在书房，学业运飙升。', 'zh-CN', 'superstition.claim', '学业运飙升', /第九条第八项/],
  ['这款音箱带来皇家级的听觉享受。', 'zh-CN', 'absolute.level', '皇家级', /第九条第三项/],
  ['这款洗面奶口碑之冠，回购的人多。', 'zh-CN', 'absolute.ranking', '口碑之冠', /第九条第三项/],
  ['这台空气炸锅做工无懈可击。', 'zh-CN', 'absolute.superlative', '无懈可击', /第九条第三项/],
  ['这款酵素果冻是刮油神器，饭后来一条。', 'zh-CN', 'medical.weight-loss', '刮油神器', /第十七条/],
  ['不节食也能瘦下来，每天一杯。', 'zh-CN', 'medical.weight-loss', '不节食也能瘦下来', /第十七条/],
  ['这款充电宝是续航王，出差必带。', 'zh-CN', 'absolute.ranking', '续航王', /第九条第三项/],
  ['这款面膜是面膜界的顶流。', 'zh-CN', 'absolute.ranking', '顶流', /第九条第三项/],
  ['这款洗面奶真的是永远的神。', 'zh-CN', 'absolute.superlative', '永远的神', /第九条第三项/],
  ['This balm relieves joint pain in minutes.', 'en', 'medical.disease-treatment', 'relieves joint pain', /201\(g\)/],
  ['Our nasal patch treats chronic sinusitis naturally.', 'en', 'medical.disease-treatment', 'treats chronic sinusitis', /201\(g\)/],
  ['Charcoal masks for detoxifying pores.', 'en', 'medical.claim', 'detoxifying', /art\. 17|201\(g\)/],
  ['Herbal sleep drops that work without side effects.', 'en', 'medical.claim', 'without side effects', /art\. 17|201\(g\)/],
  ['This bracelet is blessed by monks in Tibet.', 'en', 'superstition.claim', 'blessed by monks', /art\. 9\(8\)/],
  ['A protective amulet for your car.', 'en', 'superstition.claim', 'protective amulet', /art\. 9\(8\)/],
  ['Our singing bowl balances your chakras.', 'en', 'superstition.claim', 'balances your chakras', /art\. 9\(8\)/],
  ['A top-grade cashmere scarf for winter.', 'en', 'absolute.top-grade', 'top-grade', /art\. 9\(3\)/],
  ['Earrings in aerospace-grade titanium.', 'en', 'absolute.top-grade', 'aerospace-grade', /art\. 9\(3\)/],
  ['Our top sellers this month: linen shirts.', 'en', 'absolute.ranking', 'top sellers', /art\. 9\(3\)/],
  ["America's favorite pancake mix.", 'en', 'absolute.ranking', "America's favorite", /art\. 9\(3\)/],
  ['A comfort unlike any other.', 'en', 'absolute.superlative', 'unlike any other', /art\. 9\(3\)/],
  ['The quietest desk fan for bedrooms.', 'en', 'absolute.superlative', 'quietest', /art\. 9\(3\)/],
  ['Our most versatile pan yet.', 'en', 'absolute.superlative', 'Our most versatile', /art\. 9\(3\)/],
];

describe('recall round 4 (part B): families from the law text', () => {
  it.each(claims)('%s (%s)', (text, locale, ruleId, match, lawRef) => {
    expect(expectFamilyFinding(text, locale, ruleId, lawRef, evalTerms).match).toBe(match);
  });

  it.each<[string, 'zh-CN' | 'en']>([
    ['酒店空调的毛病好了，房间也安静。', 'zh-CN'],
    ['症状没有消失请及时就医。', 'zh-CN'],
    ['这本书教你解决问题的方法。', 'zh-CN'],
    ['含神经酰胺，修复肌肤屏障。', 'zh-CN'],
    ['摩托车骑行服内置护甲，贴身护身，防摔耐磨。', 'zh-CN'],
    ['白金级会员可享免邮。', 'zh-CN'],
    ['瘦身牛仔裤，轻松显瘦。', 'zh-CN'],
    ['顶流明星同款墨镜。', 'zh-CN'],
    ['It is not the most durable case, but it is cheap.', 'en'],
    ['针对敏感肌和易过敏肌肤的温和配方。', 'zh-CN'],
    ['A water filter with reverse osmosis technology.', 'en'],
    ['This tea soothes your nerves after work.', 'en'],
    ['Dog treats made from dried chicken breast.', 'en'],
    ['A protective case for your phone.', 'en'],
    ['The acting is top notch.', 'en'],
    ['The picture is top quality (both modes).', 'en'],
  ])('leaves an ordinary sentence alone: %s', (text, locale) => {
    expect(check({ text, locale }).findings).toEqual([]);
  });
});
