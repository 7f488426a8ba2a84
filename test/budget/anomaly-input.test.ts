import { allocateBudget, type AllocationRequest } from '../../shared/budget/allocator';
import { createRng } from '../../shared/budget/random';
import type { PeriodAggregate } from '../../shared/budget/schemas';
import { aggregate, campaign, dayKey } from './helpers';

/** 60 quiet days of three channels, feed's newest day a broken pixel (6× its conversions). */
function history(): PeriodAggregate[] {
  const rng = createRng(21);
  return Array.from({ length: 60 }, (_v, day) =>
    [
      aggregate('search', day, 40_000, Math.round(160 * (1 + 0.05 * rng.normal()))),
      aggregate('feed', day, 35_000, day === 59 ? 540 : Math.round(90 * (1 + 0.05 * rng.normal()))),
      aggregate('email', day, 25_000, Math.round(70 * (1 + 0.05 * rng.normal()))),
    ],
  ).flat();
}

const current = { search: 40_000, feed: 35_000, email: 25_000 };
const tidy: AllocationRequest = { config: campaign(), period: dayKey(60), current, aggregates: history() };
const expected = allocateBudget(tidy);

/** The same facts as a reporting feed may deliver them. */
const untidy: { name: string; aggregates: (a: readonly PeriodAggregate[]) => PeriodAggregate[] }[] = [
  { name: 'in reverse order', aggregates: (a) => [...a].reverse() },
  { name: 'with every aggregate delivered twice', aggregates: (a) => [...a, ...a] },
  { name: 'with a period spelled without milliseconds', aggregates: (a) => a.map((x) => (x.period === dayKey(30) ? { ...x, period: dayKey(30).replace('.000Z', 'Z') } : x)) },
  { name: 'with a stale version of a period after the newer one', aggregates: (a) => [...a, ...a.filter((x) => x.period === dayKey(40)).map((x) => ({ ...x, version: 0, totals: { ...x.totals, conversions: 0 } }))] },
];

describe('a channel series built from untidy aggregates', () => {
  it.each(untidy)('allocates $name exactly as from the tidy feed, and still freezes the broken channel', ({ aggregates }) => {
    const result = allocateBudget({ ...tidy, aggregates: aggregates(tidy.aggregates) });
    expect(result.allocations).toEqual(expected.allocations);
    expect(result.explanation.channels.find((c) => c.channel === 'feed')).toMatchObject({ frozen: true, excludedPeriods: [dayKey(59)] });
  });

  it('uses the highest version of a period that was delivered twice with different figures', () => {
    const corrected = tidy.aggregates.map((x) => (x.channel === 'feed' && x.period === dayKey(59) ? { ...x, version: 2, totals: { ...x.totals, conversions: 90 } } : x));
    const result = allocateBudget({ ...tidy, aggregates: [...tidy.aggregates, ...corrected.filter((x) => x.version === 2)] });
    expect(result).toEqual(allocateBudget({ ...tidy, aggregates: corrected }));
    expect(result.explanation.channels.find((c) => c.channel === 'feed')?.frozen).toBe(false);
  });

  it('skips an aggregate whose period is not a date, and a missing day, without losing the channel', () => {
    const gapped = tidy.aggregates.filter((x) => x.period !== dayKey(20)).concat([{ ...tidy.aggregates[0], period: 'not-a-date' } as PeriodAggregate]);
    const result = allocateBudget({ ...tidy, aggregates: gapped });
    expect(result.explanation.channels.find((c) => c.channel === 'feed')).toMatchObject({ frozen: true, excludedPeriods: [dayKey(59)] });
    expect(result.explanation.channels.every((c) => c.posterior !== undefined)).toBe(true);
  });
});
