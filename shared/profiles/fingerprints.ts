/**
 * The set of event ids a user's profile has already applied, within the dedup horizon, kept in the
 * profile item itself so that de-duplicating a resent batch costs no extra read or write.
 * Packed as 12 bytes per event: a `FINGERPRINT_HASH_BITS` hash of the id in two uint32 words and the arrival second,
 * little-endian, sorted by hash. Sorted packing lets a lookup binary-search the stored bytes directly
 * and a write merge the new ids in one pass, with no per-entry decoding on either side.
 */
const WORDS_PER_ENTRY = 3;

/**
 * Bits of an event id's fingerprint. A new id is wrongly taken for a duplicate (and dropped: never
 * applied twice, but lost) only if its hash equals one of the n remembered: probability n / 2^32 per
 * event — 1.2e-8 for a sparse shopper's fifty (one lost event in 86 million), 2.3e-7 for a heavy
 * shopper's thousand a day (one in 4.3 million), at most 2.3e-6 at the 10,000-entry cap, which only
 * crawlers reach (the bot-rate rule trips far earlier for a human). A resent or redelivered id always
 * has the same hash, so it is always found, within the same dedup horizon: the width trades only that
 * loss rate against the bytes every stored entry costs. The codec stores an entry in about
 * width − log2(n) + 1.5 bits (Golomb–Rice, golomb.ts), that is log2(1 / loss rate) + 1.5: no coding
 * of the set can save a bit an entry without doubling the loss rate. The fingerprints were the
 * largest part of the sparse items over 1 KB; 32 bits (36 before codec version 5) saved half a byte an
 * entry, about 30 bytes of such an item and 0.007–0.011 write units per applied event (sparse streams).
 * Ids stored wider are narrowed to this width on the way in: they are the same hashes' low bits.
 */
export const FINGERPRINT_HASH_BITS = 32;

const HASH_SPACE = 2 ** FINGERPRINT_HASH_BITS;

/** cyrb53 (a fast, well-mixed string hash) cut to its low `FINGERPRINT_HASH_BITS` bits. */
export function hashEventId(value: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < value.length; i++) {
    const ch = value.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (0xffff & h2) + (h1 >>> 0)) % HASH_SPACE;
}

const high = (hash: number) => Math.floor(hash / 4294967296);

/**
 * Up to this many ids added since the set was read are found by a scan of a flat array; past it, by
 * a Map. A user sends a few ids per batch: a Map per user and batch, its entries and their pairs when
 * encoding cost more than the scan.
 */
const SMALL_SET = 32;

/** Where `encode` sorts the new hashes and their arrival seconds; grown as needed, never shared outside one call. */
let scratch = new Float64Array(64);
let scratchSeconds = new Float64Array(64);

/**
 * Sorts `hashes[0, count)` ascending and `seconds` along with them: by insertion for the few ids a
 * user sends per batch; past that, the hashes natively and each one's seconds looked up again in
 * `added` through `addedIndex` (which a set has once it holds more than `SMALL_SET` added ids).
 */
function sortPrefix(hashes: Float64Array, seconds: Float64Array, count: number, added: readonly number[], addedIndex: ReadonlyMap<number, number> | undefined): void {
  if (count > SMALL_SET) {
    hashes.subarray(0, count).sort();
    for (let index = 0; index < count; index++) seconds[index] = added[addedIndex!.get(hashes[index]!)! + 1]!;
    return;
  }
  for (let index = 1; index < count; index++) {
    const hash = hashes[index]!;
    const second = seconds[index]!;
    let hole = index;
    while (hole > 0 && hashes[hole - 1]! > hash) {
      hashes[hole] = hashes[hole - 1]!;
      seconds[hole] = seconds[hole - 1]!;
      hole--;
    }
    hashes[hole] = hash;
    seconds[hole] = second;
  }
}

/**
 * Bytes of the slab that small packed sets are cut from. An array buffer lives outside the heap and
 * costs far more than its size suggests: a set of 5 to 60 entries in its own buffer took 1.2-2.4 µs
 * here, cut from a slab 0.2-0.9 µs, once per user and batch (the largest single allocation of the
 * fold). Node's `Buffer.allocUnsafe` pools small buffers the same way. A view keeps its slab alive:
 * at most `SLAB_BYTES` per profile held in memory; copies of a state go through `cloneState`
 * (state.ts), which does not take the slab along as `structuredClone` would.
 */
export const SLAB_BYTES = 8_192;
/** Sets larger than this get a buffer of their own. */
const MAX_SLAB_SHARE = SLAB_BYTES / 8;
let slab = new ArrayBuffer(SLAB_BYTES);
let slabUsed = 0;

