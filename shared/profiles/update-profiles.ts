import { mapWithConcurrency } from '../concurrency';
import { decodeStreamRecord, encodeStreamRecord } from '../stream/records';
import { appliesAfterErasure } from './erasure';
import { foldUserRecords, withoutFeatures, type FoldContext, type FoldResult, type UserRecord } from './fold';
import { mergedInto, releaseDue, type Claim } from './identity';
import type { EventPublisher } from './ingest';
import { cloneState, sequenceAtOrBelow, type DropRule, type LinkOutcome, type ProfileState, type Tombstone } from './state';

/** A Kinesis record as the event source mapping delivers it, before decoding. */
export interface RawStreamRecord {
  shardId: string;
  sequenceNumber: string;
  partitionKey: string;
  /** Base64 payload. */
  data: string;
}

export interface StoredProfile {
  value: ProfileState | Tombstone;
  version: number;
}

/** Port: the profile table. `save` is conditional on the version read, so concurrent writers never lose updates. */
export interface ProfileStore {
  load(uids: readonly string[]): Promise<Map<string, StoredProfile>>;
  save(state: ProfileState, expectedVersion: number | undefined): Promise<'saved' | 'conflict'>;
}

export interface DeadLetter {
  reason: string;
  shardId: string;
  sequenceNumber: string;
  /** The record's payload, base64 as received: already pseudonymous, so safe to keep for replay. */
  data: string;
}

/** Port: where poison records go, with their reason, so they never block the shard. */
export interface DeadLetterSink {
  send(letters: readonly DeadLetter[]): Promise<void>;
}

export interface UpdateStats {
  records: number;
  usersWritten: number;
  applied: number;
  replayed: number;
  deadLettered: number;
  dropped: Partial<Record<DropRule, number>>;
  failedRecords: number;
  /** Records of other kinds on the same stream (decisions) that this consumer does not apply. */
  skipped: number;
  /** Consent changes applied to profiles. */
  consentChanges: number;
  /** Identity links applied, by outcome; `over-limit`: refused because the user has too many (identity.ts). */
  links: Partial<Record<LinkOutcome | 'over-limit', number>>;
  /** Events of merged anonymous profiles sent on to their user's partition. */
  forwarded: number;
  /**
   * Users whose records in this batch were all dropped by a rule that judges them the same way on any
   * later delivery (`LINEAGE_ONLY_DROPS`): not written, their drops counted in `dropped` (metrics) only.
   */
  dropOnlyUsers: number;
}

export interface UpdateResult {
  /** Sequence numbers Lambda must retry (ReportBatchItemFailures); it resumes from the lowest. */
  batchItemFailures: { itemIdentifier: string }[];
  stats: UpdateStats;
}

export interface UpdateDeps {
  store: ProfileStore;
  deadLetters: DeadLetterSink;
  context: FoldContext;
  /**
   * The events stream, for forwarding events of an anonymous profile already merged into a user.
   * The feature updater always passes it; without it such events are reported failed, never lost.
   */
  forwarder?: EventPublisher;
}

const MAX_CONFLICT_ATTEMPTS = 3;
const WRITE_CONCURRENCY = 16;

/**
 * Drop rules whose verdict does not depend on anything the drop itself changes: a resend of an event
 * the stored profile already remembers, a crawler's user agent (a property of the event), an event
 * from before the stored erasure cut-off. A batch in which all of a user's records end this way
 * changes nothing but the drop counters in the lineage, and any later delivery of those records is
 * judged the same way, so the profile is not written for it: on sparse traffic those writes were
 * 10.7 % of all writes (bench/profiles/cost.ts). The drops are counted in the batch's metrics
 * (`EventsDropped-<rule>`); the profile's `lineage.dropped` counts the drops written with it (the
 * setting `recordDropOnlyBatches` writes them all, at the price of those writes).
 * Rules that change the cleaning memory (rate, double click) or the profile (a refusal clears
 * features) are always written.
 */
