/**
 * In-memory fakes of the profile pipeline's ports, with the same contract as the DynamoDB and SQS
 * adapters (conditional save on the version read, tombstones at version 0), plus the knobs a test
 * needs to break them.
 */
import type { EventBody } from '../../shared/profiles/events';
import type { EventPublisher, OutgoingRecord, PublishOutcome } from '../../shared/profiles/ingest';
import { parseStreamRecord, type AnyStreamRecord, type EventStreamRecord, type IdentityStreamRecord } from '../../shared/stream/records';
import type { ProfileState, Tombstone } from '../../shared/profiles/state';
import type { DeadLetter, DeadLetterSink, ProfileStore, RawStreamRecord, StoredProfile } from '../../shared/profiles/update-profiles';
import { SHARD, UID, seq, streamRecord, type RecordOptions } from './fixtures';

export class InMemoryProfileStore implements ProfileStore {
  readonly items = new Map<string, StoredProfile>();
  readonly loads: string[][] = [];
  readonly saves: { uid: string; expectedVersion: number | undefined; outcome: 'saved' | 'conflict' | 'error' }[] = [];
  /** Users whose save throws (a DynamoDB error other than a failed condition). */
  readonly failingSaves = new Set<string>();
  failLoads = false;
  /** A load that includes one of these users throws (a throttled read). */
  readonly failingLoadsOf = new Set<string>();
  /** Runs just before a save is judged: lets a test play a concurrent writer. */
  beforeSave: ((uid: string) => void) | undefined;

  put(value: ProfileState | Tombstone, version = 'erasedAt' in value ? 0 : 1): void {
    this.items.set(value.uid, { value: structuredClone(value), version });
  }

  async load(uids: readonly string[]): Promise<Map<string, StoredProfile>> {
    this.loads.push([...uids]);
    if (this.failLoads || uids.some((uid) => this.failingLoadsOf.has(uid))) throw new Error('ProvisionedThroughputExceededException');
    const found = new Map<string, StoredProfile>();
    for (const uid of uids) {
      const item = this.items.get(uid);
      if (item) found.set(uid, structuredClone(item));
    }
    return found;
  }

  async save(state: ProfileState, expectedVersion: number | undefined): Promise<'saved' | 'conflict'> {
    if (this.failingSaves.has(state.uid)) {
      this.saves.push({ uid: state.uid, expectedVersion, outcome: 'error' });
      throw new Error('InternalServerError');
    }
    this.beforeSave?.(state.uid);
    const current = this.items.get(state.uid);
    const matches = expectedVersion === undefined ? current === undefined : current?.version === expectedVersion;
    this.saves.push({ uid: state.uid, expectedVersion, outcome: matches ? 'saved' : 'conflict' });
    if (!matches) return 'conflict';
    this.items.set(state.uid, { value: structuredClone(state), version: (expectedVersion ?? 0) + 1 });
    return 'saved';
  }

  async get(uid: string): Promise<StoredProfile | undefined> {
    return (await this.load([uid])).get(uid);
  }

  /** As the DynamoDB adapter: a tombstone at the erasure time's version, conditional when asked. */
  async erase(uid: string, erasedAt: Date, condition?: { ifVersion: number | undefined }): Promise<{ existed: boolean } | 'conflict'> {
    const current = this.items.get(uid);
    if (condition && condition.ifVersion !== current?.version) return 'conflict';
    this.items.set(uid, { value: { uid, erasedAt: erasedAt.toISOString() }, version: erasedAt.getTime() });
    return { existed: current !== undefined && !('erasedAt' in current.value) };
  }

  profile(uid: string): ProfileState | undefined {
    const value = this.items.get(uid)?.value;
    return value && !('erasedAt' in value) ? value : undefined;
  }

  savesPerUser(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const save of this.saves) counts.set(save.uid, (counts.get(save.uid) ?? 0) + 1);
    return counts;
  }
}

export class FakeDeadLetterQueue implements DeadLetterSink {
  readonly letters: DeadLetter[] = [];
  down = false;
  async send(letters: readonly DeadLetter[]): Promise<void> {
    if (this.down) throw new Error('AWS.SimpleQueueService.NonExistentQueue');
    this.letters.push(...letters);
  }
}

export const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** A Kinesis record as the event source mapping hands it to the updater. */
export function rawRecord(n: number, body: EventBody, options: RecordOptions & { partitionKey?: string } = {}): RawStreamRecord {
  const uid = options.uid ?? UID;
  return {
    shardId: options.shardId ?? SHARD,
    sequenceNumber: seq(n),
    partitionKey: options.partitionKey ?? uid,
    data: base64(JSON.stringify(streamRecord(body, { ...options, uid }))),
  };
}

export const rawPayload = (n: number, payload: string, partitionKey = UID): RawStreamRecord => ({ shardId: SHARD, sequenceNumber: seq(n), partitionKey, data: base64(payload) });

/** An events stream for the edges' tests: records what it was given and answers with scripted outcomes. */
export class FakePublisher implements EventPublisher {
  readonly published: OutgoingRecord[] = [];
  constructor(private readonly refuse: (index: number) => string | undefined = () => undefined) {}
  async publish(records: readonly OutgoingRecord[]): Promise<PublishOutcome[]> {
    this.published.push(...records);
    return records.map((_, index): PublishOutcome => {
      const code = this.refuse(index);
      return code ? { ok: false, errorCode: code } : { ok: true, sequenceNumber: String(1000 + index), shardId: 'shardId-000000000000' };
    });
  }
  /** Every published record, validated as the stream's consumers validate it. */
  records(): AnyStreamRecord[] {
    return this.published.map((record) => {
      const decoded = parseStreamRecord(JSON.parse(Buffer.from(record.data).toString('utf8')), record.partitionKey);
      if (!decoded.ok) throw new Error(decoded.reason);
      return decoded.record;
    });
  }
  events = () => this.records().filter((record): record is EventStreamRecord => record.kind === undefined || record.kind === 'event');
  links = () => this.records().filter((record): record is IdentityStreamRecord => record.kind === 'identify');
}
