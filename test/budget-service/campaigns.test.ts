import { currentAllocation, listAllocations } from '../../shared/budget-service/allocations';
import { getCampaign, nextPeriod, parseCampaignConfig, putCampaign } from '../../shared/budget-service/campaigns';
import { reallocateCampaign } from '../../shared/budget-service/reallocate';
import { etagOf, parseIfMatch, parseIfNoneMatch } from '../../shared/http/preconditions';
import { campaignInput, day, fakeDeps } from './fakes';

const CAMPAIGN = 'spring-sale';

describe('parseCampaignConfig', () => {
  it('fills the defaults the core defines (caps, minimum step, anomaly season)', () => {
    const config = parseCampaignConfig(CAMPAIGN, campaignInput());
    expect(config).toMatchObject({ campaignId: CAMPAIGN, minStepCents: 3_000, anomaly: { seasonLength: 7, freezeOnAnomaly: true } });
    expect(config.channels.map((channel) => channel.capCents)).toEqual([300_000, 300_000, 300_000]);
  });

  it.each([
    ['floors above the budget', { channels: [{ channel: 'feed', floorCents: 200_000 }, { channel: 'sms', floorCents: 200_000 }] }, /floorCents sum to 400000, above totalBudgetCents 300000/],
    ['caps below the budget', { channels: [{ channel: 'feed', capCents: 100_000 }, { channel: 'sms', capCents: 100_000 }] }, /capCents sum to 200000, below totalBudgetCents 300000/],
    ['a floor above its cap', { channels: [{ channel: 'feed', floorCents: 50_000, capCents: 40_000 }, { channel: 'sms' }] }, /floorCents 50000 is above capCents 40000/],
    ['one channel only', { channels: [{ channel: 'feed' }] }, /at least 2 channels/],
    ['a CPA objective without a target', { objective: 'cpa' as const }, /targetCpaCents is required/],
  ])('refuses %s as impossible (422) with the reason', (_label, overrides, reason) => {
    const attempt = () => parseCampaignConfig(CAMPAIGN, campaignInput(overrides));
    expect(attempt).toThrow(expect.objectContaining({ statusCode: 422, code: 'Unprocessable', message: expect.stringMatching(reason) }));
  });

  it.each([
    ['a malformed cadence', { cadence: 'P2D' }, 'cadence'],
    ['cents that are not integers', { totalBudgetCents: 10.5 }, 'totalBudgetCents'],
    ['an unknown currency', { currency: 'EURO' }, 'currency'],
  ])('refuses %s as invalid (400), naming the field', (_label, overrides, field) => {
    const attempt = () => parseCampaignConfig(CAMPAIGN, { ...campaignInput(), ...overrides });
    expect(attempt).toThrow(expect.objectContaining({ statusCode: 400, details: expect.arrayContaining([expect.objectContaining({ path: field })]) }));
  });

  it.each([
    ['a misspelt budget cap', { ...campaignInput(), totalBudgetCap: 100_000 }, '(root)', 'totalBudgetCap'],
    ['a misspelt channel cap', { ...campaignInput(), channels: [{ channel: 'feed', capCent: 10 }, { channel: 'sms' }] }, 'channels.0', 'capCent'],
    ['an unknown anomaly setting', { ...campaignInput(), anomaly: { freeze: false } }, 'anomaly', 'freeze'],
    ['an unknown model setting', { ...campaignInput(), model: { halfLife: 3 } }, 'model', 'halfLife'],
    ['an unknown prior field', { ...campaignInput(), channels: [{ channel: 'feed', prior: { weight: 2 } }, { channel: 'sms' }] }, 'channels.0.prior', 'weight'],
  ])('refuses %s (400) naming it: a setting the caller believes in must not be dropped', (_label, body, path, key) => {
    expect(() => parseCampaignConfig(CAMPAIGN, body)).toThrow(
      expect.objectContaining({ statusCode: 400, details: expect.arrayContaining([{ path, message: expect.stringContaining(key) }]) }),
    );
  });

  it('takes back the configuration GET shows (defaults filled in) unchanged', async () => {
    const deps = fakeDeps('2025-06-02T10:00:00.000Z');
    const { campaign } = await putCampaign(CAMPAIGN, campaignInput(), deps);
    const again = await putCampaign(CAMPAIGN, JSON.parse(JSON.stringify((await getCampaign(CAMPAIGN, deps)).config)), deps);
    expect(again.campaign.config).toEqual(campaign.config);
  });

  it('refuses the whole campaign view as a body, saying to send its config', () => {
    const view = { campaignId: CAMPAIGN, config: campaignInput(), configVersion: 1, createdAt: '2025-06-02T10:00:00.000Z' };
    expect(() => parseCampaignConfig(CAMPAIGN, view)).toThrow(expect.objectContaining({ statusCode: 400, message: expect.stringMatching(/send its `config`/) }));
  });

  it('refuses a body naming another campaign than the path', () => {
    expect(() => parseCampaignConfig(CAMPAIGN, { ...campaignInput(), campaignId: 'other' })).toThrow(/differs from the one in the path/);
    expect(() => parseCampaignConfig(CAMPAIGN, [campaignInput()])).toThrow(/must be a JSON object/);
  });
});

