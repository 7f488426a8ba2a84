import { ComplianceCheckRequestSchema, resolveLocale } from '../../shared/compliance';
import { check } from './helpers';

describe('BCP-47 locale tags resolve to the best rule pack', () => {
  it.each([
    ['en', 'en', 'en'],
    ['en-US', 'en', 'en-US'],
    ['en-gb', 'en', 'en-GB'],
    ['EN-au', 'en', 'en-AU'],
    ['zh', 'zh-CN', 'zh'],
    ['zh-CN', 'zh-CN', 'zh-CN'],
    ['zh-Hans-CN', 'zh-CN', 'zh-Hans-CN'],
    ['zh-TW', 'zh-CN', 'zh-TW'],
    ['zh-Hant-HK', 'zh-CN', 'zh-Hant-HK'],
    ['zh-SG', 'zh-CN', 'zh-SG'],
    ['cmn-Hans-CN', 'zh-CN', 'zh-Hans-CN'],
  ])('%s -> %s', (tag, pack, canonical) => {
    const r = resolveLocale(tag);
    expect(r).toMatchObject({ ok: true, locale: pack, requested: canonical });
  });

  it.each(['fr', 'ja-JP', 'de-DE', 'yue-HK', 'not a tag', 'en_US', 'zh-', ''])('refuses %j with a reason', (tag) => {
    const r = resolveLocale(tag);
    expect(r.ok).toBe(false);
    expect(r.reason).toMatch(/BCP-47|no rule pack/);
  });

  it('says which pack served the request, and why', () => {
    const r = check({ text: '這是市面上最好的保溫杯', locale: 'zh-Hant-HK' });
    expect(r.locale).toBe('zh-CN');
    expect(r.requestedLocale).toBe('zh-Hant-HK');
    expect(r.localeResolution).toMatch(/traditional characters are folded to simplified.*zh-CN pack.*mainland-China law/);
    expect(r.findings.map((f) => f.ruleId)).toContain('absolute.superlative');
    expect(check({ text: 'The best blender', locale: 'en-GB' }).rulePackVersion).toMatch(/^en\/general@/);
  });

  it('is a validation error in the request schema for a tag no pack serves', () => {
    const parsed = ComplianceCheckRequestSchema.safeParse({ text: 'bonjour', locale: 'fr-FR' });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]!.message).toMatch(/no rule pack serves "fr-FR"/);
  });
});
