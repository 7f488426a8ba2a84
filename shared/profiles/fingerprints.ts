/**
 * The set of event ids a user's profile has already applied, within the dedup horizon, packed as
 * 12 bytes per event (a 53-bit hash of the id in two uint32 words and the event's second). Kept in the
 * profile item itself so that de-duplicating a resent batch costs no extra read or write.
 */
const ENTRY_BYTES = 12;

export interface FingerprintSet {
  /** hash → epoch seconds the event happened. */
  entries: Map<number, number>;
}

/** cyrb53: a fast, well-mixed 53-bit string hash; collisions among a user's events are negligible. */
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
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

export function decodeFingerprints(bytes: Uint8Array | undefined): FingerprintSet {
  const entries = new Map<number, number>();
  if (!bytes || bytes.length === 0) return { entries };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let offset = 0; offset + ENTRY_BYTES <= bytes.byteLength; offset += ENTRY_BYTES) {
    const hash = view.getUint32(offset) * 4294967296 + view.getUint32(offset + 4);
    entries.set(hash, view.getUint32(offset + 8));
  }
  return { entries };
}

/**
 * Drops entries older than the horizon and, if still over `maxEntries`, the oldest ones; then packs.
 * The cap bounds the item size (12 bytes × entries); the bot-rate rule trips long before a human
 * reaches it.
 */
export function encodeFingerprints(set: FingerprintSet, nowSeconds: number, horizonSeconds: number, maxEntries: number): Uint8Array<ArrayBuffer> {
  let live = [...set.entries].filter(([, seconds]) => seconds >= nowSeconds - horizonSeconds);
  if (live.length > maxEntries) live = live.sort((a, b) => b[1] - a[1]).slice(0, maxEntries);
  const bytes = new Uint8Array(live.length * ENTRY_BYTES);
  const view = new DataView(bytes.buffer);
  live.forEach(([hash, seconds], index) => {
    const offset = index * ENTRY_BYTES;
    view.setUint32(offset, Math.floor(hash / 4294967296));
    view.setUint32(offset + 4, hash >>> 0);
    view.setUint32(offset + 8, seconds);
  });
  return bytes;
}
