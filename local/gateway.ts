import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { isUtf8 } from 'node:buffer';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { verifyToken, type LocalKeys } from './auth';
import type { StaticSite } from './static-files';
import type { LocalRoute } from './topology';

/** API Gateway HTTP API's payload limit. */
const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;
/** API Gateway HTTP API's longest (and default) integration timeout. */
const INTEGRATION_TIMEOUT_MS = 30_000;
/** How long the rest of an oversized upload is read (and thrown away) after the 413 went out. */
const DRAIN_TIMEOUT_MS = 30_000;

interface CompiledRoute extends LocalRoute {
  pattern: RegExp;
  parameterNames: string[];
}

/**
 * The routes `cdk synth` declares, served as API Gateway (HTTP API, payload format 2.0) would: path
 * parameters decoded once (400 when they are not percent-encoded UTF-8), the 10 MB payload limit (413),
 * the JWT authorizer's checks (401 without a valid token issued to one of the authorizer's app clients,
 * 403 without the route's scope), the v2 event shape, the handler's structured result turned into the
 * HTTP response, and 500 when the function fails (503 past the integration timeout), with the failure logged.
 */
export async function startGateway(options: {
  routes: readonly LocalRoute[];
  keys: LocalKeys;
  invoke: (functionName: string, event: APIGatewayProxyEventV2WithJWTAuthorizer) => Promise<unknown>;
  port?: number;
  host?: string;
  onRequest?: (line: string) => void;
  /** API Gateway's integration timeout for HTTP APIs: past it the client gets 503. @default 30 s */
  integrationTimeoutMs?: number;
  /** Pages served beside the API (in AWS they sit behind CloudFront, not API Gateway); asked first, in order. */
  staticSites?: readonly StaticSite[];
}): Promise<{ url: string; close(): Promise<void> }> {
  const integrationTimeoutMs = options.integrationTimeoutMs ?? INTEGRATION_TIMEOUT_MS;
  const routes: CompiledRoute[] = options.routes.map((route) => {
    const parameterNames: string[] = [];
    const source = route.path.replace(/\{([^}+]+)\}/g, (_match, name: string) => {
      parameterNames.push(name);
      return '([^/]+)';
    });
    return { ...route, pattern: new RegExp(`^${source}$`), parameterNames };
  });

  const server = http.createServer((request, response) => {
    if (options.staticSites?.some((site) => site(request, response))) return;
    const requestId = randomUUID();
    void handle(request, response, requestId).catch((error: unknown) => {
      options.onRequest?.(`gateway error (request ${requestId}): ${(error as Error).stack ?? String(error)}`);
      if (!response.headersSent) sendError(response, requestId, 500, 'InternalError', 'the local gateway failed; quote the request id when reporting it');
    });
  });

  server.on('clientError', answerClientError);

  async function handle(request: http.IncomingMessage, response: http.ServerResponse, requestId: string) {
    const started = Date.now();
    const url = new URL(request.url ?? '/', 'http://localhost');
    const method = request.method ?? 'GET';
    const candidates = routes.filter((route) => route.pattern.test(url.pathname));
    const route = candidates.find((candidate) => candidate.method === method);
    const logLine = (status: number) => options.onRequest?.(`${method} ${route ? route.path : url.pathname} → ${status} (${Date.now() - started} ms)`);
    const finish = (status: number, code: string, message: string, details: unknown = null, headers?: Record<string, string>) => {
      sendError(response, requestId, status, code, message, details, headers);
      logLine(status);
    };
    if (!route) {
      request.resume();
      return finish(404, 'NotFound', `no route matches ${method} ${url.pathname}`);
    }

    // Path parameters are decoded once, as API Gateway does; what is not percent-encoded UTF-8 is refused.
    const match = route.pattern.exec(url.pathname)!;
    const pathParameters: Record<string, string> = {};
    const undecodable: { path: string; message: string }[] = [];
    route.parameterNames.forEach((name, index) => {
      try {
        pathParameters[name] = decodeURIComponent(match[index + 1]!);
      } catch {
        undecodable.push({ path: name, message: 'is not percent-encoded UTF-8 (a lone %, a non-hex escape, an overlong sequence or a surrogate)' });
      }
    });
    if (undecodable.length > 0) {
      request.resume();
      return finish(400, 'BadRequest', `malformed percent-encoding in path parameter ${undecodable.map((issue) => issue.path).join(', ')}`, undecodable);
    }

    const body = await readBody(request);
    if (body === undefined) return answerTooLarge(request, response, requestId, () => logLine(413));

    let caller: { claims: Record<string, unknown>; scopes: string[] } = { claims: {}, scopes: [] };
    // A route without an authorizer reaches its function as it is: the function authenticates the caller.
    if (route.authorization === 'jwt') {
      const authorization = request.headers.authorization ?? '';
      const token = /^Bearer\s+(.+)$/i.exec(authorization)?.[1];
      if (!token) return finish(401, 'Unauthorized', 'send a bearer token', null, { 'www-authenticate': 'Bearer' });
      const check = await verifyToken(options.keys, token, route.audience);
      if (!check.ok) return finish(401, 'Unauthorized', 'the token is invalid, expired, or issued to another app client', null, { 'www-authenticate': 'Bearer error="invalid_token"' });
      if (route.scopes.length > 0 && !route.scopes.some((scope) => check.scopes.includes(scope))) return finish(403, 'Forbidden', `the token lacks the scope ${route.scopes.join(' or ')}`);
      caller = check;
    }

    const event = toEvent(request, url, route, body, pathParameters, caller.claims, caller.scopes, requestId);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<typeof TIMED_OUT>((resolve) => {
      timer = setTimeout(() => resolve(TIMED_OUT), integrationTimeoutMs);
    });
    let result: unknown;
    try {
      result = await Promise.race([options.invoke(route.functionName, event), timedOut]);
    } catch (error) {
      // API Gateway answers a function error with 500; the function's error is what someone debugging needs.
      const failure = error as Error & { errorType?: string };
      options.onRequest?.(`function ${route.functionName} failed (request ${requestId}): ${failure.errorType ?? failure.name}: ${failure.message}`);
      return finish(500, 'InternalError', 'the function failed; quote the request id when reporting it');
    } finally {
      clearTimeout(timer);
    }
    if (result === TIMED_OUT) {
      options.onRequest?.(`function ${route.functionName} did not answer within the ${integrationTimeoutMs} ms integration timeout (request ${requestId})`);
      return finish(503, 'ServiceUnavailable', `the function did not answer within ${integrationTimeoutMs / 1000} s; resending may succeed`);
    }
    const structured = normaliseResult(result);
    response.writeHead(structured.statusCode ?? 200, { 'apigw-requestid': requestId, ...(structured.headers as Record<string, string>) });
    response.end(structured.isBase64Encoded && structured.body ? Buffer.from(structured.body, 'base64') : (structured.body ?? ''));
    logLine(structured.statusCode ?? 200);
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const TIMED_OUT = Symbol('integration timeout');

/** API Gateway's own messages for the answers it gives itself. */
const GATEWAY_MESSAGES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  413: 'Request Entity Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/**
 * An answer the gateway gives itself. API Gateway's body is `{ "message" }`; the local gateway keeps that
 * field and adds the suite's documented error object and the request id, so every error has that shape.
 */
function gatewayErrorBody(requestId: string, status: number, code: string, message: string, details: unknown = null) {
  return { message: GATEWAY_MESSAGES[status] ?? http.STATUS_CODES[status] ?? 'Error', error: { code, message, details }, requestId };
}

function sendError(response: http.ServerResponse, requestId: string, status: number, code: string, message: string, details: unknown = null, headers: Record<string, string> = {}) {
  response.writeHead(status, { 'content-type': 'application/json', 'apigw-requestid': requestId, ...headers });
  response.end(JSON.stringify(gatewayErrorBody(requestId, status, code, message, details)));
}

/**
 * A request Node's parser refuses before any handler sees it: headers past `http.maxHeaderSize` (16 KB),
 * a malformed request line, a client too slow to send its headers. Node would answer with a bare status
 * line; this answers in the documented error shape and closes the connection (the parser cannot go on).
 * In AWS, API Gateway applies its own header limit and answers with its own body, not this shape.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex) {
  if (!socket.writable || error.code === 'ECONNRESET') return void socket.destroy();
  const [status, code, message, details] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'RequestHeaderFieldsTooLarge', `the request headers exceed the local gateway's limit of ${http.maxHeaderSize} bytes`, { limitBytes: http.maxHeaderSize }]
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'RequestTimeout', 'the request was not received in time', null]
        : [400, 'BadRequest', 'not a well-formed HTTP/1.1 request', null];
  const requestId = randomUUID();
  const body = JSON.stringify(gatewayErrorBody(requestId, status, code, message, details));
  const head = [`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}`, 'content-type: application/json', `content-length: ${Buffer.byteLength(body)}`, `apigw-requestid: ${requestId}`, 'connection: close'];
  socket.end(`${head.join('\r\n')}\r\n\r\n${body}`);
}

/**
 * 413 for a body past the limit: the whole answer goes out at once, the rest of the upload is read and
 * thrown away, and only then is the connection closed. Closing while the client is still sending would
 * make it fail with EPIPE or ECONNRESET before it could read the answer.
 */
function answerTooLarge(request: http.IncomingMessage, response: http.ServerResponse, requestId: string, done: () => void) {
  const payload = Buffer.from(
    JSON.stringify(gatewayErrorBody(requestId, 413, 'PayloadTooLarge', `the request body exceeds API Gateway's limit of ${MAX_PAYLOAD_BYTES} bytes`, { limitBytes: MAX_PAYLOAD_BYTES })),
  );
  response.writeHead(413, { 'content-type': 'application/json', 'content-length': String(payload.length), 'apigw-requestid': requestId, connection: 'close' });
  response.write(payload);
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    clearTimeout(deadline);
    response.end();
    done();
  };
  // A client that never stops sending is cut off in the end.
  const deadline = setTimeout(() => {
    close();
    request.socket.destroy();
  }, DRAIN_TIMEOUT_MS);
  if (request.readableEnded) return close();
  request.on('end', close).on('error', close).on('close', close);
  request.resume();
}

