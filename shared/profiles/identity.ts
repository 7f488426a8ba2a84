import type { CleaningMemory } from './cleaning';
import { decayFactor, pruneDecayedMap, type Decayed } from './decay';
// fold.ts calls into this module and this module builds on fold.ts's empty profile: a cycle that is
// safe because neither uses the other while loading.
import { MAX_ACTIVE_DAYS, MAX_RECENT_SEARCHES, MAX_TRACKED_VIDEOS, VIDEO_COMPLETED_AT, emptyProfile, type FoldContext } from './fold';
import { halfLives, type PipelineSettings } from './settings';
import { FEATURE_GROUPS, cloneState, type DecayedScores, type DropRule, type LinkOutcome, type ProfileState, type Tombstone } from './state';
import type { IdentityStreamRecord } from '../stream/records';
import type { StoredProfile } from './update-profiles';

/**
 * Identity stitching: an `identify` record (a tracker's identify/alias naming both ids) merges the
 * anonymous visitor's profile into the user's. The profile store has no transactions (dynalite, the
 * local emulator, has none), so the merge is three conditional writes, ordered so that a failure
 * between any two is repaired by Lambda's retry and no event is counted twice or lost:
 *
 * 1. claim: the anonymous profile is written with `identity.mergedInto = user` (its history kept as
 *    it is), conditional on the version read. From then on the feature updater forwards its later
 *    events to the user's partition instead of applying them, so its history is frozen. A visitor with
 *    no profile yet gets a claimed empty one: events that arrive after the identify are forwarded too.
 * 2. merge: the frozen history is added to the user's profile together with the link in
 *    `identity.linked`, in the user's one conditional write of the batch. A link whose anonymous uid
 *    is already listed does nothing, whichever record carries it (a redelivery, a second identify).
 * 3. release: the claimed profile's features are cleared (its watermarks, counters and the claim
 *    stay), leaving the history in the user's profile only. Any later batch that loads the pair
 *    repeats a release that did not happen.
 *
 * Events are deduplicated across the merge: the anonymous profile's event-id fingerprints are added
 * to the user's, so an event already counted under the anonymous id and forwarded or sent again
 * under the user's is a duplicate. A user who refused profiling gets the link but not the history:
 * the anonymous profile is claimed (its later events then reach the user and are dropped there as
 * `consent-refused`) and released, so it is forgotten instead of merged.
 */

/** Anonymous visitors linked per user; past it, links are counted in `identity.overLimit` and skipped. */
export const MAX_LINKED_ANONYMOUS = 50;

/** A write of an anonymous profile that must succeed before the user's profile is written. */
export interface Claim {
  state: ProfileState;
  expectedVersion: number | undefined;
}

/** What the fold did with the identify records of one batch. */
export interface IdentityOutcome {
  claims: Claim[];
  /** Links applied, by outcome. */
  links: Partial<Record<LinkOutcome, number>>;
  overLimit: number;
}

export const emptyIdentityOutcome = (): IdentityOutcome => ({ claims: [], links: {}, overLimit: 0 });

/** The user an anonymous profile was merged into, if any: its events go there. */
export const mergedInto = (stored: ProfileState | Tombstone | undefined): string | undefined =>
  stored && 'lineage' in stored ? stored.identity?.mergedInto?.uid : undefined;

/** The anonymous profiles whose history lives in this user's profile (the erasure cascade erases them). */
export const linkedAnonymousUids = (stored: ProfileState | Tombstone | undefined): string[] =>
  stored && 'lineage' in stored ? (stored.identity?.linked ?? []).filter((link) => link.outcome !== 'claimed-by-other-user').map((link) => link.anonymousUid) : [];

const holdsHistory = (state: ProfileState) => Object.keys(state.lineage.features).length > 0 || state.cleaning.seenEvents.byteLength > 0 || state.activity.firstSeenAt !== undefined;

/** Whether `anonymous`, claimed by `user`, still holds history the user's profile already has: step 3 is due. */
export function releaseDue(anonymous: ProfileState | Tombstone | undefined, user: ProfileState | Tombstone | undefined): anonymous is ProfileState {
  if (!anonymous || !('lineage' in anonymous) || !user || mergedInto(anonymous) !== user.uid || !holdsHistory(anonymous)) return false;
  // A user erased between the claim and the merge: the claimed history must not outlive them either.
  return 'erasedAt' in user || linkedAnonymousUids(user).includes(anonymous.uid);
}

/**
 * Applies one identify record to the user's state inside the fold (in stream order with the user's own
 * records). `anonymous` is the linked profile as loaded; a claim it needs is added to `outcome`.
 */
