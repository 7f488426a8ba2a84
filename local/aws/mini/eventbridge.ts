import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { EventBridgeEvent } from 'aws-lambda';
import { z } from 'zod';
import { LOCAL_ACCOUNT_ID, inputParser, type JsonService, type ServiceContext } from './json-protocol';

const putEventsSchema = z.object({
  Entries: z
    .array(
      z.object({
        /** Epoch seconds, as the JSON protocol sends timestamps. */
        Time: z.number().optional(),
        Source: z.string().optional(),
        Resources: z.array(z.string()).optional(),
        DetailType: z.string().optional(),
        Detail: z.string().optional(),
        EventBusName: z.string().optional(),
      }),
    )
    .min(1)
    .max(10),
});
const parse = inputParser('ValidationException');

/** An event as EventBridge delivers it to targets, and the bus it was put on. */
export interface PublishedEvent {
  busName: string;
  event: EventBridgeEvent<string, unknown>;
}

export interface EventBridgeApi {
  /** Events put so far, oldest first; only those of one bus when `busName` is given. */
  published(busName?: string): PublishedEvent[];
  /** Lets the local runtime print events or route them to rule targets as they arrive. */
  on(eventName: 'event', listener: (published: PublishedEvent) => void): void;
  off(eventName: 'event', listener: (published: PublishedEvent) => void): void;
}

/** PutEvents accepts a bus name or ARN; events are filed under the name. */
const busNameOf = (nameOrArn: string | undefined): string => nameOrArn?.split(':event-bus/').at(-1) ?? 'default';

/** EventBridge stamps events with second precision. */
const isoSeconds = (epochMs: number): string => new Date(Math.floor(epochMs / 1000) * 1000).toISOString().replace('.000Z', 'Z');

function entryProblem(entry: z.infer<typeof putEventsSchema>['Entries'][number]): { ErrorCode: string; ErrorMessage: string } | undefined {
  for (const field of ['Source', 'DetailType', 'Detail'] as const) {
    if (!entry[field]) return { ErrorCode: 'InvalidArgument', ErrorMessage: `Parameter ${field} is not valid. Reason: ${field} is a required argument.` };
  }
  try {
    const detail: unknown = JSON.parse(entry.Detail ?? '');
    if (typeof detail === 'object' && detail !== null && !Array.isArray(detail)) return undefined;
  } catch {
    // reported below, as EventBridge does for any non-object detail
  }
  return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
}

export function createEventBridge(context: ServiceContext): { service: JsonService; api: EventBridgeApi } {
  const published: PublishedEvent[] = [];
  const emitter = new EventEmitter();

  const operations = {
    PutEvents(raw: unknown) {
      const input = parse(putEventsSchema, raw);
      const Entries = input.Entries.map((entry) => {
        const problem = entryProblem(entry);
        if (problem) return problem;
        const event: EventBridgeEvent<string, unknown> = {
          version: '0',
          id: randomUUID(),
          'detail-type': entry.DetailType ?? '',
          source: entry.Source ?? '',
          account: LOCAL_ACCOUNT_ID,
          time: isoSeconds(entry.Time === undefined ? Date.now() : entry.Time * 1000),
          region: context.region,
          resources: entry.Resources ?? [],
          detail: JSON.parse(entry.Detail ?? '{}'),
        };
        const item = { busName: busNameOf(entry.EventBusName), event };
        published.push(item);
        emitter.emit('event', item);
        return { EventId: event.id };
      });
      return { FailedEntryCount: Entries.filter((entry) => 'ErrorCode' in entry).length, Entries };
    },
  };

  const api: EventBridgeApi = {
    published: (busName) => published.filter((item) => busName === undefined || item.busName === busNameOf(busName)),
    on: (eventName, listener) => void emitter.on(eventName, listener),
    off: (eventName, listener) => void emitter.off(eventName, listener),
  };

  return { service: { targetPrefix: 'AWSEvents', contentType: 'application/x-amz-json-1.1', operations }, api };
}
