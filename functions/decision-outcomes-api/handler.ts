import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { z } from 'zod';
import { dynamoDocumentClient, kinesisClient } from '../../shared/aws/clients';
import { DynamoDecisionLogStore } from '../../shared/aws/decision-store';
import { KinesisDecisionStream } from '../../shared/aws/decision-stream';
import { httpRoute } from '../../shared/aws/lambda-http';
import { metrics } from '../../shared/aws/observability';
import { parseEnv } from '../../shared/config/env';
import { OutcomeSchema } from '../../shared/decisions/schemas';
import { DecisionPathSchema, reportOutcome } from '../../shared/decisions-service/outcomes';

const env = parseEnv(z.object({ DECISIONS_TABLE_NAME: z.string().min(1), EVENTS_STREAM_NAME: z.string().min(1) }));
const deps = {
  // Reads only: the retention setting matters to writers.
  log: new DynamoDecisionLogStore(dynamoDocumentClient(), env.DECISIONS_TABLE_NAME, 0),
  stream: new KinesisDecisionStream(kinesisClient(), env.EVENTS_STREAM_NAME),
  clock: { now: () => new Date() },
};

/** POST /v1/decisions/{decisionId}/outcomes: idempotent by outcomeId; joined by the decisions consumer. */
export const handler = httpRoute({ path: DecisionPathSchema, body: OutcomeSchema, maxBodyBytes: 4096 }, async ({ path, body }) => {
  const receipt = await reportOutcome(path.decisionId, body, deps);
  metrics.addMetric(receipt.status === 'accepted' ? 'OutcomesAccepted' : receipt.status === 'late' ? 'OutcomesLate' : 'OutcomesDuplicate', MetricUnit.Count, 1);
  return { statusCode: 202, body: receipt };
});
