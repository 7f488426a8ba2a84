import { putCampaign } from '../../shared/budget-service/campaigns';
import { EffectsRequestSchema, reportEffects } from '../../shared/budget-service/effects';
import { reallocateCampaign } from '../../shared/budget-service/reallocate';
import { InMemoryEffectsStore, campaignInput, day, fakeDeps, report } from './fakes';

const CAMPAIGN = 'spring-sale';

async function setup() {
  const deps = fakeDeps(day(0));
  await putCampaign(CAMPAIGN, campaignInput(), deps);
  return deps;
}
const totals = (deps: Awaited<ReturnType<typeof setup>>, channel: string, period: string) => deps.effects.items.get(InMemoryEffectsStore.key(CAMPAIGN, channel, period))?.totals;

describe('reportEffects', () => {
  it('counts a report once, however often it is resent', async () => {
    // Prepare
    const deps = await setup();
    const sent = report(CAMPAIGN, 'feed', day(0), { conversions: 12 });
    // Act
    const first = await reportEffects([sent], deps);
    const again = await reportEffects([sent, sent], deps);
    // Assess
    expect(first.results).toEqual([{ index: 0, reportId: sent.reportId, period: day(0), status: 'accepted', change: 'added' }]);
    expect(again.results.map((result) => result.status)).toEqual(['duplicate', 'duplicate']);
    expect(totals(deps, 'feed', day(0))).toMatchObject({ conversions: 12, spendCents: 100_000 });
    expect(deps.effects.saves).toHaveLength(1);
  });

  it('adds different reports of the same channel and period, in one write', async () => {
    const deps = await setup();
    const result = await reportEffects([report(CAMPAIGN, 'feed', day(0), { conversions: 5 }), report(CAMPAIGN, 'feed', day(0), { conversions: 7 })], deps);
    expect(result.counts.accepted).toBe(2);
    expect(totals(deps, 'feed', day(0))?.conversions).toBe(12);
    expect(deps.effects.saves).toHaveLength(1);
  });

  it('files any instant of a period under the period start', async () => {
    const deps = await setup();
    deps.clock.set('2025-06-02T20:00:00.000Z');
    const result = await reportEffects([report(CAMPAIGN, 'search', '2025-06-02T15:45:00+02:00')], deps);
    expect(result.results[0]).toMatchObject({ status: 'accepted', period: day(0) });
  });

  it('replaces a report by a higher revision (correction), ignores a lower one (stale) and refuses different figures under the same revision (conflict)', async () => {
    const deps = await setup();
    const original = report(CAMPAIGN, 'sms', day(0), { conversions: 10 });
    await reportEffects([original], deps);

    const corrected = await reportEffects([{ ...original, revision: 2, conversions: 4 }], deps);
    expect(corrected.results[0]).toMatchObject({ status: 'corrected', change: 'corrected' });
    expect(totals(deps, 'sms', day(0))?.conversions).toBe(4);

    const stale = await reportEffects([{ ...original, revision: 1, conversions: 99 }], deps);
    expect(stale.results[0]!.status).toBe('stale');
    const conflicting = await reportEffects([{ ...original, revision: 2, conversions: 5 }], deps);
    expect(conflicting.results[0]).toMatchObject({ status: 'conflict', reasons: [expect.stringMatching(/higher revision/)] });
    expect(totals(deps, 'sms', day(0))?.conversions).toBe(4);
  });

  it('marks reports for a period that already fed an allocation as late, and still counts them', async () => {
    const deps = await setup();
    await reallocateCampaign(CAMPAIGN, { trigger: 'api', period: day(0) }, deps);
    deps.clock.set(day(1));
    await reallocateCampaign(CAMPAIGN, { trigger: 'api' }, deps);

    const result = await reportEffects([report(CAMPAIGN, 'feed', day(0), { conversions: 3 }), report(CAMPAIGN, 'feed', day(1), { conversions: 3 })], deps);
    expect(result.results.map((entry) => [entry.period, entry.status, entry.change])).toEqual([
      [day(0), 'late', 'added'],
      [day(1), 'accepted', 'added'],
    ]);
    expect(deps.effects.items.get(InMemoryEffectsStore.key(CAMPAIGN, 'feed', day(0)))?.lateChanges).toBe(1);
  });

  it('rejects invalid reports and reports for unknown campaigns or channels, with reasons, and stores the rest', async () => {
    const deps = await setup();
    const result = await reportEffects(
      [
        report(CAMPAIGN, 'feed', day(0)),
        { ...report(CAMPAIGN, 'feed', day(0)), clicks: 10, impressions: 5 },
        report('no-such-campaign', 'feed', day(0)),
        report(CAMPAIGN, 'radio', day(0)),
        'not a report',
      ],
      deps,
    );
    expect(result.results.map((entry) => entry.status)).toEqual(['accepted', 'rejected', 'rejected', 'rejected', 'rejected']);
    expect(result.results[1]!.reasons).toEqual([expect.stringMatching(/^clicks: clicks \(10\) exceed impressions/)]);
    expect(result.results[2]!.reasons).toEqual(['campaignId: no campaign no-such-campaign']);
    expect(result.results[3]!.reasons).toEqual([expect.stringMatching(/has no channel 'radio' \(it has feed, search, sms\)/)]);
    expect(result.counts).toMatchObject({ accepted: 1, rejected: 4 });
  });

  it('re-reads and re-folds when another writer got there first, so nothing is lost or counted twice', async () => {
    const deps = await setup();
    const mine = report(CAMPAIGN, 'feed', day(0), { conversions: 2 });
    const theirs = report(CAMPAIGN, 'feed', day(0), { conversions: 3 });
    let raced = false;
    deps.effects.beforeSave = () => {
      if (raced) return;
      raced = true;
      // A concurrent request stores its report (and, by chance, ours) between our read and our write.
      deps.effects.items.set(InMemoryEffectsStore.key(CAMPAIGN, 'feed', day(0)), {
        campaignId: CAMPAIGN,
        channel: 'feed',
        period: day(0),
        totals: { spendCents: 200_000, impressions: 100_000, clicks: 2_000, conversions: 5, revenueCents: 400_000 },
        contributions: {
          [theirs.reportId]: { revision: 0, reportedAt: theirs.reportedAt, metrics: { spendCents: 100_000, impressions: 50_000, clicks: 1_000, conversions: 3, revenueCents: 200_000 } },
          [mine.reportId]: { revision: 0, reportedAt: mine.reportedAt, metrics: { spendCents: 100_000, impressions: 50_000, clicks: 1_000, conversions: 2, revenueCents: 200_000 } },
        },
        version: 1,
        lateChanges: 0,
      });
    };
    const result = await reportEffects([mine], deps);
    expect(result.results[0]!.status).toBe('duplicate');
    expect(deps.effects.saves.map((save) => save.outcome)).toEqual(['conflict']);
    expect(totals(deps, 'feed', day(0))?.conversions).toBe(5);
  });

  it('reports storage failures per report as failed (resending is safe)', async () => {
    const deps = await setup();
    deps.effects.failSaves = true;
    const result = await reportEffects([report(CAMPAIGN, 'feed', day(0))], deps);
    expect(result.results[0]).toMatchObject({ status: 'failed', reasons: [expect.stringMatching(/resending is safe/)] });
  });
});

