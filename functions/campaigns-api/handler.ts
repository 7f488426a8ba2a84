import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { z } from 'zod';
import { dynamoBudgetStores } from '../../shared/aws/budget-store';
import { dynamoDocumentClient } from '../../shared/aws/clients';
import { EventBridgeBudgetPublisher, eventBridgeClient } from '../../shared/aws/eventbridge-publisher';
import { httpRoute, type HttpEvent } from '../../shared/aws/lambda-http';
import { currentAllocation, listAllocations } from '../../shared/budget-service/allocations';
import { CampaignPathSchema, getCampaign, putCampaign } from '../../shared/budget-service/campaigns';
import { reallocateCampaign } from '../../shared/budget-service/reallocate';
import { parseEnv } from '../../shared/config/env';
import { badRequest, HttpError, unsupportedMediaType } from '../../shared/http/errors';
import { metrics } from '../../shared/observability';

const env = parseEnv(z.object({ BUDGET_TABLE_NAME: z.string().min(1), BUDGET_EVENT_BUS_NAME: z.string().min(1) }));
const stores = dynamoBudgetStores(dynamoDocumentClient(), env.BUDGET_TABLE_NAME);
const deps = { ...stores, publisher: new EventBridgeBudgetPublisher(eventBridgeClient(), env.BUDGET_EVENT_BUS_NAME), clock: { now: () => new Date() } };

const QuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(512).optional(),
});
const ReallocateBodySchema = z.object({ period: z.iso.datetime({ offset: true, error: 'period must be an ISO 8601 date-time inside the period, e.g. 2025-06-02T00:00:00Z' }).optional() }).strict();
const MAX_BODY_BYTES = 65_536;

/**
 * The campaign routes (one function: they share the table, the bus and a warm container):
 * PUT/GET /v1/campaigns/{id}, GET …/allocation (in force, with explanation), GET …/allocations
 * (history, newest first, `?limit=&cursor=`), POST …/reallocate (the next period, or `{ "period" }`).
 */
export const handler = httpRoute({ path: CampaignPathSchema, query: QuerySchema }, async ({ path, query }, event) => {
  const { campaignId } = path;
  switch (event.routeKey) {
    case 'PUT /v1/campaigns/{campaignId}': {
      const { created, campaign } = await putCampaign(campaignId, jsonBody(event, true), deps);
      return { statusCode: created ? 201 : 200, body: campaign };
    }
    case 'GET /v1/campaigns/{campaignId}':
      return { statusCode: 200, body: await getCampaign(campaignId, deps) };
    case 'GET /v1/campaigns/{campaignId}/allocation':
      return { statusCode: 200, body: await currentAllocation(campaignId, deps) };
    case 'GET /v1/campaigns/{campaignId}/allocations':
      return { statusCode: 200, body: await listAllocations(campaignId, query, deps) };
    case 'POST /v1/campaigns/{campaignId}/reallocate': {
      const parsed = ReallocateBodySchema.safeParse(jsonBody(event, false) ?? {});
      if (!parsed.success) throw badRequest('invalid request body', parsed.error.issues.map((issue) => ({ path: issue.path.join('.') || '(root)', message: issue.message })));
      const outcome = await reallocateCampaign(campaignId, { period: parsed.data.period, trigger: 'api' }, deps);
      if (outcome.status === 'allocated') {
        metrics.addMetric('CampaignsReallocated', MetricUnit.Count, 1);
        metrics.addMetric('ChannelAnomalies', MetricUnit.Count, outcome.anomalousChannels.length);
      }
      return { statusCode: outcome.status === 'allocated' ? 201 : 200, body: outcome };
    }
    default:
      throw new HttpError(405, 'MethodNotAllowed', `${event.routeKey} is not served here`);
  }
});

/** The JSON body; `required: false` lets an empty body through as undefined (reallocate's body is optional). */
function jsonBody(event: HttpEvent, required: boolean): unknown {
  const raw = event.body === undefined ? '' : event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  if (Buffer.byteLength(raw, 'utf8') > MAX_BODY_BYTES) throw new HttpError(413, 'PayloadTooLarge', `request body exceeds ${MAX_BODY_BYTES} bytes`);
  if (raw.trim() === '') {
    if (required) throw badRequest('request body is required');
    return undefined;
  }
  const contentType = event.headers?.['content-type'] ?? event.headers?.['Content-Type'];
  if (contentType && !/^application\/(.+\+)?json\b/i.test(contentType)) throw unsupportedMediaType();
  try {
    return JSON.parse(raw) as unknown;
  } catch (error) {
    throw badRequest(`request body is not valid JSON: ${(error as Error).message}`);
  }
}
