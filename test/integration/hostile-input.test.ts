import fc from 'fast-check';
import type { LocalRoute } from '../../local/topology';
import { MAX_CHANNELS } from '../../shared/budget/schemas';
import { apiClient, startTestSuite, type ApiResponse } from './local-suite';

/**
 * The API as a hostile client sees it. Every route the synthesized topology declares (so routes
 * added later are walked too) gets malformed input: hostile path parameters and query strings, bodies
 * of the wrong shape, and each valid sample body mutated leaf by leaf with denormals, 1e308,
 * Infinity, prototype names, oversize strings and lists, deep nesting and wrong types, plus
 * fast-check's arbitrary JSON. Bad input must get a 4xx in the documented error shape, never a 5xx,
 * and the suite must still serve afterwards. Numbers no storage can carry must always be a 4xx.
 */
let suite: Awaited<ReturnType<typeof startTestSuite>>;
let api: ReturnType<typeof apiClient>;
let routes: LocalRoute[];

const HOUR = 3_600_000;
const recent = (ms = HOUR) => new Date(Date.now() - ms).toISOString();
const JOB_ID = '0f8fad5b-d9cb-469f-a165-70867728950e';
const CAMPAIGN = 'hostile-campaign';
const routeKey = (route: Pick<LocalRoute, 'method' | 'path'>) => `${route.method} ${route.path}`;

/** A valid value for each path parameter, by name; unknown names get a plain id. */
const EXPERIMENT = 'hostile-experiment';
const PATH_SAMPLES: Record<string, string> = {
  userId: 'hostile-user',
  jobId: JOB_ID,
  variantId: `${JOB_ID}.runners.en.1`,
  campaignId: CAMPAIGN,
  experimentId: EXPERIMENT,
  decisionId: 'hostile-decision-0001',
  keyId: '0123456789abcdef',
};

const campaignBody = () => ({
  currency: 'EUR',
  totalBudgetCents: 300_000,
  channels: [
    { channel: 'feed', floorCents: 30_000, capCents: 200_000, prior: { marginalReturnPerCent: 0.002, halfSaturationCents: 50_000, weightPeriods: 4 } },
    { channel: 'search', floorCents: 30_000 },
  ],
  maxStepFraction: 0.2,
  objective: 'conversions',
  cadence: 'P1D',
  burnInPeriods: 2,
  anomaly: { sensitivity: 0.4, seasonLength: 7, minEventsPerPoint: 20 },
  model: { halfLifePeriods: 30, reportedShareByAge: [0.8, 1] },
});

const effectReport = (reportId = 'r-1') => ({
  reportId,
  campaignId: CAMPAIGN,
  channel: 'feed',
  period: recent(48 * HOUR),
  reportedAt: recent(),
  spendCents: 10_000,
  impressions: 5_000,
  clicks: 100,
  conversions: 3.5,
  revenueCents: 40_000,
});

/** Valid bodies per route; a route missing here is still walked with the generic hostile input. */
/** Every numeric setting of an experiment, and numbers inside an arm's free-form payload. */
const experimentBody = () => ({
  name: 'hostile',
  arms: [{ armId: 'calm', payload: { headline: 'Run further', discount: 0.15, skus: [101, 202] } }, { armId: 'bold' }],
  objective: { type: 'weighted', weights: [{ event: 'ad_click', weight: 1 }, { event: 'purchase', weight: 10 }] },
  policy: { type: 'ab', split: [{ armId: 'calm', weight: 1 }, { armId: 'bold', weight: 3 }] },
  controlArmId: 'calm',
  holdoutFraction: 0.1,
  rewardWindowSeconds: 3600,
  minExplorationProbability: 0.01,
  testPlan: { baselineRate: 0.03, minimumDetectableEffect: 0.1, dailyTraffic: 10_000 },
});

