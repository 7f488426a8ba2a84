import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { anonymousSubject } from '../../shared/privacy/user-id';
import { EventStreamRecordSchema, STREAM_RECORD_VERSION, encodeStreamRecord, type AnyStreamRecord } from '../../shared/stream/records';
import { apiClient, pseudonymOf, startTestSuite } from './local-suite';

/**
 * Identity stitching end to end on the local suite: a visitor's anonymous events and the identify
 * record are put on the stream as the tracker edge would put them; the user's own events go through
 * POST /v1/events; the profile API shows the merged profile and erases both histories.
 */
let suite: Awaited<ReturnType<typeof startTestSuite>>;
let api: ReturnType<typeof apiClient>;
let kinesis: KinesisClient;
let dynamo: DynamoDBClient;
let streamName: string;
let tableName: string;

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
const view = (eventId: string, minutes: number, category: string) => ({ eventId, type: 'product_view', timestamp: minutesAgo(minutes), item: { itemId: `${category}-${eventId}`, category, price: 60 }, dwellMs: 15_000 });
/** A visitor's page view as the tracker edge puts it on the stream, under the anonymous pseudonym `anonymousUid`. */
const visitorView = (anonymousUid: string, category: string) => (eventId: string, minutes: number) =>
  EventStreamRecordSchema.parse({ v: STREAM_RECORD_VERSION, uid: anonymousUid, receivedAt: new Date().toISOString(), event: view(eventId, minutes, category) });

beforeAll(async () => {
  suite = await startTestSuite();
  api = apiClient(suite);
  kinesis = new KinesisClient({ region: suite.region, endpoint: suite.endpoints.kinesis, credentials, requestHandler: new NodeHttpHandler() });
  dynamo = new DynamoDBClient({ region: suite.region, endpoint: suite.endpoints.dynamodb, credentials });
  streamName = suite.topology.streams[0]!.name;
  tableName = suite.topology.tables.find((table) => table.name.includes('Profiles'))!.name;
}, 60_000);

afterAll(async () => {
  kinesis?.destroy();
  dynamo?.destroy();
  await suite?.stop();
});

/** Puts records on the stream as an edge would, then waits until every consumer (and what it forwarded) is done. */
async function put(records: AnyStreamRecord[]) {
  const response = await kinesis.send(new PutRecordsCommand({ StreamName: streamName, Records: records.map(encodeStreamRecord).map(({ partitionKey, data }) => ({ PartitionKey: partitionKey, Data: data })) }));
  expect(response.FailedRecordCount ?? 0).toBe(0);
  await suite.drain();
  // A merged visitor's events are forwarded onto the stream while it drains: drain what they became.
  await suite.drain();
}

const item = async (uid: string) => (await dynamo.send(new ScanCommand({ TableName: tableName, ConsistentRead: true }))).Items?.find((entry) => entry.uid?.S === uid);

