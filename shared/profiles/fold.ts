import { pruneClickMemory, screenEvent, type CleaningMemory } from './cleaning';
import { addDecayedInPlace, pruneDecayedMap } from './decay';
import { appliesAfterErasure } from './erasure';
import type { EventBody, EventType, StreamRecord } from './events';
import type { ConsentRegime } from '../consent/model';
import type { ConsentStreamRecord, IdentityStreamRecord } from '../stream/records';
import { FingerprintSet } from './fingerprints';
import { applyIdentityLink, emptyIdentityOutcome, type IdentityOutcome } from './identity';
import { isoFromMs, parseIsoMs } from './iso-time';
import { interestKey } from './placeholders';
import { halfLives, type HalfLives, type PipelineSettings } from './settings';
import { FEATURE_GROUPS, cloneState, unpadSequence, type DecayedScores, type DropRule, type ProfileState, type Tombstone } from './state';
import type { StoredProfile } from './update-profiles';

/** One decoded Kinesis record of a user, in shard order: an event, a consent change or an identity link. */
export interface UserRecord {
  shardId: string;
  sequenceNumber: string;
  record: StreamRecord | ConsentStreamRecord | IdentityStreamRecord;
}

export interface FoldContext {
  pipelineVersion: string;
  streamName: string;
  settings: PipelineSettings;
  /**
   * The deployment's consent regime: what applies to a user whose consent change has not (yet) reached
   * the profile. `opt-in`: no profiling without a grant. @default 'opt-out'
   */
  consentRegime?: ConsentRegime;
}

export interface FoldResult {
  /** The state to write, or undefined when nothing is new (a pure redelivery): no write at all. */
  state: ProfileState | undefined;
  applied: number;
  dropped: Partial<Record<DropRule, number>>;
  /** Records at or below the user's watermark: already applied by an earlier delivery. */
  replayed: number;
  /** Consent changes applied (a change older than the one the profile holds is skipped, not counted). */
  consentChanges: number;
  /** Identity links applied, and the anonymous profiles to claim before `state` is written (identity.ts). */
  identity?: IdentityOutcome;
}

/** Interest weight of each event type: stronger signals of intent count more. */
const INTEREST_WEIGHT: Record<EventBody['type'], number> = {
  page_view: 0.2,
  product_view: 1,
  search: 0.5,
  add_to_cart: 3,
  purchase: 5,
  video_progress: 1,
  like: 2,
  comment: 2,
  share: 3,
  ad_impression: 0.05,
  ad_click: 1.5,
};

export const MAX_RECENT_SEARCHES = 10;
export const MAX_TRACKED_VIDEOS = 20;
export const MAX_ACTIVE_DAYS = 30;
/** A video counts as completed past this progress (players rarely report exactly 1.0). */
export const VIDEO_COMPLETED_AT = 0.95;
const FUTURE_GRACE_MS = 60_000;

/** Client clocks run fast: an event is never dated after the API received it (plus a grace). */
const eventTime = (timestamp: string, receivedAt: number) => Math.min(parseIsoMs(timestamp), receivedAt + FUTURE_GRACE_MS);

/**
 * The records above their shard's watermark, in order; the input itself when all are (no copy).
 * Watermarks are held without their zero padding in memory (state.ts); one that still carries it (a
 * state built by hand) is unpadded once per shard and fold, never per record.
 */
function unseenRecords(records: readonly UserRecord[], watermarks: Readonly<Record<string, string>> | undefined): readonly UserRecord[] {
  if (watermarks === undefined) return records;
  let kept: UserRecord[] | undefined;
  let shardId: string | undefined;
  let watermark: string | undefined;
  for (let index = 0; index < records.length; index++) {
    const entry = records[index]!;
    if (entry.shardId !== shardId) {
      shardId = entry.shardId;
      watermark = Object.hasOwn(watermarks, shardId) ? unpadSequence(watermarks[shardId]!) : undefined;
    }
    if (watermark === undefined || sequenceAbove(unpadSequence(entry.sequenceNumber), watermark)) kept?.push(entry);
    else kept ??= records.slice(0, index);
  }
  return kept ?? records;
}

