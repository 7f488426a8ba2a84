/**
 * Builders for identity stitching tests: identify records as the tracker edge writes them, and a fake
 * of the events stream that the feature updater forwards a merged visitor's events to.
 */
import type { EventPublisher, OutgoingRecord, PublishOutcome } from '../../shared/profiles/ingest';
import type { RawStreamRecord } from '../../shared/profiles/update-profiles';
import { STREAM_RECORD_VERSION, type IdentityStreamRecord } from '../../shared/stream/records';
import type { UserRecord } from '../../shared/profiles/fold';
import { base64 } from './fakes';
import { MINUTE, SECOND, SHARD, T0, UID, iso, seq } from './fixtures';

/** The pseudonym of an anonymous visitor (anonymousSubject(id) through the same HMAC as a user id). */
export const ANON = 'aN0nYm0usV1s1t0rPs3ud0nym000000000000000000';
export const OTHER_ANON = 'aN0nYm0usV1s1t0rPs3ud0nym111111111111111111';

export interface IdentifyOptions {
  uid?: string;
  anonymousUid?: string;
  linkId?: string;
  /** Minutes after T0 the edge received it. */
  minute?: number;
  shardId?: string;
}

export function identify(options: IdentifyOptions = {}): IdentityStreamRecord {
  const at = iso(T0 + (options.minute ?? 0) * MINUTE + SECOND);
  return {
    v: STREAM_RECORD_VERSION,
    kind: 'identify',
    uid: options.uid ?? UID,
    receivedAt: at,
    link: { anonymousUid: options.anonymousUid ?? ANON, linkId: options.linkId ?? 'link-1', linkedAt: at },
  };
}

export const identifyUserRecord = (n: number, options: IdentifyOptions = {}): UserRecord => ({ shardId: options.shardId ?? SHARD, sequenceNumber: seq(n), record: identify(options) });

export function rawIdentify(n: number, options: IdentifyOptions = {}): RawStreamRecord {
  const record = identify(options);
  return { shardId: options.shardId ?? SHARD, sequenceNumber: seq(n), partitionKey: record.uid, data: base64(JSON.stringify(record)) };
}

/** Records what the feature updater forwards; `delivered` replays it as the next records of the user's shard. */
export class FakeStream implements EventPublisher {
  readonly published: OutgoingRecord[] = [];
  down = false;
  private next = 1_000;

  async publish(records: readonly OutgoingRecord[]): Promise<PublishOutcome[]> {
    if (this.down) return records.map(() => ({ ok: false, errorCode: 'ProvisionedThroughputExceededException' }));
    this.published.push(...records);
    return records.map(() => ({ ok: true, sequenceNumber: seq(this.next++), shardId: SHARD }));
  }

  /** Everything published so far, as the event source mapping would deliver it, then forgotten. */
  drain(shardId = SHARD): RawStreamRecord[] {
    return this.published.splice(0).map((record) => ({ shardId, sequenceNumber: seq(this.next++), partitionKey: record.partitionKey, data: Buffer.from(record.data).toString('base64') }));
  }
}
