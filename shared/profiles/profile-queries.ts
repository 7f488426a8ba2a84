import { notFound } from '../http/errors';
import { isTombstone } from './fold';
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

/** The profile decayed to `now`; 404 when there is none (never stored, or erased). */
export async function readProfile(store: ProfileReader, uid: string, options: { k: number; settings: PipelineSettings; now: number }): Promise<ProfileView> {
  const stored = await store.get(uid);
  if (!stored || isTombstone(stored.value)) throw notFound('no profile for this user');
  return profileView(stored.value, options.now, options.k, options.settings);
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

