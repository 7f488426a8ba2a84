import { z } from 'zod';
import { dynamoDocumentClient } from '../../shared/aws/clients';
import { dynamoDecisionStores } from '../../shared/aws/decision-store';
import { httpRoute, readJsonBody } from '../../shared/aws/lambda-http';
import { parseEnv } from '../../shared/config/env';
import { ExperimentPathSchema, getExperiment, putExperiment } from '../../shared/decisions-service/experiments';
import { evaluatePolicy, getResults } from '../../shared/decisions-service/results';
import { HttpError } from '../../shared/http/errors';
import { etagOf, parseIfMatch, parseIfNoneMatch } from '../../shared/http/preconditions';

const env = parseEnv(z.object({ DECISIONS_TABLE_NAME: z.string().min(1) }));
const stores = dynamoDecisionStores(dynamoDocumentClient(), env.DECISIONS_TABLE_NAME);
const deps = { experiments: stores.experiments, log: stores.log, clock: { now: () => new Date() } };
const MAX_BODY_BYTES = 262_144;

/**
 * The experiment routes (one function: they share the table and a warm container):
 * PUT/GET /v1/experiments/{id} (the experiment and its test plan), GET …/results (per-arm results
 * with always-valid intervals), POST …/evaluate (off-policy estimates of a candidate policy).
 */
export const handler = httpRoute({ path: ExperimentPathSchema }, async ({ path }, event) => {
  const { experimentId } = path;
  switch (event.routeKey) {
    case 'PUT /v1/experiments/{experimentId}': {
      const ifMatch = parseIfMatch(event.headers?.['if-match']);
      const ifNoneMatch = parseIfNoneMatch(event.headers?.['if-none-match']);
      const { created, view } = await putExperiment(experimentId, readJsonBody(event, { maxBodyBytes: MAX_BODY_BYTES, required: true }), deps, { ifMatch, ifNoneMatch });
      return { statusCode: created ? 201 : 200, headers: { etag: etagOf(view.experiment.version) }, body: view };
    }
    case 'GET /v1/experiments/{experimentId}': {
      const view = await getExperiment(experimentId, deps);
      return { statusCode: 200, headers: { etag: etagOf(view.experiment.version) }, body: view };
    }
    case 'GET /v1/experiments/{experimentId}/results':
      return { statusCode: 200, body: await getResults(experimentId, deps) };
    case 'POST /v1/experiments/{experimentId}/evaluate':
      return { statusCode: 200, body: await evaluatePolicy(experimentId, readJsonBody(event, { maxBodyBytes: 4096, required: false }), deps) };
    default:
      throw new HttpError(405, 'MethodNotAllowed', `${event.routeKey} is not served here`);
  }
});