/** A zero-filled array of `count` words: a view into the current slab when it is small, its own buffer otherwise. */
function packedWords(count: number): Uint32Array<ArrayBuffer> {
  const bytes = count * 4;
  if (bytes > MAX_SLAB_SHARE) return new Uint32Array(count);
  if (slabUsed + bytes > SLAB_BYTES) {
    slab = new ArrayBuffer(SLAB_BYTES);
    slabUsed = 0;
  }
  const words = new Uint32Array(slab, slabUsed, count);
  slabUsed += bytes;
  return words;
}

export class FingerprintSet {
  private readonly stored: Uint32Array;
  /** The ids added since the set was read, in order: hash, arrival second, hash, arrival second… */
  private readonly added: number[] = [];
  /** Index in `added` of each hash, built once there are more than `SMALL_SET` (see there). */
  private addedIndex: Map<number, number> | undefined;

  constructor(bytes: Uint8Array | undefined) {
    const length = Math.floor((bytes?.byteLength ?? 0) / (4 * WORDS_PER_ENTRY)) * WORDS_PER_ENTRY;
    // Items read from DynamoDB may sit at any byte offset: copy only when the view would be unaligned.
    this.stored =
      bytes && bytes.byteOffset % 4 === 0 ? new Uint32Array(bytes.buffer, bytes.byteOffset, length) : new Uint32Array(new Uint8Array(bytes ?? []).buffer, 0, length);
  }

  has(hash: number): boolean {
    return this.addedAt(hash) !== -1 || this.storedIndexOf(hash) !== -1;
  }

  /** Remembers `hash` as seen at `seconds` (epoch); a hash added again keeps its place and takes the new second. */
  add(hash: number, seconds: number): void {
    const at = this.addedAt(hash);
    if (at !== -1) {
      this.added[at + 1] = seconds;
      return;
    }
    const added = this.added;
    added.push(hash, seconds);
    if (this.addedIndex) this.addedIndex.set(hash, added.length - 2);
    else if (added.length > 2 * SMALL_SET) {
      this.addedIndex = new Map();
      for (let index = 0; index < added.length; index += 2) this.addedIndex.set(added[index]!, index);
    }
  }

  /** Where `hash` sits in `added`, or -1. */
  private addedAt(hash: number): number {
    if (this.addedIndex) return this.addedIndex.get(hash) ?? -1;
    const added = this.added;
    for (let index = 0; index < added.length; index += 2) if (added[index] === hash) return index;
    return -1;
  }

  /**
   * Adds every entry of another packed set that this one lacks, keeping its arrival second: identity
   * stitching unions an anonymous profile's event ids into the user's, so an event counted under the
   * anonymous id and sent again under the user's is still a duplicate.
   */
  addAll(packed: Uint8Array): void {
    const other = new FingerprintSet(packed).stored;
    for (let offset = 0; offset < other.length; offset += WORDS_PER_ENTRY) {
      const hash = other[offset]! * 4294967296 + other[offset + 1]!;
      if (!this.has(hash)) this.add(hash, other[offset + 2]!);
    }
  }