/** Decimal strings without leading zeros (Kinesis writes none; `unpadSequence` takes any off) compare as numbers by length, then as strings. */
const sequenceAbove = (a: string, b: string) => a.length > b.length || (a.length === b.length && a > b);

/** Raises each shard's watermark to the highest sequence applied from it (a batch comes from one shard: no map then), unpadded (state.ts). */
function setWatermarks(watermarks: Record<string, string>, applied: readonly UserRecord[]): void {
  const shardId = applied[0]!.shardId;
  let highest = unpadSequence(applied[0]!.sequenceNumber);
  let oneShard = true;
  for (let index = 1; index < applied.length && oneShard; index++) {
    const entry = applied[index]!;
    if (entry.shardId !== shardId) oneShard = false;
    else {
      const sequence = unpadSequence(entry.sequenceNumber);
      if (sequenceAbove(sequence, highest)) highest = sequence;
    }
  }
  if (oneShard) {
    watermarks[shardId] = highest;
    return;
  }
  const byShard = new Map<string, string>();
  for (const entry of applied) {
    const current = byShard.get(entry.shardId);
    const sequence = unpadSequence(entry.sequenceNumber);
    if (current === undefined || sequenceAbove(sequence, current)) byShard.set(entry.shardId, sequence);
  }
  for (const [shard, sequence] of byShard) watermarks[shard] = sequence;
}

/** A profile before its first applied event; `at` is when it is created. */
export function emptyProfile(uid: string, context: Pick<FoldContext, 'pipelineVersion' | 'streamName'>, at: string): ProfileState {
  const emptyPrices = () => ({ n: 0, sumLog: 0, max: 0 });
  return {
    uid,
    interests: { categoryShort: new Map(), categoryLong: new Map(), brandShort: new Map(), brandLong: new Map() },
    spending: { viewed: emptyPrices(), carted: emptyPrices(), purchased: emptyPrices(), orders: 0, totals: {} },
    engagement: {
      dwellMs: 0,
      dwellViews: 0,
      videos: [],
      videosStarted: 0,
      videosCompleted: 0,
      likes: 0,
      comments: 0,
      shares: 0,
      searches: 0,
      recentSearches: [],
      adImpressions: 0,
      adClicks: 0,
    },
    activity: { weekly: { v: 0, t: 0 }, eventCounts: new Map(), activeDays: [] },
    context: { devices: new Map(), networks: new Map(), hourOfDay: new Array<number>(24).fill(0) },
    cleaning: { seenEvents: new Uint8Array(), recentClicks: new Map(), recentEventTimes: [] },
    lineage: {
      pipelineVersion: context.pipelineVersion,
      stream: context.streamName,
      watermarks: {},
      eventsApplied: 0,
      dropped: {},
      lastBatch: { shardId: '', firstSequence: '', lastSequence: '', applied: 0, dropped: 0 },
      features: {},
      createdAt: at,
      updatedAt: at,
    },
  };
}

/** Profiling is allowed by the last consent change applied, or by the regime when none has been. */
export const profilingAllowed = (state: ProfileState, regime: ConsentRegime = 'opt-out'): boolean =>
  state.consent ? state.consent.purposes.profiling === 'granted' : regime === 'opt-out';

/**
 * Forgets everything the user's events taught: features, their lineage and the cleaning memory built
 * from them (event fingerprints, clicked items, event times). Kept: the identity, the stream
 * watermarks and counters, the erasure cut-off and the consent itself.
 */
function clearFeatures(state: ProfileState, memory: CleaningMemory): void {
  const empty = emptyProfile(state.uid, { pipelineVersion: state.lineage.pipelineVersion, streamName: state.lineage.stream }, state.lineage.createdAt);
  state.interests = empty.interests;
  state.spending = empty.spending;
  state.engagement = empty.engagement;
  state.activity = empty.activity;
  state.context = empty.context;
  state.cleaning = { ...empty.cleaning, ...(state.cleaning.erasedBefore === undefined ? {} : { erasedBefore: state.cleaning.erasedBefore }) };
  state.lineage.features = {};
  memory.fingerprints = new FingerprintSet(undefined);
  memory.cleaning = state.cleaning;
}

