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

/** A record without a prototype, filled from entries: `__proto__` becomes an ordinary own key. */
export function recordOf<T>(entries: Iterable<readonly [string, T]>): Record<string, T> {
  const record = Object.create(null) as Record<string, T>;
  for (const [key, value] of entries) record[key] = value;
  return record;
}
