import fc from 'fast-check';
import type { EventBody } from '../../shared/profiles/events';
import type { UserRecord } from '../../shared/profiles/fold';
import type { ProfileState } from '../../shared/profiles/state';
import { MINUTE, SECOND, T0, event, foldBatches, iso, item, profileOf, userRecord, type EventUserRecord } from './fixtures';

/**
 * Properties of the per-user fold over random event streams:
 * 1. at-least-once in, exactly-once out: any pattern of redelivery (whole batches again, a retry from
 *    a checkpoint that replays the tail of what was applied, stray replays of old windows) leaves the
 *    profile identical to delivering every record exactly once, and costs no extra write;
 * 2. one write per batch changes nothing a user sees: however an in-order stream is cut into batches
 *    (down to one record per batch, i.e. a write per event), the features come out the same.
 */

const CATEGORIES = ['shoes', 'bags', 'hats', 'books'] as const;

interface EventSpec {
  kind: number;
  category: number;
  itemNo: number;
  price: number;
  progress: number;
  /** How long before its receipt the event happened (ms). */
  lagMs: number;
  /** Time since the previous record reached the API (ms). */
  gapMs: number;
  /** Index (mod position) of an earlier event this one resends, or -1. */
  resendOf: number;
  device: number;
}

const specArb: fc.Arbitrary<EventSpec> = fc.record({
  kind: fc.integer({ min: 0, max: 8 }),
  category: fc.integer({ min: 0, max: CATEGORIES.length - 1 }),
  itemNo: fc.integer({ min: 0, max: 5 }),
  price: fc.integer({ min: 1, max: 2_000 }),
  // What the edge accepts: 0, or 10^-6 … 1 (smaller values are refused there; see shared/validation/numbers.ts).
  progress: fc.oneof(fc.constant(0), fc.double({ min: 1e-6, max: 1, noNaN: true })),
  lagMs: fc.integer({ min: 0, max: 20 * MINUTE }),
  gapMs: fc.oneof(fc.integer({ min: 0, max: 3 * SECOND }), fc.integer({ min: 0, max: 30 * MINUTE })),
  resendOf: fc.oneof({ weight: 9, arbitrary: fc.constant(-1) }, { weight: 1, arbitrary: fc.nat() }),
  device: fc.integer({ min: 0, max: 2 }),
});

function bodyOf(spec: EventSpec, index: number, at: number): EventBody {
  const category = CATEGORIES[spec.category]!;
  const product = item(`${category}-${spec.itemNo}`, category, { brand: `brand-${spec.itemNo % 3}`, price: spec.price });
  const common = { eventId: `e-${index}`, timestamp: iso(at), device: { type: (['mobile', 'desktop', 'tablet'] as const)[spec.device] }, network: spec.device ? 'wifi' : '4g' };
  switch (spec.kind) {
    case 0:
      return event({ ...common, type: 'page_view', category, dwellMs: spec.lagMs % 90_000 });
    case 1:
      return event({ ...common, type: 'product_view', item: product, dwellMs: spec.lagMs % 60_000 });
    case 2:
      return event({ ...common, type: 'search', query: `${category} ${spec.itemNo}`, category });
    case 3:
      return event({ ...common, type: 'add_to_cart', item: product, quantity: 1 + spec.itemNo });
    case 4:
      return event({ ...common, type: 'purchase', orderId: `o-${index}`, items: [{ ...product, quantity: 1 }] });
    case 5:
      return event({ ...common, type: 'video_progress', videoId: `v${spec.itemNo % 3}`, category, progress: spec.progress });
    case 6:
      return event({ ...common, type: 'like', item: product });
    case 7:
      return event({ ...common, type: 'ad_click', adId: `ad-${spec.itemNo}`, channel: 'wechat', campaign: 'spring', category });
    default:
      return event({ ...common, type: 'ad_impression', adId: `ad-${spec.itemNo}`, channel: 'wechat', campaign: 'spring', category });
  }
}

