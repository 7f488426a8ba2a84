import { feasibleBounds } from '../../shared/budget/allocator';
import { CampaignConfigSchema, EffectReportSchema, cadenceMinutes, periodKey, shiftPeriod } from '../../shared/budget/schemas';
import { campaign, campaignInput } from './helpers';

function issues(input: unknown): { path: string; message: string }[] {
  const result = CampaignConfigSchema.safeParse(input);
  if (result.success) return [];
  return result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}

describe('CampaignConfigSchema', () => {
  it('fills the documented defaults', () => {
    const config = CampaignConfigSchema.parse(campaignInput({ channels: [{ channel: 'search' }, { channel: 'my-partner-1', floorCents: 100 }] }));
    expect(config.maxStepFraction).toBe(0.2);
    expect(config.minStepCents).toBe(1_000); // 1% of the budget
    expect(config.burnInPeriods).toBe(3);
    expect(config.channels.map((c) => [c.channel, c.floorCents, c.capCents])).toEqual([
      ['search', 0, 100_000],
      ['my-partner-1', 100, 100_000],
    ]);
    expect(config.anomaly).toEqual({ sensitivity: 0.4, freezeOnAnomaly: true, minEventsPerPoint: 20, seasonLength: 7 });
    expect(config.model).toEqual({ halfLifePeriods: 30, reportedShareByAge: [1] });
  });

  it('refuses minStepCents 0 with the reason: a channel whose allocation reaches 0 could never grow back', () => {
    expect(issues(campaignInput({ minStepCents: 0 }))).toEqual([{ path: 'minStepCents', message: expect.stringMatching(/minStepCents must be at least 1 cent.*never grow/) }]);
    // Why: the step around a channel at 0 is max(ceil(maxStepFraction × 0), minStepCents), so 0 pins it there for good.
    const atZero = (minStepCents: number) => feasibleBounds({ ...campaign(), minStepCents }, [50_000, 50_000, 0], [false, false, false]).upper[2];
    expect(atZero(0)).toBe(0);
    expect(atZero(1)).toBe(1);
    expect(campaign({ minStepCents: 1 }).minStepCents).toBe(1);
  });

  it.each([
    ['PT1H', 24],
    ['P1D', 7],
    ['P7D', 4],
    [30, 48],
  ] as const)('defaults the season of cadence %s to %i periods', (cadence, seasonLength) => {
    expect(CampaignConfigSchema.parse(campaignInput({ cadence })).anomaly.seasonLength).toBe(seasonLength);
  });

  it.each([
    ['floors above the budget', { totalBudgetCents: 9_000 }, 'channels', /floorCents sum to 10000, above totalBudgetCents 9000/],
    [
      'caps below the budget',
      { channels: [{ channel: 'search', capCents: 30_000 }, { channel: 'feed', capCents: 30_000 }] },
      'channels',
      /capCents sum to 60000, below totalBudgetCents 100000/,
    ],
    [
      'a floor above its cap',
      { channels: [{ channel: 'search', floorCents: 60_000, capCents: 50_000 }, { channel: 'feed' }] },
      'channels.0.floorCents',
      /channels\[0\] \('search'\): floorCents 60000 is above capCents 50000/,
    ],
    ['a duplicate channel', { channels: [{ channel: 'sms' }, { channel: 'push' }, { channel: 'sms' }] }, 'channels.2.channel', /'sms' appears twice: channels\[0\] and channels\[2\]/],
    ['a single channel', { channels: [{ channel: 'sms' }] }, 'channels', /at least 2 channels/],
    ['cpa without a target', { objective: 'cpa' }, 'targetCpaCents', /required when objective is 'cpa'/],
    ['a target without cpa', { targetCpaCents: 1_500 }, 'targetCpaCents', /only applies to objective 'cpa'/],
    ['a lag profile that does not end at 1', { model: { reportedShareByAge: [0.5, 0.9] } }, 'model.reportedShareByAge', /end at 1/],
  ])('refuses %s, naming the fields', (_name, overrides, path, message) => {
    const found = issues(campaignInput(overrides as never));
    expect(found).toContainEqual({ path, message: expect.stringMatching(message) });
  });

  it.each([
    ['non-integer cents', { totalBudgetCents: 100_000.5 }, 'totalBudgetCents', /integer number of cents/],
    ['negative floors', { channels: [{ channel: 'search', floorCents: -1 }, { channel: 'feed' }] }, 'channels.0.floorCents', /must not be negative/],
    ['an unknown currency', { currency: 'EUX' }, 'currency', /ISO 4217/],
    ['a malformed channel id', { channels: [{ channel: 'Paid Search' }, { channel: 'feed' }] }, 'channels.0.channel', /a-z, 0-9 or '-'/],
    ['a step above 100%', { maxStepFraction: 1.5 }, 'maxStepFraction', /./],
  ])('refuses %s', (_name, overrides, path, message) => {
    expect(issues(campaignInput(overrides as never))).toContainEqual({ path, message: expect.stringMatching(message) });
  });
});

