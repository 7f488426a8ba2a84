import 'aws-sdk-client-mock-jest';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { API_ROUTES } from '../../shared/openapi/routes';
import { httpEvent, jsonBody, lambdaContext, SECRET, SECRET_ID, silenceEmptyMetricsWarning, type HttpHandler } from './api-gateway';

/**
 * A query parameter given twice (`?k=5&k=6`) reaches a function joined with a comma (`k: "5,6"`, as
 * API Gateway joins it): every route that reads query parameters answers 400 naming the parameter,
 * before reading anything, from one check in shared/aws/lambda-http.ts.
 */
const dynamo = mockClient(DynamoDBDocumentClient);
const secrets = mockClient(SecretsManagerClient);
const handlers: Record<string, HttpHandler> = {};

/** Each route that declares query parameters, with a path and the function that serves it. */
const QUERY_ROUTES: Record<string, { module: string; pathParameters?: Record<string, string> }> = {
  'GET /v1/profiles/{userId}': { module: 'profiles-api', pathParameters: { userId: 'alice' } },
  'DELETE /v1/profiles/{userId}': { module: 'profiles-api', pathParameters: { userId: 'alice' } },
  'GET /v1/reviews': { module: 'reviews-api' },
  'GET /v1/campaigns/{campaignId}/allocations': { module: 'campaigns-api', pathParameters: { campaignId: 'c1' } },
};

beforeAll(async () => {
  Object.assign(process.env, {
    PROFILES_TABLE_NAME: 'profiles-table',
    PSEUDONYMIZATION_SECRET_ID: SECRET_ID,
    DECISIONS_TABLE_NAME: 'decisions-table',
    CONSENTS_TABLE_NAME: 'consents-table',
    CONSENT_REGIME: 'opt-out',
    CONSENT_PROOF_RETENTION_DAYS: '1095',
    COPY_TABLE_NAME: 'copy-table',
    BUDGET_TABLE_NAME: 'budget-table',
    BUDGET_EVENT_BUS_NAME: 'budget-bus',
  });
  for (const name of new Set(Object.values(QUERY_ROUTES).map((route) => route.module))) {
    handlers[name] = ((await import(`../../functions/${name}/handler`)) as { handler: HttpHandler }).handler;
  }
});

beforeEach(() => {
  dynamo.reset();
  secrets.reset();
  secrets.on(GetSecretValueCommand, { SecretId: SECRET_ID }).resolves({ SecretString: SECRET });
  silenceEmptyMetricsWarning();
});
afterEach(() => jest.restoreAllMocks());

const call = (routeKey: string, rawQueryString: string) => {
  const { module, pathParameters } = QUERY_ROUTES[routeKey]!;
  const [method, route] = routeKey.split(' ') as ['GET' | 'DELETE', string];
  const path = route.replace(/\{(\w+)\}/g, (_match, name: string) => pathParameters![name]!);
  return handlers[module]!(httpEvent({ method, route, path, pathParameters, rawQueryString }), lambdaContext(module));
};

it('covers every route the API declares with query parameters', () => {
  const declared = API_ROUTES.filter((route) => route.params?.query).map((route) => `${route.method} ${route.path}`);
  expect(Object.keys(QUERY_ROUTES).sort()).toEqual(declared.sort());
});

