import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { runBudgetDemo, simulatedMarket } from '../../local/demo-budget';
import { apiClient, startTestSuite } from './local-suite';

/**
 * The budget capability end to end on the local suite: API → campaigns-api / effects-api → DynamoDB
 * emulator, reallocation through the API and through the EventBridge Scheduler schedule (fired as the
 * local runtime fires it) → allocation history → in-memory EventBridge.
 */
let suite: Awaited<ReturnType<typeof startTestSuite>>;
let api: ReturnType<typeof apiClient>;
let documents: DynamoDBDocumentClient;
let tableName: string;
let busName: string;

const DAY_MS = 86_400_000;
/** Daily periods on fixed past dates, so the seeded draws (by campaign and period) are the same on every run. */
const FIRST_DAY = Date.parse('2025-03-03T00:00:00.000Z');
const day = (index: number) => new Date(FIRST_DAY + index * DAY_MS).toISOString();
const today = () => new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS).toISOString();
const thisHour = () => new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000).toISOString();

const config = (overrides: Record<string, unknown> = {}) => ({
  currency: 'EUR',
  totalBudgetCents: 250_001,
  channels: [
    { channel: 'feed', floorCents: 25_000, capCents: 200_000 },
    { channel: 'search', floorCents: 25_000 },
    { channel: 'sms', floorCents: 25_000 },
  ],
  objective: 'conversions',
  cadence: 'P1D',
  burnInPeriods: 2,
  maxStepFraction: 0.2,
  ...overrides,
});

beforeAll(async () => {
  // Speed-up 1: the hourly schedule exists (so it can be fired) but its timer never runs during the test.
  suite = await startTestSuite({ scheduleSpeedup: 1 });
  api = apiClient(suite);
  documents = DynamoDBDocumentClient.from(new DynamoDBClient({ region: suite.region, endpoint: suite.endpoints.dynamodb, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }));
  tableName = suite.topology.tables.find((table) => table.name.includes('BudgetTable'))!.name;
  busName = suite.topology.eventBuses.find((name) => name.includes('BudgetEventBus'))!;
}, 60_000);

afterAll(async () => {
  documents?.destroy();
  await suite?.stop();
});

async function reportDay(campaignId: string, index: number, allocation: Record<string, number>, market = simulatedMarket({ seed: campaignId })) {
  const effects = market.respond(index, allocation);
  const response = await api('POST', '/v1/effects', {
    body: { reports: effects.map((effect) => ({ reportId: `${campaignId}-${index}-${effect.channel}`, campaignId, period: day(index), reportedAt: day(index + 1), ...effect })) },
    scopes: ['effects:write'],
  });
  expect(response.status).toBe(200);
  return response.body;
}

describe('campaign configuration', () => {
  it('creates, reads and replaces a campaign', async () => {
    const created = await api('PUT', '/v1/campaigns/cfg-1', { body: config(), scopes: ['budget:write'] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ campaignId: 'cfg-1', configVersion: 1, latestPeriod: null, config: { totalBudgetCents: 250_001, minStepCents: 2_500 } });

    const replaced = await api('PUT', '/v1/campaigns/cfg-1', { body: config({ totalBudgetCents: 300_000 }), scopes: ['budget:write'] });
    expect(replaced.status).toBe(200);
    expect(replaced.body.configVersion).toBe(2);

    const read = await api('GET', '/v1/campaigns/cfg-1', { scopes: ['budget:read'] });
    expect(read.status).toBe(200);
    expect(read.body.config.totalBudgetCents).toBe(300_000);
    expect((await api('GET', '/v1/campaigns/unknown-campaign')).status).toBe(404);
  });

  it.each([
    ['floors above the budget', config({ totalBudgetCents: 60_000 }), 422, /impossible campaign configuration: channels\[\]\.floorCents sum to 75000, above totalBudgetCents 60000/],
    ['caps below the budget', config({ channels: [{ channel: 'feed', capCents: 10_000 }, { channel: 'sms', capCents: 10_000 }] }), 422, /capCents sum to 20000, below totalBudgetCents/],
    ['an unknown objective', config({ objective: 'likes' }), 400, /invalid campaign configuration/],
    ['a non-integer budget', config({ totalBudgetCents: 12.5 }), 400, /invalid campaign configuration/],
  ])('refuses %s with a clear message', async (_label, body, status, message) => {
    const response = await api('PUT', '/v1/campaigns/bad-config', { body });
    expect(response.status).toBe(status);
    expect(response.body.error.message).toMatch(message);
    expect(response.body.error.details.length).toBeGreaterThan(0);
    expect((await api('GET', '/v1/campaigns/bad-config')).status).toBe(404);
  });

  it('refuses malformed JSON', async () => {
    const response = await api('PUT', '/v1/campaigns/bad-json', { rawBody: '{"currency": ' });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(/not valid JSON/);
  });
});

