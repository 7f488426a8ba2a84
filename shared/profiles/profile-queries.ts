import type { ConsentPurpose, EffectivePurpose } from '../consent/model';
import { notFound, serviceUnavailable } from '../http/errors';
import { isTombstone, withoutFeatures } from './fold';
import { linkedAnonymousUids } from './identity';
import type { PipelineSettings } from './settings';
import type { StoredProfile } from './update-profiles';
import { profileView, type ProfileView } from './view';

/** Read and erase sides of the profile store, as the API needs them. */
export interface ProfileReader {
  get(uid: string): Promise<StoredProfile | undefined>;
}
export interface ProfileEraser extends ProfileReader {
  /**
   * Replaces whatever is stored for `uid` with a tombstone. With `ifVersion`, only while the item is
   * still at that version (`undefined`: still absent); otherwise `'conflict'`.
   */
  erase(uid: string, erasedAt: Date, condition?: { ifVersion: number | undefined }): Promise<{ existed: boolean } | 'conflict'>;
}

/** The user's current consent to a purpose, as the consents table holds it (the regime's default when never chosen). */
export interface ConsentLookup {
  purpose(uid: string, purpose: ConsentPurpose): Promise<EffectivePurpose>;
}

/**
 * The profile decayed to `now`; 404 when there is none (never stored, or erased). With profiling
 * refused the view holds no features and no segment, even in the moment before the feature updater
 * has applied the refusal from the stream (the consents table is read alongside the profile).
 */
export async function readProfile(store: ProfileReader, uid: string, options: { k: number; settings: PipelineSettings; now: number; consent?: ConsentLookup }): Promise<ProfileView> {
  const [stored, profiling] = await Promise.all([store.get(uid), options.consent?.purpose(uid, 'profiling')]);
  if (!stored || isTombstone(stored.value)) throw notFound('no profile for this user');
  const state = profiling?.status === 'refused' ? withoutFeatures(stored.value) : stored.value;
  return { ...profileView(state, options.now, options.k, options.settings), ...(profiling ? { consent: { profiling } } : {}) };
}

const MAX_ERASE_ATTEMPTS = 3;

/**
 * Erases everything stored for the user, and every anonymous profile merged into theirs
 * (identity.ts) first: the user's item is what names them, so it goes last and a failure part-way is
 * finished by the caller's retry. The user's tombstone is conditional on the version read, so a merge
 * that lands in between is seen by the next attempt. A marker with only the erasure time stays (with
 * a TTL) on each item so events already in flight are discarded; 404 tells the caller there was no
 * profile to erase, but the marker is written all the same, so events still in the stream cannot
 * create one.
 */
export async function eraseProfile(store: ProfileEraser, uid: string, at: Date): Promise<void> {
  for (let attempt = 1; attempt <= MAX_ERASE_ATTEMPTS; attempt++) {
    const stored = await store.get(uid);
    for (const anonymousUid of linkedAnonymousUids(stored?.value)) await store.erase(anonymousUid, at);
    const outcome = await store.erase(uid, at, { ifVersion: stored?.version });
    if (outcome === 'conflict') continue;
    if (!outcome.existed) throw notFound('no profile for this user (events still in flight for it will be discarded)');
    return;
  }
  throw serviceUnavailable('the profile kept changing while it was being erased; retry the request');
}
