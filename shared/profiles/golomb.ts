/**
 * The stored form of a profile's event-id fingerprints since codec version 3: a Golomb–Rice coded
 * set (Putze, Sanders and Singler, "Cache-, hash- and space-efficient Bloom filters", 2007), grouped
 * by the hour the ids arrived in.
 *
 * A set of n hashes of w bits, sorted, has gaps of about 2^w / n: Rice coding each gap with
 * k ≈ log2(2^w / n · ln 2) low bits and the rest in unary costs about w − log2(n) + 1.5 bits per
 * entry, where the byte planes of version 2 paid w bits plus the age. Arrival times are kept to the
 * hour, rounded up (an id is remembered up to an hour longer than the horizon, never shorter), so an
 * entry costs no time at all: a shopper's ids mostly share their hour, and each hour is one group.
 *
 * Layout (all integers LEB128 varints unless said otherwise):
 *   byte   w, the hash width in bits (a reader narrows wider hashes to its own width, never widens)
 *   varint newest hour (hours since the epoch, rounded up)
 *   varint number of groups, then per group: hours before the newest, entry count
 *   bits   per group, in group order, its sorted hashes' gaps Rice-coded (quotient in unary as ones
 *          ended by a zero, then k remainder bits, most significant first), padded to a byte at the end.
 * An empty set is zero bytes.
 */

const HOUR = 3600;
const MAX_WIDTH = 52;

/** The Rice parameter for n sorted uniform hashes of `width` bits (the same on both sides: not stored). */
export const riceParameter = (width: number, count: number): number => Math.max(0, Math.floor(Math.log2((2 ** width / Math.max(1, count)) * Math.LN2)));

/** Bits a `BitWriter` takes in one integer step: with fewer than 8 pending, the sum stays below 2^31. */
const CHUNK = 23;

class BitWriter {
  private readonly bytes: number[] = [];
  private current = 0;
  private filled = 0;

  /** Appends `count` ≤ CHUNK bits, `value` < 2^count, most significant first (whole bytes leave at once). */
  private put(value: number, count: number): void {
    this.current = (this.current << count) | value;
    this.filled += count;
    while (this.filled >= 8) {
      this.filled -= 8;
      this.bytes.push((this.current >>> this.filled) & 0xff);
    }
    this.current &= (1 << this.filled) - 1;
  }

  bit(value: number): void {
    this.put(value, 1);
  }

  /** `count` ones then a zero: a Rice quotient in unary. */
  unary(count: number): void {
    let rest = count;
    for (; rest >= CHUNK; rest -= CHUNK) this.put((1 << CHUNK) - 1, CHUNK);
    this.put(((1 << rest) - 1) << 1, rest + 1);
  }

  /** The low `count` bits of `value` (an integer below 2^53), most significant first. */
  bits(value: number, count: number): void {
    if (count > CHUNK) {
      this.bits(Math.floor(value / 2 ** CHUNK), count - CHUNK);
      this.put(value % 2 ** CHUNK, CHUNK);
    } else if (count > 0) this.put(value % 2 ** count, count);
  }

  finish(): number[] {
    if (this.filled > 0) this.bytes.push((this.current << (8 - this.filled)) & 0xff);
    return this.bytes;
  }
}

class Reader {
  private offset: number;
  private bitOffset = 0;

  constructor(
    private readonly bytes: Uint8Array,
    start: number,
  ) {
    this.offset = start;
  }

  byte(): number {
    if (this.offset >= this.bytes.length) throw new Error('corrupt fingerprints');
    return this.bytes[this.offset++]!;
  }

  varint(): number {
    const read = readVarint(this.bytes, this.offset);
    if (!read) throw new Error('corrupt fingerprints');
    this.offset = read.next;
    return read.value;
  }

  bit(): number {
    if (this.offset >= this.bytes.length) throw new Error('corrupt fingerprints');
    const value = (this.bytes[this.offset]! >> (7 - this.bitOffset)) & 1;
    if (++this.bitOffset === 8) {
      this.bitOffset = 0;
      this.offset++;
    }
    return value;
  }

