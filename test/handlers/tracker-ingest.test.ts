import 'aws-sdk-client-mock-jest';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { KinesisClient, PutRecordsCommand, type PutRecordsCommandInput } from '@aws-sdk/client-kinesis';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { parseTrackerRequest } from '../../shared/tracker/ingest';
import { httpEvent, jsonBody, lambdaContext, RAW_USER_ID, RAW_USER_PSEUDONYM, SECRET, SECRET_ID, silenceEmptyMetricsWarning, type HttpHandler } from './api-gateway';

const STREAM = 'events-stream';
const TABLE = 'write-keys';
const KEY_ID = '0123456789abcdef';
const WRITE_KEY = `wk_${KEY_ID}_${'A'.repeat(43)}`;

const kinesis = mockClient(KinesisClient);
const secrets = mockClient(SecretsManagerClient);
const dynamo = mockClient(DynamoDBDocumentClient);

let handler: HttpHandler;

beforeAll(async () => {
  process.env.EVENTS_STREAM_NAME = STREAM;
  process.env.PSEUDONYMIZATION_SECRET_ID = SECRET_ID;
  process.env.WRITE_KEYS_TABLE_NAME = TABLE;
  ({ handler } = (await import('../../functions/tracker-ingest/handler')) as unknown as { handler: HttpHandler });
});

const acceptAll = (input: PutRecordsCommandInput) => ({
  FailedRecordCount: 0,
  Records: (input.Records ?? []).map((_, index) => ({ SequenceNumber: `49545115243490985018280067714973144582180062593${String(index).padStart(9, '0')}`, ShardId: 'shardId-000000000000' })),
});
const keyRecord = (extra: Record<string, unknown> = {}) => ({
  keyId: KEY_ID,
  name: 'web shop',
  keyHash: createHash('sha256').update(WRITE_KEY).digest('hex'),
  capability: 'events:write',
  createdAt: '2026-01-01T00:00:00.000Z',
  ...extra,
});

beforeEach(() => {
  kinesis.reset();
  secrets.reset();
  dynamo.reset();
  secrets.on(GetSecretValueCommand, { SecretId: SECRET_ID }).resolves({ SecretString: SECRET });
  kinesis.on(PutRecordsCommand).callsFake(acceptAll);
  dynamo.on(GetCommand, { TableName: TABLE, Key: { keyId: KEY_ID } }).resolves({ Item: keyRecord() });
  jest.spyOn(Math, 'random').mockReturnValue(0);
  silenceEmptyMetricsWarning();
});
afterEach(() => jest.restoreAllMocks());

const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;
const recent = () => new Date(Date.now() - 60_000).toISOString();
const view = (messageId: string) => ({ type: 'track', event: 'Product Viewed', properties: { product_id: 'sku-1', price: 10 }, userId: RAW_USER_ID, messageId, timestamp: recent() });

const post = (route: string, body: string | Buffer, headers: Record<string, string> = { authorization: basic(WRITE_KEY) }) => {
  const event = httpEvent({ method: 'POST', route, body: typeof body === 'string' ? body : body.toString('base64'), headers });
  if (typeof body !== 'string') event.isBase64Encoded = true;
  return handler(event, lambdaContext('tracker-ingest'));
};
const streamed = () =>
  kinesis.commandCalls(PutRecordsCommand).flatMap((call) => (call.args[0].input.Records ?? []).map((record) => ({ partitionKey: record.PartitionKey, data: JSON.parse(Buffer.from(record.Data!).toString('utf8')) })));

