import { featureText, features, score, train, type Example } from '../../bench/compliance/learned-model';

/** The learned-family experiment's model (bench/compliance/learned.ts): what its figures rest on. */
describe('learned family model (bench)', () => {
  it('reads the text as the engine normalises it, so disguises give the same features', () => {
    expect(featureText('最 好')).toBe(featureText('最好'));
    expect(featureText('最*好')).toBe(featureText('最好'));
    expect(featureText('轉運')).toBe(featureText('转运'));
    expect(featureText('ＦＲＥＥ  Gift')).toBe(' free gift ');
    expect(features('保证通过', 'zh-CN')).toEqual(features('保 证 通 过', 'zh-CN'));
    // English words stay apart: "best seller" is not "bestseller".
    expect(features('best seller', 'en')).not.toEqual(features('bestseller', 'en'));
  });

  const classes = ['ordinary', 'superstition', 'investment'];
  const data: [string, number][] = [
    ['这款手串招财转运', 1],
    ['佩戴貔貅可以转运招财', 1],
    ['挂在门口能辟邪化煞', 1],
    ['本产品稳赚不赔，收益翻倍', 2],
    ['投资这套公寓稳赚不赔', 2],
    ['年化收益高达百分之二十，稳赚', 2],
    ['酒店房间很干净，服务也不错', 0],
    ['书的内容一般，快递很快', 0],
    ['屏幕很清楚，电池也耐用', 0],
    ['早餐品种不多，位置方便', 0],
  ];
  const examples: Example[] = data.map(([t, y]) => ({ x: features(t, 'zh-CN'), y, weight: 1 }));

  it('learns families from examples and names the family of an unseen line', () => {
    const model = train(classes, examples);
    const luck = score(model, features('这款吊坠能招财转运', 'zh-CN'));
    expect(luck.family).toBe('superstition');
    expect(luck.claim).toBeGreaterThan(0.5);
    const money = score(model, features('这款理财稳赚不赔', 'zh-CN'));
    expect(money.family).toBe('investment');
    expect(score(model, features('房间很干净，位置方便', 'zh-CN')).claim).toBeLessThan(0.5);
  });

  it('is deterministic: the same data gives the same weights', () => {
    const a = train(classes, examples);
    const b = train(classes, examples);
    expect(Buffer.from(a.w.buffer).equals(Buffer.from(b.w.buffer))).toBe(true);
    expect(Array.from(a.b)).toEqual(Array.from(b.b));
  });
});
