import { CampaignConfigSchema, type CampaignConfig, type CampaignConfigInput, type PeriodAggregate } from '../../shared/budget/schemas';

export const DAY_MS = 86_400_000;
export const FIRST_DAY = '2025-03-03T00:00:00.000Z';

export function dayKey(offset: number): string {
  return new Date(Date.parse(FIRST_DAY) + offset * DAY_MS).toISOString();
}

export function campaignInput(overrides: Partial<CampaignConfigInput> = {}): CampaignConfigInput {
  return {
    campaignId: 'spring-sale',
    currency: 'EUR',
    totalBudgetCents: 100_000,
    channels: [
      { channel: 'search', floorCents: 5_000, capCents: 70_000 },
      { channel: 'feed', floorCents: 5_000, capCents: 70_000 },
      { channel: 'email', floorCents: 0, capCents: 50_000 },
    ],
    objective: 'conversions',
    cadence: 'P1D',
    ...overrides,
  };
}

export function campaign(overrides: Partial<CampaignConfigInput> = {}): CampaignConfig {
  return CampaignConfigSchema.parse(campaignInput(overrides));
}

export function aggregate(channel: string, day: number, spendCents: number, conversions: number, extra: Partial<PeriodAggregate['totals']> = {}): PeriodAggregate {
  return {
    campaignId: 'spring-sale',
    channel,
    period: dayKey(day),
    totals: { spendCents, impressions: spendCents * 10, clicks: Math.round(spendCents / 40), conversions, revenueCents: conversions * 2_500, ...extra },
    contributions: {},
    version: 1,
    lateChanges: 0,
  };
}

/** Expected conversions of a channel with a saturating true curve: scale·(1 − e^(−s/k)). */
export function saturating(scale: number, k: number): (spendCents: number) => number {
  return (spendCents) => scale * (1 - Math.exp(-spendCents / k));
}