describe('POST /v1/batch and the single calls', () => {
  it("answers 200 with Segment's success shape and the counts, streaming the mapped events under the user's pseudonym", async () => {
    const response = await post('/v1/batch', JSON.stringify({ batch: [view('m-1'), { ...view('m-2'), event: 'Cart Viewed' }], writeKey: WRITE_KEY, sentAt: new Date().toISOString() }));
    expect(response.statusCode).toBe(200);
    expect(jsonBody(response)).toEqual({ success: true, accepted: 1, linked: 0, unmapped: { 'track "Cart Viewed"': 1 }, rejected: 0, rejections: [] });
    expect(streamed()).toEqual([{ partitionKey: RAW_USER_PSEUDONYM, data: expect.objectContaining({ uid: RAW_USER_PSEUDONYM, event: expect.objectContaining({ type: 'product_view', eventId: 'm-1' }) }) }]);
  });

  it('takes a gzip-encoded batch, as rudder-sdk-node sends it', async () => {
    const response = await post('/v1/batch', gzipSync(JSON.stringify({ batch: [view('m-1')] })), { authorization: basic(WRITE_KEY), 'content-encoding': 'gzip' });
    expect(jsonBody(response)).toMatchObject({ success: true, accepted: 1 });
  });

  it('serves a single call on its own route', async () => {
    const { type: _type, ...call } = view('m-1');
    expect(jsonBody(await post('/v1/track', JSON.stringify(call)))).toMatchObject({ accepted: 1 });
  });

  it('answers 401 without a valid write key, and reads neither the body nor the stream', async () => {
    const revoked = `wk_${KEY_ID}_${'B'.repeat(43)}`;
    for (const headers of [{}, { authorization: basic(revoked) }, { authorization: 'Bearer token' }] as Record<string, string>[]) {
      const response = await post('/v1/batch', 'not even json', headers);
      expect(response.statusCode).toBe(401);
    }
    dynamo.on(GetCommand).resolves({ Item: keyRecord({ revokedAt: '2026-02-01T00:00:00.000Z' }) });
    const response = await post('/v1/batch', JSON.stringify({ batch: [view('m-1')] }));
    expect(response.statusCode).toBe(401);
    expect(jsonBody(response).error.message).toBe('the write key was revoked');
    expect(kinesis).not.toHaveReceivedCommand(PutRecordsCommand);
  });

  it('answers 400 for a malformed batch or body, and 413 past 500 KB or a 32 KB message', async () => {
    for (const body of ['{', '[]', '{"batch": {}}', JSON.stringify({ batch: [{ event: 'no type' }] })]) expect((await post('/v1/batch', body)).statusCode).toBe(400);
    expect((await post('/v1/batch', Buffer.from('not gzip'), { authorization: basic(WRITE_KEY), 'content-encoding': 'gzip' })).statusCode).toBe(400);
    expect((await post('/v1/batch', JSON.stringify({ batch: [{ ...view('big'), properties: { blob: 'x'.repeat(33 * 1024) } }] }))).statusCode).toBe(413);
    const tooBig = JSON.stringify({ batch: Array.from({ length: 40 }, (_, index) => ({ ...view(`m-${index}`), properties: { blob: 'x'.repeat(15 * 1024) } })) });
    expect((await post('/v1/batch', tooBig)).statusCode).toBe(413);
    // A gzip bomb is cut off at the limit, not inflated.
    expect((await post('/v1/batch', gzipSync(Buffer.alloc(50 * 1024 * 1024, 32)), { authorization: basic(WRITE_KEY), 'content-encoding': 'gzip' })).statusCode).toBe(413);
    expect(kinesis).not.toHaveReceivedCommand(PutRecordsCommand);
  });

  it('answers 400, not a stack overflow (500), for a message nested deeper than 64 levels, and takes one of 64', async () => {
    const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
    for (const depth of [65, 10_000]) {
      const { properties: _properties, ...message } = view('deep');
      const body = `{"batch":[${JSON.stringify(message).replace(/}$/, `,"properties":{"x":${nested(depth)}}}`)}]}`;
      const response = await post('/v1/batch', body);
      expect(response.statusCode).toBe(400);
      expect(jsonBody(response).error.message).toMatch(/batch\[0\]: a message nests at most 64 levels/);
    }
    expect(kinesis).not.toHaveReceivedCommand(PutRecordsCommand);
    expect(parseTrackerRequest('batch', { batch: [{ ...view('ok'), properties: { x: JSON.parse(nested(62)) } }] })).toMatchObject({ ok: true });
  });

  it('answers 400 naming the path for a body with a key written twice, gzip-encoded or not, and streams nothing', async () => {
    // JSON.parse would keep the second user id; a proxy or log reader may have read the first.
    const twice = JSON.stringify({ batch: [view('m-1'), view('m-2')] }).replace(`"userId":"${RAW_USER_ID}","messageId":"m-2"`, `"userId":"${RAW_USER_ID}","userId":"someone-else","messageId":"m-2"`);
    expect(twice).toContain('someone-else');
    for (const response of [await post('/v1/batch', twice), await post('/v1/batch', gzipSync(twice), { authorization: basic(WRITE_KEY), 'content-encoding': 'gzip' })]) {
      expect(response.statusCode).toBe(400);
      expect(jsonBody(response).error.details).toEqual({ key: 'userId', path: 'batch[1].userId' });
    }
    expect(kinesis).not.toHaveReceivedCommand(PutRecordsCommand);
  });

  it('answers 400 when no message in the request is usable, naming why, and 200 when some are', async () => {
    const anonymous = { type: 'track', event: 'Product Viewed', properties: { product_id: 'sku-1' }, messageId: 'no-ids' };
    const refused = await post('/v1/track', JSON.stringify(anonymous));
    expect(refused.statusCode).toBe(400);
    expect(jsonBody(refused).error.details.rejections).toEqual([{ index: 0, messageId: 'no-ids', errors: ['userId or anonymousId is required'] }]);
    const partly = await post('/v1/batch', JSON.stringify({ batch: [anonymous, view('m-1')] }));
    expect(jsonBody(partly)).toMatchObject({ accepted: 1, rejected: 1, rejections: [{ index: 0, messageId: 'no-ids' }] });
  });

  it('answers 503 when the stream refuses a record after retries, so the SDK resends the batch', async () => {
    kinesis.on(PutRecordsCommand).resolves({ FailedRecordCount: 1, Records: [{ ErrorCode: 'ProvisionedThroughputExceededException', ErrorMessage: 'slow down' }] });
    const response = await post('/v1/batch', JSON.stringify({ batch: [view('m-1')] }));
    expect(response.statusCode).toBe(503);
  });
});