/** A copy of the profile with every feature forgotten (for a read that must not show them). */
export function withoutFeatures(state: ProfileState): ProfileState {
  const copy = cloneState(state);
  clearFeatures(copy, { fingerprints: new FingerprintSet(undefined), cleaning: copy.cleaning });
  return copy;
}

const hasFeatures = (state: ProfileState) => Object.keys(state.lineage.features).length > 0 || state.activity.firstSeenAt !== undefined || state.cleaning.seenEvents.byteLength > 0;

export const isTombstone = (stored: ProfileState | Tombstone | undefined): stored is Tombstone =>
  stored !== undefined && 'erasedAt' in stored;

/**
 * What the fold keeps aside while it applies a run of events and writes back once: the first and
 * last time seen as numbers (a Date, an ISO string and two string comparisons per event were a
 * visible share of the fold's profile), and the per-event writes into the profile's keyed counters
 * and feature lineage (see `PendingCounter`, `touchFeature`). `flushClock` before anything else reads or
 * replaces the activity, context or lineage (a consent change, an identity merge), `loadClock` after.
 */
interface ActivityClock {
  lives: HalfLives;
  /** Epoch ms of `activity.firstSeenAt` (+Infinity while unset) and `lastSeenAt` (−Infinity). */
  firstSeen: number;
  lastSeen: number;
  /**
   * `activity.firstSeenAt` while it is not read yet, `firstSeen` holding `lastSeen` meanwhile: only an
   * event older than the last seen can be older than the first seen, so most folds never parse it
   * (a parse per user and batch, which also pushed the event dates out of `parseIsoMs`'s memory).
   */
  firstPending: string | undefined;
  firstChanged: boolean;
  lastChanged: boolean;
  eventCounts: PendingCounter<EventType>;
  devices: PendingCounter<string>;
  networks: PendingCounter<string>;
  /** Per feature group (index in `FEATURE_GROUPS`): events that fed it since the last flush, and the last of them. */
  featureEvents: number[];
  featureLast: (EventBody | undefined)[];
  /** The first `featuresFed` entries: the groups fed since the last flush, in the order they were first fed (the order `lineage.features` gains new keys). */
  featureOrder: number[];
  featuresFed: number;
}

/**
 * One keyed counter's increments while the fold runs, for a run of events with the same key (a user's
 * events nearly always share a device and network, and often a type): the profile's counter objects
 * take many shapes, so each keyed read and write per event was a megamorphic lookup. Written when the
 * key changes and on `flushClock`, so keys are still added to the counter in the order first seen.
 */
interface PendingCounter<K extends string> {
  key: K | undefined;
  count: number;
}

const pendingCounter = <K extends string>(): PendingCounter<K> => ({ key: undefined, count: 0 });

function countKey<K extends string>(pending: PendingCounter<K>, key: K, counts: Map<K, number>): void {
  if (key === pending.key) {
    pending.count++;
    return;
  }
  writeCount(pending, counts);
  pending.key = key;
  pending.count = 1;
}

function writeCount<K extends string>(pending: PendingCounter<K>, counts: Map<K, number>): void {
  if (pending.key !== undefined) counts.set(pending.key, (counts.get(pending.key) ?? 0) + pending.count);
  pending.key = undefined;
  pending.count = 0;
}

/**
 * The one clock every fold uses, reset at its start (`resetClock`): the fold is synchronous and never
 * re-entered, and a fresh clock with its three counters and three arrays per user and batch was
 * about a tenth of the bytes the fold allocated.
 */
const sharedClock: ActivityClock = {
  lives: { shortMs: 0, longMs: 0, activityMs: 0 },
  firstSeen: Infinity,
  lastSeen: -Infinity,
  firstPending: undefined,
  firstChanged: false,
  lastChanged: false,
  eventCounts: pendingCounter(),
  devices: pendingCounter(),
  networks: pendingCounter(),
  featureEvents: FEATURE_GROUPS.map(() => 0),
  featureLast: FEATURE_GROUPS.map((): EventBody | undefined => undefined),
  featureOrder: FEATURE_GROUPS.map(() => 0),
  featuresFed: 0,
};

