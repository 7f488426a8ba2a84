import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoCopyStore } from '../../shared/aws/copy-store';
import { InvalidCursorError } from '../../shared/copy/store';

const dynamo = mockClient(DynamoDBDocumentClient);
const store = new DynamoCopyStore(DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' })), 'copy');
const encode = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
const variantId = '0f8fad5b-d9cb-469f-a165-70867728950e.city-runners.zh-CN.2';
const lastKey = { pk: 'JOB#0f8fad5b-d9cb-469f-a165-70867728950e', sk: `VARIANT#${variantId}`, reviewQueue: 'pending', queuedAt: `2026-11-30T08:00:00.000Z#${variantId}` };

beforeEach(() => dynamo.reset());

describe('review queue cursors', () => {
  it('a cursor the store issued leads to the next page', async () => {
    dynamo.on(QueryCommand).resolvesOnce({ Items: [], LastEvaluatedKey: lastKey }).resolvesOnce({ Items: [] });
    const first = await store.listPendingReviews(1);
    expect(first.nextCursor).toBeDefined();
    await store.listPendingReviews(1, first.nextCursor);
    expect(dynamo.commandCalls(QueryCommand)[1]!.args[0].input.ExclusiveStartKey).toEqual(lastKey);
  });

  it.each([
    ['not base64url', '%%%'],
    ['not JSON', encode('x').slice(2)],
    ['a JSON array', encode([1, 2])],
    ['another queue', encode({ ...lastKey, reviewQueue: 'approved' })],
    ['a key of another table shape', encode({ pk: 'x', sk: 'y' })],
    ['an extra attribute', encode({ ...lastKey, extra: 'x' })],
    ['a number where a key belongs', encode({ ...lastKey, pk: 1 })],
    ['a prototype name as attribute', encode({ ...lastKey, __proto__: 'x', constructor: 'y' })],
    ['an oversized key', encode({ ...lastKey, sk: `VARIANT#${'x'.repeat(5000)}` })],
  ])('a forged cursor (%s) is refused before DynamoDB sees it', async (_name, cursor) => {
    await expect(store.listPendingReviews(5, cursor)).rejects.toBeInstanceOf(InvalidCursorError);
    expect(dynamo.commandCalls(QueryCommand)).toHaveLength(0);
  });
});
