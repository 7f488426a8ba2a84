import { z } from 'zod';
import { own } from '../validation/keys';
import { allocateBudget, lookbackPeriods } from '../budget/allocator';
import { periodKey, shiftPeriod } from '../budget/schemas';
import { mapWithConcurrency } from '../concurrency';
import { badRequest, conflict, notFound } from '../http/errors';
import { dueAfter, nextPeriod } from './campaigns';
import { BUDGET_DETAIL_TYPES, type BudgetEvent } from './events';
import type { AllocationStore, BudgetEventPublisher, CampaignFailure, CampaignStore, Clock, EffectsStore, StoredAllocation, StoredCampaign } from './ports';

/** The body of `POST /v1/campaigns/{id}/reallocate` (optional): the period to allocate, named by any instant in it. */
export const ReallocateBodySchema = z.object({ period: z.iso.datetime({ offset: true, error: 'period must be an ISO 8601 date-time inside the period, e.g. 2025-06-02T00:00:00Z' }).optional() }).strict();

export interface ReallocationDeps {
  campaigns: CampaignStore;
  effects: EffectsStore;
  allocations: AllocationStore;
  publisher: BudgetEventPublisher;
  clock: Clock;
}

export interface ReallocationOutcome {
  /** `allocated`: this call decided the period; `unchanged`: the period already had its allocation, returned as stored. */
  status: 'allocated' | 'unchanged';
  allocation: StoredAllocation;
  /** Channels whose allocation was held this period because their newest effects were anomalous. */
  heldChannels: string[];
  /** Channels with an anomaly in the newest closed period (held or not). */
  anomalousChannels: string[];
}

/**
 * Decides one campaign's budget for one period, once.
 * 1. the period: the one named (any instant in it), or the next one (after the allocation in force,
 *    or the clock's if later), never more than one period ahead of the clock's: when the next one
 *    would be, a call without a period gets the latest allocation back unchanged (so resending it is safe);
 * 2. if the period already has an allocation, finish what a crashed run may have left undone
 *    (publish, make it current) and return it unchanged;
 * 3. otherwise load the lookback window of effect aggregates and earlier plans, and let the core
 *    decide (anomaly gate, Bayesian model, Thompson sampling within floors, caps and steps, seeded by
 *    campaign and period, so a recomputation draws the same);
 * 4. store it only if the period still has none (a concurrent run's allocation wins and is returned);
 * 5. publish BudgetAllocated and one ChannelAnomalyDetected per anomalous channel, then mark it
 *    published and make it the allocation in force. A failure in 5 leaves the campaign due, so the
 *    next run (or call) completes it; connectors dedupe redeliveries on `eventId`.
 */
export async function reallocateCampaign(campaignId: string, options: { period?: string; trigger: 'schedule' | 'api' }, deps: ReallocationDeps): Promise<ReallocationOutcome> {
  const campaign = await deps.campaigns.get(campaignId);
  if (!campaign) throw notFound(`no campaign ${campaignId}`);
  const { config } = campaign;
  const now = deps.clock.now();
  const next = nextPeriod(campaign, now);
  // The latest period that may be decided now: the clock's next one. Without this bound every resent
  // call walked one period further, deciding future budgets before any of their effects could exist.
  const horizon = shiftPeriod(config.cadence, periodKey(config.cadence, now), 1);
  const latestDecided = campaign.current?.period;
  const period = options.period !== undefined ? periodKey(config.cadence, options.period) : next > horizon && latestDecided !== undefined ? latestDecided : next;

  const stored = await deps.allocations.get(campaignId, period);
  if (stored) return complete(stored, campaign, 'unchanged', deps);

  const inForce = campaign.current?.period;
  if (inForce !== undefined && period <= inForce) {
    throw conflict(`period ${period} is not after the allocation in force (${inForce}) and has no allocation of its own: budgets only move forward`, { latestPeriod: inForce, nextPeriod: next });
  }
  if (period > next) throw badRequest(`period ${period} is later than the next period to allocate (${next})`, { nextPeriod: next });
  if (period > horizon) throw badRequest(`period ${period} is more than one period ahead of the clock: budgets are decided at most one period ahead (${horizon})`, { nextPeriod: horizon });

  const from = shiftPeriod(config.cadence, period, -lookbackPeriods(config));
  const [aggregates, plans] = await Promise.all([deps.effects.range(campaignId, from, period), deps.allocations.plans(campaignId, from, period)]);
  // Pacing is judged against what the connectors were told: an allocation never published never ran.
  const allocationHistory = plans.filter((plan) => plan.published).map(({ period: planned, allocations }) => ({ period: planned, allocations }));
  const result = allocateBudget({ config, period, current: campaign.current?.allocations, aggregates, allocationHistory });
  const decided: StoredAllocation = {
    campaignId,
    period,
    periodEnd: shiftPeriod(config.cadence, period, 1),
    currency: config.currency,
    totalBudgetCents: config.totalBudgetCents,
    configVersion: campaign.configVersion,
    allocations: { ...result.allocations },
    explanation: result.explanation,
    inputs: result.inputs,
    previousPeriod: inForce ?? null,
    trigger: options.trigger,
    createdAt: now.toISOString(),
  };
  if ((await deps.allocations.create(decided)) === 'exists') {
    const winner = await deps.allocations.get(campaignId, period);
    if (!winner) throw new Error(`allocation ${campaignId}/${period} exists but cannot be read`);
    return complete(winner, campaign, 'unchanged', deps);
  }
  return complete(decided, campaign, 'allocated', deps);
}

