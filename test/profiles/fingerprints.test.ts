import fc from 'fast-check';
import { emptyProfile } from '../../shared/profiles/fold';
import { FingerprintSet, SLAB_BYTES, hashEventId } from '../../shared/profiles/fingerprints';
import { cloneState } from '../../shared/profiles/state';

const HOUR = 3600;

describe('fingerprints of applied event ids', () => {
  it('remembers ids across an encode/decode round trip, as a later batch would read them', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ minLength: 1, maxLength: 40 }), { minLength: 1, maxLength: 200 }), fc.string(), (ids, stranger) => {
        const set = new FingerprintSet(undefined);
        ids.forEach((id, index) => set.add(hashEventId(id), 1_000_000 + index));
        const reread = new FingerprintSet(set.encode(1_000_000 + ids.length, 24 * HOUR, 10_000));
        expect(ids.every((id) => reread.has(hashEventId(id)))).toBe(true);
        if (!ids.includes(stranger)) expect(reread.has(hashEventId(stranger))).toBe(false);
      }),
    );
  });

  it('packs stored and new ids in strictly ascending hash order, for any number of each (a lookup binary-searches them)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ minLength: 1, maxLength: 12 }), { minLength: 0, maxLength: 120 }), fc.nat({ max: 120 }), (ids, split) => {
        const first = new FingerprintSet(undefined);
        ids.slice(0, split).forEach((id, index) => first.add(hashEventId(id), 1_000 + index));
        const second = new FingerprintSet(first.encode(2_000, 24 * HOUR, 10_000));
        ids.slice(split).forEach((id, index) => second.add(hashEventId(id), 2_000 + index));
        const hashes: number[] = [];
        new FingerprintSet(second.encode(3_000, 24 * HOUR, 10_000)).forEach((hash) => hashes.push(hash));
        expect(hashes).toEqual([...new Set(ids.map(hashEventId))].sort((a, b) => a - b));
      }),
    );
  });

  it.each([5, 32, 33, 300])('packs each of %i new ids with its own arrival second, sorted by hash', (count) => {
    const set = new FingerprintSet(undefined);
    const secondsOf = new Map<number, number>();
    for (let index = 0; index < count; index++) {
      const hash = hashEventId(`event-${index}`);
      set.add(hash, 5_000 + 7 * index);
      secondsOf.set(hash, 5_000 + 7 * index);
    }
    const entries: [number, number][] = [];
    new FingerprintSet(set.encode(10_000, 24 * HOUR, 10_000)).forEach((hash, seconds) => entries.push([hash, seconds]));
    expect(entries).toEqual([...secondsOf].sort((a, b) => a[0] - b[0]));
  });

  it.each([3, 40])('takes the later second for an id added twice (%i ids), once', (count) => {
    const set = new FingerprintSet(undefined);
    for (let index = 0; index < count; index++) set.add(hashEventId(`event-${index}`), 1_000);
    set.add(hashEventId('event-1'), 9_000);
    const entries: [number, number][] = [];
    new FingerprintSet(set.encode(9_000, 24 * HOUR, 10_000)).forEach((hash, seconds) => entries.push([hash, seconds]));
    expect(entries).toHaveLength(count);
    expect(entries.find(([hash]) => hash === hashEventId('event-1'))?.[1]).toBe(9_000);
    expect(set.has(hashEventId(`event-${count - 1}`))).toBe(true);
    expect(set.has(hashEventId('event-absent'))).toBe(false);
  });

  it('merges new ids into stored ones and forgets those past the horizon', () => {
    const first = new FingerprintSet(undefined);
    first.add(hashEventId('old'), 0);
    first.add(hashEventId('recent'), 30 * HOUR);
    const second = new FingerprintSet(first.encode(30 * HOUR, 24 * HOUR, 100));
    second.add(hashEventId('new'), 40 * HOUR);
    const third = new FingerprintSet(second.encode(40 * HOUR, 24 * HOUR, 100));
    expect(['old', 'recent', 'new'].map((id) => third.has(hashEventId(id)))).toEqual([false, true, true]);
  });

  it('keeps the newest entries when over the size cap', () => {
    const set = new FingerprintSet(undefined);
    for (let index = 0; index < 50; index++) set.add(hashEventId(`e${index}`), 1000 + index);
    const capped = new FingerprintSet(set.encode(2000, 24 * HOUR, 10));
    expect(Array.from({ length: 50 }, (_, index) => capped.has(hashEventId(`e${index}`))).filter(Boolean)).toHaveLength(10);
    expect(capped.has(hashEventId('e49'))).toBe(true);
    expect(capped.has(hashEventId('e0'))).toBe(false);
  });

  it('reads bytes that sit at an unaligned offset, as an SDK response buffer may', () => {
    const set = new FingerprintSet(undefined);
    set.add(hashEventId('a'), 5);
    const bytes = set.encode(5, HOUR, 10);
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    expect(new FingerprintSet(shifted.subarray(1)).has(hashEventId('a'))).toBe(true);
  });

  it('keeps each packed set its own when many are cut from one slab: later sets never change earlier ones', () => {
    // Enough small sets to fill several slabs, plus large ones that get a buffer of their own.
    const sizes = Array.from({ length: 3 * (SLAB_BYTES / 48) }, (_, index) => (index % 17 === 0 ? 200 : 1 + (index % 7)));
    const packed = sizes.map((size, index) => {
      const set = new FingerprintSet(undefined);
      for (let entry = 0; entry < size; entry++) set.add(hashEventId(`set-${index}-event-${entry}`), 1_000_000 + entry);
      const bytes = set.encode(1_000_000 + size, 24 * HOUR, 10_000);
      return { bytes, copy: bytes.slice(), size, index };
    });
    for (const { bytes, copy, size, index } of packed) {
      expect(bytes).toEqual(copy);
      expect(bytes.byteLength).toBe(size * 12);
      const reread = new FingerprintSet(bytes);
      expect(reread.has(hashEventId(`set-${index}-event-0`))).toBe(true);
      expect(reread.has(hashEventId(`set-${index + 1}-event-0`))).toBe(false);
    }
  });

  it('copies a profile whose fingerprints sit in a shared slab with those bytes alone, leaving the original as it was', () => {
    const set = new FingerprintSet(undefined);
    for (let entry = 0; entry < 5; entry++) set.add(hashEventId(`event-${entry}`), 1_000_000 + entry);
    const state = emptyProfile('user-1', { pipelineVersion: 'test', streamName: 'events' }, '2024-05-01T00:00:00.000Z');
    const seen = set.encode(1_000_010, 24 * HOUR, 10_000);
    state.cleaning.seenEvents = seen;
    expect(seen.buffer.byteLength).toBeGreaterThan(seen.byteLength);
    const copy = cloneState(state);
    expect(copy).toEqual(structuredClone(state));
    expect(copy.cleaning.seenEvents.buffer.byteLength).toBe(seen.byteLength);
    expect(state.cleaning.seenEvents).toBe(seen);
    expect(cloneState({ uid: 'user-2', erasedAt: '2024-05-01T00:00:00.000Z' })).toEqual({ uid: 'user-2', erasedAt: '2024-05-01T00:00:00.000Z' });
  });
});
