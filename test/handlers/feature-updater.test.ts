import 'aws-sdk-client-mock-jest';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { BatchGetCommand, DynamoDBDocumentClient, PutCommand, type PutCommandInput } from '@aws-sdk/lib-dynamodb';
import type { KinesisStreamBatchResponse } from 'aws-lambda';
import { KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { mockClient } from 'aws-sdk-client-mock';
import { fromItem, profileItem } from '../../shared/aws/profile-store';
import { profileToStored, type ProfileState } from '../../shared/profiles/state';
import { foldUserRecords } from '../../shared/profiles/fold';
import { rawPayload, rawRecord } from '../profiles/fakes';
import { MINUTE, OTHER_UID, T0, UID, context, event, iso, item, seq, userRecord } from '../profiles/fixtures';
import { kinesisEvent, lambdaContext, silenceEmptyMetricsWarning } from './api-gateway';

const TABLE = 'profiles-table';
const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/profiles-dlq';

const dynamo = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);
const kinesis = mockClient(KinesisClient);

type Handler = (event: ReturnType<typeof kinesisEvent>, context: ReturnType<typeof lambdaContext>) => Promise<KinesisStreamBatchResponse>;
let handler: Handler;

beforeAll(async () => {
  process.env.PROFILES_TABLE_NAME = TABLE;
  process.env.DEAD_LETTER_QUEUE_URL = QUEUE_URL;
  process.env.EVENTS_STREAM_NAME = 'events';
  process.env.PIPELINE_VERSION = 'profiles-2024.05.1';
  process.env.CONSENT_REGIME = 'opt-out';
  ({ handler } = (await import('../../functions/feature-updater/handler')) as unknown as { handler: Handler });
});

beforeEach(() => {
  dynamo.reset();
  sqs.reset();
  kinesis.reset();
  dynamo.on(BatchGetCommand).resolves({ Responses: { [TABLE]: [] } });
  dynamo.on(PutCommand).resolves({});
  sqs.on(SendMessageBatchCommand).callsFake((input: { Entries?: { Id?: string }[] }) => ({ Successful: (input.Entries ?? []).map((entry) => ({ Id: entry.Id, MessageId: `m-${entry.Id}`, MD5OfMessageBody: '' })), Failed: [] }));
  silenceEmptyMetricsWarning();
});
afterEach(() => jest.restoreAllMocks());

const view = (minute: number, category = 'shoes') => event({ type: 'product_view', item: item(`p${minute}`, category, { price: 120 }), timestamp: iso(T0 + minute * MINUTE) });
const invoke = (records: ReturnType<typeof rawRecord>[]) => handler(kinesisEvent(records), lambdaContext('feature-updater'));
const puts = () => dynamo.commandCalls(PutCommand).map((call) => call.args[0].input as PutCommandInput);
/** The profile state a put wrote, decoded from the compact item. */
const written = (input: PutCommandInput) => fromItem(input.Item!).value as ProfileState;

