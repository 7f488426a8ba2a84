import { PutRecordsCommand, type KinesisClient } from '@aws-sdk/client-kinesis';
import { backoffMs, sleep } from '../concurrency';
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
    const outcomes: PublishOutcome[] = records.map(() => ({ ok: false, errorCode: 'NotAttempted' }));
    for (let start = 0; start < records.length; start += MAX_RECORDS_PER_CALL) {
      let pending = records.slice(start, start + MAX_RECORDS_PER_CALL).map((record, offset) => ({ record, index: start + offset }));
      for (let attempt = 0; attempt < this.maxAttempts && pending.length > 0; attempt++) {
        if (attempt > 0) await sleep(backoffMs(attempt, this.baseDelayMs));
        try {
          const response = await this.client.send(
            new PutRecordsCommand({
              StreamName: this.streamName,
              Records: pending.map(({ record }) => ({ PartitionKey: record.partitionKey, Data: record.data })),
            }),
          );
          const entries = response.Records ?? [];
          const retry: typeof pending = [];
          pending.forEach((item, position) => {
            const entry = entries[position];
            if (entry?.SequenceNumber) outcomes[item.index] = { ok: true, sequenceNumber: entry.SequenceNumber, shardId: entry.ShardId ?? '' };
            else {
              outcomes[item.index] = { ok: false, errorCode: entry?.ErrorCode ?? 'UnknownError' };
              retry.push(item);
            }
          });
          pending = retry;
        } catch (error) {
          // The whole call failed (network, throttling of the API itself): every pending entry is retried.
          const code = error instanceof Error ? error.name : 'UnknownError';
          for (const item of pending) outcomes[item.index] = { ok: false, errorCode: code };
        }
      }
    }
    return outcomes;
  }
}
