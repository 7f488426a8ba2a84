import { mapWithConcurrency } from '../concurrency';
import { decodeStreamRecord } from '../stream/records';
import { foldUserRecords, type FoldContext, type UserRecord } from './fold';
import type { DropRule, ProfileState, Tombstone } from './state';

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
}

export interface UpdateResult {
  /** Sequence numbers Lambda must retry (ReportBatchItemFailures); it resumes from the lowest. */
  batchItemFailures: { itemIdentifier: string }[];
  stats: UpdateStats;
}

const MAX_CONFLICT_ATTEMPTS = 3;
const WRITE_CONCURRENCY = 16;

/**
 * Applies one Kinesis batch to the profiles:
 * 1. decode and validate every record; poison ones go to the dead-letter sink with their reason;
 * 2. group the rest by user and fold each user's events in memory;
 * 3. write each changed profile once, conditional on the version read (re-fold on a conflict);
 * 4. report the records of users whose write failed, so Lambda retries from there.
 * Powertools' BatchProcessor handles records one at a time; this use case needs the whole batch to
 * write once per user, so it returns the same `batchItemFailures` contract itself.
 */
export async function updateProfiles(records: readonly RawStreamRecord[], deps: { store: ProfileStore; deadLetters: DeadLetterSink; context: FoldContext }): Promise<UpdateResult> {
  const stats: UpdateStats = { records: records.length, usersWritten: 0, applied: 0, replayed: 0, deadLettered: 0, dropped: {}, failedRecords: 0, skipped: 0, consentChanges: 0 };
  const failed = new Set<string>();
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
    const list = byUser.get(decoded.record.uid) ?? [];
    list.push(decoded);
    byUser.set(decoded.record.uid, list);
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
    for (const list of byUser.values()) for (const entry of list) failed.add(entry.sequenceNumber);
    stored = new Map();
    byUser.clear();
  }

  await mapWithConcurrency([...byUser], WRITE_CONCURRENCY, async ([uid, userRecords]) => {
    let current = stored.get(uid);
    for (let attempt = 1; attempt <= MAX_CONFLICT_ATTEMPTS; attempt++) {
      const result = foldUserRecords(current?.value, userRecords, deps.context);
      const countDrops = () => {
        for (const [rule, count] of Object.entries(result.dropped) as [DropRule, number][]) stats.dropped[rule] = (stats.dropped[rule] ?? 0) + count;
      };
      if (!result.state) {
        stats.replayed += result.replayed;
        countDrops();
        return;
      }
      try {
        const outcome = await deps.store.save(result.state, current?.version);
        if (outcome === 'saved') {
          stats.usersWritten += 1;
          stats.applied += result.applied;
          stats.replayed += result.replayed;
          stats.consentChanges += result.consentChanges;
          countDrops();
          return;
        }
        // Another writer (a sibling shard after a reshard) got there first: fold again on its state.
        current = (await deps.store.load([uid])).get(uid);
      } catch {
        break;
      }
    }
    for (const entry of userRecords) failed.add(entry.sequenceNumber);
  });

  stats.failedRecords = failed.size;
  return { batchItemFailures: [...failed].map((itemIdentifier) => ({ itemIdentifier })), stats };
}

/**
 * Events and consent changes are folded in stream order; a valid record of a kind this consumer does
 * not apply (a decision) is `'skip'`: counted, never dead-lettered.
 */
function decodeRecord(raw: RawStreamRecord): UserRecord | 'skip' | { reason: string } {
  const decoded = decodeStreamRecord(raw.data, raw.partitionKey);
  if (!decoded.ok) return { reason: decoded.reason };
  const record = decoded.record;
  // Identity links are written by the tracker edge (issue 16); until the merge lands they are skipped.
  if (record.kind === 'decision' || record.kind === 'identify') return 'skip';
  return { shardId: raw.shardId, sequenceNumber: raw.sequenceNumber, record };
}
