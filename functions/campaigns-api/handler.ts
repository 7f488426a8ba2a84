import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { z } from 'zod';
import { dynamoBudgetStores } from '../../shared/aws/budget-store';
import { dynamoDocumentClient, eventBridgeClient } from '../../shared/aws/clients';
import { EventBridgeBudgetPublisher } from '../../shared/aws/eventbridge-publisher';
import { httpRoute, readJsonBody } from '../../shared/aws/lambda-http';
import { AllocationsQuerySchema, currentAllocation, listAllocations } from '../../shared/budget-service/allocations';
import { CampaignPathSchema, getCampaign, putCampaign } from '../../shared/budget-service/campaigns';
import { ReallocateBodySchema, reallocateCampaign } from '../../shared/budget-service/reallocate';
import { parseEnv } from '../../shared/config/env';
import { badRequest, describeIssues, HttpError } from '../../shared/http/errors';
import { etagOf, parseIfMatch, parseIfNoneMatch } from '../../shared/http/preconditions';
import { metrics } from '../../shared/aws/observability';

const env = parseEnv(z.object({ BUDGET_TABLE_NAME: z.string().min(1), BUDGET_EVENT_BUS_NAME: z.string().min(1) }));
const stores = dynamoBudgetStores(dynamoDocumentClient(), env.BUDGET_TABLE_NAME);
const deps = { ...stores, publisher: new EventBridgeBudgetPublisher(eventBridgeClient(), env.BUDGET_EVENT_BUS_NAME), clock: { now: () => new Date() } };

const MAX_BODY_BYTES = 65_536;

/**
 * The campaign routes (one function: they share the table, the bus and a warm container):
 * PUT/GET /v1/campaigns/{id}, GET …/allocation (in force, with explanation), GET …/allocations
 * (history, newest first, `?limit=&cursor=`), POST …/reallocate (the next period, or `{ "period" }`).
 */
export const handler = httpRoute({ path: CampaignPathSchema, query: AllocationsQuerySchema, queryRoutes: ['GET /v1/campaigns/{campaignId}/allocations'] }, async ({ path, query }, event) => {
  const { campaignId } = path;
  switch (event.routeKey) {
    case 'PUT /v1/campaigns/{campaignId}': {
      const ifMatch = parseIfMatch(event.headers?.['if-match']);
      const ifNoneMatch = parseIfNoneMatch(event.headers?.['if-none-match']);
      const { created, campaign } = await putCampaign(campaignId, readJsonBody(event, { maxBodyBytes: MAX_BODY_BYTES, required: true }), deps, { ifMatch, ifNoneMatch });
      return { statusCode: created ? 201 : 200, headers: { etag: etagOf(campaign.configVersion) }, body: campaign };
    }
    case 'GET /v1/campaigns/{campaignId}': {
      const campaign = await getCampaign(campaignId, deps);
      return { statusCode: 200, headers: { etag: etagOf(campaign.configVersion) }, body: campaign };
    }
    case 'GET /v1/campaigns/{campaignId}/allocation':
      return { statusCode: 200, body: await currentAllocation(campaignId, deps) };
    case 'GET /v1/campaigns/{campaignId}/allocations':
      return { statusCode: 200, body: await listAllocations(campaignId, query, deps) };
    case 'POST /v1/campaigns/{campaignId}/reallocate': {
      const parsed = ReallocateBodySchema.safeParse(readJsonBody(event, { maxBodyBytes: MAX_BODY_BYTES, required: false }) ?? {});
      if (!parsed.success) throw badRequest('invalid request body', describeIssues(parsed.error.issues));
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