/** Step 5: publish (once, unless a crash intervened), then make the allocation current and move the due time. */
async function complete(allocation: StoredAllocation, campaign: StoredCampaign, status: ReallocationOutcome['status'], deps: ReallocationDeps): Promise<ReallocationOutcome> {
  const events = budgetEvents(allocation);
  let settled = allocation;
  if (!allocation.publishedAt) {
    await deps.publisher.publish(events);
    const publishedAt = deps.clock.now().toISOString();
    await deps.allocations.markPublished(allocation.campaignId, allocation.period, publishedAt);
    settled = { ...allocation, publishedAt };
  }
  const alreadyInForce = campaign.current !== undefined && campaign.current.period >= allocation.period;
  if (!alreadyInForce) await deps.campaigns.advance(settled, dueAfter(campaign.config, allocation.period));
  return {
    status,
    allocation: settled,
    heldChannels: allocation.explanation.channels.filter((channel) => channel.frozen).map((channel) => channel.channel),
    anomalousChannels: events.flatMap((event) => (event.detailType === BUDGET_DETAIL_TYPES.anomaly ? [event.detail.channel] : [])),
  };
}

/**
 * The events of an allocation, rebuilt identically from the stored record on every attempt. A
 * channel gets an anomaly event when a point of the newest closed period (the one just before the
 * allocated period) was flagged: older flags were announced when they were new.
 */
export function budgetEvents(allocation: StoredAllocation): BudgetEvent[] {
  const newestClosed = new Date(Date.parse(allocation.period) - (Date.parse(allocation.periodEnd) - Date.parse(allocation.period))).toISOString();
  const base = `${allocation.campaignId}/${allocation.period}`;
  const events: BudgetEvent[] = [
    {
      detailType: BUDGET_DETAIL_TYPES.allocated,
      detail: {
        eventId: `${base}/allocated`,
        campaignId: allocation.campaignId,
        period: allocation.period,
        periodEnd: allocation.periodEnd,
        currency: allocation.currency,
        totalBudgetCents: allocation.totalBudgetCents,
        channels: allocation.explanation.channels.map((channel) => ({
          channel: channel.channel,
          cents: own(allocation.allocations, channel.channel) ?? channel.allocatedCents,
          previousCents: channel.currentCents,
          held: channel.frozen,
        })),
        heldForAnomaly: allocation.explanation.channels.filter((channel) => channel.frozen).map((channel) => channel.channel),
        trigger: allocation.trigger,
        allocatedAt: allocation.createdAt,
      },
    },
  ];
  for (const channel of allocation.explanation.channels) {
    const fresh = channel.anomalies.filter((point) => point.period === newestClosed);
    if (fresh.length === 0) continue;
    events.push({
      detailType: BUDGET_DETAIL_TYPES.anomaly,
      detail: {
        eventId: `${base}/anomaly/${channel.channel}`,
        campaignId: allocation.campaignId,
        period: allocation.period,
        channel: channel.channel,
        points: fresh.map((point) => ({ period: point.period, metric: point.metric, value: point.value, expected: point.expected, score: point.score })),
        held: channel.frozen,
      },
    });
  }
  return events;
}

