/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** String.prototype.isWellFormed, which the ES2022 lib lacks (Node 20 and the Lambda runtime have it). */
const hasNative = typeof (String.prototype as { isWellFormed?: unknown }).isWellFormed === 'function';

/**
 * Whether the string is well-formed UTF-16. A lone surrogate becomes U+FFFD when encoded as UTF-8,
 * so two different ids would share one hash, one key and one stored item. Every string field of an
 * event passes here: the native check is about twice as fast as the pattern, which stays for runtimes without it.
 */
export const isWellFormed: (value: string) => boolean = hasNative
  ? (value) => (value as unknown as { isWellFormed(): boolean }).isWellFormed()
  : (value) => !LONE_SURROGATE.test(value);

/**
 * The paths of the strings (values, and keys as their own path) inside a JSON value that are not
 * well-formed UTF-16: for free-form input stored as sent (a copy brief, an arm payload), which would
 * not read back as sent once a lone surrogate became U+FFFD.
 */
export function malformedStringPaths(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (typeof value === 'string') return isWellFormed(value) ? [] : [path];
  if (Array.isArray(value)) return value.flatMap((item, index) => malformedStringPaths(item, [...path, index]));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => [...(isWellFormed(key) ? [] : [[...path, key]]), ...malformedStringPaths(item, [...path, key])]);
  }
  return [];
}

