import { simulatedMarket } from '../../local/demo-budget';
import { putCampaign } from '../../shared/budget-service/campaigns';
import { reportEffects } from '../../shared/budget-service/effects';
import { BUDGET_DETAIL_TYPES } from '../../shared/budget-service/events';
import { getCampaign } from '../../shared/budget-service/campaigns';
import { reallocateCampaign, RETRY_MAX_MS, runDueReallocations } from '../../shared/budget-service/reallocate';
import { HttpError } from '../../shared/http/errors';
import { campaignInput, day, fakeDeps } from './fakes';

type Deps = ReturnType<typeof fakeDeps>;
const CAMPAIGN = 'spring-sale';

/** Runs `periods` days: allocate day i via the use case, let the market respond, report the effects. */
async function simulate(deps: Deps, campaignId: string, periods: number, market = simulatedMarket({ seed: campaignId }), startAt = 0) {
  const outcomes = [];
  for (let index = startAt; index < startAt + periods; index++) {
    const outcome = await reallocateCampaign(campaignId, { trigger: 'api', period: day(index) }, deps);
    outcomes.push(outcome);
    const effects = market.respond(index, outcome.allocation.allocations);
    // Reported at the end of the period, as a reporting job would: effects of a period not begun are refused.
    deps.clock.set(day(index + 1));
    const result = await reportEffects(
      effects.map((effect) => ({ reportId: `${campaignId}-${index}-${effect.channel}`, campaignId, period: day(index), reportedAt: day(index + 1), ...effect })),
      deps,
    );
    expect(result.counts.accepted).toBe(effects.length);
  }
  return outcomes;
}

function expectWithinConstraints(allocations: Record<string, number>, previous: Record<string, number> | undefined, budget: number, floors: Record<string, number>, maxStep: (current: number) => number) {
  const values = Object.values(allocations);
  expect(values.every(Number.isInteger)).toBe(true);
  expect(values.reduce((sum, value) => sum + value, 0)).toBe(budget);
  for (const [channel, cents] of Object.entries(allocations)) {
    expect(cents).toBeGreaterThanOrEqual(floors[channel]!);
    if (previous) expect(Math.abs(cents - previous[channel]!)).toBeLessThanOrEqual(maxStep(previous[channel]!));
  }
}

