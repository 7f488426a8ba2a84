import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { z } from 'zod';
import { dynamoDocumentClient, sfnClient } from '../../shared/aws/clients';
import { DynamoCopyStore } from '../../shared/aws/copy-store';
import { DynamoExperimentStore } from '../../shared/aws/decision-store';
import { StepFunctionsCopyWorkflow } from '../../shared/aws/copy-workflow';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { httpRoute, type HttpEvent } from '../../shared/aws/lambda-http';
import { parseEnv } from '../../shared/config/env';
import { readCopyJob, submitCopyJob } from '../../shared/copy/jobs';
import { CopyJobRequestSchema, JobPathSchema } from '../../shared/copy/schema';
import { jobFor } from '../../shared/copy/views';
import { readerLocale } from '../../shared/compliance/localise';
import { copyExperimentView } from '../../shared/decisions-service/copy-experiments';
import { metrics } from '../../shared/aws/observability';

const env = parseEnv(z.object({ COPY_TABLE_NAME: z.string().min(1), COPY_STATE_MACHINE_ARN: z.string().startsWith('arn:'), DECISIONS_TABLE_NAME: z.string().min(1) }));
const deps = {
  store: new DynamoCopyStore(dynamoDocumentClient(), env.COPY_TABLE_NAME),
  workflow: new StepFunctionsCopyWorkflow(sfnClient(), env.COPY_STATE_MACHINE_ARN),
  now: () => new Date(),
};
const experiments = new DynamoExperimentStore(dynamoDocumentClient(), env.DECISIONS_TABLE_NAME);

/** POST /v1/copy-jobs: validates the job and starts its workflow; answers 202 with the job id at once. */
export const submit = httpRoute({ body: CopyJobRequestSchema, maxBodyBytes: 65_536 }, async ({ body, caller }) => {
  const response = await submitCopyJob(deps, body, caller);
  if (response.statusCode === 202) metrics.addMetric('CopyJobsSubmitted', MetricUnit.Count, 1);
  return { ...response, headers: { location: `/v1/copy-jobs/${response.body.jobId}` } };
});

/** GET /v1/copy-jobs/{jobId}: status, variants with their verdicts and attempts (findings in the Accept-Language where a pack has the rule), failure reason. */
export const read = httpRoute({ path: JobPathSchema }, async ({ path }, event) => {
  const view = jobFor(readerLocale(event.headers?.['accept-language']), await readCopyJob(deps, path.jobId));
  if (view.status !== 'SUCCEEDED' || !view.request.experiment) return { statusCode: 200, body: view };
  // A published job with an experiment: each variant's live results and the winner.
  const experiment = await copyExperimentView(view.jobId, view.request.experiment, view.variants, { experiments, clock: { now: deps.now } });
  return { statusCode: 200, body: { ...view, experiment } };
});

/** One function serves both routes (same table and workflow); the route key picks the use case. */
export const handler = (event: HttpEvent, context: Context): Promise<APIGatewayProxyStructuredResultV2> => (event.routeKey.startsWith('POST ') ? submit(event, context) : read(event, context));
