import { z } from 'zod';
import { UserIdSchema } from '../privacy/user-id';
import { fraction, price } from '../validation/numbers';
import { hasNoControlCharacter, isWellFormed } from '../validation/strings';

/**
 * The clickstream contract. `ClientEventSchema` is what marketing systems POST to /v1/events;
 * `StreamRecordSchema` is what travels on Kinesis after the edge replaced the user id with its pseudonym.
 * Unknown fields are stripped at the edge, so an IP address or e-mail sent in an extra field never
 * reaches the stream; free text (search queries) is redacted there too.
 */

export const EVENT_TYPES = [
  'page_view',
  'product_view',
  'search',
  'add_to_cart',
  'purchase',
  'video_progress',
  'like',
  'comment',
  'share',
  'ad_impression',
  'ad_click',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/**
 * `__proto__` would become an object's prototype instead of a key in the stored maps. Only a string of
 * its nine characters lowers to it (no other character lowers to `_`, `p`, `r`, `o` or `t`), so the
 * length decides first and the lower-cased copy is made for almost no field.
 */
const notPrototype = (value: string) => value.length !== 9 || value.toLowerCase() !== '__proto__';
const NO_CONTROL = 'must not contain a control character: ids and labels are stored and shown as sent';
/** NFC; ASCII text (almost every id) is already NFC, and the check is far cheaper than ICU's normalize. */
// eslint-disable-next-line no-control-regex
const nfc = (value: string): string => (/^[\u0000-\u007f]*$/.test(value) ? value : value.normalize('NFC'));
// NFC: an id or a label typed as "é" or as e + ◌́ is one id (a resent event re-encoded is the same event).
const id = z.string().trim().overwrite(nfc).min(1).max(128).refine(notPrototype, 'reserved value').refine(isWellFormed, 'must not contain lone surrogates').refine(hasNoControlCharacter, NO_CONTROL);
const label = z.string().trim().overwrite(nfc).min(1).max(64).refine(notPrototype, 'reserved value').refine(isWellFormed, 'must not contain lone surrogates').refine(hasNoControlCharacter, NO_CONTROL);

const isoCurrencies = new Set(Intl.supportedValuesOf('currency'));
/** ISO 4217 only: a profile keeps a purchase total per currency, so the set of keys stays bounded. */
const currency = z
  .string()
  .regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as CNY')
  .refine((code) => isoCurrencies.has(code), 'not an ISO 4217 currency code');

/** ISO-8601 with an offset (kept, so time-of-day is the user's local hour) or epoch milliseconds. */
const timestamp = z.union([
  z.iso.datetime({ offset: true }),
  z
    .number()
    .int()
    .min(Date.UTC(2000, 0, 1))
    .max(Date.UTC(2100, 0, 1))
    .transform((ms) => new Date(ms).toISOString()),
]);

export const ItemSchema = z.object({
  itemId: id,
  /** Optional: many real events have none. Without it an event feeds brand, spending and engagement only. */
  category: label.optional(),
  brand: label.optional(),
  /** Unit price in major currency units. */
  price: price('price').optional(),
});

/** The device classes a profile's device mix is kept in (and a decision's `context.device` may name). */
export const DEVICE_TYPES = ['mobile', 'desktop', 'tablet', 'tv', 'other'] as const;

const DeviceSchema = z.object({
  type: z.enum(DEVICE_TYPES),
  os: label.optional(),
  /** Used only for bot detection in the stream; never stored in a profile. */
  userAgent: z.string().max(512).refine(isWellFormed, 'must not contain lone surrogates').optional(),
});

const ContextFields = {
  sessionId: id.optional(),
  channel: label.optional(),
  campaign: label.optional(),
  device: DeviceSchema.optional(),
  network: z.enum(['wifi', 'cellular', '5g', '4g', '3g', 'ethernet', 'offline', 'unknown']).optional(),
  /** The decision (POST /v1/decisions) this event answers: the decisions consumer joins it as an outcome. */
  decisionId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'decisionId must be 8-64 characters of A-Z, a-z, 0-9, _ -').optional(),
};

const base = { eventId: id, timestamp, ...ContextFields };

const dwellMs = z.number().int().nonnegative().max(24 * 3_600_000);
const quantity = z.number().int().min(1).max(999).default(1);

/** One event without its user: the shape shared by the API request and the stream record. */
export const EventBodySchema = z.discriminatedUnion('type', [
  z.object({ ...base, type: z.literal('page_view'), category: label.optional(), dwellMs: dwellMs.optional() }),
  z.object({ ...base, type: z.literal('product_view'), item: ItemSchema, dwellMs: dwellMs.optional() }),
  z.object({ ...base, type: z.literal('search'), query: z.string().trim().min(1).max(256).refine(isWellFormed, 'must not contain lone surrogates'), category: label.optional() }),
  z.object({ ...base, type: z.literal('add_to_cart'), item: ItemSchema, quantity }),
  z.object({
    ...base,
    type: z.literal('purchase'),
    orderId: id,
    currency: currency.default('CNY'),
    items: z.array(ItemSchema.extend({ price: price('price'), quantity })).min(1).max(100),
  }),
  z.object({ ...base, type: z.literal('video_progress'), videoId: id, category: label.optional(), progress: fraction('progress') }),
  z.object({ ...base, type: z.literal('like'), item: ItemSchema }),
  z.object({ ...base, type: z.literal('comment'), item: ItemSchema }),
  z.object({ ...base, type: z.literal('share'), item: ItemSchema }),
  z.object({ ...base, type: z.literal('ad_impression'), adId: id, channel: label, campaign: label, category: label.optional() }),
  z.object({ ...base, type: z.literal('ad_click'), adId: id, channel: label, campaign: label, category: label.optional() }),
]);
export type EventBody = z.infer<typeof EventBodySchema>;

/** An event as a client sends it: with the raw user id, which never passes the API edge. */
/** The user id takes its one canonical form here, as on the profile routes (shared/privacy/user-id.ts). */
export const ClientEventSchema = z.object({ userId: UserIdSchema }).and(EventBodySchema);

/**
 * A raw user id in its one canonical form, as the events edge pseudonymises it: every API that takes a
 * user id (consents, decisions) parses it with this schema, so " alice" and "alice" are the same person everywhere.
 */
export const RawUserIdSchema = UserIdSchema;
export type ClientEvent = z.infer<typeof ClientEventSchema>;

export const STREAM_RECORD_VERSION = 1;

/** What travels on Kinesis: the event body with the user's pseudonym (also the partition key). */
export const StreamRecordSchema = z.object({
  v: z.literal(STREAM_RECORD_VERSION),
  /** HMAC-SHA256 pseudonym of the user id. */
  uid: z.string().min(16).max(64),
  /** When the API accepted the event; erasure cut-offs and lineage use it. */
  receivedAt: z.iso.datetime(),
  event: EventBodySchema,
});
export type StreamRecord = z.infer<typeof StreamRecordSchema>;

export const MAX_EVENTS_PER_REQUEST = 500;

/** The request body of POST /v1/events. Items are validated one by one so valid ones still go through. */
export const IngestRequestSchema = z.object({
  events: z.array(z.unknown()).min(1).max(MAX_EVENTS_PER_REQUEST, `at most ${MAX_EVENTS_PER_REQUEST} events per request`),
});
