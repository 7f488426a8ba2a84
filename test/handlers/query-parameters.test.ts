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
