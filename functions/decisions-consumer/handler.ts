import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';
import { z } from 'zod';
import { dynamoDocumentClient, sqsClient } from '../../shared/aws/clients';
import { SqsDeadLetterQueue } from '../../shared/aws/dead-letter-queue';
import { dynamoDecisionStores } from '../../shared/aws/decision-store';
import { logger, metrics, tracer } from '../../shared/aws/observability';
import { KinesisBatchSchema } from '../../shared/stream/kinesis-batch';
import { parseEnv, positiveInt } from '../../shared/config/env';
import { consumeDecisionStream } from '../../shared/decisions-service/consume';
import { coreLearner } from '../../shared/decisions-service/learner';

const env = parseEnv(
  z.object({
    DECISIONS_TABLE_NAME: z.string().min(1),
    DEAD_LETTER_QUEUE_URL: z.url(),
    DECISION_LOG_RETENTION_DAYS: positiveInt.max(3650),
  }),
);
const stores = dynamoDecisionStores(dynamoDocumentClient(), env.DECISIONS_TABLE_NAME, { retentionDays: env.DECISION_LOG_RETENTION_DAYS });
const deps = {
  log: stores.log,
  experiments: stores.experiments,
  learning: stores.learning,
  learner: coreLearner,
  deadLetters: new SqsDeadLetterQueue(sqsClient(), env.DEAD_LETTER_QUEUE_URL, 'decisions-consumer'),
  clock: { now: () => new Date() },
};

/** Kinesis → decision log, outcome joins and per-experiment models. Every record is applied, dead-lettered with its reason, or reported for retry. */
export const handler = middy<KinesisStreamEvent, KinesisStreamBatchResponse>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics, { captureColdStartMetric: true }))
  .use(captureLambdaHandler(tracer))
  .handler(async (event) => {
    const { batchItemFailures, stats } = await consumeDecisionStream(KinesisBatchSchema.parse(event), deps);
    metrics.addMetric('RecordsReceived', MetricUnit.Count, stats.records);
    metrics.addMetric('DecisionsLogged', MetricUnit.Count, stats.decisionsLogged);
    metrics.addMetric('DecisionsOfErasedUsers', MetricUnit.Count, stats.decisionsOfErasedUsers);
    metrics.addMetric('OutcomesJoined', MetricUnit.Count, stats.outcomesJoined);
    metrics.addMetric('OutcomesLate', MetricUnit.Count, stats.lateOutcomes);
    metrics.addMetric('OutcomesDuplicate', MetricUnit.Count, stats.duplicateOutcomes);
    metrics.addMetric('OutcomesUnmatched', MetricUnit.Count, stats.unmatchedOutcomes);
    metrics.addMetric('ModelsWritten', MetricUnit.Count, stats.experimentsWritten);
    metrics.addMetric('RecordsDeadLettered', MetricUnit.Count, stats.deadLettered);
    metrics.addMetric('RecordsFailed', MetricUnit.Count, stats.failedRecords);
    logger.info('batch processed', { ...stats });
    return { batchItemFailures };
  });
