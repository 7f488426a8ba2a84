import fc from 'fast-check';
import type { Locale } from '../../shared/compliance';
import { check } from './helpers';

/** Characters that normalisation drops: spaces, punctuation, symbols, emoji, zero-width. */
const noise = fc.constantFrom(' ', '*', '_', '.', '-', '·', '、', '\u200b', '\u200d', '\u2060', '\ufeff', '\u3000', '😀', '★', '|', '~');

const terms: [term: string, locale: Locale, ruleId: string][] = [
  ['最好', 'zh-CN', 'absolute.superlative'],
  ['第一品牌', 'zh-CN', 'absolute.ranking'],
  ['国家级', 'zh-CN', 'absolute.authority'],
  ['稳赚不赔', 'zh-CN', 'guarantee.returns'],
  ['法轮功', 'zh-CN', 'sensitive.politics'],
  ['guaranteed', 'en', 'absolute.certainty'],
  ['miracle', 'en', 'guarantee.efficacy'],
];

/** Inserts one noise run between every two characters (code points) of `term`. */
const spaced = (term: string, runs: string[]): string => Array.from(term).map((c, i) => (i === 0 ? c : runs[i % runs.length] + c)).join('');

/**
 * Neighbours that cannot change what a term means: context words (I, not, 我, 第二 ...) are the
 * context rules' business and have their own table-driven tests (context.test.ts).
 */
const neighbour = fc.string({ unit: fc.constantFrom(...'0123456789abcdefgh#@$ 杯子水'), maxLength: 8 });

describe('properties', () => {
  it('catches a term with the same noise run between all its letters, and spans the exact original', () => {
    fc.assert(
      fc.property(fc.constantFrom(...terms), fc.array(noise, { minLength: 1, maxLength: 3 }), neighbour, neighbour, ([term, locale, ruleId], run, pre, post) => {
        const evasive = spaced(term, [run.join('')]);
        // digits fence the term so that random neighbours cannot extend it ("m i r a c l e s")
        const text = `${pre}0 ${evasive} 0${post}`;
        const r = check({ text, locale });
        const f = r.findings.find((x) => x.ruleId === ruleId && x.match === evasive);
        expect(f).toBeDefined();
        expect(f!.start).toBe(pre.length + 2);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps every span inside the text and equal to its match, whatever the input', () => {
    const piece = fc.oneof(fc.string({ maxLength: 6 }), fc.string({ unit: 'binary', maxLength: 4 }), fc.constantFrom('最好', '第一', 'best', '#1', '13800138000', '𝐛𝐞𝐬𝐭', '國家級', '\n', '100%'), noise);
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 20 }), fc.constantFrom<Locale>('zh-CN', 'en'), (pieces, locale) => {
        const text = pieces.join('') || 'x';
        check({ text, locale, channel: 'push', brand: { forbiddenTerms: ['acme'], requiredDisclaimer: '广告' } });
      }),
      { numRuns: 400 },
    );
  });
});
