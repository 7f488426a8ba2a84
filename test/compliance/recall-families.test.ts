import { RulePackSchema } from '../../shared/compliance';
import { expandSlots, MAX_SLOT_EXPANSION } from '../../shared/compliance/schema';
import { check } from './helpers';

/**
 * Families written as slotted entries and patterns (issue 10, recall that generalises). Every claim
 * below uses a combination no evaluation list holds (bench/compliance/sources.ts), in a sentence of
 * its own: the rules must catch the family, not a memorised phrase.
 */
describe('claim families that generalise beyond the listed terms (zh-CN)', () => {
  const rows: [text: string, ruleId: string, lawRef: RegExp][] = [
    ['这款电热水壶是部队采购产品，经久耐用。', 'misleading.endorsement', /第九条第二项/],
    ['包装上印有国徽图案，尽显尊贵。', 'misleading.endorsement', /第九条第二项/],
    ['本配方由科学院监制，放心饮用。', 'misleading.endorsement', /第九条第二项/],
    ['这把紫砂壶举世罕有，值得珍藏。', 'absolute.exclusive', /第九条第三项/],
    ['我们的滤芯采用宇航级材料。', 'absolute.authority', /第九条第三项/],
    ['这款洗衣机位列行业前三，口碑好。', 'absolute.ranking-place', /第九条第三项/],
    ['我们是同行里的领头羊，服务周到。', 'leadership.scope', /第九条第三项/],
    ['这款蛋白棒能燃烧脂肪，健身必备。', 'medical.claim', /第十七条/],
    ['泡脚药包散瘀止痛，晚上用。', 'medical.claim', /第十七条/],
    ['坚持服用可彻底除根，不再复发。', 'medical.claim', /第十六条|第十七条/],
    ['这款面膜一涂即白。', 'medical.claim', /第十七条/],
    ['这块地段入手就是升值，机会难得。', 'guarantee.returns', /第二十五|第二十六/],
    ['这款理财产品利息稳拿，随存随取。', 'guarantee.returns', /第二十五|第二十六/],
    ['这款积存金回报有保证，安心持有。', 'guarantee.returns', /第二十五|第二十六/],
    ['这枚平安扣能助运，送长辈正好。', 'superstition.claim', /第九条第八项/],
    ['店内提供批八字服务，买手串送测算。', 'superstition.claim', /第九条第八项/],
    ['雅思冲刺营保证高分，名师授课。', 'education.guarantee', /第二十四条/],
    ['专升本辅导升学无忧，现在报名。', 'education.guarantee', /第二十四条/],
    ['恭喜亲被选中，请到店领取礼品。', 'inducement.prize', /第十条|有奖销售/],
    ['邀请好友帮砍免费领，数量有限。', 'inducement.prize', /第十条|有奖销售/],
    ['这款台灯做工无可匹敌。', 'absolute.superlative', /第九条第三项/],
  ];

  it.each(rows)('%s -> %s', (text, ruleId, lawRef) => {
    const f = check({ text, locale: 'zh-CN' }).findings.find((x) => x.ruleId === ruleId);
    expect(f).toBeDefined();
    expect(text.slice(f!.start, f!.end)).toBe(f!.match);
    expect(f!.lawRef).toMatch(lawRef);
    expect(f!.suggestion.length).toBeGreaterThan(0);
  });

  it('grades first-to-market claims as warnings a brand can prove', () => {
    const text = '我们率先采用石墨烯发热膜。';
    const r = check({ text, locale: 'zh-CN' });
    expect(r.findings.map((f) => [f.ruleId, f.severity])).toEqual([['platform.tier', 'warn']]);
    const proved = check({ text, locale: 'zh-CN', brand: { allowedClaims: [{ term: '率先采用', evidence: '行业协会证明 2026-031' }] } });
    expect(proved.verdict).toBe('pass');
    expect(proved.waived.map((w) => w.match)).toEqual(['率先采用']);
  });

  it('keeps pressure phrases as warnings, not blocks', () => {
    const r = check({ text: '双十二最后几件，错过便没了。', locale: 'zh-CN' });
    expect(r.verdict).toBe('warn');
    expect(r.findings.map((f) => f.ruleId)).toEqual(['inducement.pressure', 'inducement.pressure']);
  });

  it.each([
    '这本书讲的是算术，不是算数游戏。',
    '排名不分先后，欢迎补充。',
    '公司在行业会议上做了分享。',
    '本店支持七天无理由退货。',
    '第一批货已经售罄，第二批下周到。',
    '这款保温杯容量大，颜色好看。',
    '最小说是不可撼动的，所以不准备再买了。',
    '物流很快，包装没有瑕疵。',
    '我们的客服团队经验丰富，回复及时。',
    '酒店位置不错，离三甲医院很近。',
    '这套书适合小学生，讲的都是风土人情。',
    '这本书对于认识早期道教的产生发展极为有用。',
    '做好准备，预防发生意外。',
  ])('leaves an ordinary sentence alone: %s', (text) => {
    expect(check({ text, locale: 'zh-CN' }).findings).toEqual([]);
  });
});

