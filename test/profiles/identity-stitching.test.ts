/**
 * Identity stitching through the feature updater's use case, with the in-memory store and stream:
 * an identify record merges the anonymous visitor's profile into the user's exactly once, whatever
 * arrives first, however often it is delivered, and whatever fails in between.
 */
import { eraseProfile } from '../../shared/profiles/profile-queries';
import { updateProfiles, type RawStreamRecord } from '../../shared/profiles/update-profiles';
import type { ProfileState } from '../../shared/profiles/state';
import { STREAM_RECORD_VERSION, type ConsentStreamRecord } from '../../shared/stream/records';
import { FakeDeadLetterQueue, InMemoryProfileStore, base64, rawPayload, rawRecord } from './fakes';
import { ANON, FakeStream, identify, rawIdentify } from './identity-fixtures';
import { HOUR, MINUTE, OTHER_UID, SHARD, T0, UID, context, event, iso, item, seq } from './fixtures';

const ctx = context();
/** The visitor's events travel on another shard than the user's. */
const ANON_SHARD = 'shardId-000000000001';
const at = (minute: number) => iso(T0 + minute * MINUTE);

const shoes = (minute: number) => event({ type: 'product_view', item: item(`shoe-${minute}`, 'shoes', { price: 80 }), timestamp: at(minute) });
const hats = (minute: number) => event({ type: 'product_view', item: item(`hat-${minute}`, 'hats', { price: 20 }), timestamp: at(minute) });
const anonymousEvents = (first: number, bodies = [shoes(0), shoes(1), shoes(2)]) => bodies.map((body, index) => rawRecord(first + index, body, { uid: ANON, shardId: ANON_SHARD }));

function setup() {
  const store = new InMemoryProfileStore();
  const deadLetters = new FakeDeadLetterQueue();
  const stream = new FakeStream();
  const run = (records: readonly RawStreamRecord[]) => updateProfiles(records, { store, deadLetters, context: ctx, forwarder: stream });
  return { store, deadLetters, stream, run };
}

const categories = (state: ProfileState | undefined) => [...(state?.interests.categoryLong.keys() ?? [])].sort();
const failedSequences = (result: { batchItemFailures: { itemIdentifier: string }[] }) => result.batchItemFailures.map((failure) => failure.itemIdentifier).sort();
/** An anonymous profile released after its merge: claimed by the user, no history of its own left. */
const released = (state: ProfileState | undefined) => state?.identity?.mergedInto?.uid === UID && Object.keys(state.lineage.features).length === 0 && state.cleaning.seenEvents.byteLength === 0 && state.spending.viewed.n === 0;

