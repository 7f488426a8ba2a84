import { check, evalTermKeys, expectFamilyFinding } from './helpers';

/**
 * Recall round 6 of issue 10, part C (superlatives, rankings, levels, firsts, platform tier): constructions rather than phrases.
 * Beating the whole web or the whole trade (吊打全网), a scope's floor price (京东地板价), 首 + a classifier of kind (首台, 首类),
 * 首席 before a place or a brand (never a job title), en "first / number one for" a quality and "the only" maker or supplier of
 * something. Context: a place's or a company's No.1 is a market scope, not someone's own best; 第三方 is no later ordinal; a
 * field or peers (细分领域, 同行) scope a ranking; 超甲级 is above any official scale; a cleft whose answer is the seller ranks it.
 * Lawful look-alikes SAMR's guide on absolute terms names pass: a motto (坚持安全第一), a tip on use or storage (最佳冲泡温度),
 * a goal (追求完美), a ranking limited to a period and a province with its source, a step numbered one. Every sentence is written
 * for this test, and no span it is flagged on by a family rule is a term of an evaluation list.
 */
const evalTerms = evalTermKeys();

const claims: [text: string, locale: 'zh-CN' | 'en', ruleId: string, match: string, lawRef: RegExp][] = [
  ['这款电热毯的保暖效果吊打全网。', 'zh-CN', 'absolute.superlative', '吊打全网', /第九条第三项/],
  ['这款扫地机的避障能力秒杀全行业。', 'zh-CN', 'absolute.superlative', '秒杀全行业', /第九条第三项/],
  ['这款豆浆机京东地板价，手慢无。', 'zh-CN', 'absolute.ranking', '京东地板价', /第九条第三项/],
  ['这款蓝牙耳机同行底价，放心入手。', 'zh-CN', 'absolute.ranking', '同行底价', /第九条第三项/],
  ['这是国内首台可折叠的跑步机。', 'zh-CN', 'absolute.exclusive', '首台', /第九条第三项/],
  ['本品是首类添加胶原蛋白的猫粮。', 'zh-CN', 'absolute.exclusive', '首类', /第九条第三项/],
  ['城南首席婚纱摄影基地，周末可预约。', 'zh-CN', 'absolute.chief', '首席婚纱摄影基地', /第九条第三项/],
  ['本市首席进口母婴体验馆盛大开业。', 'zh-CN', 'absolute.chief', '首席进口母婴体验馆', /第九条第三项/],
  ['Our bakery is number one for freshness in Leeds.', 'en', 'absolute.ranking', 'number one for freshness', /CAP Code/],
  ['A garage that is #1 for value in the county.', 'en', 'absolute.ranking', '#1 for value', /CAP Code/],
  ['We are the only supplier of hand-dyed linen in Wales.', 'en', 'absolute.exclusive', 'the only supplier of', /CAP Code|art\. 9\(3\)/],
  ['The only maker of solar kettles you can trust.', 'en', 'absolute.exclusive', 'The only maker of', /CAP Code|art\. 9\(3\)/],
];

describe('recall round 6 (part C): constructions of the families', () => {
  it.each(claims)('%s (%s)', (text, locale, ruleId, match, lawRef) => {
    expect(expectFamilyFinding(text, locale, ruleId, lawRef, evalTerms).match).toBe(match);
  });

  it.each<[string, 'zh-CN' | 'en', string]>([
    ["Cornwall's No.1 surf school for beginners.", 'en', 'No.1'],
    ["The county's number one garden centre.", 'en', 'number one'],
    ["Yorkshire's N o . 1 tea room.", 'en', 'N o . 1'],
    ['据第三方机构报告，我们是赛道第一的宠物饮水机品牌。', 'zh-CN', '第一'],
    ['这家火锅店同行人气第一，天天排长队。', 'zh-CN', '第一'],
    ['超甲级写字楼，坐拥江景。', 'zh-CN', '超甲级'],
    ['对比了那么多品牌，最靠谱的还是我们家的净水器。', 'zh-CN', '最'],
  ])('reads the scope around a rank as a claim: %s', (text, locale, match) => {
    expect(check({ text, locale }).findings.map((f) => f.match)).toContain(match);
  });

  it.each<[string, 'zh-CN' | 'en']>([
    ['我们始终坚持安全第一的原则。', 'zh-CN'],
    ['客户第一、服务至上是我们的宗旨。', 'zh-CN'],
    ['绿茶的最佳冲泡温度是八十五度。', 'zh-CN'],
    ['这款面膜的最佳使用时间是睡前。', 'zh-CN'],
    ['追求完美是我们每一位员工的态度。', 'zh-CN'],
    ['据中商产业研究院数据，2023年上半年本品牌在江苏省线下洗衣机销量第一。', 'zh-CN'],
    ['最重要的是我们住的房间很安静。', 'zh-CN'],
    ['公司首席执行官出席了发布会。', 'zh-CN'],
    ['首席设计师亲自挑选面料。', 'zh-CN'],
    ['Step #1: remove the lid and rinse the jug.', 'en'],
    ["It was my son's number one wish this year.", 'en'],
    ['The only store open late was the pharmacy.', 'en'],
  ])('leaves a lawful look-alike alone: %s', (text, locale) => {
    expect(check({ text, locale }).findings).toEqual([]);
  });
});
