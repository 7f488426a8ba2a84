/**
 * Consent honoured in the stream: the feature updater applies consent records in order with the user's
 * events, exactly once under redelivery (the per-shard watermarks), whatever the batch boundaries.
 */
import type { ConsentRegime } from '../../shared/consent/model';
import { profileView } from '../../shared/profiles/view';
import { updateProfiles, type RawStreamRecord } from '../../shared/profiles/update-profiles';
import { DEFAULT_PIPELINE_SETTINGS } from '../../shared/profiles/settings';
import { profileToStored, type ProfileState } from '../../shared/profiles/state';
import { STREAM_RECORD_VERSION, type ConsentStreamRecord } from '../../shared/stream/records';
import { FakeDeadLetterQueue, InMemoryProfileStore, base64, rawRecord } from '../profiles/fakes';
import { MINUTE, OTHER_UID, SECOND, SHARD, T0, UID, context, event, iso, item, seq } from '../profiles/fixtures';

const view = (minute: number, category = 'shoes') =>
  event({ type: 'product_view', item: item(`p-${category}-${minute}`, category, { price: 100 }), dwellMs: 5_000, timestamp: iso(T0 + minute * MINUTE) });
const ev = (n: number, minute: number, category = 'shoes', uid = UID) => rawRecord(n, view(minute, category), { uid });

/** A consent record as the consents API puts it on the stream, received at `minute`. */
function consent(n: number, minute: number, version: number, profiling: 'granted' | 'refused', uid = UID): RawStreamRecord {
  const record: ConsentStreamRecord = {
    v: STREAM_RECORD_VERSION,
    kind: 'consent',
    uid,
    receivedAt: iso(T0 + minute * MINUTE + SECOND),
    consent: { changeId: `c-${version}`, version, changedAt: iso(T0 + minute * MINUTE), purposes: { profiling, 'personalised-marketing': profiling } },
  };
  return { shardId: SHARD, sequenceNumber: seq(n), partitionKey: uid, data: base64(JSON.stringify(record)) };
}

function setup(regime?: ConsentRegime) {
  const store = new InMemoryProfileStore();
  const deadLetters = new FakeDeadLetterQueue();
  const ctx = { ...context(), consentRegime: regime };
  const run = (records: readonly RawStreamRecord[]) => updateProfiles(records, { store, deadLetters, context: ctx });
  return { store, deadLetters, run };
}

const categories = (state: ProfileState | undefined) => [...(state?.interests.categoryLong.keys() ?? [])].sort();
const hasNoFeatures = (state: ProfileState) => {
  const shown = profileView(state, T0 + DAY_MS, 5, DEFAULT_PIPELINE_SETTINGS);
  return (
    shown.interests.longTerm.categories.length === 0 &&
    shown.interests.shortTerm.categories.length === 0 &&
    shown.spending.tier === 'unknown' &&
    shown.engagement.averageDwellMs === undefined &&
    shown.activity.firstSeenAt === undefined &&
    shown.segments.length === 0 &&
    Object.keys(state.lineage.features).length === 0
  );
};
const DAY_MS = 86_400_000;

