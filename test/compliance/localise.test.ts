import { checkText, getRulePack } from '../../shared/compliance';
import { findingsFor, readerLocale, resultFor } from '../../shared/compliance/localise';
import { jobFor, variantFor, type JobView, type VariantView } from '../../shared/copy/views';

describe('findings worded for a reader of the other language', () => {
  const english = checkText({ text: 'The best thermos, guaranteed to cure colds. Call 415-555-0132 today', locale: 'en', industry: 'general', channel: 'feed', brand: { forbiddenTerms: ['thermos'] } });
  const byRule = (findings: readonly { ruleId: string; message: string; suggestion: string; feedback: string }[]) => Object.fromEntries(findings.map((finding) => [finding.ruleId, finding]));

  it('gives a rule the zh-CN pack also has its Chinese message and suggestion, for the same match and fix', () => {
    const zh = byRule(findingsFor('zh-CN', 'general', english.findings));
    const en = byRule(english.findings);
    const zhRule = getRulePack('zh-CN', 'general').lexicon.find((rule) => rule.id === 'absolute.superlative')!;
    expect(zh['absolute.superlative']).toMatchObject({ message: zhRule.message.replace('{match}', 'best'), suggestion: '将“best”改为“great”' });
    expect(zh['medical.disease-treatment']!.message).toMatch(/^非医疗产品.*“cure colds”/);
    // The copy model's instruction stays in the copy's language: it is not for the reader.
    expect(zh['absolute.superlative']!.feedback).toBe(en['absolute.superlative']!.feedback);
  });

  it('keeps the copy\'s wording for a rule only its pack has, and for brand findings, which carry the brief\'s values', () => {
    const zh = byRule(findingsFor('zh-CN', 'general', english.findings));
    expect(zh['pii.us-phone']!.message).toBe(byRule(english.findings)['pii.us-phone']!.message);
    expect(zh['brand.forbidden-term']!.message).toBe(byRule(english.findings)['brand.forbidden-term']!.message);
  });

  it('reads an industry pack\'s own rules in that industry, and leaves findings alone for a reader of the copy\'s language', () => {
    const finance = checkText({ text: '保本保息，年化收益稳赚不赔', locale: 'zh-CN', industry: 'finance' });
    expect(finance.findings.length).toBeGreaterThan(0);
    expect(findingsFor('zh-CN', 'finance', finance.findings)).toBe(finance.findings);
    const worded = findingsFor('en', 'finance', finance.findings);
    // An English reader gets the en pack's words around the Chinese match (quoted), where the en pack has the rule.
    const englishWorded = worded.filter((finding) => !/\p{Script=Han}/u.test(finding.message.replace(/"[^"]*"/g, '')));
    expect(englishWorded.length).toBeGreaterThan(0);
    expect(englishWorded.length).toBeLessThanOrEqual(finance.findings.length);
  });
});

describe('a review item and a check result, worded for the caller\'s Accept-Language', () => {
  const check = checkText({ text: 'The best thermos you will ever own', locale: 'en', industry: 'general', channel: 'feed' });
  const variant: VariantView = {
    variantId: 'job.runners.0',
    audienceId: 'runners',
    locale: 'en-GB',
    variantIndex: 0,
    status: 'pending-review',
    text: 'The best thermos you will ever own',
    verdict: check.verdict,
    findings: check.findings,
    attemptCount: 1,
    regenerated: false,
    audit: { modelId: 'offline-template-v1', promptHash: 'h', rulePackVersion: check.rulePackVersion, attempts: [{ text: 'The best thermos you will ever own', verdict: check.verdict, findings: check.findings } as VariantView['audit']['attempts'][number]] },
  };

  it('words a variant\'s findings and its attempts\' for a zh-CN reader, and leaves an English reader\'s as stored', () => {
    const zh = variantFor('zh-CN', 'general', variant);
    expect(zh.findings[0]!.message).toMatch(/^绝对化用语“best”/);
    expect(zh.audit.attempts[0]!.findings[0]!.message).toBe(zh.findings[0]!.message);
    expect(variant.findings[0]!.message).toMatch(/^Unsubstantiated absolute claim "best"/);
    expect(variantFor('en', 'general', variant)).toBe(variant);
    expect(variantFor(undefined, 'general', variant)).toBe(variant);
  });

  it('words a job\'s variants for the reader, in the industry the job was briefed for', () => {
    const job = { jobId: 'job', status: 'SUCCEEDED', request: { industry: 'general' }, variants: [variant] } as unknown as JobView;
    expect(jobFor('zh-CN', job).variants[0]!.findings[0]!.message).toMatch(/^绝对化用语“best”/);
    expect(jobFor(undefined, job)).toBe(job);
  });

  it('words a check\'s findings only when the header names the other language', () => {
    expect(resultFor('zh-CN,zh;q=0.9', 'general', check).findings[0]!.message).toMatch(/^绝对化用语/);
    expect(resultFor('en-US', 'general', check)).toBe(check);
    expect(resultFor(undefined, 'general', check)).toBe(check);
  });
});

describe('the reader\'s language from Accept-Language', () => {
  it.each([
    ['zh-CN,zh;q=0.9,en;q=0.8', 'zh-CN'],
    ['en-US,en;q=0.9', 'en'],
    ['fr-FR, en;q=0.5', 'en'],
    ['en;q=0.3, zh-TW;q=0.8', 'zh-CN'],
    ['zh;q=0, en', 'en'],
    ['fr', undefined],
    ['*', undefined],
    ['', undefined],
    [undefined, undefined],
    ['not a tag;q=1, en;q=bad', undefined],
  ])('%p reads %p', (header, locale) => {
    expect(readerLocale(header)).toBe(locale);
  });
});