const BODY_SAMPLES: Record<string, (() => unknown)[]> = {
  'POST /v1/events': [
    () => ({ events: [{ eventId: 'e-view', userId: 'hostile-user', type: 'product_view', timestamp: recent(), item: { itemId: 'sku-1', category: 'shoes', brand: 'Stride', price: 129 }, dwellMs: 35_000, device: { type: 'mobile', os: 'ios' } }] }),
    () => ({ events: [{ eventId: 'e-video', userId: 'hostile-user', type: 'video_progress', timestamp: recent(), videoId: 'v-1', category: 'shoes', progress: 0.5 }] }),
    () => ({ events: [{ eventId: 'e-buy', userId: 'hostile-user', type: 'purchase', timestamp: recent(), orderId: 'o-1', currency: 'CNY', items: [{ itemId: 'sku-1', category: 'shoes', price: 10, quantity: 2 }] }] }),
  ],
  'POST /v1/compliance/check': [() => ({ text: 'The best thermos in the world', locale: 'en', industry: 'general', channel: 'sms', brand: { forbiddenTerms: ['acme'], maxLength: 200 } })],
  'POST /v1/copy-jobs': [
    () => ({
      product: { name: 'Thermos', brand: 'Stride', category: 'bottle', benefits: ['keeps coffee hot'], price: { amount: 29, currency: 'USD' }, sellingPoints: ['weighs 280 g'] },
      audiences: [{ id: 'runners', description: 'city runners', tone: 'playful' }],
      variantsPerAudience: 1,
      locale: 'en',
      channel: 'feed',
      maxAttempts: 1,
    }),
  ],
  'POST /v1/reviews/{variantId}': [() => ({ decision: 'reject', note: 'off brand' })],
  'PUT /v1/campaigns/{campaignId}': [campaignBody],
  'POST /v1/effects': [() => effectReport()],
  'POST /v1/campaigns/{campaignId}/reallocate': [() => ({ period: new Date().toISOString() })],
  'PUT /v1/experiments/{experimentId}': [experimentBody],
  'POST /v1/experiments/{experimentId}/evaluate': [() => ({ policy: { type: 'fixed', armId: 'calm' }, bootstrapResamples: 10, maxDecisions: 100 })],
  'POST /v1/decisions': [() => ({ experimentId: EXPERIMENT, userId: 'hostile-user', context: { page: 'home', hour: 9, score: 0.5, logged_in: true } })],
  'POST /v1/decisions/{decisionId}/outcomes': [() => ({ outcomeId: 'o-1', event: 'purchase', value: 12.5 })],
  'PUT /v1/consents/{userId}': [() => ({ purposes: { profiling: 'granted', 'personalised-marketing': 'refused' }, source: 'app', noticeVersion: '2026-11' })],
  'POST /v1/write-keys': [() => ({ name: 'hostile' })],
};

/** Hostile query strings for GET routes. */
const HOSTILE_QUERIES = [
  'limit=1e308',
  'limit=5e-324',
  'limit=-1',
  'limit=1&limit=2',
  'k=__proto__',
  '__proto__=1&constructor=2&toString=3',
  `cursor=${'x'.repeat(5000)}`,
  `cursor=${Buffer.from(JSON.stringify({ pk: 'JOB#x', sk: 'y', reviewQueue: 'other', queuedAt: 'z' })).toString('base64url')}`,
  `cursor=${Buffer.from('ALLOCATION#9999-99-99T99:99:99.999Z').toString('base64url')}`,
  'cursor=%E2%80%AE',
];

/** Hostile path parameter values (well-formed percent-encoding; malformed encodings are the gateway's tests). */
const HOSTILE_PATH_VALUES = ['__proto__', 'constructor', 'x'.repeat(3000), '\u0000', 'a/b', '%', ' spacey ', '1e308', '\ud83d\ude00'];
/** Sent as they are, not encoded again: percent-encodings no decoder accepts (bare, non-hex, overlong, surrogate, cut short). */
const MALFORMED_PATH_ENCODINGS = ['%', '%ZZ', '%C0%AF', '%ED%A0%80', 'abc%2', '%E2%82'];

