/**
 * Issue 10 (throughput): where the check takes a faster path, it must return exactly what the
 * straightforward path returns. Each test runs both over the evaluation texts.
 */
import { ZodError } from 'zod';
import { checkRequest, checkText, ComplianceCheckRequestSchema, type ComplianceCheckRequestInput } from '../../shared/compliance';
import { LexiconMatcher } from '../../shared/compliance/matcher';
import { bodyFirst, getPackSet } from '../../shared/compliance/packs';
import { IndustrySchema } from '../../shared/compliance/schema';
import { normalise } from '../../shared/compliance/normalise';
import { chunkLines, loadLabelled, loadOrdinary, loadRealOrdinary } from '../../bench/compliance/eval-data';

const texts = [...loadLabelled(), ...loadOrdinary(), ...loadRealOrdinary()];

describe('checkText parses the fields and resolves the locale itself', () => {
  const brand = { forbiddenTerms: ['Acme', '某品牌'], requiredDisclaimer: '理性消费' };
  it.each(['zh-CN', 'zh-TW', 'zh-Hant-HK', 'en', 'en-GB'])('%s: the same result as the request schema with its transform', (locale) => {
    const lang = locale.startsWith('zh') ? 'zh-CN' : 'en';
    const mine = texts.filter((t) => t.locale === lang).map((t) => t.text);
    let findings = 0;
    for (const text of chunkLines(mine, 10_000)) {
      const req: ComplianceCheckRequestInput = { text, locale, channel: 'feed', brand };
      const fast = checkText(req);
      expect(fast).toEqual(checkRequest(ComplianceCheckRequestSchema.parse(req)));
      findings += fast.findings.length;
    }
    expect(findings).toBeGreaterThan(0);
  });

  it.each([
    ['a language no pack serves', { text: 'bonjour', locale: 'fr-FR' }],
    ['a malformed tag', { text: 'hi', locale: 'en_US!' }],
    ['empty text', { text: '', locale: 'en' }],
    ['an unknown industry', { text: 'hi', locale: 'en', industry: 'casino' }],
  ])('refuses %s with the same issues', (_what, req) => {
    const schema = ComplianceCheckRequestSchema.safeParse(req);
    expect(schema.success).toBe(false);
    let thrown: unknown;
    try {
      checkText(req as ComplianceCheckRequestInput);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(ZodError);
    expect((thrown as ZodError).issues).toEqual(schema.error!.issues);
  });
});

describe('a few-key lexicon (a brand list) searches for its rarest-looking unit first', () => {
  // The same keys padded past the few-key limit skip that search and go straight to the automaton.
  const padding = Array.from({ length: 20 }, (_, i) => ({ term: `zzpad${String.fromCharCode(0x61 + i)}q`, payload: 'pad' }));
  it.each([
    [['Acme', '某品牌']],
    [['the', 'and', 'best']],
    [['e', 'a1', '1a', 'x y']],
    [['最', '第一', 'No.1']],
  ])('%j: the hits of the automaton alone, on every evaluation text', (terms) => {
    const entries = terms.map((term) => ({ term, payload: term }));
    const few = LexiconMatcher.compile(entries);
    const many = LexiconMatcher.compile([...entries, ...padding]);
    let hits = 0;
    for (const text of [...texts.map((t) => t.text), 'Acme', 'xacme acme', '某品牌', 'a']) {
      const norm = normalise(text);
      const expected = many.match(norm).filter((h) => h.payload !== 'pad');
      expect(few.match(norm)).toEqual(expected);
      hits += expected.length;
    }
    expect(hits).toBeGreaterThan(0);
  });
});

describe('a quantified leading lookbehind is tried only where the body can match', () => {
  it('rewrites only a lone body without captures', () => {
    expect(bodyFirst('(?<=据[^。]{1,16})20\\d{2}')).toBe('(?=20\\d{2})(?<=据[^。]{1,16})20\\d{2}');
    expect(bodyFirst('(?<!\\d)1[3-9]\\d{9}')).toBe('(?<!\\d)1[3-9]\\d{9}');
    expect(bodyFirst('(?<=a{1,3})b|c')).toBe('(?<=a{1,3})b|c');
    expect(bodyFirst('(?<=a{1,3})(b)')).toBe('(?<=a{1,3})(b)');
    expect(bodyFirst('(?<=a+)(?<n>b)')).toBe('(?<=a+)(?<n>b)');
    expect(bodyFirst('(?<=[)]{1,3})x')).toBe('(?=x)(?<=[)]{1,3})x');
    expect(bodyFirst('x(?<=a+)')).toBe('x(?<=a+)');
  });

  it('finds what the pattern as written finds, on every evaluation text', () => {
    const rewritten = IndustrySchema.options.flatMap((i) => getPackSet('zh-CN', i).regexes).filter((r) => r.regex.source.startsWith('(?='));
    expect(rewritten.length).toBeGreaterThan(0);
    const subject = texts.map((t) => t.text).join('\n');
    const written = (r: RegExp): RegExp => new RegExp(r.source.slice(r.source.indexOf('(?<')), r.flags);
    for (const r of rewritten) {
      const hits = (re: RegExp): string[] => [...subject.matchAll(re)].map((m) => `${m.index}:${m[0]}`);
      expect(hits(r.regex)).toEqual(hits(written(r.regex)));
    }
  });
});
