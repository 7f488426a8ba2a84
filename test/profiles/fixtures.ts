/**
 * Builders shared by the profile tests: events validated by the real contract (so defaults such as
 * quantity and currency apply), stream records with realistic 56-digit sequence numbers, and a fold
 * driver that writes only when the fold says so — as the feature updater does.
 */
import { EventBodySchema, type EventBody, type StreamRecord } from '../../shared/profiles/events';
import { foldUserRecords, type FoldContext, type FoldResult, type UserRecord } from '../../shared/profiles/fold';
import { DEFAULT_PIPELINE_SETTINGS, type PipelineSettings } from '../../shared/profiles/settings';
import type { ProfileState, Tombstone } from '../../shared/profiles/state';

export const SECOND = 1_000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** 2024-05-01T10:00:00Z: every test's clock starts here. */
export const T0 = Date.parse('2024-05-01T10:00:00.000Z');
export const iso = (ms: number) => new Date(ms).toISOString();

/** A pseudonym-shaped uid (43 base64url chars, like the HMAC the edge produces). */
export const UID = 'uJ3x9Qm2Lr7Kp0Vt5Wz8Ya1Bc4De6Fg7Hi0Jk3Lm5N';
export const OTHER_UID = 'oK8sW2nQ5rT7vX0zB3dF6hJ9lM1pR4tV6xZ8aC0eG2I';

export const SHARD = 'shardId-000000000000';

/** Kinesis sequence numbers are 56-digit decimals: longer than any JS or DynamoDB number. */
export const seq = (n: number) => (10n ** 55n + BigInt(n) * 1_000_000n).toString();

export const context = (settings: Partial<PipelineSettings> = {}): FoldContext => ({
  pipelineVersion: 'profiles-test-1',
  streamName: 'events',
  settings: { ...DEFAULT_PIPELINE_SETTINGS, ...settings },
});

let nextEventId = 0;
/** An event body parsed by the real schema; eventId and timestamp default to a fresh id and T0. */
export function event(fields: Record<string, unknown>): EventBody {
  return EventBodySchema.parse({ eventId: `evt-${++nextEventId}`, timestamp: iso(T0), ...fields });
}

export const item = (itemId: string, category: string, extra: Record<string, unknown> = {}) => ({ itemId, category, ...extra });

export interface RecordOptions {
  uid?: string;
  shardId?: string;
  /** Defaults to one second after the event's own time. */
  receivedAt?: string;
}

export function streamRecord(body: EventBody, options: RecordOptions = {}): StreamRecord {
  const receivedAt = options.receivedAt ?? iso(Date.parse(body.timestamp) + SECOND);
  return { v: 1, uid: options.uid ?? UID, receivedAt, event: body };
}

/** A user record known to carry an event (the fold also takes consent changes). */
export type EventUserRecord = UserRecord & { record: StreamRecord };

export function userRecord(n: number, body: EventBody, options: RecordOptions = {}): EventUserRecord {
  return { shardId: options.shardId ?? SHARD, sequenceNumber: seq(n), record: streamRecord(body, options) };
}

/** Numbers the events 1..n in stream order. */
export const userRecords = (bodies: readonly EventBody[], first = 1, options: RecordOptions = {}): EventUserRecord[] =>
  bodies.map((body, index) => userRecord(first + index, body, options));

export interface FoldRun {
  state: ProfileState | Tombstone | undefined;
  results: FoldResult[];
  writes: number;
}

/** Folds batches one after another, storing the result only when the fold returns a state. */
export function foldBatches(batches: readonly (readonly UserRecord[])[], options: { initial?: ProfileState | Tombstone; ctx?: FoldContext } = {}): FoldRun {
  const ctx = options.ctx ?? context();
  let state = options.initial;
  const results: FoldResult[] = [];
  let writes = 0;
  for (const batch of batches) {
    const result = foldUserRecords(state, batch, ctx);
    results.push(result);
    if (result.state) {
      state = result.state;
      writes++;
    }
  }
  return { state, results, writes };
}

/** The state of a fold run, asserting it is a profile (not a tombstone or nothing). */
export function profileOf(run: FoldRun): ProfileState {
  const state = run.state;
  if (!state || 'erasedAt' in state) throw new Error('expected a stored profile');
  return state;
}

export const foldOnce = (bodies: readonly EventBody[], ctx?: FoldContext) => profileOf(foldBatches([userRecords(bodies)], { ctx }));
