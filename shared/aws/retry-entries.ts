import { backoffMs, mapWithConcurrency, sleep } from '../concurrency';

export type EntryOutcome<R> = { ok: true; value: R } | { ok: false; errorCode: string };

/**
 * Batch APIs such as Kinesis PutRecords and EventBridge PutEvents are not all-or-nothing: each entry
 * can be refused on its own. Sends `items` in calls of at most `maxPerCall`, and within each call's
 * worth resends only the refused ones with jittered backoff, up to `maxAttempts` calls. A call that
 * fails as a whole counts as refusing every pending entry. Returns one outcome per item, in order;
 * nothing is dropped silently. `concurrency` calls may be in flight at once (default 1: a stream's
 * records keep their order); use more only where the order of the calls does not matter.
 */
export async function sendWithRetries<T, R>(
  items: readonly T[],
  send: (batch: readonly T[]) => Promise<EntryOutcome<R>[]>,
  options: { maxPerCall: number; maxAttempts: number; baseDelayMs: number; concurrency?: number },
): Promise<EntryOutcome<R>[]> {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += options.maxPerCall) chunks.push(items.slice(start, start + options.maxPerCall));
  const outcomes = await mapWithConcurrency(chunks, options.concurrency ?? 1, (chunk) => sendChunkWithRetries(chunk, send, options));
  return outcomes.flat();
}

async function sendChunkWithRetries<T, R>(
  items: readonly T[],
  send: (batch: readonly T[]) => Promise<EntryOutcome<R>[]>,
  options: { maxAttempts: number; baseDelayMs: number },
): Promise<EntryOutcome<R>[]> {
  const outcomes: EntryOutcome<R>[] = items.map(() => ({ ok: false, errorCode: 'NotAttempted' }));
  let pending = items.map((_item, index) => index);
  for (let attempt = 0; attempt < options.maxAttempts && pending.length > 0; attempt++) {
    if (attempt > 0) await sleep(backoffMs(attempt, options.baseDelayMs));
    try {
      const results = await send(pending.map((index) => items[index]!));
      pending.forEach((index, position) => (outcomes[index] = results[position] ?? { ok: false, errorCode: 'UnknownError' }));
      pending = pending.filter((index) => !outcomes[index]!.ok);
    } catch (error) {
      const errorCode = error instanceof Error ? error.name : 'UnknownError';
      for (const index of pending) outcomes[index] = { ok: false, errorCode };
    }
  }
  return outcomes;
}