/** Values a numeric leaf is replaced with: none of them can be stored or computed with. */
const UNSTORABLE_NUMBERS: { label: string; value: unknown }[] = [
  { label: '5e-324', value: 5e-324 },
  { label: '-5e-324', value: -5e-324 },
  { label: '1e-200', value: 1e-200 },
  { label: '1e308', value: 1e308 },
  { label: '1e20', value: 1e20 },
  { label: '1e999 (Infinity)', value: RAW('1e999') },
];
/** Values that must be refused wherever they replace a leaf of a valid body. */
const ALWAYS_BAD: { label: string; value: unknown }[] = [
  { label: 'a 100k string', value: 'x'.repeat(100_000) },
  { label: 'a 2000-level nesting', value: nested(2000) },
];
/** Values that may or may not be valid at a leaf: never a 5xx. */
const MAYBE_BAD: { label: string; value: unknown }[] = [
  { label: '__proto__', value: '__proto__' },
  { label: 'constructor', value: 'constructor' },
  { label: 'toString', value: 'toString' },
  { label: 'empty string', value: '' },
  { label: 'lone surrogate', value: '\ud800' },
  { label: 'null', value: null },
  { label: 'true', value: true },
  { label: 'empty object', value: {} },
  { label: 'empty array', value: [] },
  { label: 'prototype object', value: JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}') as unknown },
  { label: '-1', value: -1 },
  { label: '2^53', value: 2 ** 53 },
];

function RAW(text: string): string {
  return `\u0000RAW:${text}\u0000`;
}
function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}
const serialize = (body: unknown) => JSON.stringify(body).replace(/"\\u0000RAW:([^\\]*)\\u0000"/g, '$1');

type Path = (string | number)[];
function leaves(value: unknown, path: Path = []): { path: Path; value: unknown }[] {
  if (Array.isArray(value)) return [{ path, value }, ...value.flatMap((item, index) => leaves(item, [...path, index]))];
  if (value !== null && typeof value === 'object') return [...(path.length > 0 ? [{ path, value }] : []), ...Object.entries(value).flatMap(([key, item]) => leaves(item, [...path, key]))];
  return [{ path, value }];
}
function replaceAt(body: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(body) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path[path.length - 1]!] = value;
  return copy;
}

/** PUT mutations go to a campaign of their own, so the one effects and reallocations aim at stays valid. */
const concretePath = (route: LocalRoute, overrides: Record<string, string> = {}) =>
  route.path.replace(/\{([^}]+)\}/g, (_match, name: string) => encodeURIComponent(overrides[name] ?? (route.method === 'PUT' ? `${PATH_SAMPLES[name]}-put` : PATH_SAMPLES[name]) ?? 'hostile-id'));

function expectDocumentedError(response: ApiResponse, context: string) {
  const where = `${context} → ${response.status} ${JSON.stringify(response.body)?.slice(0, 300)}`;
  expect({ where, ok: response.status < 500 }).toEqual({ where, ok: true });
  if (response.status >= 400 && response.body?.error) {
    expect({ where, shape: typeof response.body.error.code === 'string' && typeof response.body.error.message === 'string' && typeof response.body.requestId === 'string' }).toEqual({ where, shape: true });
  }
}
function expect4xx(response: ApiResponse, context: string) {
  const where = `${context} → ${response.status} ${JSON.stringify(response.body)?.slice(0, 300)}`;
  expect({ where, clientError: response.status >= 400 && response.status < 500 }).toEqual({ where, clientError: true });
  expectDocumentedError(response, context);
}

