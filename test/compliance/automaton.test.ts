import fc from 'fast-check';
import { Automaton, emptyMatches } from '../../shared/compliance/automaton';

/** All (end, key) pairs by brute force, sorted like the automaton reports them. */
function naive(keys: string[], text: string): [number, number][] {
  const out: [number, number][] = [];
  for (let end = 1; end <= text.length; end++) {
    keys.forEach((k, i) => {
      if (end >= k.length && text.slice(end - k.length, end) === k) out.push([end, i]);
    });
  }
  return out;
}

function run(keys: string[], text: string): [number, number][] {
  const units = Uint16Array.from(text, (c) => c.charCodeAt(0));
  const m = Automaton.build(keys).scan(units, units.length, emptyMatches(1));
  const out: [number, number][] = [];
  for (let i = 0; i < m.count; i++) out.push([m.ends[i]!, m.keys[i]!]);
  return out;
}

const sortPairs = (p: [number, number][]): [number, number][] => [...p].sort((a, b) => a[0] - b[0] || a[1] - b[1]);

describe('Automaton', () => {
  it('finds overlapping and nested keys', () => {
    const keys = ['he', 'she', 'his', 'hers', '最', '最好', '好的'];
    const text = 'ushers 最好的';
    expect(sortPairs(run(keys, text))).toEqual(sortPairs(naive(keys, text)));
  });

  it('handles wide states (hashed edges) and long failure chains', () => {
    const letters = 'abcdefghijklmnopqrstuvwxyz0123456789'.split('');
    const keys = [...letters.map((c) => `x${c}`), ...letters.map((c) => `yx${c}`), 'yxyxyxq', 'xyxyxyq'];
    const text = `${letters.map((c) => `yx${c}xyxyx`).join('')}yxyxyxq`;
    expect(sortPairs(run(keys, text))).toEqual(sortPairs(naive(keys, text)));
  });

  it('rejects empty and duplicate keys', () => {
    expect(() => Automaton.build([''])).toThrow();
    expect(() => Automaton.build(['a', 'a'])).toThrow();
  });

  it('agrees with brute force on random keys and texts', () => {
    const alphabet = fc.constantFrom('a', 'b', 'c', '最', '好', '佳');
    const word = fc.array(alphabet, { minLength: 1, maxLength: 5 }).map((a) => a.join(''));
    fc.assert(
      fc.property(fc.uniqueArray(word, { minLength: 1, maxLength: 30 }), fc.array(fc.oneof(alphabet, fc.constant('x')), { maxLength: 60 }), (keys, chars) => {
        const text = chars.join('');
        expect(sortPairs(run(keys, text))).toEqual(sortPairs(naive(keys, text)));
      }),
      { numRuns: 300 },
    );
  });
});