describe('identity stitching in the feature updater', () => {
  it('merges a visitor\'s earlier browsing into the user on identify, and releases the anonymous profile', async () => {
    // Prepare
    const { store, run } = setup();
    await run(anonymousEvents(1));
    // Act
    const result = await run([rawRecord(1, hats(30)), rawIdentify(2, { minute: 31 })]);
    // Assess
    expect(result.batchItemFailures).toEqual([]);
    expect(result.stats.links).toEqual({ merged: 1 });
    const user = store.profile(UID);
    expect(categories(user)).toEqual(['hats', 'shoes']);
    expect(user?.lineage.eventsApplied).toBe(4);
    expect(user?.spending.viewed.n).toBe(4);
    expect(user?.identity?.linked?.[0]).toMatchObject({ anonymousUid: ANON, outcome: 'merged', events: 3 });
    expect(released(store.profile(ANON))).toBe(true);
  });

  it('does nothing more when the identify batch is delivered again, or the same pair is identified again', async () => {
    // Prepare
    const { store, run } = setup();
    await run(anonymousEvents(1));
    const batch = [rawRecord(1, hats(30)), rawIdentify(2, { minute: 31 })];
    await run(batch);
    const savesBefore = store.saves.length;
    // Act
    const redelivered = await run(batch);
    const relinked = await run([rawIdentify(3, { minute: 40, linkId: 'link-2' })]);
    // Assess
    expect(redelivered.stats).toMatchObject({ replayed: 2, usersWritten: 0, links: {} });
    expect(store.saves.length).toBe(savesBefore + 1); // the second identify only moves the watermark
    expect(relinked.stats.links).toEqual({});
    expect(store.profile(UID)?.lineage.eventsApplied).toBe(4);
    expect(store.profile(UID)?.spending.viewed.n).toBe(4);
    expect(store.profile(UID)?.identity?.linked).toHaveLength(1);
  });

  it('applies a link that arrives before any of the visitor\'s events: they are forwarded to the user, once', async () => {
    // Prepare: the identify is applied first; the visitor's events lag on their own shard.
    const { store, stream, run } = setup();
    await run([rawIdentify(1, { minute: 31 })]);
    expect(store.profile(ANON)?.identity?.mergedInto?.uid).toBe(UID);
    // Act
    const anonymousBatch = anonymousEvents(1);
    const forwarded = await run(anonymousBatch);
    const applied = await run(stream.drain());
    // ... and the visitor's shard is delivered again, forwarding the same events a second time.
    await run(anonymousBatch);
    const duplicate = await run(stream.drain());
    // Assess
    expect(forwarded.stats).toMatchObject({ forwarded: 3, usersWritten: 0, applied: 0 });
    expect(applied.stats.applied).toBe(3);
    expect(duplicate.stats).toMatchObject({ applied: 0, dropped: { 'duplicate-event': 3 } });
    expect(store.profile(UID)?.spending.viewed.n).toBe(3);
    expect(categories(store.profile(UID))).toEqual(['shoes']);
    expect(store.profile(ANON)?.lineage.eventsApplied).toBe(0);
  });

  it('counts each event once when the visitor\'s events and the identify share a batch, the merge racing the visitor\'s own write', async () => {
    // Prepare: one shard carries both keys, so both users of the batch are written concurrently.
    const { store, stream, run } = setup();
    const batch = [...anonymousEvents(1).map((record) => ({ ...record, shardId: SHARD })), rawRecord(10, hats(30)), rawIdentify(11, { minute: 31 })];
    // Act
    const first = await run(batch);
    await run(stream.drain());
    // Assess
    expect(first.batchItemFailures).toEqual([]);
    expect(store.profile(UID)?.spending.viewed.n).toBe(4);
    expect(categories(store.profile(UID))).toEqual(['hats', 'shoes']);
    expect(released(store.profile(ANON))).toBe(true);
  });

  it('merges the events the visitor\'s own writer added while the claim was being made', async () => {
    // Prepare: the visitor's profile, read by the merge; the visitor's own shard writes one event more
    // just before the claim lands.
    const { store, run } = setup();
    await run(anonymousEvents(1));
    const otherWriter = setup();
    otherWriter.store.items.set(ANON, structuredClone(store.items.get(ANON)!));
    await otherWriter.run(anonymousEvents(4, [shoes(3)]));
    let raced = false;
    store.beforeSave = (uid) => {
      if (uid !== ANON || raced) return;
      raced = true;
      store.items.set(ANON, structuredClone(otherWriter.store.items.get(ANON)!));
    };
    // Act
    const result = await run([rawIdentify(1, { minute: 31 })]);
    // Assess
    expect(result.batchItemFailures).toEqual([]);
    expect(store.saves.filter((save) => save.uid === ANON).map((save) => save.outcome)).toEqual(['saved', 'conflict', 'saved', 'saved']);
    expect(store.profile(UID)?.spending.viewed.n).toBe(4);
    expect(released(store.profile(ANON))).toBe(true);
  });

  it('finishes a merge whose user write failed after the claim: retried, it merges once and forwards what came in between', async () => {
    // Prepare
    const { store, stream, run } = setup();
    await run(anonymousEvents(1));
    store.failingSaves.add(UID);
    const batch = [rawRecord(1, hats(30)), rawIdentify(2, { minute: 31 })];
    const failed = await run(batch);
    expect(failedSequences(failed)).toEqual([seq(1), seq(2)]);
    expect(store.profile(ANON)?.identity?.mergedInto?.uid).toBe(UID);
    // A visitor event in between is forwarded, not applied to the frozen anonymous history.
    await run(anonymousEvents(4, [shoes(32)]));
    store.failingSaves.clear();
    // Act
    const retried = await run(batch);
    await run(stream.drain());
    // Assess
    expect(retried.batchItemFailures).toEqual([]);
    expect(store.profile(UID)?.spending.viewed.n).toBe(5);
    expect(store.profile(UID)?.identity?.linked).toHaveLength(1);
    expect(released(store.profile(ANON))).toBe(true);
  });

  it('repeats a release that failed after the merge was written, without merging twice', async () => {
    // Prepare: the claim is written, then the release throws.
    const { store, run } = setup();
    await run(anonymousEvents(1));
    let anonymousSaves = 0;
    store.beforeSave = (uid) => {
      if (uid === ANON && ++anonymousSaves === 2) throw new Error('InternalServerError');
    };
    const batch = [rawIdentify(1, { minute: 31 })];
    const failed = await run(batch);
    expect(failedSequences(failed)).toEqual([seq(1)]);
    expect(store.profile(ANON)?.spending.viewed.n).toBe(3);
    // Act
    const retried = await run(batch);
    // Assess
    expect(retried.batchItemFailures).toEqual([]);
    expect(retried.stats).toMatchObject({ replayed: 1, usersWritten: 0 });
    expect(released(store.profile(ANON))).toBe(true);
    expect(store.profile(UID)?.spending.viewed.n).toBe(3);
  });

  it('retries only the user whose identify could not read the anonymous profile', async () => {
    // Prepare
    const { store, run } = setup();
    await run(anonymousEvents(1));
    store.failingLoadsOf.add(ANON);
    const batch = [rawRecord(1, hats(30)), rawRecord(2, hats(31), { uid: OTHER_UID }), rawIdentify(3, { minute: 32 })];
    // Act
    const failed = await run(batch);
    store.failingLoadsOf.clear();
    const retried = await run(batch.filter((record) => record.partitionKey === UID));
    // Assess
    expect(failedSequences(failed)).toEqual([seq(1), seq(3)]);
    expect(store.profile(OTHER_UID)?.lineage.eventsApplied).toBe(1);
    expect(retried.batchItemFailures).toEqual([]);
    expect(store.profile(UID)?.spending.viewed.n).toBe(4);
  });

  it('dead-letters a malformed identify record, and one linking a profile to itself, with the reason', async () => {
    const { store, deadLetters, run } = setup();
    const { link: _link, ...withoutLink } = identify();
    const selfLink = identify({ anonymousUid: UID });
    const result = await run([rawPayload(1, JSON.stringify(withoutLink)), rawPayload(2, JSON.stringify(selfLink)), rawRecord(3, hats(30))]);
    expect(result.batchItemFailures).toEqual([]);
    expect(deadLetters.letters.map((letter) => [letter.sequenceNumber, letter.reason])).toEqual([
      [seq(1), expect.stringMatching(/^payload does not match the stream record schema \(kind identify\): link/)],
      [seq(2), 'identify record links a profile to itself'],
    ]);
    expect(store.profile(UID)?.lineage.eventsApplied).toBe(1);
  });

  it('keeps a merged visitor\'s events in the stream when forwarding fails', async () => {
    const { stream, run } = setup();
    await run([rawIdentify(1, { minute: 31 })]);
    stream.down = true;
    const batch = anonymousEvents(1);
    const result = await run(batch);
    expect(failedSequences(result)).toEqual(batch.map((record) => record.sequenceNumber).sort());
  });

  it('erases the merged anonymous history with the user, and nothing re-posted brings either back', async () => {
    // Prepare
    const { store, stream, run } = setup();
    const visitorBatch = anonymousEvents(1);
    await run(visitorBatch);
    const userBatch = [rawRecord(1, hats(30)), rawIdentify(2, { minute: 31 })];
    await run(userBatch);
    // Act
    await eraseProfile(store, UID, new Date(T0 + HOUR));
    // The tracker re-posts its queue after the erasure: same ids, old timestamps.
    const reposted = (records: RawStreamRecord[], shift: number) => records.map((record) => ({ ...record, sequenceNumber: seq(shift + Number(BigInt(record.sequenceNumber) % 10n ** 9n) / 1_000_000), data: base64(JSON.stringify({ ...JSON.parse(Buffer.from(record.data, 'base64').toString()), receivedAt: iso(T0 + 2 * HOUR) })) }));
    const result = await run([...reposted(visitorBatch, 100), ...reposted(userBatch.slice(0, 1), 200)]);
    await run(stream.drain());
    // Assess
    expect(store.items.get(UID)?.value).toEqual({ uid: UID, erasedAt: iso(T0 + HOUR) });
    expect(store.items.get(ANON)?.value).toEqual({ uid: ANON, erasedAt: iso(T0 + HOUR) });
    expect(result.stats.dropped).toEqual({ 'erased-user': 4 });
    expect(result.stats.forwarded).toBe(0);
  });

  it('erases a visitor merged between the erasure\'s read and its write', async () => {
    // Prepare: a user with a profile; the identify lands while the erasure is under way.
    const { store, run } = setup();
    await run(anonymousEvents(1));
    await run([rawRecord(1, hats(30))]);
    let merged = false;
    const racing = Object.assign(Object.create(store) as InMemoryProfileStore, {
      get: async (uid: string) => {
        const read = await store.get(uid);
        if (!merged) {
          merged = true;
          await run([rawIdentify(2, { minute: 31 })]);
        }
        return read;
      },
    });
    // Act
    await eraseProfile(racing, UID, new Date(T0 + HOUR));
    // Assess
    expect(store.items.get(UID)?.value).toEqual({ uid: UID, erasedAt: iso(T0 + HOUR) });
    expect(store.items.get(ANON)?.value).toEqual({ uid: ANON, erasedAt: iso(T0 + HOUR) });
  });

  it('brings no profiling data to a user who refused profiling; the visitor\'s history is forgotten and later events dropped', async () => {
    // Prepare
    const { store, stream, run } = setup();
    await run(anonymousEvents(1));
    const refusal: ConsentStreamRecord = {
      v: STREAM_RECORD_VERSION,
      kind: 'consent',
      uid: UID,
      receivedAt: at(20),
      consent: { changeId: 'c1', version: 1, changedAt: at(20), purposes: { profiling: 'refused', 'personalised-marketing': 'refused' } },
    };
    // Act
    const result = await run([{ shardId: SHARD, sequenceNumber: seq(1), partitionKey: UID, data: base64(JSON.stringify(refusal)) }, rawIdentify(2, { minute: 31 })]);
    await run(anonymousEvents(10, [shoes(40)]));
    const later = await run(stream.drain());
    // Assess
    expect(result.stats.links).toEqual({ 'consent-refused': 1 });
    const user = store.profile(UID)!;
    expect(user.lineage.features).toEqual({});
    expect(user.spending.viewed.n).toBe(0);
    expect(released(store.profile(ANON))).toBe(true);
    expect(later.stats.dropped).toEqual({ 'consent-refused': 1 });
  });
});