export function applyIdentityLink(
  state: ProfileState,
  memory: CleaningMemory,
  record: IdentityStreamRecord,
  anonymous: StoredProfile | undefined,
  context: FoldContext,
  profiling: boolean,
  outcome: IdentityOutcome,
): void {
  const { anonymousUid, linkId, linkedAt } = record.link;
  const identity = (state.identity ??= {});
  const linked = (identity.linked ??= []);
  if (linked.some((link) => link.anonymousUid === anonymousUid)) return;
  if (linked.length >= MAX_LINKED_ANONYMOUS) {
    identity.overLimit = (identity.overLimit ?? 0) + 1;
    outcome.overLimit++;
    return;
  }
  const value = anonymous?.value;
  const claimedBy = mergedInto(value);
  let result: LinkOutcome;
  let events = 0;
  if (claimedBy !== undefined && claimedBy !== state.uid) {
    // A shared device: the visitor's history already went to the first user who signed in on it.
    result = 'claimed-by-other-user';
  } else {
    if (claimedBy === undefined) outcome.claims.push({ state: claimed(value, anonymousUid, state.uid, record, context), expectedVersion: anonymous?.version });
    const history = value && 'lineage' in value ? value : undefined;
    result = profiling ? 'merged' : 'consent-refused';
    if (history && profiling) {
      mergeHistory(state, memory, history, context.settings);
      events = history.lineage.eventsApplied;
    }
  }
  linked.push({ anonymousUid, linkId, linkedAt, mergedAt: record.receivedAt, pipelineVersion: context.pipelineVersion, outcome: result, events });
  outcome.links[result] = (outcome.links[result] ?? 0) + 1;
}

/** The anonymous profile marked as merged into `userUid`; a tombstone's cut-off stays with it. */
function claimed(value: ProfileState | Tombstone | undefined, anonymousUid: string, userUid: string, record: IdentityStreamRecord, context: FoldContext): ProfileState {
  const state = value && 'lineage' in value ? cloneState(value) : emptyProfile(anonymousUid, context, record.receivedAt);
  if (value && 'erasedAt' in value) state.cleaning.erasedBefore = Date.parse(value.erasedAt);
  state.identity = { ...state.identity, mergedInto: { uid: userUid, linkId: record.link.linkId, at: record.receivedAt } };
  return state;
}

/**
 * Adds the anonymous history to the user's profile as if its events had been applied to it: counts
 * and sums add up, decayed scores combine at the later of their two times, bounded lists keep their
 * newest entries, and the cleaning memory (event ids, clicks, event times) is unioned.
 */
