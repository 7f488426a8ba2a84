import { z } from 'zod';
import { STREAM_RECORD_VERSION, StreamRecordSchema } from '../profiles/events';

/**
 * The envelope of every record on the events stream (Kinesis, partition key = the user's pseudonym,
 * so all records of one user stay in order on one shard). Three kinds travel on it:
 * - `event`: a clickstream event, exactly as the events edge has always written it
 *   (`{ v, uid, receivedAt, event }`, no `kind`); `kind: 'event'` is accepted too;
 * - `decision`: a decision the decision function served, written once per decision: the stream is the
 *   decision log's write path. Validated here only as an object; its owner validates it strictly;
 * - `consent`: a user's consent state after a change, written by the consents API so that the feature
 *   updater applies it in order with that user's events.
 * - `identify`: a tracker's `identify`/`alias` tied an anonymous visitor to a signed-in user; written
 *   on the user's partition so the feature updater merges the anonymous profile in order with the
 *   user's own events.
 * Consumers pick the kinds they need and skip the others (counted, never dead-lettered).
 */

export { STREAM_RECORD_VERSION };

const version = z.literal(STREAM_RECORD_VERSION);
/** HMAC-SHA256 pseudonym of the user id (also the partition key). */
const uid = z.string().min(16).max(64);
const receivedAt = z.iso.datetime();

/** A clickstream event record. Without `kind` it is byte-for-byte what the events edge writes. */
export const EventStreamRecordSchema = StreamRecordSchema.extend({ kind: z.literal('event').optional() });
export type EventStreamRecord = z.infer<typeof EventStreamRecordSchema>;

/**
 * A plain JSON object, kept as parsed (no copy, so a `__proto__` key stays an own property and never
 * becomes a prototype). The decisions capability validates the payload with its own schema.
 */
const LooseObject = z.custom<Record<string, unknown>>((value) => typeof value === 'object' && value !== null && !Array.isArray(value), 'expected an object');

export const DecisionStreamRecordSchema = z.object({ v: version, kind: z.literal('decision'), uid, receivedAt, decision: LooseObject });
export type DecisionStreamRecord = z.infer<typeof DecisionStreamRecordSchema>;

export const CONSENT_PURPOSES = ['profiling', 'personalised-marketing'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];
export const CONSENT_DECISIONS = ['granted', 'refused'] as const;
export type ConsentDecision = (typeof CONSENT_DECISIONS)[number];

/**
 * A user's effective consent after a change: every purpose resolved (an explicit choice, or the
 * deployment's default regime where the user made none). Carrying the whole state rather than a delta
 * makes applying it twice harmless.
 */
export const ConsentChangeSchema = z.object({
  /** Unique per change; the history item of the consents table has the same id. */
  changeId: z.string().min(1).max(64),
  /**
   * The user's consent version after the change (1, 2, …). A consumer applies a change only when it is
   * newer than the one it applied last, so two changes reordered on their way to the stream, or one
   * delivered twice, never roll the state back.
   */
  version: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  /** When the consents API recorded the change. */
  changedAt: z.iso.datetime(),
  purposes: z.object({
    profiling: z.enum(CONSENT_DECISIONS),
    'personalised-marketing': z.enum(CONSENT_DECISIONS),
  }),
});
export type ConsentChange = z.infer<typeof ConsentChangeSchema>;

export const ConsentStreamRecordSchema = z.object({ v: version, kind: z.literal('consent'), uid, receivedAt, consent: ConsentChangeSchema });
export type ConsentStreamRecord = z.infer<typeof ConsentStreamRecordSchema>;

/**
 * An identity link: the anonymous visitor `anonymousUid` (the pseudonym of
 * `anonymousSubject(anonymousId)`, shared/privacy/user-id.ts) is the user `uid`. `linkId` is unique per
 * link message (derived from the tracker's `messageId`), so a redelivered link is recognised.
 */
export const IdentityLinkSchema = z.object({
  anonymousUid: uid,
  linkId: z.string().min(1).max(128),
  /** When the tracker says the link happened (its `timestamp`), or when the edge received it. */
  linkedAt: z.iso.datetime(),
});
export type IdentityLink = z.infer<typeof IdentityLinkSchema>;

export const IdentityStreamRecordSchema = z.object({ v: version, kind: z.literal('identify'), uid, receivedAt, link: IdentityLinkSchema });
export type IdentityStreamRecord = z.infer<typeof IdentityStreamRecordSchema>;

