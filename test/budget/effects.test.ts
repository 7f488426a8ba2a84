import fc from 'fast-check';
import { mergeEffectReport } from '../../shared/budget/effects';
import { EffectReportSchema, type EffectReport, type PeriodAggregate } from '../../shared/budget/schemas';

const context = { cadence: 'P1D' as const };

function report(overrides: Partial<EffectReport> = {}): EffectReport {
  return EffectReportSchema.parse({
    reportId: 'meta-1',
    campaignId: 'spring-sale',
    channel: 'social',
    period: '2025-03-03T09:00:00Z',
    spendCents: 10_000,
    impressions: 50_000,
    clicks: 400,
    conversions: 12,
    revenueCents: 36_000,
    reportedAt: '2025-03-04T01:00:00Z',
    ...overrides,
  });
}

function fold(reports: readonly EffectReport[], latestAllocatedPeriod?: string): PeriodAggregate | undefined {
  return reports.reduce<PeriodAggregate | undefined>(
    (aggregate, r) => mergeEffectReport(aggregate, r, { ...context, ...(latestAllocatedPeriod ? { latestAllocatedPeriod } : {}) }).aggregate,
    undefined,
  );
}

describe('mergeEffectReport', () => {
  it('files a report under its period start and counts it', () => {
    const result = mergeEffectReport(undefined, report(), context);
    expect(result).toMatchObject({ outcome: 'added', changed: true, late: false });
    expect(result.aggregate).toMatchObject({ period: '2025-03-03T00:00:00.000Z', version: 1, lateChanges: 0 });
    expect(result.aggregate.totals).toEqual({ spendCents: 10_000, impressions: 50_000, clicks: 400, conversions: 12, revenueCents: 36_000 });
  });

  it('ignores a redelivery of the same report and revision', () => {
    const first = mergeEffectReport(undefined, report(), context).aggregate;
    const again = mergeEffectReport(first, report(), context);
    expect(again).toMatchObject({ outcome: 'duplicate', changed: false });
    expect(again.aggregate).toBe(first);
  });

  it('replaces a report with its correction, and ignores an older revision arriving afterwards', () => {
    const withSecond = fold([report(), report({ reportId: 'meta-2', conversions: 3, spendCents: 2_000 })]);
    const corrected = mergeEffectReport(withSecond, report({ revision: 2, conversions: 9.5, spendCents: 9_000 }), context);
    expect(corrected.outcome).toBe('corrected');
    expect(corrected.delta).toMatchObject({ conversions: -2.5, spendCents: -1_000 });
    expect(corrected.aggregate.totals).toMatchObject({ conversions: 12.5, spendCents: 11_000 });
    const stale = mergeEffectReport(corrected.aggregate, report({ revision: 1, conversions: 100 }), context);
    expect(stale).toMatchObject({ outcome: 'stale', changed: false });
    expect(stale.aggregate.totals.conversions).toBe(12.5);
  });

  it('refuses different figures under an already counted revision', () => {
    const first = fold([report()]);
    expect(mergeEffectReport(first, report({ conversions: 13 }), context)).toMatchObject({ outcome: 'conflict', changed: false });
  });

  it('accepts a report for a period that already fed an allocation and marks it late', () => {
    const late = mergeEffectReport(undefined, report(), { ...context, latestAllocatedPeriod: '2025-03-04T00:00:00.000Z' });
    expect(late).toMatchObject({ outcome: 'added', late: true, changed: true });
    expect(late.aggregate.lateChanges).toBe(1);
    const current = mergeEffectReport(undefined, report(), { ...context, latestAllocatedPeriod: '2025-03-03T00:00:00.000Z' });
    expect(current.late).toBe(false);
  });

  it('refuses to fold a report into another channel or period', () => {
    const aggregate = fold([report()]);
    expect(() => mergeEffectReport(aggregate, report({ channel: 'search' }), context)).toThrow(/not spring-sale\/social/);
    expect(() => mergeEffectReport(aggregate, report({ period: '2025-03-04T01:00:00Z' }), context)).toThrow(/2025-03-04/);
  });

  it('ends with each report counted once at its highest revision, whatever the order and redeliveries', () => {
    const versions = fc.record({ id: fc.integer({ min: 1, max: 4 }), revision: fc.integer({ min: 0, max: 3 }) });
    fc.assert(
      fc.property(fc.array(versions, { minLength: 1, maxLength: 25 }), (deliveries) => {
        // One set of figures per (id, revision), as a real source would send them.
        const make = ({ id, revision }: { id: number; revision: number }): EffectReport =>
          report({ reportId: `r${id}`, revision, spendCents: 1_000 * id + 10 * revision, conversions: id + revision / 4, clicks: 10 * id + revision });
        const folded = fold(deliveries.map(make));
        const latest = new Map<number, number>();
        for (const d of deliveries) latest.set(d.id, Math.max(latest.get(d.id) ?? -1, d.revision));
        const expected = [...latest].map(([id, revision]) => make({ id, revision }));
        expect(folded?.totals.spendCents).toBe(expected.reduce((s, r) => s + r.spendCents, 0));
        expect(folded?.totals.clicks).toBe(expected.reduce((s, r) => s + r.clicks, 0));
        expect(folded?.totals.conversions).toBeCloseTo(expected.reduce((s, r) => s + r.conversions, 0), 9);
        expect(Object.keys(folded?.contributions ?? {}).sort()).toEqual([...latest.keys()].map((id) => `r${id}`).sort());
      }),
      { numRuns: 200 },
    );
  });
});