  bits(count: number): number {
    let value = 0;
    for (let index = 0; index < count; index++) value = value * 2 + this.bit();
    return value;
  }
}

/** Appends a non-negative integer below 2^53 as an LEB128 varint. */
export function writeVarint(out: number[], value: number): void {
  let rest = value;
  while (rest >= 0x80) {
    out.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  out.push(rest);
}

/** The LEB128 varint at `offset` and the offset after it; undefined when the bytes end or it runs past 53 bits. */
export function readVarint(bytes: Uint8Array, offset: number): { value: number; next: number } | undefined {
  let value = 0;
  let next = offset;
  for (let shift = 0; shift < 53; shift += 7) {
    if (next >= bytes.length) return undefined;
    const byte = bytes[next++]!;
    value += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) return { value, next };
  }
  return undefined;
}

/**
 * Encodes (hash, arrival second) entries, hashes below 2^width and distinct, in any order. Arrivals
 * are rounded up to the hour.
 */
export function encodeFingerprintGroups(entries: readonly (readonly [hash: number, seconds: number])[], width: number): Uint8Array {
  if (entries.length === 0) return new Uint8Array();
  if (!Number.isInteger(width) || width < 1 || width > MAX_WIDTH) throw new Error(`fingerprint width ${width} out of range`);
  const groups = new Map<number, number[]>();
  let newest = 0;
  for (const [hash, seconds] of entries) {
    const hour = Math.ceil(seconds / HOUR);
    newest = Math.max(newest, hour);
    let group = groups.get(hour);
    if (!group) groups.set(hour, (group = []));
    group.push(hash);
  }
  const hours = [...groups.keys()].sort((a, b) => b - a);
  const header: number[] = [width];
  writeVarint(header, newest);
  writeVarint(header, hours.length);
  const writer = new BitWriter();
  for (const hour of hours) {
    const hashes = groups.get(hour)!.sort((a, b) => a - b);
    writeVarint(header, newest - hour);
    writeVarint(header, hashes.length);
    const k = riceParameter(width, hashes.length);
    const divisor = 2 ** k;
    let previous = 0;
    for (const hash of hashes) {
      const gap = hash - previous;
      previous = hash;
      writer.unary(Math.floor(gap / divisor));
      writer.bits(gap % divisor, k);
    }
  }
  const body = writer.finish();
  const out = new Uint8Array(header.length + body.length);
  out.set(header);
  out.set(body, header.length);
  return out;
}

/**
 * Decodes `encodeFingerprintGroups`: entries in group order, each group sorted by hash, arrivals as
 * the end of their hour in seconds. Hashes wider than `width` are narrowed to their low `width` bits,
 * as `hashEventId` cuts a new id's hash, so a resend of an id stored wider is still recognised.
 */
export function decodeFingerprintGroups(bytes: Uint8Array, width: number): [hash: number, seconds: number][] {
  if (bytes.byteLength === 0) return [];
  const reader = new Reader(bytes, 0);
  const stored = reader.byte();
  if (stored < 1 || stored > MAX_WIDTH) throw new Error('corrupt fingerprints');
  const newest = reader.varint();
  const groupCount = reader.varint();
  const groups: { hour: number; count: number }[] = [];
  let total = 0;
  for (let index = 0; index < groupCount; index++) {
    const age = reader.varint();
    const count = reader.varint();
    total += count;
    // Each entry takes at least one bit: a count beyond the bytes left is corruption, not a huge allocation.
    if (age > newest || total > bytes.byteLength * 8) throw new Error('corrupt fingerprints');
    groups.push({ hour: newest - age, count });
  }
  const narrow = 2 ** Math.min(width, stored);
  const limit = 2 ** stored;
  const entries: [number, number][] = [];
  for (const { hour, count } of groups) {
    const k = riceParameter(stored, count);
    const divisor = 2 ** k;
    let hash = 0;
    for (let index = 0; index < count; index++) {
      let quotient = 0;
      while (reader.bit() === 1) quotient++;
      hash += quotient * divisor + reader.bits(k);
      if (hash >= limit) throw new Error('corrupt fingerprints');
      entries.push([hash % narrow, hour * HOUR]);
    }
  }
  return entries;
}
