import { z } from 'zod';
import { DecisionIdSchema, DecisionLogRecordSchema, OutcomeSchema } from '../decisions/schemas';

/**
 * The payload of `kind: 'decision'` records on the events stream (the envelope is
 * shared/stream/records.ts). Two types:
 * - `served`: a decision the decision function served: the decision log record itself (the Kinesis put
 *   is the log's durable write; the consumer materialises it into the decisions table);
 * - `outcome`: an outcome reported through `POST /v1/decisions/{id}/outcomes`, on the decision's
 *   user's partition key so it follows its decision on the same shard.
 * Clickstream outcomes need no payload of their own: they are ordinary event records with `decisionId`.
 */
export const DecisionStreamPayloadSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('served'), log: DecisionLogRecordSchema }),
  z.strictObject({ type: z.literal('outcome'), decisionId: DecisionIdSchema, outcome: OutcomeSchema }),
]);
export type DecisionStreamPayload = z.infer<typeof DecisionStreamPayloadSchema>;