describe('reallocateCampaign', () => {
  it('starts with the even split, then moves budget to the clearly better channel within floors, caps and steps', async () => {
    // Prepare
    const deps = fakeDeps(day(0));
    await putCampaign(CAMPAIGN, campaignInput(), deps);
    // Act
    const outcomes = await simulate(deps, CAMPAIGN, 10);
    // Assess
    expect(outcomes[0]!.allocation.allocations).toEqual({ feed: 100_000, search: 100_000, sms: 100_000 });
    expect(outcomes[0]!.allocation.explanation.mode).toBe('burn-in');
    outcomes.forEach((outcome, index) => {
      const previous = outcomes[index - 1]?.allocation.allocations;
      expectWithinConstraints(outcome.allocation.allocations, previous, 300_000, { feed: 30_000, search: 30_000, sms: 30_000 }, (current) => Math.max(Math.ceil(0.2 * current), 3_000));
    });
    const last = outcomes[outcomes.length - 1]!.allocation;
    expect(last.explanation.mode).toBe('thompson');
    expect(last.allocations.feed).toBeGreaterThan(100_000);
    expect(last.allocations.sms).toBeLessThan(100_000);
    expect(last.allocations.feed).toBe(Math.max(...Object.values(last.allocations)));
    // Explained: a posterior interval per channel, probabilities of being best that sum to 1, the bounds used.
    for (const channel of last.explanation.channels) {
      const { p05, mean, p95 } = channel.posterior.marginalReturnPerCent;
      expect(p05).toBeLessThanOrEqual(mean);
      expect(mean).toBeLessThanOrEqual(p95);
      expect(channel.allocatedCents).toBe(last.allocations[channel.channel]);
      expect(channel.lowerBoundCents).toBeLessThanOrEqual(channel.allocatedCents);
      expect(channel.allocatedCents).toBeLessThanOrEqual(channel.upperBoundCents);
    }
    expect(last.explanation.channels.reduce((sum, channel) => sum + channel.probabilityBest, 0)).toBeCloseTo(1, 6);
    expect(last.inputs.length).toBeGreaterThan(0);
    expect(last.previousPeriod).toBe(day(8));
    // History, the allocation in force and the events agree.
    expect(deps.allocations.items.size).toBe(10);
    expect((await deps.campaigns.get(CAMPAIGN))!.current!.period).toBe(day(9));
    expect(deps.publisher.ofType(BUDGET_DETAIL_TYPES.allocated)).toHaveLength(10);
  });

  it('is idempotent per period: a second run for the same period changes nothing and returns what is stored', async () => {
    const deps = fakeDeps(day(0));
    await putCampaign(CAMPAIGN, campaignInput(), deps);
    await simulate(deps, CAMPAIGN, 4);
    const first = await reallocateCampaign(CAMPAIGN, { trigger: 'api', period: day(4) }, deps);
    const eventsBefore = deps.publisher.published.length;
    const campaignBefore = await deps.campaigns.get(CAMPAIGN);

    deps.clock.set(day(4.5));
    const second = await reallocateCampaign(CAMPAIGN, { trigger: 'schedule', period: '2025-06-06T18:00:00Z' }, deps);

    expect(first.status).toBe('allocated');
    expect(second.status).toBe('unchanged');
    expect(second.allocation).toEqual(first.allocation);
    expect(deps.publisher.published).toHaveLength(eventsBefore);
    expect(await deps.campaigns.get(CAMPAIGN)).toEqual(campaignBefore);
  });

  it('draws the same allocation when a period is recomputed from the same inputs (seeded by campaign and period)', async () => {
    const runs = [];
    for (let attempt = 0; attempt < 2; attempt++) {
      const deps = fakeDeps(day(0));
      await putCampaign(CAMPAIGN, campaignInput(), deps);
      runs.push((await simulate(deps, CAMPAIGN, 6)).map((outcome) => outcome.allocation.allocations));
    }
    expect(runs[1]).toEqual(runs[0]);
  });

  it('returns the concurrent winner when another run stores the period first', async () => {
    const deps = fakeDeps(day(0));
    await putCampaign(CAMPAIGN, campaignInput(), deps);
    deps.allocations.beforeCreate = (allocation) => {
      deps.allocations.beforeCreate = undefined;
      deps.allocations.items.set(`${allocation.campaignId}|${allocation.period}`, { ...allocation, trigger: 'schedule', createdAt: 'earlier' });
    };
    const outcome = await reallocateCampaign(CAMPAIGN, { trigger: 'api' }, deps);
    expect(outcome.status).toBe('unchanged');
    expect(outcome.allocation).toMatchObject({ trigger: 'schedule', createdAt: 'earlier' });
    expect(deps.publisher.ofType(BUDGET_DETAIL_TYPES.allocated)).toHaveLength(1);
  });

  it('finishes a run that stored the allocation but could not publish it: the campaign stays due, and the retry publishes once', async () => {
    const deps = fakeDeps(day(0));
    await putCampaign(CAMPAIGN, campaignInput(), deps);
    deps.publisher.failures = 1;
    await expect(reallocateCampaign(CAMPAIGN, { trigger: 'schedule' }, deps)).rejects.toThrow(/EventBridge refused/);
    expect(deps.allocations.items.size).toBe(1);
    expect((await deps.campaigns.get(CAMPAIGN))!.current).toBeUndefined();
    expect(await deps.campaigns.listDue(day(0), 10, 'on-schedule')).toEqual([CAMPAIGN]);

    const retried = await runDueReallocations(deps, { maxCampaigns: 10 });
    expect(retried.completed).toEqual([{ campaignId: CAMPAIGN, period: day(0) }]);
    expect(deps.publisher.ofType(BUDGET_DETAIL_TYPES.allocated)).toHaveLength(1);
    const campaign = (await deps.campaigns.get(CAMPAIGN))!;
    expect(campaign.current).toMatchObject({ period: day(0), publishedAt: expect.any(String) });
    expect(campaign.nextDueAt).toBe(day(1));
  });

  it('holds a channel whose newest effects are anomalous, keeps those points out of the model, and emits an anomaly event', async () => {
    const deps = fakeDeps(day(0));
    await putCampaign(CAMPAIGN, campaignInput(), deps);
    const market = simulatedMarket({ seed: CAMPAIGN, incidents: [{ channel: 'sms', periodIndex: 10, conversionsFactor: 4 }] });
    const outcomes = await simulate(deps, CAMPAIGN, 12, market);

    const before = outcomes[10]!.allocation;
    const held = outcomes[11]!;
    expect(held.heldChannels).toEqual(['sms']);
    expect(held.anomalousChannels).toEqual(['sms']);
    expect(held.allocation.allocations.sms).toBe(before.allocations.sms);
    const sms = held.allocation.explanation.channels.find((channel) => channel.channel === 'sms')!;
    expect(sms).toMatchObject({ frozen: true, binding: ['frozen'] });
    expect(sms.excludedPeriods).toContain(day(10));
    expect(sms.anomalies).toEqual(expect.arrayContaining([expect.objectContaining({ period: day(10), metric: 'returnPerSpend' })]));

    const anomalyEvents = deps.publisher.ofType(BUDGET_DETAIL_TYPES.anomaly);
    expect(anomalyEvents).toHaveLength(1);
    expect(anomalyEvents[0]!.detail).toMatchObject({ eventId: `${CAMPAIGN}/${day(11)}/anomaly/sms`, campaignId: CAMPAIGN, period: day(11), channel: 'sms', held: true });
    const allocated = deps.publisher.ofType(BUDGET_DETAIL_TYPES.allocated).at(-1)!;
    expect(allocated.detail).toMatchObject({ period: day(11), heldForAnomaly: ['sms'] });
    // The other channels still sum to the rest of the budget.
    expect(Object.values(held.allocation.allocations).reduce((sum, cents) => sum + cents, 0)).toBe(300_000);
  });

  it('refuses a period before the allocation in force (that has none), and one beyond the next period', async () => {
    const deps = fakeDeps(day(5));
    await putCampaign(CAMPAIGN, campaignInput(), deps);
    await reallocateCampaign(CAMPAIGN, { trigger: 'api', period: day(3) }, deps);
    const past = reallocateCampaign(CAMPAIGN, { trigger: 'api', period: day(2) }, deps);
    await expect(past).rejects.toMatchObject({ statusCode: 409, message: expect.stringMatching(/not after the allocation in force/) });
    const future = reallocateCampaign(CAMPAIGN, { trigger: 'api', period: day(9) }, deps);
    await expect(future).rejects.toMatchObject({ statusCode: 400, message: expect.stringMatching(/later than the next period to allocate \(2025-06-07/) });
  });

  it('decides at most one period ahead of the clock: a resent or repeated call without a period returns that allocation instead of walking into the future', async () => {
    const deps = fakeDeps(day(5.5));
    await putCampaign(CAMPAIGN, campaignInput(), deps);
    const today = await reallocateCampaign(CAMPAIGN, { trigger: 'api' }, deps);
    const tomorrow = await reallocateCampaign(CAMPAIGN, { trigger: 'api' }, deps);
    expect([today.status, today.allocation.period]).toEqual(['allocated', day(5)]);
    expect([tomorrow.status, tomorrow.allocation.period]).toEqual(['allocated', day(6)]);
    for (let resend = 0; resend < 4; resend++) {
      const again = await reallocateCampaign(CAMPAIGN, { trigger: 'api' }, deps);
      expect(again.status).toBe('unchanged');
      expect(again.allocation).toEqual(tomorrow.allocation);
    }
    expect(deps.allocations.items.size).toBe(2);
    const ahead = reallocateCampaign(CAMPAIGN, { trigger: 'api', period: day(7) }, deps);
    await expect(ahead).rejects.toMatchObject({ statusCode: 400, message: expect.stringMatching(/more than one period ahead/) });
    // Once the clock reaches tomorrow, the call runs the day after, as before.
    deps.clock.set(day(6.2));
    expect((await reallocateCampaign(CAMPAIGN, { trigger: 'api' }, deps)).allocation.period).toBe(day(7));
  });

  it('answers 404 for an unknown campaign', async () => {
    const error = await reallocateCampaign('nope', { trigger: 'api' }, fakeDeps()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ statusCode: 404 });
  });
});