/**
 * `sharedClock` with nothing pending, whatever the last fold left: a fold that threw half-way must
 * not write its counts into the next user's profile.
 */
function resetClock(lives: HalfLives): ActivityClock {
  const clock = sharedClock;
  clock.lives = lives;
  clock.eventCounts.key = clock.devices.key = clock.networks.key = undefined;
  clock.eventCounts.count = clock.devices.count = clock.networks.count = 0;
  for (let group = 0; group < FEATURE_GROUPS.length; group++) {
    clock.featureEvents[group] = 0;
    clock.featureLast[group] = undefined;
  }
  clock.featuresFed = 0;
  return clock;
}

/** Whether an ISO time is in the form `isoFromMs` writes for years 0 to 9999 (`YYYY-MM-DDTHH:MM:SS.sssZ`), in which strings order as their times do. */
const isPlainUtcIso = (text: string) => text.length === 24 && text.charCodeAt(23) === 90 /* Z */ && text.charCodeAt(0) >= 48 && text.charCodeAt(0) <= 57;

function loadClock(clock: ActivityClock, state: ProfileState): void {
  const { firstSeenAt, lastSeenAt } = state.activity;
  clock.lastSeen = lastSeenAt ? parseIsoMs(lastSeenAt) : -Infinity;
  // First seen at or before last seen, as the fold always leaves them: read the first only if an event needs it (`firstPending`).
  if (firstSeenAt && lastSeenAt && isPlainUtcIso(firstSeenAt) && isPlainUtcIso(lastSeenAt) && firstSeenAt <= lastSeenAt) {
    clock.firstSeen = clock.lastSeen;
    clock.firstPending = firstSeenAt;
  } else {
    clock.firstSeen = firstSeenAt ? parseIsoMs(firstSeenAt) : Infinity;
    clock.firstPending = undefined;
  }
  clock.firstChanged = false;
  clock.lastChanged = false;
}

function flushClock(clock: ActivityClock, state: ProfileState): void {
  writeCount(clock.eventCounts, state.activity.eventCounts);
  writeCount(clock.devices, state.context.devices);
  writeCount(clock.networks, state.context.networks);
  const features = state.lineage.features;
  for (let index = 0; index < clock.featuresFed; index++) {
    const group = clock.featureOrder[index]!;
    const name = FEATURE_GROUPS[group]!;
    const event = clock.featureLast[group]!;
    const current = features[name];
    // Updated in place: the fold owns the state, and a fresh object per group was a third of its garbage.
    if (current === undefined) features[name] = { events: clock.featureEvents[group]!, lastEventId: event.eventId, lastEventAt: event.timestamp };
    else {
      current.events += clock.featureEvents[group]!;
      current.lastEventId = event.eventId;
      current.lastEventAt = event.timestamp;
    }
    clock.featureEvents[group] = 0;
    clock.featureLast[group] = undefined;
  }
  clock.featuresFed = 0;
  if (clock.lastChanged) state.activity.lastSeenAt = isoFromMs(clock.lastSeen);
  if (clock.firstChanged) state.activity.firstSeenAt = clock.lastChanged && clock.firstSeen === clock.lastSeen ? state.activity.lastSeenAt : isoFromMs(clock.firstSeen);
  clock.firstChanged = false;
  clock.lastChanged = false;
}

/** The UTC day (`YYYY-MM-DD`) of an event time; consecutive events nearly always share a day, so the string is built once per day. */
let lastEpochDay = NaN;
let lastDay = '';
function utcDay(at: number): string {
  const epochDay = Math.floor(at / 86_400_000);
  if (epochDay !== lastEpochDay) {
    lastDay = isoFromMs(at).slice(0, 10);
    lastEpochDay = epochDay;
  }
  return lastDay;
}

