import { gzipSync } from 'node:zlib';
import 'aws-sdk-client-mock-jest';
import { KinesisClient, PutRecordsCommand, type PutRecordsCommandInput } from '@aws-sdk/client-kinesis';
import { clearCaches } from '@aws-lambda-powertools/parameters';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { httpEvent, jsonBody, lambdaContext, RAW_USER_ID, RAW_USER_PSEUDONYM, SECRET, SECRET_ID, silenceEmptyMetricsWarning, type HttpHandler } from './api-gateway';

const STREAM = 'events-stream';
const PSEUDONYM = RAW_USER_PSEUDONYM;

const kinesis = mockClient(KinesisClient);
const secrets = mockClient(SecretsManagerClient);

type Handler = HttpHandler;
let handler: Handler;

beforeAll(async () => {
  // The handler parses its environment at module load: set it first.
  process.env.EVENTS_STREAM_NAME = STREAM;
  process.env.PSEUDONYMIZATION_SECRET_ID = SECRET_ID;
  ({ handler } = (await import('../../functions/ingest-events/handler')) as unknown as { handler: Handler });
});

/** Kinesis accepts every record, answering with shard-ordered sequence numbers. */
const acceptAll = (input: PutRecordsCommandInput) => ({
  FailedRecordCount: 0,
  Records: (input.Records ?? []).map((_, index) => ({ SequenceNumber: `4954511524349098501828006771497314458218006259324${String(index).padStart(7, '0')}`, ShardId: 'shardId-000000000000' })),
});

beforeEach(() => {
  kinesis.reset();
  secrets.reset();
  secrets.on(GetSecretValueCommand, { SecretId: SECRET_ID }).resolves({ SecretString: SECRET });
  kinesis.on(PutRecordsCommand).callsFake(acceptAll);
  // No waiting between Kinesis retries: the backoff is Math.random() × cap.
  jest.spyOn(Math, 'random').mockReturnValue(0);
  silenceEmptyMetricsWarning();
});
afterEach(() => jest.restoreAllMocks());

const event = (eventId: string, extra: Record<string, unknown> = {}) => ({
  userId: RAW_USER_ID,
  eventId,
  type: 'add_to_cart',
  // Recent: the edge accepts events up to 30 days old (shared/profiles/erasure.ts).
  timestamp: new Date(Date.now() - 3_600_000).toISOString(),
  item: { itemId: 'sku-1', category: 'shoes', brand: 'Li-Ning', price: 499 },
  quantity: 1,
  ...extra,
});

const post = (body: string, headers: Record<string, string> = {}) =>
  handler(httpEvent({ method: 'POST', route: '/v1/events', body, headers, scopes: ['marketing/events:write'] }), lambdaContext('ingest-events'));

const putRecordsInputs = () => kinesis.commandCalls(PutRecordsCommand).map((call) => call.args[0].input);