describe('effects, reallocation and history through the API', () => {
  const campaignId = 'api-flow';
  const allocations: Record<string, number>[] = [];

  beforeAll(async () => {
    expect((await api('PUT', `/v1/campaigns/${campaignId}`, { body: config() })).status).toBe(201);
    for (let index = 0; index < 6; index++) {
      const response = await api('POST', `/v1/campaigns/${campaignId}/reallocate`, { body: { period: day(index) }, scopes: ['budget:write'] });
      expect(response.status).toBe(201);
      allocations.push(response.body.allocation.allocations);
      await reportDay(campaignId, index, response.body.allocation.allocations);
    }
  }, 60_000);

  it('allocates exactly the budget in cents, within floors, caps and the step limit, every period', () => {
    allocations.forEach((allocation, index) => {
      const cents = Object.values(allocation);
      expect(cents.every(Number.isInteger)).toBe(true);
      expect(cents.reduce((sum, value) => sum + value, 0)).toBe(250_001);
      for (const [channel, value] of Object.entries(allocation)) {
        expect(value).toBeGreaterThanOrEqual(25_000);
        if (channel === 'feed') expect(value).toBeLessThanOrEqual(200_000);
        const previous = allocations[index - 1]?.[channel];
        if (previous !== undefined) expect(Math.abs(value - previous)).toBeLessThanOrEqual(Math.max(Math.ceil(0.2 * previous), 2_500));
      }
    });
    expect(allocations[5]!.feed).toBeGreaterThan(allocations[0]!.feed!);
  });

  it('serves the allocation in force with its explanation', async () => {
    const current = await api('GET', `/v1/campaigns/${campaignId}/allocation`, { scopes: ['budget:read'] });
    expect(current.status).toBe(200);
    expect(current.body).toMatchObject({ campaignId, period: day(5), periodEnd: day(6), currency: 'EUR', totalBudgetCents: 250_001, trigger: 'api', publishedAt: expect.any(String), previousPeriod: day(4) });
    expect(current.body.allocations).toEqual(allocations[5]);
    expect(current.body.explanation).toMatchObject({ mode: 'thompson', objective: 'conversions', channels: expect.any(Array) });
    expect(current.body.explanation.channels[0]).toEqual(
      expect.objectContaining({ channel: 'feed', probabilityBest: expect.any(Number), posterior: expect.any(Object), binding: expect.any(Array), anomalies: expect.any(Array) }),
    );
    expect(current.body.inputs.length).toBe(15);
  });

  it('pages the history newest first', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await api('GET', `/v1/campaigns/${campaignId}/allocations?limit=4${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { scopes: ['budget:read'] });
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((item: { period: string }) => item.period));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([5, 4, 3, 2, 1, 0].map((index) => day(index)));
    expect((await api('GET', `/v1/campaigns/${campaignId}/allocations?limit=0`)).status).toBe(400);
    expect((await api('GET', `/v1/campaigns/${campaignId}/allocations?cursor=bm90LW1pbmU`)).status).toBe(400);
  });

  it('refuses a cursor of another campaign, or one from before cursors named their campaign, with 400 and the reason', async () => {
    const first = await api('GET', `/v1/campaigns/${campaignId}/allocations?limit=1`, { scopes: ['budget:read'] });
    expect(first.body.nextCursor).toEqual(expect.any(String));
    expect((await api('PUT', '/v1/campaigns/api-flow-other', { body: config(), scopes: ['budget:write'] })).status).toBe(201);
    const foreign = await api('GET', `/v1/campaigns/api-flow-other/allocations?cursor=${encodeURIComponent(first.body.nextCursor)}`, { scopes: ['budget:read'] });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.message).toMatch(/another campaign/);
    const legacy = Buffer.from(`ALLOCATION#${day(4)}`).toString('base64url');
    const old = await api('GET', `/v1/campaigns/${campaignId}/allocations?cursor=${legacy}`, { scopes: ['budget:read'] });
    expect(old.status).toBe(400);
    expect(old.body.error.message).toMatch(/first page/);
  });

  it('returns the stored allocation when a period is reallocated again, and changes nothing', async () => {
    const eventsBefore = suite.mini.events.published(busName).length;
    const again = await api('POST', `/v1/campaigns/${campaignId}/reallocate`, { body: { period: day(3) } });
    expect(again.status).toBe(200);
    expect(again.body.status).toBe('unchanged');
    expect(again.body.allocation.allocations).toEqual(allocations[3]);
    expect(suite.mini.events.published(busName).length).toBe(eventsBefore);
    expect((await api('GET', `/v1/campaigns/${campaignId}/allocation`)).body.period).toBe(day(5));
  });

  it('runs the next period when none is named: after the allocation in force, or the clock\'s if that is later; once', async () => {
    const first = await api('POST', `/v1/campaigns/${campaignId}/reallocate`);
    const second = await api('POST', `/v1/campaigns/${campaignId}/reallocate`, { body: { period: new Date().toISOString() } });
    expect(first.status).toBe(201);
    expect(first.body.allocation).toMatchObject({ period: today(), previousPeriod: day(5) });
    expect(second.status).toBe(200);
    expect(second.body.allocation).toEqual(first.body.allocation);
  });

  it('refuses periods it cannot allocate, with the reason', async () => {
    const past = await api('POST', `/v1/campaigns/${campaignId}/reallocate`, { body: { period: new Date(Date.parse(day(0)) - DAY_MS).toISOString() } });
    expect(past.status).toBe(409);
    expect(past.body.error.message).toMatch(/budgets only move forward/);
    const invalid = await api('POST', `/v1/campaigns/${campaignId}/reallocate`, { body: { period: 'tomorrow' } });
    expect(invalid.status).toBe(400);
    expect((await api('POST', '/v1/campaigns/unknown-campaign/reallocate')).status).toBe(404);
  });

  it('published one BudgetAllocated event per period on the budget bus', () => {
    const allocated = suite.mini.events.published(busName).filter((item) => item.event['detail-type'] === 'BudgetAllocated' && (item.event.detail as { campaignId: string }).campaignId === campaignId);
    expect(allocated.map((item) => (item.event.detail as { period: string }).period)).toEqual([...[0, 1, 2, 3, 4, 5].map((index) => day(index)), today()]);
    expect(allocated[0]!.event.source).toBe('ai-marketing.budget');
    expect(allocated[0]!.event.detail).toMatchObject({ eventId: `${campaignId}/${day(0)}/allocated`, totalBudgetCents: 250_001, channels: expect.arrayContaining([expect.objectContaining({ channel: 'feed', cents: expect.any(Number) })]) });
  });
});

