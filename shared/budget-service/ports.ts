/**
 * Ports of the budget service: what the use cases need from storage and from the event bus. The
 * DynamoDB and EventBridge adapters live in shared/aws/; the tests use in-memory fakes with the same
 * contracts (conditional writes that answer 'conflict'/'exists' instead of throwing).
 */
import type { CampaignConfig, PeriodAggregate } from '../budget/schemas';
import type { BudgetEvent } from './events';
import type { StoredAllocation } from './allocation-record';

export type { BudgetEvent } from './events';
export type { StoredAllocation } from './allocation-record';

export interface StoredCampaign {
  config: CampaignConfig;
  /** 1 on creation, +1 on every replacement; allocations record the version they used. */
  configVersion: number;
  createdAt: string;
  updatedAt: string;
  /** The allocation in force (the latest period allocated), with its explanation. */
  current?: StoredAllocation;
  /** How many periods have been allocated so far (burn-in itself counts periods with data; see shared/budget). */
  periodsAllocated: number;
  /** When the next period starts, i.e. when the scheduler should allocate it (or retry, while failing). */
  nextDueAt: string;
  /** Set while scheduled runs fail for this campaign: the scheduler backs off (see reallocate.ts). Cleared by a success or a new configuration. */
  failure?: CampaignFailure;
}

export interface CampaignFailure {
  /** Scheduled runs that failed in a row. */
  failures: number;
  /** The latest error's name and message (no payloads), at most 500 characters. */
  lastError: string;
  lastFailedAt: string;
  /** When the scheduler tries again. */
  nextAttemptAt: string;
}

/** The scheduler's two queues: campaigns on schedule, and failing campaigns waiting for their retry. */
export type DueQueue = 'on-schedule' | 'failing';

export interface CampaignStore {
  get(campaignId: string): Promise<StoredCampaign | undefined>;
  /**
   * Creates (expectedVersion undefined: only if absent) or replaces the configuration (only if still
   * at expectedVersion), leaving the current allocation and the counters untouched. Clears a
   * recorded failure: the new configuration is tried on schedule.
   */
  saveConfig(config: CampaignConfig, expectedVersion: number | undefined, at: string, nextDueAt: string): Promise<'saved' | 'conflict'>;
  /**
   * Makes `allocation` the current one, counts the period, moves the due time and clears a recorded
   * failure, unless the campaign already has this or a later period current ('stale': nothing changes).
   */
  advance(allocation: StoredAllocation, nextDueAt: string): Promise<'advanced' | 'stale'>;
  /** Ids of the campaigns of `queue` due at `now` (nextDueAt ≤ now), most overdue first. */
  listDue(now: string, limit: number, queue: DueQueue): Promise<string[]>;
  /**
   * Records a failed scheduled run: the campaign moves to the failing queue, due again at
   * `failure.nextAttemptAt`. No-op for a campaign that no longer exists.
   */
  recordFailure(campaignId: string, failure: CampaignFailure): Promise<void>;
}

export interface EffectsStore {
  get(campaignId: string, channel: string, period: string): Promise<PeriodAggregate | undefined>;
  /** Stores the aggregate if it is still at expectedVersion (undefined: only if absent). */
  save(aggregate: PeriodAggregate, expectedVersion: number | undefined): Promise<'saved' | 'conflict'>;
  /** Every channel's aggregates for periods in [fromPeriod, toPeriod), oldest first. */
  range(campaignId: string, fromPeriod: string, toPeriod: string): Promise<PeriodAggregate[]>;
}

export interface AllocationPage {
  items: StoredAllocation[];
  /** Opaque; pass back to get the next (older) page. Absent on the last page. */
  nextCursor?: string;
}

export interface AllocationStore {
  get(campaignId: string, period: string): Promise<StoredAllocation | undefined>;
  /** Stores the allocation of a period once: 'exists' when the period already has one (nothing changes). */
  create(allocation: StoredAllocation): Promise<'created' | 'exists'>;
  markPublished(campaignId: string, period: string, at: string): Promise<void>;
  /** What was planned (cents by channel) for each allocated period in [fromPeriod, toPeriod), oldest first, and whether it was published. */
  plans(campaignId: string, fromPeriod: string, toPeriod: string): Promise<PlannedPeriod[]>;
  /** Newest period first. Throws InvalidCursorError for a cursor it did not issue for this campaign. */
  list(campaignId: string, options: { limit: number; cursor?: string }): Promise<AllocationPage>;
}

export interface PlannedPeriod {
  period: string;
  allocations: Record<string, number>;
  published: boolean;
}

export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
}

/** Port: the event bus. Throws when events could not be delivered, so the caller can retry later. */
export interface BudgetEventPublisher {
  publish(events: readonly BudgetEvent[]): Promise<void>;
}

export interface Clock {
  now(): Date;
}
