import fc from 'fast-check';
import { fields, keys, list, pack, unpack } from '../../shared/profiles/layout';

const PRICE = fields('n', 'max');
const LAYOUT = fields('a', ['price', PRICE], ['items', list(fields('id', 'progress'))], ['counts', keys(['view', 'cart', 'buy'])], 'note');

describe('positional layout (codec version 4)', () => {
  it('writes known fields by position and reads them back', () => {
    const value = { a: 1, price: { n: 2, max: 9.5 }, items: [{ id: 'v-1', progress: 0.5 }], counts: { cart: 3, view: 1 }, note: 'x' };
    const packed = pack(value, LAYOUT);
    expect(packed).toEqual([1, [2, 9.5], [['v-1', 0.5]], [1, 3, 0, 1], 'x']);
    expect(unpack(packed, LAYOUT)).toEqual(value);
  });

  it('keeps the order of an enumerated record, and a key outside the enumeration by name', () => {
    const value = { a: 1, counts: { buy: 1, refund: 2, view: 3 } };
    const read = unpack(JSON.parse(JSON.stringify(pack(value, LAYOUT))), LAYOUT) as typeof value;
    expect(read).toEqual(value);
    expect(Object.keys(read.counts)).toEqual(['buy', 'refund', 'view']);
  });

  it('leaves absent fields out, and keeps fields it does not know (and a known field holding null) as they are', () => {
    const value = { a: 1, note: null, later: { added: ['field'] }, ['__proto__']: 'not a prototype' };
    const wire = JSON.parse(JSON.stringify(pack(JSON.parse(JSON.stringify(value)), LAYOUT)));
    const read = unpack(wire, LAYOUT) as Record<string, unknown>;
    expect(Object.getPrototypeOf(read)).toBe(Object.prototype);
    expect(Object.hasOwn(read, '__proto__')).toBe(true);
    expect(read).toEqual(JSON.parse(JSON.stringify(value)));
    expect(unpack(pack({ a: 1 }, LAYOUT), LAYOUT)).toEqual({ a: 1 });
    expect(pack({ a: 1 }, LAYOUT)).toEqual([1]);
  });

  it('round-trips any JSON object with these fields (property)', () => {
    const json = fc.jsonValue().filter((value) => value !== null);
    fc.assert(
      fc.property(
        fc.record({ a: json, price: fc.record({ n: fc.integer(), max: fc.double({ noNaN: true, noDefaultInfinity: true }) }, { requiredKeys: [] }), note: json, extra: json }, { requiredKeys: [] }),
        (value) => {
          const normalised = JSON.parse(JSON.stringify(value));
          expect(unpack(JSON.parse(JSON.stringify(pack(normalised, LAYOUT))), LAYOUT)).toEqual(normalised);
        },
      ),
    );
  });

  it('refuses what it could not have written instead of reading garbage', () => {
    expect(() => unpack({ a: 1 }, LAYOUT)).toThrow(/corrupt/);
    expect(() => unpack([1, null, null, [7, 1], null], LAYOUT)).toThrow(/unknown key/);
    expect(() => unpack([1, null, null, [0], null], LAYOUT)).toThrow(/odd/);
    expect(() => unpack([1, null, null, null, null, 'extras', 'more'], LAYOUT)).toThrow(/too many/);
    expect(() => unpack([1, null, null, null, null, 'extras'], LAYOUT)).toThrow(/extra fields/);
    expect(() => pack({ a: 1, price: 'cheap' }, LAYOUT)).toThrow(/expected an object/);
    expect(() => fields('a', 'a')).toThrow(/twice/);
  });
});
