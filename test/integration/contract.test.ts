import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ALL_SCOPES, type Scope } from '../../shared/auth/scopes';
import { documentedErrors, routeFor } from '../../shared/openapi/document';
import { readmeCurlExamples, type CurlExample } from '../../shared/openapi/readme-examples';
import { API_ROUTES, type ApiRoute } from '../../shared/openapi/routes';
import { startTestSuite } from './local-suite';

/**
 * The API against its contract: every answer, to the README's curl examples and to generated
 * requests, has a status the document lists for its route and a body valid against that status's schema.
 */
const root = path.join(__dirname, '..', '..');
const document = JSON.parse(fs.readFileSync(path.join(root, 'openapi.json'), 'utf8')) as { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>> };
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(document, 'openapi.json');
const pointer = (...parts: string[]) => parts.map((part) => part.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

let suite: Awaited<ReturnType<typeof startTestSuite>>;
beforeAll(async () => {
  suite = await startTestSuite();
}, 120_000);
afterAll(async () => {
  await suite?.stop();
});

interface Answer {
  route: ApiRoute;
  status: number;
  body: unknown;
}

/** `scopes: null` sends no credential; `writeKey` sends it as trackers do, the Basic user name with an empty password. */
async function send(method: string, target: string, options: { body?: string; scopes?: Scope[] | null; writeKey?: string } = {}): Promise<Answer> {
  const route = routeFor(method, new URL(target, 'http://local').pathname);
  if (!route) throw new Error(`no documented route for ${method} ${target}`);
  const token = options.scopes === null || options.writeKey !== undefined ? undefined : await suite.token(options.scopes ?? ALL_SCOPES);
  const authorization = options.writeKey !== undefined ? `Basic ${Buffer.from(`${options.writeKey}:`).toString('base64')}` : token ? `Bearer ${token}` : undefined;
  const response = await fetch(`${suite.apiUrl}${target}`, {
    method,
    headers: { ...(authorization ? { authorization } : {}), ...(options.body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: options.body,
  });
  const text = await response.text();
  return { route, status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

/** The status is documented for the route, and the body is what the document says for it. */
function expectConforms({ route, status, body }: Answer, label: string) {
  const documented = [...Object.keys(route.responses), ...Object.keys(documentedErrors(route))].map(Number);
  if (!documented.includes(status)) throw new Error(`${label}: ${route.method} ${route.path} answered ${status}, not among the documented ${documented.join(', ')}: ${JSON.stringify(body)}`);
  const response = document.paths[route.path]![route.method.toLowerCase()]!.responses[String(status)]!;
  if (!response.content) {
    expect(body).toBeUndefined();
    return;
  }
  const validate = ajv.getSchema(`openapi.json#/${pointer('paths', route.path, route.method.toLowerCase(), 'responses', String(status), 'content', 'application/json', 'schema')}`)!;
  if (!validate(body)) throw new Error(`${label}: ${route.method} ${route.path} ${status} does not match the document: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body).slice(0, 2000)}`);
}

// `$(date -u +%FT%TZ)` in an example is the time it is run, as in a shell: the events example stays inside the 30-day window.
const examples: CurlExample[] = readmeCurlExamples(fs.readFileSync(path.join(root, 'README.md'), 'utf8'), new Date());

describe('the README curl examples', () => {
  it('each answers, in order, with a documented success and a body valid against the document', async () => {
    expect(examples.length).toBeGreaterThanOrEqual(10);
    for (const example of examples) {
      // What an example wrote through the stream is applied before the next one reads it, as a person typing them would see.
      await suite.drain(20_000);
      const answer = await send(example.method, example.target, { body: example.body === undefined ? undefined : JSON.stringify(example.body) });
      expectConforms(answer, example.source.split('\n')[0]!);
      // An example that fails is a documentation bug.
      expect([answer.route.method, answer.route.path, answer.status < 300]).toEqual([answer.route.method, answer.route.path, true]);
    }
  }, 150_000);
});

describe('valid requests on what the README examples created', () => {
  const periodStart = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
  const copyJob = {
    product: { name: 'Thermos', brand: 'Stride', category: 'bottle', benefits: ['keeps coffee hot'], price: { amount: 29, currency: 'USD' }, sellingPoints: ['the best thermos in the world'] },
    audiences: [{ id: 'runners', description: 'city runners', tone: 'playful' }],
    variantsPerAudience: 1,
    locale: 'en',
    channel: 'feed',
    maxAttempts: 1,
  };

  it('answers every route with a success body that matches the document', async () => {
    const answers: [string, Answer][] = [];
    const call = async (method: string, target: string, body?: unknown) => {
      const answer = await send(method, target, { body: body === undefined ? undefined : JSON.stringify(body) });
      answers.push([`${method} ${target}`, answer]);
      return answer;
    };
    const decision = (await call('POST', '/v1/decisions', { experimentId: 'spring-banner', userId: 'customer-7' })).body as { decisionId: string };
    // The decision is logged through the stream: until it is, its outcome is a documented 503 (resend).
    await suite.drain(20_000);
    await call('POST', `/v1/decisions/${decision.decisionId}/outcomes`, { outcomeId: 'o-1', event: 'click' });
    await call('POST', '/v1/experiments/spring-banner/evaluate', { policy: { type: 'uniform' }, bootstrapResamples: 0 });
    await call('GET', '/v1/experiments/spring-banner');
    await call('POST', '/v1/effects', { reports: [{ reportId: 'r-1', campaignId: 'spring-sale', channel: 'feed', period: `${periodStart}T00:00:00Z`, reportedAt: new Date().toISOString(), spendCents: 10_000, impressions: 5_000, clicks: 100, conversions: 3, revenueCents: 40_000 }] });
    await call('GET', '/v1/campaigns/spring-sale');
    await call('GET', '/v1/campaigns/spring-sale/allocation');
    const job = (await call('POST', '/v1/copy-jobs', copyJob)).body as { jobId: string };
    // Read until the workflow has published its variants, so the finished job's body is checked too (and no execution outlives the suite).
    for (let read = 0; read < 60; read++) {
      const status = ((await call('GET', `/v1/copy-jobs/${job.jobId}`)).body as { status: string }).status;
      if (status === 'SUCCEEDED' || status === 'FAILED') break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    await call('GET', '/v1/reviews?limit=5');
    await call('GET', '/v1/consents/customer-42');
    await call('GET', '/v1/profiles/customer-42?k=3');
    for (const [label, answer] of answers) {
      expectConforms(answer, label);
      expect([label, answer.status < 300]).toEqual([label, true]);
    }
    // The one route not called above with success: erasure, last, since it empties the profile read just before.
    const erased = await send('DELETE', '/v1/profiles/customer-42');
    expectConforms(erased, 'erase');
    expect(erased.status).toBe(204);
  }, 150_000);
});

describe('the tracker routes and their write keys', () => {
  const message = (overrides: Record<string, unknown> = {}) => ({
    type: 'track',
    event: 'Product Viewed',
    messageId: `m-${Math.random().toString(36).slice(2)}`,
    anonymousId: 'visitor-contract-1',
    timestamp: new Date().toISOString(),
    properties: { product_id: 'sku-1', category: 'bottle', price: 29 },
    ...overrides,
  });

  it('creates, lists and revokes a key; a batch with it is accepted, without it or once revoked refused', async () => {
    const created = await send('POST', '/v1/write-keys', { body: JSON.stringify({ name: 'contract shop' }) });
    expectConforms(created, 'create key');
    expect(created.status).toBe(201);
    const { writeKey, key } = created.body as { writeKey: string; key: { keyId: string } };

    const listed = await send('GET', '/v1/write-keys');
    expectConforms(listed, 'list keys');
    expect((listed.body as { keys: { keyId: string }[] }).keys.map((entry) => entry.keyId)).toContain(key.keyId);

    const batch = JSON.stringify({ batch: [message(), message({ type: 'identify', userId: 'customer-contract-1', event: undefined }), message({ type: 'group', groupId: 'g-1' }), message({ anonymousId: undefined })] });
    const accepted = await send('POST', '/v1/batch', { body: batch, writeKey });
    expectConforms(accepted, 'batch');
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ success: true, accepted: 1, linked: 1, unmapped: { group: 1 }, rejected: 1 });
    for (const type of ['track', 'page', 'screen', 'identify', 'alias'] as const) {
      const single = await send('POST', `/v1/${type}`, { body: JSON.stringify(message({ type, userId: 'customer-contract-1', previousId: 'visitor-contract-1' })), writeKey });
      expectConforms(single, type);
      expect([type, single.status]).toEqual([type, 200]);
    }

    const malformed = await send('POST', '/v1/batch', { body: JSON.stringify({ batch: 'not a list' }), writeKey });
    expectConforms(malformed, 'malformed batch');
    expect(malformed.status).toBe(400);
    const anonymous = await send('POST', '/v1/batch', { body: batch, scopes: null });
    expectConforms(anonymous, 'no key');
    expect(anonymous.status).toBe(401);

    const revoked = await send('DELETE', `/v1/write-keys/${key.keyId}`);
    expectConforms(revoked, 'revoke key');
    expect((revoked.body as { key: { revokedAt?: string } }).key.revokedAt).toBeDefined();
    const afterRevocation = await send('POST', '/v1/batch', { body: batch, writeKey });
    expectConforms(afterRevocation, 'revoked key');
    expect(afterRevocation.status).toBe(401);
    const unknown = await send('DELETE', '/v1/write-keys/0123456789abcdef');
    expectConforms(unknown, 'unknown key');
    expect(unknown.status).toBe(404);
  }, 60_000);
});

/** A write key for the generated requests on the tracker routes, created once through the API. */
let generatedWriteKey: Promise<string> | undefined;
const writeKeyForGenerated = () =>
  (generatedWriteKey ??= send('POST', '/v1/write-keys', { body: JSON.stringify({ name: 'generated requests' }) }).then((answer) => (answer.body as { writeKey: string }).writeKey));

/** A concrete path for a route template, with ids nobody created. */
const unknownPath = (route: ApiRoute) => route.path.replace(/\{([^}]+)\}/g, (_match, name: string) => (name === 'jobId' ? '00000000-0000-4000-8000-000000000000' : `unknown-${name.toLowerCase()}-1`));

describe('generated requests on every documented route', () => {
  it.each(API_ROUTES.map((route) => [route.method, route.path, route] as const))('%s %s: no token, missing scope, wrong body shape, unknown id', async (method, _path, route) => {
    const target = unknownPath(route);
    const body = route.body ? '{}' : undefined;

    const anonymous = await send(method, target, { body, scopes: null });
    expect(anonymous.status).toBe(401);
    expectConforms(anonymous, 'no token');

    const writeKey = 'scope' in route.auth ? undefined : await writeKeyForGenerated();
    if ('scope' in route.auth) {
      const { scope } = route.auth;
      const forbidden = await send(method, target, { body, scopes: [ALL_SCOPES.find((other) => other !== scope)!] });
      expect(forbidden.status).toBe(403);
      expectConforms(forbidden, 'missing scope');
    } else {
      // A bearer token, even with every scope, is no write key.
      const bearer = await send(method, target, { body });
      expect(bearer.status).toBe(401);
      expectConforms(bearer, 'bearer token instead of a write key');
    }

    if (route.body) {
      const wrongShape = await send(method, target, { body: JSON.stringify({ unexpected: [1, { deep: true }] }), writeKey });
      expect(wrongShape.status).toBeGreaterThanOrEqual(400);
      expectConforms(wrongShape, 'wrong body shape');
      const notJson = await send(method, target, { body: '{"unterminated": ', writeKey });
      expect(notJson.status).toBe(400);
      expectConforms(notJson, 'malformed JSON');
    } else {
      // Reads of ids nobody created: 404 where the route documents it, an empty state otherwise.
      const unknown = await send(method, target);
      expectConforms(unknown, 'unknown id');
    }
  }, 30_000);
});

describe('the reference docs beside the API', () => {
  it('serves /docs from the npm bundle and /openapi.json as committed, without a token', async () => {
    const redirect = await fetch(`${suite.apiUrl}/docs`, { redirect: 'manual' });
    expect([redirect.status, redirect.headers.get('location')]).toEqual([308, '/docs/']);
    const page = await fetch(`${suite.apiUrl}/docs/`);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const html = await page.text();
    // Every script and stylesheet the page loads is served from here: nothing from a CDN.
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
    expect(assets.filter((asset) => !asset.startsWith('./'))).toEqual([]);
    for (const asset of assets) expect([asset, (await fetch(`${suite.apiUrl}/docs/${asset.slice(2)}`)).status]).toEqual([asset, 200]);
    expect(await (await fetch(`${suite.apiUrl}/docs/openapi.json`)).json()).toEqual(document);
    expect(await (await fetch(`${suite.apiUrl}/openapi.json`)).json()).toEqual(document);
    expect((await fetch(`${suite.apiUrl}/docs/../package.json`)).status).not.toBe(200);
  });
});
