import { MAX_CHANNELS, MAX_REPORTS_PER_CHANNEL_PERIOD } from '../../shared/budget/schemas';
import { getCampaign, putCampaign } from '../../shared/budget-service/campaigns';
import { reportEffects } from '../../shared/budget-service/effects';
import { reallocateCampaign } from '../../shared/budget-service/reallocate';
import { campaignInput, day, fakeDeps } from './fakes';

/** DynamoDB's item limit, with room to spare for attribute names and future fields. */
const ITEM_BUDGET_BYTES = 200_000;
const size = (value: unknown) => Buffer.byteLength(JSON.stringify(value), 'utf8');

describe('list limits keep every stored item far below 400 KB', () => {
  it(`a campaign with ${MAX_CHANNELS} channels, its allocation in force and its explanation fit in one item`, async () => {
    const deps = fakeDeps(day(0));
    const channels = Array.from({ length: MAX_CHANNELS }, (_, index) => ({ channel: `channel-${String(index).padStart(2, '0')}-${'x'.repeat(20)}`, floorCents: 1_000, prior: { marginalReturnPerCent: 0.001, halfSaturationCents: 50_000, weightPeriods: 5 } }));
    await putCampaign('wide', campaignInput({ totalBudgetCents: 10_000_000, channels, model: { halfLifePeriods: 30, reportedShareByAge: Array.from({ length: 52 }, (_, i) => (i + 1) / 52) } }), deps);
    const { allocation } = await reallocateCampaign('wide', { trigger: 'api' }, deps);
    const stored = (await deps.campaigns.get('wide'))!;
    expect(size(stored)).toBeLessThan(ITEM_BUDGET_BYTES);
    expect(size(allocation)).toBeLessThan(ITEM_BUDGET_BYTES);
    expect((await getCampaign('wide', deps)).config.channels).toHaveLength(MAX_CHANNELS);
  }, 60_000);

  it(`one channel and period keeps at most ${MAX_REPORTS_PER_CHANNEL_PERIOD} reports; the next new one is rejected with a reason, corrections still go through`, async () => {
    const deps = fakeDeps(day(0));
    await putCampaign('busy', campaignInput(), deps);
    const report = (reportId: string, revision = 0) => ({ reportId: `${reportId}-${'r'.repeat(100)}`, campaignId: 'busy', channel: 'feed', period: day(-1), reportedAt: day(-0.5), revision, spendCents: 10_000_000, impressions: 1_000_000, clicks: 50_000, conversions: 1234.5678, revenueCents: 99_999_999 });
    for (let batch = 0; batch < MAX_REPORTS_PER_CHANNEL_PERIOD / 100; batch++) {
      const result = await reportEffects(Array.from({ length: 100 }, (_, i) => report(`r-${batch}-${i}`)), deps);
      expect(result.counts.accepted).toBe(100);
    }
    const aggregate = (await deps.effects.range('busy', day(-1), day(0)))[0]!;
    expect(size(aggregate)).toBeLessThan(ITEM_BUDGET_BYTES);

    const over = await reportEffects([report('one-too-many'), report('r-0-0', 1)], deps);
    expect(over.results[0]).toMatchObject({ status: 'rejected', reasons: [expect.stringMatching(/already hold 500 reports/)] });
    expect(over.results[1]).toMatchObject({ status: 'corrected' });
  }, 60_000);
});
