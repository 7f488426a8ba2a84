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
});
