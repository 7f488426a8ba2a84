import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DeadLetter, DeadLetterSink } from '../profiles/update-profiles';

/**
 * Poison records go to SQS with their reason as a message attribute, so an operator can filter by it
 * and replay the payload once the cause is fixed. Throws when any entry is refused: the caller then
 * keeps those records in the stream instead of losing them.
 */
export class SqsDeadLetterQueue implements DeadLetterSink {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
    private readonly source: string,
  ) {}

  async send(letters: readonly DeadLetter[]): Promise<void> {
    for (let start = 0; start < letters.length; start += 10) {
      const chunk = letters.slice(start, start + 10);
      const response = await this.client.send(
        new SendMessageBatchCommand({
          QueueUrl: this.queueUrl,
          Entries: chunk.map((letter, index) => ({
            Id: String(index),
            MessageBody: JSON.stringify({ source: this.source, ...letter, failedAt: new Date().toISOString() }),
            MessageAttributes: { reason: { DataType: 'String', StringValue: letter.reason.slice(0, 256) } },
          })),
        }),
      );
      if (response.Failed && response.Failed.length > 0) {
        throw new Error(`dead-letter queue refused ${response.Failed.length} of ${chunk.length} messages (${response.Failed[0]?.Code})`);
      }
    }
  }
}
