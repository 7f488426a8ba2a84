import { foldUserRecords } from '../../shared/profiles/fold';
import { updateProfiles, type RawStreamRecord } from '../../shared/profiles/update-profiles';
import { FakeDeadLetterQueue, InMemoryProfileStore, base64, rawPayload, rawRecord } from './fakes';
import { HOUR, MINUTE, OTHER_UID, SECOND, T0, UID, context, event, iso, item, seq, userRecord } from './fixtures';

const THIRD_UID = 'tH1rdUs3rPs3ud0nym0000000000000000000000000';
const ctx = context();

const view = (minute: number, category = 'shoes') => event({ type: 'product_view', item: item(`p${minute}`, category, { price: 100 }), timestamp: iso(T0 + minute * MINUTE) });

function setup() {
  const store = new InMemoryProfileStore();
  const deadLetters = new FakeDeadLetterQueue();
  const run = (records: readonly RawStreamRecord[]) => updateProfiles(records, { store, deadLetters, context: ctx });
  return { store, deadLetters, run };
}

const failedSequences = (result: { batchItemFailures: { itemIdentifier: string }[] }) => result.batchItemFailures.map((failure) => failure.itemIdentifier).sort();

describe('updateProfiles', () => {
  it('sends poison records to the dead-letter queue with their reason and applies the rest', async () => {
    // Prepare
    const { store, deadLetters, run } = setup();
    const schemaInvalid = JSON.stringify({ v: 1, uid: UID, receivedAt: iso(T0), event: { type: 'teleport', eventId: 'x' } });
    const records = [
      rawRecord(1, view(0)),
      rawPayload(2, '{"v":1,"uid":'),
      rawRecord(3, view(1), { uid: OTHER_UID }),
      rawPayload(4, schemaInvalid),
      rawRecord(5, view(2), { partitionKey: OTHER_UID }),
      rawRecord(6, view(3)),
    ];
    // Act
    const result = await run(records);
    // Assess
    expect(result.batchItemFailures).toEqual([]);
    expect(deadLetters.letters.map((letter) => [letter.sequenceNumber, letter.reason])).toEqual([
      [seq(2), 'payload is not valid JSON'],
      [seq(4), expect.stringMatching(/^payload does not match the stream record schema: event\.type/)],
      [seq(5), 'partition key does not match the record uid'],
    ]);
    expect(deadLetters.letters[0]).toMatchObject({ shardId: records[1]!.shardId, data: records[1]!.data });
    expect(store.profile(UID)?.lineage.eventsApplied).toBe(2);
    expect(store.profile(OTHER_UID)?.lineage.eventsApplied).toBe(1);
    expect(result.stats).toMatchObject({ records: 6, deadLettered: 3, usersWritten: 2, applied: 3, failedRecords: 0 });
  });

  it('keeps poison records in the stream (batch item failures) when the dead-letter queue is down', async () => {
    const { store, deadLetters, run } = setup();
    deadLetters.down = true;
    const result = await run([rawRecord(1, view(0)), rawPayload(2, 'garbage'), rawPayload(3, '[]'), rawRecord(4, view(1))]);
    expect(failedSequences(result)).toEqual([seq(2), seq(3)]);
    expect(result.stats.deadLettered).toBe(0);
    expect(store.profile(UID)?.lineage.eventsApplied).toBe(2);
  });

  it('reports only the records of the user whose save failed; other users are saved', async () => {
    // Prepare
    const { store, run } = setup();
    store.failingSaves.add(OTHER_UID);
    // Act
    const result = await run([rawRecord(1, view(0)), rawRecord(2, view(0), { uid: OTHER_UID }), rawRecord(3, view(1)), rawRecord(4, view(1), { uid: OTHER_UID }), rawRecord(5, view(2), { uid: THIRD_UID })]);
    // Assess
    expect(failedSequences(result)).toEqual([seq(2), seq(4)]);
    expect(store.profile(UID)?.lineage.eventsApplied).toBe(2);
    expect(store.profile(THIRD_UID)?.lineage.eventsApplied).toBe(1);
    expect(store.items.has(OTHER_UID)).toBe(false);
    expect(result.stats).toMatchObject({ usersWritten: 2, failedRecords: 2 });
  });

  it('the retried batch applies the failed user once and skips everyone already saved', async () => {
    // Prepare: first delivery fails for OTHER_UID.
    const { store, run } = setup();
    const batch = [rawRecord(1, view(0)), rawRecord(2, view(0), { uid: OTHER_UID }), rawRecord(3, view(1))];
    store.failingSaves.add(OTHER_UID);
    await run(batch);
    store.failingSaves.clear();
    const savesBefore = store.saves.length;
    // Act: Lambda retries from the lowest failed sequence number.
    const retry = await run(batch.slice(1));
    // Assess
    expect(retry.batchItemFailures).toEqual([]);
    expect(retry.stats).toMatchObject({ usersWritten: 1, replayed: 1, applied: 1 });
    expect(store.saves.slice(savesBefore).map((save) => save.uid)).toEqual([OTHER_UID]);
    expect(store.profile(UID)?.lineage.eventsApplied).toBe(2);
    expect(store.profile(OTHER_UID)?.lineage.eventsApplied).toBe(1);
  });

  it('on a conflict re-reads the profile, folds again on the newer state and saves both writers’ events', async () => {
    // Prepare: another writer (a sibling shard after a reshard) saves between our read and our write.
    const { store, run } = setup();
    const sibling = foldUserRecords(undefined, [userRecord(1, view(0, 'hats'), { shardId: 'shardId-000000000001' })], ctx).state!;
    store.beforeSave = (uid) => {
      if (uid === UID && store.saves.length === 0) store.put(sibling, 1);
    };
    // Act
    const result = await run([rawRecord(10, view(5, 'bags'))]);
    // Assess
    expect(result.batchItemFailures).toEqual([]);
    expect(store.saves.map((save) => [save.expectedVersion, save.outcome])).toEqual([
      [undefined, 'conflict'],
      [1, 'saved'],
    ]);
    const saved = store.profile(UID)!;
    expect([...saved.interests.categoryLong.keys()].sort()).toEqual(['bags', 'hats']);
    expect(saved.lineage.eventsApplied).toBe(2);
    expect(store.items.get(UID)?.version).toBe(2);
  });

  it('gives up after repeated conflicts and reports the user’s records for retry', async () => {
    const { store, run } = setup();
    let version = 1;
    store.beforeSave = (uid) => store.put(foldUserRecords(undefined, [userRecord(1, view(0, 'hats'), { uid })], ctx).state!, version++);
    const result = await run([rawRecord(10, view(5)), rawRecord(11, view(6))]);
    expect(failedSequences(result)).toEqual([seq(10), seq(11)]);
    expect(store.saves).toHaveLength(3);
  });

  it('reports the records of a user whose conflict cannot be re-read; other users are saved', async () => {
    const { store, run } = setup();
    store.beforeSave = (uid) => {
      if (uid !== UID) return;
      store.put(foldUserRecords(undefined, [userRecord(1, view(0, 'hats'))], ctx).state!, 1);
      store.failingLoadsOf.add(UID);
    };
    const result = await run([rawRecord(10, view(5)), rawRecord(11, view(6), { uid: OTHER_UID })]);
    expect(failedSequences(result)).toEqual([seq(10)]);
    expect(store.profile(OTHER_UID)?.lineage.eventsApplied).toBe(1);
    expect(result.stats).toMatchObject({ usersWritten: 1, applied: 1, failedRecords: 1 });
  });

  it('reports the records of a user whose stored profile cannot be folded (unreadable state); other users are saved', async () => {
    const { store, run } = setup();
    store.items.set(UID, { value: { uid: UID } as never, version: 1 });
    const result = await run([rawRecord(10, view(5)), rawRecord(11, view(6), { uid: OTHER_UID })]);
    expect(failedSequences(result)).toEqual([seq(10)]);
    expect(store.saves.map((save) => save.uid)).toEqual([OTHER_UID]);
    expect(result.stats).toMatchObject({ usersWritten: 1, failedRecords: 1 });
  });

  it('writes exactly once per user per batch, however many events each user has', async () => {
    // Prepare: 3 users × 20 events interleaved, as a shard delivers them.
    const { store, run } = setup();
    const uids = [UID, OTHER_UID, THIRD_UID];
    const records = Array.from({ length: 60 }, (_, index) => rawRecord(index + 1, view(index), { uid: uids[index % 3] }));
    // Act
    const result = await run(records);
    // Assess
    expect(Object.fromEntries(store.savesPerUser())).toEqual({ [UID]: 1, [OTHER_UID]: 1, [THIRD_UID]: 1 });
    expect(store.loads).toEqual([uids]);
    expect(result.stats).toMatchObject({ usersWritten: 3, applied: 60 });
    for (const uid of uids) expect(store.profile(uid)?.lineage.eventsApplied).toBe(20);
  });

  it('a redelivered batch writes nothing', async () => {
    const { store, run } = setup();
    const batch = [rawRecord(1, view(0)), rawRecord(2, view(1), { uid: OTHER_UID })];
    await run(batch);
    const stored = structuredClone([...store.items]);
    // Act
    const again = await run(batch);
    // Assess
    expect(store.saves).toHaveLength(2);
    expect([...store.items]).toEqual(stored);
    expect(again.stats).toMatchObject({ usersWritten: 0, replayed: 2, applied: 0 });
  });

  it('when the profiles cannot be read, every decodable record is retried and poison still goes to the DLQ', async () => {
    const { store, deadLetters, run } = setup();
    store.failLoads = true;
    const result = await run([rawRecord(1, view(0)), rawPayload(2, 'nope'), rawRecord(3, view(1), { uid: OTHER_UID })]);
    expect(failedSequences(result)).toEqual([seq(1), seq(3)]);
    expect(deadLetters.letters.map((letter) => letter.sequenceNumber)).toEqual([seq(2)]);
    expect(store.saves).toHaveLength(0);
  });

  it('sums cleaning drops across users in its stats', async () => {
    const { run } = setup();
    const twice = view(0);
    const result = await run([rawRecord(1, twice), rawRecord(2, twice), rawRecord(3, view(0), { uid: OTHER_UID }), rawRecord(4, event({ type: 'page_view', device: { type: 'desktop', userAgent: 'curl/8.4.0' } }), { uid: OTHER_UID })]);
    expect(result.stats.dropped).toEqual({ 'duplicate-event': 1, 'bot-user-agent': 1 });
    expect(result.stats.applied).toBe(2);
  });

  it('after an erasure, events still in flight do not bring the profile back', async () => {
    // Prepare
    const { store, run } = setup();
    const erasedAt = T0 + HOUR;
    store.put({ uid: UID, erasedAt: iso(erasedAt) });
    // Act
    await run([rawRecord(1, view(0), { receivedAt: iso(erasedAt - MINUTE) })]);
    // Assess
    expect(store.items.get(UID)?.value).toEqual({ uid: UID, erasedAt: iso(erasedAt) });
    expect(store.saves).toHaveLength(0);
  });

  it('an empty batch does nothing', async () => {
    const { store, deadLetters, run } = setup();
    const result = await run([]);
    expect(result.batchItemFailures).toEqual([]);
    expect(store.loads).toHaveLength(0);
    expect(deadLetters.letters).toHaveLength(0);
  });

  it('a payload that is valid base64 of binary noise is dead-lettered, not thrown', async () => {
    const { deadLetters, run } = setup();
    const result = await run([{ shardId: 'shardId-000000000000', sequenceNumber: seq(1), partitionKey: UID, data: base64('\u0000\u00ff\u0001') }]);
    expect(result.batchItemFailures).toEqual([]);
    expect(deadLetters.letters[0]!.reason).toBe('payload is not valid JSON');
  });
});