describe.each(Object.keys(QUERY_ROUTES))('%s', (routeKey) => {
  const declared = API_ROUTES.find((route) => `${route.method} ${route.path}` === routeKey)!;
  const names = Object.keys(declared.params!.query!.shape);

  it.each(names)('answers 400 naming %s when it is given twice, and reads nothing', async (name) => {
    const response = await call(routeKey, `${name}=5&${name}=6`);
    expect(response.statusCode).toBe(400);
    expect(jsonBody(response).error).toEqual({ code: 'BadRequest', message: expect.stringContaining(`"${name}" given twice`), details: [{ path: name, message: 'given twice' }] });
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('names a parameter given twice under two percent-encodings, and an unknown one given twice', async () => {
    const name = names[0]!;
    const encoded = [...name].map((char) => `%${char.charCodeAt(0).toString(16)}`).join('');
    expect(jsonBody(await call(routeKey, `${name}=5&${encoded}=6`)).error.details).toEqual([{ path: name, message: 'given twice' }]);
    expect(jsonBody(await call(routeKey, 'utm=a&utm=b')).error.details).toEqual([{ path: 'utm', message: 'given twice' }]);
  });
});

/**
 * A query key a route does not declare (`?top=10` for `k`) was silently ignored, so the caller got the
 * default and no hint; unknown body fields are refused. Every route the contract declares answers 400
 * naming the key, before reading anything, from the same check: the route's zod query schema says
 * what it knows, and a route without one takes no query at all.
 */
describe('unknown query parameters', () => {
  /** The function that serves each path, as lib/ wires them. */
  const MODULE_BY_PREFIX: [RegExp, string][] = [
    [/^\/v1\/events$/, 'ingest-events'],
    [/^\/v1\/profiles\//, 'profiles-api'],
    [/^\/v1\/compliance\/check$/, 'compliance-check'],
    [/^\/v1\/copy-jobs/, 'copy-jobs-api'],
    [/^\/v1\/reviews/, 'reviews-api'],
    [/^\/v1\/campaigns\//, 'campaigns-api'],
    [/^\/v1\/effects$/, 'effects-api'],
    [/^\/v1\/experiments\//, 'experiments-api'],
    [/^\/v1\/decisions$/, 'decisions-api'],
    [/^\/v1\/decisions\/\{decisionId\}\/outcomes$/, 'decision-outcomes-api'],
    [/^\/v1\/consents\//, 'consents-api'],
    [/^\/v1\/(batch|track|page|screen|identify|alias)$/, 'tracker-ingest'],
    [/^\/v1\/write-keys/, 'write-keys-api'],
  ];
  const moduleOf = (path: string) => MODULE_BY_PREFIX.find(([pattern]) => pattern.test(path))?.[1];
  const JOB_ID = '0b8f6c2e-4d1a-4c3b-9e5f-7a6b5c4d3e2f';
  const PATH_VALUES: Record<string, string> = { userId: 'alice', jobId: JOB_ID, variantId: `${JOB_ID}.aud.en.1`, campaignId: 'c1', experimentId: 'e1', decisionId: JOB_ID, keyId: 'k1' };

  beforeAll(async () => {
    Object.assign(process.env, { COPY_STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:123456789012:stateMachine:copy', EVENTS_STREAM_NAME: 'events-stream', WRITE_KEYS_TABLE_NAME: 'write-keys-table', EXPERIMENT_CACHE_SECONDS: '30', DECISION_LOG_RETENTION_DAYS: '365' });
    for (const name of new Set(API_ROUTES.map((route) => moduleOf(route.path)!))) {
      handlers[name] ??= ((await import(`../../functions/${name}/handler`)) as { handler: HttpHandler }).handler;
    }
  });

  it('knows the function of every route the contract declares', () => {
    expect(API_ROUTES.filter((route) => moduleOf(route.path) === undefined).map((route) => route.path)).toEqual([]);
  });

  describe.each(API_ROUTES.map((route) => [`${route.method} ${route.path}`, route] as const))('%s', (_key, declared) => {
    const known = Object.keys(declared.params?.query?.shape ?? {});
    const pathParameters = Object.fromEntries([...declared.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => [name!, PATH_VALUES[name!]!]));
    const send = (rawQueryString: string) =>
      handlers[moduleOf(declared.path)!]!(
        httpEvent({
          method: declared.method,
          route: declared.path,
          path: declared.path.replace(/\{(\w+)\}/g, (_match, name: string) => pathParameters[name]!),
          pathParameters: Object.keys(pathParameters).length > 0 ? pathParameters : undefined,
          rawQueryString,
          ...(declared.body ? { body: '{}' } : {}),
        }),
        lambdaContext(moduleOf(declared.path)),
      );

    it('answers 400 naming a key it does not declare (and what it takes), and reads nothing', async () => {
      const response = await send(known.length > 0 ? `${known[0]}=5&top=10` : 'top=10');
      expect(response.statusCode).toBe(400);
      const { error } = jsonBody(response);
      expect(error.code).toBe('BadRequest');
      expect(error.message).toContain('"top"');
      for (const name of known) expect(error.message).toContain(`"${name}"`);
      if (known.length === 0) expect(error.message).toContain('takes no query parameters');
      expect(error.details).toEqual([{ path: 'top', message: 'unknown query parameter' }]);
      expect(dynamo.calls()).toHaveLength(0);
    });

    it('names every unknown key once, as decoded and case-sensitive, in the order sent', async () => {
      const upper = known[0]?.toUpperCase() ?? 'K';
      const response = await send(`${upper}=1&utm%5Fsource=a`);
      expect(response.statusCode).toBe(400);
      expect(jsonBody(response).error.details).toEqual([
        { path: upper, message: 'unknown query parameter' },
        { path: 'utm_source', message: 'unknown query parameter' },
      ]);
    });

    it('refuses a key with an empty name (`?=1`)', async () => {
      const response = await send('=1');
      expect(response.statusCode).toBe(400);
      expect(jsonBody(response).error.details).toEqual([{ path: '', message: 'unknown query parameter' }]);
    });
  });
});