let arrivalTimes = new Float64Array(256);
/** Room for a fold's arrival times, reused from fold to fold (the fold is never re-entered): no array per user and batch. */
function arrivalScratch(count: number): Float64Array {
  if (arrivalTimes.length < count) arrivalTimes = new Float64Array(Math.max(count, 2 * arrivalTimes.length));
  return arrivalTimes;
}

/** The default of `linked`: one shared empty map rather than one per call. */
const NO_LINKED: ReadonlyMap<string, StoredProfile> = new Map();

/**
 * Applies one batch's records of one user to their stored state, in memory: the caller writes the
 * result once. Records at or below the user's per-shard watermark were applied by an earlier delivery
 * and are skipped, which is what makes redelivery of any batch, or any part of one, a no-op.
 * The fold takes ownership of `stored` and updates it in place (copying a profile per batch cost
 * half the updater's CPU): pass a state freshly loaded from the store, not one still in use.
 */
export function foldUserRecords(
  stored: ProfileState | Tombstone | undefined,
  records: readonly UserRecord[],
  context: FoldContext,
  /** The anonymous profiles the batch's identify records name, as loaded (owned by the fold too). */
  linked: ReadonlyMap<string, StoredProfile> = NO_LINKED,
): FoldResult {
  const dropped: Partial<Record<DropRule, number>> = {};
  const first = records[0];
  if (!first) return { state: undefined, applied: 0, dropped, replayed: 0, consentChanges: 0 };

  const previous = isTombstone(stored) ? undefined : stored;
  const unseen = unseenRecords(records, previous?.lineage.watermarks);
  const replayed = records.length - unseen.length;
  // Events the API accepted before an erasure must not bring the profile back: the cut-off is kept
  // in the tombstone and then in the profile that follows it.
  const erasedAt = isTombstone(stored) ? Date.parse(stored.erasedAt) : previous?.cleaning.erasedBefore;
  // Events posted again after the erasure (same ids, old timestamps) must not either: see erasure.ts.
  const fresh = erasedAt === undefined ? unseen : unseen.filter((entry) => appliesAfterErasure(entry.record, erasedAt));
  if (fresh.length === 0) return { state: undefined, applied: 0, dropped: unseen.length > 0 ? { 'erased-user': unseen.length } : dropped, replayed, consentChanges: 0 };

  // Each arrival time parsed once: the fold needs it for the update time, the rate rule and the event time.
  const arrivals = arrivalScratch(fresh.length);
  let latestArrival = 0;
  for (let index = 0; index < fresh.length; index++) latestArrival = Math.max(latestArrival, (arrivals[index] = parseIsoMs(fresh[index]!.record.receivedAt)));
  const updatedAt = isoFromMs(latestArrival);
  const state: ProfileState = previous ?? emptyProfile(first.record.uid, context, updatedAt);
  if (isTombstone(stored)) state.cleaning.erasedBefore = Date.parse(stored.erasedAt);
  // Every field in the literal: the agent fields added later took a property array and two shape changes per fold.
  const memory: CleaningMemory = {
    fingerprints: new FingerprintSet(state.cleaning.seenEvents),
    cleaning: state.cleaning,
    lastAgent: undefined,
    lastAgentIsBot: false,
  };
  const regime = context.consentRegime ?? 'opt-out';
  const clock = resetClock(halfLives(context.settings));
  loadClock(clock, state);
  let applied = 0;
  let consentChanges = 0;
  let latest = 0;
  let identity: IdentityOutcome | undefined;

  // Records are applied in stream order, so a consent change takes effect exactly between the user's
  // events that the API accepted before it and those accepted after it.
  for (let index = 0; index < fresh.length; index++) {
    const record = fresh[index]!.record;
    const receivedAt = arrivals[index]!;
    if ('consent' in record) {
      // Versioned: a change that overtook this one on its way to the stream has already decided.
      if (record.consent.version <= (state.consent?.version ?? 0)) continue;
      state.consent = record.consent;
      consentChanges++;
      if (!profilingAllowed(state, regime)) {
        flushClock(clock, state);
        clearFeatures(state, memory);
        loadClock(clock, state);
      }
      continue;
    }
    if ('link' in record) {
      identity ??= emptyIdentityOutcome();
      flushClock(clock, state);
      applyIdentityLink(state, memory, record, linked.get(record.link.anonymousUid), context, profilingAllowed(state, regime), identity);
      loadClock(clock, state);
      continue;
    }
    if (!profilingAllowed(state, regime)) {
      // Under the opt-in regime (or after a regime change) a profile may still hold features: forget them.
      if (hasFeatures(state)) {
        flushClock(clock, state);
        clearFeatures(state, memory);
        loadClock(clock, state);
      }
      dropped['consent-refused'] = (dropped['consent-refused'] ?? 0) + 1;
      continue;
    }
    const event = record.event;
    // Read once: events of different types have different shapes, so each read of a field is a megamorphic lookup.
    const timestamp = event.timestamp;
    const at = eventTime(timestamp, receivedAt);
    latest = Math.max(latest, at);
    const rule = screenEvent(event, at, receivedAt, memory, context.settings);
    if (rule) {
      dropped[rule] = (dropped[rule] ?? 0) + 1;
      continue;
    }
    applyEvent(state, event, timestamp, at, clock);
    applied++;
  }
  flushClock(clock, state);

  const lineage = state.lineage;
  setWatermarks(lineage.watermarks, fresh);
  lineage.pipelineVersion = context.pipelineVersion;
  lineage.stream = context.streamName;
  lineage.eventsApplied += applied;
  let droppedCount = 0;
  for (const rule in dropped) {
    const count = dropped[rule as DropRule]!;
    droppedCount += count;
    lineage.dropped[rule as DropRule] = (lineage.dropped[rule as DropRule] ?? 0) + count;
  }
  // Updated in place, as the feature lineage is: the fold owns the state.
  const lastBatch = lineage.lastBatch;
  lastBatch.shardId = first.shardId;
  lastBatch.firstSequence = fresh[0]!.sequenceNumber;
  lastBatch.lastSequence = fresh[fresh.length - 1]!.sequenceNumber;
  lastBatch.applied = applied;
  lastBatch.dropped = droppedCount;
  lineage.updatedAt = updatedAt;

  const settings = context.settings;
  const { shortMs, longMs } = clock.lives;
  const now = Math.max(latest, state.activity.lastSeenAt ? clock.lastSeen : 0);
  const interests = state.interests;
  interests.categoryShort = pruneDecayedMap(interests.categoryShort, settings.maxInterestKeys, now, shortMs);
  interests.brandShort = pruneDecayedMap(interests.brandShort, settings.maxInterestKeys, now, shortMs);
  interests.categoryLong = pruneDecayedMap(interests.categoryLong, settings.maxInterestKeys, now, longMs);
  interests.brandLong = pruneDecayedMap(interests.brandLong, settings.maxInterestKeys, now, longMs);
  pruneClickMemory(state.cleaning, now, settings);
  state.cleaning.seenEvents = memory.fingerprints.encode(Math.floor(latestArrival / 1000), settings.dedupHorizonHours * 3600, settings.maxFingerprints);

  // An erasure cut-off belongs to the old identity: counted in metrics, not in the new profile's lineage.
  // Built without spreads: this runs once per user and batch, and nearly always there is neither an erasure nor an identity.
  const result: FoldResult = { state, applied, dropped: fresh.length < unseen.length ? { ...dropped, 'erased-user': unseen.length - fresh.length } : dropped, replayed, consentChanges };
  if (identity) result.identity = identity;
  return result;
}