describe('putCampaign with If-Match: two edits from the same read', () => {
  it('applies the first and refuses the second with 412 and the current version, instead of losing the first', async () => {
    const deps = fakeDeps('2025-06-02T10:00:00.000Z');
    const { campaign } = await putCampaign(CAMPAIGN, campaignInput(), deps);
    const read = parseIfMatch(etagOf(campaign.configVersion));
    const first = await putCampaign(CAMPAIGN, campaignInput({ totalBudgetCents: 400_000 }), deps, { ifMatch: read });
    expect(first.campaign.configVersion).toBe(2);
    await expect(putCampaign(CAMPAIGN, campaignInput({ maxStepFraction: 0.1 }), deps, { ifMatch: read })).rejects.toMatchObject({
      statusCode: 412,
      message: expect.stringMatching(/version 2/),
      details: { currentVersion: 2 },
    });
    expect((await getCampaign(CAMPAIGN, deps)).config.totalBudgetCents).toBe(400_000);
    // Re-read, re-apply: accepted.
    const again = await putCampaign(CAMPAIGN, campaignInput({ totalBudgetCents: 400_000, maxStepFraction: 0.1 }), deps, { ifMatch: parseIfMatch('"2"') });
    expect(again.campaign.configVersion).toBe(3);
  });

  it('If-Match "*" or a version needs the campaign to exist (412), and without the header the last writer wins as before', async () => {
    const deps = fakeDeps('2025-06-02T10:00:00.000Z');
    await expect(putCampaign(CAMPAIGN, campaignInput(), deps, { ifMatch: parseIfMatch('*') })).rejects.toMatchObject({ statusCode: 412 });
    await expect(putCampaign(CAMPAIGN, campaignInput(), deps, { ifMatch: parseIfMatch('"1"') })).rejects.toMatchObject({ statusCode: 412, details: { currentVersion: null } });
    await putCampaign(CAMPAIGN, campaignInput(), deps);
    expect((await putCampaign(CAMPAIGN, campaignInput({ totalBudgetCents: 400_000 }), deps, { ifMatch: parseIfMatch('*') })).campaign.configVersion).toBe(2);
    expect((await putCampaign(CAMPAIGN, campaignInput({ totalBudgetCents: 500_000 }), deps)).campaign.configVersion).toBe(3);
  });
});

describe('putCampaign resent (a lost answer, a retried click)', () => {
  it('leaves the campaign at its version when the configuration is the one stored, If-Match of the first attempt or not', async () => {
    const deps = fakeDeps('2025-06-02T10:00:00.000Z');
    await putCampaign(CAMPAIGN, campaignInput(), deps);
    const read = parseIfMatch('"1"');
    const first = await putCampaign(CAMPAIGN, campaignInput({ totalBudgetCents: 400_000 }), deps, { ifMatch: read });
    const resent = await putCampaign(CAMPAIGN, campaignInput({ totalBudgetCents: 400_000 }), deps, { ifMatch: read });
    expect(resent).toEqual({ created: false, campaign: first.campaign });
    expect((await putCampaign(CAMPAIGN, campaignInput({ totalBudgetCents: 400_000 }), deps)).campaign.configVersion).toBe(2);
    // A different change from the same stale read is still refused.
    await expect(putCampaign(CAMPAIGN, campaignInput({ totalBudgetCents: 500_000 }), deps, { ifMatch: read })).rejects.toMatchObject({ statusCode: 412 });
  });
});

