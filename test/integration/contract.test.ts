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

async function send(method: string, target: string, options: { body?: string; scopes?: Scope[] | null } = {}): Promise<Answer> {
  const route = routeFor(method, new URL(target, 'http://local').pathname);
  if (!route) throw new Error(`no documented route for ${method} ${target}`);
  const token = options.scopes === null ? undefined : await suite.token(options.scopes ?? ALL_SCOPES);
  const response = await fetch(`${suite.apiUrl}${target}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(options.body === undefined ? {} : { 'content-type': 'application/json' }) },
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

const examples: CurlExample[] = readmeCurlExamples(fs.readFileSync(path.join(root, 'README.md'), 'utf8'));

describe('the README curl examples', () => {
  it('each answers, in order, with a documented success and a body valid against the document', async () => {
    expect(examples.length).toBeGreaterThanOrEqual(10);
    for (const example of examples) {
      // What an example wrote through the stream is applied before the next one reads it, as a person typing them would see.
      await suite.drain(20_000);
      const answer = await send(example.method, example.target, { body: example.body === undefined ? undefined : JSON.stringify(example.body) });
      expectConforms(answer, example.source.split('\n')[0]!);
      // An example that fails is a documentation bug, except for the events example's fixed date, which ages out of the 30-day window.
      if (example.target !== '/v1/events') expect([answer.route.method, answer.route.path, answer.status < 300]).toEqual([answer.route.method, answer.route.path, true]);
    }
  }, 150_000);
});

/** A concrete path for a route template: the README's ids where it has them, `unknown-…` otherwise. */
const concrete = (route: ApiRoute, known: boolean) =>
  route.path.replace(/\{([^}]+)\}/g, (_match, name: string) =>
    known ? ({ userId: 'customer-42', campaignId: 'spring-sale', experimentId: 'spring-banner' } as Record<string, string>)[name] ?? `unknown-${name}` : name === 'jobId' ? '00000000-0000-4000-8000-000000000000' : `unknown-${name.toLowerCase()}-1`,
  );

describe('generated requests on every documented route', () => {
  it.each(API_ROUTES.map((route) => [route.method, route.path, route] as const))('%s %s: no token, missing scope, wrong body shape, unknown id', async (method, _path, route) => {
    const target = concrete(route, false);
    const body = route.body ? '{}' : undefined;

    const anonymous = await send(method, target, { body, scopes: null });
    expect(anonymous.status).toBe(401);
    expectConforms(anonymous, 'no token');

    const otherScope = ALL_SCOPES.find((scope) => scope !== route.scope)!;
    const forbidden = await send(method, target, { body, scopes: [otherScope] });
    expect(forbidden.status).toBe(403);
    expectConforms(forbidden, 'missing scope');

    if (route.body) {
      const wrongShape = await send(method, target, { body: JSON.stringify({ unexpected: [1, { deep: true }] }) });
      expect(wrongShape.status).toBeGreaterThanOrEqual(400);
      expectConforms(wrongShape, 'wrong body shape');
      const notJson = await send(method, target, { body: '{"unterminated": ' });
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