const INTERESTS = FEATURE_GROUPS.indexOf('interests');
const SPENDING = FEATURE_GROUPS.indexOf('spending');
const ENGAGEMENT = FEATURE_GROUPS.indexOf('engagement');
const ACTIVITY = FEATURE_GROUPS.indexOf('activity');
const CONTEXT = FEATURE_GROUPS.indexOf('context');

/**
 * Counts `event` as feeding a feature group, written to `lineage.features` on `flushClock`: once per
 * group and fold rather than a keyed lookup of the group and two string writes per event and group.
 */
function touchFeature(clock: ActivityClock, group: number, event: EventBody): void {
  if (clock.featureEvents[group]!++ === 0) clock.featureOrder[clock.featuresFed++] = group;
  clock.featureLast[group] = event;
}

function addPrice(stats: ProfileState['spending']['viewed'], price: number): void {
  stats.n += 1;
  stats.sumLog += Math.log1p(price);
  stats.max = Math.max(stats.max, price);
}

function bump(scores: DecayedScores, key: string, weight: number, at: number, halfLifeMs: number): void {
  const score = scores.get(key);
  if (score !== undefined) addDecayedInPlace(score, weight, at, halfLifeMs);
  else scores.set(key, { v: weight, t: at });
}

/** Takes interest keys (`interestKey`), not raw labels: the caller has already normalised them. */
function addInterest(state: ProfileState, categoryKey: string | undefined, brandKey: string | undefined, weight: number, at: number, lives: HalfLives): void {
  const { shortMs, longMs } = lives;
  const interests = state.interests;
  if (categoryKey) {
    bump(interests.categoryShort, categoryKey, weight, at, shortMs);
    bump(interests.categoryLong, categoryKey, weight, at, longMs);
  }
  if (brandKey) {
    bump(interests.brandShort, brandKey, weight, at, shortMs);
    bump(interests.brandLong, brandKey, weight, at, longMs);
  }
}