describe('claim families that generalise beyond the listed terms (en)', () => {
  it.each([
    ['This balm is a magic remedy for sore joints.', 'guarantee.efficacy'],
    ['Our tonic cures everything from colds to cramps.', 'guarantee.efficacy'],
    ['Stake with us for massive yields.', 'guarantee.returns'],
    ['Become rich fast with our trading course.', 'guarantee.returns'],
  ])('%s -> %s', (text, ruleId) => {
    expect(check({ text, locale: 'en' }).findings.map((f) => f.ruleId)).toContain(ruleId);
  });

  it.each(['What a wonderful magic show for the kids.', 'The returns desk was quick and friendly.', 'I wonder how they keep the price this low.'])('leaves an ordinary sentence alone: %s', (text) => {
    expect(check({ text, locale: 'en' }).findings).toEqual([]);
  });
});

describe('slotted lexicon entries', () => {
  it('expands every combination, with optional and literal parts', () => {
    expect(expandSlots('{保证|确保}{通过|录取}')).toEqual(['保证通过', '保证录取', '确保通过', '确保录取']);
    expect(expandSlots('{全网|}首发')).toEqual(['全网首发', '首发']);
    expect(expandSlots('点击{领奖|抽奖}吧')).toEqual(['点击领奖吧', '点击抽奖吧']);
    expect(expandSlots('最好')).toEqual(['最好']);
  });

  it.each(['{保证|确保', '保证}通过', '{a{b}}', '{|}'])('refuses a malformed entry: %s', (entry) => {
    expect(typeof expandSlots(entry)).toBe('string');
  });

  it('refuses an entry that would blow a pack up', () => {
    const slot = `{${Array.from({ length: 30 }, (_, i) => `x${i}`).join('|')}}`;
    expect(expandSlots(slot + slot)).toMatch(new RegExp(`more than ${MAX_SLOT_EXPANSION}`));
  });

  const pack = (lexicon: unknown[]): unknown => ({
    id: 'zh-CN/finance',
    locale: 'zh-CN',
    industry: 'finance',
    version: '2026.12.1',
    description: 'test',
    lexicon,
  });
  const rule = (id: string, terms: string[]): unknown => ({ id, category: 'absolute-claim', severity: 'block', message: 'm', suggestion: 's', feedback: 'f', terms });

  it('lets a plainly written term keep its key: a family entry steps aside for it', () => {
    const parsed = RulePackSchema.parse(pack([rule('absolute.certainty', ['绝对有效']), rule('guarantee.efficacy', ['{绝对|保证}{有效|见效}'])]));
    expect(parsed.lexicon.map((r) => [r.id, r.terms])).toEqual([
      ['absolute.certainty', ['绝对有效']],
      ['guarantee.efficacy', ['绝对见效', '保证有效', '保证见效']],
    ]);
  });

  it('rejects a pack with a malformed slotted entry, naming it', () => {
    const r = RulePackSchema.safeParse(pack([rule('absolute.certainty', ['{绝对|保证有效'])]));
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toContain('unbalanced');
  });
});