/** Records in stream order: receipt times never go back; event times lag behind (out of order). */
function toRecords(specs: readonly EventSpec[], options: { inOrder: boolean }): UserRecord[] {
  const records: EventUserRecord[] = [];
  let received = T0;
  let eventClock = T0 - 30 * MINUTE;
  specs.forEach((spec, index) => {
    received += spec.gapMs;
    const resend = spec.resendOf >= 0 && index > 0 ? records[spec.resendOf % index] : undefined;
    let body: EventBody;
    if (resend) body = resend.record.event;
    else {
      eventClock = options.inOrder ? Math.min(received, Math.max(eventClock, received - spec.lagMs)) : received - spec.lagMs;
      body = bodyOf(spec, index, eventClock);
    }
    records.push(userRecord(index + 1, body, { receivedAt: iso(received) }));
  });
  return records;
}

/** Cuts the stream into consecutive, non-empty batches at the given positions. */
function cut(records: readonly UserRecord[], cuts: readonly number[]): UserRecord[][] {
  const positions = [...new Set(cuts.map((c) => 1 + (c % Math.max(1, records.length - 1))))].filter((p) => p < records.length).sort((a, b) => a - b);
  const batches: UserRecord[][] = [];
  let start = 0;
  for (const position of [...positions, records.length]) {
    batches.push(records.slice(start, position));
    start = position;
  }
  return batches.filter((batch) => batch.length > 0);
}

interface Redelivery {
  /** 0: none; 1: the batch again right after it; 2: the next delivery starts from an earlier checkpoint; 3: a stray replay of an old window first. */
  kind: number;
  a: number;
  b: number;
}
const redeliveryArb: fc.Arbitrary<Redelivery> = fc.record({ kind: fc.integer({ min: 0, max: 3 }), a: fc.nat(), b: fc.nat() });

/** What the event source mapping might deliver for these batches, at least once each. */
function deliveries(batches: readonly UserRecord[][], plan: readonly Redelivery[]): UserRecord[][] {
  const out: UserRecord[][] = [];
  const delivered: UserRecord[] = [];
  batches.forEach((batch, index) => {
    const step = plan[index % Math.max(1, plan.length)] ?? { kind: 0, a: 0, b: 0 };
    if (step.kind === 2 && delivered.length > 0) {
      out.push([...delivered.slice(delivered.length - 1 - (step.a % delivered.length)), ...batch]);
    } else if (step.kind === 3 && delivered.length > 0) {
      const from = step.a % delivered.length;
      out.push(delivered.slice(from, from + 1 + (step.b % (delivered.length - from))));
      out.push(batch);
    } else out.push(batch);
    if (step.kind === 1) out.push(batch);
    delivered.push(...batch);
  });
  return out;
}

describe('fold properties over random streams', () => {
  it('any redelivery pattern leaves the profile exactly as delivering each record once, with no extra write', () => {
    fc.assert(
      fc.property(fc.array(specArb, { minLength: 1, maxLength: 40 }), fc.array(fc.nat(), { maxLength: 12 }), fc.array(redeliveryArb, { minLength: 1, maxLength: 8 }), (specs, cuts, plan) => {
        // Prepare
        const batches = cut(toRecords(specs, { inOrder: false }), cuts);
        const reference = foldBatches(batches);
        // Act
        const subject = foldBatches(deliveries(batches, plan));
        // Assess
        expect(subject.state).toEqual(reference.state);
        expect(subject.writes).toBe(reference.writes);
        expect(subject.writes).toBe(batches.length);
      }),
      { numRuns: 200 },
    );
  });

  it('one write per batch yields the same features as any other batching, down to a write per event', () => {
    const featuresOf = (state: ProfileState) => {
      const { lineage, ...features } = state;
      return { ...features, lineage: { eventsApplied: lineage.eventsApplied, dropped: lineage.dropped, watermarks: lineage.watermarks, features: lineage.features } };
    };
    fc.assert(
      fc.property(fc.array(specArb, { minLength: 1, maxLength: 40 }), fc.array(fc.nat(), { maxLength: 12 }), (specs, cuts) => {
        // Prepare: an in-order stream spanning less than the dedup horizon.
        const records = toRecords(specs, { inOrder: true });
        // Act
        const oneBatch = profileOf(foldBatches([records]));
        const someBatches = profileOf(foldBatches(cut(records, cuts)));
        const perEvent = profileOf(foldBatches(records.map((record) => [record])));
        // Assess
        expect(featuresOf(someBatches)).toEqual(featuresOf(oneBatch));
        expect(featuresOf(perEvent)).toEqual(featuresOf(oneBatch));
      }),
      { numRuns: 150 },
    );
  });
});
