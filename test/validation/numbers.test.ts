import fc from 'fast-check';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mergeEffectReport } from '../../shared/budget/effects';
import { CampaignConfigSchema, EffectReportSchema, PeriodAggregateSchema, contributionList, type PeriodAggregate } from '../../shared/budget/schemas';
import { own, recordOf } from '../../shared/validation/keys';
import { boundedNumber, cents, fraction, MAX_CENTS, price } from '../../shared/validation/numbers';
import { campaignInput } from '../budget/helpers';

/** What DynamoDB can store: 0, or a magnitude between 1e-130 and 1e126 with 38 significant digits; the document client also refuses anything above 2^53 − 1. */
const storable = (value: number) => {
  if (value === 0) return true;
  if (!Number.isFinite(value) || Math.abs(value) < 1e-130 || Math.abs(value) > Number.MAX_SAFE_INTEGER) return false;
  try {
    marshall({ value });
    return true;
  } catch {
    return false;
  }
};

describe('bounded numbers', () => {
  const schemas = {
    cents: cents('x'),
    fraction: fraction('x'),
    price: price('x'),
    rate: boundedNumber('x', { min: 1e-9, max: 1e6, allowZero: false }),
  };

  it.each(Object.entries(schemas))('%s: whatever passes can be stored and summed', (_name, schema) => {
    fc.assert(
      fc.property(fc.double(), (value) => {
        if (schema.safeParse(value).success) expect(storable(value)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it.each([5e-324, -5e-324, 1e-200, 1e308, Infinity, NaN, 1e20, 2 ** 53])('refuses %p as cents, fraction and price', (value) => {
    for (const schema of [schemas.cents, schemas.fraction, schemas.price]) expect(schema.safeParse(value).success).toBe(false);
  });

  it('names the field and the range in its message', () => {
    expect(schemas.fraction.safeParse(1e-200).error?.issues[0]?.message).toMatch(/x must be 0 or at least 0\.000001/);
    expect(cents('spendCents').safeParse(MAX_CENTS + 1).error?.issues[0]?.message).toMatch(/spendCents must be at most/);
  });

  it('refuses the campaign settings of the hostile-client run with reasons', () => {
    const input = campaignInput();
    for (const bad of [{ cadence: 1e9 }, { totalBudgetCents: 1e308 }, { maxStepFraction: 5e-324 }, { model: { halfLifePeriods: 1e308 } }]) {
      expect(CampaignConfigSchema.safeParse({ ...input, ...bad }).success).toBe(false);
    }
  });
});

describe('client strings as keys', () => {
  const report = (reportId: string, revision = 0, spendCents = 100) =>
    EffectReportSchema.parse({ reportId, campaignId: 'c', channel: 'feed', period: '2025-06-02T00:00:00Z', reportedAt: '2025-06-02T12:00:00Z', revision, spendCents, impressions: 10, clicks: 1, conversions: 1, revenueCents: 10 });

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'])('report id %p is an ordinary id: added, then a duplicate, then corrected, and survives storage', (reportId) => {
    const context = { cadence: 'P1D' as const };
    const added = mergeEffectReport(undefined, report(reportId), context);
    expect(added.outcome).toBe('added');
    const again = mergeEffectReport(added.aggregate, report(reportId), context);
    expect(again.outcome).toBe('duplicate');
    const corrected = mergeEffectReport(added.aggregate, report(reportId, 1, 300), context);
    expect(corrected).toMatchObject({ outcome: 'corrected', aggregate: { totals: { spendCents: 300 } } });
    // The storage form (a list) brings the id back as an own key.
    const stored = PeriodAggregateSchema.parse({ ...corrected.aggregate, contributions: contributionList(corrected.aggregate.contributions) });
    expect(own(stored.contributions, reportId)).toMatchObject({ revision: 1 });
    expect(Object.keys(stored.contributions)).toEqual([reportId]);
    expect(mergeEffectReport(stored, report(reportId, 1, 300), context).outcome).toBe('duplicate');
  });

  it('own() never reads an inherited member, recordOf() keeps __proto__ as a key', () => {
    expect(own({}, 'constructor')).toBeUndefined();
    const record = recordOf([['__proto__', 1], ['constructor', 2]]);
    expect(own(record, '__proto__')).toBe(1);
    expect(Object.getPrototypeOf(record)).toBe(Object.prototype);
  });

  it('refuses a report that would take the totals beyond 2^53 − 1 (an aggregate stored before the bounds)', () => {
    const legacy: PeriodAggregate = {
      campaignId: 'c',
      channel: 'feed',
      period: '2025-06-02T00:00:00.000Z',
      totals: { spendCents: Number.MAX_SAFE_INTEGER - 10, impressions: 0, clicks: 0, conversions: 0, revenueCents: 0 },
      contributions: {},
      version: 3,
      lateChanges: 0,
    };
    const merged = mergeEffectReport(legacy, report('r', 0, 100), { cadence: 'P1D' });
    expect(merged).toMatchObject({ outcome: 'refused', changed: false, reason: expect.stringMatching(/spendCents would exceed 2\^53/) });
  });
});
