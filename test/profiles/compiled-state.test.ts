/**
 * Every stored profile is validated on read by the parser zod compiles from `ProfileStateSchema`
 * (`CompiledProfileStateSchema`). It must be the schema, only faster: on any state read from an item,
 * well-formed or corrupt, compiled and runtime parsing agree on accept or reject, on the output and on
 * the issues (the reason a corrupt item is refused with).
 */
import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import { fromItem } from '../../shared/aws/profile-store';
import { decodeProfile, encodeProfile } from '../../shared/profiles/codec';
import type { EventBody } from '../../shared/profiles/events';
import { CompiledProfileStateSchema, ProfileStateSchema, profileToStored, type ProfileState } from '../../shared/profiles/state';
import { fromWire, toWire } from '../../shared/profiles/wire';
import { MINUTE, SECOND, T0, UID, event, foldOnce, iso, item } from './fixtures';

/** A shopper with every feature group fed, a consent change and an identity link. */
function profile(): ProfileState {
  const bodies: EventBody[] = Array.from({ length: 24 }, (_, index) => {
    const at = iso(T0 + index * 37 * SECOND);
    // By pairs of events: every category reaches a product event (views, carts and purchases are at 0, 2 and 5 of 6).
    const product = item(`sku-${index % 5}`, ['shoes', 'constructor', '护肤品'][(index >> 1) % 3]!, { brand: `brand-${index % 2}`, price: 10 + index });
    switch (index % 6) {
      case 0: return event({ type: 'product_view', item: product, dwellMs: 9_000, timestamp: at, device: { type: 'mobile' }, network: 'wifi' });
      case 1: return event({ type: 'search', query: 'red shoes', timestamp: at });
      case 2: return event({ type: 'add_to_cart', item: product, timestamp: at });
      case 3: return event({ type: 'video_progress', videoId: `v-${index}`, progress: 0.97, timestamp: at });
      case 4: return event({ type: 'ad_click', adId: 'ad-1', channel: 'douyin', campaign: 'spring', timestamp: at });
      default: return event({ type: 'purchase', orderId: `o-${index}`, items: [{ ...product, quantity: 2 }], timestamp: new Date(T0 + index * MINUTE + 8 * 3_600_000).toISOString().replace('Z', '+08:00') });
    }
  });
  const state = foldOnce(bodies);
  state.consent = { changeId: 'c-1', version: 1, changedAt: iso(T0), purposes: { profiling: 'granted', 'personalised-marketing': 'refused' } };
  state.identity = { linked: [{ anonymousUid: 'anon-0123456789abcdef', linkId: 'l-1', linkedAt: iso(T0), mergedAt: iso(T0), pipelineVersion: 'p', outcome: 'merged', events: 3 }] };
  return state;
}

/** What the codec hands the schema on a read: the state rebuilt from its wire form. */
const readInput = (state: ProfileState) => fromWire(UID, JSON.parse(JSON.stringify(toWire(state))) as Record<string, unknown>, state.cleaning.seenEvents) as Record<string, unknown>;

type Path = (string | number)[];

function paths(value: unknown, prefix: Path = []): Path[] {
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return [];
  const keys: (string | number)[] = Array.isArray(value) ? value.map((_, index) => index) : Object.keys(value);
  return keys.flatMap((key) => [[...prefix, key], ...paths((value as Record<string | number, unknown>)[key], [...prefix, key])]);
}

const ODD_VALUES: readonly unknown[] = [null, undefined, true, 0, -0, -1, 1.5, 5e-324, 1e308, NaN, Infinity, '', 'x', '__proto__', [], {}, [1], { v: 1, t: 2 }, new Uint8Array(3), new Date(T0)];

function mutated(input: Record<string, unknown>, path: Path, change: { set: unknown } | { delete: true } | { extra: string }): Record<string, unknown> {
  const copy = structuredClone(input);
  const parent = path.slice(0, -1).reduce<Record<string | number, unknown>>((node, key) => node[key] as Record<string | number, unknown>, copy);
  const last = path[path.length - 1]!;
  if ('set' in change) parent[last] = change.set;
  else if ('delete' in change) delete parent[last];
  else {
    const target = parent[last];
    // An own key of any name, `__proto__` included, as JSON.parse would make it.
    if (target !== null && typeof target === 'object' && !(target instanceof Uint8Array)) Object.defineProperty(target, change.extra, { value: { v: 1, t: 1 }, enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

function expectAgreement(input: unknown): boolean {
  const runtime = ProfileStateSchema.safeParse(structuredClone(input));
  const compiled = CompiledProfileStateSchema.safeParse(structuredClone(input));
  expect(compiled.success).toBe(runtime.success);
  if (runtime.success && compiled.success) {
    expect(isDeepStrictEqual(compiled.data, runtime.data)).toBe(true);
    expect(JSON.stringify(compiled.data)).toBe(JSON.stringify(runtime.data));
  } else expect(compiled.error?.issues).toEqual(runtime.error?.issues);
  return runtime.success;
}

describe('compiled profile state schema', () => {
  it('is compiled by zod (no silent fallback to the runtime parser)', () => {
    expect(() => z.compile(ProfileStateSchema, { strict: true })).not.toThrow();
  });

  it('reads a stored profile exactly as the runtime parser does', () => {
    const state = profile();
    expect(expectAgreement(readInput(state))).toBe(true);
    const decoded = decodeProfile(UID, encodeProfile(state));
    // The codec's read (compiled) gives what the runtime parser makes of the same state.
    const stored = profileToStored(decoded);
    expect(isDeepStrictEqual(stored, ProfileStateSchema.parse(structuredClone(stored)))).toBe(true);
    // A key named like an Object.prototype member is an own key of the stored form and an entry of the map.
    expect(Object.hasOwn(stored.interests.categoryShort, 'constructor')).toBe(true);
    // Scores are stored to 9 significant digits (codec.ts).
    expect(decoded.interests.categoryShort.get('constructor')?.v).toBe(Number(state.interests.categoryShort.get('constructor')!.v.toPrecision(9)));
  });

  it('agrees with the runtime parser when any field of a stored state is wrong, missing or has an extra key', () => {
    const input = readInput(profile());
    let accepted = 0;
    let rejected = 0;
    for (const path of paths(input)) {
      const variants = [...ODD_VALUES.map((set) => mutated(input, path, { set })), mutated(input, path, { delete: true }), ...['__proto__', 'constructor', 'extra'].map((extra) => mutated(input, path, { extra }))];
      for (const variant of variants) {
        if (expectAgreement(variant)) accepted++;
        else rejected++;
      }
    }
    expect(accepted).toBeGreaterThan(200);
    expect(rejected).toBeGreaterThan(1_000);
  });

  it('refuses a corrupt item with the reason the runtime parser gives', () => {
    const state: Record<string, unknown> = { ...readInput(profile()), interests: { categoryShort: { shoes: { v: 'high', t: T0 } }, categoryLong: {}, brandShort: {}, brandLong: {} } };
    const item = { ...state, kind: 'profile', version: 3 };
    const runtime = ProfileStateSchema.safeParse(state);
    expect(runtime.success).toBe(false);
    expect(() => fromItem(item)).toThrow(runtime.error!.message);
  });
});
