import { z } from 'zod';
import { mergeEffectReport, type MergeOutcome } from '../budget/effects';
import { EffectReportSchema, periodKey, type EffectReport, type PeriodAggregate } from '../budget/schemas';
import { mapWithConcurrency } from '../concurrency';
import { badRequest } from '../http/errors';
import { isRetryable, TransientError } from '../http/retryable';
import type { CampaignStore, Clock, EffectsStore, StoredCampaign } from './ports';

export const MAX_REPORTS_PER_REQUEST = 100;

/** POST /v1/effects takes one report, or `{ reports: [...] }` with up to 100. Reports are then validated one by one. */
export const EffectsRequestSchema = z.unknown().transform((body, ctx): unknown[] => {
  const reports = typeof body === 'object' && body !== null && 'reports' in body ? (body as { reports: unknown }).reports : undefined;
  // A batch has no options: a field beside `reports` (a `dryRun`, say) would be silently ignored.
  const others = reports === undefined ? [] : Object.keys(body as object).filter((key) => key !== 'reports');
  if (others.length > 0) {
    for (const key of others) ctx.addIssue({ code: 'custom', path: [key], message: `a batch has only "reports"; unknown field "${key}"` });
    return z.NEVER;
  }
  if (reports === undefined && typeof body === 'object' && body !== null && !Array.isArray(body)) return [body];
  if (!Array.isArray(reports) || reports.length === 0 || reports.length > MAX_REPORTS_PER_REQUEST) {
    ctx.addIssue({ code: 'custom', path: reports === undefined ? [] : ['reports'], message: `send one effect report, or { "reports": [...] } with 1 to ${MAX_REPORTS_PER_REQUEST} reports` });
    return z.NEVER;
  }
  return reports;
});

/**
 * What happened to each report:
 * - `accepted`: a new report, counted;
 * - `corrected`: a higher revision of a known report, which replaced the earlier one in the totals;
 * - `late`: accepted or corrected for a period that has already fed an allocation: stored and used by
 *   the next allocation, the past one is not rewritten (`change` says which);
 * - `duplicate`: this report id and revision were already counted: nothing changed;
 * - `stale`: an older revision than the one already counted: ignored;
 * - `conflict`: same id and revision as a counted report but different figures: refused, send a
 *   higher revision to correct it;
 * - `rejected`: invalid, or for an unknown campaign or channel (reasons given);
 * - `failed`: could not be stored now because a dependency was throttled or unavailable (resending is safe).
 */
export type ReportStatus = 'accepted' | 'corrected' | 'late' | 'duplicate' | 'stale' | 'conflict' | 'rejected' | 'failed';

export interface ReportResult {
  index: number;
  reportId?: string;
  status: ReportStatus;
  change?: 'added' | 'corrected';
  /** The period key the report was filed under. */
  period?: string;
  reasons?: string[];
}

export interface ReportEffectsResult {
  results: ReportResult[];
  counts: Record<ReportStatus, number>;
}

const MAX_CONFLICT_ATTEMPTS = 4;
/** A reporting job's clock may run this far ahead of ours. */
const MAX_CLOCK_SKEW_MS = 5 * 60_000;
const WRITE_CONCURRENCY = 8;

interface Pending {
  index: number;
  report: EffectReport;
  campaign: StoredCampaign;
  period: string;
}

/**
 * Records effect reports exactly once per report id and revision.
 * 1. validate each report; check its campaign exists and has the channel;
 * 2. group by (campaign, channel, period) and fold each group's reports into the stored aggregate
 *    with the core's mergeEffectReport, in request order;
 * 3. write each changed aggregate once, conditional on the version read; on a concurrent write,
 *    re-read and re-fold (a resent report then folds as a duplicate, never twice);
 * 4. say per report what happened.
 */
