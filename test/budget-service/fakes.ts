/**
 * In-memory fakes of the budget service's ports, with the DynamoDB adapter's contracts (conditional
 * writes answer 'conflict' / 'exists' / 'stale'; reads return copies), plus the knobs a test needs
 * to break them.
 */
import type { CampaignConfig, CampaignConfigInput, EffectReportInput, PeriodAggregate } from '../../shared/budget/schemas';
import { CampaignConfigSchema } from '../../shared/budget/schemas';
import type { BudgetEvent } from '../../shared/budget-service/events';
import {
  InvalidCursorError,
  type CampaignFailure,
  type DueQueue,
  type AllocationPage,
  type AllocationStore,
  type BudgetEventPublisher,
  type CampaignStore,
  type Clock,
  type EffectsStore,
  type StoredAllocation,
  type StoredCampaign,
} from '../../shared/budget-service/ports';
import type { ReallocationDeps } from '../../shared/budget-service/reallocate';

const copy = <T>(value: T): T => structuredClone(value);

export class InMemoryCampaignStore implements CampaignStore {
  readonly items = new Map<string, StoredCampaign>();
  /** Campaigns whose reads throw (a corrupt item, a throttled partition). */
  readonly failing = new Set<string>();
  /** Campaigns the due index still lists although they are no longer due (GSIs are eventually consistent). */
  readonly staleDue = new Set<string>();

  async get(campaignId: string): Promise<StoredCampaign | undefined> {
    if (this.failing.has(campaignId)) throw Object.assign(new Error(`throughput exceeded for ${campaignId}`), { name: 'ProvisionedThroughputExceededException', $retryable: {} });
    const item = this.items.get(campaignId);
    return item && copy(item);
  }

  async saveConfig(config: CampaignConfig, expectedVersion: number | undefined, at: string, nextDueAt: string): Promise<'saved' | 'conflict'> {
    const existing = this.items.get(config.campaignId);
    if (expectedVersion === undefined ? existing !== undefined : existing?.configVersion !== expectedVersion) return 'conflict';
    const { failure: _cleared, ...kept } = existing ?? { createdAt: at, periodsAllocated: 0 };
    this.items.set(config.campaignId, { ...kept, config: copy(config), configVersion: (expectedVersion ?? 0) + 1, updatedAt: at, nextDueAt });
    return 'saved';
  }

  async advance(allocation: StoredAllocation, nextDueAt: string): Promise<'advanced' | 'stale'> {
    const existing = this.items.get(allocation.campaignId);
    if (!existing || (existing.current && existing.current.period >= allocation.period)) return 'stale';
    const { failure: _cleared, ...kept } = existing;
    this.items.set(allocation.campaignId, { ...kept, current: copy(allocation), nextDueAt, periodsAllocated: existing.periodsAllocated + 1 });
    return 'advanced';
  }

  async recordFailure(campaignId: string, failure: CampaignFailure): Promise<void> {
    const existing = this.items.get(campaignId);
    if (existing) this.items.set(campaignId, { ...existing, failure: copy(failure), nextDueAt: failure.nextAttemptAt });
  }

  async listDue(now: string, limit: number, queue: DueQueue): Promise<string[]> {
    return [...this.items.values()]
      .filter((campaign) => (campaign.failure ? 'failing' : 'on-schedule') === queue)
      .filter((campaign) => campaign.nextDueAt <= now || this.staleDue.has(campaign.config.campaignId))
      .sort((a, b) => a.nextDueAt.localeCompare(b.nextDueAt))
      .slice(0, limit)
      .map((campaign) => campaign.config.campaignId);
  }
}

export class InMemoryEffectsStore implements EffectsStore {
  readonly items = new Map<string, PeriodAggregate>();
  readonly saves: { key: string; outcome: 'saved' | 'conflict' }[] = [];
  /** Runs just before a save is judged: lets a test play a concurrent writer. */
  beforeSave: ((aggregate: PeriodAggregate) => void) | undefined;
  failSaves = false;

  static key = (campaignId: string, channel: string, period: string) => `${campaignId}|${period}|${channel}`;

  async get(campaignId: string, channel: string, period: string): Promise<PeriodAggregate | undefined> {
    const item = this.items.get(InMemoryEffectsStore.key(campaignId, channel, period));
    return item && copy(item);
  }

  async save(aggregate: PeriodAggregate, expectedVersion: number | undefined): Promise<'saved' | 'conflict'> {
    if (this.failSaves) throw Object.assign(new Error('internal server error'), { name: 'InternalServerError', $metadata: { httpStatusCode: 500 } });
    this.beforeSave?.(aggregate);
    const key = InMemoryEffectsStore.key(aggregate.campaignId, aggregate.channel, aggregate.period);
    const current = this.items.get(key);
    const matches = expectedVersion === undefined ? current === undefined : current?.version === expectedVersion;
    this.saves.push({ key, outcome: matches ? 'saved' : 'conflict' });
    if (!matches) return 'conflict';
    this.items.set(key, copy(aggregate));
    return 'saved';
  }

  /** Campaigns whose effects cannot be read, on every run (a poison campaign: resending never helps). */
  readonly poisoned = new Set<string>();

  async range(campaignId: string, fromPeriod: string, toPeriod: string): Promise<PeriodAggregate[]> {
    if (this.poisoned.has(campaignId)) throw new TypeError(`effects of ${campaignId} cannot be read`);
    return [...this.items.values()]
      .filter((item) => item.campaignId === campaignId && item.period >= fromPeriod && item.period < toPeriod)
      .sort((a, b) => a.period.localeCompare(b.period) || a.channel.localeCompare(b.channel))
      .map(copy);
  }
}

