/**
 * The feature updater validates stream records with parsers zod compiles from the schemas
 * (`COMPILED_STREAM_SCHEMAS`, shared/stream/records.ts). They must be the schemas, only faster: on
 * every record, valid or not, the compiled parser and zod's runtime parser must agree on accept or
 * reject, on the parsed output (values, defaults, trimmed strings, transformed timestamps, key order)
 * and, on a reject, on the issues that become the dead-letter reason.
 */
import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import {
  COMPILED_STREAM_SCHEMAS,
  ConsentStreamRecordSchema,
  DecisionStreamRecordSchema,
  EventStreamRecordSchema,
  IdentityStreamRecordSchema,
  decodeStreamRecord,
} from '../../shared/stream/records';
import { base64 } from '../profiles/fakes';
import { T0, UID, iso } from '../profiles/fixtures';

const SCHEMAS = [
  ['event', EventStreamRecordSchema, COMPILED_STREAM_SCHEMAS.event],
  ['decision', DecisionStreamRecordSchema, COMPILED_STREAM_SCHEMAS.decision],
  ['consent', ConsentStreamRecordSchema, COMPILED_STREAM_SCHEMAS.consent],
  ['identify', IdentityStreamRecordSchema, COMPILED_STREAM_SCHEMAS.identify],
] as const;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const envelope = { v: 1, uid: UID, receivedAt: iso(T0 + 1000) };
const base = { eventId: '  evt-1 ', timestamp: '2024-05-01T18:00:00.000+08:00' };
const device = { type: 'mobile', os: 'iOS', userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X)' };
const context = { sessionId: 's-1', channel: 'wechat', campaign: 'spring', device, network: 'wifi', decisionId: 'dec_12345678' };
const shoe = { itemId: 'p-1', category: ' running shoes ', brand: 'Li-Ning', price: 399.5 };

/** One valid record of every event type and kind, with optional fields both present and absent. */
const VALID: readonly Json[] = [
  { ...envelope, event: { ...base, type: 'page_view', category: 'shoes', dwellMs: 12_000 } },
  { ...envelope, event: { ...base, ...context, type: 'page_view' } },
  { ...envelope, kind: 'event', event: { ...base, type: 'product_view', item: shoe, dwellMs: 0 } },
  { ...envelope, event: { ...base, timestamp: T0, type: 'product_view', item: { itemId: 'p-2' } } },
  { ...envelope, event: { ...base, type: 'search', query: '  Red Shoes ', category: 'shoes' } },
  { ...envelope, event: { ...base, type: 'add_to_cart', item: shoe } },
  { ...envelope, event: { ...base, ...context, type: 'add_to_cart', item: shoe, quantity: 3 } },
  { ...envelope, event: { ...base, type: 'purchase', orderId: 'o-1', items: [{ ...shoe, quantity: 2 }, { itemId: 'p-3', price: 0 }] } },
  { ...envelope, event: { ...base, type: 'purchase', orderId: 'o-2', currency: 'USD', items: [{ itemId: 'p-3', price: 1e-6, quantity: 999 }] } },
  { ...envelope, event: { ...base, type: 'video_progress', videoId: 'v-1', category: 'tv', progress: 0.5 } },
  { ...envelope, event: { ...base, type: 'like', item: shoe } },
  { ...envelope, event: { ...base, type: 'comment', item: { itemId: 'p-4', brand: 'Anta' } } },
  { ...envelope, event: { ...base, type: 'share', item: shoe } },
  { ...envelope, event: { ...base, type: 'ad_impression', adId: 'ad-1', channel: 'douyin', campaign: 'c-1', category: 'shoes' } },
  { ...envelope, event: { ...base, ...context, type: 'ad_click', adId: 'ad-1', channel: 'douyin', campaign: 'c-1' } },
  { ...envelope, kind: 'decision', decision: { decisionId: 'd-1', armId: 'a', nested: [1, { x: null }] } },
  { ...envelope, kind: 'consent', consent: { changeId: 'c-1', version: 2, changedAt: iso(T0), purposes: { profiling: 'granted', 'personalised-marketing': 'refused' } } },
  { ...envelope, kind: 'identify', link: { anonymousUid: 'anon-0123456789abcdef', linkId: 'l-1', linkedAt: iso(T0) } },
];

