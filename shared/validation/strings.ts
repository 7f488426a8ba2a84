import { z } from 'zod';

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
 * The paths of the strings inside a JSON value (values, and keys as their own path) that fail `ok`:
 * the one walk behind every "which string in this free-form JSON is refused" check.
 */
export function failingStringPaths(value: unknown, ok: (text: string, isKey: boolean) => boolean, path: (string | number)[] = []): (string | number)[][] {
  if (typeof value === 'string') return ok(value, false) ? [] : [path];
  if (Array.isArray(value)) return value.flatMap((item, index) => failingStringPaths(item, ok, [...path, index]));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => [...(ok(key, true) ? [] : [[...path, key]]), ...failingStringPaths(item, ok, [...path, key])]);
  }
  return [];
}

/**
 * The paths of the strings inside a JSON value that are not well-formed UTF-16: for free-form input
 * stored as sent (a copy brief, an arm payload), which would not read back as sent once a lone
 * surrogate became U+FFFD.
 */
export const malformedStringPaths = (value: unknown): (string | number)[][] => failingStringPaths(value, (text) => isWellFormed(text));

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;
/** Whether an id or a label is free of control characters (tab and line breaks included). */
export const hasNoControlCharacter = (value: string): boolean => !CONTROL_CHARACTER.test(value);
/** Control characters other than tab, line feed and carriage return, which free text may carry. */
// eslint-disable-next-line no-control-regex
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/** Whether free text (a fact, a note) is free of control characters other than tab and line breaks. */
export const isPrintableText = (value: string): boolean => !CONTROL_IN_TEXT.test(value);

/**
 * The paths of the strings inside a JSON value that carry a control character other than tab and
 * line breaks (NUL, BEL, a terminal escape): for free text that ends up printed (a copy brief).
 */
export const controlCharacterPaths = (value: unknown): (string | number)[][] => failingStringPaths(value, (text) => isPrintableText(text));

export type CanonicalText = { ok: true; value: string } | { ok: false; reason: string };

/**
 * The one canonical form of a client id that names something stored (a user, an effect report):
 * Unicode NFC (an "é" typed as one code point or as e + ◌́ is one id), trimmed of leading and trailing
 * white space, 1 to `maxLength` UTF-16 code units. Refused, with a reason naming `field`, are lone
 * surrogates (UTF-8 turns each into U+FFFD, so two ids would share one key) and control characters.
 * Two ids that a person cannot tell apart by these rules are one id, so a resend under a
 * look-alike is recognised as the same thing.
 */
export function canonicalText(raw: string, field: string, maxLength: number): CanonicalText {
  if (!isWellFormed(raw)) return { ok: false, reason: `${field} contains a lone surrogate: it is not valid Unicode text` };
  const value = raw.normalize('NFC').trim();
  if (value.length === 0) return { ok: false, reason: `${field} must not be empty or only white space` };
  if (value.length > maxLength) return { ok: false, reason: `${field} must be at most ${maxLength} characters` };
  if (!hasNoControlCharacter(value)) return { ok: false, reason: `${field} must not contain control characters` };
  return { ok: true, value };
}

/**
 * Invisible format characters: the bidi marks, embeddings, overrides and isolates (U+200E, U+200F,
 * U+061C, U+202A-U+202E, U+2066-U+2069), the zero-width space and (non-)joiners (U+200B-U+200D), the
 * word joiner and invisible operators (U+2060-U+2064), the byte-order mark (U+FEFF), the soft hyphen
 * and the Mongolian vowel separator. NFC keeps every one, and none shows: an id holding one is a
 * different id that looks identical, or displays reordered ("abc\u202Efdp" shows as "abcpdf").
 */
const INVISIBLE_FORMAT = /[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;

/**
 * The one rule for a client id that names a stored thing (a user, an anonymous visitor, an effect
 * report): canonicalText, and no invisible format character, whose code point the reason names.
 * Ids with an alphabet of their own (experiment, campaign, arm ids: A-Z a-z 0-9 _ . : -) refuse them by it.
 */
export function canonicalId(raw: string, field: string, maxLength: number): CanonicalText {
  const canonical = canonicalText(raw, field, maxLength);
  if (!canonical.ok) return canonical;
  const invisible = INVISIBLE_FORMAT.exec(canonical.value)?.[0];
  if (invisible === undefined) return canonical;
  const codePoint = `U+${invisible.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  return { ok: false, reason: `${field} must not contain an invisible format character (${codePoint}: a bidi mark, zero-width character or byte-order mark): it would name a different ${field} that looks the same` };
}

const CANONICAL_TEXT_RULES = 'no control characters or lone surrogates';
/** What canonicalId refuses beyond canonicalText, for the schemas' descriptions. */
export const CANONICAL_ID_RULES = `${CANONICAL_TEXT_RULES}, no invisible format characters (bidi marks, zero-width characters, byte-order mark)`;

/**
 * canonicalText as a zod schema: parses to the canonical form, or fails with the reason. A field with
 * rules of its own passes its own canonicaliser (which applies canonicalText first).
 */
export const canonicalTextSchema = (field: string, maxLength: number, canonicalise: (raw: string) => CanonicalText = (raw) => canonicalText(raw, field, maxLength), rules = CANONICAL_TEXT_RULES) =>
  z
    .string({ error: `${field} must be a string` })
    .max(4 * maxLength, `${field} must be at most ${maxLength} characters`)
    .meta({ description: `1-${maxLength} characters once NFC-normalised and trimmed (the canonical form the suite stores and compares); ${rules}` })
    .transform((raw, ctx) => {
      const canonical = canonicalise(raw);
      if (canonical.ok) return canonical.value;
      ctx.addIssue({ code: 'custom', message: canonical.reason });
      return z.NEVER;
    });

/** canonicalId as a zod schema (a field with rules of its own passes its own canonicaliser, which applies canonicalId first). */
export const canonicalIdSchema = (field: string, maxLength: number, canonicalise: (raw: string) => CanonicalText = (raw) => canonicalId(raw, field, maxLength)) =>
  canonicalTextSchema(field, maxLength, canonicalise, CANONICAL_ID_RULES);