describe('effect reports', () => {
  const campaignId = 'effects-flow';
  beforeAll(async () => {
    expect((await api('PUT', `/v1/campaigns/${campaignId}`, { body: config() })).status).toBe(201);
  });
  const aggregate = async (channel: string, period: string) =>
    (await documents.send(new GetCommand({ TableName: tableName, Key: { pk: `CAMPAIGN#${campaignId}`, sk: `EFFECT#${period}#${channel}` }, ConsistentRead: true }))).Item;
  const sent = (overrides: Record<string, unknown> = {}) => ({
    reportId: 'rep-1',
    campaignId,
    channel: 'feed',
    period: day(0),
    reportedAt: day(1),
    spendCents: 80_000,
    impressions: 40_000,
    clicks: 900,
    conversions: 31,
    revenueCents: 93_000,
    ...overrides,
  });

  it('counts a resent report once, applies a correction, and says so per report', async () => {
    const first = await api('POST', '/v1/effects', { body: sent() });
    expect(first.status).toBe(200);
    expect(first.body.results).toEqual([{ index: 0, reportId: 'rep-1', period: day(0), status: 'accepted', change: 'added' }]);

    const resent = await api('POST', '/v1/effects', { body: { reports: [sent(), sent({ reportId: 'rep-2', conversions: 4 })] } });
    expect(resent.body.results.map((result: { status: string }) => result.status)).toEqual(['duplicate', 'accepted']);
    expect((await aggregate('feed', day(0)))!.totals.conversions).toBe(35);

    const corrected = await api('POST', '/v1/effects', { body: sent({ revision: 1, conversions: 29 }) });
    expect(corrected.body.results[0].status).toBe('corrected');
    expect((await aggregate('feed', day(0)))!.totals.conversions).toBe(33);
  });

  it('marks a report for an already allocated period as late', async () => {
    expect((await api('POST', `/v1/campaigns/${campaignId}/reallocate`, { body: { period: day(2) } })).status).toBe(201);
    const late = await api('POST', '/v1/effects', { body: sent({ reportId: 'rep-late', channel: 'sms', period: day(1) }) });
    expect(late.body.results[0]).toMatchObject({ status: 'late', change: 'added' });
  });

  it('rejects invalid reports with reasons, and a request with none valid with 400', async () => {
    const mixed = await api('POST', '/v1/effects', { body: { reports: [sent({ reportId: 'rep-ok', channel: 'search' }), sent({ reportId: 'rep-bad', channel: 'radio' })] } });
    expect(mixed.status).toBe(200);
    expect(mixed.body.counts).toMatchObject({ late: 1, rejected: 1 });
    expect(mixed.body.results[1].reasons[0]).toMatch(/has no channel 'radio'/);
    const none = await api('POST', '/v1/effects', { body: sent({ spendCents: -1 }) });
    expect(none.status).toBe(400);
    expect(none.body.error.details.results[0].reasons[0]).toMatch(/spendCents/);
    expect((await api('POST', '/v1/effects', { body: { reports: [] } })).status).toBe(400);
  });
});