export const LINEAGE_ONLY_DROPS: ReadonlySet<DropRule> = new Set(['duplicate-event', 'bot-user-agent', 'erased-user']);

/** True when the fold applied nothing and changed nothing a later delivery would judge differently. */
export function onlyLineageChanged(result: FoldResult): boolean {
  if (result.applied !== 0 || result.consentChanges !== 0 || result.identity !== undefined) return false;
  // for…in, not Object.keys: this runs for every user of every batch.
  for (const rule in result.dropped) if (!LINEAGE_ONLY_DROPS.has(rule as DropRule)) return false;
  return true;
}

/** The anonymous profiles of a user whose records name none (nearly every user): one shared, never written. */
const NO_ANONYMOUS: ReadonlyMap<string, StoredProfile> = new Map();

/**
 * Applies one Kinesis batch to the profiles:
 * 1. decode and validate every record; poison ones go to the dead-letter sink with their reason;
 * 2. group the rest by user; the events of an anonymous profile merged into a user are forwarded
 *    to that user's partition instead (identity.ts);
 * 3. load the anonymous profiles that the batch's identify records name;
 * 4. fold each user's records in memory, claim the anonymous profiles a merge needs, write each
 *    changed profile once, conditional on the version read (re-fold on a conflict), then release the
 *    merged anonymous profiles; a user whose records were only dropped is not written (`LINEAGE_ONLY_DROPS`);
 *    users with no link and no merge are folded first in one synchronous loop, then written (`saveAll`);
 * 5. report the records of users whose write failed, so Lambda retries from there.
 * Powertools' BatchProcessor handles records one at a time; this use case needs the whole batch to
 * write once per user, so it returns the same `batchItemFailures` contract itself.
 */
export async function updateProfiles(records: readonly RawStreamRecord[], deps: UpdateDeps): Promise<UpdateResult> {
  const stats: UpdateStats = { records: records.length, usersWritten: 0, applied: 0, replayed: 0, deadLettered: 0, dropped: {}, failedRecords: 0, skipped: 0, consentChanges: 0, links: {}, forwarded: 0, dropOnlyUsers: 0 };
  const failed = new Set<string>();
  const fail = (entries: readonly UserRecord[]) => {
    for (const entry of entries) failed.add(entry.sequenceNumber);
  };
  const letters: DeadLetter[] = [];
  const byUser = new Map<string, UserRecord[]>();

  for (const raw of records) {
    const decoded = decodeRecord(raw);
    if (decoded === 'skip') {
      stats.skipped += 1;
      continue;
    }
    if ('reason' in decoded) {
      letters.push({ reason: decoded.reason, shardId: raw.shardId, sequenceNumber: raw.sequenceNumber, data: raw.data });
      continue;
    }
    const list = byUser.get(decoded.record.uid);
    if (list) list.push(decoded);
    else byUser.set(decoded.record.uid, [decoded]);
  }

  if (letters.length > 0) {
    try {
      await deps.deadLetters.send(letters);
      stats.deadLettered = letters.length;
    } catch {
      // The sink is down: keep the records in the stream rather than lose them.
      for (const letter of letters) failed.add(letter.sequenceNumber);
    }
  }

  const uids = [...byUser.keys()];
  let stored: Map<string, StoredProfile>;
  try {
    stored = uids.length > 0 ? await deps.store.load(uids) : new Map();
  } catch {
    for (const list of byUser.values()) fail(list);
    stored = new Map();
    byUser.clear();
  }

  const linkedUids = new Set<string>();
  for (const list of byUser.values()) for (const uid of anonymousUidsOf(list)) linkedUids.add(uid);
  let linked = new Map<string, StoredProfile>();
  if (linkedUids.size > 0) {
    try {
      linked = await deps.store.load([...linkedUids]);
    } catch {
      // Without the anonymous profile a link cannot be applied: retry the users that carry one.
      for (const [uid, list] of byUser) {
        if (anonymousUidsOf(list).length === 0) continue;
        fail(list);
        byUser.delete(uid);
      }
    }
  }

  // Nearly every user names no anonymous profile and is merged into nobody: their folds run here, one
  // after another with no promise each, and only the users that need a write wait for the store (with
  // its bounded concurrency). The others, and any user whose write conflicts, take `updateUser`'s loop.
  const complex: string[] = [];
  const conflicted: string[] = [];
  const writeUids: string[] = [];
  const writes: FoldResult[] = [];
  for (const [uid, userRecords] of byUser) {
    const current = stored.get(uid);
    if (anonymousUidsOf(userRecords).length > 0 || mergedInto(current?.value) !== undefined) {
      complex.push(uid);
      continue;
    }
    let result: FoldResult;
    try {
      result = foldUserRecords(current?.value, userRecords, deps.context);
    } catch {
      fail(userRecords);
      continue;
    }
    if (needsWrite(result, deps.context)) {
      writeUids.push(uid);
      writes.push(result);
    } else countUnwritten(stats, result);
  }
  const outcomes = await saveAll(deps.store, writes, writeUids.map((uid) => stored.get(uid)?.version));
  for (let index = 0; index < writeUids.length; index++) {
    const outcome = outcomes[index];
    if (outcome === 'saved') countWritten(stats, writes[index]!);
    else if (outcome === 'conflict') conflicted.push(writeUids[index]!);
    else fail(byUser.get(writeUids[index]!)!);
  }
  if (complex.length + conflicted.length > 0) {
    await mapWithConcurrency(complex.concat(conflicted), WRITE_CONCURRENCY, (uid, index) =>
      updateUser(uid, byUser.get(uid)!, { stored, linked, conflicted: index >= complex.length }, deps, stats, fail),
    );
  }

  stats.failedRecords = failed.size;
  return { batchItemFailures: [...failed].map((itemIdentifier) => ({ itemIdentifier })), stats };
}