  /**
   * Packs the set for storage: entries older than the horizon are dropped and, past `maxEntries`, the
   * oldest ones. The cap bounds the item size; the bot-rate rule trips long before a human reaches it.
   */
  encode(nowSeconds: number, horizonSeconds: number, maxEntries: number): Uint8Array<ArrayBuffer> {
    const oldest = nowSeconds - horizonSeconds;
    // The new hashes sorted as plain numbers (`FINGERPRINT_HASH_BITS` bits, exact in a double), their seconds
    // moved along: no pair per entry to allocate and compare, and in scratch arrays reused from write to
    // write (a typed array per write was a tenth of the encode).
    const added = this.added;
    if (scratch.length < added.length / 2) {
      scratch = new Float64Array(Math.max(added.length / 2, 2 * scratch.length));
      scratchSeconds = new Float64Array(scratch.length);
    }
    const sorted = scratch;
    const sortedSeconds = scratchSeconds;
    let freshCount = 0;
    for (let index = 0; index < added.length; index += 2) {
      if (added[index + 1]! < oldest) continue;
      sorted[freshCount] = added[index]!;
      sortedSeconds[freshCount++] = added[index + 1]!;
    }
    sortPrefix(sorted, sortedSeconds, freshCount, added, this.addedIndex);
    const stored = this.stored;
    let kept = 0;
    for (let offset = 2; offset < stored.length; offset += WORDS_PER_ENTRY) if (stored[offset]! >= oldest) kept++;
    // One view of the exact size, returned as it is, cut from a shared slab when small (`packedWords`).
    const out = packedWords((kept + freshCount) * WORDS_PER_ENTRY);
    let written = 0;
    let next = 0;
    for (let offset = 0; offset < stored.length; offset += WORDS_PER_ENTRY) {
      const hash = stored[offset]! * 4294967296 + stored[offset + 1]!;
      while (next < freshCount && sorted[next]! < hash) {
        const fresh = sorted[next]!;
        out[written++] = high(fresh);
        out[written++] = fresh >>> 0;
        out[written++] = sortedSeconds[next++]!;
      }
      // `add` is only called for ids `has` did not find, so stored and added never share a hash.
      if (stored[offset + 2]! >= oldest) {
        out[written++] = stored[offset]!;
        out[written++] = stored[offset + 1]!;
        out[written++] = stored[offset + 2]!;
      }
    }
    for (; next < freshCount; next++) {
      const fresh = sorted[next]!;
      out[written++] = high(fresh);
      out[written++] = fresh >>> 0;
      out[written++] = sortedSeconds[next]!;
    }
    const packed = kept + freshCount > maxEntries ? keepNewest(out, maxEntries) : out;
    return new Uint8Array(packed.buffer as ArrayBuffer, packed.byteOffset, packed.byteLength);
  }

  /** Visits the stored entries in hash order (the codec writes them out this way). */
  forEach(visit: (hash: number, seconds: number) => void): void {
    for (let offset = 0; offset < this.stored.length; offset += WORDS_PER_ENTRY) visit(this.stored[offset]! * 4294967296 + this.stored[offset + 1]!, this.stored[offset + 2]!);
  }

  private storedIndexOf(hash: number): number {
    const hi = high(hash);
    const lo = hash >>> 0;
    let low = 0;
    let top = this.stored.length / WORDS_PER_ENTRY - 1;
    while (low <= top) {
      const middle = (low + top) >>> 1;
      const offset = middle * WORDS_PER_ENTRY;
      const midHi = this.stored[offset]!;
      const midLo = this.stored[offset + 1]!;
      if (midHi === hi && midLo === lo) return middle;
      if (midHi < hi || (midHi === hi && midLo < lo)) low = middle + 1;
      else top = middle - 1;
    }
    return -1;
  }
}

/**
 * Fingerprints stored with wider hashes than today's (53-bit cyrb53 before codec version 2, 48 bits
 * in version 2) in today's form: the same hash's low `FINGERPRINT_HASH_BITS` bits, re-sorted, so a
 * resend of an event applied before the upgrade is still caught.
 */
export function narrowLegacyFingerprints(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const entries: [number, number][] = [];
  new FingerprintSet(bytes).forEach((hash, seconds) => entries.push([hash, seconds]));
  return packFingerprints(entries);
}

/**
 * Packs (hash, arrival second) entries in any order, hashes narrowed to `FINGERPRINT_HASH_BITS`. Two
 * entries that share a narrowed hash become one, remembered as long as the later of them.
 */
export function packFingerprints(entries: readonly (readonly [hash: number, seconds: number])[]): Uint8Array<ArrayBuffer> {
  const latest = new Map<number, number>();
  for (const [hash, seconds] of entries) {
    const narrow = hash % HASH_SPACE;
    const known = latest.get(narrow);
    if (known === undefined || seconds > known) latest.set(narrow, seconds);
  }
  const set = new FingerprintSet(undefined);
  for (const [hash, seconds] of latest) set.add(hash, seconds);
  return set.encode(0, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
}

/** Keeps the `maxEntries` most recent entries, still sorted by hash. */
function keepNewest(entries: Uint32Array, maxEntries: number): Uint32Array {
  const count = entries.length / WORDS_PER_ENTRY;
  const cutoff = Array.from({ length: count }, (_, index) => entries[index * WORDS_PER_ENTRY + 2]!).sort((a, b) => b - a)[maxEntries - 1]!;
  const kept = new Uint32Array(maxEntries * WORDS_PER_ENTRY);
  let written = 0;
  for (let offset = 0; offset < entries.length && written < kept.length; offset += WORDS_PER_ENTRY) {
    if (entries[offset + 2]! >= cutoff) kept.set(entries.subarray(offset, offset + WORDS_PER_ENTRY), (written += WORDS_PER_ENTRY) - WORDS_PER_ENTRY);
  }
  return kept;
}
