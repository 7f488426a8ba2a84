import { anonymousSubject } from '../privacy/user-id';
import { MAX_FUTURE_SKEW_MS, timestampRefusal } from '../profiles/erasure';
import { EventBodySchema, STREAM_RECORD_VERSION, type StreamRecord } from '../profiles/events';
import { prepareAtEdge, type EventPublisher, type OutgoingRecord } from '../profiles/ingest';
import { encodeStreamRecord, type IdentityStreamRecord } from '../stream/records';
import { nestingDepth } from '../validation/depth';
import { MAX_MESSAGE_BYTES, mapMessage, type MessageType, type Subject } from './segment';

/** The tracker routes: `/v1/batch` carries `{ batch: [...] }`, the others one message of their type. */
export type TrackerRoute = 'batch' | Exclude<MessageType, 'group'>;

/** A message, with the `sentAt` its SDK stamped on it or on its batch (the sending device's clock at sending time). */
export type TrackerMessage = { message: Record<string, unknown>; type: string; sentAt?: string };
export type ParsedRequest = { ok: true; messages: TrackerMessage[] } | { ok: false; status: 400 | 413; reason: string };

/** At most this many messages per batch: 500 KB of the smallest messages an SDK sends. */
export const MAX_MESSAGES_PER_BATCH = 2_500;
/** Deeper than any tracking call nests (a product list in properties is 4 levels), far below what a recursive walk can take. */
export const MAX_MESSAGE_DEPTH = 64;

/**
 * The request's messages, or why the whole request is refused: 400 when it is not a batch the
 * tracking API describes (the SDKs do not retry a 400), 413 past Segment's 32 KB per message.
 */
export function parseTrackerRequest(route: TrackerRoute, body: unknown): ParsedRequest {
  const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
  if (!isObject(body)) return { ok: false, status: 400, reason: 'the body must be a JSON object' };
  let candidates: unknown[];
  if (route === 'batch') {
    const batch = Object.hasOwn(body, 'batch') ? body.batch : undefined;
    if (!Array.isArray(batch)) return { ok: false, status: 400, reason: 'batch: expected an array of messages' };
    if (batch.length === 0) return { ok: false, status: 400, reason: 'batch: holds no message' };
    if (batch.length > MAX_MESSAGES_PER_BATCH) return { ok: false, status: 400, reason: `batch: at most ${MAX_MESSAGES_PER_BATCH} messages` };
    candidates = batch;
  } else {
    // A single call names its type by its route; a `type` in the body, if any, must agree.
    candidates = [{ ...body, type: Object.hasOwn(body, 'type') ? body.type : route }];
  }
  const batchSentAt = typeof body.sentAt === 'string' ? body.sentAt : undefined;
  const messages: TrackerMessage[] = [];
  for (const [index, candidate] of candidates.entries()) {
    if (!isObject(candidate) || typeof candidate.type !== 'string' || !Object.hasOwn(candidate, 'type')) return { ok: false, status: 400, reason: `batch[${index}]: a message is an object with a string type` };
    if (route !== 'batch' && candidate.type !== route) return { ok: false, status: 400, reason: `type: ${route} route takes ${route} messages` };
    // Before anything walks it recursively: 32 KB of `[` overflows JSON.stringify's stack (a 500).
    if (nestingDepth(candidate, MAX_MESSAGE_DEPTH) > MAX_MESSAGE_DEPTH) return { ok: false, status: 400, reason: `batch[${index}]: a message nests at most ${MAX_MESSAGE_DEPTH} levels of objects and arrays` };
    if (Buffer.byteLength(JSON.stringify(candidate)) > MAX_MESSAGE_BYTES) return { ok: false, status: 413, reason: `batch[${index}]: a message must be at most ${MAX_MESSAGE_BYTES / 1024} KB` };
    const sentAt = typeof candidate.sentAt === 'string' ? candidate.sentAt : batchSentAt;
    messages.push({ message: candidate, type: candidate.type, ...(sentAt === undefined ? {} : { sentAt }) });
  }
  return { ok: true, messages };
}

export interface TrackerIngestResult {
  /** Events streamed for the profiles. */
  accepted: number;
  /** Identity links streamed (identify / alias with both ids). */
  linked: number;
  /** Accepted messages outside the mapping: counted, not profiled. Keyed by what they were. */
  unmapped: Record<string, number>;
  /** Messages whose content is invalid: resending them unchanged fails again. */
  rejected: { index: number; messageId?: string; errors: string[] }[];
  /** Valid messages the stream refused even after retries: the whole batch may be resent (ids de-duplicate). */
  failed: { index: number; errorCode: string }[];
}

/** Rejections listed in an answer; its counts cover them all. */
export const MAX_LISTED_REJECTIONS = 20;

/** The 200 answer: `success: true` as the SDKs expect, and what became of the messages. */
export interface TrackerAnswer {
  success: true;
  accepted: number;
  linked: number;
  unmapped: Record<string, number>;
  /** How many messages were rejected; `rejections` lists the first of them. */
  rejected: number;
  rejections: TrackerIngestResult['rejected'];
}