/** Values every field is replaced with in turn: wrong types, bounds, prototype names, odd numbers, bad unicode, near-valid dates. */
const ODD_VALUES: readonly Json[] = [
  null, true, false, 0, -0, 1, -1, 0.5, 1.5, 5e-324, 1e-7, 1e308, -1e308, 2 ** 53, 2 ** 53 + 2, Number.MAX_SAFE_INTEGER, 1e21,
  '', ' ', 'x', 'x'.repeat(64), 'x'.repeat(65), 'x'.repeat(129), 'x'.repeat(513), '__proto__', '__PROTO__', 'constructor', 'toString',
  '\uD800', 'a\uDC00b', '\uD83D\uDE00', '\u0000', 'CNY', 'XXX', 'cny', 'event', 'decision', 'consent', 'identify', 'mobile',
  '2024-05-01T10:00:00Z', '2024-05-01T10:00:00.000+08:00', '2024-05-01T10:00:00', '2024-13-01T10:00:00Z', '2024-02-30T10:00:00Z', '1714557600000',
  946684800000, 946684799999, 4102444800000, 4102444800001, [], [1], {}, { itemId: 'p' },
];

const EXTRA_KEYS = ['extra', 'constructor', 'toString', 'hasOwnProperty', '__proto__', 'kind', 'type', 'userId', 'email'];

/** Every path to a value inside `value` (object keys and array indices). */
function paths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [];
  const keys: (string | number)[] = Array.isArray(value) ? value.map((_, index) => index) : Object.keys(value);
  return keys.flatMap((key) => {
    const child = (value as Record<string | number, Json>)[key]!;
    return [[...prefix, key], ...paths(child, [...prefix, key])];
  });
}

/**
 * A copy of `value` with the value at `path` replaced (or deleted, or given an extra key), built
 * through JSON text so that a `__proto__` key becomes an own property exactly as JSON.parse makes it.
 */
