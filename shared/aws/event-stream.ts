import { PutRecordsCommand, type KinesisClient } from '@aws-sdk/client-kinesis';
import { sendWithRetries } from './retry-entries';
import type { EventPublisher, PublishOutcome, OutgoingRecord } from '../profiles/ingest';

const MAX_RECORDS_PER_CALL = 500;

/**
 * Kinesis PutRecords is not all-or-nothing: each entry can be throttled on its own. Refused entries are
 * retried with jittered backoff; what Kinesis still refuses after the last attempt is reported back by
 * index with Kinesis' error code, never dropped silently.
 */
export class KinesisEventPublisher implements EventPublisher {
  constructor(
    private readonly client: KinesisClient,
    private readonly streamName: string,
    private readonly maxAttempts = 4,
    private readonly baseDelayMs = 100,
  ) {}

  async publish(records: readonly OutgoingRecord[]): Promise<PublishOutcome[]> {
    const results = await sendWithRetries(
      records,
      async (batch) => {
        const response = await this.client.send(
          new PutRecordsCommand({ StreamName: this.streamName, Records: batch.map((record) => ({ PartitionKey: record.partitionKey, Data: record.data })) }),
        );
        return batch.map((_record, position) => {
          const entry = response.Records?.[position];
          return entry?.SequenceNumber
            ? { ok: true as const, value: { sequenceNumber: entry.SequenceNumber, shardId: entry.ShardId ?? '' } }
            : { ok: false as const, errorCode: entry?.ErrorCode ?? 'UnknownError' };
        });
      },
      { maxPerCall: MAX_RECORDS_PER_CALL, maxAttempts: this.maxAttempts, baseDelayMs: this.baseDelayMs },
    );
    return results.map((result): PublishOutcome => (result.ok ? { ok: true, ...result.value } : result));
  }
}