describe('identity stitching on the local suite', () => {
  it('merges the pre-login browsing into the user once, follows the visitor\'s later events, and erases both on DELETE', async () => {
    // Prepare: a visitor browses running shoes anonymously on a phone.
    const userId = 'stitched-shopper';
    const userUid = pseudonymOf(suite, userId);
    const anonymousUid = pseudonymOf(suite, anonymousSubject('device-7f3a'));
    const anonymous = visitorView(anonymousUid, 'Running Shoes');
    await put([anonymous('anon-1', 40), anonymous('anon-2', 39)]);
    // ... signs in and views a hat; the tracker's identify ties the two ids together.
    expect((await api('POST', '/v1/events', { body: { events: [{ ...view('user-1', 20, 'Hats'), userId }] } })).status).toBe(202);
    await suite.drain();
    const identify: AnyStreamRecord = { v: STREAM_RECORD_VERSION, kind: 'identify', uid: userUid, receivedAt: new Date().toISOString(), link: { anonymousUid, linkId: 'msg-login-1', linkedAt: minutesAgo(19) } };
    // Act
    await put([identify]);
    // A page the anonymous tracker had queued arrives after the merge.
    await put([anonymous('anon-3', 18)]);
    // The identify and an already-counted visitor event delivered again.
    await put([identify, anonymous('anon-2', 39)]);
    const profile = await api('GET', `/v1/profiles/${userId}`);
    // Assess
    expect(profile.status).toBe(200);
    expect(profile.body.activity.eventCounts).toEqual({ product_view: 4 });
    expect(profile.body.lineage.eventsApplied).toBe(4);
    expect(profile.body.interests.longTerm.categories.map((entry: { key: string }) => entry.key)).toEqual(['running shoes', 'hats']);
    expect(profile.body.lineage.linkedAnonymous).toEqual([expect.objectContaining({ anonymousUid, linkId: 'msg-login-1', outcome: 'merged', events: 2, pipelineVersion: expect.stringMatching(/^profiles@/) })]);

    // Act: the user asks to be forgotten.
    expect((await api('DELETE', `/v1/profiles/${userId}`)).status).toBe(204);
    // The visitor's queue is posted once more after the erasure: same ids, old timestamps.
    await put([anonymous('anon-1', 40), anonymous('anon-3', 18)]);
    // Assess
    expect((await api('GET', `/v1/profiles/${userId}`)).status).toBe(404);
    expect((await item(userUid))?.kind?.S).toBe('tombstone');
    const anonymousItem = await item(anonymousUid);
    expect(anonymousItem?.kind?.S).toBe('tombstone');
    expect(Object.keys(anonymousItem ?? {}).sort()).toEqual(['erasedAt', 'expiresAt', 'kind', 'uid', 'version']);
  }, 120_000);
  it('erases an anonymous visitor who never signed in on DELETE ?subject=anonymous, with profiles:delete', async () => {
    const anonymousUid = pseudonymOf(suite, anonymousSubject('device-solo'));
    const visit = visitorView(anonymousUid, 'Tents');
    await put([visit('solo-1', 30), visit('solo-2', 29)]);
    // The path id names a user unless the query says otherwise: no user 'device-solo' exists.
    expect((await api('GET', '/v1/profiles/device-solo')).status).toBe(404);
    const read = await api('GET', '/v1/profiles/device-solo?subject=anonymous');
    expect(read.status).toBe(200);
    expect(read.body.activity.eventCounts).toEqual({ product_view: 2 });

    expect((await api('DELETE', '/v1/profiles/device-solo?subject=anonymous', { scopes: ['profiles:read'] })).status).toBe(403);
    expect((await api('DELETE', '/v1/profiles/device-solo?subject=visitor', { scopes: ['profiles:delete'] })).status).toBe(400);
    expect((await api('DELETE', '/v1/profiles/device-solo', { scopes: ['profiles:delete'] })).status).toBe(404);
    expect((await api('DELETE', '/v1/profiles/device-solo?subject=anonymous', { scopes: ['profiles:delete'] })).status).toBe(204);
    // The tracker re-posts its queue: old ids and times do not bring the visitor back.
    await put([visit('solo-1', 30)]);
    expect((await api('GET', '/v1/profiles/device-solo?subject=anonymous')).status).toBe(404);
    expect((await item(anonymousUid))?.kind?.S).toBe('tombstone');
    expect((await api('DELETE', '/v1/profiles/device-solo?subject=anonymous', { scopes: ['profiles:delete'] })).status).toBe(404);
  }, 60_000);

  it('cuts the link of a merged visitor on DELETE ?subject=anonymous and leaves the merged history to the user', async () => {
    const userId = 'merged-then-visitor-erased';
    const userUid = pseudonymOf(suite, userId);
    const anonymousUid = pseudonymOf(suite, anonymousSubject('device-merged'));
    const visit = visitorView(anonymousUid, 'Kayaks');
    await put([visit('merged-1', 40)]);
    expect((await api('POST', '/v1/events', { body: { events: [{ ...view('merged-user-1', 20, 'Paddles'), userId }] } })).status).toBe(202);
    await suite.drain();
    await put([{ v: STREAM_RECORD_VERSION, kind: 'identify', uid: userUid, receivedAt: new Date().toISOString(), link: { anonymousUid, linkId: 'msg-merged-1', linkedAt: minutesAgo(19) } }]);
    expect((await api('GET', `/v1/profiles/${userId}`)).body.lineage.linkedAnonymous).toEqual([expect.objectContaining({ anonymousUid })]);
    // Act
    expect((await api('DELETE', '/v1/profiles/device-merged?subject=anonymous', { scopes: ['profiles:delete'] })).status).toBe(204);
    // Assess: the user keeps what was merged, without the visitor's pseudonym; the visitor is a tombstone.
    const user = await api('GET', `/v1/profiles/${userId}`);
    expect(user.status).toBe(200);
    expect(user.body.activity.eventCounts).toEqual({ product_view: 2 });
    expect(user.body.lineage.linkedAnonymous ?? []).toEqual([]);
    expect((await item(anonymousUid))?.kind?.S).toBe('tombstone');
  }, 90_000);

  it('does not bring an erased user back when the tracker resends an old identify', async () => {
    // It used to: the link was judged by its arrival alone, so the profile came back (200) holding it.
    const created = await api('POST', '/v1/write-keys', { body: { name: 'resend' }, scopes: ['sources:admin'] });
    const auth = { authorization: `Basic ${Buffer.from(`${created.body.writeKey}:`).toString('base64')}` };
    const identify = { userId: 'resent-identify', anonymousId: 'device-resend', messageId: 'login-resend', timestamp: minutesAgo(60) };
    expect((await api('POST', '/v1/identify', { body: identify, token: null, headers: auth })).body).toMatchObject({ linked: 1 });
    await suite.drain();
    expect((await api('GET', '/v1/profiles/resent-identify')).status).toBe(200);
    expect((await api('DELETE', '/v1/profiles/resent-identify', { scopes: ['profiles:delete'] })).status).toBe(204);

    expect((await api('POST', '/v1/identify', { body: identify, token: null, headers: auth })).body).toMatchObject({ linked: 1 });
    await suite.drain();
    expect((await api('GET', '/v1/profiles/resent-identify')).status).toBe(404);
  }, 60_000);
});