function mutate(value: Json, path: readonly (string | number)[], change: { set: Json } | { delete: true } | { extraKey: string; extra: Json }): string {
  const copy = JSON.parse(JSON.stringify(value)) as Json;
  const parent = path.slice(0, -1).reduce<Json>((node, key) => (node as Record<string | number, Json>)[key]!, copy) as Record<string | number, Json>;
  const last = path[path.length - 1]!;
  const marker = '\u0001EXTRA\u0001';
  if ('set' in change) parent[last] = change.set;
  else if ('delete' in change) {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else {
    const target = parent[last];
    if (target === null || typeof target !== 'object' || Array.isArray(target)) return JSON.stringify(copy);
    (target as Record<string, Json>)[marker] = change.extra;
    return JSON.stringify(copy).replace(JSON.stringify(marker), JSON.stringify(change.extraKey));
  }
  return JSON.stringify(copy);
}

/** Compiled and runtime parsing of one JSON text, each on its own fresh parse of the text. */
function expectAgreement(schema: z.ZodType, compiled: z.ZodType, text: string): boolean {
  const runtime = schema.safeParse(JSON.parse(text));
  const fast = compiled.safeParse(JSON.parse(text));
  expect(fast.success).toBe(runtime.success);
  if (runtime.success && fast.success) {
    // Node's strict deep equality (prototypes, own keys, -0): jest's toStrictEqual compares `constructor`
    // properties, which a payload's own "constructor" key turns into two distinct parsed objects.
    expect(isDeepStrictEqual(fast.data, runtime.data)).toBe(true);
    // Key order too: the fold keeps parsed objects and the codec writes them as JSON.
    expect(JSON.stringify(fast.data)).toBe(JSON.stringify(runtime.data));
  } else {
    expect(fast.error?.issues).toEqual(runtime.error?.issues);
  }
  return runtime.success;
}

const schemaFor = (record: Json) => {
  const kind = (record as { kind?: string }).kind ?? 'event';
  return SCHEMAS.find(([name]) => name === kind)!;
};

describe('compiled stream record schemas', () => {
  it.each(SCHEMAS)('zod compiles the %s record schema (no silent fallback to the runtime parser)', (_name, schema) => {
    expect(() => z.compile(schema, { strict: true })).not.toThrow();
  });

  it('accept every valid record with exactly the output of the runtime parser (trimmed ids, defaults, timestamps)', () => {
    for (const record of VALID) {
      const [, schema, compiled] = schemaFor(record);
      expect(expectAgreement(schema, compiled, JSON.stringify(record))).toBe(true);
    }
    // The sample exercises the transforms: a trimmed id, a default quantity and currency, an epoch timestamp.
    const parsed = COMPILED_STREAM_SCHEMAS.event.parse(VALID[3]);
    expect(parsed.event.eventId).toBe('evt-1');
    expect(parsed.event.timestamp).toBe(iso(T0));
    const purchase = COMPILED_STREAM_SCHEMAS.event.parse(VALID[7]);
    expect(purchase.event.type === 'purchase' && [purchase.event.currency, purchase.event.items[1]!.quantity]).toEqual(['CNY', 1]);
  });

  it('agree with the runtime parser when any field is replaced by an odd value, deleted or given an extra key', () => {
    let accepted = 0;
    let rejected = 0;
    for (const record of VALID) {
      const [, schema, compiled] = schemaFor(record);
      for (const path of paths(record)) {
        const variants = [
          ...ODD_VALUES.map((set) => mutate(record, path, { set })),
          mutate(record, path, { delete: true }),
          ...EXTRA_KEYS.map((extraKey) => mutate(record, path, { extraKey, extra: { polluted: true } })),
        ];
        for (const text of variants) {
          if (expectAgreement(schema, compiled, text)) accepted++;
          else rejected++;
        }
      }
      for (const extraKey of EXTRA_KEYS) {
        const text = JSON.stringify(record).replace(/^\{/, `{${JSON.stringify(extraKey)}:{"polluted":true},`);
        expectAgreement(schema, compiled, text);
      }
    }
    // Both sides of the contract were exercised in numbers.
    expect(accepted).toBeGreaterThan(1_000);
    expect(rejected).toBeGreaterThan(5_000);
  });

  it('agree with the runtime parser on random values at random places (property test)', () => {
    const json = fc.letrec<{ value: Json }>((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.constantFrom(...ODD_VALUES),
        fc.double(),
        fc.integer(),
        fc.string({ unit: 'binary', maxLength: 80 }),
        fc.array(tie('value'), { maxLength: 3 }),
        fc.dictionary(fc.oneof(fc.constantFrom(...EXTRA_KEYS), fc.string({ maxLength: 8 })), tie('value'), { maxKeys: 3 }),
      ),
    })).value;
    const cases = fc.tuple(fc.constantFrom(...VALID), fc.nat(), json, fc.constantFrom<'set' | 'delete' | 'extra'>('set', 'set', 'delete', 'extra'), fc.string({ maxLength: 12 }));
    fc.assert(
      fc.property(cases, ([record, pick, value, how, extraKey]) => {
        const all = paths(record);
        const path = all[pick % all.length]!;
        const safe = JSON.parse(JSON.stringify(value ?? null)) as Json; // JSON has no -0 key order or NaN: what a payload can be
        const text = how === 'set' ? mutate(record, path, { set: safe }) : how === 'delete' ? mutate(record, path, { delete: true }) : mutate(record, path, { extraKey, extra: safe });
        const [, schema, compiled] = schemaFor(record);
        expectAgreement(schema, compiled, text);
      }),
      { numRuns: 3_000, seed: 15 },
    );
  });

  it('keep the dead-letter reason of an invalid record the one zod gives', () => {
    const invalid = { ...envelope, event: { ...base, type: 'purchase', orderId: 'o-1', currency: 'XXX', items: [] } };
    const decoded = decodeStreamRecord(base64(JSON.stringify(invalid)), UID);
    const runtime = EventStreamRecordSchema.safeParse(invalid);
    expect(decoded.ok).toBe(false);
    expect(runtime.success).toBe(false);
    expect(!decoded.ok && decoded.reason).toBe(
      `payload does not match the stream record schema: ${runtime.error!.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`,
    );
  });
});