export const trackerAnswer = (result: TrackerIngestResult): TrackerAnswer => ({
  success: true,
  accepted: result.accepted,
  linked: result.linked,
  unmapped: result.unmapped,
  rejected: result.rejected.length,
  rejections: result.rejected.slice(0, MAX_LISTED_REJECTIONS),
});

export interface TrackerIngestDeps {
  publisher: EventPublisher;
  /** HMAC pseudonym of a subject string (a canonical user id, or an anonymousSubject). */
  pseudonymize: (subject: string) => string;
  now: () => Date;
}

const subjectString = (subject: Subject) => (subject.kind === 'user' ? subject.id : anonymousSubject(subject.id));

/**
 * How far the sending device's clock runs ahead of ours (negative: behind), from the `sentAt` it
 * stamped when sending, or 0 when that is unknown or within the tolerance events get anyway. Segment
 * dates events the same way: receivedAt − (sentAt − timestamp). A phone whose clock is an hour off
 * would otherwise have every event refused as future (or too old); the device's own intervals are kept.
 */
export function deviceClockSkew(sentAt: string | undefined, receivedAt: number): number {
  const sent = sentAt === undefined ? Number.NaN : Date.parse(sentAt);
  if (Number.isNaN(sent)) return 0;
  const skew = sent - receivedAt;
  return Math.abs(skew) > MAX_FUTURE_SKEW_MS ? skew : 0;
}

/**
 * 1. map each message onto a suite event or an identity link (shared/tracker/segment.ts), counting
 *    the ones outside the mapping;
 * 2. validate the event as /v1/events does and pseudonymise its subject: a user under the user's
 *    pseudonym, an anonymous visitor under the pseudonym of its anonymous subject;
 * 3. publish, each record on its subject's partition (a link on the user's).
 */
export async function ingestTrackerMessages(messages: readonly TrackerMessage[], deps: TrackerIngestDeps): Promise<TrackerIngestResult> {
  const now = deps.now();
  const receivedAt = now.toISOString();
  const result: TrackerIngestResult = { accepted: 0, linked: 0, unmapped: {}, rejected: [], failed: [] };
  const unmapped = new Map<string, number>();
  const outgoing: { index: number; kind: 'event' | 'link'; record: OutgoingRecord }[] = [];

  messages.forEach(({ message, type, sentAt }, index) => {
    const mapped = mapMessage(message, type, receivedAt, deviceClockSkew(sentAt, now.getTime()));
    const messageId = typeof message.messageId === 'string' ? message.messageId.slice(0, 128) : undefined;
    switch (mapped.kind) {
      case 'unmapped':
        unmapped.set(mapped.what, (unmapped.get(mapped.what) ?? 0) + 1);
        return;
      case 'rejected':
        result.rejected.push({ index, messageId, errors: mapped.errors });
        return;
      case 'link': {
        const linkedAt = Date.parse(mapped.timestamp);
        // A link is dated in the window events are (an erasure judges a link resent later by its date).
        const refusal = Number.isNaN(linkedAt)
          ? 'timestamp: not an ISO-8601 date'
          : (timestampRefusal(new Date(linkedAt).toISOString(), now.getTime()) ?? (mapped.linkId.length > 128 ? 'messageId: at most 128 characters' : undefined));
        if (refusal) {
          result.rejected.push({ index, messageId, errors: [refusal] });
          return;
        }
        const record: IdentityStreamRecord = {
          v: STREAM_RECORD_VERSION,
          kind: 'identify',
          uid: deps.pseudonymize(mapped.userId),
          receivedAt,
          link: { anonymousUid: deps.pseudonymize(anonymousSubject(mapped.anonymousId)), linkId: mapped.linkId, linkedAt: new Date(linkedAt).toISOString() },
        };
        outgoing.push({ index, kind: 'link', record: encodeStreamRecord(record) });
        return;
      }
      case 'event': {
        const parsed = EventBodySchema.safeParse(mapped.event);
        if (!parsed.success) {
          result.rejected.push({ index, messageId, errors: parsed.error.issues.map((issue) => `${mapped.sources.of(issue.path) || '(event)'}: ${issue.message}`) });
          return;
        }
        const refusal = prepareAtEdge(parsed.data, now.getTime());
        if (refusal) {
          // The edge refuses the event's `timestamp`: name the message field it came from.
          result.rejected.push({ index, messageId, errors: [refusal.replace(/^timestamp:/, `${mapped.sources.of(['timestamp'])}:`)] });
          return;
        }
        const uid = deps.pseudonymize(subjectString(mapped.subject));
        const record: StreamRecord = { v: STREAM_RECORD_VERSION, uid, receivedAt, event: parsed.data };
        outgoing.push({ index, kind: 'event', record: encodeStreamRecord(record) });
      }
    }
  });

  const outcomes = outgoing.length > 0 ? await deps.publisher.publish(outgoing.map((entry) => entry.record)) : [];
  outcomes.forEach((outcome, position) => {
    const entry = outgoing[position]!;
    if (!outcome.ok) result.failed.push({ index: entry.index, errorCode: outcome.errorCode });
    else if (entry.kind === 'event') result.accepted++;
    else result.linked++;
  });
  result.unmapped = Object.fromEntries(unmapped);
  return result;
}
