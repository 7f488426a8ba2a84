import { z } from 'zod';
import { badRequest, HttpError } from './errors';

/**
 * Optimistic concurrency for the PUTs that replace a versioned configuration (experiments,
 * campaigns). The entity tag of such a resource is its version, quoted (`"3"`), sent as `ETag` by its
 * GET and PUT. A client that edits what it read sends `If-Match: "3"`: the write happens only while
 * the stored version is still 3, and is otherwise refused with 412 and the current version (RFC 9110
 * §13.1.1), so two edits made from the same read cannot silently undo one another. `If-Match: *`
 * asks only that the resource exist. Without the header a PUT replaces whatever is stored.
 */
export type IfMatch = { readonly any: true } | { readonly versions: readonly number[] };

const FORM = 'If-Match takes "*" or entity tags as ETag gives them, e.g. If-Match: "3"';
const ENTITY_TAG = /^(W\/)?"([^"]*)"$/;

export const etagOf = (version: number) => `"${version}"`;

/** The header's value (API Gateway lowercases header names); a malformed one is a 400 that shows the form. */
export const parseIfMatch = (header: string | undefined): IfMatch | undefined => parseEntityTags(header, 'If-Match', FORM);

/**
 * `If-None-Match` on a PUT: `*` creates only if nothing is stored (a second creator gets 412 instead
 * of replacing the first one's configuration); entity tags refuse to write over those versions.
 * Ignoring it, as the API did, let a create-only PUT replace what was there.
 */
export const parseIfNoneMatch = (header: string | undefined): IfMatch | undefined => parseEntityTags(header, 'If-None-Match', NONE_FORM);

const NONE_FORM = 'If-None-Match takes "*" (create only if absent) or entity tags as ETag gives them, e.g. If-None-Match: "3"';

function parseEntityTags(header: string | undefined, name: 'If-Match' | 'If-None-Match', form: string): IfMatch | undefined {
  if (header === undefined) return undefined;
  if (header.trim() === '*') return { any: true };
  const versions: number[] = [];
  // Empty list elements (`"3",`, `"3",,"4"`) are ignored, as RFC 9110 §5.6.1 asks; a list of nothing is malformed.
  const parts = header.split(',').map((part) => part.trim()).filter((part) => part !== '');
  if (parts.length === 0) throw badRequest(`malformed ${name} header: ${form}`);
  for (const part of parts) {
    const match = ENTITY_TAG.exec(part);
    if (!match) throw badRequest(`malformed ${name} header: ${form}`);
    const [, weak, tag] = match as unknown as [string, string | undefined, string];
    // Entity tags compare as strings (RFC 9110 §8.8.3.2): "03" is not the "3" ETag gave, though Number() reads both as 3.
    if (!/^(?:0|[1-9][0-9]{0,14})$/.test(tag)) throw badRequest(`${name} names an entity tag this API never gave ("${tag.slice(0, 40)}"): ${form}`);
    // A weak tag never matches under If-Match's strong comparison; If-None-Match compares weakly (RFC 9110 §13.1.2).
    if (!weak || name === 'If-None-Match') versions.push(Number(tag));
  }
  return { versions };
}

/** 412 unless the stored version (undefined: nothing stored) satisfies If-Match; no header always passes. */
export function assertIfMatch(ifMatch: IfMatch | undefined, currentVersion: number | undefined, what: string): void {
  if (ifMatch === undefined) return;
  const matches = currentVersion !== undefined && ('any' in ifMatch || ifMatch.versions.includes(currentVersion));
  if (matches) return;
  const message =
    currentVersion === undefined
      ? `${what} does not exist, so If-Match cannot hold (leave If-Match out to create it)`
      : `${what} is at version ${currentVersion}, not the one If-Match names: it changed since you read it; read it again, reapply your change and send If-Match: ${etagOf(currentVersion)}`;
  throw new HttpError(412, 'PreconditionFailed', message, { currentVersion: currentVersion ?? null });
}

/** 412 when If-None-Match holds the stored version (`*`: any stored version); no header, or nothing stored, always passes. */
export function assertIfNoneMatch(ifNoneMatch: IfMatch | undefined, currentVersion: number | undefined, what: string): void {
  if (ifNoneMatch === undefined || currentVersion === undefined) return;
  if (!('any' in ifNoneMatch) && !ifNoneMatch.versions.includes(currentVersion)) return;
  const message = 'any' in ifNoneMatch ? `${what} exists (version ${currentVersion}): If-None-Match: * creates it only if it does not` : `${what} is at version ${currentVersion}, which If-None-Match excludes`;
  throw new HttpError(412, 'PreconditionFailed', message, { currentVersion });
}

/** The request header as the API documents it (`openapi.json`). */
export const IfMatchHeaderSchema = z.object({
  'if-match': z
    .string()
    .optional()
    .meta({ description: 'Replace only if the stored version is this one: the `ETag` a GET or PUT gave, e.g. `"3"` (or `*`: only if it exists). Otherwise 412 with `details.currentVersion`; without the header the last writer wins.' }),
  'if-none-match': z
    .string()
    .optional()
    .meta({ description: '`*`: create only, 412 with `details.currentVersion` if it exists; or entity tags: write only if the stored version is none of them.' }),
});

/** The response header as the API documents it. */
export const ETagHeaderSchema = z.object({ etag: z.string().meta({ description: 'The version, quoted (`"3"`): send it back as If-Match to make the next PUT conditional on it' }) });
