import type { Industry, Locale } from '../../shared/compliance';
import { check, ids, matches } from './helpers';

type Row = [text: string, locale: Locale, industry: Industry, ruleId: string, match: string];

describe('rules fire on what they should, with the exact original span', () => {
  const fires: Row[] = [
    // Advertising Law art. 9(3): absolute terms and rankings
    ['这是市面上最好的保温杯', 'zh-CN', 'general', 'absolute.superlative', '最好'],
    ['最佳的送礼选择', 'zh-CN', 'general', 'absolute.superlative', '最佳'],
    ['这是最甜的橙子', 'zh-CN', 'general', 'absolute.superlative', '最'],
    ['给你极致体验', 'zh-CN', 'general', 'absolute.superlative', '极致'],
    ['国货第一品牌', 'zh-CN', 'general', 'absolute.ranking', '第一品牌'],
    ['行业NO.1', 'zh-CN', 'general', 'absolute.ranking', 'NO.1'],
    ['人气Top1洗地机', 'zh-CN', 'general', 'absolute.ranking', 'Top1'],
    ['送礼首选', 'zh-CN', 'general', 'absolute.ranking', '首选'],
    ['国家级品质', 'zh-CN', 'general', 'absolute.authority', '国家级'],
    ['世界级设计', 'zh-CN', 'general', 'absolute.authority', '世界级'],
    ['国内首个采用该技术', 'zh-CN', 'general', 'absolute.scope-exclusive', '国内首个'],
    ['公司首个采用该技术', 'zh-CN', 'general', 'absolute.exclusive', '首个'],
    ['独家配方', 'zh-CN', 'general', 'platform.tier', '独家配方'],
    ['最新款已上架', 'zh-CN', 'general', 'platform.tier', '最新款'],
    ['市场上唯一一款', 'zh-CN', 'general', 'absolute.exclusive', '唯一'],
    ['史无前例的优惠', 'zh-CN', 'general', 'absolute.exclusive', '史无前例'],
    ['万能清洁剂', 'zh-CN', 'general', 'absolute.certainty', '万能'],
    ['100%满意', 'zh-CN', 'general', 'absolute.certainty', '100%'],
    ['绝对物超所值', 'zh-CN', 'general', 'absolute.certainty', '绝对'],
    ['永久保色', 'zh-CN', 'general', 'absolute.certainty', '永久'],
    ['The best water bottle', 'en', 'general', 'absolute.superlative', 'best'],
    ['Best price of the year', 'en', 'general', 'absolute.superlative', 'Best price'],
    ['An unbeatable deal', 'en', 'general', 'absolute.superlative', 'unbeatable'],
    ['The ultimate pillow', 'en', 'general', 'absolute.superlative', 'ultimate'],
    ['The #1 blender', 'en', 'general', 'absolute.ranking', '#1'],
    ['Voted number one', 'en', 'general', 'absolute.ranking', 'Voted number one'],
    ['No. 1 choice', 'en', 'general', 'absolute.ranking', 'No. 1'],
    ["The world's first bottle", 'en', 'general', 'absolute.exclusive', "world's first"],
    ['100% satisfaction', 'en', 'general', 'absolute.certainty', '100%'],
    ['Freshness guaranteed', 'en', 'general', 'absolute.certainty', 'guaranteed'],
    ['Enjoy first-class comfort', 'en', 'general', 'platform.tier', 'first-class'],
    // guarantees of efficacy or returns
    ['无效退款，放心买', 'zh-CN', 'general', 'guarantee.efficacy', '无效退款'],
    ['保证治愈各种失眠', 'zh-CN', 'general', 'guarantee.efficacy', '保证治愈'],
    ['坚持使用7天见效', 'zh-CN', 'general', 'guarantee.quick-result', '7天见效'],
    ['稳赚不赔的基金', 'zh-CN', 'general', 'guarantee.returns', '稳赚不赔'],
    ['零风险高回报', 'zh-CN', 'general', 'guarantee.returns', '零风险'],
    ['年化收益8%保证到账', 'zh-CN', 'general', 'guarantee.return-rate', '年化收益8%保证'],
    ['A miracle cream', 'en', 'general', 'guarantee.efficacy', 'miracle'],
    ['Guaranteed results in two weeks', 'en', 'general', 'guarantee.efficacy', 'Guaranteed results'],
    ['This tea cures hangovers', 'en', 'general', 'medical.claim', 'cures'],
    ['Risk-free returns for savers', 'en', 'general', 'guarantee.returns', 'Risk-free returns'],
    ['Earn a guaranteed 8.5% return', 'en', 'general', 'guarantee.return-rate', 'guaranteed 8.5% return'],
    ['Lose 10 pounds in 7 days', 'en', 'general', 'guarantee.quick-result', 'Lose 10 pounds in 7 days'],
    // medical claims for non-medical products
    ['枕头可以治疗颈椎病', 'zh-CN', 'general', 'medical.claim', '治疗'],
    ['坐垫消炎止痒', 'zh-CN', 'general', 'medical.claim', '消炎'],
    ['茶叶降血压', 'zh-CN', 'general', 'medical.claim', '降血压'],
    ['杂粮抗癌', 'zh-CN', 'general', 'medical.claim', '抗癌'],
    ['This pillow heals back pain', 'en', 'general', 'medical.disease-treatment', 'heals back pain'],
    ['It treats eczema overnight', 'en', 'general', 'medical.claim', 'treats eczema'],
    ['Prevents disease naturally', 'en', 'general', 'medical.claim', 'Prevents disease'],
    ['Clinically proven to cure insomnia', 'en', 'general', 'medical.claim', 'Clinically proven to cure'],
    // sensitive words
    ['法轮功学员交流', 'zh-CN', 'general', 'sensitive.politics', '法轮功'],
    ['一夜情交友', 'zh-CN', 'general', 'sensitive.porn', '一夜情'],
    ['出售枪支弹药', 'zh-CN', 'general', 'sensitive.violence', '枪支'],
    ['百家乐在线玩', 'zh-CN', 'general', 'sensitive.gambling', '百家乐'],
    ['出售冰毒', 'zh-CN', 'general', 'sensitive.drugs', '冰毒'],
    ['专业代开发票', 'zh-CN', 'general', 'sensitive.spam', '代开发票'],
    ['Free porn videos', 'en', 'general', 'sensitive.porn', 'porn'],
    ['Cocaine delivered', 'en', 'general', 'sensitive.drugs', 'Cocaine'],
    ['Join an online casino', 'en', 'general', 'sensitive.gambling', 'online casino'],
    ['Heil Hitler shirts', 'en', 'general', 'sensitive.politics', 'Heil Hitler'],
    // industry packs
    ['这款面霜可以祛痘', 'zh-CN', 'cosmetics', 'cosmetics.medical-efficacy', '祛痘'],
    ['蜂蜜水增强免疫力', 'zh-CN', 'food', 'food.health-function', '增强免疫力'],
    ['本品可代替药物', 'zh-CN', 'health-supplement', 'supplement.disease-claim', '代替药物'],
    ['黑户可贷当天放款', 'zh-CN', 'finance', 'finance.return-promise', '黑户可贷'],
    ['羊毛衫永不起球', 'zh-CN', 'apparel', 'apparel.misleading', '永不起球'],
    ['手机零辐射', 'zh-CN', 'electronics', 'electronics.misleading', '零辐射'],
    ['治愈率高达95%', 'zh-CN', 'medical', 'medical.cure-rate', '治愈率'],
    ['Botox-like results', 'en', 'cosmetics', 'cosmetics.drug-claim', 'Botox-like'],
    ['A detox tea', 'en', 'food', 'food.health-claim', 'detox'],
    ['It replaces medication', 'en', 'health-supplement', 'supplement.disease-claim', 'replaces medication'],
    ['A risk-free savings plan', 'en', 'finance', 'finance.return-promise', 'risk-free'],
    ['A shirt that never fades', 'en', 'apparel', 'apparel.misleading', 'never fades'],
    ['An unbreakable screen', 'en', 'electronics', 'electronics.misleading', 'unbreakable'],
    ['A cure rate of 95%', 'en', 'medical', 'medical.cure-rate', 'cure rate'],
  ];

  it.each(fires)('%s (%s/%s) -> %s', (text, locale, industry, ruleId, match) => {
    const r = check({ text, locale, industry });
    const f = r.findings.find((x) => x.ruleId === ruleId);
    expect(f).toBeDefined();
    expect(f!.match).toBe(match);
    expect(f!.start).toBe(text.indexOf(match));
  });
});

