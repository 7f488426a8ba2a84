import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { z } from 'zod';
import { dynamoDocumentClient } from '../../shared/aws/clients';
import { DynamoCopyStore } from '../../shared/aws/copy-store';
import { DynamoExperimentStore } from '../../shared/aws/decision-store';
import { workflowStep } from '../../shared/aws/lambda-step';
import { parseEnv } from '../../shared/config/env';
import { publishJob } from '../../shared/copy/jobs';
import { syncCopyExperiment } from '../../shared/decisions-service/copy-experiments';
import { JobIdSchema, OutcomeSchema } from '../../shared/copy/schema';
import { logger, metrics } from '../../shared/aws/observability';

const env = parseEnv(z.object({ COPY_TABLE_NAME: z.string().min(1), DECISIONS_TABLE_NAME: z.string().min(1) }));
const store = new DynamoCopyStore(dynamoDocumentClient(), env.COPY_TABLE_NAME);
const experiments = new DynamoExperimentStore(dynamoDocumentClient(), env.DECISIONS_TABLE_NAME);
const InputSchema = z.object({
  jobId: JobIdSchema,
  variants: z.array(z.object({ variantId: z.string().min(1), outcome: OutcomeSchema, attempts: z.number().int().positive() })),
});

/** PublishJob: all variants of the job become visible together (pending ones enter the review queue). */
export const handler = workflowStep(InputSchema, async ({ jobId, variants }) => {
  const summary = await publishJob(store, jobId, variants, () => new Date());
  metrics.addMetric('CopyVariantsAccepted', MetricUnit.Count, summary.accepted);
  metrics.addMetric('CopyVariantsForReview', MetricUnit.Count, summary.pendingReview);
  metrics.addMetric('CopyVariantsRegenerated', MetricUnit.Count, summary.regenerated);
  logger.info('copy job published', summary);
  // A job that asked for an experiment: its accepted variants become arms. Best effort: the job view
  // syncs again, so a failure here delays the experiment instead of failing a published job.
  const found = await store.getJobWithVariants(jobId);
  if (found?.job.spec.experiment) {
    try {
      const sync = await syncCopyExperiment(jobId, found.job.spec.experiment, found.variants, { experiments, clock: { now: () => new Date() } });
      logger.info('copy experiment synced', { ...sync });
    } catch (error) {
      metrics.addMetric('CopyExperimentSyncFailed', MetricUnit.Count, 1);
      logger.warn('copy experiment not synced; the job view retries', { jobId, error: error as Error });
    }
  }
  return summary;
});
