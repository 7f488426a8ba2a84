import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { fitsLambdaResponse, httpRoute } from '../../shared/aws/lambda-http';
import { checkRequest, ComplianceCheckRequestSchema } from '../../shared/compliance';
import { resultFor } from '../../shared/compliance/localise';
import { metrics } from '../../shared/aws/observability';
import { unprocessable } from '../../shared/http/errors';

/** POST /v1/compliance/check: any text, human-written or generated, against the locale's and industry's rule packs. */
export const handler = httpRoute({ body: ComplianceCheckRequestSchema, maxBodyBytes: 65_536 }, async ({ body }, event) => {
  // Findings worded in the caller's Accept-Language where that language's pack has the rule.
  const result = resultFor(event.headers?.['accept-language'], body.industry, checkRequest(body));
  // Overlapping forbidden terms over a long repeated text can make more findings than Lambda can return.
  if (!fitsLambdaResponse(result)) {
    throw unprocessable(`the text makes ${result.findings.length} findings, more than one answer can carry: check it in parts, or with fewer forbidden terms that repeat across it`, { findings: result.findings.length });
  }
  metrics.addMetric(`ComplianceVerdict-${result.verdict}`, MetricUnit.Count, 1);
  return { statusCode: 200, body: result };
});
