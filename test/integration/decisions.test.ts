import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { apiClient, startTestSuite } from './local-suite';

/**
 * The decisions capability end to end on the local suite: experiment → decisions (logged through the
 * Kinesis emulator) → clickstream outcomes carrying decisionId and API outcomes → the decisions
 * consumer (second mapping on the same stream) → results; auth, bad input, pause, erasure.
 */
let suite: Awaited<ReturnType<typeof startTestSuite>>;
let api: ReturnType<typeof apiClient>;
let dynamo: DynamoDBClient;
let decisionsTable: string;

beforeAll(async () => {
  suite = await startTestSuite();
  api = apiClient(suite);
  dynamo = new DynamoDBClient({ region: suite.region, endpoint: suite.endpoints.dynamodb, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  decisionsTable = suite.topology.tables.find((table) => table.name.includes('Decisions'))!.name;
}, 90_000);

afterAll(async () => {
  dynamo?.destroy();
  await suite?.stop();
});

const experiment = {
  name: 'Spring banner',
  arms: [
    { armId: 'calm', payload: { headline: 'Walk softly' } },
    { armId: 'bold', payload: { headline: 'Run faster' } },
  ],
  objective: 'click',
  policy: 'bandit',
  controlArmId: 'calm',
  minExplorationProbability: 0.05,
  testPlan: { baselineRate: 0.05, minimumDetectableEffect: 0.2, dailyTraffic: 10_000 },
};

let clickCounter = 0;
const adClick = (userId: string, decisionId: string) => ({
  eventId: `click-${++clickCounter}-${decisionId}`,
  userId,
  type: 'ad_click',
  timestamp: new Date().toISOString(),
  adId: 'spring-banner',
  channel: 'web',
  campaign: 'spring',
  decisionId,
});

describe('decisions on the local suite', () => {
  const served: { userId: string; decisionId: string; armId: string; propensity: number }[] = [];

  it('creates an experiment with its test plan (201), replaces it (200) and reads it back', async () => {
    const created = await api('PUT', '/v1/experiments/spring-banner', { body: experiment });
    expect(created.status).toBe(201);
    expect(created.body.experiment).toMatchObject({ experimentId: 'spring-banner', version: 1, status: 'running', arms: [expect.objectContaining({ armId: 'calm' }), expect.objectContaining({ armId: 'bold' })] });
    expect(created.body.testPlan.sampleSizePerArm).toBeGreaterThan(1000);
    expect(created.body.testPlan.expectedDays).toBeGreaterThan(0);

    const replaced = await api('PUT', '/v1/experiments/spring-banner', { body: { ...experiment, name: 'Spring banner, v2' } });
    expect(replaced.status).toBe(200);
    expect(replaced.body.experiment.version).toBe(2);
    const read = await api('GET', '/v1/experiments/spring-banner', { scopes: ['experiments:read'] });
    expect(read.status).toBe(200);
    expect(read.body.experiment.name).toBe('Spring banner, v2');
    expect(read.headers?.etag).toBe('"2"');
  });

  it('makes a PUT conditional on the version read with If-Match: a second edit from the same read is 412, not a lost update', async () => {
    const read = await api('GET', '/v1/experiments/spring-banner', { scopes: ['experiments:read'] });
    const etag = read.headers?.etag as string;
    const first = await api('PUT', '/v1/experiments/spring-banner', { body: { ...experiment, name: 'Spring banner, v3' }, headers: { 'if-match': etag } });
    expect(first.status).toBe(200);
    expect(first.headers?.etag).toBe(`"${Number(JSON.parse(etag)) + 1}"`);
    const second = await api('PUT', '/v1/experiments/spring-banner', { body: { ...experiment, name: 'Spring banner, other edit' }, headers: { 'if-match': etag } });
    expect(second.status).toBe(412);
    expect(second.body.error).toMatchObject({ code: 'PreconditionFailed', details: { currentVersion: Number(JSON.parse(etag)) + 1 } });
    expect((await api('GET', '/v1/experiments/spring-banner', { scopes: ['experiments:read'] })).body.experiment.name).toBe('Spring banner, v3');
    expect((await api('PUT', '/v1/experiments/spring-banner', { body: experiment, headers: { 'if-match': 'v3' } })).status).toBe(400);
  });

  it('refuses impossible and malformed experiments with the reason', async () => {
    const oneArm = await api('PUT', '/v1/experiments/bad-1', { body: { arms: [{ armId: 'only' }] } });
    expect(oneArm.status).toBe(400);
    expect(JSON.stringify(oneArm.body.error.details)).toMatch(/at least 2 arms/);

    const floor = await api('PUT', '/v1/experiments/bad-2', { body: { arms: [{ armId: 'a' }, { armId: 'b' }, { armId: 'c' }], minExplorationProbability: 0.4 } });
    expect(floor.status).toBe(422);
    expect(floor.body.error.message).toMatch(/minExplorationProbability/);

    const control = await api('PUT', '/v1/experiments/bad-3', { body: { arms: [{ armId: 'a' }, { armId: 'b' }], controlArmId: 'z' } });
    expect(control.status).toBe(422);
    expect(control.body.error.message).toMatch(/controlArmId 'z' is not one of the arms/);

    expect((await api('GET', '/v1/experiments/never-made')).status).toBe(404);
  });

  it('answers 401 without a token and 403 without the route scope', async () => {
    expect((await api('POST', '/v1/decisions', { body: { experimentId: 'spring-banner', userId: 'u' }, token: null })).status).toBe(401);
    expect((await api('POST', '/v1/decisions', { body: { experimentId: 'spring-banner', userId: 'u' }, scopes: ['experiments:read'] })).status).toBe(403);
    expect((await api('PUT', '/v1/experiments/x', { body: experiment, scopes: ['experiments:read'] })).status).toBe(403);
    expect((await api('GET', '/v1/experiments/spring-banner/results', { scopes: ['decisions:write'] })).status).toBe(403);
  });

  it('serves decisions with exact propensities to known and unknown users', async () => {
    for (let user = 0; user < 12; user++) {
      const userId = `shopper-${user}`;
      const response = await api('POST', '/v1/decisions', { body: { experimentId: 'spring-banner', userId, context: { page: 'home' } }, scopes: ['decisions:write'] });
      expect(response.status).toBe(200);
      const { decisionId, armId, propensity, payload, holdout, personalised } = response.body;
      expect(['calm', 'bold']).toContain(armId);
      expect(propensity).toBeGreaterThan(0);
      expect(propensity).toBeLessThanOrEqual(1);
      expect(payload).toEqual(experiment.arms.find((arm) => arm.armId === armId)!.payload);
      expect(holdout).toBe(false);
      expect(personalised).toBe(true);
      served.push({ userId, decisionId, armId, propensity });
    }
    expect(new Set(served.map((entry) => entry.decisionId)).size).toBe(12);
  }, 180_000);

  it('reads the profile the feature updater wrote: a known shopper\'s decision is logged with their interests, not as a cold start', async () => {
    // Prepare: an experiment of its own (the others count spring-banner's decisions); a shopper browses
    // tents and the feature updater writes the profile (compact codec).
    expect((await api('PUT', '/v1/experiments/profile-banner', { body: experiment })).status).toBe(201);
    const views = [1, 2, 3].map((n) => ({ eventId: `tent-view-${n}`, userId: 'tent-shopper', type: 'product_view', timestamp: new Date(Date.now() - n * 60_000).toISOString(), item: { itemId: `tent-${n}`, category: 'Tents' } }));
    expect((await api('POST', '/v1/events', { body: { events: views }, scopes: ['events:write'] })).status).toBe(202);
    await suite.drain();
    // Act: one decision for the shopper, one for a user without a profile, neither with request context.
    const decide = async (userId: string) => {
      const response = await api('POST', '/v1/decisions', { body: { experimentId: 'profile-banner', userId }, scopes: ['decisions:write'] });
      expect(response.status).toBe(200);
      return String(response.body.decisionId);
    };
    const known = await decide('tent-shopper');
    const unknown = await decide('never-seen-shopper');
    await suite.drain();
    // Assess: the shopper's logged features add the profile's (interests, day part) to what a cold start has.
    const loggedFeatures = async (decisionId: string) => {
      const { Item } = await dynamo.send(new GetItemCommand({ TableName: decisionsTable, Key: { pk: { S: `DEC#${decisionId}` }, sk: { S: 'DECISION' } } }));
      expect(Item).toBeDefined();
      return Item!.record!.M!.features!.L!;
    };
    const coldStart = (await loggedFeatures(unknown)).length;
    expect((await loggedFeatures(known)).length).toBeGreaterThanOrEqual(coldStart + 2);
  }, 180_000);

  it('refuses bad decision requests and unknown experiments', async () => {
    expect((await api('POST', '/v1/decisions', { body: { experimentId: 'spring-banner' } })).status).toBe(400);
    expect((await api('POST', '/v1/decisions', { body: { experimentId: 'spring-banner', userId: 'u', extra: 1 } })).status).toBe(400);
    expect((await api('POST', '/v1/decisions', { body: { experimentId: 'nope', userId: 'u' } })).status).toBe(404);
    expect((await api('POST', '/v1/decisions/not%20an%20id/outcomes', { body: { outcomeId: 'o', event: 'click' } })).status).toBe(400);
  });

  it('joins clickstream clicks and API outcomes to their decisions, once, and shows them in the results', async () => {
    const clickers = served.filter((entry) => entry.armId === 'bold');
    const apiReported = served.find((entry) => entry.armId === 'calm');
    // Clicks arrive as ordinary clickstream events that carry the decisionId; one of them twice (a resend).
    const clicks = clickers.map((entry) => adClick(entry.userId, entry.decisionId));
    const ingested = await api('POST', '/v1/events', { body: { events: [...clicks, ...clicks.slice(0, 1)] }, scopes: ['events:write'] });
    expect(ingested.status).toBe(202);
    await suite.drain();
    if (apiReported) {
      const receipt = await api('POST', `/v1/decisions/${apiReported.decisionId}/outcomes`, { body: { outcomeId: 'crm-1', event: 'click' }, scopes: ['decisions:write'] });
      expect(receipt.status).toBe(202);
      expect(receipt.body).toMatchObject({ decisionId: apiReported.decisionId, outcomeId: 'crm-1', status: 'accepted' });
    }
    await suite.drain();

    const results = await api('GET', '/v1/experiments/spring-banner/results', { scopes: ['experiments:read'] });
    expect(results.status).toBe(200);
    const arm = (armId: string) => results.body.arms.find((entry: { armId: string }) => entry.armId === armId);
    expect(arm('bold')).toMatchObject({ decisions: clickers.length, outcomes: clickers.length, rewardSum: clickers.length });
    const calm = served.filter((entry) => entry.armId === 'calm').length;
    expect(arm('calm')).toMatchObject({ decisions: calm, outcomes: apiReported ? 1 : 0 });
    expect(results.body.status).toBe('collecting');

    if (apiReported) {
      // The same outcome again: recognised as applied, nothing changes.
      const again = await api('POST', `/v1/decisions/${apiReported.decisionId}/outcomes`, { body: { outcomeId: 'crm-1', event: 'click' }, scopes: ['decisions:write'] });
      expect(again.body.status).toBe('duplicate');
      await suite.drain();
      const after = await api('GET', '/v1/experiments/spring-banner/results');
      expect(after.body.arms).toEqual(results.body.arms);
    }
  }, 180_000);

  it('answers evaluate with the decisions still inside their reward window set apart', async () => {
    const response = await api('POST', '/v1/experiments/spring-banner/evaluate', { body: { policy: { type: 'fixed', armId: 'bold' } } });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ experimentId: 'spring-banner', decisions: 0, bootstrapResamples: 0, immatureDecisions: served.length });
    expect((await api('POST', '/v1/experiments/spring-banner/evaluate', { body: { policy: { type: 'fixed', armId: 'nope' } } })).status).toBe(422);
  });

  it('refuses decisions for a paused or stopped experiment with a clear 409', async () => {
    for (const status of ['paused', 'stopped']) {
      const created = await api('PUT', `/v1/experiments/${status}-one`, { body: { ...experiment, status } });
      expect(created.status).toBe(201);
      const refused = await api('POST', '/v1/decisions', { body: { experimentId: `${status}-one`, userId: 'u' } });
      expect(refused.status).toBe(409);
      expect(refused.body.error.message).toMatch(new RegExp(`is ${status}`));
    }
  });

  it("erases a user's decisions with the profile", async () => {
    const [target, other] = served as [(typeof served)[0], (typeof served)[0]];
    const decisionItem = async (decisionId: string) => {
      const { Item } = await dynamo.send(new GetItemCommand({ TableName: decisionsTable, Key: { pk: { S: `DEC#${decisionId}` }, sk: { S: 'DECISION' } } }));
      return Item;
    };
    expect(await decisionItem(target.decisionId)).toBeDefined();

    const erase = await api('DELETE', `/v1/profiles/${target.userId}`, { scopes: ['profiles:delete'] });
    // No clickstream profile exists for this shopper (404 says so), but the decisions go all the same.
    expect([204, 404]).toContain(erase.status);
    expect(await decisionItem(target.decisionId)).toBeUndefined();
    expect(await decisionItem(other.decisionId)).toBeDefined();
    // Served moments ago, but erased: 404 at once, not 503 "not logged yet" (resending never helps).
    const outcome = await api('POST', `/v1/decisions/${target.decisionId}/outcomes`, { body: { outcomeId: 'after-erasure', event: 'click' } });
    expect(outcome.status).toBe(404);
  }, 60_000);

  it('keeps a decision still on the stream at the erasure out of the log, and its outcome finds no decision', async () => {
    // Served, then erased before the decisions consumer read the stream: it used to be logged after
    // the erasure, with the user's pseudonym, and its outcome joined.
    const decision = await api('POST', '/v1/decisions', { body: { experimentId: 'spring-banner', userId: 'erased-in-flight' } });
    expect(decision.status).toBe(200);
    expect([204, 404]).toContain((await api('DELETE', '/v1/profiles/erased-in-flight', { scopes: ['profiles:delete'] })).status);
    await suite.drain();
    const { Item } = await dynamo.send(new GetItemCommand({ TableName: decisionsTable, Key: { pk: { S: `DEC#${decision.body.decisionId}` }, sk: { S: 'DECISION' } } }));
    expect(Item).toBeUndefined();
    const outcome = await api('POST', `/v1/decisions/${decision.body.decisionId}/outcomes`, { body: { outcomeId: 'after-erasure', event: 'click' } });
    expect(outcome.status).toBe(404);
  }, 60_000);

  it("honours a refusal whatever canonical form of the user id the decision names", async () => {
    // The consent is recorded under NFC "café"; the decision names it decomposed, with spaces.
    const refused = await api('PUT', `/v1/consents/${encodeURIComponent('caf\u00e9-refuser')}`, {
      body: { purposes: { 'personalised-marketing': 'refused' }, source: 'app', noticeVersion: 'v1' },
      scopes: ['consent:write'],
    });
    expect(refused.status).toBe(200);
    const decision = await api('POST', '/v1/decisions', { body: { experimentId: 'spring-banner', userId: ' cafe\u0301-refuser ' } });
    expect(decision.status).toBe(200);
    expect(decision.body.personalised).toBe(false);
  });
});
