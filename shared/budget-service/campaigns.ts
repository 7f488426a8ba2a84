import { z } from 'zod';
import { CampaignConfigSchema, CampaignIdSchema, periodKey, shiftPeriod, type CampaignConfig } from '../budget/schemas';
import { badRequest, conflict, describeIssues, notFound, unprocessable } from '../http/errors';
import { assertIfMatch, assertIfNoneMatch, type IfMatch } from '../http/preconditions';
import { sameJson } from '../validation/same-json';
import type { CampaignStore, Clock, StoredCampaign } from './ports';
import type { CampaignView } from './view';

export type { CampaignView } from './view';

const MAX_SAVE_ATTEMPTS = 3;

/**
 * The period the next reallocation is for: the one after the allocation in force, or the period the
 * clock is in if that is later (a campaign never allocates a period that has already ended when a
 * newer one is running). The scheduler and `POST …/reallocate` both use it.
 */
export function nextPeriod(campaign: Pick<StoredCampaign, 'config' | 'current'>, now: Date): string {
  const { cadence } = campaign.config;
  const clockPeriod = periodKey(cadence, now);
  if (!campaign.current) return clockPeriod;
  const afterCurrent = shiftPeriod(cadence, periodKey(cadence, campaign.current.period), 1);
  return afterCurrent > clockPeriod ? afterCurrent : clockPeriod;
}

/** When the period after `period` starts: the campaign is due for reallocation from then on. */
export const dueAfter = (config: CampaignConfig, period: string) => shiftPeriod(config.cadence, periodKey(config.cadence, period), 1);

export function campaignView(campaign: StoredCampaign, now: Date): CampaignView {
  return {
    campaignId: campaign.config.campaignId,
    config: campaign.config,
    configVersion: campaign.configVersion,
    createdAt: campaign.createdAt,
    updatedAt: campaign.updatedAt,
    latestPeriod: campaign.current?.period ?? null,
    periodsAllocated: campaign.periodsAllocated,
    nextPeriod: nextPeriod(campaign, now),
    nextDueAt: campaign.nextDueAt,
    health: campaign.failure ? { status: 'backing-off', ...campaign.failure } : { status: 'on-schedule' },
  };
}

/**
 * Validates a campaign configuration, naming every problem: malformed or unknown fields are a 400, a
 * well-formed configuration that no allocation can satisfy (floors above the budget, caps below it…)
 * is a 422 whose message is the first reason and whose details list them all.
 */
export function parseCampaignConfig(campaignId: string, body: unknown): CampaignConfig {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('the campaign configuration must be a JSON object');
  if ('config' in body && 'configVersion' in body) throw badRequest('this is a campaign as GET shows it: send its `config` object as the body (the other fields are read-only)');
  const named = (body as { campaignId?: unknown }).campaignId;
  if (named !== undefined && named !== campaignId) throw badRequest(`campaignId in the body ('${String(named)}') differs from the one in the path ('${campaignId}')`);
  const result = CampaignConfigSchema.safeParse({ ...body, campaignId });
  if (result.success) return result.data;
  const issues = result.error.issues;
  if (issues.every((issue) => issue.code === 'custom')) {
    throw unprocessable(`impossible campaign configuration: ${issues[0]!.message}`, describeIssues(issues));
  }
  throw badRequest('invalid campaign configuration', describeIssues(issues));
}

/**
 * PUT /v1/campaigns/{id}: creates the campaign or replaces its configuration.
 * 1. validate (400 malformed, 422 impossible);
 * 2. write it conditional on the version read (with If-Match, one the header names, else 412),
 *    keeping the allocation in force and the history
 *    (the cadence is fixed once there are allocations: effects are stored per period);
 * 3. a new campaign is due at once: the next scheduler run (or a reallocate call) allocates its first period.
 * A PUT of the configuration already stored (a resend) writes nothing and answers the campaign at its version.
 */
export async function putCampaign(
  campaignId: string,
  body: unknown,
  deps: { campaigns: CampaignStore; clock: Clock },
  options: { ifMatch?: IfMatch; ifNoneMatch?: IfMatch } = {},
): Promise<{ created: boolean; campaign: CampaignView }> {
  const config = parseCampaignConfig(campaignId, body);
  for (let attempt = 1; attempt <= MAX_SAVE_ATTEMPTS; attempt++) {
    const existing = await deps.campaigns.get(campaignId);
    // Already what was asked (a resend): answered as it stands, even past If-Match, whose change then already holds
    // (RFC 9110 §13.1.1). A failing campaign is still written: a PUT puts it back on schedule at once.
    if (existing && !existing.failure && sameJson(existing.config, config)) return { created: false, campaign: campaignView(existing, deps.clock.now()) };
    assertIfMatch(options.ifMatch, existing?.configVersion, `campaign ${campaignId}`);
    assertIfNoneMatch(options.ifNoneMatch, existing?.configVersion, `campaign ${campaignId}`);
    if (existing?.current && existing.config.cadence !== config.cadence) {
      // Effects are aggregated per period of the cadence: a day's totals read as an hour's would mislead the model.
      throw conflict(`cadence cannot change from ${String(existing.config.cadence)} to ${String(config.cadence)} once a campaign has allocations (its effects are kept per period); create a new campaign instead`);
    }
    const now = deps.clock.now();
    // A campaign that was failing is tried again at once with its new configuration.
    const nextDueAt = existing?.current && !existing.failure ? existing.nextDueAt : now.toISOString();
    const outcome = await deps.campaigns.saveConfig(config, existing?.configVersion, now.toISOString(), nextDueAt);
    if (outcome === 'saved') {
      const saved = await deps.campaigns.get(campaignId);
      if (!saved) throw new Error(`campaign ${campaignId} vanished after being saved`);
      return { created: existing === undefined, campaign: campaignView(saved, now) };
    }
  }
  throw conflict(`campaign ${campaignId} is being changed concurrently; read it and retry`);
}

export async function getCampaign(campaignId: string, deps: { campaigns: CampaignStore; clock: Clock }): Promise<CampaignView> {
  const campaign = await deps.campaigns.get(campaignId);
  if (!campaign) throw notFound(`no campaign ${campaignId}`);
  return campaignView(campaign, deps.clock.now());
}

export const CampaignPathSchema = z.object({ campaignId: CampaignIdSchema });
