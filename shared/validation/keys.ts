import { failingStringPaths } from './strings';

/**
 * Client strings become keys (report ids, channel names, audience ids, segment names…). On a plain
 * object, `constructor`, `toString` or `__proto__` would read Object.prototype instead of a missing
 * entry, or set the prototype instead of adding one. Every lookup by a client string goes through
 * these helpers (or a Map), so such strings are ordinary ids.
 */

/** The record's own value for `key`, never an inherited one. */
export function own<T>(record: Readonly<Record<string, T>> | undefined | null, key: string): T | undefined {
  return record !== undefined && record !== null && Object.hasOwn(record, key) ? record[key] : undefined;
}

/**
 * A record filled from entries in which every key, `__proto__` included, is an own data property
 * (an assignment `record['__proto__'] = …` would set the prototype instead). The record keeps
 * Object.prototype, so serialisers that only take plain objects (the DynamoDB marshaller) accept
 * it; read it with own().
 */
export function recordOf<T>(entries: Iterable<readonly [string, T]>): Record<string, T> {
  const record: Record<string, T> = {};
  for (const [key, value] of entries) Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
  return record;
}

/**
 * The paths of the `__proto__` keys inside a parsed JSON value (JSON.parse makes them own keys).
 * Free-form JSON that is rebuilt before it is stored (zod's z.json()) loses them silently, since
 * assigning `__proto__` sets a prototype: check the value as parsed, before it is rebuilt.
 */
export const prototypeKeyPaths = (value: unknown): (string | number)[][] => failingStringPaths(value, (text, isKey) => !isKey || text !== '__proto__');
