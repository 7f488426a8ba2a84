/**
 * Folding effect reports into per-(campaign, channel, period) aggregates, exactly once.
 *
 * Semantics (the handler stores the returned aggregate with a conditional write on `version`):
 * - a new reportId adds its metrics                                        → 'added'
 * - the same reportId and revision again is a redelivery: nothing changes  → 'duplicate'
 * - the same reportId with a higher revision replaces that report's
 *   earlier contribution (totals += new − old)                             → 'corrected'
 * - the same reportId with a lower revision is older news: ignored         → 'stale'
 * - the same reportId and revision with different metrics is refused,
 *   because one of the two deliveries is wrong and we cannot tell which    → 'conflict'
 * - a report for a period that already fed an allocation (period earlier than the latest allocated
 *   period) is still applied and marked late; the model is refitted from aggregates on every run, so
 *   the next allocation counts it without any replay.
 */
import { own } from '../validation/keys';
import { withinSafeRange } from '../validation/numbers';
import type { Cadence, EffectReport, Metrics, PeriodAggregate } from './schemas';
import { MAX_REPORTS_PER_CHANNEL_PERIOD, periodKey } from './schemas';

export type MergeOutcome = 'added' | 'corrected' | 'duplicate' | 'stale' | 'conflict' | 'refused';

export interface MergeResult {
  /** The aggregate to store; unchanged (and not worth a write) unless `changed`. */
  readonly aggregate: PeriodAggregate;
  readonly outcome: MergeOutcome;
  /** Whether the aggregate changed (store it only then). */
  readonly changed: boolean;
  /** The period had already been used by an allocation when this change arrived. */
  readonly late: boolean;
  /** What the change added to the totals (negative parts for downward corrections). */
  readonly delta: Metrics;
  /** Why a report was refused (outcome 'refused'): the aggregate could not hold it. */
  readonly reason?: string;
}

export interface MergeContext {
  readonly cadence: Cadence;
  /** Key of the latest period an allocation has been computed for, if any. */
  readonly latestAllocatedPeriod?: string;
}

const METRIC_KEYS = ['spendCents', 'impressions', 'clicks', 'conversions', 'revenueCents'] as const;

const ZERO_METRICS: Metrics = { spendCents: 0, impressions: 0, clicks: 0, conversions: 0, revenueCents: 0 };

function metricsOf(report: Metrics): Metrics {
  return {
    spendCents: report.spendCents,
    impressions: report.impressions,
    clicks: report.clicks,
    conversions: report.conversions,
    revenueCents: report.revenueCents,
  };
}

function combine(a: Metrics, b: Metrics, sign: 1 | -1): Metrics {
  const out = { ...a };
  for (const key of METRIC_KEYS) out[key] = a[key] + sign * b[key];
  return out;
}

/** Fractional conversions can leave 1e−15 residues after corrections; totals stay clean and ≥ 0. */
function cleanTotals(totals: Metrics): Metrics {
  return { ...totals, conversions: Math.max(0, Math.round(totals.conversions * 1e9) / 1e9) };
}

function sameMetrics(a: Metrics, b: Metrics): boolean {
  return METRIC_KEYS.every((key) => a[key] === b[key]);
}

/** Apply one validated report to the aggregate of its (campaign, channel, period). */
export function mergeEffectReport(existing: PeriodAggregate | undefined, report: EffectReport, context: MergeContext): MergeResult {
  const period = periodKey(context.cadence, report.period);
  const aggregate: PeriodAggregate = existing ?? {
    campaignId: report.campaignId,
    channel: report.channel,
    period,
    totals: ZERO_METRICS,
    contributions: {},
    version: 0,
    lateChanges: 0,
  };
  if (aggregate.campaignId !== report.campaignId || aggregate.channel !== report.channel || aggregate.period !== period) {
    throw new Error(
      `report ${report.reportId} is for ${report.campaignId}/${report.channel}/${period}, not ${aggregate.campaignId}/${aggregate.channel}/${aggregate.period}`,
    );
  }
  const late = context.latestAllocatedPeriod !== undefined && period < context.latestAllocatedPeriod;
  const metrics = metricsOf(report);
  // Report ids are client strings: `constructor` or `__proto__` must not find Object.prototype's.
  const previous = own(aggregate.contributions, report.reportId);
  const unchanged = (outcome: MergeOutcome, reason?: string): MergeResult => ({ aggregate, outcome, changed: false, late, delta: ZERO_METRICS, ...(reason ? { reason } : {}) });
  if (previous && report.revision < previous.revision) return unchanged('stale');
  if (previous && report.revision === previous.revision) return unchanged(sameMetrics(previous.metrics, metrics) ? 'duplicate' : 'conflict');
  if (!previous && Object.keys(aggregate.contributions).length >= MAX_REPORTS_PER_CHANNEL_PERIOD) {
    return unchanged('refused', `this channel and period already hold ${MAX_REPORTS_PER_CHANNEL_PERIOD} reports, the most one period can keep; send corrections of existing reports (same reportId, higher revision) instead`);
  }
  const delta = previous ? combine(metrics, previous.metrics, -1) : metrics;
  const totals = cleanTotals(combine(aggregate.totals, delta, 1));
  const overflowing = METRIC_KEYS.filter((key) => !withinSafeRange(totals[key]));
  if (overflowing.length > 0) {
    return unchanged('refused', `the period's totals of ${overflowing.join(', ')} would exceed 2^53 − 1 and lose precision; check the figures`);
  }
  return {
    aggregate: {
      ...aggregate,
      totals,
      contributions: { ...aggregate.contributions, [report.reportId]: { revision: report.revision, reportedAt: report.reportedAt, metrics } },
      version: aggregate.version + 1,
      lateChanges: aggregate.lateChanges + (late ? 1 : 0),
    },
    outcome: previous ? 'corrected' : 'added',
    changed: true,
    late,
    delta,
  };
}