/** Whether a fold's result must be written: it changed something a later delivery would judge differently (`LINEAGE_ONLY_DROPS`). */
const needsWrite = (result: FoldResult, context: FoldContext): result is FoldResult & { state: ProfileState } =>
  result.state !== undefined && (context.settings.recordDropOnlyBatches || !onlyLineageChanged(result));

/** Adds a fold that is not written (a pure redelivery, or drops only) to the batch's stats. */
function countUnwritten(stats: UpdateStats, result: FoldResult): void {
  stats.replayed += result.replayed;
  if (result.state) stats.dropOnlyUsers += 1;
  addDrops(stats.dropped, result.dropped);
}

/** Adds a written fold to the batch's stats. */
function countWritten(stats: UpdateStats, result: FoldResult): void {
  stats.usersWritten += 1;
  stats.applied += result.applied;
  stats.replayed += result.replayed;
  stats.consentChanges += result.consentChanges;
  if (result.identity) {
    for (const [link, count] of Object.entries(result.identity.links)) stats.links[link as LinkOutcome] = (stats.links[link as LinkOutcome] ?? 0) + count;
    if (result.identity.overLimit) stats.links['over-limit'] = (stats.links['over-limit'] ?? 0) + result.identity.overLimit;
  }
  addDrops(stats.dropped, result.dropped);
}

/**
 * Writes each folded state, conditional on the version read, at most `WRITE_CONCURRENCY` at a time;
 * each write's outcome, `'failed'` for a store error (retried by Lambda, as any transient failure).
 * One await per write and no promise of its own per user: the users that need nothing else.
 */
async function saveAll(store: ProfileStore, results: readonly FoldResult[], versions: readonly (number | undefined)[]): Promise<('saved' | 'conflict' | 'failed')[]> {
  const outcomes = new Array<'saved' | 'conflict' | 'failed'>(results.length);
  let next = 0;
  const worker = async () => {
    while (next < results.length) {
      const index = next++;
      try {
        outcomes[index] = await store.save(results[index]!.state!, versions[index]);
      } catch {
        outcomes[index] = 'failed';
      }
    }
  };
  if (results.length > 0) await Promise.all(Array.from({ length: Math.min(WRITE_CONCURRENCY, results.length) }, worker));
  return outcomes;
}

