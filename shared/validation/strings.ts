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
