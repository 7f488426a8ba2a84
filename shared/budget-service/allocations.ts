import { z } from 'zod';
import { badRequest, notFound } from '../http/errors';
import { InvalidCursorError, type AllocationPage, type AllocationStore, type CampaignStore, type StoredAllocation } from './ports';

/** The query of `GET /v1/campaigns/{id}/allocations`: a page size and the previous page's `nextCursor`. */
export const AllocationsQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(512).optional(),
});

/** GET /v1/campaigns/{id}/allocation: the allocation in force, with its explanation. */
export async function currentAllocation(campaignId: string, deps: { campaigns: CampaignStore }): Promise<StoredAllocation> {
  const campaign = await deps.campaigns.get(campaignId);
  if (!campaign) throw notFound(`no campaign ${campaignId}`);
  if (!campaign.current) throw notFound(`campaign ${campaignId} has no allocation yet: the scheduler allocates its first period at the next run, or POST /v1/campaigns/${campaignId}/reallocate now`);
  return campaign.current;
}

/** GET /v1/campaigns/{id}/allocations: the history, newest period first, a page at a time. */
export async function listAllocations(campaignId: string, page: { limit: number; cursor?: string }, deps: { campaigns: CampaignStore; allocations: AllocationStore }): Promise<AllocationPage> {
  if (!(await deps.campaigns.get(campaignId))) throw notFound(`no campaign ${campaignId}`);
  try {
    return await deps.allocations.list(campaignId, page);
  } catch (error) {
    if (error instanceof InvalidCursorError) throw badRequest(`invalid cursor: ${error.message}; pass back nextCursor from the previous page`);
    throw error;
  }
}
