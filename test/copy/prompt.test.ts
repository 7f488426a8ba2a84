import { buildPrompt } from '../../shared/copy/prompt';
import { copyRequest, thermosEn } from './fixtures';

describe('buildPrompt', () => {
  it('is pure: the same request gives the same prompt and SHA-256 hash; the seed is not part of it', () => {
    const a = buildPrompt(copyRequest());
    const b = buildPrompt(copyRequest({ seed: 'another|seed' }));
    expect(a).toEqual(b);
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes the hash with anything the model sees', () => {
    const base = buildPrompt(copyRequest()).hash;
    expect(buildPrompt(copyRequest({ variantIndex: 1 })).hash).not.toBe(base);
    expect(buildPrompt(copyRequest({ audience: { id: 'runners', description: '都市年轻跑者', tone: 'warm' } })).hash).not.toBe(base);
    expect(buildPrompt(copyRequest({ constraints: { maxLength: 50, forbiddenTerms: [] } })).hash).not.toBe(base);
  });

  it('carries the product facts, audience, tone, segment, limits and brand rules (zh-CN)', () => {
    const prompt = buildPrompt(
      copyRequest({ profileSegment: 'cart-abandoner', constraints: { maxLength: 70, requiredDisclaimer: '理性消费', forbiddenTerms: ['某竞品'] } }),
    );
    expect(prompt.system).toContain('广告法');
    expect(prompt.system).toContain('不超过 70 个字符');
    expect(prompt.system).toContain('“理性消费”');
    expect(prompt.system).toContain('某竞品');
    for (const fact of ['山行保温杯', '316不锈钢内胆', '12小时保温；一键开盖单手喝水', '轻至280克', '129 CNY', '都市年轻跑者', '活泼俏皮', 'cart-abandoner', '第 1/2 条']) {
      expect(prompt.user).toContain(fact);
    }
  });

  it('writes English instructions for en copy and appends the feedback when regenerating', () => {
    const prompt = buildPrompt(
      copyRequest({
        locale: 'en',
        product: thermosEn,
        feedback: { attempt: 1, previousText: 'The best bottle.', findings: [{ ruleId: 'absolute.superlative', severity: 'warn', match: 'best', suggestion: 'replace "best" with "great"', replacement: 'great' }], instructions: 'Rewrite the copy and fix these issues:\n1. Avoid "best".' },
      }),
    );
    expect(prompt.system).toMatch(/^You are a senior copywriter/);
    expect(prompt.system).toContain('At most 120 characters');
    expect(prompt.user).toContain('Function and benefits: keeps coffee hot for 12 hours; opens with one thumb');
    expect(prompt.user).toContain('[The previous version failed the compliance check]\nThe best bottle.\nRewrite the copy and fix these issues:');
  });

  it('carries the same facts, tone, segment, limits and feedback in both languages', () => {
    const feedback = { attempt: 1, previousText: 'PREVIOUS', findings: [], instructions: 'INSTRUCTIONS' };
    const constraints = { maxLength: 64, requiredDisclaimer: 'DISCLAIMER', forbiddenTerms: ['RIVAL'] };
    const product = { ...thermosEn, name: 'NAME', brand: 'BRAND', category: 'CATEGORY', material: 'MATERIAL', benefits: ['BENEFIT1', 'BENEFIT2'], sellingPoints: ['POINT1', 'POINT2'], price: { amount: 99, currency: 'CNY' } };
    const both = (['zh-CN', 'en'] as const).map((locale) => buildPrompt(copyRequest({ locale, product, profileSegment: 'lapsed', constraints, feedback, audience: { id: 'a', description: 'AUDIENCE', tone: 'premium' }, variantIndex: 2, variantsPerAudience: 3 })));
    for (const prompt of both) {
      for (const fact of ['NAME', 'BRAND', 'CATEGORY', 'MATERIAL', 'BENEFIT1', 'BENEFIT2', 'POINT1', 'POINT2', '99 CNY', 'AUDIENCE', 'lapsed', 'PREVIOUS', 'INSTRUCTIONS']) expect(prompt.user).toContain(fact);
      for (const rule of ['64', 'DISCLAIMER', 'RIVAL']) expect(prompt.system).toContain(rule);
    }
    const [zh, en] = both;
    expect(zh!.user).toContain('第 3/3 条');
    expect(en!.user).toContain('Variant 3 of 3');
    expect(zh!.user).toContain('高级精致');
    expect(en!.user).toContain('premium and refined');
    expect(zh!.user).toContain('突出价格与性价比');
    expect(en!.user).toContain('lead with price and value');
  });

  it('asks for {"copy": …} in JSON format, changing only the reply instruction', () => {
    for (const locale of ['zh-CN', 'en'] as const) {
      const request = copyRequest({ locale });
      const text = buildPrompt(request);
      const json = buildPrompt(request, { format: 'json' });
      expect(json.user).toBe(text.user);
      expect(json.system).toContain('JSON');
      expect(json.system).toContain('{"copy": ');
      expect(text.system).not.toContain('JSON');
      expect(json.system.split('\n').slice(0, -1)).toEqual(text.system.split('\n').slice(0, -1));
      expect(json.hash).not.toBe(text.hash);
    }
  });
});
