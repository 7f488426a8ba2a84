/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Whether the string is well-formed UTF-16 (String.prototype.isWellFormed, which the ES2022 lib
 * lacks). A lone surrogate becomes U+FFFD when encoded as UTF-8, so two different ids would share
 * one hash, one key and one stored item.
 */
export const isWellFormed = (value: string): boolean => !LONE_SURROGATE.test(value);
