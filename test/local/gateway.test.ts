import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { ALL_SCOPES } from '../../shared/auth/scopes';
import { loadOrCreateKeys, mintToken, type LocalKeys } from '../../local/auth';
import { startGateway } from '../../local/gateway';
import { FunctionError } from '../../local/lambda-pool';
import { buildTopology, type LocalRoute } from '../../local/topology';
import { synthesizeOncePerRun } from '../synthesis-cache';

/**
 * The local API Gateway on the routes `cdk synth` declares, with functions replaced by a recorder: what a
 * client sees for malformed paths, foreign tokens, oversized bodies and failing functions.
 */
let stateDir: string;
let keys: LocalKeys;
let routes: LocalRoute[];
let gateway: Awaited<ReturnType<typeof startGateway>>;
let clientId: string;
const invoked: APIGatewayProxyEventV2WithJWTAuthorizer[] = [];
const logLines: string[] = [];
/** What the fake functions do, by route path. */
let behaviour: (event: APIGatewayProxyEventV2WithJWTAuthorizer) => Promise<unknown> = async (event) => ({ statusCode: 200, body: JSON.stringify({ pathParameters: event.pathParameters ?? null }) });

beforeAll(async () => {
  stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gateway-test-'));
  keys = await loadOrCreateKeys(stateDir);
  routes = buildTopology(synthesizeOncePerRun('us-east-1', { copyModel: 'offline' }), { region: 'us-east-1', queueUrl: (name) => `http://localhost/${name}` }).routes;
  clientId = routes[0]!.audience[0]!;
  gateway = await startGateway({
    routes,
    keys,
    invoke: async (_name, event) => {
      invoked.push(event);
      return behaviour(event);
    },
    onRequest: (line) => logLines.push(line),
    integrationTimeoutMs: 500,
  });
}, 60_000);

afterAll(async () => {
  await gateway?.close();
  fs.rmSync(stateDir, { recursive: true, force: true });
});

beforeEach(() => {
  invoked.length = 0;
  logLines.length = 0;
});

const jwtRoutes = () => routes.filter((route) => route.authorization === 'jwt');
const token = (options: { clientId?: string } = {}) => mintToken(keys, ALL_SCOPES, { clientId: options.clientId ?? clientId });