async function send(method: string, path: string, rawBody?: string, headers?: Record<string, string>): Promise<ApiResponse> {
  // The tracking routes take a write key as trackers send it; every other route a JWT.
  const authorization = trackerPaths.has(path.split('?')[0]!) ? `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}` : `Bearer ${token}`;
  const response = await fetch(`${suite.apiUrl}${path}`, { method, headers: { authorization, ...(rawBody !== undefined ? { 'content-type': 'application/json' } : {}), ...headers }, body: rawBody });
  const text = await response.text();
  let body: any;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = { unparsed: text.slice(0, 200) };
  }
  return { status: response.status, body };
}

/** Runs the tasks with a few requests in flight, as concurrent clients would. */
async function inParallel<T>(items: readonly T[], task: (item: T) => Promise<void>, width = 4): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) await task(items[next++]!);
  }));
}

let token: string;
let writeKey: string;
let trackerPaths: Set<string>;

beforeAll(async () => {
  suite = await startTestSuite();
  api = apiClient(suite);
  token = await suite.token();
  routes = suite.topology.routes;
  trackerPaths = new Set(routes.filter((route) => route.authorization === 'none').map((route) => route.path));
  ({ writeKey } = (await api('POST', '/v1/write-keys', { body: { name: 'hostile' } })).body);
  // A campaign to aim effects, allocations and reallocations at.
  expect((await api('PUT', `/v1/campaigns/${CAMPAIGN}`, { body: campaignBody() })).status).toBe(201);
  // An experiment to aim decisions and evaluations at.
  expect((await api('PUT', `/v1/experiments/${EXPERIMENT}`, { body: experimentBody() })).status).toBe(201);
}, 60_000);

afterAll(async () => {
  await suite?.stop();
});

