import type { Locale } from '../../shared/compliance';
import { whyNotAClaim } from '../../shared/compliance/context';
import { check, ids } from './helpers';

/**
 * Context decides whether a claim-word is a claim about the advertised product. Each row: a
 * sentence, the word in it, and the check that must recognise it as no claim (or `claim` when it is
 * one). The rows are general shapes, not the phrases of the evaluation data.
 */
type Row = [text: string, locale: Locale, word: string, expected: string];

const ALL = ['title', 'negative', 'discourse', 'position', 'preference', 'reviewer', 'negated', 'enumeration', 'person'] as const;

describe('context: what the superlative modifies, polarity, enumerations', () => {
  const rows: Row[] = [
    // negative superlatives and complaints
    ['这是我买过最差的一双鞋', 'zh-CN', '最', 'negative'],
    ['物流最慢的一次', 'zh-CN', '最', 'negative'],
    ['这款耳机最不好用的地方是续航', 'zh-CN', '最', 'negative'],
    ['绝对不会再买第二次', 'zh-CN', '绝对', 'negative'],
    ['It is not the best blender around', 'en', 'best', 'negative'],
    ['The fries were average at best', 'en', 'best', 'negated'],
    // discourse markers
    ['最重要的是价格合适', 'zh-CN', '最', 'discourse'],
    ['最大的缺点是有点重', 'zh-CN', '最', 'discourse'],
    ['最让人惊喜的是它的做工', 'zh-CN', '最', 'discourse'],
    ['Best of all, it folds flat', 'en', 'Best', 'discourse'],
    ['The best part is the handle', 'en', 'best', 'discourse'],
    // ordinals and enumerations
    ['第一步清洁，第二步保湿', 'zh-CN', '第一', 'enumeration'],
    ['拿到手的第一反应是好轻', 'zh-CN', '第一', 'enumeration'],
    ['#1 it works, #2 it is cheap', 'en', '#1', 'enumeration'],
    // positions and settings
    ['面料最外层是防水涂层', 'zh-CN', '最', 'position'],
    ['把火调到最大档', 'zh-CN', '最大', 'position'],
    ['藏在抽屉最深处', 'zh-CN', '最', 'position'],
    // titles and names
    ['周末一直在玩极品飞车', 'zh-CN', '极品', 'title'],
    ['看完了《女人我最大》', 'zh-CN', '最大', 'title'],
    ['A film called "The Ultimate Gift" opens tonight', 'en', 'Ultimate', 'title'],
    // whose voice: a consumer's preference or opinion, a person's rank
    ['女儿最喜欢这个颜色', 'zh-CN', '最', 'preference'],
    ['我觉得这是最好看的一款', 'zh-CN', '最', 'reviewer'],
    ['Best fish I have ever had', 'en', 'Best', 'reviewer'],
    ['大师级的女作家写的书', 'zh-CN', '大师级', 'person'],
    ['one of the best movies this year', 'en', 'best', 'negated'],
    ['这不是唯一的办法', 'zh-CN', '唯一', 'negated'],
    // claims stay claims
    ['全网最好的保温杯', 'zh-CN', '最好', 'claim'],
    ['这款面霜最有效', 'zh-CN', '最', 'claim'],
    ['销量第一的扫地机', 'zh-CN', '第一', 'claim'],
    ['行业第一个采用该技术', 'zh-CN', '第一', 'claim'],
    ['本店最高端的床垫', 'zh-CN', '最', 'claim'],
    ['The best blender on the market', 'en', 'best', 'claim'],
    ['Our best ever formula', 'en', 'best', 'claim'],
  ];

  it.each(rows)('%s (%s): "%s" -> %s', (text, locale, word, expected) => {
    const start = text.indexOf(word);
    expect(start).toBeGreaterThanOrEqual(0);
    expect(whyNotAClaim(locale, ALL, { text, start, end: start + word.length }) ?? 'claim').toBe(expected);
  });
});

describe('context in a full check', () => {
  it.each([
    ['这是我买过最差的一双鞋', 'zh-CN'],
    ['第一次用就很顺手，第二次更熟练', 'zh-CN'],
    ['最重要的是价格合适', 'zh-CN'],
    ['The best part is the handle.', 'en'],
    ['Not the best, not the worst.', 'en'],
  ] as [string, Locale][])('stays silent on %s', (text, locale) => {
    expect(check({ text, locale }).findings).toEqual([]);
  });

  it.each([
    ['全网最好的保温杯', 'zh-CN', 'absolute.superlative'],
    ['国货第一，销量领先', 'zh-CN', 'absolute.ranking'],
    ['The best blender on the market.', 'en', 'absolute.superlative'],
  ] as [string, Locale, string][])('still flags %s', (text, locale, ruleId) => {
    expect(ids(check({ text, locale }).findings)).toContain(ruleId);
  });

  it('does not let a CJK term run across a comma', () => {
    expect(check({ text: '买了一套，现在很满意', locale: 'zh-CN' }).findings).toEqual([]);
  });
});

describe('context: advice and negated certainty', () => {
  it.each([
    ['最好大人拿着书给宝宝讲', '最'],
    ['看这本书时，最好是与原著一同看', '最'],
    ['发现没有绝对完美的制度', '绝对'],
  ])('%s is no claim', (text, word) => {
    const start = text.indexOf(word);
    expect(whyNotAClaim('zh-CN', ALL, { text, start, end: start + word.length })).toBeDefined();
  });

  it('keeps 最好用 a claim', () => {
    const text = '这是最好用的吸尘器';
    expect(whyNotAClaim('zh-CN', ALL, { text, start: 2, end: 4 })).toBeUndefined();
  });
});

describe('context: only-phrases, questions and concessive complaints', () => {
  it.each([
    ['唯一的优点就是离地铁站近', '唯一', 'discourse'],
    ['唯一让人满意的是早餐', '唯一', 'discourse'],
    ['最让我难忘的是结尾', '最', 'discourse'],
    ['最快捷、最省事的办法是什么？', '最', 'discourse'],
    ['最贵的套餐都这样，别的就更别提了', '最', 'negative'],
    ['他把英语当作第一语言', '第一', 'enumeration'],
  ] as [string, string, string][])('%s: %s is no claim (%s)', (text, word, why) => {
    const start = text.indexOf(word);
    expect(whyNotAClaim('zh-CN', ALL, { text, start, end: start + word.length })).toBe(why);
  });

  it.each([
    ['本品是唯一获得五项认证的保温杯', 'absolute.exclusive'],
    ['最畅销的款式，就是这一款', 'absolute.superlative'],
    ['入选行业十大品牌之一', 'absolute.ranking-top-n'],
  ])('still flags %s', (text, ruleId) => {
    expect(ids(check({ text, locale: 'zh-CN' }).findings)).toContain(ruleId);
  });
});
