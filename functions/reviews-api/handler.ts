import { z } from 'zod';
import { dynamoDocumentClient } from '../../shared/aws/clients';
import { DynamoCopyStore } from '../../shared/aws/copy-store';
import { DynamoExperimentStore } from '../../shared/aws/decision-store';
import { logger } from '../../shared/aws/observability';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { httpRoute, type HttpEvent } from '../../shared/aws/lambda-http';
import { readerLocale } from '../../shared/compliance/localise';
import { parseEnv } from '../../shared/config/env';
import { decideReview, listReviews } from '../../shared/copy/reviews';
import { ReviewDecisionRequestSchema, ReviewListQuerySchema, VariantPathSchema } from '../../shared/copy/schema';
import { jobIdOfVariant } from '../../shared/copy/workflow';
import { syncCopyExperiment } from '../../shared/decisions-service/copy-experiments';

const env = parseEnv(z.object({ COPY_TABLE_NAME: z.string().min(1), DECISIONS_TABLE_NAME: z.string().min(1) }));
const store = new DynamoCopyStore(dynamoDocumentClient(), env.COPY_TABLE_NAME);
const experiments = new DynamoExperimentStore(dynamoDocumentClient(), env.DECISIONS_TABLE_NAME);

/** GET /v1/reviews: variants waiting for a human, oldest first, paged with `limit` and `cursor`; findings in the Accept-Language where a pack has the rule. */
export const list = httpRoute({ query: ReviewListQuerySchema }, async ({ query }, event) => ({ statusCode: 200, body: await listReviews(store, query, readerLocale(event.headers?.['accept-language'])) }));

/** POST /v1/reviews/{variantId}: approve or reject (with a note); the reviewer is the token's subject. */
export const decide = httpRoute({ path: VariantPathSchema, body: ReviewDecisionRequestSchema, maxBodyBytes: 16_384 }, async ({ path, body, caller }) => {
  const variant = await decideReview(store, path.variantId, body, caller, () => new Date());
  // An approved variant of a job with an experiment joins it as an arm (best effort: the job view syncs again).
  const jobId = jobIdOfVariant(path.variantId);
  if (variant.status === 'approved' && jobId) {
    const found = await store.getJobWithVariants(jobId);
    if (found?.job.spec.experiment) {
      await syncCopyExperiment(jobId, found.job.spec.experiment, found.variants, { experiments, clock: { now: () => new Date() } }).catch((error: Error) => logger.warn('copy experiment not synced; the job view retries', { jobId, error }));
    }
  }
  return { statusCode: 200, body: variant };
});

/** One function, two routes with different scopes (API Gateway enforces them); the route key picks the use case. */
export const handler = (event: HttpEvent, context: Context): Promise<APIGatewayProxyStructuredResultV2> => (event.routeKey.startsWith('POST ') ? decide(event, context) : list(event, context));
