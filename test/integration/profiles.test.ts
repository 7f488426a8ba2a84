import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { GetRecordsCommand, GetShardIteratorCommand, KinesisClient, ListShardsCommand, PutRecordCommand } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { KinesisStreamEvent } from 'aws-lambda';
import { ALL_SCOPES } from '../../shared/auth/scopes';
import { loadOrCreateKeys, mintToken } from '../../local/auth';
import { apiClient, startTestSuite } from './local-suite';

/**
 * The profiles capability end to end on the local suite: API → Kinesis emulator → feature updater
 * (through the emulated event source mapping) → DynamoDB emulator → profile API.
 */
let suite: Awaited<ReturnType<typeof startTestSuite>>;
let api: ReturnType<typeof apiClient>;
let kinesis: KinesisClient;
let dynamo: DynamoDBClient;
let streamName: string;
let tableName: string;
let updaterName: string;

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
let counter = 0;
const view = (userId: string, itemId: string, extra: Record<string, unknown> = {}) => ({
  eventId: `ev-${++counter}-${Math.random().toString(36).slice(2)}`,
  userId,
  type: 'product_view',
  timestamp: minutesAgo(30 - (counter % 20)),
  item: { itemId, category: 'Running Shoes', brand: 'Acme', price: 129 },
  dwellMs: 20_000,
  device: { type: 'mobile', userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148' },
  ...extra,
});

beforeAll(async () => {
  suite = await startTestSuite();
  api = apiClient(suite);
  kinesis = new KinesisClient({ region: suite.region, endpoint: suite.endpoints.kinesis, credentials, requestHandler: new NodeHttpHandler() });
  dynamo = new DynamoDBClient({ region: suite.region, endpoint: suite.endpoints.dynamodb, credentials });
  streamName = suite.topology.streams[0]!.name;
  tableName = suite.topology.tables.find((table) => table.name.includes('Profiles'))!.name;
  // The stream has two mappings (profiles and decisions): pick the feature updater's.
  updaterName = suite.topology.streamMappings.find((mapping) => suite.topology.functions.find((fn) => fn.name === mapping.functionName)?.environment.POWERTOOLS_SERVICE_NAME === 'feature-updater')!.functionName;
}, 60_000);

afterAll(async () => {
  kinesis?.destroy();
  dynamo?.destroy();
  await suite?.stop();
});

async function postEvents(events: unknown[]) {
  const response = await api('POST', '/v1/events', { body: { events } });
  await suite.drain();
  return response;
}

/** Every record currently in the stream, as the event source mapping would deliver them. */
async function readStream(): Promise<KinesisStreamEvent['Records']> {
  const records: KinesisStreamEvent['Records'] = [];
  const { Shards = [] } = await kinesis.send(new ListShardsCommand({ StreamName: streamName }));
  for (const shard of Shards) {
    const { ShardIterator } = await kinesis.send(new GetShardIteratorCommand({ StreamName: streamName, ShardId: shard.ShardId!, ShardIteratorType: 'TRIM_HORIZON' }));
    const { Records = [] } = await kinesis.send(new GetRecordsCommand({ ShardIterator: ShardIterator! }));
    for (const record of Records) {
      records.push({
        kinesis: {
          kinesisSchemaVersion: '1.0',
          partitionKey: record.PartitionKey!,
          sequenceNumber: record.SequenceNumber!,
          data: Buffer.from(record.Data!).toString('base64'),
          approximateArrivalTimestamp: record.ApproximateArrivalTimestamp!.getTime() / 1000,
        },
        eventSource: 'aws:kinesis',
        eventVersion: '1.0',
        eventID: `${shard.ShardId}:${record.SequenceNumber}`,
        eventName: 'aws:kinesis:record',
        invokeIdentityArn: 'arn:aws:iam::000000000000:role/local',
        awsRegion: suite.region,
        eventSourceARN: suite.topology.streams[0]!.arn,
      });
    }
  }
  return records;
}

async function scanProfiles() {
  return (await dynamo.send(new ScanCommand({ TableName: tableName, ConsistentRead: true }))).Items ?? [];
}

describe('events in, profiles out', () => {
  it('reflects posted events in the profile within the same drain', async () => {
    const events = [
      view('user-flow', 'sku-1'),
      view('user-flow', 'sku-2'),
      { eventId: `s-${counter}`, userId: 'user-flow', type: 'search', timestamp: minutesAgo(5), query: 'trail shoes for alice@example.com' },
      { eventId: `c-${counter}`, userId: 'user-flow', type: 'add_to_cart', timestamp: minutesAgo(4), item: { itemId: 'sku-2', category: 'Running Shoes', brand: 'Acme', price: 129 } },
    ];
    const posted = await postEvents(events);
    expect(posted.status).toBe(202);
    expect(posted.body).toEqual({ accepted: 4, rejected: [], failed: [] });

    const profile = await api('GET', '/v1/profiles/user-flow');
    expect(profile.status).toBe(200);
    expect(profile.body.interests.shortTerm.categories[0].key).toBe('running shoes');
    expect(profile.body.interests.longTerm.brands[0].key).toBe('acme');
    expect(profile.body.spending.tier).toBe('mid');
    expect(profile.body.engagement.searches).toBe(1);
    expect(profile.body.engagement.recentSearches[0].q).toBe('trail shoes for [email]');
    expect(profile.body.activity.eventCounts).toEqual({ product_view: 2, search: 1, add_to_cart: 1 });
    expect(profile.body.segments).toEqual(expect.arrayContaining(['new-user', 'cart-abandoner']));
    expect(profile.body.lineage.eventsApplied).toBe(4);
    expect(profile.body.lineage.pipelineVersion).toMatch(/^profiles@/);
    expect(Object.keys(profile.body.lineage.watermarks).length).toBeGreaterThan(0);
    // The profile is keyed by the pseudonym: the raw id is nowhere in the table.
    expect(profile.body.userId).not.toContain('user-flow');
    expect(JSON.stringify(await scanProfiles())).not.toContain('user-flow');
    // The first test pays the cold starts of every function on the path (more of them since decisions share the stream).
  }, 60_000);

  it('leaves every profile unchanged when a batch is redelivered, twice', async () => {
    await postEvents([view('user-replay', 'sku-9'), view('user-replay', 'sku-10')]);
    const before = await scanProfiles();
    const records = await readStream();
    expect(records.length).toBeGreaterThan(0);

    const shard = records[0]!.eventID.split(':')[0]!;
    const shardRecords = records.filter((record) => record.eventID.startsWith(`${shard}:`));
    for (let delivery = 0; delivery < 2; delivery++) {
      await expect(suite.invoke(updaterName, { Records: shardRecords })).resolves.toEqual({ batchItemFailures: [] });
      // A suffix of the batch, as after a partial failure, is a no-op too.
      await expect(suite.invoke(updaterName, { Records: shardRecords.slice(1) })).resolves.toEqual({ batchItemFailures: [] });
    }
    expect(await scanProfiles()).toEqual(before);
  });

  it('dead-letters a poison record with its reason while the rest of its batch is applied', async () => {
    const dlqName = suite.topology.queues[0]!.name;
    const before = suite.mini.sqs.messages(dlqName).length;
    const good = [view('user-poison', 'sku-a'), view('user-poison', 'sku-b')];
    const profileBefore = await api('GET', '/v1/profiles/user-poison');
    expect(profileBefore.status).toBe(404);
    // A producer bypassing the API writes garbage next to valid events of the same user.
    const posted = await api('POST', '/v1/events', { body: { events: [good[0]] } });
    expect(posted.status).toBe(202);
    const partitionKey = (await readStream()).map((record) => record.kinesis.partitionKey).pop()!;
    await kinesis.send(new PutRecordCommand({ StreamName: streamName, PartitionKey: partitionKey, Data: Buffer.from('{"not": "an event"') }));
    await postEvents([good[1]]);

    // The decisions consumer reads the same stream and dead-letters the same poison record on its own.
    const letters = suite.mini.sqs.messages(dlqName).slice(before).filter((message) => JSON.parse(message.body).source === 'feature-updater');
    expect(letters).toHaveLength(1);
    const letter = JSON.parse(letters[0]!.body);
    expect(letter.reason).toBe('payload is not valid JSON');
    expect(letter.source).toBe('feature-updater');
    expect(Buffer.from(letter.data, 'base64').toString()).toBe('{"not": "an event"');
    const profile = await api('GET', '/v1/profiles/user-poison');
    expect(profile.status).toBe(200);
    expect(profile.body.lineage.eventsApplied).toBe(2);
  });
});

describe('cleaning in the stream', () => {
  it('drops bot traffic, duplicate clicks and resent batches, and says so in the lineage of the writes that carry them', async () => {
    const bot = view('user-clean', 'sku-x', { device: { type: 'desktop', userAgent: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)' } });
    const click = { eventId: 'click-1', userId: 'user-clean', type: 'ad_click', timestamp: minutesAgo(3), adId: 'ad-7', channel: 'feed', campaign: 'spring' };
    const doubleClick = { ...click, eventId: 'click-2', timestamp: new Date(Date.parse(click.timestamp) + 300).toISOString() };
    const kept = view('user-clean', 'sku-y');
    await postEvents([bot, click, doubleClick, kept]);
    const first = await api('GET', '/v1/profiles/user-clean');
    expect(first.status).toBe(200);
    expect(first.body.lineage.dropped).toEqual({ 'bot-user-agent': 1, 'duplicate-click': 1 });
    // The client resends the same batch later: every event is a duplicate now, so the profile is not
    // written at all (the drops are counted in the feature updater's metrics only).
    await postEvents([bot, click, doubleClick, kept]);
    expect((await api('GET', '/v1/profiles/user-clean')).body.lineage).toEqual(first.body.lineage);
    // A resend that arrives with a new event is written with it, and counted in the lineage.
    await postEvents([click, view('user-clean', 'sku-z')]);

    const profile = await api('GET', '/v1/profiles/user-clean');
    expect(profile.body.engagement.adClicks).toBe(1);
    expect(profile.body.activity.eventCounts).toEqual({ ad_click: 1, product_view: 2 });
    expect(profile.body.lineage.dropped).toEqual({ 'bot-user-agent': 1, 'duplicate-click': 1, 'duplicate-event': 1 });
  });

  it('treats an inhuman event rate as a bot', async () => {
    const start = Date.now() - 60_000;
    const burst = Array.from({ length: 40 }, (_, index) => ({ ...view('user-burst', `sku-${index}`), timestamp: new Date(start + index * 100).toISOString() }));
    await postEvents(burst);
    const profile = await api('GET', '/v1/profiles/user-burst');
    expect(profile.body.lineage.dropped['bot-rate']).toBeGreaterThanOrEqual(10);
    expect(profile.body.lineage.eventsApplied).toBeLessThanOrEqual(30);
  });
});

describe('erasure', () => {
  it('removes everything stored for the user and discards their events still in flight', async () => {
    await postEvents([view('user-erase', 'sku-1'), view('user-erase', 'sku-2')]);
    expect((await api('GET', '/v1/profiles/user-erase')).status).toBe(200);
    const pseudonym = (await api('GET', '/v1/profiles/user-erase')).body.userId as string;

    // An event accepted before the erasure but not yet applied must not bring the profile back.
    await api('POST', '/v1/events', { body: { events: [view('user-erase', 'sku-3')] } });
    const erased = await api('DELETE', '/v1/profiles/user-erase');
    expect(erased.status).toBe(204);
    await suite.drain();

    expect((await api('GET', '/v1/profiles/user-erase')).status).toBe(404);
    const items = (await scanProfiles()).filter((item) => item.uid?.S === pseudonym);
    expect(items).toHaveLength(1);
    expect(Object.keys(items[0]!).sort()).toEqual(['erasedAt', 'expiresAt', 'kind', 'uid', 'version']);
    expect(items[0]!.kind!.S).toBe('tombstone');
    expect((await api('DELETE', '/v1/profiles/user-erase')).status).toBe(404);
  });

  it('returns 404 for a user it never saw', async () => {
    const response = await api('GET', '/v1/profiles/nobody-at-all');
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('NotFound');
  });
});

describe('access control', () => {
  it.each([
    ['no token', null, 401],
    ['a malformed token', 'not-a-jwt', 401],
    ['a token signed by another key', 'eyJhbGciOiJFUzI1NiJ9.eyJzY29wZSI6Im1hcmtldGluZy9wcm9maWxlczpyZWFkIn0.c2lnbmF0dXJl', 401],
  ])('refuses %s with 401 and no data', async (_label, token, status) => {
    const response = await api('GET', '/v1/profiles/user-flow', { token });
    expect(response.status).toBe(status);
    expect(response.body).toMatchObject({ message: 'Unauthorized', error: { code: 'Unauthorized' } });
    expect(Object.keys(response.body).sort()).toEqual(['error', 'message', 'requestId']);
  });

  it('refuses a token issued to another app client with 401, as the deployed authorizer does', async () => {
    const foreign = await mintToken(await loadOrCreateKeys(suite.stateDir), ALL_SCOPES, { clientId: 'another-app-client' });
    expect((await api('GET', '/v1/profiles/user-flow', { token: foreign })).status).toBe(401);
    expect((await api('POST', '/v1/events', { token: foreign, body: { events: [view('user-flow', 'sku-foreign')] } })).status).toBe(401);
    expect([200, 404]).toContain((await api('GET', '/v1/profiles/user-flow')).status); // the suite's own client still gets through
  });

  it('refuses a valid token without the route scope with 403', async () => {
    const readOnly = await suite.token(['profiles:read']);
    expect((await api('DELETE', '/v1/profiles/user-flow', { token: readOnly })).status).toBe(403);
    expect((await api('POST', '/v1/events', { token: readOnly, body: { events: [view('user-flow', 'sku-z')] } })).status).toBe(403);
    expect((await api('GET', '/v1/profiles/user-flow', { token: readOnly })).status).toBe(200);
  });
});

describe('bad requests get a 4xx with a clear message', () => {
  it('malformed JSON → 400', async () => {
    const response = await api('POST', '/v1/events', { rawBody: '{"events": [' });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(/not valid JSON/);
  });

  it('a body over 1 MB → 413', async () => {
    const response = await api('POST', '/v1/events', { rawBody: JSON.stringify({ events: [{ pad: 'x'.repeat(1_100_000) }] }) });
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe('PayloadTooLarge');
  });

  it('more than 500 events → 400', async () => {
    const response = await api('POST', '/v1/events', { body: { events: Array.from({ length: 501 }, () => view('u', 'i')) } });
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body.error.details)).toMatch(/at most 500 events/);
  });

  it('wrong types → per-event reasons, and the valid events still go through', async () => {
    const response = await api('POST', '/v1/events', {
      body: { events: [view('user-types', 'sku-1'), { ...view('user-types', 'sku-2'), item: { itemId: 'sku-2', category: 'x', price: 'cheap' } }, { type: 'video_progress', userId: 'u', eventId: 'v', timestamp: 'yesterday', videoId: 'v1', progress: 3 }] },
    });
    expect(response.status).toBe(202);
    expect(response.body.accepted).toBe(1);
    expect(response.body.rejected.map((entry: { index: number }) => entry.index)).toEqual([1, 2]);
    expect(response.body.rejected[0].errors.join()).toMatch(/item\.price/);
    expect(response.body.rejected[1].errors.join()).toMatch(/timestamp/);
    expect(response.body.rejected[1].errors.join()).toMatch(/progress/);
  });

  it('no valid event at all → 400 listing why', async () => {
    const response = await api('POST', '/v1/events', { body: { events: [{ userId: 'u' }] } });
    expect(response.status).toBe(400);
    expect(response.body.error.details.rejected[0].index).toBe(0);
  });

  it('an unknown route → 404', async () => {
    expect((await api('GET', '/v1/nothing-here')).status).toBe(404);
  });
});

describe('erasure holds for every form of a user id', () => {
  const path = (userId: string) => `/v1/profiles/${encodeURIComponent(userId)}`;

  it.each([
    ['trimmed on the way in and in the path', ' spacey ', 'spacey'],
    ['posted trimmed, erased with spaces in the path', 'padded', ' padded '],
    ['composed (NFC) whichever way it is typed', 'cafe\u0301', 'caf\u00e9'],
    ['a prototype name', '__proto__', '__proto__'],
    ['an emoji and a percent sign', 'fan-\ud83d\ude00-100%', 'fan-\ud83d\ude00-100%'],
  ])('%s: the profile is read and erased under the canonical id', async (_name, posted, inPath) => {
    await postEvents([view(posted, 'sku-1'), view(posted, 'sku-2')]);
    expect((await api('GET', path(inPath))).status).toBe(200);
    expect((await api('GET', path(posted))).status).toBe(200);
    expect((await api('DELETE', path(inPath))).status).toBe(204);
    expect((await api('GET', path(posted))).status).toBe(404);
  });

  it.each([
    ['"."', '.'],
    ['".."', '..'],
    ['a lone surrogate', '\ud800'],
    ['a slash', 'a/b'],
  ])('refuses %s as a user id on every edge, with a reason', async (_name, userId) => {
    const posted = await api('POST', '/v1/events', { body: { events: [view(userId, 'sku-1')] } });
    expect(posted.status).toBe(400);
    expect(JSON.stringify(posted.body.error.details)).toMatch(/userId/);
  });

  it('answers 400, not a miss, for a path id that is only white space', async () => {
    const response = await api('DELETE', '/v1/profiles/%20%20');
    expect(response.status).toBe(400);
    expect(response.body.error.details[0].message).toMatch(/userId/);
  });

  it('old events posted again after the erasure, with their ids and timestamps, never bring the profile back', async () => {
    const events = [view('user-repost', 'sku-1'), view('user-repost', 'sku-2'), view('user-repost', 'sku-3')];
    await postEvents(events);
    expect((await api('GET', '/v1/profiles/user-repost')).status).toBe(200);
    expect((await api('DELETE', '/v1/profiles/user-repost')).status).toBe(204);

    // The same events, resent after the erasure: accepted at the edge (they are well formed), never applied.
    const resent = await postEvents(events);
    expect(resent.status).toBe(202);
    expect(resent.body.accepted).toBe(3);
    // Again with fresh event ids: still dated before the erasure, still discarded.
    await postEvents(events.map((event, index) => ({ ...event, eventId: `fresh-${index}-${event.eventId}` })));
    expect((await api('GET', '/v1/profiles/user-repost')).status).toBe(404);
  });

  it('refuses events older than 30 days at the edge, so no event dated before a kept tombstone can arrive after it expires', async () => {
    const response = await api('POST', '/v1/events', { body: { events: [{ ...view('user-old', 'sku-1'), timestamp: new Date(Date.now() - 31 * 86_400_000).toISOString() }] } });
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body.error.details)).toMatch(/older than 30 days/);
  });
});
