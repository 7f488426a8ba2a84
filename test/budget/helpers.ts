import { scoreSeries, type AnomalyOptions, type SeriesPoint } from '../../shared/budget/anomaly';
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

/**
 * The input policy of scoreSeries, checked for one option set: reversed and duplicated input scores as the tidy series,
 * and with points dropped and non-finite ones added every point still gets a finite score in [0, 1).
 */
export function expectUntidyScoredAsTidy(tidy: readonly SeriesPoint[], options: AnomalyOptions): void {
  const expected = scoreSeries(tidy, options);
  expect(scoreSeries([...tidy].reverse(), options).reverse()).toEqual(expected);
  expect(scoreSeries([...tidy, ...tidy], options).slice(0, tidy.length)).toEqual(expected);
  const gapped = tidy.filter((_p, i) => i % 97 !== 0).concat([{ at: Number.NaN, value: 1 }, { at: tidy[5]?.at ?? 0, value: Number.NEGATIVE_INFINITY }]);
  const scored = scoreSeries(gapped, options);
  expect(scored).toHaveLength(gapped.length);
  expect(scored.every((s) => Number.isFinite(s.score) && s.score >= 0 && s.score < 1)).toBe(true);
  expect(scored[gapped.length - 1]?.missing).toBe(true);
}
