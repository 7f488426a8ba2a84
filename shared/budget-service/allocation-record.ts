import { z } from 'zod';
import type { AllocationExplanation, AllocationResult } from '../budget/allocator';

/**
 * An allocation as stored and served: the core's result (cents by channel, explanation, the
 * aggregate versions it read) plus what it was decided under and whether it has been published.
 */
export interface StoredAllocation {
  campaignId: string;
  /** Period key (its start, ISO UTC) and the start of the next period. */
  period: string;
  periodEnd: string;
  currency: string;
  totalBudgetCents: number;
  configVersion: number;
  /** Integer cents by channel, summing exactly to totalBudgetCents. */
  allocations: Record<string, number>;
  explanation: AllocationExplanation;
  /** Lineage: the effect aggregates (channel, period, version) this allocation read. */
  inputs: AllocationResult['inputs'];
  /** The period of the allocation this one moved from (its step limits are relative to it). */
  previousPeriod: string | null;
  trigger: 'schedule' | 'api';
  createdAt: string;
  /** Set once BudgetAllocated (and any anomaly events) are on the bus. */
  publishedAt?: string;
}

/**
 * Checks what is read back from the table. The explanation is the core's own output, written by this
 * service only, so it is checked for shape at the top level and otherwise trusted.
 */
const StoredAllocationObject = z.object({
  campaignId: z.string(),
  period: z.string(),
  periodEnd: z.string(),
  currency: z.string(),
  totalBudgetCents: z.number().int(),
  configVersion: z.number().int(),
  allocations: z.record(z.string(), z.number().int()),
  explanation: z.custom<AllocationExplanation>((value) => typeof value === 'object' && value !== null && Array.isArray((value as { channels?: unknown }).channels), 'explanation must hold channels'),
  inputs: z.array(z.object({ channel: z.string(), period: z.string(), version: z.number().int() })),
  previousPeriod: z.string().nullable(),
  trigger: z.enum(['schedule', 'api']),
  createdAt: z.string(),
  publishedAt: z.string().optional(),
});
export const StoredAllocationSchema: z.ZodType<StoredAllocation> = StoredAllocationObject;

/** The fields as the API shows them; the API's schema replaces the explanation check with the explanation's full shape. */
export const STORED_ALLOCATION_SHAPE = StoredAllocationObject.shape;
