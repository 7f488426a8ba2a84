import { eraseSubject, type ErasureDeps } from '../../shared/profiles/erase-subject';
import { updateProfiles, type RawStreamRecord } from '../../shared/profiles/update-profiles';
import { anonymousSubject, subjectOf } from '../../shared/privacy/user-id';
import { FakeDeadLetterQueue, InMemoryProfileStore, rawRecord } from './fakes';
import { ANON, FakeStream, rawIdentify } from './identity-fixtures';
import { HOUR, MINUTE, T0, UID, context, event, iso, item } from './fixtures';

/**
 * DELETE /v1/profiles/{id}?subject=anonymous: an anonymous visitor (a tracker's anonymousId) is
 * erased as a user is (decisions, consent state with its proofs kept, profile), and a link from it to
 * a user is cut: the user keeps the merged history (theirs to erase), no longer the visitor's pseudonym.
 */
const ANON_SHARD = 'shardId-000000000001';
const at = (minute: number) => iso(T0 + minute * MINUTE);
const shoes = (minute: number) => event({ type: 'product_view', item: item(`shoe-${minute}`, 'shoes', { price: 80 }), timestamp: at(minute) });
const hats = (minute: number) => event({ type: 'product_view', item: item(`hat-${minute}`, 'hats', { price: 20 }), timestamp: at(minute) });
const visitorEvents = (first: number) => [shoes(0), shoes(1)].map((body, index) => rawRecord(first + index, body, { uid: ANON, shardId: ANON_SHARD }));
const ERASED_AT = new Date(T0 + HOUR);

function setup() {
  const store = new InMemoryProfileStore();
  const stream = new FakeStream();
  const run = (records: readonly RawStreamRecord[]) => updateProfiles(records, { store, deadLetters: new FakeDeadLetterQueue(), context: context(), forwarder: stream });
  const calls: string[] = [];
  const deps: ErasureDeps = {
    profiles: store,
    decisions: { eraseUser: async (uid) => (calls.push(`decisions:${uid}`), 0) },
    consents: { erase: async (uid, _at, days) => (calls.push(`consents:${uid}:${days}`), { versions: 0 }) },
    consentProofRetentionDays: 1095,
  };
  return { store, stream, run, deps, calls };
}

describe('subjectOf', () => {
  it('names a user by the id itself and an anonymous visitor in the namespace no user id reaches', () => {
    expect(subjectOf('user', 'device-1')).toBe('device-1');
    expect(subjectOf('anonymous', 'device-1')).toBe(anonymousSubject('device-1'));
    expect(subjectOf('anonymous', 'device-1')).not.toBe(subjectOf('user', 'device-1'));
  });
});

describe('eraseSubject, anonymous', () => {
  it('erases a visitor never linked to a user: decisions, consent state (proofs kept) and a tombstone for its profile', async () => {
    const { store, run, deps, calls } = setup();
    await run(visitorEvents(1));
    await eraseSubject({ kind: 'anonymous', uid: ANON }, ERASED_AT, deps);
    expect(calls).toEqual([`decisions:${ANON}`, `consents:${ANON}:1095`]);
    expect(store.items.get(ANON)?.value).toEqual({ uid: ANON, erasedAt: ERASED_AT.toISOString() });
  });

  it('is a 404 when nothing was stored for the visitor, after writing the tombstone all the same', async () => {
    const { store, deps } = setup();
    await expect(eraseSubject({ kind: 'anonymous', uid: ANON }, ERASED_AT, deps)).rejects.toMatchObject({ statusCode: 404, message: expect.stringMatching(/anonymous/) });
    expect(store.items.get(ANON)?.value).toEqual({ uid: ANON, erasedAt: ERASED_AT.toISOString() });
  });

  it('cuts the link of a visitor merged into a user: the user keeps the merged history but no longer names the visitor', async () => {
    const { store, run, deps } = setup();
    await run(visitorEvents(1));
    await run([rawRecord(1, hats(30)), rawIdentify(2, { minute: 31 })]);
    expect(store.profile(UID)?.identity?.linked?.map((link) => link.anonymousUid)).toEqual([ANON]);
    const applied = store.profile(UID)!.lineage.eventsApplied;
    // Act
    await eraseSubject({ kind: 'anonymous', uid: ANON }, ERASED_AT, deps);
    // Assess
    expect(store.items.get(ANON)?.value).toEqual({ uid: ANON, erasedAt: ERASED_AT.toISOString() });
    const user = store.profile(UID)!;
    expect(user.identity?.linked ?? []).toEqual([]);
    expect(user.lineage.eventsApplied).toBe(applied);
    expect([...user.interests.categoryLong.keys()].sort()).toEqual(['hats', 'shoes']);
  });

  it('takes the user\'s new version when the user\'s profile changes while the link is cut', async () => {
    const { store, run, deps } = setup();
    await run(visitorEvents(1));
    await run([rawRecord(1, hats(30)), rawIdentify(2, { minute: 31 })]);
    let raced = false;
    const racing = Object.assign(Object.create(store) as InMemoryProfileStore, {
      save: async (...args: Parameters<InMemoryProfileStore['save']>) => {
        if (!raced) {
          raced = true;
          await run([rawRecord(3, hats(40))]);
        }
        return store.save(...args);
      },
    });
    await eraseSubject({ kind: 'anonymous', uid: ANON }, ERASED_AT, { ...deps, profiles: racing });
    const user = store.profile(UID)!;
    expect(user.identity?.linked ?? []).toEqual([]);
    expect(user.lineage.eventsApplied).toBe(4);
    expect(store.items.get(ANON)?.value).toEqual({ uid: ANON, erasedAt: ERASED_AT.toISOString() });
  });
});

describe('eraseSubject, user', () => {
  it('erases the user as before: decisions, consent state, then the user and every visitor merged into them', async () => {
    const { store, run, deps, calls } = setup();
    await run(visitorEvents(1));
    await run([rawRecord(1, hats(30)), rawIdentify(2, { minute: 31 })]);
    await eraseSubject({ kind: 'user', uid: UID }, ERASED_AT, deps);
    expect(calls).toEqual([`decisions:${UID}`, `consents:${UID}:1095`]);
    expect(store.items.get(UID)?.value).toEqual({ uid: UID, erasedAt: ERASED_AT.toISOString() });
    expect(store.items.get(ANON)?.value).toEqual({ uid: ANON, erasedAt: ERASED_AT.toISOString() });
  });
});