describe('consent in the feature updater', () => {
  it('applies a refusal in the middle of a batch: events before it are folded then cleared, events after it are dropped by consent', async () => {
    // Prepare
    const { store, deadLetters, run } = setup();
    const batch = [ev(1, 0), ev(2, 1), consent(3, 2, 1, 'refused'), ev(4, 3, 'hats'), ev(5, 4, 'hats')];
    // Act
    const result = await run(batch);
    // Assess
    const state = store.profile(UID)!;
    expect(result.batchItemFailures).toEqual([]);
    expect(deadLetters.letters).toEqual([]);
    expect(result.stats).toMatchObject({ applied: 2, consentChanges: 1, dropped: { 'consent-refused': 2 } });
    expect(hasNoFeatures(state)).toBe(true);
    expect(state.lineage.dropped['consent-refused']).toBe(2);
    expect(profileToStored(state).lineage.watermarks[SHARD]).toBe(seq(5).padStart(128, '0'));
    expect(state.consent).toMatchObject({ version: 1, purposes: { profiling: 'refused' } });
  });

  it('a later grant starts afresh: only events after it build the profile', async () => {
    // Prepare
    const { store, run } = setup();
    await run([ev(1, 0, 'shoes'), consent(2, 1, 1, 'refused'), ev(3, 2, 'bags')]);
    // Act
    const result = await run([ev(4, 3, 'bags'), consent(5, 4, 2, 'granted'), ev(6, 5, 'hats'), ev(7, 6, 'hats')]);
    // Assess
    const state = store.profile(UID)!;
    expect(result.stats).toMatchObject({ applied: 2, consentChanges: 1, dropped: { 'consent-refused': 1 } });
    expect(categories(state)).toEqual(['hats']);
    expect(state.lineage.dropped['consent-refused']).toBe(2);
    expect(state.lineage.features.interests?.events).toBe(2);
    expect(state.activity.firstSeenAt).toBe(iso(T0 + 5 * MINUTE));
  });

  it('redelivering a batch with a consent change in it, whole or from any record on, changes nothing', async () => {
    // Prepare
    const { store, run } = setup();
    const batch = [ev(1, 0), consent(2, 1, 1, 'refused'), ev(3, 2), consent(4, 3, 2, 'granted'), ev(5, 4, 'hats')];
    await run(batch);
    const after = structuredClone(store.items.get(UID));
    // Act
    const redeliveries = await Promise.all([0, 1, 2, 3, 4].map((from) => run(batch.slice(from))));
    // Assess
    expect(store.items.get(UID)).toEqual(after);
    for (const result of redeliveries) expect(result.stats).toMatchObject({ usersWritten: 0, applied: 0, consentChanges: 0 });
    expect(categories(store.profile(UID))).toEqual(['hats']);
    expect(store.profile(UID)!.lineage.dropped['consent-refused']).toBe(1);
  });

  it.each([
    ['one batch', [[1, 2, 3, 4, 5, 6, 7, 8]]],
    ['cut before the refusal', [[1, 2], [3, 4, 5, 6, 7, 8]]],
    ['cut right after the refusal', [[1, 2, 3], [4, 5, 6, 7, 8]]],
    ['every record alone', [[1], [2], [3], [4], [5], [6], [7], [8]]],
    ['a partial failure retried from the refusal', [[1, 2, 3, 4], [3, 4, 5, 6], [5, 6, 7, 8]]],
    ['everything delivered twice, in overlapping windows', [[1, 2, 3, 4, 5], [1, 2, 3, 4, 5, 6, 7], [4, 5, 6, 7, 8], [1, 2, 3, 4, 5, 6, 7, 8]]],
  ])('ends in the same profile however the stream is cut and redelivered: %s', async (_name, deliveries) => {
    // Prepare: events, refusal, events, grant, events, for two users on one shard.
    const records: Record<number, RawStreamRecord[]> = {
      1: [ev(1, 0, 'shoes'), ev(2, 0, 'shoes', OTHER_UID)],
      2: [ev(3, 1, 'shoes')],
      3: [consent(4, 2, 1, 'refused')],
      4: [ev(5, 3, 'bags'), ev(6, 3, 'bags', OTHER_UID)],
      5: [ev(7, 4, 'bags')],
      6: [consent(8, 5, 2, 'granted')],
      7: [ev(9, 6, 'hats'), ev(10, 6, 'hats', OTHER_UID)],
      8: [ev(11, 7, 'hats')],
    };
    const { store, run } = setup();
    // Act
    for (const delivery of deliveries) await run(delivery.flatMap((step) => records[step]!));
    // Assess
    const state = store.profile(UID)!;
    expect(categories(state)).toEqual(['hats']);
    expect(state.lineage.dropped['consent-refused']).toBe(2);
    expect(state.lineage.features.interests?.events).toBe(2);
    expect(state.consent?.version).toBe(2);
    expect(categories(store.profile(OTHER_UID))).toEqual(['bags', 'hats', 'shoes']);
    expect(store.profile(OTHER_UID)!.lineage.dropped['consent-refused']).toBeUndefined();
  });

  it('never rolls back to an older consent version that reaches the stream late', async () => {
    // Prepare: version 2 (grant) overtook version 1 (refusal) on the way to the stream.
    const { store, run } = setup();
    // Act
    const result = await run([ev(1, 0), consent(2, 1, 2, 'granted'), consent(3, 2, 1, 'refused'), ev(4, 3, 'hats')]);
    // Assess
    expect(result.stats).toMatchObject({ applied: 2, consentChanges: 1 });
    expect(store.profile(UID)!.consent?.version).toBe(2);
    expect(categories(store.profile(UID))).toEqual(['hats', 'shoes']);
  });

  it('under the opt-in regime a user without a grant is not profiled, and a grant starts the profile', async () => {
    // Prepare
    const { store, run } = setup('opt-in');
    // Act
    const before = await run([ev(1, 0), ev(2, 1)]);
    const stateBefore = structuredClone(store.profile(UID)!);
    await run([consent(3, 2, 1, 'granted'), ev(4, 3, 'hats')]);
    // Assess
    expect(before.stats).toMatchObject({ applied: 0, dropped: { 'consent-refused': 2 } });
    expect(hasNoFeatures(stateBefore)).toBe(true);
    expect(stateBefore.lineage.dropped['consent-refused']).toBe(2);
    expect(categories(store.profile(UID))).toEqual(['hats']);
  });

  it('a profile built before the deployment moved to opt-in is cleared by the next event of a user without a grant', async () => {
    // Prepare
    const optOut = setup('opt-out');
    await optOut.run([ev(1, 0)]);
    const optIn = setup('opt-in');
    optIn.store.put(optOut.store.profile(UID)!);
    // Act
    await optIn.run([ev(2, 1, 'hats')]);
    // Assess
    const state = optIn.store.profile(UID)!;
    expect(hasNoFeatures(state)).toBe(true);
    expect(state.lineage.dropped['consent-refused']).toBe(1);
  });

  it('ignores a consent change the API accepted before the user was erased', async () => {
    // Prepare
    const { store, run } = setup();
    store.put({ uid: UID, erasedAt: iso(T0 + 2 * MINUTE) });
    // Act: a refusal received before the erasure, then an event dated after it (beyond the 5-minute clock skew erasure allows for).
    const result = await run([consent(1, 0, 5, 'refused'), ev(2, 10, 'hats')]);
    // Assess
    expect(result.stats).toMatchObject({ applied: 1, consentChanges: 0, dropped: { 'erased-user': 1 } });
    expect(store.profile(UID)!.consent).toBeUndefined();
    expect(categories(store.profile(UID))).toEqual(['hats']);
  });

  it('dead-letters a malformed consent record with its reason and applies the rest', async () => {
    const { store, deadLetters, run } = setup();
    const broken = { v: 1, kind: 'consent', uid: UID, receivedAt: iso(T0), consent: { changeId: 'c', version: 0, changedAt: iso(T0), purposes: { profiling: 'refused' } } };
    const result = await run([ev(1, 0), { shardId: SHARD, sequenceNumber: seq(2), partitionKey: UID, data: base64(JSON.stringify(broken)) }, ev(3, 1, 'hats')]);
    expect(result.stats).toMatchObject({ deadLettered: 1, applied: 2, consentChanges: 0 });
    expect(deadLetters.letters[0]!.reason).toMatch(/kind consent\): consent\.version: .*; consent\.purposes\.personalised-marketing/);
    expect(categories(store.profile(UID))).toEqual(['hats', 'shoes']);
  });
});