export class InMemoryAllocationStore implements AllocationStore {
  readonly items = new Map<string, StoredAllocation>();
  readonly creates: { key: string; outcome: 'created' | 'exists' }[] = [];
  /** Runs just before a create is judged: lets a test play a concurrent run. */
  beforeCreate: ((allocation: StoredAllocation) => void) | undefined;

  static key = (campaignId: string, period: string) => `${campaignId}|${period}`;

  async get(campaignId: string, period: string): Promise<StoredAllocation | undefined> {
    const item = this.items.get(InMemoryAllocationStore.key(campaignId, period));
    return item && copy(item);
  }

  async create(allocation: StoredAllocation): Promise<'created' | 'exists'> {
    this.beforeCreate?.(allocation);
    const key = InMemoryAllocationStore.key(allocation.campaignId, allocation.period);
    const outcome = this.items.has(key) ? 'exists' : 'created';
    this.creates.push({ key, outcome });
    if (outcome === 'created') this.items.set(key, copy(allocation));
    return outcome;
  }

  async markPublished(campaignId: string, period: string, at: string): Promise<void> {
    const item = this.items.get(InMemoryAllocationStore.key(campaignId, period));
    if (!item) throw new Error(`no allocation ${campaignId}/${period}`);
    item.publishedAt ??= at;
  }

  async plans(campaignId: string, fromPeriod: string, toPeriod: string) {
    return this.ofCampaign(campaignId)
      .filter((item) => item.period >= fromPeriod && item.period < toPeriod)
      .reverse()
      .map((item) => ({ period: item.period, allocations: { ...item.allocations }, published: item.publishedAt !== undefined }));
  }

  async list(campaignId: string, options: { limit: number; cursor?: string }): Promise<AllocationPage> {
    const all = this.ofCampaign(campaignId);
    let start = 0;
    if (options.cursor !== undefined) {
      start = all.findIndex((item) => item.period === options.cursor) + 1;
      if (start === 0) throw new InvalidCursorError('cursor is not one this API issued');
    }
    const items = all.slice(start, start + options.limit);
    const more = start + options.limit < all.length;
    return { items: items.map(copy), ...(more ? { nextCursor: items[items.length - 1]!.period } : {}) };
  }

  /** Newest first. */
  private ofCampaign(campaignId: string): StoredAllocation[] {
    return [...this.items.values()].filter((item) => item.campaignId === campaignId).sort((a, b) => b.period.localeCompare(a.period));
  }
}

export class RecordingPublisher implements BudgetEventPublisher {
  readonly published: BudgetEvent[] = [];
  /** Calls that throw before anything is published (EventBridge down). */
  failures = 0;

  async publish(events: readonly BudgetEvent[]): Promise<void> {
    if (this.failures > 0) {
      this.failures -= 1;
      throw new Error('EventBridge refused 1 budget event(s) after 4 attempts: InternalException');
    }
    this.published.push(...copy(events));
  }

  ofType(detailType: BudgetEvent['detailType']) {
    return this.published.filter((event) => event.detailType === detailType);
  }
}

export class FixedClock implements Clock {
  constructor(public current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  set(iso: string): void {
    this.current = new Date(iso);
  }
}

/** The fake clock's time unless a test sets another. */
export const DEFAULT_NOW = '2025-06-02T00:30:00.000Z';

export function fakeDeps(now = DEFAULT_NOW): ReallocationDeps & {
  campaigns: InMemoryCampaignStore;
  effects: InMemoryEffectsStore;
  allocations: InMemoryAllocationStore;
  publisher: RecordingPublisher;
  clock: FixedClock;
} {
  return { campaigns: new InMemoryCampaignStore(), effects: new InMemoryEffectsStore(), allocations: new InMemoryAllocationStore(), publisher: new RecordingPublisher(), clock: new FixedClock(new Date(now)) };
}

/** A daily campaign with three channels and room to move: floors 10%, no caps, 20% steps. */
export function campaignInput(overrides: Partial<Omit<CampaignConfigInput, 'campaignId'>> = {}): Omit<CampaignConfigInput, 'campaignId'> {
  return {
    currency: 'EUR',
    totalBudgetCents: 300_000,
    channels: [
      { channel: 'feed', floorCents: 30_000 },
      { channel: 'search', floorCents: 30_000 },
      { channel: 'sms', floorCents: 30_000 },
    ],
    objective: 'conversions',
    cadence: 'P1D',
    burnInPeriods: 2,
    maxStepFraction: 0.2,
    ...overrides,
  };
}

export const parsedConfig = (campaignId: string, input: Omit<CampaignConfigInput, 'campaignId'> = campaignInput()): CampaignConfig => CampaignConfigSchema.parse({ ...input, campaignId });

let reportCounter = 0;
/**
 * An effect report of one channel for one daily period, reported at the end of it, or at its start for
 * a period still under way at the fake clock's default time (a report dated in the future is refused).
 */
export function report(campaignId: string, channel: string, period: string, metrics: Partial<EffectReportInput> = {}): EffectReportInput {
  const start = Date.parse(period);
  const end = new Date(start + 86_400_000 <= Date.parse(DEFAULT_NOW) ? start + 86_400_000 : start).toISOString();
  return {
    reportId: `r-${++reportCounter}`,
    campaignId,
    channel,
    period,
    reportedAt: end,
    spendCents: 100_000,
    impressions: 50_000,
    clicks: 1_000,
    conversions: 20,
    revenueCents: 200_000,
    ...metrics,
  };
}

export const day = (offset: number, from = '2025-06-02T00:00:00.000Z') => new Date(Date.parse(from) + offset * 86_400_000).toISOString();
