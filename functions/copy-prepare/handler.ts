import { z } from 'zod';
import { dynamoDocumentClient } from '../../shared/aws/clients';
import { DynamoCopyStore } from '../../shared/aws/copy-store';
import { workflowStep } from '../../shared/aws/lambda-step';
import { parseEnv } from '../../shared/config/env';
import { prepareJob } from '../../shared/copy/jobs';
import { JobIdSchema } from '../../shared/copy/schema';
import { logger } from '../../shared/aws/observability';

const env = parseEnv(z.object({ COPY_TABLE_NAME: z.string().min(1) }));
const store = new DynamoCopyStore(dynamoDocumentClient(), env.COPY_TABLE_NAME);

/** ValidateJob: the execution input `{ jobId }` → the job's spec and its audiences × locales × variants. */
export const handler = workflowStep(z.object({ jobId: JobIdSchema }), async ({ jobId }) => {
  const prepared = await prepareJob(store, jobId, () => new Date());
  logger.info('copy job prepared', { jobId, variants: prepared.items.length });
  return prepared;
});