describe('POST /v1/events', () => {
  it('returns 202 with the accepted count and streams records keyed by the HMAC pseudonym, never the raw id', async () => {
    // Act
    const response = await post(JSON.stringify({ events: [event('e1'), event('e2', { type: 'search', query: 'running shoes', item: undefined })] }));
    // Assess
    expect(response.statusCode).toBe(202);
    expect(jsonBody(response)).toEqual({ accepted: 2, rejected: [], failed: [] });
    expect(kinesis).toHaveReceivedCommandTimes(PutRecordsCommand, 1);
    expect(kinesis).toHaveReceivedCommandWith(PutRecordsCommand, {
      StreamName: STREAM,
      Records: [expect.objectContaining({ PartitionKey: PSEUDONYM }), expect.objectContaining({ PartitionKey: PSEUDONYM })],
    });
    expect(secrets).toHaveReceivedCommandWith(GetSecretValueCommand, { SecretId: SECRET_ID });
    for (const record of putRecordsInputs()[0]!.Records!) {
      const bytes = Buffer.from(record.Data!);
      expect(bytes.includes(RAW_USER_ID)).toBe(false);
      expect(JSON.parse(bytes.toString('utf8'))).toMatchObject({ v: 1, uid: PSEUDONYM });
    }
  });

  it('retries the records Kinesis throttled and succeeds', async () => {
    // Prepare: the first call refuses the second record.
    kinesis
      .on(PutRecordsCommand)
      .resolvesOnce({
        FailedRecordCount: 1,
        Records: [{ SequenceNumber: '1', ShardId: 'shardId-000000000000' }, { ErrorCode: 'ProvisionedThroughputExceededException', ErrorMessage: 'Rate exceeded' }, { SequenceNumber: '3', ShardId: 'shardId-000000000000' }],
      })
      .callsFake(acceptAll);
    // Act
    const response = await post(JSON.stringify({ events: [event('e1'), event('e2'), event('e3')] }));
    // Assess
    expect(response.statusCode).toBe(202);
    expect(jsonBody(response)).toMatchObject({ accepted: 3, failed: [] });
    expect(kinesis).toHaveReceivedCommandTimes(PutRecordsCommand, 2);
    const retried = putRecordsInputs()[1]!.Records!;
    expect(retried).toHaveLength(1);
    expect(JSON.parse(Buffer.from(retried[0]!.Data!).toString('utf8')).event.eventId).toBe('e2');
  });

  it('lists a record Kinesis keeps refusing in failed, with its code, after the retries', async () => {
    // Prepare: "e2" is refused on every attempt.
    kinesis.on(PutRecordsCommand).callsFake((input: PutRecordsCommandInput) => ({
      FailedRecordCount: 1,
      Records: (input.Records ?? []).map((record, index) =>
        Buffer.from(record.Data!).includes('"e2"') ? { ErrorCode: 'ProvisionedThroughputExceededException' } : { SequenceNumber: String(index + 1), ShardId: 'shardId-000000000000' },
      ),
    }));
    // Act
    const response = await post(JSON.stringify({ events: [event('e1'), event('e2')] }));
    // Assess
    expect(response.statusCode).toBe(202);
    expect(jsonBody(response)).toEqual({ accepted: 1, rejected: [], failed: [{ index: 1, eventId: 'e2', errorCode: 'ProvisionedThroughputExceededException' }] });
    expect(kinesis).toHaveReceivedCommandTimes(PutRecordsCommand, 4);
  });

  it('answers 503 with the failed events when the stream refuses all of them', async () => {
    kinesis.on(PutRecordsCommand).rejects(Object.assign(new Error('service unavailable'), { name: 'ServiceUnavailable' }));
    const response = await post(JSON.stringify({ events: [event('e1'), event('e2')] }));
    expect(response.statusCode).toBe(503);
    expect(jsonBody(response).error).toMatchObject({
      code: 'ServiceUnavailable',
      details: { accepted: 0, failed: [expect.objectContaining({ eventId: 'e1', errorCode: 'ServiceUnavailable' }), expect.objectContaining({ eventId: 'e2' })] },
    });
  });

  it('answers 400 with a clear message for malformed JSON', async () => {
    const response = await post('{"events": [');
    expect(response.statusCode).toBe(400);
    expect(response.headers).toMatchObject({ 'content-type': 'application/json' });
    expect(jsonBody(response).error).toMatchObject({ code: 'BadRequest', message: expect.stringMatching(/^request body is not valid JSON/) });
    expect(kinesis).not.toHaveReceivedCommand(PutRecordsCommand);
  });

  it('answers 413 for a body over 1 MB, before parsing it', async () => {
    const response = await post(JSON.stringify({ events: [event('e1', { padding: 'x'.repeat(1_100_000) })] }));
    expect(response.statusCode).toBe(413);
    expect(jsonBody(response).error.code).toBe('PayloadTooLarge');
    expect(kinesis).not.toHaveReceivedCommand(PutRecordsCommand);
  });

  it('answers 400 with per-event reasons when every event has wrong types', async () => {
    // Act
    const response = await post(JSON.stringify({ events: [event('e1', { quantity: 'two' }), event('e2', { item: { itemId: 7, category: 'shoes' } })] }));
    // Assess
    expect(response.statusCode).toBe(400);
    const rejected = jsonBody(response).error.details.rejected;
    expect(rejected).toEqual([
      { index: 0, eventId: 'e1', errors: [expect.stringMatching(/^quantity: /)] },
      { index: 1, eventId: 'e2', errors: [expect.stringMatching(/^item\.itemId: /)] },
    ]);
    expect(kinesis).not.toHaveReceivedCommand(PutRecordsCommand);
  });

  it('accepts the valid events of a mixed request and lists the others as rejected', async () => {
    const response = await post(JSON.stringify({ events: [event('e1'), event('e2', { type: 'unknown' })] }));
    expect(response.statusCode).toBe(202);
    expect(jsonBody(response)).toMatchObject({ accepted: 1, rejected: [{ index: 1, eventId: 'e2' }] });
  });

  it.each([
    ['no events array', {}],
    ['an empty events array', { events: [] }],
    ['more than 500 events', { events: Array.from({ length: 501 }, (_, index) => event(`e${index}`)) }],
  ])('answers 400 for %s', async (_name, body) => {
    const response = await post(JSON.stringify(body));
    expect(response.statusCode).toBe(400);
    expect(jsonBody(response).error).toMatchObject({ code: 'BadRequest', details: [expect.objectContaining({ path: 'events' })] });
  });

  it('answers 415 for a body that is not JSON by content type', async () => {
    const response = await post('events=1', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(response.statusCode).toBe(415);
    expect(jsonBody(response).error.code).toBe('UnsupportedMediaType');
  });

  it.each(['application/json-seq', 'application/jsonl', 'application/json5', 'application/problem+json-seq'])('answers 415 for %s (a JSON look-alike), naming what is accepted, and sends nothing', async (contentType) => {
    const response = await post(JSON.stringify({ events: [event('e1')] }), { 'content-type': contentType });
    expect(response.statusCode).toBe(415);
    expect(jsonBody(response).error).toMatchObject({ code: 'UnsupportedMediaType', message: expect.stringContaining(`"${contentType}"`) });
    expect(jsonBody(response).error.message).toMatch(/application\/json.*\+json/);
    expect(kinesis).not.toHaveReceivedCommand(PutRecordsCommand);
  });

  it('accepts a +json structured suffix', async () => {
    const response = await post(JSON.stringify({ events: [event('e1')] }), { 'content-type': 'application/vnd.marketing+json; charset=utf-8' });
    expect(response.statusCode).toBe(202);
  });

  it('accepts a JSON content type with a charset', async () => {
    const response = await post(JSON.stringify({ events: [event('e1')] }), { 'content-type': 'application/json; charset=utf-8' });
    expect(response.statusCode).toBe(202);
  });

  it('answers 400 for a body that is not UTF-8, instead of storing U+FFFD in place of the bytes', async () => {
    // "Café" in Latin-1: the gateway hands bytes that are not UTF-8 over base64-encoded.
    const latin1 = Buffer.from(JSON.stringify({ events: [event('e1', { item: { itemId: 'sku-1', category: 'Caf\u00e9', price: 1 } })] }), 'latin1');
    const request = httpEvent({ method: 'POST', route: '/v1/events', body: latin1.toString('base64'), scopes: ['marketing/events:write'] });
    const response = await handler({ ...request, isBase64Encoded: true }, lambdaContext('ingest-events'));
    expect(response.statusCode).toBe(400);
    expect(jsonBody(response).error.message).toMatch(/not valid UTF-8/);
    expect(kinesis).not.toHaveReceivedCommand(PutRecordsCommand);
  });

  it('answers 415 for a content-encoded body (only the tracker routes take gzip), without echoing its bytes', async () => {
    const request = httpEvent({ method: 'POST', route: '/v1/events', body: gzipSync(JSON.stringify({ events: [event('e1')] })).toString('base64'), headers: { 'content-encoding': 'gzip' }, scopes: ['marketing/events:write'] });
    const response = await handler({ ...request, isBase64Encoded: true }, lambdaContext('ingest-events'));
    expect(response.statusCode).toBe(415);
    expect(jsonBody(response).error).toMatchObject({ code: 'UnsupportedMediaType', message: expect.stringMatching(/content-encoding/) });
  });

  it('answers 500 without internals when the pseudonymisation secret is too short', async () => {
    // Prepare: forget the cached key, as a new container would after a bad rotation.
    clearCaches();
    secrets.on(GetSecretValueCommand).resolves({ SecretString: 'short' });
    // Act
    const response = await post(JSON.stringify({ events: [event('e1')] }));
    // Assess
    expect(response.statusCode).toBe(500);
    expect(jsonBody(response).error).toEqual({ code: 'InternalError', message: expect.any(String), details: null });
    expect(response.body).not.toMatch(/short|secret must/);
    expect(kinesis).not.toHaveReceivedCommand(PutRecordsCommand);
    clearCaches();
  });
});