async function call(method: string, route: string, options: { token?: string; body?: string; headers?: Record<string, string> } = {}) {
  const response = await fetch(`${gateway.url}${route}`, {
    method,
    headers: { authorization: `Bearer ${options.token ?? (await token())}`, ...(options.body ? { 'content-type': 'application/json' } : {}), ...options.headers },
    body: options.body,
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

/** The documented error shape, with the request id that is also in the `apigw-requestid` header. */
function expectErrorShape(response: Awaited<ReturnType<typeof call>>, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.body).toMatchObject({ message: expect.any(String), error: { code, message: expect.any(String) }, requestId: expect.any(String) });
  expect(Object.keys(response.body.error).sort()).toEqual(['code', 'details', 'message']);
  expect(response.headers.get('apigw-requestid')).toBe(response.body.requestId);
}

describe('path parameters', () => {
  it.each(['%', '%ZZ', 'abc%2', '%C0%AF', '%ED%A0%80', '%E2%82', '%FF'])('answers 400 in the documented shape for %s, and no function runs', async (raw) => {
    for (const route of ['/v1/profiles/', '/v1/copy-jobs/', '/v1/campaigns/']) {
      const response = await call('GET', `${route}${raw}`);
      expectErrorShape(response, 400, 'BadRequest');
      expect(response.body.error.details[0].path).toMatch(/Id$/);
    }
    expect(invoked).toHaveLength(0);
  });

  it('decodes valid percent-encoding once, as API Gateway does', async () => {
    const response = await call('GET', `/v1/profiles/${encodeURIComponent('客户 42/%')}`);
    expect(response.status).toBe(200);
    expect(response.body.pathParameters).toEqual({ userId: '客户 42/%' });
  });
});

describe('JWT authorizer', () => {
  it('names the app client the template configures', () => {
    expect(clientId).toMatch(/MarketingSystems/);
    expect(jwtRoutes().every((route) => route.audience.includes(clientId))).toBe(true);
  });

  it('refuses a token issued to another app client on every route, and accepts the configured one', async () => {
    const foreign = await token({ clientId: 'some-other-app-client' });
    const own = await token();
    for (const route of jwtRoutes()) {
      const concrete = route.path.replace(/\{[^}]+\}/g, 'x-1');
      const body = route.method === 'GET' || route.method === 'DELETE' ? undefined : '{}';
      const refused = await call(route.method, concrete, { token: foreign, body });
      expect({ route: `${route.method} ${route.path}`, status: refused.status }).toEqual({ route: `${route.method} ${route.path}`, status: 401 });
      expectErrorShape(refused, 401, 'Unauthorized');
      expect((await call(route.method, concrete, { token: own, body })).status).toBe(200);
    }
    expect(invoked).toHaveLength(jwtRoutes().length);
  });
});

describe('routes without an authorizer (the tracker edge)', () => {
  const openRoutes = () => routes.filter((route) => route.authorization === 'none');

  it('are exactly the tracking API routes, and reach their function without a token, the Authorization header untouched', async () => {
    expect(openRoutes().map((route) => route.path).sort()).toEqual(['/v1/alias', '/v1/batch', '/v1/identify', '/v1/page', '/v1/screen', '/v1/track']);
    for (const route of openRoutes()) {
      const response = await fetch(`${gateway.url}${route.path}`, { method: 'POST', headers: { authorization: 'Basic d2tfeDo=', 'content-type': 'application/json' }, body: '{}' });
      expect(response.status).toBe(200);
    }
    expect(invoked.map((event) => event.headers.authorization)).toEqual(openRoutes().map(() => 'Basic d2tfeDo='));
  });

  it('passes a JSON body that is not UTF-8 base64-encoded, so the function sees its bytes, not U+FFFD', async () => {
    const latin1 = Buffer.from('{"batch":[],"x":"Caf\u00e9"}', 'latin1');
    await fetch(`${gateway.url}/v1/batch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: latin1 });
    expect(invoked[0]).toMatchObject({ isBase64Encoded: true });
    expect(Buffer.from(invoked[0]!.body!, 'base64')).toEqual(latin1);
  });

  it('passes a gzip-encoded JSON body base64-encoded, so its bytes arrive intact', async () => {
    const compressed = gzipSync(JSON.stringify({ batch: [] }));
    await fetch(`${gateway.url}/v1/batch`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: compressed });
    expect(invoked[0]).toMatchObject({ isBase64Encoded: true });
    expect(Buffer.from(invoked[0]!.body!, 'base64')).toEqual(compressed);
  });
});

/** Sends a body of `size` bytes with http.request and reports what the client saw. */
function upload(size: number, options: { chunked?: boolean; close?: boolean } = {}): Promise<{ status?: number; body: string; error?: string }> {
  return new Promise((resolve) => {
    const url = new URL('/v1/events', gateway.url);
    const request = http.request(url, {
      method: 'POST',
      agent: false,
      headers: { 'content-type': 'application/json', ...(options.chunked ? {} : { 'content-length': String(size) }), ...(options.close ? { connection: 'close' } : {}) },
    });
    let status: number | undefined;
    let body = '';
    request.on('response', (response) => {
      status = response.statusCode;
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status, body }));
      response.on('error', (error) => resolve({ status, body, error: error.message }));
    });
    request.on('error', (error: NodeJS.ErrnoException) => resolve({ status, body, error: error.code ?? error.message }));
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let sent = 0;
    const pump = () => {
      while (sent < size) {
        const piece = chunk.subarray(0, Math.min(chunk.length, size - sent));
        sent += piece.length;
        if (!request.write(piece)) return void request.once('drain', pump);
      }
      request.end();
    };
    pump();
  });
}

describe('payload limit', () => {
  it.each([
    ['with content-length', {}],
    ['chunked', { chunked: true }],
    ['on a connection the client asks to close', { close: true }],
    ['chunked, on a connection the client asks to close', { chunked: true, close: true }],
  ])('answers a 10 MB+ body (%s) with a 413 the client can read, without EPIPE', async (_label, options) => {
    const result = await upload(10 * 1024 * 1024 + 64 * 1024, options);
    expect(result.error).toBeUndefined();
    expect(result.status).toBe(413);
    expect(JSON.parse(result.body)).toMatchObject({ message: 'Request Entity Too Large', error: { code: 'PayloadTooLarge', details: { limitBytes: 10 * 1024 * 1024 } } });
    expect(invoked).toHaveLength(0);
  }, 30_000);

  it('still serves requests after refusing one', async () => {
    await upload(11 * 1024 * 1024);
    expect((await call('GET', '/v1/profiles/after-413')).status).toBe(200);
  }, 30_000);
});

describe('header limit', () => {
  it('answers headers past Node\'s 16 KB limit with a 431 in the documented shape, and still serves the next request', async () => {
    const response = await call('GET', '/v1/profiles/big-headers', { headers: { 'x-padding': 'a'.repeat(20 * 1024) } });
    expectErrorShape(response, 431, 'RequestHeaderFieldsTooLarge');
    expect(response.body.error.details).toEqual({ limitBytes: http.maxHeaderSize });
    expect(invoked).toHaveLength(0);
    expect((await call('GET', '/v1/profiles/after-431')).status).toBe(200);
  });

  it('answers a request Node cannot parse with a 400 in the documented shape', async () => {
    const { port } = new URL(gateway.url);
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(port), '127.0.0.1', () => socket.end('NOT A REQUEST\r\n\r\n'));
      let received = '';
      socket.on('data', (chunk) => (received += chunk.toString())).on('end', () => resolve(received)).on('error', reject);
    });
    const [head, body] = raw.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(JSON.parse(body!)).toMatchObject({ error: { code: 'BadRequest', details: null }, requestId: expect.any(String) });
  });
});

describe('function failures', () => {
  afterEach(() => {
    behaviour = async (event) => ({ statusCode: 200, body: JSON.stringify({ pathParameters: event.pathParameters ?? null }) });
  });

  it('answers 500 in the documented shape and logs the function error with the request id', async () => {
    behaviour = async () => {
      throw new FunctionError('TypeError', "Cannot read properties of undefined (reading 'x')", 'read-profile');
    };
    const response = await call('GET', '/v1/profiles/user-1');
    expectErrorShape(response, 500, 'InternalError');
    expect(response.body.requestId).toBe(invoked[0]!.requestContext.requestId);
    const line = logLines.find((entry) => entry.includes('failed'));
    expect(line).toContain('TypeError');
    expect(line).toContain("Cannot read properties of undefined (reading 'x')");
    expect(line).toContain(response.body.requestId);
  });

  it('answers a function timeout (a function error in Lambda) with 500 and says so in the log', async () => {
    behaviour = async () => {
      throw new FunctionError('Sandbox.Timedout', 'Task timed out after 3 seconds', 'read-profile');
    };
    const response = await call('GET', '/v1/profiles/user-2');
    expectErrorShape(response, 500, 'InternalError');
    expect(logLines.join('\n')).toMatch(/Sandbox\.Timedout: Task timed out after 3 seconds/);
  });

  it('answers 503 when the function outlasts the integration timeout', async () => {
    behaviour = () => new Promise((resolve) => setTimeout(() => resolve({ statusCode: 200 }), 2_000).unref());
    const response = await call('GET', '/v1/profiles/user-3');
    expectErrorShape(response, 503, 'ServiceUnavailable');
    expect(logLines.join('\n')).toMatch(/integration timeout/);
  });
});