/**
 * One user the batch's fast loop leaves alone (see `updateProfiles`): its records name anonymous
 * profiles, its profile is merged into another user, or its write conflicted (`conflicted`: read
 * again first). Folds, claims, writes (re-folding on a conflict), releases, or forwards.
 */
async function updateUser(
  uid: string,
  userRecords: readonly UserRecord[],
  loaded: { stored: ReadonlyMap<string, StoredProfile>; linked: ReadonlyMap<string, StoredProfile>; conflicted: boolean },
  deps: UpdateDeps,
  stats: UpdateStats,
  fail: (entries: readonly UserRecord[]) => void,
): Promise<void> {
  const anonymousUids = anonymousUidsOf(userRecords);
  const linked = loaded.linked;
  let current = loaded.stored.get(uid);
  // Each user's fold owns its copies: an anonymous profile may also be folded as a user of this batch.
  // A user without identify records shares NO_ANONYMOUS: only a claim writes into the map, and only a link makes a claim.
  let anonymous: Map<string, StoredProfile> =
    anonymousUids.length === 0
      ? (NO_ANONYMOUS as Map<string, StoredProfile>)
      : new Map(anonymousUids.flatMap((anonymousUid) => (linked.has(anonymousUid) ? [[anonymousUid, cloneStored(linked.get(anonymousUid)!)]] : [])));
  try {
    // The fast loop's attempt counts as the first.
    if (loaded.conflicted) [current, anonymous] = await reload(deps.store, uid, anonymousUids);
    for (let attempt = loaded.conflicted ? 2 : 1; attempt <= MAX_CONFLICT_ATTEMPTS; attempt++) {
      const target = mergedInto(current?.value);
      if (target !== undefined) {
        if (!(await forward(userRecords, current!.value as ProfileState, target, deps.forwarder, stats))) fail(userRecords);
        return;
      }
      const result = foldUserRecords(current?.value, userRecords, deps.context, anonymous);
      if (!needsWrite(result, deps.context)) {
        countUnwritten(stats, result);
        // A redelivered identify repeats a release that failed after its merge was written.
        if (anonymous.size > 0 && !(await release(current?.value, anonymous, deps.store))) fail(userRecords);
        return;
      }
      // Nearly every user has no claim to make: no call, and no await, for them.
      const claims = result.identity?.claims ?? [];
      if (claims.length > 0 && (await claim(claims, anonymous, deps.store)) === 'conflict') {
        // The anonymous profile changed since it was read (its own events, or another user's claim).
        [current, anonymous] = await reload(deps.store, uid, anonymousUids);
        continue;
      }
      const outcome = await deps.store.save(result.state, current?.version);
      if (outcome === 'saved') {
        countWritten(stats, result);
        if (anonymous.size > 0 && !(await release(result.state, anonymous, deps.store))) fail(userRecords);
        return;
      }
      // Another writer (a sibling shard after a reshard) got there first: fold again on its state.
      [current, anonymous] = await reload(deps.store, uid, anonymousUids);
    }
  } catch {
    // Transient store or stream failure: retried from here; every step above is safe to repeat.
  }
  fail(userRecords);
}

/**
 * The user's profile and the anonymous profiles its links name, read again after a conflict. A
 * function of its own, not a closure over the user's variables: one such closure per user and batch
 * kept those variables in a heap context for every user, conflict or not.
 */
async function reload(store: ProfileStore, uid: string, anonymousUids: readonly string[]): Promise<[StoredProfile | undefined, Map<string, StoredProfile>]> {
  const fresh = await store.load([uid, ...anonymousUids]);
  return [fresh.get(uid), new Map([...fresh].filter(([key]) => key !== uid))];
}

