import { T2S_PAIRS } from '../../shared/compliance/data/t2s';
import { BREAK_UNIT, foldWidth, normalise, normalisedString, normaliseTerm } from '../../shared/compliance/normalise';

const str = (text: string): string => normalisedString(normalise(text));

describe('normalise', () => {
  it.each([
    ['ＮＯ．１', 'no1'],
    ['最 好', '最好'],
    ['最*佳', '最佳'],
    ['第_一', '第一'],
    ['g.u.a.r.a.n.t.e.e.d', 'guaranteed'],
    ['國家級', '国家级'],
    ['最\u200d好\u200b', '最好'],
    ['Café CRÈME', 'cafecreme'],
    ['bеst', 'best'], // Cyrillic е
    ['𝐛𝐞𝐬𝐭', 'best'],
    ['ⓑⓔⓢⓣ', 'best'],
    ['１００％', '100%'],
    ['5㎏', '5kg'],
    ['最😀好', '最好'],
    ['第\n一', `第${String.fromCharCode(BREAK_UNIT)}一`],
  ])('%j -> %j', (input, expected) => {
    expect(str(input)).toBe(expected);
  });

  it('maps every unit back to the original characters', () => {
    const text = 'a 𝐛\u200dＣ㎏';
    const n = normalise(text);
    const pieces = Array.from({ length: n.length }, (_, j) => text.slice(n.start[j], n.end[j]));
    expect(normalisedString(n)).toBe('abckg');
    expect(pieces).toEqual(['a', '𝐛', 'Ｃ', '㎏', '㎏']);
    expect(Array.from(n.sep.subarray(0, n.length))).toEqual([0, 1, 0, 0, 0]);
  });

  it('records the word breaks of a term', () => {
    expect(normaliseTerm("world's first")).toEqual({ key: 'worldsfirst', boundaries: [5, 6] });
    expect(normaliseTerm('NO.1')).toEqual({ key: 'no1', boundaries: [2] });
  });

  it('folds full width without moving offsets', () => {
    const text = '电话１３８００１３８０００。';
    const folded = foldWidth(text);
    expect(folded).toBe('电话13800138000。');
    expect(folded.length).toBe(text.length);
  });

  it('ships a consistent traditional -> simplified table', () => {
    expect(T2S_PAIRS.length % 2).toBe(0);
    const trad = new Set<string>();
    const simp = new Set<string>();
    for (let i = 0; i < T2S_PAIRS.length; i += 2) {
      const t = T2S_PAIRS[i]!;
      const s = T2S_PAIRS[i + 1]!;
      expect(t).not.toBe(s);
      expect(trad.has(t)).toBe(false);
      trad.add(t);
      simp.add(s);
    }
    for (const s of simp) expect(trad.has(s)).toBe(false); // idempotent: simplified stays put
  });
});
