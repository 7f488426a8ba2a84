/**
 * Identity stitching at fold level: what merging an anonymous visitor's profile into a user's does to
 * the user's features, and when a link merges nothing.
 */
import { randomUUID } from 'node:crypto';
import { profileItem, fromItem } from '../../shared/aws/profile-store';
import { pseudonymousId } from '../../shared/privacy/pseudonymize';
import { decodeProfile, encodeProfile } from '../../shared/profiles/codec';
import { valueAt } from '../../shared/profiles/decay';
import { foldUserRecords, type UserRecord } from '../../shared/profiles/fold';
import { MAX_LINKED_ANONYMOUS, linkedAnonymousUids, releaseDue } from '../../shared/profiles/identity';
import { halfLives } from '../../shared/profiles/settings';
import type { ProfileState } from '../../shared/profiles/state';
import { withoutFeatures } from '../../shared/profiles/fold';
import { STREAM_RECORD_VERSION } from '../../shared/stream/records';
import { ANON, OTHER_ANON, identifyUserRecord } from './identity-fixtures';
import { HOUR, MINUTE, OTHER_UID, SHARD, T0, UID, context, event, foldBatches, iso, item, profileOf, seq, userRecords } from './fixtures';

const ctx = context();
const SECRET = 'test-pseudonymisation-secret-of-32-chars';
const at = (minute: number) => iso(T0 + minute * MINUTE);

/** A visitor browsing shoes before signing in: views, a search, a cart, half a video. */
const anonymousSession = () => [
  event({ type: 'product_view', item: item('p1', 'shoes', { brand: 'acme', price: 80 }), dwellMs: 20_000, timestamp: at(0), device: { type: 'mobile' }, network: 'wifi' }),
  event({ type: 'search', query: 'Trail Shoes', timestamp: at(2) }),
  event({ type: 'add_to_cart', item: item('p1', 'shoes', { brand: 'acme', price: 80 }), timestamp: at(3) }),
  event({ type: 'video_progress', videoId: 'v1', progress: 0.5, category: 'running', timestamp: at(4) }),
];
/** The same person signed in: hats, a purchase, the same video finished. */
const userSession = () => [
  event({ type: 'product_view', item: item('p2', 'hats', { price: 30 }), timestamp: at(60), device: { type: 'desktop' } }),
  event({ type: 'video_progress', videoId: 'v1', progress: 1, category: 'running', timestamp: at(61) }),
  event({ type: 'purchase', orderId: 'o1', currency: 'EUR', items: [{ itemId: 'p1', category: 'shoes', brand: 'acme', price: 80, quantity: 1 }], timestamp: at(62) }),
];

const foldAs = (uid: string, bodies: ReturnType<typeof anonymousSession>, first = 1) => profileOf(foldBatches([userRecords(bodies, first, { uid })]));
const stored = (value: ProfileState, version = 1) => ({ value, version });
const linkWith = (anonymous?: ProfileState, version = 1) => new Map(anonymous ? [[anonymous.uid, stored(anonymous, version)]] : []);

function link(user: ProfileState | undefined, n: number, anonymous?: ProfileState, options: Parameters<typeof identifyUserRecord>[1] = {}) {
  return foldUserRecords(user, [identifyUserRecord(n, { minute: 90, ...options })], ctx, linkWith(anonymous));
}

