import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { z } from 'zod';
import { dynamoDocumentClient } from '../../shared/aws/clients';
import { DynamoCopyStore } from '../../shared/aws/copy-store';
import { workflowStep } from '../../shared/aws/lambda-step';
import { parseEnv } from '../../shared/config/env';
import { markJobFailed } from '../../shared/copy/jobs';
import { logger, metrics } from '../../shared/aws/observability';

const env = parseEnv(z.object({ COPY_TABLE_NAME: z.string().min(1) }));
const store = new DynamoCopyStore(dynamoDocumentClient(), env.COPY_TABLE_NAME);

/** MarkJobFailed: the Catch target of every step. Records the reason and withdraws the job's variants. */
export const handler = workflowStep(z.object({ jobId: z.string().min(1), error: z.string().min(1), cause: z.string().optional() }), async (input) => {
  const result = await markJobFailed(store, input, () => new Date());
  metrics.addMetric('CopyJobsFailed', MetricUnit.Count, 1);
  logger.warn('copy job failed', { jobId: input.jobId, error: result.failure.error });
  return result;
});