describe('near misses stay silent', () => {
  const silent: [text: string, locale: Locale, industry: Industry][] = [
    ['最近天气转凉，记得添衣', 'zh-CN', 'general'],
    ['第一次下单有优惠', 'zh-CN', 'general'],
    ['活动最后一天', 'zh-CN', 'general'],
    ['第一步打开包装，第一天就用上了', 'zh-CN', 'general'],
    ['首次使用请先充电', 'zh-CN', 'general'],
    ['唯一的缺点是包装简单', 'zh-CN', 'general'],
    ['最好不要放在阳光下', 'zh-CN', 'general'],
    ['最大功率2000W，最多可容纳6人', 'zh-CN', 'general'],
    ['冰箱最低温度可以调到零下二十度', 'zh-CN', 'general'],
    ['超治愈的小夜灯', 'zh-CN', 'general'],
    ['万能胶很牢固', 'zh-CN', 'general'],
    ['面料100%纯棉', 'zh-CN', 'apparel'],
    ['从0充到100%只要35分钟', 'zh-CN', 'electronics'],
    ['本品不能代替药物', 'zh-CN', 'health-supplement'],
    ['请在医生指导下治疗', 'zh-CN', 'medical'],
    ['Secure checkout', 'en', 'general'],
    ['Manicure and pedicure kits', 'en', 'general'],
    ['He will bestow the prize', 'en', 'general'],
    ['Best before 2026-01-01', 'en', 'general'],
    ['See the best-before date', 'en', 'general'],
    ['For best results, use on dry hair', 'en', 'general'],
    ['A gift for your best friend', 'en', 'general'],
    ['The "First-Class" notebook series', 'en', 'general'],
    ['Cure time is 24 hours', 'en', 'general'],
    ['Allow the glue to fully cure', 'en', 'general'],
    ['Cured salmon with dill', 'en', 'general'],
    ['Satisfaction guaranteed', 'en', 'general'],
    ['Made from 100% cotton', 'en', 'apparel'],
    ['A self-healing screen protector', 'en', 'electronics'],
    ['Past performance does not guarantee future results', 'en', 'finance'],
    ['This product is not intended to diagnose, treat, cure, or prevent any disease.', 'en', 'health-supplement'],
  ];

  it.each(silent)('%s (%s/%s)', (text, locale, industry) => {
    expect(check({ text, locale, industry }).findings).toEqual([]);
  });

  it('medical claims are allowed for medical products only', () => {
    expect(ids(check({ text: '用于治疗高血压', locale: 'zh-CN', industry: 'medical' }).findings)).toEqual([]);
    expect(ids(check({ text: '用于治疗高血压', locale: 'zh-CN', industry: 'general' }).findings)).toEqual(['medical.claim']);
    expect(ids(check({ text: 'It heals cuts', locale: 'en', industry: 'medical' }).findings)).toEqual([]);
    expect(ids(check({ text: 'It heals cuts', locale: 'en', industry: 'cosmetics' }).findings)).toEqual(['medical.claim']);
  });
});