/**
 * Hour of day in the event's own offset, so "evening shopper" means the user's evening. The contract
 * admits only ISO-8601 with an offset (or `Z`), whose hour field already is that local wall-clock hour.
 */
export function localHour(timestamp: string): number {
  const tens = timestamp.charCodeAt(11) - 48;
  const units = timestamp.charCodeAt(12) - 48;
  return tens >= 0 && tens <= 2 && units >= 0 && units <= 9 && timestamp.charCodeAt(10) === 84 /* T */ ? tens * 10 + units : new Date(timestamp).getUTCHours();
}

function applyEvent(state: ProfileState, event: EventBody, timestamp: string, at: number, clock: ActivityClock): void {
  // Read once: events of different types have different shapes, so each read of a field is a megamorphic lookup.
  const { type } = event;
  const activity = state.activity;
  // Times compared as numbers: ISO strings of the same form order as their times do.
  if (at < clock.firstSeen) {
    if (clock.firstPending !== undefined) {
      clock.firstSeen = parseIsoMs(clock.firstPending);
      clock.firstPending = undefined;
    }
    if (at < clock.firstSeen) {
      clock.firstSeen = at;
      clock.firstChanged = true;
    }
  }
  if (at > clock.lastSeen) {
    clock.lastSeen = at;
    clock.lastChanged = true;
  }
  addDecayedInPlace(activity.weekly, 1, at, clock.lives.activityMs);
  countKey(clock.eventCounts, type, activity.eventCounts);
  const day = utcDay(at);
  // Most events fall on the user's latest active day: check it before searching the list.
  if (activity.activeDays[activity.activeDays.length - 1] !== day && !activity.activeDays.includes(day)) activity.activeDays = [...activity.activeDays, day].sort().slice(-MAX_ACTIVE_DAYS);
  touchFeature(clock, ACTIVITY, event);

  const context = state.context;
  const device = event.device;
  if (device) countKey(clock.devices, device.type, context.devices);
  const network = event.network;
  if (network) countKey(clock.networks, network, context.networks);
  context.hourOfDay[localHour(timestamp)]! += 1;
  touchFeature(clock, CONTEXT, event);

  let category: string | undefined;
  let brand: string | undefined;
  if ('item' in event) {
    category = event.item.category;
    brand = event.item.brand;
  } else if ('category' in event) category = event.category;
  let weight = INTEREST_WEIGHT[type];
  const engagement = state.engagement;
  const spending = state.spending;

  switch (type) {
    case 'page_view':
    case 'product_view':
      if (event.dwellMs !== undefined) {
        engagement.dwellMs += event.dwellMs;
        engagement.dwellViews += 1;
        // Longer dwell is stronger interest, with diminishing returns past half a minute.
        weight *= 1 + Math.min(event.dwellMs, 120_000) / 30_000;
        touchFeature(clock, ENGAGEMENT, event);
      }
      if (type === 'product_view' && event.item.price !== undefined) {
        addPrice(spending.viewed, event.item.price);
        touchFeature(clock, SPENDING, event);
      }
      break;
    case 'search':
      engagement.searches += 1;
      {
        // In place: the fold owns the state (a spread and a slice per search were two arrays of garbage).
        const searches = engagement.recentSearches;
        searches.unshift({ q: event.query.toLowerCase(), at: isoFromMs(at) });
        if (searches.length > MAX_RECENT_SEARCHES) searches.length = MAX_RECENT_SEARCHES;
      }
      touchFeature(clock, ENGAGEMENT, event);
      break;
    case 'add_to_cart':
      if (event.item.price !== undefined) {
        addPrice(spending.carted, event.item.price);
        touchFeature(clock, SPENDING, event);
      }
      break;
    case 'purchase':
      spending.orders += 1;
      let interested = false;
      for (const item of event.items) {
        addPrice(spending.purchased, item.price);
        spending.totals[event.currency] = round2((spending.totals[event.currency] ?? 0) + item.price * item.quantity);
        const itemCategory = interestKey(item.category);
        const itemBrand = interestKey(item.brand);
        if (itemCategory || itemBrand) {
          addInterest(state, itemCategory, itemBrand, weight, at, clock.lives);
          interested = true;
        }
      }
      const iso = isoFromMs(at);
      if (!spending.lastPurchaseAt || iso > spending.lastPurchaseAt) spending.lastPurchaseAt = iso;
      touchFeature(clock, SPENDING, event);
      if (interested) touchFeature(clock, INTERESTS, event);
      return;
    case 'video_progress': {
      // A loop, not `findIndex`: no closure per event.
      const videoId = event.videoId;
      let index = 0;
      while (index < engagement.videos.length && engagement.videos[index]!.id !== videoId) index++;
      if (index === engagement.videos.length) index = -1;
      const before = index === -1 ? undefined : engagement.videos[index]!.progress;
      if (before === undefined) engagement.videosStarted += 1;
      if ((before ?? 0) < VIDEO_COMPLETED_AT && event.progress >= VIDEO_COMPLETED_AT) engagement.videosCompleted += 1;
      // Most recently watched last; the oldest falls off past the cap.
      if (index !== -1) engagement.videos.splice(index, 1);
      engagement.videos.push({ id: event.videoId, progress: Math.max(before ?? 0, event.progress) });
      if (engagement.videos.length > MAX_TRACKED_VIDEOS) engagement.videos.shift();
      // Interest grows with how far the user watched, not with how often the player reports.
      weight *= Math.max(0, event.progress - (before ?? 0));
      touchFeature(clock, ENGAGEMENT, event);
      break;
    }
    case 'like':
      engagement.likes += 1;
      touchFeature(clock, ENGAGEMENT, event);
      break;
    case 'comment':
      engagement.comments += 1;
      touchFeature(clock, ENGAGEMENT, event);
      break;
    case 'share':
      engagement.shares += 1;
      touchFeature(clock, ENGAGEMENT, event);
      break;
    case 'ad_impression':
      engagement.adImpressions += 1;
      touchFeature(clock, ENGAGEMENT, event);
      break;
    case 'ad_click':
      engagement.adClicks += 1;
      touchFeature(clock, ENGAGEMENT, event);
      break;
  }
  const categoryKey = interestKey(category);
  const brandKey = interestKey(brand);
  if ((categoryKey || brandKey) && weight > 0) {
    addInterest(state, categoryKey, brandKey, weight, at, clock.lives);
    touchFeature(clock, INTERESTS, event);
  }
}

const round2 = (value: number) => Math.round(value * 100) / 100;