describe('feature updater (Kinesis → profiles)', () => {
  it('dead-letters a poison record with its reason and writes each user once', async () => {
    // Prepare: two users, three events, one record that is not JSON.
    const records = [rawRecord(1, view(0)), rawRecord(2, view(1), { uid: OTHER_UID }), rawPayload(3, 'not json at all'), rawRecord(4, view(2))];
    // Act
    const response = await invoke(records);
    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(sqs).toHaveReceivedCommandTimes(SendMessageBatchCommand, 1);
    expect(sqs).toHaveReceivedCommandWith(SendMessageBatchCommand, {
      QueueUrl: QUEUE_URL,
      Entries: [expect.objectContaining({ MessageAttributes: { reason: { DataType: 'String', StringValue: 'payload is not valid JSON' } } })],
    });
    const letter = JSON.parse(sqs.commandCalls(SendMessageBatchCommand)[0]!.args[0].input.Entries![0]!.MessageBody!);
    expect(letter).toMatchObject({ source: 'feature-updater', reason: 'payload is not valid JSON', shardId: 'shardId-000000000000', sequenceNumber: seq(3), data: records[2]!.data });
    expect(dynamo).toHaveReceivedCommandTimes(BatchGetCommand, 1);
    expect(dynamo).toHaveReceivedCommandTimes(PutCommand, 2);
    const byUser = Object.fromEntries(puts().map((input) => [input.Item!.uid, input]));
    expect(Object.keys(byUser).sort()).toEqual([OTHER_UID, UID].sort());
    expect(byUser[UID]).toMatchObject({ TableName: TABLE, ConditionExpression: 'attribute_not_exists(uid)', Item: { uid: UID, version: 1, p: expect.any(Uint8Array) } });
    expect(byUser[UID]!.Item).not.toHaveProperty('kind');
    expect(written(byUser[UID]!)).toMatchObject({ lineage: { eventsApplied: 2, pipelineVersion: 'profiles-2024.05.1' } });
    expect(written(byUser[OTHER_UID]!)).toMatchObject({ lineage: { eventsApplied: 1 } });
  });

  it('reports the sequence numbers of a user whose DynamoDB write failed, and only those', async () => {
    // Prepare
    dynamo.on(PutCommand).callsFake((input: PutCommandInput) => {
      if (input.Item?.uid === OTHER_UID) throw Object.assign(new Error('Internal server error'), { name: 'InternalServerError' });
      return {};
    });
    // Act
    const response = await invoke([rawRecord(1, view(0)), rawRecord(2, view(1), { uid: OTHER_UID }), rawRecord(3, view(2), { uid: OTHER_UID }), rawRecord(4, view(3))]);
    // Assess
    expect(response.batchItemFailures.map((failure) => failure.itemIdentifier).sort()).toEqual([seq(2), seq(3)]);
    expect(puts().filter((input) => input.Item!.uid === UID)).toHaveLength(1);
  });

  it('updates a stored profile conditionally on the version it read', async () => {
    // Prepare
    const stored = foldUserRecords(undefined, [userRecord(1, view(0, 'bags'))], context()).state!;
    dynamo.on(BatchGetCommand).resolves({ Responses: { [TABLE]: [profileItem(stored, 7)] } });
    // Act
    const response = await invoke([rawRecord(2, view(5))]);
    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(dynamo).toHaveReceivedCommandWith(PutCommand, {
      ConditionExpression: 'version = :expected',
      ExpressionAttributeValues: { ':expected': 7 },
      Item: expect.objectContaining({ uid: UID, version: 8 }),
    });
    expect(written(puts()[0]!).lineage.eventsApplied).toBe(2);
  });

  it('reads a profile stored before the compact codec (plain attributes) and rewrites it compactly', async () => {
    // Prepare
    const stored = foldUserRecords(undefined, [userRecord(1, view(0, 'bags'))], context()).state!;
    dynamo.on(BatchGetCommand).resolves({ Responses: { [TABLE]: [{ ...profileToStored(stored), kind: 'profile', version: 3 }] } });
    // Act
    const response = await invoke([rawRecord(2, view(5))]);
    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(puts()[0]!.Item).toMatchObject({ uid: UID, version: 4, p: expect.any(Uint8Array) });
    expect(puts()[0]!.Item!.lineage).toBeUndefined();
    expect(written(puts()[0]!).lineage.eventsApplied).toBe(2);
    expect([...written(puts()[0]!).interests.categoryLong.keys()].sort()).toEqual(['bags', 'shoes']);
  });

  it('writes nothing for a batch that was already applied', async () => {
    const stored = foldUserRecords(undefined, [userRecord(1, view(0)), userRecord(2, view(1))], context()).state!;
    dynamo.on(BatchGetCommand).resolves({ Responses: { [TABLE]: [profileItem(stored, 1)] } });
    const response = await invoke([rawRecord(1, view(0)), rawRecord(2, view(1))]);
    expect(response.batchItemFailures).toEqual([]);
    expect(dynamo).not.toHaveReceivedCommand(PutCommand);
  });

  it('re-reads and retries once when another writer won the condition', async () => {
    // Prepare: the first write loses the race; the re-read finds the other writer's profile.
    const theirs = foldUserRecords(undefined, [userRecord(1, view(0, 'hats'), { shardId: 'shardId-000000000001' })], context()).state!;
    dynamo
      .on(BatchGetCommand)
      .resolvesOnce({ Responses: { [TABLE]: [] } })
      .resolves({ Responses: { [TABLE]: [profileItem(theirs, 1)] } });
    dynamo
      .on(PutCommand)
      .rejectsOnce(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }))
      .resolves({});
    // Act
    const response = await invoke([rawRecord(5, view(3, 'bags'))]);
    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(dynamo).toHaveReceivedCommandTimes(PutCommand, 2);
    expect([...written(puts()[1]!).interests.categoryLong.keys()].sort()).toEqual(['bags', 'hats']);
  });

  it('keeps poison records for retry when the dead-letter queue refuses them', async () => {
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [{ Id: '0', Code: 'KMS.AccessDenied', SenderFault: true }] });
    const response = await invoke([rawPayload(1, '{'), rawRecord(2, view(0))]);
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: seq(1) }]);
    expect(dynamo).toHaveReceivedCommandTimes(PutCommand, 1);
  });

  it('sends more than ten poison records in batches of ten', async () => {
    const poison = Array.from({ length: 23 }, (_, index) => rawPayload(index + 1, `poison ${index}`));
    const response = await invoke(poison);
    expect(response.batchItemFailures).toEqual([]);
    expect(sqs.commandCalls(SendMessageBatchCommand).map((call) => call.args[0].input.Entries!.length)).toEqual([10, 10, 3]);
  });

  it('forwards the events of a visitor merged into a user to the user\'s partition of the configured stream', async () => {
    // Prepare: the visitor's profile is claimed by UID (identity stitching).
    const visitor = foldUserRecords(undefined, [userRecord(1, view(0), { uid: OTHER_UID })], context()).state!;
    visitor.identity = { mergedInto: { uid: UID, linkId: 'msg-1', at: iso(T0 + MINUTE) } };
    dynamo.on(BatchGetCommand).resolves({ Responses: { [TABLE]: [profileItem(visitor, 2)] } });
    kinesis.on(PutRecordsCommand).callsFake((input: { Records?: unknown[] }) => ({ FailedRecordCount: 0, Records: (input.Records ?? []).map((_, index) => ({ SequenceNumber: seq(100 + index), ShardId: 'shardId-000000000000' })) }));
    // Act
    const response = await invoke([rawRecord(2, view(5), { uid: OTHER_UID })]);
    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(kinesis).toHaveReceivedCommandWith(PutRecordsCommand, { StreamName: 'events', Records: [expect.objectContaining({ PartitionKey: UID })] });
    const forwarded = JSON.parse(Buffer.from(kinesis.commandCalls(PutRecordsCommand)[0]!.args[0].input.Records![0]!.Data!).toString('utf8'));
    expect(forwarded).toMatchObject({ uid: UID, event: { eventId: expect.any(String), type: 'product_view' } });
    expect(puts()).toEqual([]);
  });
});
