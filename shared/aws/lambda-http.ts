import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy, { type MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { z } from 'zod';
import { badRequest, describeIssues, HttpError, payloadTooLarge, unsupportedMediaType } from '../http/errors';
import { isRetryable } from '../http/retryable';
import { DuplicateKeyError, parseJsonStrict } from '../http/json';
import { isJsonMediaType, JSON_MEDIA_TYPES_ACCEPTED } from '../http/media-type';
import { repeatedQueryParameters, unknownQueryParameters } from '../http/query';
import { logger, metrics, tracer } from './observability';

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;

export interface HttpResponse {
  statusCode: number;
  body?: unknown;
  headers?: Record<string, string>;
}

interface RouteSchemas {
  body?: z.ZodType;
  path?: z.ZodType;
  /** What the query may hold: its keys are the only ones accepted (any other is a 400 naming it); without it, no query at all. */
  query?: z.ZodObject;
  /**
   * The route keys (`GET /v1/…`) that take `query`, for a function that serves several routes;
   * its other routes take no query. Default: every route the function serves.
   */
  queryRoutes?: readonly string[];
  /** Largest accepted body; larger ones get 413 before any parsing. */
  maxBodyBytes?: number;
}

type Parsed<S extends RouteSchemas> = {
  body: S['body'] extends z.ZodType ? z.infer<S['body']> : undefined;
  path: S['path'] extends z.ZodType ? z.infer<S['path']> : undefined;
  query: S['query'] extends z.ZodType ? z.infer<S['query']> : undefined;
  /** The caller: the token's subject (a Cognito app client for machine callers). */
  caller: string;
};

const DEFAULT_MAX_BODY_BYTES = 1_048_576;

/** Lambda returns at most 6 MB (API Gateway answers 500 past it); a margin is left for the envelope. */
const MAX_LAMBDA_RESPONSE_BYTES = 6_291_456 - 65_536;

/** Whether a JSON response body fits in a Lambda response, escaped into its `body` field as it will be. */
export const fitsLambdaResponse = (body: unknown): boolean => Buffer.byteLength(JSON.stringify(JSON.stringify(body)), 'utf8') <= MAX_LAMBDA_RESPONSE_BYTES;

/**
 * An API Gateway (HTTP API) handler as a middy chain: Powertools logger, metrics and tracer, request
 * parsing with zod (body, path and query), and errors mapped to JSON responses. The route function
 * receives validated input and returns a status and body; it never sees a malformed request.
 */
export function httpRoute<S extends RouteSchemas>(schemas: S, route: (input: Parsed<S>, event: HttpEvent) => Promise<HttpResponse>) {
  return middy<HttpEvent, APIGatewayProxyStructuredResultV2, Error, Context>()
    .use(httpErrors())
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics, { captureColdStartMetric: true }))
    .use(captureLambdaHandler(tracer))
    .handler(async (event) => {
      const input = parseRequest(event, schemas);
      const response = await route(input, event);
      logger.info('request handled', { route: event.routeKey, statusCode: response.statusCode });
      return toApiResponse(response);
    });
}

function parseRequest<S extends RouteSchemas>(event: HttpEvent, schemas: S): Parsed<S> {
  const validate = (schema: z.ZodType | undefined, value: unknown, where: string) => {
    if (!schema) return undefined;
    const result = schema.safeParse(value);
    if (!result.success) throw badRequest(`invalid ${where}`, describeIssues(result.error.issues));
    return result.data;
  };
  const takesQuery = schemas.query !== undefined && (schemas.queryRoutes?.includes(event.routeKey) ?? true);
  if (takesQuery) {
    const repeated = repeatedQueryParameters(event.rawQueryString);
    if (repeated.length > 0) {
      throw badRequest(
        `query parameter ${repeated.map((name) => JSON.stringify(name)).join(', ')} given twice: send each query parameter once`,
        repeated.map((name) => ({ path: name, message: 'given twice' })),
      );
    }
  }
  const known = takesQuery ? Object.keys(schemas.query!.shape) : [];
  const unknown = unknownQueryParameters(event.rawQueryString, known);
  if (unknown.length > 0) {
    throw badRequest(
      `unknown query parameter${unknown.length > 1 ? 's' : ''} ${unknown.map((name) => JSON.stringify(name)).join(', ')}: ${
        known.length > 0 ? `this route takes ${known.map((name) => JSON.stringify(name)).join(', ')}` : 'this route takes no query parameters'
      }`,
      unknown.map((name) => ({ path: name, message: 'unknown query parameter' })),
    );
  }
  const body = schemas.body ? readJsonBody(event, { maxBodyBytes: schemas.maxBodyBytes, required: true }) : undefined;
  return {
    body: validate(schemas.body, body, 'request body'),
    path: validate(schemas.path, event.pathParameters ?? {}, 'path parameters'),
    query: validate(schemas.query, takesQuery ? (event.queryStringParameters ?? {}) : {}, 'query parameters'),
    caller: String(event.requestContext.authorizer?.jwt?.claims?.sub ?? 'unknown'),
  } as Parsed<S>;
}

