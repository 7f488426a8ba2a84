import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { z } from 'zod';
import { dynamoBudgetStores } from '../../shared/aws/budget-store';
import { dynamoDocumentClient } from '../../shared/aws/clients';
import { httpRoute } from '../../shared/aws/lambda-http';
import { assertSomeValid, EffectsRequestSchema, reportEffects } from '../../shared/budget-service/effects';
import { parseEnv } from '../../shared/config/env';
import { serviceUnavailable } from '../../shared/http/errors';
import { metrics } from '../../shared/aws/observability';

const env = parseEnv(z.object({ BUDGET_TABLE_NAME: z.string().min(1) }));
const { campaigns, effects } = dynamoBudgetStores(dynamoDocumentClient(), env.BUDGET_TABLE_NAME);

/**
 * POST /v1/effects: one effect report or `{ reports: [...] }`. Each report is counted once per id and
 * revision; the response says per report what happened (accepted, corrected, late, duplicate…).
 */
export const handler = httpRoute({ body: EffectsRequestSchema, maxBodyBytes: 262_144 }, async ({ body }) => {
  const result = await reportEffects(body, { campaigns, effects, clock: { now: () => new Date() } });
  for (const [status, count] of Object.entries(result.counts)) if (count > 0) metrics.addMetric(`EffectReports-${status}`, MetricUnit.Count, count);
  assertSomeValid(result);
  // 503 only when nothing was stored and resending can help: some reports failed transiently.
  if (result.counts.failed > 0 && result.counts.failed + result.counts.rejected === result.results.length) throw serviceUnavailable('no report could be stored now; resend the failed ones (resending is safe) and fix the rejected ones', result);
  return { statusCode: 200, body: result };
});