describe('scheduled reallocation', () => {
  it('allocates every due campaign when the schedule fires, and nothing more when it fires again', async () => {
    const schedule = suite.topology.schedules.find((candidate) => candidate.functionName.includes('BudgetReallocate'))!;
    expect(schedule).toMatchObject({ expression: 'rate(1 hour)', input: JSON.stringify({ trigger: 'schedule' }) });
    expect((await api('PUT', '/v1/campaigns/scheduled-1', { body: config() })).status).toBe(201);
    expect((await api('PUT', '/v1/campaigns/scheduled-2', { body: config({ cadence: 'PT1H' }) })).status).toBe(201);

    const hourBefore = thisHour();
    const run = (await suite.schedules!.fire(schedule.name)) as { due: number; allocated: { campaignId: string; period: string }[]; failed: unknown[] };
    expect(run.failed).toEqual([]);
    expect(run.allocated.map((entry) => entry.campaignId)).toEqual(expect.arrayContaining(['scheduled-1', 'scheduled-2']));
    const period = run.allocated.find((entry) => entry.campaignId === 'scheduled-2')!.period;
    expect([hourBefore, thisHour()]).toContain(period);
    const current = await api('GET', '/v1/campaigns/scheduled-2/allocation');
    expect(current.status).toBe(200);
    expect(current.body).toMatchObject({ trigger: 'schedule', period });
    expect(Object.values(current.body.allocations as Record<string, number>).reduce((sum, cents) => sum + cents, 0)).toBe(250_001);

    const again = (await suite.invoke(schedule.functionName, { trigger: 'schedule' })) as { due: number; allocated: unknown[] };
    expect(again.allocated).toEqual([]);
    const history = await api('GET', '/v1/campaigns/scheduled-1/allocations');
    expect(history.body.items).toHaveLength(1);
  });

  it('allocates a campaign once its next period has started', async () => {
    const schedule = suite.topology.schedules.find((candidate) => candidate.functionName.includes('BudgetReallocate'))!;
    const current = (await api('GET', '/v1/campaigns/scheduled-2/allocation')).body.period as string;
    const nextHour = new Date(Date.parse(current) + 3_600_000).toISOString();
    const run = (await suite.invoke(schedule.functionName, { trigger: 'schedule', now: new Date(Date.parse(nextHour) + 60_000).toISOString() })) as { allocated: { campaignId: string; period: string }[] };
    expect(run.allocated).toContainEqual({ campaignId: 'scheduled-2', period: nextHour });
    // The daily campaign's next period has not started yet (unless the hour crossed midnight).
    if (nextHour.slice(0, 10) === current.slice(0, 10)) expect(run.allocated.map((entry) => entry.campaignId)).not.toContain('scheduled-1');
  });
});

