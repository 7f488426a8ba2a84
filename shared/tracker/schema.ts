import { z } from 'zod';
import { describing } from '../http/response-schema';
import { MAX_LISTED_REJECTIONS, MAX_MESSAGES_PER_BATCH, type TrackerAnswer, type TrackerRoute } from './ingest';
import { MAX_MESSAGE_BYTES } from './segment';

/**
 * The Segment tracking API's bodies as the tracker edge accepts them. The edge parses in two steps:
 * `parseTrackerRequest` refuses a request that is not a batch of typed messages (400, or 413 past
 * 32 KB per message), then each message is mapped on its own (shared/tracker/segment.ts) and a bad
 * one is counted in `rejections` rather than sinking the batch. These schemas are what both steps
 * read; fields not named here are accepted and dropped.
 */
const subjectId = z.union([z.string(), z.int()]);

export const SegmentMessageSchema = z
  .looseObject({
    type: z.string().meta({ description: '`track`, `page`, `screen`, `identify` and `alias` are mapped; other types (`group`…) are counted as unmapped' }),
    messageId: z.string().optional().meta({ description: 'De-duplicates resends; derived from the content when absent' }),
    userId: subjectId.optional(),
    anonymousId: subjectId.optional().meta({ description: 'Either `userId` or `anonymousId` is required, else the message is rejected' }),
    previousId: subjectId.optional().meta({ description: '`alias`: the id the visitor had before (the anonymous id)' }),
    event: z.string().optional().meta({ description: '`track`: the e-commerce or video spec event name' }),
    properties: z.record(z.string(), z.unknown()).optional(),
    context: z.record(z.string(), z.unknown()).optional().meta({ description: 'Only `campaign` (UTM), `network` and the device class of `userAgent` are kept' }),
    timestamp: z.string().optional().meta({ description: 'ISO-8601; the arrival time when absent' }),
  })
  .meta({ id: 'SegmentMessage', description: `One tracking call, at most ${MAX_MESSAGE_BYTES / 1024} KB` });

/** `POST /v1/batch`: the messages; the SDKs' `sentAt` corrects a device clock that is off (ingest.ts), `context` and the like are accepted and dropped. */
export const SegmentBatchSchema = z.looseObject({ batch: z.array(SegmentMessageSchema).max(MAX_MESSAGES_PER_BATCH) }).meta({ id: 'SegmentBatch' });

/** `POST /v1/<type>`: one message; its `type` may be left out and, when present, must be the route's. */
export const singleCallSchema = (route: Exclude<TrackerRoute, 'batch'>) => SegmentMessageSchema.extend({ type: z.literal(route).optional() });

/** The 200 answer of every tracker route. */
export const TrackerAnswerSchema = describing<TrackerAnswer>()(
  z
    .object({
      success: z.literal(true),
      accepted: z.number().int().nonnegative().meta({ description: 'Events streamed for the profiles' }),
      linked: z.number().int().nonnegative().meta({ description: 'Identity links streamed (identify / alias with both ids)' }),
      unmapped: z.record(z.string(), z.number().int().positive()).meta({ description: 'Accepted messages outside the mapping, counted by what they were' }),
      rejected: z.number().int().nonnegative().meta({ description: 'Messages whose content is invalid (resending them unchanged fails again)' }),
      rejections: z.array(z.object({ index: z.number().int().nonnegative(), messageId: z.string().optional(), errors: z.array(z.string()) })).meta({ description: `The first ${MAX_LISTED_REJECTIONS} rejected messages, with reasons` }),
    })
    .meta({ id: 'TrackerAnswer' }),
);
