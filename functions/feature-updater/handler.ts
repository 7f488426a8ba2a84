import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';
import { z } from 'zod';
import { dynamoDocumentClient, kinesisClient, sqsClient } from '../../shared/aws/clients';
import { SqsDeadLetterQueue } from '../../shared/aws/dead-letter-queue';
import { KinesisEventPublisher } from '../../shared/aws/event-stream';
import { DynamoProfileStore } from '../../shared/aws/profile-store';
import { parseEnv } from '../../shared/config/env';
import { logger, metrics, tracer } from '../../shared/aws/observability';
import { KinesisBatchSchema } from '../../shared/stream/kinesis-batch';
import { ConsentRegimeSchema } from '../../shared/consent/model';
import { PipelineSettingsEnvSchema } from '../../shared/profiles/settings';
import { updateProfiles } from '../../shared/profiles/update-profiles';

const env = parseEnv(
  z.object({
    PROFILES_TABLE_NAME: z.string().min(1),
    DEAD_LETTER_QUEUE_URL: z.url(),
    EVENTS_STREAM_NAME: z.string().min(1),
    PIPELINE_VERSION: z.string().min(1),
    PIPELINE_SETTINGS: PipelineSettingsEnvSchema,
    CONSENT_REGIME: ConsentRegimeSchema,
  }),
);
const store = new DynamoProfileStore(dynamoDocumentClient(), env.PROFILES_TABLE_NAME);
const deadLetters = new SqsDeadLetterQueue(sqsClient(), env.DEAD_LETTER_QUEUE_URL, 'feature-updater');
/** Events of an anonymous profile already merged into a user go back on the stream under the user's key. */
const forwarder = new KinesisEventPublisher(kinesisClient(), env.EVENTS_STREAM_NAME);
const context = { pipelineVersion: env.PIPELINE_VERSION, streamName: env.EVENTS_STREAM_NAME, settings: env.PIPELINE_SETTINGS, consentRegime: env.CONSENT_REGIME };

/** Kinesis → profiles. Every record is applied, dead-lettered with its reason, or reported for retry. */
export const handler = middy<KinesisStreamEvent, KinesisStreamBatchResponse>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics, { captureColdStartMetric: true }))
  .use(captureLambdaHandler(tracer))
  .handler(async (event) => {
    const records = KinesisBatchSchema.parse(event);
    const { batchItemFailures, stats } = await updateProfiles(records, { store, deadLetters, context, forwarder });
    metrics.addMetric('RecordsReceived', MetricUnit.Count, stats.records);
    metrics.addMetric('EventsApplied', MetricUnit.Count, stats.applied);
    metrics.addMetric('RecordsReplayed', MetricUnit.Count, stats.replayed);
    metrics.addMetric('RecordsDeadLettered', MetricUnit.Count, stats.deadLettered);
    metrics.addMetric('ProfilesWritten', MetricUnit.Count, stats.usersWritten);
    // Users whose records were all resends, crawler events or pre-erasure events: counted here, not written.
    metrics.addMetric('ProfilesNotWrittenDropsOnly', MetricUnit.Count, stats.dropOnlyUsers);
    metrics.addMetric('RecordsFailed', MetricUnit.Count, stats.failedRecords);
    metrics.addMetric('RecordsSkipped', MetricUnit.Count, stats.skipped);
    metrics.addMetric('ConsentChangesApplied', MetricUnit.Count, stats.consentChanges);
    metrics.addMetric('AnonymousEventsForwarded', MetricUnit.Count, stats.forwarded);
    for (const [outcome, count] of Object.entries(stats.links)) metrics.addMetric(`IdentityLinks-${outcome}`, MetricUnit.Count, count);
    for (const [rule, count] of Object.entries(stats.dropped)) metrics.addMetric(`EventsDropped-${rule}`, MetricUnit.Count, count);
    logger.info('batch processed', { ...stats, dropped: stats.dropped });
    return { batchItemFailures };
  });