export function mergeHistory(user: ProfileState, memory: CleaningMemory, anonymous: ProfileState, settings: PipelineSettings): void {
  const { shortMs, longMs, activityMs } = halfLives(settings);
  const interests = user.interests;
  interests.categoryShort = combineDecayedMaps(interests.categoryShort, anonymous.interests.categoryShort, shortMs);
  interests.brandShort = combineDecayedMaps(interests.brandShort, anonymous.interests.brandShort, shortMs);
  interests.categoryLong = combineDecayedMaps(interests.categoryLong, anonymous.interests.categoryLong, longMs);
  interests.brandLong = combineDecayedMaps(interests.brandLong, anonymous.interests.brandLong, longMs);
  const now = Math.max(...[user, anonymous].map((state) => (state.activity.lastSeenAt ? Date.parse(state.activity.lastSeenAt) : 0)));
  for (const key of ['categoryShort', 'brandShort'] as const) interests[key] = pruneDecayedMap(interests[key], settings.maxInterestKeys, now, shortMs);
  for (const key of ['categoryLong', 'brandLong'] as const) interests[key] = pruneDecayedMap(interests[key], settings.maxInterestKeys, now, longMs);

  const spending = user.spending;
  const theirs = anonymous.spending;
  for (const key of ['viewed', 'carted', 'purchased'] as const) {
    spending[key] = { n: spending[key].n + theirs[key].n, sumLog: spending[key].sumLog + theirs[key].sumLog, max: Math.max(spending[key].max, theirs[key].max) };
  }
  spending.orders += theirs.orders;
  addCounters(spending.totals, theirs.totals, (sum) => Math.round(sum * 100) / 100);
  spending.lastPurchaseAt = later(spending.lastPurchaseAt, theirs.lastPurchaseAt);

  const engagement = user.engagement;
  const their = anonymous.engagement;
  for (const key of ['dwellMs', 'dwellViews', 'likes', 'comments', 'shares', 'searches', 'adImpressions', 'adClicks'] as const) engagement[key] += their[key];
  // A video watched under both ids is one video: started and completed once, at its furthest progress.
  const mine = new Map(engagement.videos.map((video) => [video.id, video.progress]));
  const videos = their.videos.filter((video) => !mine.has(video.id));
  const shared = their.videos.filter((video) => mine.has(video.id));
  engagement.videosStarted += their.videosStarted - shared.length;
  engagement.videosCompleted += their.videosCompleted - shared.filter((video) => video.progress >= VIDEO_COMPLETED_AT && mine.get(video.id)! >= VIDEO_COMPLETED_AT).length;
  const furthest = new Map(shared.map((video) => [video.id, Math.max(video.progress, mine.get(video.id)!)]));
  engagement.videos = [...videos, ...engagement.videos.map((video) => ({ id: video.id, progress: furthest.get(video.id) ?? video.progress }))].slice(-MAX_TRACKED_VIDEOS);
  engagement.recentSearches = [...engagement.recentSearches, ...their.recentSearches].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0)).slice(0, MAX_RECENT_SEARCHES);

  const activity = user.activity;
  activity.firstSeenAt = earlier(activity.firstSeenAt, anonymous.activity.firstSeenAt);
  activity.lastSeenAt = later(activity.lastSeenAt, anonymous.activity.lastSeenAt);
  activity.weekly = combineDecayed(activity.weekly, anonymous.activity.weekly, activityMs);
  addCounts(activity.eventCounts, anonymous.activity.eventCounts);
  activity.activeDays = [...new Set([...activity.activeDays, ...anonymous.activity.activeDays])].sort().slice(-MAX_ACTIVE_DAYS);

  addCounts(user.context.devices, anonymous.context.devices);
  addCounts(user.context.networks, anonymous.context.networks);
  user.context.hourOfDay = user.context.hourOfDay.map((count, hour) => count + (anonymous.context.hourOfDay[hour] ?? 0));

  memory.fingerprints.addAll(anonymous.cleaning.seenEvents);
  const cleaning = user.cleaning;
  const clicks = cleaning.recentClicks;
  for (const [key, at] of anonymous.cleaning.recentClicks) {
    const known = clicks.get(key);
    if (known === undefined || known < at) clicks.set(key, at);
  }
  const times = [...cleaning.recentEventTimes, ...anonymous.cleaning.recentEventTimes].sort((a, b) => a - b);
  const newest = times[times.length - 1] ?? 0;
  cleaning.recentEventTimes = times.filter((at) => at >= newest - settings.botRateWindowMs);
  if (anonymous.cleaning.botUntil !== undefined) cleaning.botUntil = Math.max(cleaning.botUntil ?? 0, anonymous.cleaning.botUntil);

  const lineage = user.lineage;
  lineage.eventsApplied += anonymous.lineage.eventsApplied;
  for (const [rule, count] of Object.entries(anonymous.lineage.dropped) as [DropRule, number][]) lineage.dropped[rule] = (lineage.dropped[rule] ?? 0) + count;
  for (const group of FEATURE_GROUPS) {
    const other = anonymous.lineage.features[group];
    if (!other) continue;
    const current = lineage.features[group];
    lineage.features[group] =
      current === undefined
        ? { ...other }
        : { events: current.events + other.events, ...(Date.parse(other.lastEventAt) > Date.parse(current.lastEventAt) ? { lastEventId: other.lastEventId, lastEventAt: other.lastEventAt } : { lastEventId: current.lastEventId, lastEventAt: current.lastEventAt }) };
  }
}

/** Two scores of the same key as one: each decayed to the later time, then added. */
export function combineDecayed(a: Decayed, b: Decayed, halfLifeMs: number): Decayed {
  const t = Math.max(a.t, b.t);
  return { v: a.v * decayFactor(t - a.t, halfLifeMs) + b.v * decayFactor(t - b.t, halfLifeMs), t };
}

function combineDecayedMaps(mine: DecayedScores, theirs: DecayedScores, halfLifeMs: number): DecayedScores {
  const combined = new Map(mine);
  for (const [key, score] of theirs) {
    const current = combined.get(key);
    combined.set(key, current ? combineDecayed(current, score, halfLifeMs) : { ...score });
  }
  return combined;
}

function addCounters<K extends string>(into: Partial<Record<K, number>>, from: Partial<Record<K, number>>, round: (sum: number) => number = (sum) => sum): void {
  for (const [key, count] of Object.entries(from) as [K, number][]) into[key] = round((Object.hasOwn(into, key) ? into[key]! : 0) + count);
}

function addCounts<K extends string>(into: Map<K, number>, from: ReadonlyMap<K, number>): void {
  for (const [key, count] of from) into.set(key, (into.get(key) ?? 0) + count);
}

const earlier = (a: string | undefined, b: string | undefined) => (a === undefined ? b : b === undefined || a <= b ? a : b);
const later = (a: string | undefined, b: string | undefined) => (a === undefined ? b : b === undefined || a >= b ? a : b);
