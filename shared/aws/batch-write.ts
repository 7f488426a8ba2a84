import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TransientError } from '../http/retryable';
import { sendWithRetries } from './retry-entries';

export type WriteRequest = { PutRequest: { Item: Record<string, unknown> } } | { DeleteRequest: { Key: Record<string, unknown> } };

/** Eight calls of 25 at once: 200 items per round trip, well within an on-demand table's burst. */
const CONCURRENT_CALLS = 8;

/**
 * BatchWriteItem in calls of 25, up to eight in flight (a heavy user's erasure is thousands of items
 * and has to finish within the API's 30 s), resending what DynamoDB left unprocessed with backoff.
 * Throws a TransientError (the API answers 503: a resend finishes the work) when some are still left.
 * The requests must name distinct keys and must not depend on one another's order.
 */
export async function batchWriteAll(
  client: DynamoDBDocumentClient,
  table: { name: string; partitionKey: string; sortKey: string },
  requests: readonly WriteRequest[],
  what: string,
): Promise<void> {
  const tableName = table.name;
  const keyOf = (request: { PutRequest?: { Item?: Record<string, unknown> }; DeleteRequest?: { Key?: Record<string, unknown> } }) => {
    const key = request.PutRequest?.Item ?? request.DeleteRequest?.Key;
    return `${String(key?.[table.partitionKey])}|${String(key?.[table.sortKey])}`;
  };
  const outcomes = await sendWithRetries(
    requests,
    async (batch) => {
      const result = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: [...batch] } }));
      const left = new Set((result.UnprocessedItems?.[tableName] ?? []).map(keyOf));
      return batch.map((request) => (left.has(keyOf(request)) ? { ok: false as const, errorCode: 'Unprocessed' } : { ok: true as const, value: undefined }));
    },
    { maxPerCall: 25, maxAttempts: 6, baseDelayMs: 50, concurrency: CONCURRENT_CALLS },
  );
  const refused = outcomes.filter((outcome) => !outcome.ok).length;
  if (refused > 0) throw new TransientError(`could not ${what} (${refused} items)`);
}
