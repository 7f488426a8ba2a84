import fc from 'fast-check';
import { FINGERPRINT_HASH_BITS, FingerprintSet, hashEventId, packFingerprints } from '../../shared/profiles/fingerprints';
import { decodeFingerprintGroups, encodeFingerprintGroups } from '../../shared/profiles/golomb';

const HOUR = 3600;
const sortEntries = (entries: [number, number][]) => [...entries].sort((a, b) => a[0] - b[0] || a[1] - b[1]);

describe('Golomb-Rice coded fingerprint groups (codec version 3)', () => {
  it('gives back every hash exactly, with its arrival rounded up to the hour (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 8, max: 52 }),
        fc.uniqueArray(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), { maxLength: 300 }),
        fc.array(fc.integer({ min: 1_700_000_000, max: 1_700_400_000 }), { minLength: 300, maxLength: 300 }),
        (width, fractions, arrivals) => {
          const hashes = [...new Set(fractions.map((fraction) => Math.floor(fraction * 2 ** width)))];
          const entries = hashes.map((hash, index): [number, number] => [hash, arrivals[index]!]);
          const decoded = decodeFingerprintGroups(encodeFingerprintGroups(entries, width), width);
          expect(sortEntries(decoded)).toEqual(sortEntries(entries.map(([hash, seconds]) => [hash, Math.ceil(seconds / HOUR) * HOUR])));
        },
      ),
    );
  });

  it('costs about width − log2(n) + 1.5 bits an entry, where version 2 paid 6 bytes and an age', () => {
    // Prepare: a heavy sparse shopper's fifty ids in one hour, and a crawler's ten thousand over a day.
    for (const [count, hours] of [
      [50, 1],
      [10_000, 24],
    ] as const) {
      const entries = Array.from({ length: count }, (_, index): [number, number] => [hashEventId(`event-${count}-${index}`), 1_700_000_000 + (index % hours) * HOUR]);
      // Act
      const bytes = encodeFingerprintGroups(packed(entries), FINGERPRINT_HASH_BITS).byteLength;
      // Assess
      const perEntry = FINGERPRINT_HASH_BITS - Math.log2(count / hours) + 1.5;
      // Plus the header (width, newest hour, one count per hour): about a bit an entry at fifty.
      expect((bytes * 8) / count).toBeLessThan(perEntry + 1.5);
      expect(bytes).toBeLessThan(count * 5);
    }
  });

  it('narrows wider stored hashes to the reader width, so an id stored wider is still found', () => {
    const ids = Array.from({ length: 40 }, (_, index) => `wide-${index}`);
    // 48-bit hashes as version 2 stored them: today's hash with 12 more bits above.
    const wide = ids.map((id, index): [number, number] => [(index % 4096) * 2 ** FINGERPRINT_HASH_BITS + hashEventId(id), 1_700_000_000]);
    const set = new FingerprintSet(packFingerprints(decodeFingerprintGroups(encodeFingerprintGroups(wide, 48), FINGERPRINT_HASH_BITS)));
    expect(ids.every((id) => set.has(hashEventId(id)))).toBe(true);
  });

  it('refuses corrupt bytes instead of reading garbage or allocating without bound', () => {
    const body = encodeFingerprintGroups([[12_345, 1_700_000_000]], FINGERPRINT_HASH_BITS);
    expect(() => decodeFingerprintGroups(body.subarray(0, body.length - 1), FINGERPRINT_HASH_BITS)).toThrow(/corrupt/);
    expect(() => decodeFingerprintGroups(Uint8Array.from([0, 1, 1, 0, 1]), FINGERPRINT_HASH_BITS)).toThrow(/corrupt/);
    // A group claiming two billion entries in a few bytes.
    expect(() => decodeFingerprintGroups(Uint8Array.from([36, 1, 1, 0, 0xff, 0xff, 0xff, 0xff, 0x07, 0]), FINGERPRINT_HASH_BITS)).toThrow(/corrupt/);
    expect(() => encodeFingerprintGroups([[1, 1]], 60)).toThrow(/width/);
  });
});

describe('fingerprint width and the exactly-once guarantee', () => {
  it('hashes every id below 2^FINGERPRINT_HASH_BITS, and a resent id always to the same value', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 64 }), (id) => {
        const hash = hashEventId(id);
        expect(Number.isInteger(hash) && hash >= 0 && hash < 2 ** FINGERPRINT_HASH_BITS).toBe(true);
        expect(hashEventId(`${id}`)).toBe(hash);
      }),
    );
  });

  it('takes new ids for duplicates no more often than the stated bound n / 2^36 (a lost event, never a double one)', () => {
    // Prepare: the 10,000-entry cap full, and 50,000 fresh ids, as UUID-like strings clients send.
    const set = new FingerprintSet(undefined);
    for (let index = 0; index < 10_000; index++) set.add(hashEventId(`0b6f${index.toString(16).padStart(8, '0')}-4a1c-9e2d-seen`), 1_700_000_000);
    const stored = new FingerprintSet(set.encode(1_700_000_000, 86_400, 10_000));
    // Act
    let falseDuplicates = 0;
    for (let index = 0; index < 50_000; index++) if (stored.has(hashEventId(`0b6f${index.toString(16).padStart(8, '0')}-4a1c-9e2d-new`))) falseDuplicates++;
    // Assess: expected 50,000 × 10,000 / 2^36 ≈ 0.007; a badly cut hash (low bits that do not mix) would show many.
    expect(falseDuplicates).toBeLessThanOrEqual(1);
  });
});

function packed(entries: [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  new FingerprintSet(packFingerprints(entries)).forEach((hash, seconds) => out.push([hash, seconds]));
  return out;
}
