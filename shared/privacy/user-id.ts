import { z } from 'zod';
import { canonicalId, canonicalIdSchema } from '../validation/strings';

/**
 * The one canonical form of a user id, applied identically at every edge that takes one (the
 * events ingest, GET and DELETE /v1/profiles/{userId}, and any later capability that looks a user
 * up), so that the id a client posts events under is the id it can read and erase:
 * - Unicode NFC (an "é" typed as one code point or as e + ◌́ is one user);
 * - trimmed of leading and trailing white space (" spacey " is "spacey");
 * - 1 to 256 UTF-16 code units.
 * Refused, with a reason, are ids that could not name one user reliably: lone surrogates (UTF-8
 * turns every one into U+FFFD, so "\ud800" and "\ufffd" would share a pseudonym), control
 * characters, invisible format characters (a bidi mark or a zero-width space would make a second
 * user who looks like the first: shared/validation/strings.ts `canonicalId`), and ids a URL path segment cannot carry: "." and "..", which URL parsers resolve away,
 * and "/" or "\", which split the path.
 */
export const MAX_USER_ID_LENGTH = 256;

export type CanonicalUserId = { ok: true; userId: string } | { ok: false; reason: string };

export function canonicalUserId(raw: string): CanonicalUserId {
  const canonical = canonicalId(raw, 'userId', MAX_USER_ID_LENGTH);
  if (!canonical.ok) return canonical;
  const userId = canonical.value;
  if (userId === '.' || userId === '..') return { ok: false, reason: 'userId cannot be "." or "..": a URL path cannot carry it, so the profile could be neither read nor erased' };
  if (/[/\\]/.test(userId)) return { ok: false, reason: 'userId must not contain "/" or "\\": a URL path segment cannot carry it' };
  return { ok: true, userId };
}

/** The canonical user id as a zod schema: parses to the canonical form, or fails with the reason. */
export const UserIdSchema = canonicalIdSchema('userId', MAX_USER_ID_LENGTH, (raw) => {
  const canonical = canonicalUserId(raw);
  return canonical.ok ? { ok: true, value: canonical.userId } : canonical;
});

/** The path of the per-user routes (`/v1/profiles/{userId}`, `/v1/consents/{userId}`): the raw id, canonicalised. */
export const UserPathSchema = z.object({ userId: UserIdSchema });

/**
 * The subject a tracker's `anonymousId` is pseudonymised as. The prefix holds a control character,
 * which no canonical user id may contain, so an anonymous visitor's pseudonym can never equal a
 * signed-in user's, whatever ids a client chooses. The anonymous id takes the same canonical form
 * as a user id (NFC, trimmed, 1–256 code units) before the prefix.
 */
export const ANONYMOUS_SUBJECT_PREFIX = '\u0001anonymous:';
export const anonymousSubject = (canonicalAnonymousId: string): string => `${ANONYMOUS_SUBJECT_PREFIX}${canonicalAnonymousId}`;

/**
 * Whom the id in a `/v1/profiles/{id}` path names: a signed-in `user` (the default), or the
 * `anonymous` visitor a tracker knows by that `anonymousId`. A path cannot carry the anonymous
 * prefix's control character, so the query says it; the id takes the same canonical form either way.
 */
export const SubjectKindSchema = z.enum(['user', 'anonymous']).default('user').meta({
  description: '`user` (default): the path id is a user id. `anonymous`: it is a tracker `anonymousId` (a visitor who may never have signed in)',
});
export type SubjectKind = z.infer<typeof SubjectKindSchema>;

/** The string pseudonymised for the subject `kind` with the canonical id `id`. */
export const subjectOf = (kind: SubjectKind, id: string): string => (kind === 'anonymous' ? anonymousSubject(id) : id);