export type AnyStreamRecord = EventStreamRecord | DecisionStreamRecord | ConsentStreamRecord | IdentityStreamRecord;

export type DecodedStreamRecord = { ok: true; record: AnyStreamRecord } | { ok: false; reason: string };

const describe = (error: z.ZodError) =>
  error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');

/**
 * One buffer the payloads are decoded into, reused record after record: a fresh Buffer per record
 * was a tenth of the decode (bench/profiles/updater-compute.ts). Larger payloads get their own.
 */
const SCRATCH = Buffer.allocUnsafeSlow(64 * 1024);

/**
 * The UTF-8 text of a base64 payload, exactly as `Buffer.from(data, 'base64').toString('utf8')` gives
 * it (the same lenient decoder: `write` with 'base64' is what `Buffer.from` calls), without a
 * buffer per record. Base64 never decodes to more than 3 bytes per 4 characters.
 */
export function base64Text(data: string): string {
  if (data.length > (SCRATCH.length / 3) * 4) return Buffer.from(data, 'base64').toString('utf8');
  const length = SCRATCH.write(data, 'base64');
  return SCRATCH.toString('utf8', 0, length);
}

/**
 * Decodes one record's payload (base64 JSON as Lambda delivers it) by its `kind`. The reason on failure
 * is safe to log and to keep in a dead-letter queue: it names fields, never values.
 */
export function decodeStreamRecord(data: string, partitionKey: string): DecodedStreamRecord {
  let json: unknown;
  try {
    json = JSON.parse(base64Text(data));
  } catch {
    return { ok: false, reason: 'payload is not valid JSON' };
  }
  return parseStreamRecord(json, partitionKey);
}

/**
 * The stream record schemas as zod's own compiler (`z.compile`, zod ≥ 4.6) turns them: a parser
 * generated from the schema at cold start that accepts a valid record without zod's per-node
 * payloads and issue lists, and hands any record it rejects to zod's runtime parser, so the reason
 * is zod's own. The schemas above stay the one source of truth. Validation was a third of the
 * feature updater's stages (bench/profiles/updater-compute.ts); compiled it costs about a quarter
 * of that. A schema the compiler cannot model is returned as it was (test/stream/compiled.test.ts
 * asserts these compile, and that compiled and runtime parsing agree on valid and invalid records).
 */
export const COMPILED_STREAM_SCHEMAS = {
  event: z.compile(EventStreamRecordSchema),
  decision: z.compile(DecisionStreamRecordSchema),
  consent: z.compile(ConsentStreamRecordSchema),
  identify: z.compile(IdentityStreamRecordSchema),
};

/** Validates an already-parsed payload; see {@link decodeStreamRecord}. */
export function parseStreamRecord(json: unknown, partitionKey: string): DecodedStreamRecord {
  const kind = typeof json === 'object' && json !== null && 'kind' in json ? (json as { kind: unknown }).kind : undefined;
  let parsed;
  switch (kind) {
    case undefined:
    case 'event':
      parsed = COMPILED_STREAM_SCHEMAS.event.safeParse(json);
      break;
    case 'decision':
      parsed = COMPILED_STREAM_SCHEMAS.decision.safeParse(json);
      break;
    case 'consent':
      parsed = COMPILED_STREAM_SCHEMAS.consent.safeParse(json);
      break;
    case 'identify':
      parsed = COMPILED_STREAM_SCHEMAS.identify.safeParse(json);
      break;
    default:
      return { ok: false, reason: `unknown record kind ${typeof kind === 'string' ? JSON.stringify(kind.slice(0, 32)) : typeof kind}` };
  }
  if (!parsed.success) return { ok: false, reason: `payload does not match the stream record schema${kind === undefined ? '' : ` (kind ${String(kind)})`}: ${describe(parsed.error)}` };
  if (parsed.data.uid !== partitionKey) return { ok: false, reason: 'partition key does not match the record uid' };
  return { ok: true, record: parsed.data };
}

/** Encodes a record for a Kinesis put: partition key = pseudonym. */
export const encodeStreamRecord = (record: AnyStreamRecord): { partitionKey: string; data: Uint8Array } => ({
  partitionKey: record.uid,
  data: Buffer.from(JSON.stringify(record)),
});

export const isEventRecord = (record: AnyStreamRecord): record is EventStreamRecord => record.kind === undefined || record.kind === 'event';
