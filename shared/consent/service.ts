import { serviceUnavailable } from '../http/errors';
import { STREAM_RECORD_VERSION, type ConsentStreamRecord } from '../stream/records';
import { applyConsentChange, consentView, toStreamChange, type ConsentRegime, type ConsentRequest, type ConsentVersion, type ConsentView } from './model';

/** Port: the consents table (see keys.ts). */
export interface ConsentLedger {
  /** The newest versions first, at most `limit`, read consistently. */
  history(uid: string, limit: number): Promise<ConsentVersion[]>;
  /** Appends a version only if no item holds that version yet. */
  append(uid: string, version: ConsentVersion): Promise<'appended' | 'conflict'>;
  /** Copies a version to the `state` item, unless a newer one is already there. */
  project(uid: string, version: ConsentVersion): Promise<void>;
  /** Deletes the user's state and ledger, keeping per version a minimal proof that expires after `proofRetentionDays`. */
  erase(uid: string, erasedAt: Date, proofRetentionDays: number): Promise<{ versions: number }>;
}

/** Port: the events stream, where the feature updater picks consent changes up in order with the user's events. */
export interface ConsentStreamWriter {
  put(record: ConsentStreamRecord): Promise<void>;
}

export interface ConsentDeps {
  ledger: ConsentLedger;
  stream: ConsentStreamWriter;
  regime: ConsentRegime;
  now: () => Date;
  newId: () => string;
}

const HISTORY_LIMIT = 50;
const MAX_APPEND_ATTEMPTS = 3;

export async function readConsent(uid: string, deps: Pick<ConsentDeps, 'ledger' | 'regime'>): Promise<ConsentView> {
  return consentView(uid, await deps.ledger.history(uid, HISTORY_LIMIT), deps.regime);
}

/**
 * Records a change and carries it to the stream:
 * 1. append the next version to the ledger (conditional: of two concurrent changes one appends, the
 *    other re-reads and applies on top of it);
 * 2. copy it to the `state` item the decision function reads;
 * 3. put a consent record on the stream, partition key = pseudonym, so the feature updater applies it
 *    between the user's earlier and later events.
 * The ledger is the record of truth: if step 2 or 3 fails the caller gets 503 and resends; the resend
 * appends one more version with the same choices, and the stream record (versioned) cannot roll back.
 */
export async function recordConsent(uid: string, request: ConsentRequest, caller: string, deps: ConsentDeps): Promise<ConsentView> {
  let recorded: ConsentVersion | undefined;
  for (let attempt = 1; attempt <= MAX_APPEND_ATTEMPTS && !recorded; attempt++) {
    const [current] = await deps.ledger.history(uid, 1);
    const { next } = applyConsentChange(current, request, { changeId: deps.newId(), at: deps.now(), by: caller }, deps.regime);
    if ((await deps.ledger.append(uid, next)) === 'appended') recorded = next;
  }
  if (!recorded) throw serviceUnavailable('the consent of this user is being changed concurrently; resend the request');

  try {
    await deps.ledger.project(uid, recorded);
    await deps.stream.put({ v: STREAM_RECORD_VERSION, kind: 'consent', uid, receivedAt: deps.now().toISOString(), consent: toStreamChange(recorded, deps.regime) });
  } catch {
    throw serviceUnavailable('the change is recorded but not yet in effect everywhere; resend the same request', { version: recorded.version });
  }
  return readConsent(uid, deps);
}
