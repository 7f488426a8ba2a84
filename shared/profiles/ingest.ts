import { redactFreeText } from '../privacy/pseudonymize';
import { timestampRefusal } from './erasure';
import { ClientEventSchema, STREAM_RECORD_VERSION, type EventBody, type StreamRecord } from './events';

export interface OutgoingRecord {
  partitionKey: string;
  data: Uint8Array;
}

export type PublishOutcome = { ok: true; sequenceNumber: string; shardId: string } | { ok: false; errorCode: string };

/** Port: the event stream. Returns one outcome per record, in order. */
export interface EventPublisher {
  publish(records: readonly OutgoingRecord[]): Promise<PublishOutcome[]>;
}

export interface IngestResult {
  accepted: number;
  /** Events that failed validation: the caller must fix them; resending unchanged will fail again. */
  rejected: { index: number; eventId?: string; errors: string[] }[];
  /** Valid events the stream refused even after retries: safe to resend as they are. */
  failed: { index: number; eventId: string; errorCode: string }[];
}

/**
 * What every edge does to a valid event before it is streamed: refuses a timestamp outside the accepted
 * window (what keeps an erasure holding, see erasure.ts) and redacts free text in place. Returns the
 * reason for a refusal, or undefined.
 */
export function prepareAtEdge(event: EventBody, receivedAt: number): string | undefined {
  const refusal = timestampRefusal(event.timestamp, receivedAt);
  if (refusal) return refusal;
  if (event.type === 'search') event.query = redactFreeText(event.query);
  return undefined;
}

/**
 * 1. validate each event on its own, so one bad event does not sink the batch;
 * 2. replace the user id with its pseudonym and redact free text: no raw id, e-mail, phone or IP
 *    goes past this point;
 * 3. publish to the stream, partitioned by pseudonym so each user's events stay in order.
 */
export async function ingestEvents(events: readonly unknown[], deps: { publisher: EventPublisher; pseudonymize: (userId: string) => string; now: () => Date }): Promise<IngestResult> {
  const rejected: IngestResult['rejected'] = [];
  const valid: { index: number; eventId: string; record: OutgoingRecord }[] = [];
  const now = deps.now();
  const receivedAt = now.toISOString();

  events.forEach((candidate, index) => {
    const parsed = ClientEventSchema.safeParse(candidate);
    const eventIdOf = () => (typeof candidate === 'object' && candidate !== null && typeof (candidate as { eventId?: unknown }).eventId === 'string' ? (candidate as { eventId: string }).eventId.slice(0, 128) : undefined);
    if (!parsed.success) {
      rejected.push({ index, eventId: eventIdOf(), errors: parsed.error.issues.map((issue) => `${issue.path.join('.') || '(event)'}: ${issue.message}`) });
      return;
    }
    const { userId, ...event } = parsed.data;
    const refusal = prepareAtEdge(event, now.getTime());
    if (refusal) {
      rejected.push({ index, eventId: event.eventId, errors: [refusal] });
      return;
    }
    const uid = deps.pseudonymize(userId);
    const record: StreamRecord = { v: STREAM_RECORD_VERSION, uid, receivedAt, event };
    valid.push({ index, eventId: event.eventId, record: { partitionKey: uid, data: Buffer.from(JSON.stringify(record)) } });
  });

  const outcomes = valid.length > 0 ? await deps.publisher.publish(valid.map((entry) => entry.record)) : [];
  const failed: IngestResult['failed'] = [];
  outcomes.forEach((outcome, position) => {
    const entry = valid[position]!;
    if (!outcome.ok) failed.push({ index: entry.index, eventId: entry.eventId, errorCode: outcome.errorCode });
  });
  return { accepted: valid.length - failed.length, rejected, failed };
}
