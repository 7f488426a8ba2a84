/**
 * How long an erasure holds, and why it always holds.
 *
 * An erased user's tombstone keeps the erasure time E. The feature updater never applies an event
 * that the API received at or before E (it was in flight), nor one whose own timestamp is before
 * E + MAX_FUTURE_SKEW_MS (an old event posted again after the erasure, with its old id and time).
 * The ingest edge accepts only events dated within MAX_EVENT_AGE_MS before and MAX_FUTURE_SKEW_MS
 * after their arrival, so an event dated before E can arrive until E + MAX_EVENT_AGE_MS at the
 * latest and leaves the stream (24 h retention) a day after that. The tombstone therefore lives
 * TOMBSTONE_TTL_SECONDS, longer than both together; a profile created after the erasure by newer
 * events keeps E itself (cleaning.erasedBefore) for good.
 */
export const MAX_EVENT_AGE_MS = 30 * 24 * 3_600_000;
export const MAX_FUTURE_SKEW_MS = 5 * 60_000;
/** The stream's retention (lib/stacks/stateful-stack.ts): records older than this are gone. */
export const STREAM_RETENTION_MS = 24 * 3_600_000;
/** Event age + stream retention + skew, plus a day of margin for a consumer that lags. */
export const TOMBSTONE_TTL_SECONDS = Math.ceil((MAX_EVENT_AGE_MS + STREAM_RETENTION_MS + MAX_FUTURE_SKEW_MS + 24 * 3_600_000) / 1000);

/**
 * Whether a record of an erased user may be applied: received after the erasure and, for an event or
 * an identity link, dated after it (beyond the skew): a tracker resending an old identify must not
 * bring the link back. A consent change has no client timestamp: its arrival decides.
 */
export function appliesAfterErasure(record: { receivedAt: string; event?: { timestamp: string }; link?: { linkedAt: string } }, erasedAt: number): boolean {
  if (!(Date.parse(record.receivedAt) > erasedAt)) return false;
  const datedAt = record.event?.timestamp ?? record.link?.linkedAt;
  return datedAt === undefined || Date.parse(datedAt) >= erasedAt + MAX_FUTURE_SKEW_MS;
}

/** Why an event's timestamp is refused at the edge, or undefined when it is accepted. */
export function timestampRefusal(timestamp: string, receivedAt: number): string | undefined {
  const at = Date.parse(timestamp);
  if (at < receivedAt - MAX_EVENT_AGE_MS) return `timestamp: events older than ${MAX_EVENT_AGE_MS / 86_400_000} days are not accepted`;
  if (at > receivedAt + MAX_FUTURE_SKEW_MS) return `timestamp: more than ${MAX_FUTURE_SKEW_MS / 60_000} minutes in the future; check the sending device's clock`;
  return undefined;
}