/** A copy of a stored profile the fold may own (see `cloneState`). */
const cloneStored = (stored: StoredProfile): StoredProfile => ({ value: cloneState(stored.value), version: stored.version });

/** Adds one fold's drops to the batch's counts (for…in: no pair per rule). */
function addDrops(total: Partial<Record<DropRule, number>>, dropped: Partial<Record<DropRule, number>>): void {
  for (const rule in dropped) total[rule as DropRule] = (total[rule as DropRule] ?? 0) + dropped[rule as DropRule]!;
}

/** The distinct anonymous profiles a user's identify records name, in order (none, nearly always: no allocation then). */
function anonymousUidsOf(list: readonly UserRecord[]): string[] {
  let uids: Set<string> | undefined;
  for (const entry of list) if ('link' in entry.record) (uids ??= new Set()).add(entry.record.link.anonymousUid);
  return uids ? [...uids] : [];
}

/** Step 1 of a merge: marks each anonymous profile as the user's; `anonymous` is updated to what was written. */
async function claim(claims: readonly Claim[], anonymous: Map<string, StoredProfile>, store: ProfileStore): Promise<'claimed' | 'conflict'> {
  for (const { state, expectedVersion } of claims) {
    if ((await store.save(state, expectedVersion)) === 'conflict') return 'conflict';
    anonymous.set(state.uid, { value: state, version: (expectedVersion ?? 0) + 1 });
  }
  return 'claimed';
}

/**
 * Step 3 of a merge: clears the features of each claimed anonymous profile whose history the user's
 * profile now holds. False on a store error (the caller retries); a conflict means another writer
 * (an erasure, a concurrent release) already changed it.
 */
async function release(user: ProfileState | Tombstone | undefined, anonymous: ReadonlyMap<string, StoredProfile>, store: ProfileStore): Promise<boolean> {
  try {
    for (const { value, version } of anonymous.values()) if (releaseDue(value, user)) await store.save(withoutFeatures(value), version);
    return true;
  } catch {
    return false;
  }
}

/**
 * The events of an anonymous profile merged into `target` go to the target's partition, where the
 * merged event-id fingerprints make a second delivery a duplicate. Events the profile already applied
 * (at or below its watermark) or that its erasure cut-off excludes are not sent.
 */
async function forward(records: readonly UserRecord[], from: ProfileState, target: string, forwarder: EventPublisher | undefined, stats: UpdateStats): Promise<boolean> {
  const erasedBefore = from.cleaning.erasedBefore;
  const events = records.flatMap((entry) => {
    const record = entry.record;
    const watermark = from.lineage.watermarks[entry.shardId];
    if (!('event' in record) || (watermark !== undefined && sequenceAtOrBelow(entry.sequenceNumber, watermark))) return [];
    if (erasedBefore !== undefined && !appliesAfterErasure(record, erasedBefore)) return [];
    return [encodeStreamRecord({ v: record.v, uid: target, receivedAt: record.receivedAt, event: record.event })];
  });
  if (events.length === 0) return true;
  if (!forwarder) return false;
  const outcomes = await forwarder.publish(events);
  if (outcomes.some((outcome) => !outcome.ok)) return false;
  stats.forwarded += events.length;
  return true;
}

/**
 * Events, consent changes and identity links are folded in stream order; a valid record of a kind this
 * consumer does not apply (a decision) is `'skip'`: counted, never dead-lettered.
 */
function decodeRecord(raw: RawStreamRecord): UserRecord | 'skip' | { reason: string } {
  const decoded = decodeStreamRecord(raw.data, raw.partitionKey);
  if (!decoded.ok) return { reason: decoded.reason };
  const record = decoded.record;
  if (record.kind === 'decision') return 'skip';
  if (record.kind === 'identify' && record.link.anonymousUid === record.uid) return { reason: 'identify record links a profile to itself' };
  return { shardId: raw.shardId, sequenceNumber: raw.sequenceNumber, record };
}