/** A failing campaign is retried after 15 minutes, then 30, 60… at most a day apart. */
export const RETRY_BASE_MS = 15 * 60_000;
export const RETRY_MAX_MS = 24 * 3_600_000;
export const retryDelayMs = (failures: number) => Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.min(30, Math.max(0, failures - 1)));
/** At least this share of each run's page goes to campaigns on schedule; failing ones get the rest. */
export const ON_SCHEDULE_SHARE = 0.75;
/** Failures in a row from which a campaign counts as failing repeatedly (metric and alarm). */
export const REPEATED_FAILURES = 3;
const MAX_ERROR_LENGTH = 500;

export interface ScheduledRunResult {
  due: number;
  allocated: { campaignId: string; period: string }[];
  /** Due campaigns whose period already had an allocation (a crashed run finished, or a concurrent one). */
  completed: { campaignId: string; period: string }[];
  /** Campaigns that failed this run, with their failures in a row and when they are tried again. */
  failed: { campaignId: string; error: string; failures: number; nextAttemptAt: string }[];
  /** Listed as due by the (eventually consistent) index, but no longer due when read: left alone. */
  skipped: string[];
  heldChannels: { campaignId: string; channel: string }[];
  anomalies: number;
}

/**
 * The scheduled job: every campaign whose next period has started gets it allocated. Campaigns are
 * independent: one that fails (bad data, a throttled write) is reported in `failed`, moves to the
 * failing queue and is tried again after a backoff that doubles with each failure in a row (15
 * minutes up to a day), while the others go ahead. A success, or a new configuration, puts it back
 * on schedule. Each run takes campaigns on schedule first, up to three quarters of its page, and
 * failing ones after them, so failing campaigns, however many, never starve healthy ones. The due
 * lists come from an index that may lag; each campaign's due time is checked again on a consistent
 * read, or a campaign just moved would be moved again, one period ahead of the clock.
 */
export async function runDueReallocations(deps: ReallocationDeps, options: { maxCampaigns: number; concurrency?: number; onFailure?: (campaignId: string, error: unknown, failure: CampaignFailure) => void }): Promise<ScheduledRunResult> {
  const nowDate = deps.clock.now();
  const now = nowDate.toISOString();
  const reservedForFailing = options.maxCampaigns - Math.max(1, Math.floor(options.maxCampaigns * ON_SCHEDULE_SHARE));
  let onSchedule = await deps.campaigns.listDue(now, options.maxCampaigns - reservedForFailing, 'on-schedule');
  const failing = options.maxCampaigns > onSchedule.length ? await deps.campaigns.listDue(now, options.maxCampaigns - onSchedule.length, 'failing') : [];
  // Room the failing campaigns did not need goes back to campaigns on schedule.
  if (onSchedule.length === options.maxCampaigns - reservedForFailing && failing.length < reservedForFailing) {
    onSchedule = await deps.campaigns.listDue(now, options.maxCampaigns - failing.length, 'on-schedule');
  }
  const due = [...new Set([...onSchedule, ...failing])];
  const result: ScheduledRunResult = { due: due.length, allocated: [], completed: [], failed: [], skipped: [], heldChannels: [], anomalies: 0 };
  await mapWithConcurrency(due, options.concurrency ?? 4, async (campaignId) => {
    let campaign: StoredCampaign | undefined;
    try {
      campaign = await deps.campaigns.get(campaignId);
      if (!campaign || campaign.nextDueAt > now) {
        result.skipped.push(campaignId);
        return;
      }
      const outcome = await reallocateCampaign(campaignId, { trigger: 'schedule' }, deps);
      const entry = { campaignId, period: outcome.allocation.period };
      if (outcome.status === 'unchanged') {
        result.completed.push(entry);
        return;
      }
      result.allocated.push(entry);
      result.heldChannels.push(...outcome.heldChannels.map((channel) => ({ campaignId, channel })));
      result.anomalies += outcome.anomalousChannels.length;
    } catch (error) {
      const failures = (campaign?.failure?.failures ?? 0) + 1;
      const message = (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, MAX_ERROR_LENGTH);
      const failure: CampaignFailure = { failures, lastError: message, lastFailedAt: now, nextAttemptAt: new Date(nowDate.getTime() + retryDelayMs(failures)).toISOString() };
      options.onFailure?.(campaignId, error, failure);
      result.failed.push({ campaignId, error: message, failures, nextAttemptAt: failure.nextAttemptAt });
      // If even this write fails, the campaign stays due as it was and the next run tries again.
      await deps.campaigns.recordFailure(campaignId, failure).catch(() => undefined);
    }
  });
  return result;
}
