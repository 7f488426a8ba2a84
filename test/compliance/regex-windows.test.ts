/**
 * Regex rules run only in windows around their required literals (issue 10 throughput). These
 * tests hold the windowed run to the whole-text run it replaced, on every shipped pack set and every
 * text the project evaluates with, and pin the literal analysis it rests on.
 */
import { getPackSet, type Industry, IndustrySchema, type Locale, LocaleSchema } from '../../shared/compliance';
import { regexRuleMatches } from '../../shared/compliance/engine';
import { foldWidth, normalise, normalisedString } from '../../shared/compliance/normalise';
import { patternNeeds } from '../../shared/compliance/regex-literals';
import { loadContextHeldout, loadHeldoutOrdinary, loadLabelled, loadOrdinary, loadRealOrdinary } from '../../bench/compliance/eval-data';

const combos: [Locale, Industry][] = LocaleSchema.options.flatMap((l) => IndustrySchema.options.map((i): [Locale, Industry] => [l, i]));
const texts = [...loadLabelled(), ...loadOrdinary(), ...loadRealOrdinary(), ...loadHeldoutOrdinary(), ...loadContextHeldout()].map((r) => ({ locale: r.locale, text: r.text }));

/** Lines joined into multi-line texts, as bulk requests are: windows must stop at the right line. */
function bulk(lines: string[], size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < lines.length; i += size) out.push(lines.slice(i, i + size).join('\n'));
  return out;
}

describe('windowed regex rules', () => {
  it.each(combos)('%s/%s: find exactly what a whole-text run finds, on every evaluation text (in bulk requests) and every labelled line', (locale, industry) => {
    const set = getPackSet(locale, industry);
    const mine = texts.filter((t) => t.locale === locale).map((t) => t.text);
    const labelled = loadLabelled().filter((r) => r.locale === locale).map((r) => r.text);
    let matches = 0;
    for (const text of [...labelled, ...bulk(mine, 40)]) {
      const windowed = regexRuleMatches(set, text);
      const whole = regexRuleMatches(set, text, true);
      expect(windowed).toEqual(whole);
      matches += whole.reduce((n, m) => n + m.length, 0);
    }
    expect(matches).toBeGreaterThan(0);
  });

  it('window every shipped pattern (none is left to run over the whole text)', () => {
    const unwindowed = combos.flatMap(([l, i]) => getPackSet(l, i).regexes.filter((r) => !r.window).map((r) => r.regex.source));
    expect([...new Set(unwindowed)]).toEqual([]);
  });

  it.each([
    ['a match right at a line break and at both ends of the text', '13812345678\n联系13812345678。\n电话 13912345678'],
    ['lookbehinds at the edge of a window', 'x13812345678 a13812345678 813812345678 13812345678'],
    ['overlapping literal windows merged', '全国第一名全国第一全网排名第二名 行业第一家行业领先 全球首创全国首家'],
    ['full-width and letter-spaced evasions', '电话：１３８１２３４５６７８，年化收益 8% 保证，联系 Ｔｅｓｔ@Example.COM'],
    ['full-width punctuation in the literals', '邮箱ｓａｌｅｓ＠ｅｘａｍｐｌｅ．ｃｏｍ，电话０１０－８８６６５５４４或（０２１）６２３４５６７８，海外＋４４　２０　７９４６　０９５８'],
    ['searched literals in mixed widths, found on the folded text', '热线(０10)-88665544 或 （021）62345678，海外+４4 20 7946 0958、＋1 212 555 0100\n+８６ 13812345678，sales＠example.com'],
    ['traditional characters and a Kelvin sign', '全國第一，業內領先，帶來好運，\u212aING OF ALL BRANDS'],
    ['e-mail addresses with long local parts', `${'a'.repeat(300)}@example.com and x@y.co\n@ alone and a@b`],
    ['digit runs that are bank cards or ID numbers', '6222 0212 3456 7890 123 与 11010519491231002X 以及 4111111111111111'],
  ])('agree with the whole-text run: %s', (_what, text) => {
    for (const [l, i] of combos) {
      const set = getPackSet(l, i);
      expect(regexRuleMatches(set, text)).toEqual(regexRuleMatches(set, text, true));
    }
  });
});

