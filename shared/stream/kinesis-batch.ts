import { z } from 'zod';
import type { RawStreamRecord } from '../profiles/update-profiles';

/**
 * The Kinesis event an event source mapping delivers, reduced to the envelope fields the stream
 * consumers need. Payloads stay base64: each use case decodes them record by record, so one poison
 * record is dead-lettered instead of failing the batch. Shared by every consumer of the events stream.
 */
export const KinesisBatchSchema = z
  .object({
    Records: z.array(
      z.object({
        eventID: z.string().regex(/^shardId-\d+:\d+$/),
        kinesis: z.object({ sequenceNumber: z.string().regex(/^\d+$/), partitionKey: z.string(), data: z.string() }),
      }),
    ),
  })
  .transform(({ Records }): RawStreamRecord[] =>
    Records.map((record) => ({
      shardId: record.eventID.slice(0, record.eventID.indexOf(':')),
      sequenceNumber: record.kinesis.sequenceNumber,
      partitionKey: record.kinesis.partitionKey,
      data: record.kinesis.data,
    })),
  );
