import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyToken, type LocalKeys } from './auth';
import type { LocalRoute } from './topology';

/** API Gateway HTTP API's payload limit. */
const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

interface CompiledRoute extends LocalRoute {
  pattern: RegExp;
  parameterNames: string[];
}

/**
 * The routes `cdk synth` declares, served as API Gateway (HTTP API, payload format 2.0) would: JWT
 * check with the route's scopes (401 without a valid token, 403 without the scope), the v2 event
 * shape, and the handler's structured result turned into the HTTP response.
 */
export async function startGateway(options: {
  routes: readonly LocalRoute[];
  keys: LocalKeys;
  invoke: (functionName: string, event: APIGatewayProxyEventV2WithJWTAuthorizer) => Promise<unknown>;
  port?: number;
  host?: string;
  onRequest?: (line: string) => void;
}): Promise<{ url: string; close(): Promise<void> }> {
  const routes: CompiledRoute[] = options.routes.map((route) => {
    const parameterNames: string[] = [];
    const source = route.path.replace(/\{([^}+]+)\}/g, (_match, name: string) => {
      parameterNames.push(name);
      return '([^/]+)';
    });
    return { ...route, pattern: new RegExp(`^${source}$`), parameterNames };
  });

  const server = http.createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => {
      send(response, 500, { message: 'Internal Server Error' });
      options.onRequest?.(`gateway error: ${(error as Error).message}`);
    });
  });

  async function handle(request: http.IncomingMessage, response: http.ServerResponse) {
    const started = Date.now();
    const url = new URL(request.url ?? '/', 'http://localhost');
    const method = request.method ?? 'GET';
    const candidates = routes.filter((route) => route.pattern.test(url.pathname));
    const route = candidates.find((candidate) => candidate.method === method);
    const finish = (status: number, body: unknown, headers?: Record<string, string>) => {
      send(response, status, body, headers);
      options.onRequest?.(`${method} ${route ? route.path : url.pathname} → ${status} (${Date.now() - started} ms)`);
    };
    if (!route) return finish(404, { message: 'Not Found' });

    const body = await readBody(request);
    if (body === undefined) return finish(413, { message: 'Request Entity Too Large' });

    const authorization = request.headers.authorization ?? '';
    const token = /^Bearer\s+(.+)$/i.exec(authorization)?.[1];
    if (!token) return finish(401, { message: 'Unauthorized' }, { 'www-authenticate': 'Bearer' });
    const check = await verifyToken(options.keys, token);
    if (!check.ok) return finish(401, { message: 'Unauthorized' }, { 'www-authenticate': 'Bearer error="invalid_token"' });
    if (route.scopes.length > 0 && !route.scopes.some((scope) => check.scopes.includes(scope))) return finish(403, { message: 'Forbidden' });

    const match = route.pattern.exec(url.pathname)!;
    const pathParameters = Object.fromEntries(route.parameterNames.map((name, index) => [name, decodeURIComponent(match[index + 1]!)]));
    const event = toEvent(request, url, route, body, pathParameters, check.claims, check.scopes);
    let result: unknown;
    try {
      result = await options.invoke(route.functionName, event);
    } catch {
      return finish(500, { message: 'Internal Server Error' });
    }
    const structured = normaliseResult(result);
    response.writeHead(structured.statusCode ?? 200, { 'apigw-requestid': event.requestContext.requestId, ...(structured.headers as Record<string, string>) });
    response.end(structured.isBase64Encoded && structured.body ? Buffer.from(structured.body, 'base64') : (structured.body ?? ''));
    options.onRequest?.(`${method} ${route.path} → ${structured.statusCode ?? 200} (${Date.now() - started} ms)`);
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

function send(response: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

/** Reads the body, or returns undefined once it passes API Gateway's payload limit. */
async function readBody(request: http.IncomingMessage): Promise<Buffer | undefined> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > MAX_PAYLOAD_BYTES) {
    request.resume();
    return undefined;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_PAYLOAD_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function toEvent(
  request: http.IncomingMessage,
  url: URL,
  route: CompiledRoute,
  body: Buffer,
  pathParameters: Record<string, string>,
  claims: Record<string, unknown>,
  scopes: string[],
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
  const textual = body.length === 0 || /json|text|xml|x-www-form-urlencoded/i.test(contentType) || contentType === '';
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
      requestId: randomUUID(),
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
