import fc from 'fast-check';
import { allocateBudget, feasibleBounds, lookbackPeriods, projectOntoBounds, roundToBudget, stepLimit, waterFill, type AllocationRequest } from '../../shared/budget/allocator';
import { createRng } from '../../shared/budget/random';
import { CampaignConfigSchema, type PeriodAggregate } from '../../shared/budget/schemas';
import { aggregate, campaign, campaignInput, dayKey, saturating } from './helpers';

const sum = (values: readonly number[]): number => values.reduce((s, v) => s + v, 0);

/** Runs the allocator period after period against true curves, feeding back noisy outcomes. */
function simulate(truths: Record<string, (spend: number) => number>, periods: number, config = campaign()): Record<string, number>[] {
  const rng = createRng(11);
  const aggregates: PeriodAggregate[] = [];
  const history: Record<string, number>[] = [];
  let current: Record<string, number> | undefined;
  for (let day = 0; day < periods; day += 1) {
    const result = allocateBudget({ config, period: dayKey(day), ...(current ? { current } : {}), aggregates });
    current = { ...result.allocations };
    history.push(current);
    for (const [channel, spend] of Object.entries(current)) {
      const mean = truths[channel]?.(spend) ?? 0;
      aggregates.push(aggregate(channel, day, spend, Math.max(0, Math.round(mean * (1 + 0.05 * rng.normal())))));
    }
  }
  return history;
}

/** 60 quiet days of three channels with plenty of conversions. */
function steadyHistory(days = 60): PeriodAggregate[] {
  const rng = createRng(5);
  return Array.from({ length: days }, (_v, day) =>
    [
      aggregate('search', day, 40_000, Math.round(160 * (1 + 0.05 * rng.normal()))),
      aggregate('feed', day, 35_000, Math.round(90 * (1 + 0.05 * rng.normal()))),
      aggregate('email', day, 25_000, Math.round(70 * (1 + 0.05 * rng.normal()))),
    ],
  ).flat();
}

const steadyCurrent = { search: 40_000, feed: 35_000, email: 25_000 };