describe('EffectsRequestSchema', () => {
  it.each([
    ['one report', { reportId: 'a' }, 1],
    ['a batch', { reports: [{ reportId: 'a' }, { reportId: 'b' }] }, 2],
  ])('accepts %s', (_label, body, count) => {
    expect(EffectsRequestSchema.parse(body)).toHaveLength(count);
  });

  it.each([
    ['an empty batch', { reports: [] }],
    ['a batch over 100', { reports: Array.from({ length: 101 }, () => ({})) }],
    ['a bare array', [{ reportId: 'a' }]],
    ['a string', 'report'],
  ])('refuses %s with a clear message', (_label, body) => {
    const result = EffectsRequestSchema.safeParse(body);
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.message).toMatch(/one effect report, or \{ "reports": \[\.\.\.\] \} with 1 to 100 reports/);
  });

  it('refuses a batch with other fields, naming them (a `dryRun` that is not honoured must not store the reports)', () => {
    const result = EffectsRequestSchema.safeParse({ reports: [{ reportId: 'a' }], dryRun: true });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]).toMatchObject({ path: ['dryRun'], message: expect.stringMatching(/only "reports"/) });
  });
});

describe('a report for a period that has not begun', () => {
  it('is rejected naming the period (a date or time-zone slip), while the period under way is counted', async () => {
    const deps = await setup();
    const result = await reportEffects([report(CAMPAIGN, 'feed', day(3)), report(CAMPAIGN, 'feed', day(0))], deps);
    expect(result.results.map((entry) => entry.status)).toEqual(['rejected', 'accepted']);
    expect(result.results[0]!.reasons).toEqual([expect.stringMatching(/^period: 2025-06-05T00:00:00.000Z has not begun yet/)]);
    expect(totals(deps, 'feed', day(3))).toBeUndefined();
  });
});

describe('a report dated in the future', () => {
  it('is rejected naming reportedAt when it is beyond 5 minutes of clock skew, and taken within them', async () => {
    const deps = await setup();
    const now = deps.clock.now().getTime();
    const at = (ms: number) => new Date(now + ms).toISOString();
    const ahead = report(CAMPAIGN, 'feed', day(0), { reportedAt: at(5 * 60_000 + 1_000) });
    const skewed = report(CAMPAIGN, 'feed', day(0), { reportedAt: at(4 * 60_000) });
    const result = await reportEffects([ahead, skewed], deps);
    expect(result.results.map((entry) => entry.status)).toEqual(['rejected', 'accepted']);
    expect(result.results[0]!.reasons).toEqual([`reportedAt: ${ahead.reportedAt} is in the future; check the reporting job's clock and time zone`]);
    expect(totals(deps, 'feed', day(0))?.conversions).toBe(20);
  });
});

describe('a report with a field the schema does not know', () => {
  it('is rejected naming it, not counted without it', async () => {
    const deps = await setup();
    const result = await reportEffects([{ ...report(CAMPAIGN, 'feed', day(0)), conversion: 5 }], deps);
    expect(result.results[0]).toMatchObject({ status: 'rejected', reasons: [expect.stringMatching(/conversion/)] });
  });
});
