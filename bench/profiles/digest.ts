import { createHash } from 'node:crypto';
import { profileToStored, type ProfileState } from '../../shared/profiles/state';
import type { StoredProfile } from '../../shared/profiles/update-profiles';

/**
 * SHA-256 of every stored profile in its stored form (`profileToStored`: a `Map` as the object it is
 * stored as, watermarks padded), users in uid order, object keys sorted and packed bytes in hex:
 * two runs of the fold over the same stream leave the same digest exactly when every profile is the
 * same, which is how a speed-up of the fold shows it changed no output.
 */
export function statesDigest(items: ReadonlyMap<string, StoredProfile>): string {
  const hash = createHash('sha256');
  for (const uid of [...items.keys()].sort()) {
    const value = items.get(uid)!.value;
    hash.update(`${uid}\n${canonical('erasedAt' in value ? value : profileToStored(value as ProfileState))}\n`);
  }
  return hash.digest('hex');
}

function canonical(value: unknown): string {
  if (value instanceof Uint8Array) return `"bytes:${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}"`;
  if (value instanceof Map) return canonical(Object.fromEntries(value));
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}
