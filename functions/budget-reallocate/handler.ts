import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import { z } from 'zod';
import { dynamoBudgetStores } from '../../shared/aws/budget-store';
import { dynamoDocumentClient, eventBridgeClient } from '../../shared/aws/clients';
import { EventBridgeBudgetPublisher } from '../../shared/aws/eventbridge-publisher';
import { REPEATED_FAILURES, runDueReallocations, type ScheduledRunResult } from '../../shared/budget-service/reallocate';
import { parseEnv, positiveInt } from '../../shared/config/env';
import { logger, metrics, tracer } from '../../shared/aws/observability';

const env = parseEnv(
  z.object({
    BUDGET_TABLE_NAME: z.string().min(1),
    BUDGET_EVENT_BUS_NAME: z.string().min(1),
    MAX_CAMPAIGNS_PER_RUN: positiveInt.default(200),
  }),
);
const stores = dynamoBudgetStores(dynamoDocumentClient(), env.BUDGET_TABLE_NAME);
const publisher = new EventBridgeBudgetPublisher(eventBridgeClient(), env.BUDGET_EVENT_BUS_NAME);

/**
 * What EventBridge Scheduler sends (the schedule's input). `now` lets an operator (or a test) run the
 * job as of another instant, e.g. to allocate a period that has just started without waiting.
 */
const ScheduledEventSchema = z.object({ trigger: z.string().optional(), now: z.iso.datetime({ offset: true }).optional() }).loose();

/**
 * EventBridge Scheduler → every campaign whose next period has started: anomaly gate, model,
 * allocation, history, events. Failures of single campaigns are reported (result, metrics, logs with
 * the campaign id) and leave those campaigns due for the next run; they do not fail the invocation,
 * which would make the Scheduler retry the campaigns that succeeded too (harmless, but wasted).
 */
export const handler = middy<unknown, ScheduledRunResult>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics, { captureColdStartMetric: true }))
  .use(captureLambdaHandler(tracer))
  .handler(async (event) => {
    const input = ScheduledEventSchema.parse(event ?? {});
    const now = input.now ? new Date(input.now) : undefined;
    const result = await runDueReallocations(
      { ...stores, publisher, clock: { now: () => now ?? new Date() } },
      {
        maxCampaigns: env.MAX_CAMPAIGNS_PER_RUN,
        onFailure: (campaignId, error, failure) =>
          logger.error('campaign reallocation failed; it backs off and is tried again', { campaignId, failures: failure.failures, nextAttemptAt: failure.nextAttemptAt, error: error as Error }),
      },
    );
    metrics.addMetric('CampaignsDue', MetricUnit.Count, result.due);
    metrics.addMetric('CampaignsReallocated', MetricUnit.Count, result.allocated.length);
    metrics.addMetric('CampaignsCompleted', MetricUnit.Count, result.completed.length);
    metrics.addMetric('CampaignsFailed', MetricUnit.Count, result.failed.length);
    metrics.addMetric('CampaignsFailingRepeatedly', MetricUnit.Count, result.failed.filter((failure) => failure.failures >= REPEATED_FAILURES).length);
    metrics.addMetric('ChannelAnomalies', MetricUnit.Count, result.anomalies);
    metrics.addMetric('ChannelsHeld', MetricUnit.Count, result.heldChannels.length);
    logger.info('reallocation run finished', { due: result.due, allocated: result.allocated.length, completed: result.completed.length, skipped: result.skipped.length, failed: result.failed.map((failure) => failure.campaignId), held: result.heldChannels });
    return result;
  });
