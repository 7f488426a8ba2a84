import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { httpEvent, jsonBody, lambdaContext, RAW_USER_ID, SECRET, SECRET_ID, type HttpHandler } from './api-gateway';

/**
 * What every API handler shares (shared/aws/lambda-http.ts, shared/aws/observability.ts), seen through the
 * profiles API at the log level `npm start` uses: the error shape always carries `details`, and a warm
 * read that records no metric logs nothing.
 */
const dynamo = mockClient(DynamoDBDocumentClient);
const secrets = mockClient(SecretsManagerClient);
let handler: HttpHandler;
let metrics: typeof import('../../shared/aws/observability').metrics;
const printed: string[] = [];

beforeAll(async () => {
  process.env.PROFILES_TABLE_NAME = 'profiles-table';
  process.env.PSEUDONYMIZATION_SECRET_ID = SECRET_ID;
  process.env.DECISIONS_TABLE_NAME = 'decisions-table';
  process.env.CONSENTS_TABLE_NAME = 'consents-table';
  process.env.CONSENT_REGIME = 'opt-out';
  process.env.CONSENT_PROOF_RETENTION_DAYS = '1095';
  // The module-level logger reads its level once, at cold start, as in Lambda.
  process.env.POWERTOOLS_LOG_LEVEL = 'WARN';
  ({ handler } = (await import('../../functions/profiles-api/handler')) as unknown as { handler: HttpHandler });
  ({ metrics } = await import('../../shared/aws/observability'));
});

beforeEach(() => {
  dynamo.reset();
  secrets.reset();
  secrets.on(GetSecretValueCommand, { SecretId: SECRET_ID }).resolves({ SecretString: SECRET });
  printed.length = 0;
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    jest.spyOn(console, method).mockImplementation((...args: unknown[]) => void printed.push(args.map(String).join(' ')));
  }
});
afterEach(() => jest.restoreAllMocks());

const get = (userId = RAW_USER_ID) =>
  handler(httpEvent({ method: 'GET', route: '/v1/profiles/{userId}', path: `/v1/profiles/${encodeURIComponent(userId)}`, pathParameters: { userId } }), lambdaContext('profiles-api'));

describe('the documented error shape', () => {
  it('has details even when the error has nothing to add (null), next to code, message and requestId', async () => {
    dynamo.on(GetCommand).resolves({});
    const response = await get();
    expect(response.statusCode).toBe(404);
    expect(jsonBody(response)).toEqual({ error: { code: 'NotFound', message: expect.any(String), details: null }, requestId: 'aws-req-1' });
  });

  it('has details on a 500 too, and never the internals', async () => {
    dynamo.on(GetCommand).rejects(new Error('secret internals: connection refused'));
    const response = await get();
    expect(response.statusCode).toBe(500);
    expect(jsonBody(response)).toEqual({ error: { code: 'InternalError', message: expect.any(String), details: null }, requestId: 'aws-req-1' });
    expect(response.body).not.toContain('secret internals');
  });
});

describe('metrics noise', () => {
  it('logs nothing on warm reads that record no metric', async () => {
    dynamo.on(GetCommand).resolves({});
    await get();
    await get();
    await get();
    expect(printed.filter((line) => /No application metrics/.test(line))).toEqual([]);
  });

  it('still logs the metrics warnings that point at a real problem', async () => {
    metrics.addDimension('', '');
    expect(printed.some((line) => /dimension .*doesn.t meet the requirements/.test(line) && /"level": ?"WARN"/.test(line))).toBe(true);
  });
});