describe('required literals read from a pattern', () => {
  it('every match of every shipped pattern on the evaluation texts contains one of its literals', () => {
    let checked = 0;
    for (const locale of LocaleSchema.options) {
      // Each distinct regex of the locale's pack sets once, on the texts joined into bulk requests.
      const regexes = [...new Map(IndustrySchema.options.flatMap((i) => getPackSet(locale, i).regexes).map((r) => [`${r.target} ${r.regex}`, r])).values()];
      for (const text of bulk(texts.filter((t) => t.locale === locale).map((t) => t.text), 40)) {
        const subjects = { original: foldWidth(text), normalised: normalisedString(normalise(text)) };
        for (const r of regexes) {
          const ignoreCase = r.regex.flags.includes('i');
          const needs = patternNeeds(r.regex.source, ignoreCase)!;
          for (const m of subjects[r.target].matchAll(r.regex)) {
            checked++;
            const s = ignoreCase ? m[0].toLowerCase() : m[0];
            expect([r.regex.source, m[0], needs.literals.some((lit) => s.includes(lit))]).toEqual([r.regex.source, m[0], true]);
            expect(m[0].length).toBeLessThanOrEqual(needs.maxLength);
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it.each([
    ['之王|霸主', false, ['之王', '霸主'], 2],
    ['[十百千]强', false, ['十强', '百强', '千强'], 2],
    // A digit or 一/二 ends every match of the repeated group: the literals run on through it.
    ['(?:\\d+|[一二]+)天(?:见效|美白)', false, [...'0123456789一二'].flatMap((d) => [`${d}天见效`, `${d}天美白`]), Infinity],
    // `\d{3}` is no small exact set but starts with a digit: 30...69 is a rarer filter than 3...6.
    ['(?<!\\d)[3-6]\\d{3}(?:[ -]?\\d){12,15}(?!\\d)', false, Array.from({ length: 40 }, (_, i) => String(30 + i)), 34],
    // ...and ends with one: a digit before 18/19/20. Punctuation stays a literal of its own (`-`, not `0-`...`9-`).
    ['\\d{5}(?:18|19|20)\\d{2}', false, ['18', '19', '20'].flatMap((y) => [...'0123456789'].map((d) => y + d)), 9],
    ['(?<!\\d)0\\d{2,3}-\\d{7}(?!\\d)', false, ['-'], 12],
    ['guaranteed?\\d+%', false, ['guarantee', 'guaranteed'].flatMap((w) => [...'0123456789'].map((d) => w + d)), Infinity],
    ['\\bKing\\s+of\\b', true, ['king'], Infinity],
  ] as const)('%s', (source, ignoreCase, literals, maxLength) => {
    const needs = patternNeeds(source, ignoreCase)!;
    expect([...needs.literals].sort()).toEqual([...literals].sort());
    expect(needs.maxLength).toBe(maxLength);
  });

  it('gives up (whole-text run) where a match needs no literal or the syntax is unknown', () => {
    expect(patternNeeds('[\\u4e00-\\u9fff]{2,}', false)).toBeUndefined(); // too many characters to list
    expect(patternNeeds('a*', false)).toBeUndefined(); // may match nothing
    expect(patternNeeds('(a)\\1', false)).toBeUndefined(); // back-reference
    expect(patternNeeds('\\p{L}+x', false)).toBeUndefined(); // property escape
    expect(patternNeeds('x|[^y]', false)).toBeUndefined(); // one branch needs nothing
  });

  it('reports how far lookarounds read and whether a match can span lines', () => {
    expect(patternNeeds('(?<![A-Za-z])ab(?!cd)', false)).toMatchObject({ margin: 2, crossesLines: false });
    expect(patternNeeds('ab\\s?cd', false)).toMatchObject({ margin: 0, crossesLines: true, maxLength: 5 });
    expect(patternNeeds('ab[^.]{0,3}cd', false)).toMatchObject({ crossesLines: true });
    expect(patternNeeds('ab[^.\\n]{0,3}cd', false)).toMatchObject({ crossesLines: false });
  });
});
