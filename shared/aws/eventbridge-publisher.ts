import { PutEventsCommand, type EventBridgeClient, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { backoffMs, sleep } from '../concurrency';
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
    for (let start = 0; start < events.length; start += MAX_ENTRIES_PER_CALL) {
      let pending: PutEventsRequestEntry[] = events.slice(start, start + MAX_ENTRIES_PER_CALL).map((event) => ({
        EventBusName: this.eventBusName,
        Source: BUDGET_EVENT_SOURCE,
        DetailType: event.detailType,
        Detail: JSON.stringify(event.detail),
        Resources: [],
      }));
      let lastError = '';
      for (let attempt = 0; attempt < this.maxAttempts && pending.length > 0; attempt++) {
        if (attempt > 0) await sleep(backoffMs(attempt, this.baseDelayMs));
        try {
          const response = await this.client.send(new PutEventsCommand({ Entries: pending }));
          const entries = response.Entries ?? [];
          const refused = pending.filter((_entry, index) => !entries[index]?.EventId);
          lastError = refused.length > 0 ? entries.find((entry) => entry.ErrorCode)?.ErrorCode ?? 'UnknownError' : '';
          pending = refused;
        } catch (error) {
          lastError = error instanceof Error ? error.name : 'UnknownError';
        }
      }
      if (pending.length > 0) throw new Error(`EventBridge refused ${pending.length} budget event(s) after ${this.maxAttempts} attempts: ${lastError}`);
    }
  }
}