describe('allocateBudget', () => {
  it('starts a campaign with an even split within floors and caps', () => {
    const result = allocateBudget({ config: campaign(), period: dayKey(0), aggregates: [] });
    expect(result.allocations).toEqual({ search: 33_334, feed: 33_333, email: 33_333 });
    expect(result.explanation.mode).toBe('burn-in');
    const capped = campaign({ channels: [{ channel: 'search', capCents: 10_000 }, { channel: 'feed' }, { channel: 'email', floorCents: 60_000 }] });
    expect(allocateBudget({ config: capped, period: dayKey(0), aggregates: [] }).allocations).toEqual({ search: 10_000, feed: 30_000, email: 60_000 });
  });

  it('keeps the current allocation until burnInPeriods periods of data exist', () => {
    const current = { search: 50_000, feed: 30_000, email: 20_000 };
    const aggregates = [0, 1].flatMap((day) => Object.entries(current).map(([channel, spend]) => aggregate(channel, day, spend, 30)));
    const result = allocateBudget({ config: campaign(), period: dayKey(2), current, aggregates });
    expect(result.explanation).toMatchObject({ mode: 'burn-in', dataPeriods: 2, burnInPeriods: 3 });
    expect(result.allocations).toEqual(current);
  });

  it('is reproducible: the same request gives the same allocation, explanation and seed', () => {
    const request: AllocationRequest = { config: campaign(), period: dayKey(60), current: steadyCurrent, aggregates: steadyHistory() };
    const first = allocateBudget(request);
    expect(allocateBudget(structuredClone(request))).toEqual(first);
    expect(first.explanation.mode).toBe('thompson');
    expect(allocateBudget({ ...request, period: dayKey(61) }).explanation.seed).not.toBe(first.explanation.seed);
  });

  it('moves budget toward a clearly better channel within the step limits', () => {
    const history = simulate({ search: saturating(900, 80_000), feed: saturating(200, 80_000), email: saturating(150, 80_000) }, 12);
    const search = history.map((h) => h.search ?? 0);
    expect(search[2]).toBe(33_334); // burn-in
    expect(search[11]).toBeGreaterThan(60_000);
    search.slice(1).forEach((s, i) => expect(Math.abs(s - (search[i] ?? 0))).toBeLessThanOrEqual(stepLimit(campaign(), search[i] ?? 0)));
  });

  it('freezes a channel whose newest period is anomalous and keeps that period out of its posterior', () => {
    const aggregates = steadyHistory();
    const glitch = aggregates.map((a) => (a.channel === 'feed' && a.period === dayKey(59) ? { ...a, totals: { ...a.totals, conversions: 540 } } : a));
    const request: AllocationRequest = { config: campaign(), period: dayKey(60), current: steadyCurrent, aggregates: glitch };
    const result = allocateBudget(request);
    const feed = result.explanation.channels.find((c) => c.channel === 'feed');
    expect(feed).toMatchObject({ frozen: true, binding: ['frozen'], allocatedCents: 35_000, excludedPeriods: [dayKey(59)] });
    expect(feed?.anomalies).toContainEqual(expect.objectContaining({ period: dayKey(59), metric: 'returnPerSpend' }));
    expect(result.allocations.feed).toBe(35_000);
    // The posterior is exactly the one fitted without that period at all.
    const without = allocateBudget({ ...request, aggregates: glitch.filter((a) => !(a.channel === 'feed' && a.period === dayKey(59))) });
    expect(feed?.posterior).toEqual(without.explanation.channels.find((c) => c.channel === 'feed')?.posterior);
  });

  it('keeps a broken-tracking period out of the model before the anomaly scores have warmed up, without freezing', () => {
    const aggregates = steadyHistory(12).map((a) => (a.channel === 'feed' && a.period === dayKey(2) ? { ...a, totals: { ...a.totals, conversions: a.totals.conversions * 4 } } : a));
    const request: AllocationRequest = { config: campaign(), period: dayKey(12), current: steadyCurrent, aggregates };
    const feed = allocateBudget(request).explanation.channels.find((c) => c.channel === 'feed');
    expect(feed).toMatchObject({ frozen: false, excludedPeriods: [dayKey(2)] });
    expect(feed?.anomalies).toEqual([expect.objectContaining({ period: dayKey(2), metric: 'returnPerSpend' })]);
    const without = allocateBudget({ ...request, aggregates: aggregates.filter((a) => !(a.channel === 'feed' && a.period === dayKey(2))) });
    expect(feed?.posterior).toEqual(without.explanation.channels.find((c) => c.channel === 'feed')?.posterior);
  });

  it('freezes a low-volume channel whose conversion count is implausible, though too few for a ratio', () => {
    // Email converts ~6 a day at its spend: below minEventsPerPoint, so no ratio is scored; 30 is a broken pixel.
    const rng = createRng(9);
    const aggregates = steadyHistory().map((a) => (a.channel === 'email' ? { ...a, totals: { ...a.totals, conversions: Math.max(0, Math.round(6 + 2 * rng.normal())) } } : a));
    const quiet = allocateBudget({ config: campaign(), period: dayKey(60), current: steadyCurrent, aggregates });
    expect(quiet.explanation.channels.find((c) => c.channel === 'email')?.frozen).toBe(false);
    const glitch = aggregates.map((a) => (a.channel === 'email' && a.period === dayKey(59) ? { ...a, totals: { ...a.totals, conversions: 30 } } : a));
    const email = allocateBudget({ config: campaign(), period: dayKey(60), current: steadyCurrent, aggregates: glitch }).explanation.channels.find((c) => c.channel === 'email');
    expect(email).toMatchObject({ frozen: true, allocatedCents: 25_000, excludedPeriods: [dayKey(59)] });
    expect(email?.anomalies).toContainEqual(expect.objectContaining({ period: dayKey(59), metric: 'returnPerSpend' }));
  });

  it('widens the step limit by the fewest cents that lets a doubled budget be spent, and says so', () => {
    const config = campaign({ totalBudgetCents: 200_000, channels: [{ channel: 'search', capCents: 150_000 }, { channel: 'feed', capCents: 150_000 }, { channel: 'email', capCents: 150_000 }] });
    const current = { search: 50_000, feed: 30_000, email: 20_000 };
    const result = allocateBudget({ config, period: dayKey(60), current, aggregates: steadyHistory() });
    expect(sum(Object.values(result.allocations))).toBe(200_000);
    const extra = result.explanation.stepRelaxation?.extraCents ?? 0;
    expect(extra).toBeGreaterThan(0);
    const currentCents = Object.values(current);
    const upper = (widen: number): number => sum(currentCents.map((c) => c + stepLimit(config, c) + widen));
    expect(upper(extra)).toBeGreaterThanOrEqual(200_000);
    expect(upper(extra - 1)).toBeLessThan(200_000);
  });

  it('reports the plan against the target CPA for objective cpa', () => {
    const config = campaign({ objective: 'cpa', targetCpaCents: 300 });
    const result = allocateBudget({ config, period: dayKey(60), current: steadyCurrent, aggregates: steadyHistory() });
    expect(result.explanation.cpa?.targetCpaCents).toBe(300);
    expect(result.explanation.cpa?.projectedCpaCents).toBeGreaterThan(200);
    expect(result.explanation.cpa?.projectedCpaCents).toBeLessThan(500);
    expect(result.explanation.cpa?.probabilityWithinTarget).toBeGreaterThanOrEqual(0);
  });

  it('explains posteriors, probability of being best and lineage', () => {
    const result = allocateBudget({ config: campaign(), period: dayKey(60), current: steadyCurrent, aggregates: steadyHistory() });
    expect(sum(result.explanation.channels.map((c) => c.probabilityBest))).toBeCloseTo(1, 10);
    const search = result.explanation.channels[0];
    expect(search?.posterior.marginalReturnPerCent.p05).toBeLessThanOrEqual(search?.posterior.marginalReturnPerCent.p95 ?? 0);
    expect(search?.posterior.averageReturnPerCent.mean).toBeCloseTo(160 / 40_000, 3);
    expect(result.inputs).toHaveLength(3 * 60);
    expect(result.inputs[0]).toEqual({ channel: 'email', period: dayKey(0), version: 1 });
    expect(lookbackPeriods(campaign())).toBe(180);
  });

  it('draws each channel\'s return curve from floor to cap from the posterior it explains', () => {
    const config = campaign();
    const result = allocateBudget({ config, period: dayKey(60), current: steadyCurrent, aggregates: steadyHistory() });
    result.explanation.channels.forEach((c, i) => {
      const channel = config.channels[i];
      expect(c.returnCurve[0]?.spendCents).toBe(channel?.floorCents);
      expect(c.returnCurve[c.returnCurve.length - 1]?.spendCents).toBe(channel?.capCents);
      // The curve and the posterior summary come from one posterior: at the current spend they agree
      // (read between the two curve points around it; the curve is concave, so that reads a little low).
      const current = c.currentCents ?? 0;
      const upper = c.returnCurve.findIndex((p) => p.spendCents >= current);
      const [a, b] = [c.returnCurve[Math.max(0, upper - 1)], c.returnCurve[upper]];
      if (!a || !b) throw new Error('the current spend lies between floor and cap');
      const between = b.spendCents === a.spendCents ? b.mean : a.mean + ((b.mean - a.mean) * (current - a.spendCents)) / (b.spendCents - a.spendCents);
      const reference = c.posterior.averageReturnPerCent.mean * current;
      expect(between).toBeGreaterThan(0.85 * reference);
      expect(between).toBeLessThan(1.1 * reference);
    });
  });

  it('refuses a period key that is not a period start', () => {
    expect(() => allocateBudget({ config: campaign(), period: '2025-03-03T12:00:00.000Z', aggregates: [] })).toThrow(/not a period start/);
  });

  it('always spends the budget exactly, within floors, caps and (unless relaxed) steps, and never moves a frozen channel', () => {
    const channelNames = ['search', 'feed', 'email', 'sms', 'push'];
    const scenario = fc
      .record({
        channels: fc.integer({ min: 2, max: 5 }),
        budget: fc.integer({ min: 1_000, max: 5_000_000 }),
        floorShares: fc.array(fc.double({ min: 0, max: 0.3, noNaN: true }), { minLength: 5, maxLength: 5 }),
        capShares: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 5, maxLength: 5 }),
        currentShares: fc.option(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 5, maxLength: 5 }), { nil: undefined }),
        currentScale: fc.double({ min: 0.3, max: 2, noNaN: true }),
        days: fc.integer({ min: 0, max: 10 }),
        returns: fc.array(fc.double({ min: 0, max: 0.01, noNaN: true }), { minLength: 5, maxLength: 5 }),
        maxStepFraction: fc.double({ min: 0.05, max: 1, noNaN: true }),
        seed: fc.integer(),
      })
      .map((s) => {
        const names = channelNames.slice(0, s.channels);
        const floors = names.map((_n, i) => Math.floor(((s.floorShares[i] ?? 0) * s.budget) / s.channels));
        // Each cap at least budget/channels, so the caps always cover the budget.
        const caps = names.map((_n, i) => Math.max(floors[i] ?? 0, Math.ceil((1 / s.channels + (1 - 1 / s.channels) * (s.capShares[i] ?? 1)) * s.budget)));
        const config = CampaignConfigSchema.parse(
          campaignInput({
            totalBudgetCents: s.budget,
            maxStepFraction: s.maxStepFraction,
            channels: names.map((channel, i) => ({ channel, floorCents: floors[i], capCents: caps[i] })),
          }),
        );
        const current = s.currentShares
          ? Object.fromEntries(names.map((n, i) => [n, Math.round(((s.currentShares?.[i] ?? 0) * s.budget * s.currentScale) / s.channels)]))
          : undefined;
        const rng = createRng(s.seed);
        const aggregates = Array.from({ length: s.days }, (_v, day) =>
          names.map((n, i) => {
            const spend = Math.round((rng.uniform() * s.budget) / s.channels);
            return aggregate(n, day, spend, Math.round(spend * (s.returns[i] ?? 0) * (0.5 + rng.uniform())));
          }),
        ).flat();
        return { config, current, aggregates, day: s.days };
      });
    fc.assert(
      fc.property(scenario, ({ config, current, aggregates, day }) => {
        const result = allocateBudget({ config, period: dayKey(day), ...(current ? { current } : {}), aggregates });
        const extra = result.explanation.stepRelaxation?.extraCents ?? 0;
        expect(sum(Object.values(result.allocations))).toBe(config.totalBudgetCents);
        for (const [i, channel] of config.channels.entries()) {
          const allocated = result.allocations[channel.channel] ?? Number.NaN;
          const explained = result.explanation.channels[i];
          expect(Number.isInteger(allocated)).toBe(true);
          expect(allocated).toBeGreaterThanOrEqual(channel.floorCents);
          expect(allocated).toBeLessThanOrEqual(channel.capCents);
          if (!current) continue;
          const cur = current[channel.channel] ?? 0;
          const withinBounds = Math.min(channel.capCents, Math.max(channel.floorCents, cur));
          if (explained?.frozen) expect(allocated).toBe(withinBounds);
          // A config change can force a move past the step (current outside the new floor/cap).
          const forced = Math.abs(withinBounds - cur);
          expect(Math.abs(allocated - cur)).toBeLessThanOrEqual(Math.max(forced, stepLimit(config, cur) + extra));
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('allocation helpers', () => {
  const boxes = fc
    .array(fc.tuple(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 10_000 })), { minLength: 1, maxLength: 6 })
    .map((pairs) => ({ lower: pairs.map(([a, b]) => Math.min(a, b)), upper: pairs.map(([a, b]) => Math.max(a, b)) }))
    .chain(({ lower, upper }) => fc.record({ lower: fc.constant(lower), upper: fc.constant(upper), budget: fc.integer({ min: sum(lower), max: sum(upper) }) }));

  it('water-fills and projects to integer allocations that sum exactly and respect every bound', () => {
    fc.assert(
      fc.property(boxes, fc.array(fc.double({ min: 0, max: 5, noNaN: true }), { minLength: 6, maxLength: 6 }), ({ lower, upper, budget }, targets) => {
        const curves = lower.map((_l, i) => ({ shape: 'log' as const, marginalReturnPerCent: targets[i] ?? 0, scaleCents: 1_000 }));
        for (const allocation of [waterFill(curves, lower, upper, budget), projectOntoBounds(targets.slice(0, lower.length).map((t) => t * 1_000), lower, upper, budget)]) {
          expect(sum(allocation)).toBe(budget);
          allocation.forEach((a, i) => {
            expect(Number.isInteger(a)).toBe(true);
            expect(a).toBeGreaterThanOrEqual(lower[i] ?? 0);
            expect(a).toBeLessThanOrEqual(upper[i] ?? 0);
          });
        }
      }),
    );
  });

  it('water-filling equalises marginal returns: the better curve gets more', () => {
    const curves = [
      { shape: 'exponential' as const, marginalReturnPerCent: 0.02, scaleCents: 10_000 },
      { shape: 'exponential' as const, marginalReturnPerCent: 0.01, scaleCents: 10_000 },
    ];
    const [better, worse] = waterFill(curves, [0, 0], [100_000, 100_000], 20_000);
    // KKT: 0.02·e^(−a/10k) = 0.01·e^(−b/10k), a + b = 20k → a − b = 10k·ln 2.
    expect((better ?? 0) - (worse ?? 0)).toBeGreaterThan(6_800);
    expect((better ?? 0) - (worse ?? 0)).toBeLessThan(7_100);
  });

  it('rounds by largest remainder without leaving the bounds', () => {
    expect(roundToBudget([10.6, 10.3, 10.1], [0, 0, 0], [20, 20, 20], 31)).toEqual([11, 10, 10]);
    expect(roundToBudget([10.6, 10.3, 10.1], [0, 0, 0], [10, 20, 20], 31)).toEqual([10, 11, 10]);
  });

  it('releases frozen channels only when nothing else can meet the budget', () => {
    const config = campaign({ channels: [{ channel: 'search', capCents: 60_000 }, { channel: 'feed', capCents: 60_000 }] });
    const kept = feasibleBounds(config, [30_000, 70_000], [false, true]);
    expect(kept.releasedFrozen).toEqual([]);
    expect(kept.lower[1]).toBe(60_000); // pinned at its new cap
    const tight = campaign({ totalBudgetCents: 50_000, channels: [{ channel: 'search', floorCents: 20_000 }, { channel: 'feed' }] });
    const released = feasibleBounds(tight, [30_000, 40_000], [false, true]);
    expect(released.releasedFrozen).toEqual([1]);
  });
});
