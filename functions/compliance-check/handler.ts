import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { httpRoute } from '../../shared/aws/lambda-http';
import { checkRequest, ComplianceCheckRequestSchema } from '../../shared/compliance';
import { metrics } from '../../shared/aws/observability';

/** POST /v1/compliance/check: any text, human-written or generated, against the locale's and industry's rule packs. */
export const handler = httpRoute({ body: ComplianceCheckRequestSchema, maxBodyBytes: 65_536 }, async ({ body }) => {
  const result = checkRequest(body);
  metrics.addMetric(`ComplianceVerdict-${result.verdict}`, MetricUnit.Count, 1);
  return { statusCode: 200, body: result };
});