/**
 * The request's JSON body, with the API's checks in order: size (413), content type (415), presence
 * (400 when required; undefined otherwise), syntax (400). For routes whose body schema depends on the
 * route, so they parse it themselves.
 */
export function readJsonBody(event: HttpEvent, options: { maxBodyBytes?: number; required: boolean }): unknown {
  const bytes = event.body === undefined ? undefined : event.isBase64Encoded ? Buffer.from(event.body, 'base64') : undefined;
  const limit = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if ((bytes?.length ?? Buffer.byteLength(event.body ?? '', 'utf8')) > limit) throw payloadTooLarge(limit);
  const encoding = (event.headers?.['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity') throw new HttpError(415, 'UnsupportedMediaType', 'send the body as application/json without content-encoding (gzip is taken only on the tracker routes)');
  const raw = bytes === undefined ? (event.body ?? '') : utf8Text(bytes);
  if (raw.trim() === '') {
    if (options.required) throw badRequest('request body is required');
    return undefined;
  }
  const contentType = event.headers?.['content-type'] ?? event.headers?.['Content-Type'];
  if (contentType && !isJsonMediaType(contentType)) throw unsupportedMediaType(contentType.slice(0, 256), JSON_MEDIA_TYPES_ACCEPTED);
  return parseJsonBody(raw);
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Body bytes as text, or 400 when they are not UTF-8 (JSON is UTF-8, RFC 8259 §8.1): a lenient
 * decoder would store U+FFFD in place of each byte it cannot read (a Latin-1 "é"), silently.
 */
export function utf8Text(bytes: Uint8Array): string {
  try {
    return STRICT_UTF8.decode(bytes);
  } catch {
    throw badRequest('request body is not valid UTF-8: send JSON encoded as UTF-8');
  }
}

/** The body's JSON, or 400 with the reason: a syntax error, or a key written twice in one object (named by its path). */
export function parseJsonBody(text: string): unknown {
  try {
    return parseJsonStrict(text);
  } catch (error) {
    if (error instanceof DuplicateKeyError) throw badRequest(`request body has a duplicate key ${JSON.stringify(error.key)} at ${error.path}: send each key once`, { key: error.key, path: error.path });
    throw badRequest(`request body is not valid JSON: ${(error as Error).message}`);
  }
}

function toApiResponse(response: HttpResponse): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: response.statusCode,
    headers: { 'content-type': 'application/json', ...response.headers },
    body: response.body === undefined ? '' : JSON.stringify(response.body),
  };
}

/** The documented error shape: `details` is always there, `null` when the error has nothing to add. */
export const errorBody = (code: string, message: string, details: unknown, requestId: string) => ({ error: { code, message, details: details ?? null }, requestId });

/**
 * Maps thrown HttpErrors to their responses. A dependency that was throttled or briefly unavailable
 * (after the SDK's own retries) is a 503, the one answer that says "resend"; anything else is logged
 * and becomes a 500 without internals.
 */
function httpErrors(): MiddlewareObj<HttpEvent, APIGatewayProxyStructuredResultV2, Error, Context> {
  return {
    onError: async (request) => {
      const error = request.error;
      const requestId = request.context.awsRequestId;
      if (error instanceof HttpError) {
        request.response = toApiResponse({ statusCode: error.statusCode, body: errorBody(error.code, error.message, error.details, requestId) });
        return;
      }
      if (isRetryable(error)) {
        logger.warn('dependency throttled or unavailable', { error: error as Error, route: request.event.routeKey });
        request.response = toApiResponse({ statusCode: 503, body: errorBody('ServiceUnavailable', 'a dependency was throttled or briefly unavailable; resend the request', undefined, requestId) });
        return;
      }
      logger.error('unhandled error', { error: error as Error, route: request.event.routeKey });
      request.response = toApiResponse({ statusCode: 500, body: errorBody('InternalError', 'internal error; quote the request id when reporting it', undefined, requestId) });
    },
  };
}
