import 'aws-sdk-client-mock-jest';
import { KinesisClient, PutRecordCommand } from '@aws-sdk/client-kinesis';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { BatchGetCommand, BatchWriteCommand, DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { httpEvent, jsonBody, kinesisEvent, lambdaContext, RAW_USER_ID, RAW_USER_PSEUDONYM, SECRET, SECRET_ID, silenceEmptyMetricsWarning, type HttpHandler, type HttpRequest } from '../handlers/api-gateway';
import { experimentFixture, logRecord, StreamBuilder } from './fakes';

const TABLE = 'decisions-table';
const PROFILES = 'profiles-table';
const STREAM = 'events';
const QUEUE = 'https://sqs.eu-west-1.amazonaws.com/123456789012/dlq';
const dynamo = mockClient(DynamoDBDocumentClient);
const kinesis = mockClient(KinesisClient);
const sqs = mockClient(SQSClient);
const secrets = mockClient(SecretsManagerClient);

let experimentsApi: HttpHandler;
let decisionsApi: HttpHandler;
let outcomesApi: HttpHandler;
let consumer: (event: KinesisStreamEvent, context: ReturnType<typeof lambdaContext>) => Promise<KinesisStreamBatchResponse>;

beforeAll(async () => {
  Object.assign(process.env, {
    DECISIONS_TABLE_NAME: TABLE,
    PROFILES_TABLE_NAME: PROFILES,
    EVENTS_STREAM_NAME: STREAM,
    PSEUDONYMIZATION_SECRET_ID: SECRET_ID,
    PIPELINE_SETTINGS: '{}',
    EXPERIMENT_CACHE_SECONDS: '30',
    DEAD_LETTER_QUEUE_URL: QUEUE,
    DECISION_LOG_RETENTION_DAYS: '90',
    CONSENTS_TABLE_NAME: 'consents-table',
    CONSENT_REGIME: 'opt-out',
  });
  ({ handler: experimentsApi } = (await import('../../functions/experiments-api/handler')) as unknown as { handler: HttpHandler });
  ({ handler: decisionsApi } = (await import('../../functions/decisions-api/handler')) as unknown as { handler: HttpHandler });
  ({ handler: outcomesApi } = (await import('../../functions/decision-outcomes-api/handler')) as unknown as { handler: HttpHandler });
  ({ handler: consumer } = (await import('../../functions/decisions-consumer/handler')) as unknown as { handler: typeof consumer });
});

beforeEach(() => {
  dynamo.reset();
  kinesis.reset();
  sqs.reset();
  secrets.reset();
  secrets.on(GetSecretValueCommand, { SecretId: SECRET_ID }).resolves({ SecretString: SECRET });
  silenceEmptyMetricsWarning();
});
afterEach(() => jest.restoreAllMocks());

const call = (handler: HttpHandler, request: HttpRequest) => handler(httpEvent(request), lambdaContext());
const experimentItems = (id: string, overrides = {}) => [{ pk: `EXP#${id}`, sk: 'CONFIG', experiment: experimentFixture(id, overrides), version: 1 }];

describe('experiments-api handler', () => {
  const put = (id: string, body: unknown) => call(experimentsApi, { method: 'PUT', route: '/v1/experiments/{experimentId}', pathParameters: { experimentId: id }, body: JSON.stringify(body) });

  it('creates an experiment with a conditional put and answers 201 with the test plan', async () => {
    dynamo.on(BatchGetCommand).resolves({ Responses: { [TABLE]: [] } });
    dynamo.on(PutCommand).resolves({});
    const response = await put('spring', { arms: [{ armId: 'a' }, { armId: 'b' }], testPlan: { baselineRate: 0.05, minimumDetectableEffect: 0.1, dailyTraffic: 5000 } });
    expect(response.statusCode).toBe(201);
    expect(jsonBody(response).experiment).toMatchObject({ experimentId: 'spring', version: 1, policy: { type: 'bandit' }, objective: 'click' });
    expect(jsonBody(response).testPlan.sampleSizePerArm).toBeGreaterThan(0);
    expect(dynamo).toHaveReceivedCommandWith(PutCommand, { TableName: TABLE, ConditionExpression: 'attribute_not_exists(pk)', Item: expect.objectContaining({ pk: 'EXP#spring', sk: 'CONFIG', version: 1 }) });
  });

  it('answers 422 with every reason for impossible settings, 400 for malformed ones, 409 for an objective change', async () => {
    dynamo.on(BatchGetCommand).resolves({ Responses: { [TABLE]: [] } });
    const impossible = await put('x', { arms: [{ armId: 'a' }, { armId: 'a' }], controlArmId: 'z' });
    expect(impossible.statusCode).toBe(422);
    expect(jsonBody(impossible).error.details.map((problem: { path: string }) => problem.path)).toEqual(['arms.1.armId', 'controlArmId']);
    expect((await put('x', { arms: [{ armId: 'a' }, { armId: 'b' }], holdoutFraction: 2 })).statusCode).toBe(400);
    expect((await put('x', [])).statusCode).toBe(400);
    expect((await put('has space', { arms: [{ armId: 'a' }, { armId: 'b' }] })).statusCode).toBe(400);

    dynamo.on(BatchGetCommand).resolves({ Responses: { [TABLE]: experimentItems('x') } });
    const changed = await put('x', { arms: [{ armId: 'a' }, { armId: 'b' }], objective: 'revenue' });
    expect(changed.statusCode).toBe(409);
    expect(dynamo).not.toHaveReceivedCommand(PutCommand);
  });

  it('answers 412 to a create-only PUT (If-None-Match: *) of an experiment that exists, and writes nothing', async () => {
    dynamo.on(BatchGetCommand).resolves({ Responses: { [TABLE]: experimentItems('x') } });
    const response = await call(experimentsApi, { method: 'PUT', route: '/v1/experiments/{experimentId}', pathParameters: { experimentId: 'x' }, body: JSON.stringify({ arms: [{ armId: 'c' }, { armId: 'd' }] }), headers: { 'if-none-match': '*' } });
    expect(response.statusCode).toBe(412);
    expect(jsonBody(response).error).toMatchObject({ code: 'PreconditionFailed', details: { currentVersion: 1 } });
    expect(dynamo).not.toHaveReceivedCommand(PutCommand);
  });

  it('reads results from the experiment partition and the served share from the latest logged decisions, 404 when unknown', async () => {
    dynamo.on(QueryCommand).resolves({ Items: experimentItems('spring') });
    dynamo.on(QueryCommand, { IndexName: 'byExperiment', ExpressionAttributeValues: { ':bucket': 'spring#0' } }).resolves({ Items: [{ sk: 'DECISION', record: logRecord('dec-00000001', { experimentId: 'spring', chosenArmId: 'b' }) }] });
    dynamo.on(QueryCommand, { IndexName: 'byExperiment', ExpressionAttributeValues: { ':bucket': 'spring#1' } }).resolves({ Items: [] });
    const response = await call(experimentsApi, { method: 'GET', route: '/v1/experiments/{experimentId}/results', pathParameters: { experimentId: 'spring' } });
    expect(response.statusCode).toBe(200);
    expect(jsonBody(response)).toMatchObject({ experimentId: 'spring', status: 'collecting', updatedAt: null, arms: [expect.objectContaining({ armId: 'a', decisions: 0 }), expect.objectContaining({ armId: 'b' })] });
    expect(jsonBody(response).servedShare).toMatchObject({ arms: ['a', 'b'], complete: true, points: [{ decisions: 1, shares: [0, 1] }] });
    dynamo.on(QueryCommand).resolves({ Items: [] });
    expect((await call(experimentsApi, { method: 'GET', route: '/v1/experiments/{experimentId}/results', pathParameters: { experimentId: 'gone' } })).statusCode).toBe(404);
  });
});

describe('decisions-api handler', () => {
  const decideRequest = (body: unknown) => call(decisionsApi, { method: 'POST', route: '/v1/decisions', body: JSON.stringify(body) });

  it('pseudonymises the user, reads the profile once and puts the decision on the stream under the pseudonym', async () => {
    dynamo.on(QueryCommand).resolves({ Items: experimentItems('exp-h1') });
    dynamo.on(BatchGetCommand).resolves({ Responses: { [PROFILES]: [] } });
    kinesis.on(PutRecordCommand).resolves({ SequenceNumber: '1', ShardId: 'shardId-000000000000' });

    const response = await decideRequest({ experimentId: 'exp-h1', userId: RAW_USER_ID });

    expect(response.statusCode).toBe(200);
    const body = jsonBody(response);
    expect(body).toMatchObject({ armId: expect.stringMatching(/^[ab]$/), holdout: false, personalised: true });
    expect(body.propensity).toBeCloseTo(0.5, 6);
    expect(dynamo).toHaveReceivedCommandTimes(BatchGetCommand, 1);
    expect(dynamo).toHaveReceivedCommandWith(BatchGetCommand, { RequestItems: { [PROFILES]: { Keys: [{ uid: RAW_USER_PSEUDONYM }] }, 'consents-table': { Keys: [{ uid: RAW_USER_PSEUDONYM, sk: 'state' }] } } });
    expect(kinesis).toHaveReceivedCommandTimes(PutRecordCommand, 1);
    const put = kinesis.commandCalls(PutRecordCommand)[0]!.args[0].input;
    expect(put.PartitionKey).toBe(RAW_USER_PSEUDONYM);
    const record = JSON.parse(Buffer.from(put.Data!).toString('utf8'));
    expect(record).toMatchObject({ v: 1, kind: 'decision', uid: RAW_USER_PSEUDONYM, decision: { type: 'served', log: { decisionId: body.decisionId, chosenArmId: body.armId, propensity: body.propensity, uid: RAW_USER_PSEUDONYM } } });
    expect(JSON.stringify(record)).not.toContain(RAW_USER_ID);
  });

  it('caches the experiment: a second decision within the bound costs no experiment read', async () => {
    dynamo.on(QueryCommand).resolves({ Items: experimentItems('exp-h2') });
    dynamo.on(BatchGetCommand).resolves({ Responses: { [PROFILES]: [] } });
    kinesis.on(PutRecordCommand).resolves({ SequenceNumber: '1', ShardId: 'shardId-000000000000' });
    await decideRequest({ experimentId: 'exp-h2', userId: 'u1' });
    await decideRequest({ experimentId: 'exp-h2', userId: 'u2' });
    expect(dynamo).toHaveReceivedCommandTimes(QueryCommand, 1);
    expect(dynamo).toHaveReceivedCommandTimes(BatchGetCommand, 2);
  });

  it('answers 404 for an unknown experiment, 409 for a paused one, 400 for bad input, 503 when the stream refuses', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [] });
    expect((await decideRequest({ experimentId: 'exp-h3', userId: 'u' })).statusCode).toBe(404);
    dynamo.on(QueryCommand).resolves({ Items: experimentItems('exp-h4', { status: 'paused' }) });
    const paused = await decideRequest({ experimentId: 'exp-h4', userId: 'u' });
    expect(paused.statusCode).toBe(409);
    expect(jsonBody(paused).error.message).toMatch(/is paused/);
    expect((await decideRequest({ experimentId: 'exp-h4', userId: 'u', context: { Bad: 1 } })).statusCode).toBe(400);

    dynamo.on(QueryCommand).resolves({ Items: experimentItems('exp-h5') });
    dynamo.on(BatchGetCommand).resolves({ Responses: { [PROFILES]: [] } });
    kinesis.on(PutRecordCommand).rejects(Object.assign(new Error('throttled'), { name: 'ProvisionedThroughputExceededException' }));
    const refused = await decideRequest({ experimentId: 'exp-h5', userId: 'u' });
    expect(refused.statusCode).toBe(503);
  });
});

