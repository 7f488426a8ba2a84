import fc from 'fast-check';
import { fromItem, profileItem } from '../../shared/aws/profile-store';
import { PROFILE_CODEC_VERSION, decodeProfile, encodeProfile } from '../../shared/profiles/codec';
import type { EventBody } from '../../shared/profiles/events';
import { emptyProfile } from '../../shared/profiles/fold';
import { MINUTE, SECOND, T0, UID, context, event, foldOnce, iso, item } from './fixtures';

const CATEGORIES = ['running shoes', 'handbags', '护肤品', 'constructor', 'books'];

/** A shopper's session: views with dwell, searches, carts, a purchase, video and ads. */
function session(seed: number, length: number): EventBody[] {
  return Array.from({ length }, (_, index) => {
    const at = iso(T0 + index * 37 * SECOND + seed * MINUTE);
    const category = CATEGORIES[(seed + index) % CATEGORIES.length]!;
    const product = item(`sku-${seed}-${index % 7}`, category, { brand: `brand-${index % 3}`, price: 19.9 + index * 13 });
    const device = { type: 'mobile', userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X)' };
    switch (index % 6) {
      case 0: return event({ type: 'product_view', item: product, dwellMs: 12_000 + index, timestamp: at, device, network: 'wifi' });
      case 1: return event({ type: 'search', query: `${category} sale`, category, timestamp: at, device });
      case 2: return event({ type: 'add_to_cart', item: product, quantity: 2, timestamp: at });
      case 3: return event({ type: 'video_progress', videoId: `v-${index}`, category, progress: 0.5, timestamp: at });
      case 4: return event({ type: 'ad_click', adId: `ad-${index}`, channel: 'douyin', campaign: 'spring', category, timestamp: at });
      default: return event({ type: 'purchase', orderId: `o-${seed}-${index}`, currency: 'CNY', items: [{ ...product, quantity: 1 }], timestamp: at });
    }
  });
}

/** DynamoDB's size of a binary or string attribute: its name plus its bytes. */
const itemBytes = (item: Record<string, unknown>) =>
  Object.entries(item).reduce((sum, [name, value]) => sum + name.length + (value instanceof Uint8Array ? value.byteLength : Buffer.byteLength(String(value))), 0);

describe('compact profile codec', () => {
  it('round-trips a realistic profile exactly, fingerprints included', () => {
    const state = foldOnce(session(1, 40));
    const decoded = decodeProfile(UID, encodeProfile(state));
    expect(decoded).toEqual(state);
    expect(decoded.cleaning.seenEvents.byteLength).toBe(state.cleaning.seenEvents.byteLength);
  });

  it('round-trips any folded profile through the stored item (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000 }), fc.integer({ min: 1, max: 60 }), (seed, length) => {
        const state = foldOnce(session(seed, length));
        expect(fromItem(profileItem(state, 3))).toEqual({ value: state, version: 3 });
      }),
      { numRuns: 40 },
    );
  });

  it('round-trips a profile that has recorded only drops (no applied event yet)', () => {
    const state = emptyProfile(UID, context(), iso(T0));
    expect(decodeProfile(UID, encodeProfile(state))).toEqual(state);
  });

  it('stores a typical sparse-traffic profile in one DynamoDB write unit, where its JSON needs two or more', () => {
    // Prepare: four events, as a real shopper has over a session.
    const state = foldOnce(session(2, 4));
    // Act
    const compact = itemBytes(profileItem(state, 1));
    const json = Buffer.byteLength(JSON.stringify({ ...state, cleaning: { ...state.cleaning, seenEvents: '' } })) + state.cleaning.seenEvents.byteLength;
    // Assess
    expect(compact).toBeLessThanOrEqual(1_024);
    expect(json).toBeGreaterThan(1_024);
  });

  it('refuses a body of an unknown codec version or a corrupt body instead of reading garbage', () => {
    const encoded = encodeProfile(foldOnce(session(3, 5)));
    const future = { ...encoded, body: Uint8Array.from([PROFILE_CODEC_VERSION + 1, ...encoded.body.subarray(1)]) };
    expect(() => decodeProfile(UID, future)).toThrow(/codec version/);
    const corrupt = { ...encoded, body: encoded.body.map((byte, index) => (index > 3 ? byte ^ 0x5a : byte)) };
    expect(() => decodeProfile(UID, corrupt)).toThrow();
  });
});
