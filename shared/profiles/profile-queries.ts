import type { ConsentPurpose, EffectivePurpose } from '../consent/model';
import { notFound } from '../http/errors';
import { isTombstone, withoutFeatures } from './fold';
import type { PipelineSettings } from './settings';
import type { StoredProfile } from './update-profiles';
import { profileView, type ProfileView } from './view';

/** Read and erase sides of the profile store, as the API needs them. */
export interface ProfileReader {
  get(uid: string): Promise<StoredProfile | undefined>;
}
export interface ProfileEraser {
  erase(uid: string, erasedAt: Date): Promise<{ existed: boolean }>;
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

/**
 * Erases everything stored for the user. A marker with only the erasure time stays (with a TTL) so
 * events already in flight are discarded; 404 tells the caller there was no profile to erase, but
 * the marker is written all the same, so events still in the stream cannot create one.
 */
export async function eraseProfile(store: ProfileEraser, uid: string, at: Date): Promise<void> {
  const { existed } = await store.erase(uid, at);
  if (!existed) throw notFound('no profile for this user (events still in flight for it will be discarded)');
}

