import { LANGUAGES, translator, type Language, type LabelKind } from '../../console/src/i18n';
import { CHANNELS, INDUSTRIES } from '../../shared/compliance/vocabulary';
import { JobStatusSchema, VariantStatusSchema, VerdictSchema } from '../../shared/copy/schema';
import { EXPERIMENT_STATUSES, SIMPLE_OBJECTIVES } from '../../shared/decisions/schemas';

describe('names for the values the API returns', () => {
  const zh = translator('zh-CN');
  const en = translator('en');

  it.each([
    ['jobStatus', 'SUCCEEDED', '已完成', 'succeeded'],
    ['variantStatus', 'pending-review', '待人工审核', 'pending review'],
    ['verdict', 'fail', '不通过', 'fail'],
    ['channel', 'search-ad-headline', '搜索广告标题', 'search ad headline'],
    ['industry', 'health-supplement', '保健食品', 'health supplements'],
    ['resultStatus', 'no-detectable-difference', '无可检测差异', 'no detectable difference'],
    ['binding', 'step-down', '单期降幅限制', 'step limit (down)'],
    ['campaignHealth', 'on-schedule', '按计划运行', 'on schedule'],
    ['errorCode', 'Conflict', '冲突', 'Conflict'],
  ] as [LabelKind, string, string, string][])('%s %s is %s in zh-CN and %s in English', (kind, value, chinese, english) => {
    expect(zh.label(kind, value)).toBe(chinese);
    expect(en.label(kind, value)).toBe(english);
  });

  it('gives a value it has no name for back as it came (an API newer than the console), and never an inherited property', () => {
    expect(zh.label('jobStatus', 'PAUSED')).toBe('PAUSED');
    expect(zh.label('channel', 'toString')).toBe('toString');
    expect(en.label('errorCode', 'TeapotError')).toBe('TeapotError');
  });

  it('names every value the API\'s schemas allow in Chinese in zh-CN, not by a copy of its English id', () => {
    const values: [LabelKind, readonly string[]][] = [
      ['jobStatus', JobStatusSchema.options],
      ['variantStatus', VariantStatusSchema.options],
      ['verdict', VerdictSchema.options],
      ['channel', CHANNELS],
      ['industry', INDUSTRIES],
      ['experimentStatus', EXPERIMENT_STATUSES],
      ['objective', [...SIMPLE_OBJECTIVES, 'weighted']],
      ['policy', ['ab', 'bandit', 'contextual']],
      ['budgetMode', ['burn-in', 'thompson']],
    ];
    const untranslated = values.flatMap(([kind, list]) => list.filter((value) => !/\p{Script=Han}/u.test(zh.label(kind, value))).map((value) => `${kind}.${value}`));
    expect(untranslated).toEqual([]);
    expect(Object.keys(LANGUAGES).sort()).toEqual((['en', 'zh-CN'] satisfies Language[]).sort());
  });
});