describe('every route, walked with hostile input', () => {
  // The first request to each function is its cold start: give this one time.
  it('has routes to walk, and every sample body is valid for its route', async () => {
    expect(routes.length).toBeGreaterThanOrEqual(14);
    for (const route of routes) {
      for (const sample of BODY_SAMPLES[routeKey(route)] ?? []) {
        const response = await send(route.method, concretePath(route), serialize(sample()));
        // A sample reaches the use case: success, or a domain answer (404 for the unknown variant), never a 400.
        expect({ route: routeKey(route), refusal: response.status === 400 ? response.body : 'none' }).toEqual({ route: routeKey(route), refusal: 'none' });
        expect(response.status).toBeLessThan(500);
      }
    }
  }, 120_000);

  it('hostile path parameters and query strings get a 4xx or an ordinary answer, never a 5xx', async () => {
    const cases = routes.flatMap((route) => [
      ...(route.path.includes('{') ? HOSTILE_PATH_VALUES.map((value) => ({ route, path: concretePath(route, Object.fromEntries([...route.path.matchAll(/\{([^}]+)\}/g)].map((match) => [match[1]!, value]))) })) : []),
      ...(route.path.includes('{') ? MALFORMED_PATH_ENCODINGS.map((raw) => ({ route, path: route.path.replace(/\{[^}]+\}/g, raw) })) : []),
      ...(route.method === 'GET' ? HOSTILE_QUERIES.map((query) => ({ route, path: `${concretePath(route)}?${query}` })) : []),
    ]);
    await inParallel(cases, async ({ route, path }) => {
      const sample = BODY_SAMPLES[routeKey(route)]?.[0];
      expectDocumentedError(await send(route.method, path, sample ? serialize(sample()) : undefined), `${route.method} ${path.slice(0, 120)}`);
    });
  }, 240_000);

  it('bodies of the wrong shape are refused with a 4xx on every route that takes a body', async () => {
    const bad = ['{', 'null', '[]', '"text"', '42', '1e999', '{"__proto__": {"polluted": true}}', `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`, JSON.stringify(Array.from({ length: 2000 }, () => ({}))), `{"events": ${JSON.stringify(Array.from({ length: 2000 }, () => ({})))}}`];
    const cases = routes.filter((route) => route.method === 'POST' || route.method === 'PUT').flatMap((route) => bad.map((body) => ({ route, body })));
    await inParallel(cases, async ({ route, body }) => {
      const response = await send(route.method, concretePath(route), body);
      // POST …/reallocate takes an optional body: `null` is "no body" there.
      if (routeKey(route) === 'POST /v1/campaigns/{campaignId}/reallocate' && body === 'null') expectDocumentedError(response, `${routeKey(route)} ${body}`);
      else expect4xx(response, `${routeKey(route)} ${body.slice(0, 60)}`);
    });
    expect(Object.prototype).not.toHaveProperty('polluted');
  }, 120_000);

  it('numbers no storage can carry, oversize strings and deep nesting are refused at every leaf of every sample', async () => {
    const cases = routes.flatMap((route) =>
      (BODY_SAMPLES[routeKey(route)] ?? []).flatMap((sample) =>
        leaves(sample()).flatMap(({ path, value }) => [
          ...(typeof value === 'number' ? UNSTORABLE_NUMBERS : []).map((bad) => ({ route, sample, path, bad })),
          ...(typeof value === 'string' || typeof value === 'number' ? ALWAYS_BAD : []).map((bad) => ({ route, sample, path, bad })),
        ]),
      ),
    );
    expect(cases.length).toBeGreaterThan(100);
    await inParallel(cases, async ({ route, sample, path, bad }) => {
      const body = serialize(replaceAt(sample(), path, bad.value));
      expect4xx(await send(route.method, concretePath(route), body), `${routeKey(route)} ${path.join('.')} = ${bad.label}`);
    });
  }, 120_000);

  it('lists longer than one stored item can hold are refused at every list of every sample', async () => {
    const cases = routes.flatMap((route) =>
      (BODY_SAMPLES[routeKey(route)] ?? []).flatMap((sample) => leaves(sample()).filter(({ value }) => Array.isArray(value) && value.length > 0).map(({ path, value }) => ({ route, sample, path, list: value as unknown[] }))),
    );
    await inParallel(cases, async ({ route, sample, path, list }) => {
      const long = Array.from({ length: 2000 }, (_, index) => (typeof list[0] === 'object' && list[0] !== null ? { ...(list[0] as object), ...('channel' in (list[0] as object) ? { channel: `c-${index}` } : {}) } : list[0]));
      expect4xx(await send(route.method, concretePath(route), serialize(replaceAt(sample(), path, long))), `${routeKey(route)} ${path.join('.')} × 2000`);
    });
  }, 120_000);

  it('prototype names, wrong types and empty values at any leaf are never a 5xx', async () => {
    // Every (leaf, value) pair would be ~1,500 requests: fast-check draws 250 of them, the same ones on every run.
    const cases = routes.flatMap((route) => (BODY_SAMPLES[routeKey(route)] ?? []).flatMap((sample) => leaves(sample()).flatMap(({ path }) => MAYBE_BAD.map((bad) => ({ route, sample, path, bad })))));
    const drawn = fc.sample(fc.constantFrom(...cases), { numRuns: 250, seed: 42 });
    // Every prototype name reaches every leaf at least once per route's first sample.
    const prototypeNames = routes.flatMap((route) => (BODY_SAMPLES[routeKey(route)] ?? []).slice(0, 1).flatMap((sample) => leaves(sample()).filter(({ value }) => typeof value === 'string').map(({ path }) => ({ route, sample, path, bad: MAYBE_BAD[1]! }))));
    await inParallel([...drawn, ...prototypeNames], async ({ route, sample, path, bad }) => {
      expectDocumentedError(await send(route.method, concretePath(route), serialize(replaceAt(sample(), path, bad.value))), `${routeKey(route)} ${path.join('.')} = ${bad.label}`);
    });
    expect(Object.prototype).not.toHaveProperty('polluted');
  }, 120_000);

  it('tracking routes: any hostile value at any leaf of a valid batch is never a 5xx, and never passes as it was sent', async () => {
    // A tracker batch is not refused for one bad message (the SDK would drop the good ones with it): the
    // message is counted as rejected, so these leaves get a 200 naming it, or a 400/413 for the batch.
    const batch = () => ({
      batch: [
        { type: 'track', event: 'Order Completed', anonymousId: 'hostile-anon', messageId: 'm-1', timestamp: recent(), properties: { order_id: 'o-1', currency: 'EUR', products: [{ product_id: 'sku-1', category: 'shoes', price: 10, quantity: 2 }] }, context: { userAgent: 'Mozilla/5.0', campaign: { source: 'mail', name: 'spring' } } },
        { type: 'identify', userId: 'hostile-user', anonymousId: 'hostile-anon', messageId: 'm-2', timestamp: recent() },
      ],
    });
    const cases = leaves(batch()).flatMap(({ path }) => [...UNSTORABLE_NUMBERS, ...ALWAYS_BAD, ...MAYBE_BAD].map((bad) => ({ path, bad })));
    await inParallel(cases, async ({ path, bad }) => {
      const response = await send('POST', '/v1/batch', serialize(replaceAt(batch(), path, bad.value)));
      expectDocumentedError(response, `/v1/batch ${path.join('.')} = ${bad.label}`);
      expect({ path: path.join('.'), bad: bad.label, status: [200, 400, 413].includes(response.status) }).toEqual({ path: path.join('.'), bad: bad.label, status: true });
      if (UNSTORABLE_NUMBERS.includes(bad) && response.status === 200 && path.join('.').includes('price')) expect(response.body.rejected).toBe(1);
    });
    expect(Object.prototype).not.toHaveProperty('polluted');
  }, 180_000);

  it('arbitrary JSON from fast-check, at the top and at any leaf, is never a 5xx', async () => {
    const bodyRoutes = routes.filter((route) => route.method === 'POST' || route.method === 'PUT');
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...bodyRoutes), fc.jsonValue({ maxDepth: 4 }), fc.nat(), async (route, value, pick) => {
        const samples = BODY_SAMPLES[routeKey(route)] ?? [];
        const sample = samples.length > 0 ? samples[pick % samples.length]!() : undefined;
        const paths = sample === undefined ? [[]] : leaves(sample).map((leaf) => leaf.path);
        const body = sample === undefined || pick % 5 === 0 ? value : replaceAt(sample, paths[pick % paths.length]!, value);
        expectDocumentedError(await send(route.method, concretePath(route), JSON.stringify(body)), `${routeKey(route)} ${JSON.stringify(body).slice(0, 200)}`);
      }),
      { numRuns: 100, seed: 9 },
    );
  }, 120_000);
});