export async function reportEffects(rawReports: readonly unknown[], deps: { campaigns: CampaignStore; effects: EffectsStore; clock: Clock }): Promise<ReportEffectsResult> {
  /** Nothing can have begun, or been reported, after this: later is a clock or time-zone slip in the reporting job. */
  const latestStart = deps.clock.now().getTime() + MAX_CLOCK_SKEW_MS;
  const results: ReportResult[] = rawReports.map((_raw, index) => ({ index, status: 'failed' }));
  const campaigns = new Map<string, Promise<StoredCampaign | undefined>>();
  const campaignOf = (campaignId: string) => {
    let loaded = campaigns.get(campaignId);
    if (!loaded) campaigns.set(campaignId, (loaded = deps.campaigns.get(campaignId)));
    return loaded;
  };

  const groups = new Map<string, Pending[]>();
  for (const [index, raw] of rawReports.entries()) {
    const parsed = EffectReportSchema.safeParse(raw);
    const reportId = typeof (raw as { reportId?: unknown })?.reportId === 'string' ? (raw as { reportId: string }).reportId : undefined;
    if (!parsed.success) {
      results[index] = { index, reportId, status: 'rejected', reasons: parsed.error.issues.map((issue) => `${issue.path.join('.') || '(report)'}: ${issue.message}`) };
      continue;
    }
    const report = parsed.data;
    const campaign = await campaignOf(report.campaignId);
    if (!campaign) {
      results[index] = { index, reportId, status: 'rejected', reasons: [`campaignId: no campaign ${report.campaignId}`] };
      continue;
    }
    if (!campaign.config.channels.some((channel) => channel.channel === report.channel)) {
      const known = campaign.config.channels.map((channel) => channel.channel).join(', ');
      results[index] = { index, reportId, status: 'rejected', reasons: [`channel: campaign ${report.campaignId} has no channel '${report.channel}' (it has ${known})`] };
      continue;
    }
    const period = periodKey(campaign.config.cadence, report.period);
    // A period that has not begun has no effects yet: a date or time-zone slip in the reporting job, to be fixed there.
    if (Date.parse(period) > latestStart) {
      results[index] = { index, reportId, status: 'rejected', period, reasons: [`period: ${period} has not begun yet; check the reporting job's dates and time zone`] };
      continue;
    }
    if (Date.parse(report.reportedAt) > latestStart) {
      results[index] = { index, reportId, status: 'rejected', period, reasons: [`reportedAt: ${report.reportedAt} is in the future; check the reporting job's clock and time zone`] };
      continue;
    }
    const key = `${report.campaignId}\u0000${report.channel}\u0000${period}`;
    const group = groups.get(key) ?? [];
    group.push({ index, report, campaign, period });
    groups.set(key, group);
  }

  await mapWithConcurrency([...groups.values()], WRITE_CONCURRENCY, async (group) => {
    try {
      for (const result of await applyGroup(group, deps.effects)) results[result.index] = result;
    } catch (error) {
      // Only what a resend can fix is 'failed' ("resend"); anything else is a bug and fails the request (500).
      if (!isRetryable(error)) throw error;
      const reason = `not stored now (${error instanceof Error ? error.name : 'error'}); resending is safe`;
      for (const item of group) results[item.index] = { index: item.index, reportId: item.report.reportId, status: 'failed', period: item.period, reasons: [reason] };
    }
  });

  const counts = Object.fromEntries((['accepted', 'corrected', 'late', 'duplicate', 'stale', 'conflict', 'rejected', 'failed'] as const).map((status) => [status, 0])) as Record<ReportStatus, number>;
  for (const result of results) counts[result.status] += 1;
  return { results, counts };
}

/** Folds one (campaign, channel, period) group into its aggregate and stores it once. */
async function applyGroup(group: readonly Pending[], effects: EffectsStore): Promise<ReportResult[]> {
  const { campaign, period, report: first } = group[0]!;
  const context = { cadence: campaign.config.cadence, latestAllocatedPeriod: campaign.current?.period };
  for (let attempt = 1; attempt <= MAX_CONFLICT_ATTEMPTS; attempt++) {
    const stored = await effects.get(first.campaignId, first.channel, period);
    let aggregate: PeriodAggregate | undefined = stored;
    let changed = false;
    const results = group.map(({ index, report }) => {
      const merged = mergeEffectReport(aggregate, report, context);
      aggregate = merged.aggregate;
      changed ||= merged.changed;
      return toResult(index, report.reportId, period, merged.outcome, merged.late, merged.reason);
    });
    if (!changed || !aggregate) return results;
    if ((await effects.save(aggregate, stored?.version)) === 'saved') return results;
  }
  throw new TransientError(`the aggregate of ${first.campaignId}/${first.channel}/${period} kept changing under ${MAX_CONFLICT_ATTEMPTS} attempts`);
}

function toResult(index: number, reportId: string, period: string, outcome: MergeOutcome, late: boolean, reason?: string): ReportResult {
  switch (outcome) {
    case 'refused':
      return { index, reportId, period, status: 'rejected', reasons: [reason ?? 'the report cannot be stored'] };
    case 'added':
    case 'corrected': {
      const status: ReportStatus = late ? 'late' : outcome === 'added' ? 'accepted' : 'corrected';
      return { index, reportId, period, status, change: outcome };
    }
    case 'conflict':
      return { index, reportId, period, status: 'conflict', reasons: ['this reportId and revision were already counted with different figures; send a higher revision to correct them'] };
    default:
      return { index, reportId, period, status: outcome };
  }
}

/** Throws 400 when not a single report could be considered (all invalid), with each one's reasons. */
export function assertSomeValid(result: ReportEffectsResult): void {
  if (result.counts.rejected === result.results.length) throw badRequest('no valid effect report in the request', { results: result.results });
}
