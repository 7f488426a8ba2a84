import { PutEventsCommand, type EventBridgeClient, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { sendWithRetries } from './retry-entries';
import type { BudgetEvent, BudgetEventPublisher } from '../budget-service/ports';
import { BUDGET_EVENT_SOURCE } from '../budget-service/events';

const MAX_ENTRIES_PER_CALL = 10;

/**
 * Puts budget events on the bus. PutEvents is not all-or-nothing: refused entries are retried with
 * jittered backoff, and what is still refused after the last attempt makes the call throw, so the
 * caller leaves the allocation marked unpublished and a later run publishes it (connectors dedupe on
 * the detail's `eventId`).
 */
export class EventBridgeBudgetPublisher implements BudgetEventPublisher {
  constructor(
    private readonly client: EventBridgeClient,
    private readonly eventBusName: string,
    private readonly maxAttempts = 4,
    private readonly baseDelayMs = 100,
  ) {}

  async publish(events: readonly BudgetEvent[]): Promise<void> {
    const entries: PutEventsRequestEntry[] = events.map((event) => ({
      EventBusName: this.eventBusName,
      Source: BUDGET_EVENT_SOURCE,
      DetailType: event.detailType,
      Detail: JSON.stringify(event.detail),
      Resources: [],
    }));
    const results = await sendWithRetries(
      entries,
      async (batch) => {
        const response = await this.client.send(new PutEventsCommand({ Entries: [...batch] }));
        return batch.map((_entry, position) => {
          const result = response.Entries?.[position];
          return result?.EventId ? { ok: true as const, value: result.EventId } : { ok: false as const, errorCode: result?.ErrorCode ?? 'UnknownError' };
        });
      },
      { maxPerCall: MAX_ENTRIES_PER_CALL, maxAttempts: this.maxAttempts, baseDelayMs: this.baseDelayMs },
    );
    const refused = results.flatMap((result) => (result.ok ? [] : [result.errorCode]));
    if (refused.length > 0) throw new Error(`EventBridge refused ${refused.length} budget event(s) after ${this.maxAttempts} attempts: ${refused[0]}`);
  }
}