describe('updateProfiles: batches that only drop a user\'s records', () => {
  const CRAWLER = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
  const withSettings = (settings: Parameters<typeof context>[0]) => {
    const store = new InMemoryProfileStore();
    const deadLetters = new FakeDeadLetterQueue();
    return { store, run: (records: readonly RawStreamRecord[]) => updateProfiles(records, { store, deadLetters, context: context(settings) }) };
  };

  it('a resend of an event the profile already holds is counted in the batch, not written; later events and redeliveries stay exact', async () => {
    // Prepare: the user's first view is applied and written.
    const { store, run } = setup();
    const first = view(0);
    await run([rawRecord(1, first)]);
    const before = structuredClone(store.items.get(UID));
    // Act: the next batch holds only the client's resend of that view (a new record, the same event id).
    const resend = await run([rawRecord(2, first, { receivedAt: iso(T0 + 5 * MINUTE) }), rawRecord(3, view(1), { uid: OTHER_UID })]);
    // Assess: one write (the other user), the resend counted in the batch's drops and nothing stored changed.
    expect(resend.stats).toMatchObject({ usersWritten: 1, applied: 1, dropped: { 'duplicate-event': 1 }, dropOnlyUsers: 1, failedRecords: 0 });
    expect(store.items.get(UID)).toEqual(before);
    // A redelivery of that batch judges the resend the same way, and the user's next event is applied once.
    const redelivered = await run([rawRecord(2, first, { receivedAt: iso(T0 + 5 * MINUTE) })]);
    expect(redelivered.stats).toMatchObject({ usersWritten: 0, dropped: { 'duplicate-event': 1 } });
    await run([rawRecord(4, view(2))]);
    expect(store.profile(UID)?.lineage).toMatchObject({ eventsApplied: 2, lastBatch: { applied: 1, dropped: 0 } });
    // Once the watermark has passed it, the resend's record is a replay.
    expect((await run([rawRecord(2, first, { receivedAt: iso(T0 + 5 * MINUTE) })])).stats).toMatchObject({ replayed: 1, dropped: {} });
  });

  it('a crawler gets no profile at all: its events are counted as dropped, never written', async () => {
    const { store, run } = setup();
    const crawl = (n: number) => rawRecord(n, event({ type: 'page_view', timestamp: iso(T0 + n * SECOND), device: { type: 'desktop', userAgent: CRAWLER } }));
    const results = [await run([crawl(1), crawl(2)]), await run([crawl(3)])];
    expect(results.map((result) => result.stats.dropped)).toEqual([{ 'bot-user-agent': 2 }, { 'bot-user-agent': 1 }]);
    expect(store.saves).toHaveLength(0);
    expect(store.items.has(UID)).toBe(false);
  });

  it('drops that change the cleaning memory are written: a muted burst\'s event stays a duplicate after the cool-down', async () => {
    // Prepare: a burst trips the rate rule (31 events in 3 s), then, in its own batch, one more event inside the cool-down.
    const { store, run } = setup();
    const burst = Array.from({ length: 31 }, (_, index) => rawRecord(index + 1, event({ type: 'page_view', timestamp: iso(T0 + index * 100) })));
    await run(burst);
    const muted = event({ type: 'page_view', timestamp: iso(T0 + 10 * MINUTE) });
    // Act
    const mutedBatch = await run([rawRecord(40, muted)]);
    // Assess: written, because the muted event's id must be remembered.
    expect(mutedBatch.stats).toMatchObject({ usersWritten: 1, dropOnlyUsers: 0, dropped: { 'bot-rate': 1 } });
    const resentAfterCoolDown = await run([rawRecord(41, muted, { receivedAt: iso(T0 + 2 * HOUR) })]);
    expect(resentAfterCoolDown.stats).toMatchObject({ applied: 0, dropped: { 'duplicate-event': 1 } });
    expect(store.profile(UID)?.lineage.dropped).toEqual({ 'bot-rate': 2 });
  });

  it('with recordDropOnlyBatches the profile is written and its lineage counts every drop', async () => {
    const { store, run } = withSettings({ recordDropOnlyBatches: true });
    const first = view(0);
    await run([rawRecord(1, first)]);
    const resend = await run([rawRecord(2, first, { receivedAt: iso(T0 + 5 * MINUTE) })]);
    expect(resend.stats).toMatchObject({ usersWritten: 1, dropOnlyUsers: 0 });
    expect(store.profile(UID)?.lineage).toMatchObject({ eventsApplied: 1, dropped: { 'duplicate-event': 1 }, lastBatch: { applied: 0, dropped: 1 } });
  });
});