describe('the demo', () => {
  it('shows the budget moving to the better channel, and an anomalous channel held', async () => {
    const lines: string[] = [];
    const { rows } = await runBudgetDemo(suite.apiUrl, await suite.token(), (line = '') => lines.push(line), { periods: 13, campaignId: 'demo-test', incidentPeriod: 10, firstDay: '2025-03-03' });
    expect(rows).toHaveLength(13);
    expect(rows[11]!.held).toEqual(['sms']);
    expect(rows[11]!.allocations.sms).toBe(rows[10]!.allocations.sms);
    expect(rows[12]!.allocations.feed).toBeGreaterThan(rows[0]!.allocations.feed!);
    for (const row of rows) expect(Object.values(row.allocations).reduce((sum, cents) => sum + cents, 0)).toBe(300_000);
    expect(lines.join('\n')).toMatch(/sms held/);
    const anomalies = suite.mini.events.published(busName).filter((item) => item.event['detail-type'] === 'ChannelAnomalyDetected');
    expect(anomalies.map((item) => item.event.detail)).toContainEqual(expect.objectContaining({ campaignId: 'demo-test', channel: 'sms', held: true }));
  }, 180_000);
});

describe('access control', () => {
  it('needs budget:write to configure or reallocate, budget:read to read, effects:write to report', async () => {
    const readOnly = await suite.token(['budget:read']);
    const reporter = await suite.token(['effects:write']);
    const writer = await suite.token(['budget:write']);
    expect((await api('PUT', '/v1/campaigns/auth-1', { token: readOnly, body: config() })).status).toBe(403);
    expect((await api('POST', '/v1/campaigns/api-flow/reallocate', { token: readOnly })).status).toBe(403);
    expect((await api('POST', '/v1/campaigns/api-flow/reallocate', { token: reporter })).status).toBe(403);
    expect((await api('POST', '/v1/effects', { token: writer, body: { reportId: 'x' } })).status).toBe(403);
    expect((await api('GET', '/v1/campaigns/api-flow', { token: reporter })).status).toBe(403);
    expect((await api('GET', '/v1/campaigns/api-flow/allocations', { token: readOnly })).status).toBe(200);
    expect((await api('GET', '/v1/campaigns/api-flow', { token: null })).status).toBe(401);
  });
});