describe('decision-outcomes-api handler', () => {
  const report = (decisionId: string, body: unknown) =>
    call(outcomesApi, { method: 'POST', route: '/v1/decisions/{decisionId}/outcomes', pathParameters: { decisionId }, body: JSON.stringify(body) });

  it("puts the outcome on the stream under the decision's user, and says when it is late or already applied", async () => {
    const record = logRecord('dec-12345678', { at: new Date(Date.now() - 60_000).toISOString(), rewardDeadline: new Date(Date.now() + 60_000).toISOString() });
    dynamo.on(BatchGetCommand).resolves({ Responses: { [TABLE]: [{ pk: 'DEC#dec-12345678', sk: 'DECISION', record }] } });
    kinesis.on(PutRecordCommand).resolves({ SequenceNumber: '1', ShardId: 'shardId-000000000000' });

    const accepted = await report('dec-12345678', { outcomeId: 'o-1', event: 'click' });
    expect(accepted.statusCode).toBe(202);
    expect(jsonBody(accepted)).toEqual({ decisionId: 'dec-12345678', outcomeId: 'o-1', status: 'accepted' });
    const put = kinesis.commandCalls(PutRecordCommand)[0]!.args[0].input;
    expect(put.PartitionKey).toBe(record.uid);
    expect(JSON.parse(Buffer.from(put.Data!).toString('utf8'))).toMatchObject({ kind: 'decision', decision: { type: 'outcome', decisionId: 'dec-12345678', outcome: { outcomeId: 'o-1', event: 'click' } } });

    dynamo.on(BatchGetCommand).resolves({
      Responses: { [TABLE]: [{ pk: 'DEC#dec-12345678', sk: 'DECISION', record: { ...record, rewardDeadline: new Date(Date.now() - 1000).toISOString() } }, { pk: 'DEC#dec-12345678', sk: 'REWARD', applied: [{ id: 'o-1' }], reward: 1, version: 1 }] },
    });
    expect(jsonBody(await report('dec-12345678', { outcomeId: 'o-2', event: 'click' })).status).toBe('late');
    expect(jsonBody(await report('dec-12345678', { outcomeId: 'o-1', event: 'click' })).status).toBe('duplicate');
    expect(kinesis).toHaveReceivedCommandTimes(PutRecordCommand, 2);
  });

  it('answers 404 for an unknown decision, 400 for a bad outcome', async () => {
    dynamo.on(BatchGetCommand).resolves({ Responses: { [TABLE]: [] } });
    expect((await report('dec-unknown1', { outcomeId: 'o', event: 'click' })).statusCode).toBe(404);
    expect((await report('dec-unknown1', { outcomeId: 'o', event: 'Click!' })).statusCode).toBe(400);
    expect((await report('dec-unknown1', { outcomeId: 'o', event: 'click', value: 1e300 })).statusCode).toBe(400);
    expect(kinesis).not.toHaveReceivedCommand(PutRecordCommand);
  });
});