describe('runDueReallocations', () => {
  it('allocates every due campaign; one that fails is reported and backs off, the others go ahead', async () => {
    // Prepare
    const deps = fakeDeps(day(0));
    for (const id of ['a', 'broken', 'c']) await putCampaign(id, campaignInput(), deps);
    deps.campaigns.failing.add('broken');
    const failures: string[] = [];
    // Act
    const result = await runDueReallocations(deps, { maxCampaigns: 50, onFailure: (campaignId) => failures.push(campaignId) });
    // Assess
    expect(result.due).toBe(3);
    expect(result.allocated.map((entry) => entry.campaignId).sort()).toEqual(['a', 'c']);
    expect(result.failed).toEqual([{ campaignId: 'broken', error: expect.stringMatching(/ProvisionedThroughputExceededException/), failures: 1, nextAttemptAt: '2025-06-02T00:15:00.000Z' }]);
    expect(failures).toEqual(['broken']);
    deps.campaigns.failing.clear();
    expect(await deps.campaigns.listDue(day(0), 50, 'on-schedule')).toEqual([]);
    expect(await deps.campaigns.listDue('2025-06-02T00:15:00.000Z', 50, 'failing')).toEqual(['broken']);
  });

  it('does nothing until the next period starts, then allocates it; a second run in the same period is a no-op', async () => {
    const deps = fakeDeps(day(0));
    await putCampaign(CAMPAIGN, campaignInput(), deps);
    expect((await runDueReallocations(deps, { maxCampaigns: 10 })).allocated).toEqual([{ campaignId: CAMPAIGN, period: day(0) }]);

    deps.clock.set(day(0.9));
    expect(await runDueReallocations(deps, { maxCampaigns: 10 })).toMatchObject({ due: 0, allocated: [] });

    deps.clock.set(day(1.01));
    expect((await runDueReallocations(deps, { maxCampaigns: 10 })).allocated).toEqual([{ campaignId: CAMPAIGN, period: day(1) }]);
    expect((await runDueReallocations(deps, { maxCampaigns: 10 })).due).toBe(0);
    expect(deps.allocations.items.size).toBe(2);
  });

  it('leaves alone a campaign the lagging due index still lists, instead of running it a period ahead', async () => {
    const deps = fakeDeps(day(0));
    await putCampaign(CAMPAIGN, campaignInput(), deps);
    await runDueReallocations(deps, { maxCampaigns: 10 });
    deps.campaigns.staleDue.add(CAMPAIGN);
    const result = await runDueReallocations(deps, { maxCampaigns: 10 });
    expect(result).toMatchObject({ due: 1, allocated: [], completed: [], skipped: [CAMPAIGN] });
    expect(deps.allocations.items.size).toBe(1);
  });

  it('after an outage, allocates the period the clock is in rather than every missed one', async () => {
    const deps = fakeDeps(day(0));
    await putCampaign(CAMPAIGN, campaignInput(), deps);
    await runDueReallocations(deps, { maxCampaigns: 10 });
    deps.clock.set(day(5.5));
    const result = await runDueReallocations(deps, { maxCampaigns: 10 });
    expect(result.allocated).toEqual([{ campaignId: CAMPAIGN, period: day(5) }]);
    expect((await deps.campaigns.get(CAMPAIGN))!.nextDueAt).toBe(day(6));
  });
});

