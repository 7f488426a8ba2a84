import { PutRecordCommand, type KinesisClient } from '@aws-sdk/client-kinesis';
import type { DecisionStream } from '../decisions-service/ports';
import type { DecisionStreamPayload } from '../decisions-service/stream';
import { encodeStreamRecord, STREAM_RECORD_VERSION } from '../stream/records';

/**
 * The decision log's write path: one PutRecord per decision (or API outcome) on the events stream,
 * partition key = the user's pseudonym, so the user's decisions, outcomes and clickstream stay in
 * order on one shard. The SDK retries throttling; what still fails is thrown for the API to answer 503.
 */
export class KinesisDecisionStream implements DecisionStream {
  constructor(
    private readonly client: KinesisClient,
    private readonly streamName: string,
  ) {}

  async put(uid: string, payload: DecisionStreamPayload, receivedAt: string): Promise<void> {
    const { partitionKey, data } = encodeStreamRecord({ v: STREAM_RECORD_VERSION, kind: 'decision', uid, receivedAt, decision: payload });
    await this.client.send(new PutRecordCommand({ StreamName: this.streamName, PartitionKey: partitionKey, Data: data }));
  }
}