describe('decisions-consumer handler', () => {
  it('logs decisions with a TTL, dead-letters poison records with their reason, and reports a failed learning write for retry', async () => {
    const stream = new StreamBuilder();
    const served = stream.served(logRecord('dec-00001'));
    const poison = stream.raw(served.partitionKey, { v: 1, kind: 'decision', uid: served.partitionKey, receivedAt: new Date().toISOString(), decision: { type: 'nonsense' } });
    dynamo.on(BatchWriteCommand).resolves({});
    // The experiment exists; it has no learning state yet.
    dynamo.on(BatchGetCommand).callsFake((input: { RequestItems: Record<string, { Keys: { sk: string }[] }> }) => ({
      Responses: { [TABLE]: input.RequestItems[TABLE]!.Keys.some((key) => key.sk === 'CONFIG') ? experimentItems('exp-1') : [] },
    }));
    dynamo.on(PutCommand).rejects(new Error('throttled'));
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [{ Id: '0', MessageId: 'm', MD5OfMessageBody: 'x' }], Failed: [] });

    const response = await consumer(kinesisEvent(stream.records), lambdaContext('decisions-consumer'));

    const write = dynamo.commandCalls(BatchWriteCommand)[0]!.args[0].input.RequestItems![TABLE]![0]!.PutRequest!.Item!;
    expect(write).toMatchObject({ pk: 'DEC#dec-00001', sk: 'DECISION', uid: logRecord('dec-00001').uid, expBucket: expect.stringMatching(/^exp-1#[0-7]$/), logKey: expect.stringMatching(/#dec-00001#D$/) });
    expect(write.expiresAt).toBe(Math.floor(Date.parse(logRecord('dec-00001').at) / 1000) + 90 * 86_400);
    const letter = sqs.commandCalls(SendMessageBatchCommand)[0]!.args[0].input.Entries![0]!;
    expect(letter.MessageAttributes!.reason!.StringValue).toMatch(/decision payload does not match its schema/);
    expect(JSON.parse(letter.MessageBody!)).toMatchObject({ source: 'decisions-consumer', sequenceNumber: poison.sequenceNumber });
    // The learning write was attempted (conditional on absence) and failed: the decision's record is retried.
    expect(dynamo).toHaveReceivedCommandWith(PutCommand, { ConditionExpression: 'attribute_not_exists(pk)', Item: expect.objectContaining({ pk: 'EXP#exp-1', sk: 'MODEL', version: 1 }) });
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: served.sequenceNumber }]);
  });
});