/** Reads the body, or returns undefined (leaving the rest unread) once it passes API Gateway's payload limit. */
function readBody(request: http.IncomingMessage): Promise<Buffer | undefined> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > MAX_PAYLOAD_BYTES) return Promise.resolve(undefined);
  return new Promise<Buffer | undefined>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_PAYLOAD_BYTES) {
        chunks.push(chunk);
        return;
      }
      request.off('data', onData).off('end', onEnd).off('error', reject);
      request.pause();
      resolve(undefined);
    };
    const onEnd = () => resolve(Buffer.concat(chunks));
    request.on('data', onData).on('end', onEnd).on('error', reject);
  });
}

function toEvent(
  request: http.IncomingMessage,
  url: URL,
  route: CompiledRoute,
  body: Buffer,
  pathParameters: Record<string, string>,
  claims: Record<string, unknown>,
  scopes: string[],
  requestId: string,
): APIGatewayProxyEventV2WithJWTAuthorizer {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  // Prototype-less, looked up with hasOwn: a parameter named __proto__ or constructor is an ordinary one.
  const query: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [name, value] of url.searchParams) query[name] = Object.hasOwn(query, name) ? `${query[name]},${value}` : value;
  const now = new Date();
  const contentType = headers['content-type'] ?? '';
  // A content-encoded body (a tracker's gzip) is bytes whatever its type: it reaches the function base64-encoded.
  const encoded = (headers['content-encoding'] ?? 'identity').trim().toLowerCase() !== 'identity';
  // Bytes that are not UTF-8 are binary too: decoding them here would put U+FFFD where they were, and the function could not tell.
  const textual = body.length === 0 || (!encoded && (/json|text|xml|x-www-form-urlencoded/i.test(contentType) || contentType === '') && isUtf8(body));
  return {
    version: '2.0',
    routeKey: `${route.method} ${route.path}`,
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ''),
    headers,
    queryStringParameters: Object.keys(query).length > 0 ? query : undefined,
    pathParameters: Object.keys(pathParameters).length > 0 ? pathParameters : undefined,
    body: body.length === 0 ? undefined : textual ? body.toString('utf8') : body.toString('base64'),
    isBase64Encoded: !textual,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      authorizer: { jwt: { claims: claims as Record<string, string>, scopes }, principalId: '', integrationLatency: 0 },
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'local',
      http: { method: route.method, path: url.pathname, protocol: `HTTP/${request.httpVersion}`, sourceIp: request.socket.remoteAddress ?? '127.0.0.1', userAgent: headers['user-agent'] ?? '' },
      requestId,
      routeKey: `${route.method} ${route.path}`,
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
  };
}

/** HTTP API accepts a structured result, or any other value as a 200 JSON body. */
function normaliseResult(result: unknown): APIGatewayProxyStructuredResultV2 {
  if (result !== null && typeof result === 'object' && 'statusCode' in result) return result as APIGatewayProxyStructuredResultV2;
  return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: typeof result === 'string' ? result : JSON.stringify(result ?? null) };
}
