import fc from 'fast-check';
import { DuplicateKeyError, findDuplicateKey, parseJsonStrict } from '../../shared/http/json';

describe('parseJsonStrict', () => {
  it('parses what JSON.parse parses when no object repeats a key', () => {
    const text = '{"a":[{"a":1},{"a":2}],"b":{"a":"\\"a\\":3,"},"c":"}{][,"}';
    expect(parseJsonStrict(text)).toEqual(JSON.parse(text));
  });

  it.each([
    ['{"a":1,"a":2}', 'a', 'a'],
    ['{"purposes":{"profiling":"refused","profiling":"granted"}}', 'profiling', 'purposes.profiling'],
    ['[{"x":1},{"y":[0,{"k":1,"k":1}]}]', 'k', '[1].y[1].k'],
    ['{"a b":{"c.d":1,"c.d":2}}', 'c.d', '["a b"]["c.d"]'],
    ['{"\\u0061":1,"a":2}', 'a', 'a'],
    ['{"x\\\\":1,"x\\\\":2}', 'x\\', '["x\\\\"]'],
    ['{"__proto__":{},"__proto__":[]}', '__proto__', '__proto__'],
    ['{"":1,"":2}', '', '[""]'],
  ])('refuses %s, naming key %j at %s', (text, key, path) => {
    expect(() => parseJsonStrict(text)).toThrow(DuplicateKeyError);
    expect(findDuplicateKey(text)).toEqual({ key, path });
  });

  it('throws SyntaxError for invalid JSON, before looking for duplicates', () => {
    expect(() => parseJsonStrict('{"a":1,"a":')).toThrow(SyntaxError);
  });

  it('tells keys from values and strings with escaped quotes and backslashes', () => {
    expect(findDuplicateKey('{"a":"a","b":"a"}')).toBeUndefined();
    expect(findDuplicateKey('{"a\\"":1,"a":2}')).toBeUndefined();
    expect(findDuplicateKey('{"a\\\\":"x\\\\","b":{"a\\\\":1}}')).toBeUndefined();
    expect(findDuplicateKey('[1, "a", {"a": [ {}, [] ] , "b" : { } }, {"a":1}]')).toBeUndefined();
  });

  it('agrees with a reference on any JSON text: a duplicate is found exactly when the text has one', () => {
    // Objects written member by member, so a generated object may repeat a key (JSON.stringify never would).
    const { value } = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, fc.integer(), fc.string({ unit: fc.constantFrom('a', 'b', '"', '\\', '{', '}', ',', ':', 'é') }), fc.array(tie('value')), tie('object')),
      object: fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c', '"', '\\', 'é', '{'), tie('value'))),
    }));
    const write = (node: unknown): string =>
      Array.isArray(node) && node.every((member) => Array.isArray(member) && member.length === 2 && typeof member[0] === 'string' && member[0].length === 1) && node.length > 0
        ? `{${node.map(([key, member]) => `${JSON.stringify(key)}:${write(member)}`).join(',')}}`
        : Array.isArray(node)
          ? `[${node.map(write).join(', ')}]`
          : JSON.stringify(node);
    const hasDuplicate = (node: unknown): boolean => {
      if (!Array.isArray(node)) return false;
      const isObject = node.length > 0 && node.every((member) => Array.isArray(member) && member.length === 2 && typeof member[0] === 'string' && member[0].length === 1);
      if (isObject && new Set(node.map(([key]) => key as string)).size < node.length) return true;
      return node.some((member) => (isObject ? hasDuplicate((member as unknown[])[1]) : hasDuplicate(member)));
    };
    fc.assert(
      fc.property(value, (node) => {
        const text = write(node);
        expect(findDuplicateKey(text) !== undefined).toBe(hasDuplicate(node));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('findDuplicateKey on hostile shapes', () => {
  it('stays linear on one object with 200,000 keys, and finds the last one repeated', () => {
    const members = Array.from({ length: 200_000 }, (_, index) => `"k${index}":${index}`);
    const started = process.hrtime.bigint();
    expect(findDuplicateKey(`{${members.join(',')}}`)).toBeUndefined();
    expect(findDuplicateKey(`{${members.join(',')},"k199999":0}`)).toEqual({ key: 'k199999', path: 'k199999' });
    // A list searched per key (2·10^10 comparisons) would take minutes here; the Set takes well under a second, even on a loaded machine.
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(15_000);
  });

  it('finds duplicates among the first keys, and past the switch from list to Set', () => {
    for (const count of [2, 12, 13, 14, 40]) {
      const keys = Array.from({ length: count }, (_, index) => `"k${index}":0`);
      expect(findDuplicateKey(`{${keys.join(',')},"k0":1}`)).toEqual({ key: 'k0', path: 'k0' });
      expect(findDuplicateKey(`{${keys.join(',')},"k${count - 1}":1}`)).toEqual({ key: `k${count - 1}`, path: `k${count - 1}` });
    }
  });

  it('walks 100,000 levels of nesting without recursion', () => {
    const deep = `${'['.repeat(100_000)}{"a":1,"a":2}${']'.repeat(100_000)}`;
    expect(findDuplicateKey(deep)?.key).toBe('a');
  });
});