describe('the findings of the hostile-client run', () => {
  it('refuses campaign numbers no allocation can compute with, and a cadence date arithmetic cannot carry', async () => {
    const put = (body: unknown) => api('PUT', '/v1/campaigns/numbers', { body });
    const prior = (value: Record<string, unknown>) => ({ ...campaignBody(), channels: [{ ...campaignBody().channels[0], prior: value }, campaignBody().channels[1]] });
    for (const body of [prior({ marginalReturnPerCent: 5e-324 }), prior({ halfSaturationCents: 1e308 }), { ...campaignBody(), totalBudgetCents: 1e308 }, { ...campaignBody(), cadence: 1e9 }, { ...campaignBody(), anomaly: { sensitivity: 5e-324 } }]) {
      const response = await put(body);
      expect4xx(response, JSON.stringify(body).slice(0, 100));
      expect(response.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ message: expect.any(String) })]));
    }
  });

  it(`refuses a campaign with 2,000 channels at validation, naming the limit of ${MAX_CHANNELS}`, async () => {
    const channels = Array.from({ length: 2000 }, (_, index) => ({ channel: `c-${index}` }));
    const started = Date.now();
    const response = await api('PUT', '/v1/campaigns/wide', { body: { ...campaignBody(), channels } });
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body.error.details)).toContain(`at most ${MAX_CHANNELS} channels`);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('refuses conversions of 1e20, reports of 2^53 − 1 cents, and more reports in one period than one item holds', async () => {
    expect4xx(await api('POST', '/v1/effects', { body: { ...effectReport('huge'), conversions: 1e20 } }), 'conversions 1e20');
    const unsafe = Number.MAX_SAFE_INTEGER;
    expect4xx(await api('POST', '/v1/effects', { body: { reports: [{ ...effectReport('max-1'), spendCents: unsafe }, { ...effectReport('max-2'), spendCents: unsafe }] } }), 'two reports of 2^53 − 1');
    // 500 reports of the largest amount a field allows (10^13 cents) fit, and their totals stay exact; the 501st is refused.
    expect((await api('PUT', '/v1/campaigns/sums', { body: campaignBody() })).status).toBe(201);
    const period = recent(96 * HOUR);
    const report = (reportId: string) => ({ ...effectReport(reportId), campaignId: 'sums', period, spendCents: 10_000_000_000_000, impressions: 0, clicks: 0 });
    for (let batch = 0; batch < 5; batch++) {
      const response = await api('POST', '/v1/effects', { body: { reports: Array.from({ length: 100 }, (_, index) => report(`big-${batch}-${index}`)) } });
      expect(response.body.counts.accepted).toBe(100);
    }
    const over = await api('POST', '/v1/effects', { body: { reports: [report('one-too-many')] } });
    expect(over.status).toBe(400);
    expect(over.body.error.details.results[0].reasons.join()).toMatch(/already hold 500 reports/);
  }, 60_000);

  it('takes prototype names as ordinary report ids and channel names: stored, deduplicated, allocated', async () => {
    const body = { ...campaignBody(), channels: [{ channel: 'constructor', floorCents: 30_000 }, { channel: 'feed', floorCents: 30_000 }] };
    expect((await api('PUT', '/v1/campaigns/proto', { body })).status).toBe(201);
    const reports = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'].map((reportId) => ({ ...effectReport(reportId), campaignId: 'proto', channel: 'constructor' }));
    const first = await api('POST', '/v1/effects', { body: { reports } });
    expect(first.status).toBe(200);
    expect(first.body.results.map((result: { status: string }) => result.status)).toEqual(['accepted', 'accepted', 'accepted', 'accepted']);
    const again = await api('POST', '/v1/effects', { body: { reports } });
    expect(again.body.results.map((result: { status: string }) => result.status)).toEqual(['duplicate', 'duplicate', 'duplicate', 'duplicate']);
    const allocated = await api('POST', '/v1/campaigns/proto/reallocate');
    expect(allocated.status).toBe(201);
    expect(Object.keys(allocated.body.allocation.allocations).sort()).toEqual(['constructor', 'feed']);
  });

  it('refuses, by index, events whose price or video progress is 1e-200, and applies the same user\'s valid events', async () => {
    const events = [
      { eventId: 'p-ok', userId: 'denormal-user', type: 'product_view', timestamp: recent(), item: { itemId: 'sku-1', category: 'shoes', price: 129 } },
      { eventId: 'p-bad', userId: 'denormal-user', type: 'product_view', timestamp: recent(), item: { itemId: 'sku-2', category: 'bags', price: 1e-200 } },
      { eventId: 'v-bad', userId: 'denormal-user', type: 'video_progress', timestamp: recent(), videoId: 'v', category: 'hats', progress: 1e-200 },
    ];
    const response = await api('POST', '/v1/events', { body: { events } });
    expect(response.status).toBe(202);
    expect(response.body.accepted).toBe(1);
    expect(response.body.rejected.map((entry: { index: number }) => entry.index)).toEqual([1, 2]);
    await suite.drain();
    const profile = await api('GET', '/v1/profiles/denormal-user');
    expect(profile.status).toBe(200);
    expect(profile.body.lineage.eventsApplied).toBe(1);
  });

  it('answers a forged review cursor and a forged allocation cursor with 400 and a reason', async () => {
    const forged = Buffer.from(JSON.stringify({ pk: 'JOB#x', sk: 'VARIANT#y', reviewQueue: 'pending', queuedAt: 'z' })).toString('base64url');
    const reviews = await api('GET', `/v1/reviews?cursor=${forged}`);
    expect(reviews.status).toBe(400);
    expect(reviews.body.error.message).toMatch(/cursor/);
    const allocations = await api('GET', `/v1/campaigns/${CAMPAIGN}/allocations?cursor=${forged}`);
    expect(allocations.status).toBe(400);
    expect(allocations.body.error.message).toMatch(/cursor/);
  });

  it('refuses a body that writes a key twice, at every keyed leaf of every sample, with 400 naming the key (local gateway as deployed)', async () => {
    /** The body as JSON, with the member at `path` written a second time in its object. */
    const twice = (node: unknown, path: Path): string => {
      const [head, ...rest] = path;
      if (Array.isArray(node)) return `[${node.map((item, index) => (index === head ? twice(item, rest) : JSON.stringify(item))).join(',')}]`;
      const members = Object.entries(node as Record<string, unknown>).map(([key, value]) => `${JSON.stringify(key)}:${key === head && rest.length > 0 ? twice(value, rest) : JSON.stringify(value)}`);
      if (rest.length === 0) members.push(`${JSON.stringify(head)}:${JSON.stringify((node as Record<string, unknown>)[head as string])}`);
      return `{${members.join(',')}}`;
    };
    const cases = routes.flatMap((route) =>
      (BODY_SAMPLES[routeKey(route)] ?? []).flatMap((sample) => {
        const body = sample();
        return leaves(body).filter(({ path }) => typeof path[path.length - 1] === 'string').map(({ path }) => ({ route, path, text: twice(body, path) }));
      }),
    );
    expect(cases.length).toBeGreaterThan(50);
    await inParallel(cases, async ({ route, path, text }) => {
      const response = await send(route.method, concretePath(route), text);
      const where = `${routeKey(route)} ${path.join('.')}`;
      expect({ where, status: response.status, key: response.body?.error?.details?.key }).toEqual({ where, status: 400, key: path[path.length - 1] });
    });
    // The case that made it a security matter: a refusal followed by a grant of the same purpose changes nothing.
    const user = 'twice-user';
    expect((await api('PUT', `/v1/consents/${user}`, { body: { purposes: { profiling: 'refused' }, source: 'app', noticeVersion: '2026-11' } })).status).toBeLessThan(300);
    const ambiguous = await send('PUT', `/v1/consents/${user}`, '{"purposes":{"profiling":"refused","profiling":"granted"},"source":"app","noticeVersion":"2026-11"}');
    expect(ambiguous.status).toBe(400);
    expect(ambiguous.body.error.details).toEqual({ key: 'profiling', path: 'purposes.profiling' });
    expect((await api('GET', `/v1/consents/${user}`)).body.history.map((entry: { changed: unknown }) => entry.changed)).toEqual([{ profiling: 'refused' }]);
  }, 120_000);

  it('still serves ordinary requests after all of the above', async () => {
    expect((await api('GET', `/v1/campaigns/${CAMPAIGN}`)).status).toBe(200);
    const events = await api('POST', '/v1/events', { body: { events: [{ eventId: 'after-1', userId: 'after-user', type: 'product_view', timestamp: recent(), item: { itemId: 'sku-1', category: 'shoes' } }] } });
    expect(events.status).toBe(202);
    await suite.drain();
    expect((await api('GET', '/v1/profiles/after-user')).status).toBe(200);
    expect((await api('POST', '/v1/compliance/check', { body: { text: 'hello', locale: 'en' } })).status).toBe(200);
    expect(Object.prototype).not.toHaveProperty('polluted');
  });
});