describe('EffectReportSchema', () => {
  const report = {
    reportId: 'r-1',
    campaignId: 'spring-sale',
    channel: 'sms',
    period: '2025-03-03T00:00:00Z',
    spendCents: 12_000,
    impressions: 0,
    clicks: 140,
    conversions: 31.5,
    revenueCents: 80_000,
    reportedAt: '2025-03-04T06:00:00Z',
  };

  it('accepts clicks without tracked impressions, and view-through conversions above clicks', () => {
    expect(EffectReportSchema.parse(report).revision).toBe(0);
    expect(EffectReportSchema.safeParse({ ...report, clicks: 3, conversions: 10, impressions: 500 }).success).toBe(true);
  });

  it('refuses more clicks than tracked impressions, negatives, and reports dated before their period', () => {
    const paths = (input: unknown): string[] => EffectReportSchema.safeParse(input).error?.issues.map((i) => i.path.join('.')) ?? [];
    expect(paths({ ...report, impressions: 100, clicks: 140 })).toEqual(['clicks']);
    expect(paths({ ...report, conversions: -1 })).toEqual(['conversions']);
    expect(paths({ ...report, spendCents: 1.5 })).toEqual(['spendCents']);
    expect(paths({ ...report, reportedAt: '2025-03-02T23:00:00Z' })).toEqual(['reportedAt']);
  });

  it('gives a report id one canonical form, so a resent report is never counted twice under a look-alike id', () => {
    const id = (reportId: string) => EffectReportSchema.parse({ ...report, reportId }).reportId;
    expect(id(' r-1 ')).toBe('r-1');
    expect(id('cafe\u0301-1')).toBe(id('caf\u00e9-1'));
    expect(id('cafe\u0301-1')).toBe('caf\u00e9-1');
  });

  it('refuses report ids that are empty once trimmed, or carry control characters or lone surrogates', () => {
    const paths = (reportId: string): string[] => EffectReportSchema.safeParse({ ...report, reportId }).error?.issues.map((i) => i.path.join('.')) ?? [];
    expect(paths('   ')).toEqual(['reportId']);
    expect(paths('r\u0000-1')).toEqual(['reportId']);
    expect(paths('r-1\n')).toEqual([]);
    expect(paths('r\u0085-1')).toEqual(['reportId']);
    expect(paths('r-\ud800')).toEqual(['reportId']);
  });
});

describe('period keys', () => {
  it('floors an instant to its period start in UTC, with weeks starting on Monday', () => {
    expect(periodKey('PT1H', '2025-03-05T10:42:13+02:00')).toBe('2025-03-05T08:00:00.000Z');
    expect(periodKey('P1D', '2025-03-05T23:59:59Z')).toBe('2025-03-05T00:00:00.000Z');
    expect(periodKey('P7D', '2025-03-09T12:00:00Z')).toBe('2025-03-03T00:00:00.000Z'); // a Sunday → its Monday
    expect(periodKey(15, '2025-03-05T10:44:00Z')).toBe('2025-03-05T10:30:00.000Z');
    expect(shiftPeriod('P7D', '2025-03-03T00:00:00.000Z', -1)).toBe('2025-02-24T00:00:00.000Z');
    expect(cadenceMinutes('P7D')).toBe(10_080);
  });

  it('refuses what is not a timestamp', () => {
    expect(() => periodKey('P1D', 'yesterday')).toThrow(RangeError);
  });
});