describe('putCampaign and getCampaign', () => {
  it('creates a campaign due at once, then replaces its configuration keeping the allocation in force', async () => {
    // Prepare
    const deps = fakeDeps('2025-06-02T10:00:00.000Z');
    // Act
    const created = await putCampaign(CAMPAIGN, campaignInput(), deps);
    // Assess
    expect(created.created).toBe(true);
    expect(created.campaign).toMatchObject({ configVersion: 1, latestPeriod: null, nextPeriod: day(0), nextDueAt: '2025-06-02T10:00:00.000Z', periodsAllocated: 0 });

    await reallocateCampaign(CAMPAIGN, { trigger: 'api' }, deps);
    const replaced = await putCampaign(CAMPAIGN, campaignInput({ totalBudgetCents: 400_000 }), deps);
    expect(replaced.created).toBe(false);
    expect(replaced.campaign).toMatchObject({ configVersion: 2, latestPeriod: day(0), periodsAllocated: 1, nextPeriod: day(1), nextDueAt: day(1) });
    expect(replaced.campaign.config.totalBudgetCents).toBe(400_000);
    expect((await getCampaign(CAMPAIGN, deps)).configVersion).toBe(2);
  });

  it('keeps the cadence once there are allocations (effects are stored per period), and lets it change before', async () => {
    const deps = fakeDeps('2025-06-02T10:30:00.000Z');
    await putCampaign(CAMPAIGN, campaignInput(), deps);
    expect((await putCampaign(CAMPAIGN, campaignInput({ cadence: 'PT1H' }), deps)).campaign.nextPeriod).toBe('2025-06-02T10:00:00.000Z');
    await reallocateCampaign(CAMPAIGN, { trigger: 'api' }, deps);
    await expect(putCampaign(CAMPAIGN, campaignInput({ cadence: 'P1D' }), deps)).rejects.toMatchObject({ statusCode: 409, message: expect.stringMatching(/cadence cannot change from PT1H to P1D/) });
  });

  it('answers 404 for an unknown campaign', async () => {
    await expect(getCampaign('nope', fakeDeps())).rejects.toMatchObject({ statusCode: 404 });
  });
});

describe('nextPeriod', () => {
  const config = parseCampaignConfig(CAMPAIGN, campaignInput());
  it('is the clock period for a new campaign, the one after the allocation in force otherwise, never an ended one', () => {
    const now = new Date('2025-06-04T12:00:00Z');
    expect(nextPeriod({ config }, now)).toBe(day(2));
    expect(nextPeriod({ config, current: { period: day(5) } as never }, now)).toBe(day(6));
    expect(nextPeriod({ config, current: { period: day(0) } as never }, now)).toBe(day(2));
  });
});

describe('allocations', () => {
  it('serves the allocation in force and the history newest first, a page at a time', async () => {
    const deps = fakeDeps(day(0));
    await putCampaign(CAMPAIGN, campaignInput(), deps);
    await expect(currentAllocation(CAMPAIGN, deps)).rejects.toMatchObject({ statusCode: 404, message: expect.stringMatching(/no allocation yet/) });
    for (let index = 0; index < 5; index++) {
      deps.clock.set(day(index));
      await reallocateCampaign(CAMPAIGN, { trigger: 'api', period: day(index) }, deps);
    }

    expect((await currentAllocation(CAMPAIGN, deps)).period).toBe(day(4));
    const first = await listAllocations(CAMPAIGN, { limit: 2 }, deps);
    expect(first.items.map((item) => item.period)).toEqual([day(4), day(3)]);
    const second = await listAllocations(CAMPAIGN, { limit: 2, cursor: first.nextCursor }, deps);
    expect(second.items.map((item) => item.period)).toEqual([day(2), day(1)]);
    const last = await listAllocations(CAMPAIGN, { limit: 2, cursor: second.nextCursor }, deps);
    expect(last).toEqual({ items: [expect.objectContaining({ period: day(0) })] });
    await expect(listAllocations(CAMPAIGN, { limit: 2, cursor: 'forged' }, deps)).rejects.toMatchObject({ statusCode: 400 });
    await expect(listAllocations('nope', { limit: 2 }, deps)).rejects.toMatchObject({ statusCode: 404 });
  });
});

describe('putCampaign with If-None-Match: * (create, never replace)', () => {
  it('creates an absent campaign and refuses with 412 to replace an existing one with another configuration', async () => {
    const deps = fakeDeps('2025-06-02T10:00:00.000Z');
    const createOnly = { ifNoneMatch: parseIfNoneMatch('*') };
    expect((await putCampaign(CAMPAIGN, campaignInput(), deps, createOnly)).created).toBe(true);
    await expect(putCampaign(CAMPAIGN, campaignInput({ totalBudgetCents: 400_000 }), deps, createOnly)).rejects.toMatchObject({ statusCode: 412, details: { currentVersion: 1 } });
    expect((await getCampaign(CAMPAIGN, deps)).config.totalBudgetCents).toBe(campaignInput().totalBudgetCents);
  });
});
