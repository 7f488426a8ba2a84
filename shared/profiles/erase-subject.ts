import { notFound, serviceUnavailable } from '../http/errors';
import { mergedInto } from './identity';
import { eraseProfile, type ProfileEraser } from './profile-queries';
import type { ProfileState } from './state';

/** The pseudonymous subject of an erasure request: a user, or an anonymous visitor (shared/privacy/user-id.ts `subjectOf`). */
export interface ErasureSubject {
  kind: 'user' | 'anonymous';
  uid: string;
}

/** The profile store as an anonymous erasure needs it: it also rewrites the user a visitor was merged into. */
export interface SubjectProfileStore extends ProfileEraser {
  save(state: ProfileState, expectedVersion: number | undefined): Promise<'saved' | 'conflict'>;
}

export interface ErasureDeps {
  profiles: SubjectProfileStore;
  decisions: { eraseUser(uid: string, erasedAt: Date): Promise<unknown> };
  consents: { erase(uid: string, erasedAt: Date, proofRetentionDays: number): Promise<unknown> };
  consentProofRetentionDays: number;
}

/**
 * DELETE /v1/profiles/{id}[?subject=anonymous]: erases everything stored under the subject's pseudonym.
 * 1. its decisions (first: the profile's erasure answers 404 when there was no profile);
 * 2. its consent state, keeping only the proof of each recorded choice for the retention period;
 * 3. its profile: a user's with every visitor merged into it (`eraseProfile`); an anonymous visitor's
 *    with the link from it cut (`eraseAnonymousProfile`).
 * Every step can be repeated, so a request cut short is finished by its resend.
 */
export async function eraseSubject(subject: ErasureSubject, at: Date, deps: ErasureDeps): Promise<void> {
  await deps.decisions.eraseUser(subject.uid, at);
  await deps.consents.erase(subject.uid, at, deps.consentProofRetentionDays);
  if (subject.kind === 'anonymous') await eraseAnonymousProfile(deps.profiles, subject.uid, at);
  else await eraseProfile(deps.profiles, subject.uid, at);
}

const MAX_ERASE_ATTEMPTS = 3;

/**
 * Erases an anonymous visitor's profile. A visitor merged into a user (identity.ts) has only a cleared
 * profile left: its history is in the user's profile now and is the user's to erase (it cannot be told
 * apart once folded). What names the visitor there, its entry in the user's `identity.linked`, is
 * removed first (a conditional write at the user's version read), then the visitor becomes a tombstone
 * (conditional on its version read), so events and links of the visitor still in flight or re-posted
 * with old times are discarded, and its later events build a new profile that is not forwarded to the
 * user. In that order a failure part-way is finished by the retry: the visitor still names its user
 * until its tombstone is written. 404 when no profile was stored for the visitor (the tombstone is
 * written all the same).
 */
export async function eraseAnonymousProfile(store: SubjectProfileStore, anonymousUid: string, at: Date): Promise<void> {
  for (let attempt = 1; attempt <= MAX_ERASE_ATTEMPTS; attempt++) {
    const stored = await store.get(anonymousUid);
    const userUid = mergedInto(stored?.value);
    if (userUid !== undefined && (await unlink(store, userUid, anonymousUid)) === 'conflict') continue;
    const outcome = await store.erase(anonymousUid, at, { ifVersion: stored?.version });
    if (outcome === 'conflict') continue;
    if (!outcome.existed) throw notFound('no profile for this anonymous id (events still in flight for it will be discarded)');
    return;
  }
  throw serviceUnavailable('the profile kept changing while it was being erased; retry the request');
}

async function unlink(store: SubjectProfileStore, userUid: string, anonymousUid: string): Promise<'done' | 'conflict'> {
  const user = await store.get(userUid);
  if (!user || !('lineage' in user.value)) return 'done';
  const state = user.value;
  const linked = state.identity?.linked ?? [];
  if (!linked.some((link) => link.anonymousUid === anonymousUid)) return 'done';
  const identity = { ...state.identity, linked: linked.filter((link) => link.anonymousUid !== anonymousUid) };
  return (await store.save({ ...state, identity }, user.version)) === 'saved' ? 'done' : 'conflict';
}
