import { createHmac } from 'node:crypto';
/**
 * Small builders of what Lambda hands the handlers: an API Gateway HTTP API (payload v2) request with
 * a JWT authorizer, a Kinesis batch, and a Lambda context.
 */
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context, KinesisStreamEvent } from 'aws-lambda';

export interface HttpRequest {
  method: 'GET' | 'POST' | 'DELETE' | 'PUT';
  /** e.g. "/v1/profiles/{userId}" */
  route: string;
  /** e.g. "/v1/profiles/alice" */
  path?: string;
  body?: string;
  headers?: Record<string, string>;
  pathParameters?: Record<string, string>;
  queryStringParameters?: Record<string, string>;
  /** The query as sent (`k=5&k=6`): when given, queryStringParameters is derived from it as API Gateway does (repeated values joined with commas). */
  rawQueryString?: string;
  scopes?: string[];
  sub?: string;
}

export function httpEvent(request: HttpRequest): APIGatewayProxyEventV2WithJWTAuthorizer {
  const rawPath = request.path ?? request.route;
  return {
    version: '2.0',
    routeKey: `${request.method} ${request.route}`,
    rawPath,
    rawQueryString: request.rawQueryString ?? new URLSearchParams(request.queryStringParameters ?? {}).toString(),
    headers: { host: 'api.example.com', ...(request.body !== undefined ? { 'content-type': 'application/json' } : {}), ...request.headers },
    body: request.body,
    isBase64Encoded: false,
    pathParameters: request.pathParameters,
    queryStringParameters: request.rawQueryString === undefined ? request.queryStringParameters : joinedQuery(request.rawQueryString),
    requestContext: {
      accountId: '123456789012',
      apiId: 'api1234567',
      domainName: 'api.example.com',
      domainPrefix: 'api',
      requestId: 'req-1',
      routeKey: `${request.method} ${request.route}`,
      stage: '$default',
      time: '01/May/2024:10:00:00 +0000',
      timeEpoch: Date.parse('2024-05-01T10:00:00Z'),
      http: { method: request.method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'jest' },
      authorizer: {
        principalId: '',
        integrationLatency: 0,
        jwt: { claims: { sub: request.sub ?? 'marketing-client', scope: (request.scopes ?? []).join(' ') }, scopes: request.scopes ?? [] },
      },
    },
  };
}

/** API Gateway's queryStringParameters for a raw query: a repeated parameter's values joined with commas. */
function joinedQuery(rawQueryString: string): Record<string, string> | undefined {
  const query: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(rawQueryString)) query[name] = Object.hasOwn(query, name) ? `${query[name]},${value}` : value;
  return Object.keys(query).length > 0 ? query : undefined;
}

export function lambdaContext(functionName = 'test-function'): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: 'aws-req-1',
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: '2024/05/01/[$LATEST]abc',
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

export interface KinesisEntry {
  sequenceNumber: string;
  partitionKey: string;
  /** Base64 payload. */
  data: string;
  shardId?: string;
}

export function kinesisEvent(entries: readonly KinesisEntry[]): KinesisStreamEvent {
  return {
    Records: entries.map((entry) => ({
      eventID: `${entry.shardId ?? 'shardId-000000000000'}:${entry.sequenceNumber}`,
      eventName: 'aws:kinesis:record',
      eventSource: 'aws:kinesis',
      eventVersion: '1.0',
      eventSourceARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/events',
      awsRegion: 'us-east-1',
      invokeIdentityArn: 'arn:aws:iam::123456789012:role/feature-updater',
      kinesis: {
        kinesisSchemaVersion: '1.0',
        partitionKey: entry.partitionKey,
        sequenceNumber: entry.sequenceNumber,
        data: entry.data,
        approximateArrivalTimestamp: 1714557600,
      },
    })),
  };
}

/** The JSON body of a handler response. */
export function jsonBody(response: APIGatewayProxyStructuredResultV2): any {
  return response.body ? JSON.parse(response.body) : undefined;
}

/**
 * Powertools Metrics warns on every invocation that published no metric (the 4xx paths add none);
 * the tests silence that one line and let every other warning through.
 */
export function silenceEmptyMetricsWarning(): void {
  const warn = console.warn.bind(console);
  jest.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].startsWith('No application metrics to publish')) return;
    warn(...args);
  });
}

/** The pseudonymisation secret the handler tests mock in Secrets Manager, and a user id to hash with it. */
export const SECRET = 'k3y-for-tests-only-0123456789abcdefghij';
export const SECRET_ID = 'profiles/pseudonymization-key';
export const RAW_USER_ID = 'customer-8675309';
/** What the edge must turn RAW_USER_ID into, computed independently of the code under test. */
export const RAW_USER_PSEUDONYM = createHmac('sha256', SECRET).update(RAW_USER_ID, 'utf8').digest('base64url');

/** An HTTP API handler as the tests call it. */
export type HttpHandler = (event: APIGatewayProxyEventV2WithJWTAuthorizer, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;
