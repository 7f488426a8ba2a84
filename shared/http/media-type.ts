/**
 * RFC 6838 §4.2 restricted-name: a letter or digit, then up to 126 of letters, digits and `!#$&-^_.+`.
 * A structured-suffix name (RFC 6839 §3.1) is such a name ending in `+json`.
 */
const JSON_MEDIA_TYPE = /^application\/(?:json|[a-z0-9][a-z0-9!#$&^_.+-]{0,121}\+json)$/i;

/** What a JSON route answers 415 with, naming what it takes. */
export const JSON_MEDIA_TYPES_ACCEPTED = 'application/json or an application/…+json type (such as application/merge-patch+json), parameters such as charset allowed';

/**
 * Whether a `content-type` says the body is a JSON text: `application/json` (RFC 8259 §11) or a
 * `+json` structured suffix (RFC 6839 §3.1), with any parameters (RFC 6838 §4.3), case-insensitive.
 * A prefix match took look-alikes for JSON: `application/json-seq` (RFC 7464, records separated by
 * RS), `application/jsonl` and `application/json5` are other formats, and a body in them that happens
 * to parse is still not what the sender meant.
 */
export function isJsonMediaType(contentType: string): boolean {
  const semicolon = contentType.indexOf(';');
  const mediaType = (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim();
  return JSON_MEDIA_TYPE.test(mediaType);
}