describe('evasion variants are caught', () => {
  const evasions: [text: string, locale: Locale, ruleId: string, match: string][] = [
    ['行业ＮＯ．１', 'zh-CN', 'absolute.ranking', 'ＮＯ．１'],
    ['这是最 好的', 'zh-CN', 'absolute.superlative', '最 好'],
    ['最*佳体验', 'zh-CN', 'absolute.superlative', '最*佳'],
    ['第_一品牌', 'zh-CN', 'absolute.ranking', '第_一品牌'],
    ['國家級品質', 'zh-CN', 'absolute.authority', '國家級'],
    ['最\u200d好的\u200b选择', 'zh-CN', 'absolute.superlative', '最\u200d好'],
    ['全　网　第　一', 'zh-CN', 'absolute.ranking', '全　网　第　一'],
    ['法 轮 功', 'zh-CN', 'sensitive.politics', '法 轮 功'],
    ['穩賺不賠', 'zh-CN', 'guarantee.returns', '穩賺不賠'],
    ['g u a r a n t e e d', 'en', 'absolute.certainty', 'g u a r a n t e e d'],
    ['g.u.a.r.a.n.t.e.e.d results', 'en', 'guarantee.efficacy', 'g.u.a.r.a.n.t.e.e.d results'],
    ['THE BEST deal', 'en', 'absolute.superlative', 'BEST'],
    ['ｂｅｓｔ deal', 'en', 'absolute.superlative', 'ｂｅｓｔ'],
    ['b\u200be\u200bs\u200bt deal', 'en', 'absolute.superlative', 'b\u200be\u200bs\u200bt'],
    ['The bеst deal', 'en', 'absolute.superlative', 'bеst'], // Cyrillic е
    ['The 𝐛𝐞𝐬𝐭 deal', 'en', 'absolute.superlative', '𝐛𝐞𝐬𝐭'],
  ];

  it.each(evasions)('%s', (text, locale, ruleId, match) => {
    const r = check({ text, locale });
    expect(r.findings.map((f) => [f.ruleId, f.match])).toContainEqual([ruleId, match]);
  });

  it('does not join parts of separate Latin words into a term', () => {
    expect(matches(check({ text: 'to be stowed', locale: 'en' }).findings)).toEqual([]);
    expect(matches(check({ text: 'cu red', locale: 'en' }).findings)).toEqual([]);
    // a spelling's own word break may vary: "number one", "numberone", "number-one"
    expect(matches(check({ text: 'our numberone pick', locale: 'en' }).findings)).toEqual(['numberone']);
  });

  it('does not match across a line break', () => {
    expect(check({ text: '全网第\n一', locale: 'zh-CN' }).findings).toEqual([]);
  });
});