describe('runDueReallocations with poison campaigns', () => {
  const HOUR = 3_600_000;
  const at = (from: string, ms: number) => new Date(Date.parse(from) + ms).toISOString();

  it('keeps allocating healthy campaigns while 250 campaigns fail on every run', async () => {
    // Prepare: 250 poison campaigns created first (most overdue), then 10 healthy ones.
    const deps = fakeDeps(day(0));
    const poison = Array.from({ length: 250 }, (_, i) => `poison-${String(i).padStart(3, '0')}`);
    const healthy = Array.from({ length: 10 }, (_, i) => `healthy-${i}`);
    for (const id of poison) {
      await putCampaign(id, campaignInput({ cadence: 'PT1H' }), deps);
      deps.effects.poisoned.add(id);
    }
    deps.clock.set(at(day(0), 1));
    for (const id of healthy) await putCampaign(id, campaignInput({ cadence: 'PT1H' }), deps);

    // Act: hourly runs, each taking at most 200 campaigns.
    const runs = [];
    for (let hour = 0; hour < 6; hour++) {
      deps.clock.set(at(day(0), hour * HOUR + 2));
      runs.push(await runDueReallocations(deps, { maxCampaigns: 200 }));
    }

    // Assess: the first run cannot tell poison from healthy and the 200 most overdue fill it; from
    // then on failing campaigns back off and wait behind the healthy ones, which get every period.
    expect(runs[0]!.failed).toHaveLength(200);
    expect(runs.slice(1).map((run) => run.allocated.length)).toEqual([10, 10, 10, 10, 10]);
    for (const run of runs) expect(run.due).toBeLessThanOrEqual(200);
    for (const id of healthy) expect((await deps.campaigns.get(id))!.periodsAllocated).toBe(5);
    // Every poison campaign was tried and is backing off, none forgotten.
    const states = await Promise.all(poison.map((id) => deps.campaigns.get(id)));
    expect(states.every((campaign) => campaign!.failure && campaign!.failure.failures >= 1)).toBe(true);
  }, 60_000);

  it('gives failing campaigns at most a quarter of a run while healthy ones are waiting', async () => {
    const deps = fakeDeps(day(0));
    for (let i = 0; i < 30; i++) {
      await putCampaign(`poison-${i}`, campaignInput(), deps);
      await deps.campaigns.recordFailure(`poison-${i}`, { failures: 1, lastError: 'TypeError: x', lastFailedAt: day(-1), nextAttemptAt: day(-1) });
      deps.effects.poisoned.add(`poison-${i}`);
    }
    for (let i = 0; i < 30; i++) await deps.campaigns.saveConfig({ ...(await deps.campaigns.get(`poison-0`))!.config, campaignId: `healthy-${i}` }, undefined, day(0), day(0));
    const result = await runDueReallocations(deps, { maxCampaigns: 20 });
    expect(result.allocated).toHaveLength(15);
    expect(result.failed).toHaveLength(5);
  }, 60_000);

  it('backs a failing campaign off exponentially up to a day, reports it on GET, and puts it back on schedule once it succeeds', async () => {
    const deps = fakeDeps(day(0));
    await putCampaign('flaky', campaignInput(), deps);
    deps.effects.poisoned.add('flaky');
    const attempts: { at: string; failures: number; next: string }[] = [];
    let now = day(0);
    for (let run = 0; run < 9; run++) {
      deps.clock.set(now);
      const [failed] = (await runDueReallocations(deps, { maxCampaigns: 10 })).failed;
      attempts.push({ at: now, failures: failed!.failures, next: failed!.nextAttemptAt });
      now = failed!.nextAttemptAt;
    }
    const gaps = attempts.map((attempt) => (Date.parse(attempt.next) - Date.parse(attempt.at)) / 60_000);
    expect(gaps).toEqual([15, 30, 60, 120, 240, 480, 960, RETRY_MAX_MS / 60_000, RETRY_MAX_MS / 60_000]);
    expect(attempts.map((attempt) => attempt.failures)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);

    // Between attempts it is not due at all.
    deps.clock.set(at(now, -1));
    expect((await runDueReallocations(deps, { maxCampaigns: 10 })).due).toBe(0);

    const view = await getCampaign('flaky', deps);
    expect(view.health).toEqual({ status: 'backing-off', failures: 9, lastError: expect.stringMatching(/^TypeError: effects of flaky cannot be read/), lastFailedAt: attempts[8]!.at, nextAttemptAt: now });

    // The cause is fixed: the next attempt succeeds and the campaign is on schedule again.
    deps.effects.poisoned.delete('flaky');
    deps.clock.set(now);
    expect((await runDueReallocations(deps, { maxCampaigns: 10 })).allocated).toHaveLength(1);
    expect((await getCampaign('flaky', deps)).health).toEqual({ status: 'on-schedule' });
  });

  it('a new configuration puts a failing campaign back on schedule at once', async () => {
    const deps = fakeDeps(day(0));
    await putCampaign('fixable', campaignInput(), deps);
    deps.effects.poisoned.add('fixable');
    await runDueReallocations(deps, { maxCampaigns: 10 });
    expect((await getCampaign('fixable', deps)).health.status).toBe('backing-off');
    deps.effects.poisoned.delete('fixable');
    await putCampaign('fixable', campaignInput({ totalBudgetCents: 310_000 }), deps);
    const view = await getCampaign('fixable', deps);
    expect(view).toMatchObject({ health: { status: 'on-schedule' }, nextDueAt: day(0) });
    expect((await runDueReallocations(deps, { maxCampaigns: 10 })).allocated).toEqual([{ campaignId: 'fixable', period: day(0) }]);
  });
});
