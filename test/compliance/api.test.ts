import {
  checkText,
  CheckResultSchema,
  ComplianceCheckRequestSchema,
  toRegenerationFeedback,
} from '../../shared/compliance';
import { check } from './helpers';

describe('checkText API', () => {
  it('returns a result that satisfies its own schema, with lineage', () => {
    const r = checkText({ text: '这是最好的面霜，全网第一', locale: 'zh-CN', industry: 'cosmetics' });
    expect(CheckResultSchema.parse(r)).toEqual(r);
    expect(r.rulePackVersion).toMatch(/^zh-CN\/general@\d{4}\.\d+\.\d+\+zh-CN\/cosmetics@/);
    expect(r.rulePacks.map((p) => p.id)).toEqual(['zh-CN/general', 'zh-CN/cosmetics']);
  });

  it('derives the verdict from severities', () => {
    expect(check({ text: '保温杯容量500ml', locale: 'zh-CN' }).verdict).toBe('pass');
    expect(check({ text: 'The best blender', locale: 'en' }).verdict).toBe('warn');
    expect(check({ text: 'This pillow heals back pain', locale: 'en' }).verdict).toBe('fail');
  });

  it('tightens severities per industry', () => {
    // Promised returns block everywhere since art. 25 is part of the general pack; finance keeps its tightening.
    expect(check({ text: '稳赚不赔', locale: 'zh-CN', industry: 'general' }).findings[0]!.severity).toBe('block');
    expect(check({ text: '稳赚不赔', locale: 'zh-CN', industry: 'finance' }).findings[0]!.severity).toBe('block');
    expect(check({ text: '保证效果', locale: 'zh-CN', industry: 'general' }).findings[0]!.severity).toBe('warn');
    expect(check({ text: 'A miracle cream', locale: 'en', industry: 'cosmetics' }).findings[0]!.severity).toBe('block');
  });

  it('gives concrete fixes: replacement text and a suggestion', () => {
    const [best] = check({ text: 'The best blender', locale: 'en' }).findings;
    expect(best).toMatchObject({ match: 'best', replacement: 'great', suggestion: 'replace "best" with "great"' });
    const [zui] = check({ text: '最好的选择', locale: 'zh-CN' }).findings;
    expect(zui).toMatchObject({ match: '最好', replacement: '优质', suggestion: '将“最好”改为“优质”' });
  });

  it('reports the longest claim once instead of every term inside it', () => {
    const r = check({ text: 'Clinically proven to cure insomnia', locale: 'en' });
    expect(r.findings.map((f) => f.ruleId)).toEqual(['medical.claim']);
    const zh = check({ text: '国货第一品牌', locale: 'zh-CN' });
    expect(zh.findings.map((f) => f.match)).toEqual(['第一品牌']);
  });

  it('validates requests', () => {
    expect(() => checkText({ text: '', locale: 'en' })).toThrow();
    expect(() => checkText({ text: 'x'.repeat(10_001), locale: 'en' })).toThrow();
    expect(() => checkText({ text: 'hi', locale: 'fr' as never })).toThrow();
    expect(ComplianceCheckRequestSchema.parse({ text: 'hi', locale: 'en' }).industry).toBe('general');
  });

  it('is deterministic', () => {
    const req = { text: 'The best #1 cure, call 13800138000', locale: 'en' as const, brand: { forbiddenTerms: ['Acme'] } };
    expect(checkText(req)).toEqual(checkText(req));
  });
});

describe('toRegenerationFeedback', () => {
  it('lists blocking issues first, once each, under a localised header', () => {
    const r = check({ text: 'The best pillow. It heals. The best!', locale: 'en' });
    const fb = toRegenerationFeedback(r.findings, 'en');
    const lines = fb.split('\n');
    expect(lines[0]).toBe('Rewrite the copy and fix these issues:');
    expect(lines[1]).toMatch(/^1\. Non-medical products must not claim/);
    expect(lines.filter((l) => l.includes('"best"'))).toHaveLength(1);
  });

  it('speaks Chinese for zh-CN copy and caps the list', () => {
    const r = check({ text: '最好最佳最优最强最大最高最先进', locale: 'zh-CN' });
    const fb = toRegenerationFeedback(r.findings, 'zh-CN', 3);
    expect(fb.split('\n')).toHaveLength(4);
    expect(fb.startsWith('请改写文案')).toBe(true);
  });

  it('is empty when there is nothing to fix', () => {
    expect(toRegenerationFeedback([], 'en')).toBe('');
  });
});
