import { apiClient, startTestSuite } from './local-suite';

/**
 * Consent end to end on the local suite: consents API → consents table and Kinesis emulator → feature
 * updater (through the emulated event source mapping, in order with the user's events) → profile API.
 */
let suite: Awaited<ReturnType<typeof startTestSuite>>;
let api: ReturnType<typeof apiClient>;

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
let counter = 0;
const view = (userId: string, category: string) => ({
  eventId: `consent-ev-${++counter}-${Math.random().toString(36).slice(2)}`,
  userId,
  type: 'product_view',
  timestamp: minutesAgo(20 - (counter % 10)),
  item: { itemId: `item-${counter}`, category, brand: 'Acme', price: 129 },
  dwellMs: 15_000,
  device: { type: 'mobile' },
});

beforeAll(async () => {
  suite = await startTestSuite();
  api = apiClient(suite);
}, 60_000);

afterAll(async () => {
  await suite?.stop();
});

async function postEvents(userId: string, category: string, count: number) {
  const response = await api('POST', '/v1/events', { body: { events: Array.from({ length: count }, () => view(userId, category)) } });
  expect(response.status).toBe(202);
  await suite.drain();
}

const putConsent = (userId: string, purposes: Record<string, string>, extra: Record<string, unknown> = {}) =>
  api('PUT', `/v1/consents/${encodeURIComponent(userId)}`, { body: { purposes, source: 'app', noticeVersion: '2026-03', ...extra }, scopes: ['consent:write'] });
const profileOf = async (userId: string) => (await api('GET', `/v1/profiles/${encodeURIComponent(userId)}`, { scopes: ['profiles:read'] })).body;
const categoriesOf = (profile: any) => profile.interests.longTerm.categories.map((entry: { key: string }) => entry.key);

describe('consent on the local suite', () => {
  it('a user refuses profiling → no interests, drops counted in lineage → grants again → new events build a fresh profile', async () => {
    const userId = 'consent-user-1@example.com';
    // Profiled under the (default opt-out) regime.
    await postEvents(userId, 'Running Shoes', 3);
    expect(categoriesOf(await profileOf(userId))).toEqual(['running shoes']);

    // Refuses: the change goes through the stream; later events are accepted but not folded.
    const refused = await putConsent(userId, { profiling: 'refused' });
    expect(refused.status).toBe(200);
    expect(refused.body.purposes.profiling).toMatchObject({ status: 'refused', basis: 'explicit', source: 'app', noticeVersion: '2026-03' });
    await postEvents(userId, 'Tents', 4);
    const whileRefused = await profileOf(userId);
    expect(whileRefused.interests.longTerm.categories).toEqual([]);
    expect(whileRefused.interests.shortTerm.categories).toEqual([]);
    expect(whileRefused.spending.tier).toBe('unknown');
    expect(whileRefused.segments).toEqual([]);
    expect(whileRefused.lineage.dropped['consent-refused']).toBe(4);
    expect(whileRefused.consent.profiling.status).toBe('refused');

    // Grants again: only what happens from now on counts.
    const granted = await putConsent(' consent-user-1@example.com ', { profiling: 'granted' }, { source: 'web' });
    expect(granted.body.version).toBe(2);
    await postEvents(userId, 'Kayaks', 2);
    const fresh = await profileOf(userId);
    expect(categoriesOf(fresh)).toEqual(['kayaks']);
    expect(fresh.lineage.features.interests.events).toBe(2);
    expect(fresh.lineage.dropped['consent-refused']).toBe(4);
    expect(fresh.segments).toContain('new-user');

    // The history: who, when, what, from where, under which notice.
    const history = await api('GET', `/v1/consents/${encodeURIComponent(userId)}`, { scopes: ['consent:read'] });
    expect(history.status).toBe(200);
    expect(history.body.history.map((entry: any) => [entry.version, entry.changed, entry.source, entry.noticeVersion])).toEqual([
      [2, { profiling: 'granted' }, 'web', '2026-03'],
      [1, { profiling: 'refused' }, 'app', '2026-03'],
    ]);
    expect(history.body.history[0].by).toEqual(expect.any(String));
    expect(JSON.stringify(history.body)).not.toContain(userId);
  }, 60_000);

  it('erasing the profile erases the consent state: the regime default applies again', async () => {
    const userId = 'consent-user-2';
    await postEvents(userId, 'Books', 1);
    expect((await putConsent(userId, { profiling: 'refused', 'personalised-marketing': 'refused' })).status).toBe(200);
    await suite.drain();
    expect((await api('DELETE', `/v1/profiles/${userId}`, { scopes: ['profiles:delete'] })).status).toBe(204);
    const after = await api('GET', `/v1/consents/${userId}`, { scopes: ['consent:read'] });
    expect(after.body).toMatchObject({ version: 0, history: [], purposes: { profiling: { status: 'granted', basis: 'default' }, 'personalised-marketing': { status: 'granted', basis: 'default' } } });
  }, 60_000);

  it('asks for a token (401) with the right scope (403)', async () => {
    expect((await api('GET', '/v1/consents/someone', { token: null })).status).toBe(401);
    expect((await api('PUT', '/v1/consents/someone', { token: null, body: { purposes: { profiling: 'granted' }, source: 'app', noticeVersion: 'v1' } })).status).toBe(401);
    expect((await api('GET', '/v1/consents/someone', { scopes: ['profiles:read'] })).status).toBe(403);
    expect((await api('PUT', '/v1/consents/someone', { scopes: ['consent:read'], body: { purposes: { profiling: 'granted' }, source: 'app', noticeVersion: 'v1' } })).status).toBe(403);
  });

  it.each([
    ['no body', undefined, 'request body is required'],
    ['no purpose', { purposes: {}, source: 'app', noticeVersion: 'v1' }, 'invalid request body'],
    ['an unknown purpose', { purposes: { tracking: 'granted' }, source: 'app', noticeVersion: 'v1' }, 'invalid request body'],
    ['an unknown decision', { purposes: { profiling: 'ok' }, source: 'app', noticeVersion: 'v1' }, 'invalid request body'],
    ['an unknown source', { purposes: { profiling: 'granted' }, source: 'fax', noticeVersion: 'v1' }, 'invalid request body'],
    ['no notice version', { purposes: { profiling: 'granted' }, source: 'app' }, 'invalid request body'],
  ])('answers 400 with the reason for %s', async (_name, body, message) => {
    const response = await api('PUT', '/v1/consents/someone', { body, scopes: ['consent:write'] });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'BadRequest', message });
    expect(response.body.requestId).toEqual(expect.any(String));
  });

  it('answers 400 for malformed JSON and 415 for a body that is not JSON', async () => {
    expect((await api('PUT', '/v1/consents/someone', { rawBody: '{"purposes":', scopes: ['consent:write'] })).status).toBe(400);
    expect((await api('PUT', '/v1/consents/someone', { rawBody: 'purposes=all', headers: { 'content-type': 'text/plain' }, scopes: ['consent:write'] })).status).toBe(415);
  });
});