describe('merging an anonymous profile into the user (fold)', () => {
  it('gives the same features as one profile that saw both histories', () => {
    // Prepare
    const anonymousBodies = anonymousSession();
    const userBodies = userSession();
    const anonymous = foldAs(ANON, anonymousBodies);
    const user = foldAs(UID, userBodies, 10);
    const together = foldAs(UID, [...anonymousBodies, ...userBodies]);
    // Act
    const merged = link(user, 20, anonymous).state!;
    // Assess
    const { shortMs, longMs } = halfLives(ctx.settings);
    const now = T0 + 2 * HOUR;
    for (const [map, halfLife] of [['categoryShort', shortMs], ['categoryLong', longMs], ['brandShort', shortMs], ['brandLong', longMs]] as const) {
      expect([...merged.interests[map].keys()].sort()).toEqual([...together.interests[map].keys()].sort());
      for (const key of together.interests[map].keys()) {
        const [mine, single] = [valueAt(merged.interests[map].get(key)!, now, halfLife), valueAt(together.interests[map].get(key)!, now, halfLife)];
        // A video watched across the sign-in interests each profile by how far it got there: the user's
        // profile counted the whole watch, not only the part after the visitor's. Everything else adds up.
        if (key === 'running') expect(mine).toBeGreaterThan(single);
        else expect(mine).toBeCloseTo(single, 9);
      }
    }
    expect(merged.spending).toEqual(together.spending);
    expect(merged.engagement).toEqual(together.engagement);
    expect({ ...merged.activity, weekly: undefined }).toEqual({ ...together.activity, weekly: undefined });
    expect(merged.activity.weekly.v).toBeCloseTo(together.activity.weekly.v, 9);
    expect(merged.context).toEqual(together.context);
    expect(merged.lineage.eventsApplied).toBe(7);
    expect(merged.lineage.features).toEqual(together.lineage.features);
  });

  it('records the link in the lineage with the link id, when and by which pipeline version', () => {
    const anonymous = foldAs(ANON, anonymousSession());
    const merged = link(foldAs(UID, userSession(), 10), 20, anonymous, { linkId: 'msg-42' }).state!;
    expect(merged.identity?.linked).toEqual([
      { anonymousUid: ANON, linkId: 'msg-42', linkedAt: expect.any(String), mergedAt: iso(T0 + 90 * MINUTE + 1000), pipelineVersion: 'profiles-test-1', outcome: 'merged', events: 4 },
    ]);
    expect(linkedAnonymousUids(merged)).toEqual([ANON]);
  });

  it('keeps an event counted under the anonymous id a duplicate when it arrives again under the user id', () => {
    // Prepare
    const anonymousBodies = anonymousSession();
    const merged = link(foldAs(UID, userSession(), 10), 20, foldAs(ANON, anonymousBodies)).state!;
    // Act: the tracker resends its pre-login queue after sign-in, now under the user id.
    const resent = foldUserRecords(merged, userRecords(anonymousBodies, 30), ctx);
    // Assess
    expect(resent.applied).toBe(0);
    expect(resent.dropped).toEqual({ 'duplicate-event': 4 });
    expect(resent.state?.spending.carted.n).toBe(1);
  });

  it('asks to claim the anonymous profile at the version read, history untouched until the user holds it', () => {
    const anonymous = foldAs(ANON, anonymousSession());
    const result = link(foldAs(UID, userSession(), 10), 20, anonymous);
    expect(result.identity?.claims).toHaveLength(1);
    const claim = result.identity!.claims[0]!;
    expect(claim.expectedVersion).toBe(1);
    expect(claim.state.identity?.mergedInto).toEqual({ uid: UID, linkId: 'link-1', at: iso(T0 + 90 * MINUTE + 1000) });
    expect(claim.state.spending).toEqual(anonymous.spending);
    expect(releaseDue(claim.state, result.state)).toBe(true);
    expect(releaseDue(withoutFeatures(claim.state), result.state)).toBe(false);
  });

  it('links a visitor never seen yet: the claim creates its profile so later events follow the link', () => {
    const result = link(foldAs(UID, userSession(), 10), 20, undefined);
    expect(result.identity?.claims[0]).toMatchObject({ expectedVersion: undefined, state: { uid: ANON, identity: { mergedInto: { uid: UID } } } });
    expect(result.identity?.claims[0]?.state.lineage.eventsApplied).toBe(0);
    expect(result.state?.identity?.linked?.[0]).toMatchObject({ anonymousUid: ANON, outcome: 'merged', events: 0 });
    expect(result.state?.lineage.eventsApplied).toBe(3);
  });

  it('merges once: a second identify for the same visitor (another link id) changes no feature and claims nothing', () => {
    const anonymous = foldAs(ANON, anonymousSession());
    const once = link(foldAs(UID, userSession(), 10), 20, anonymous).state!;
    const snapshot = structuredClone(once);
    const again = link(once, 21, anonymous, { linkId: 'link-2', minute: 95 });
    expect(again.identity).toEqual({ claims: [], links: {}, overLimit: 0 });
    expect({ ...again.state, lineage: undefined, cleaning: undefined }).toEqual({ ...snapshot, lineage: undefined, cleaning: undefined });
    expect(again.state?.lineage.eventsApplied).toBe(snapshot.lineage.eventsApplied);
  });

  it('merges a profile another user already claimed (a shared device) into nobody: the link says so', () => {
    const anonymous = foldAs(ANON, anonymousSession());
    anonymous.identity = { mergedInto: { uid: OTHER_UID, linkId: 'x', at: at(50) } };
    const result = link(foldAs(UID, userSession(), 10), 20, anonymous);
    expect(result.identity?.claims).toEqual([]);
    expect(result.state?.identity?.linked?.[0]?.outcome).toBe('claimed-by-other-user');
    expect(result.state?.lineage.eventsApplied).toBe(3);
    expect(linkedAnonymousUids(result.state)).toEqual([]);
  });

  it('brings no profiling data into the profile of a user who refused profiling, yet claims the visitor so it is forgotten', () => {
    // Prepare: the user refused profiling before signing in on this device.
    const refusal: UserRecord = {
      shardId: SHARD,
      sequenceNumber: seq(1),
      record: { v: STREAM_RECORD_VERSION, kind: 'consent', uid: UID, receivedAt: at(1), consent: { changeId: 'c1', version: 1, changedAt: at(1), purposes: { profiling: 'refused', 'personalised-marketing': 'refused' } } },
    };
    const user = profileOf(foldBatches([[refusal, ...userRecords(userSession(), 2)]]));
    // Act
    const result = link(user, 20, foldAs(ANON, anonymousSession()));
    // Assess
    expect(result.state?.identity?.linked?.[0]?.outcome).toBe('consent-refused');
    expect(result.state?.lineage.features).toEqual({});
    expect(result.state?.interests.categoryLong.size).toBe(0);
    expect(result.state?.cleaning.seenEvents.byteLength).toBe(0);
    expect(result.identity?.claims).toHaveLength(1);
    expect(linkedAnonymousUids(result.state)).toEqual([ANON]);
  });

  it(`stops at ${MAX_LINKED_ANONYMOUS} visitors per user, counting the links it refused`, () => {
    // Prepare
    let user: ProfileState = foldAs(UID, userSession(), 10);
    for (let index = 0; index < MAX_LINKED_ANONYMOUS; index++) user = link(user, 100 + index, undefined, { anonymousUid: `anon${String(index).padStart(40, '0')}`, linkId: `l${index}` }).state!;
    // Act
    const over = link(user, 200, foldAs(OTHER_ANON, anonymousSession()), { anonymousUid: OTHER_ANON });
    // Assess
    expect(over.identity).toEqual({ claims: [], links: {}, overLimit: 1 });
    expect(over.state?.identity?.linked).toHaveLength(MAX_LINKED_ANONYMOUS);
    expect(over.state?.identity?.overLimit).toBe(1);
    expect(over.state?.lineage.eventsApplied).toBe(3);
  });

  it('round-trips the identity fields through the compact codec and keeps a full profile far below the item limit', () => {
    // Prepare
    let user = link(foldAs(UID, userSession(), 10), 20, foldAs(ANON, anonymousSession())).state!;
    // Real pseudonyms and tracker message ids are random: incompressible.
    for (let index = 1; index < MAX_LINKED_ANONYMOUS; index++) user = link(user, 100 + index, undefined, { anonymousUid: pseudonymousId(SECRET, `device-${index}`), linkId: randomUUID() }).state!;
    // Act
    const decoded = decodeProfile(UID, encodeProfile(user));
    const item = profileItem(user, 3);
    // Assess
    // The codec keeps every field exactly but rounds fingerprint arrivals to the hour, interest
    // scores to 9 significant digits and the running sums the view rounds to 12 (codec.test.ts).
    const sums = (state: ProfileState) => [state.activity.weekly.v, state.spending.viewed.sumLog, state.spending.carted.sumLog, state.spending.purchased.sumLog];
    const exactPart = (state: ProfileState) => ({
      ...state,
      interests: [...state.interests.categoryLong.keys()],
      cleaning: { ...state.cleaning, seenEvents: undefined },
      activity: { ...state.activity, weekly: state.activity.weekly.t },
      spending: { ...state.spending, viewed: [state.spending.viewed.n, state.spending.viewed.max], carted: [state.spending.carted.n, state.spending.carted.max], purchased: [state.spending.purchased.n, state.spending.purchased.max] },
    });
    expect(decoded.identity).toEqual(user.identity);
    expect(exactPart(decoded)).toEqual(exactPart(user));
    expect(exactPart(fromItem(item).value as ProfileState)).toEqual(exactPart(user));
    for (const [key, { v }] of [...user.interests.categoryLong]) expect(decoded.interests.categoryLong.get(key)!.v).toBeCloseTo(v, 8);
    sums(decoded).forEach((sum, index) => expect(sum).toBeCloseTo(sums(user)[index]!, 10));
    const bytes = (item.p as Uint8Array).byteLength + ((item.f as Uint8Array | undefined)?.byteLength ?? 0);
    // One DynamoDB write unit per started KB: the full link list costs a few, far below the 400 KB item limit.
    expect(bytes).toBeLessThan(6 * 1024);
  });

  it('reads a profile stored before identity stitching (no identity field) and merges into it', () => {
    const legacy = foldAs(UID, userSession(), 10);
    delete legacy.identity;
    const decoded = decodeProfile(UID, encodeProfile(legacy));
    expect(decoded.identity).toBeUndefined();
    expect(link(decoded, 20, foldAs(ANON, anonymousSession())).state?.identity?.linked).toHaveLength(1);
  });
});

