/**
 * The budget capability's contracts: a campaign's allocation settings and the effect reports that
 * feed its model. Types are inferred from these schemas; every refusal names the fields involved.
 */
import { z } from 'zod';
import { boundedNumber, cents, count, amount, fraction, MAX_CENTS, positive, withinSafeRange } from '../validation/numbers';
import { recordOf } from '../validation/keys';
import { canonicalIdSchema } from '../validation/strings';
import { boundedInstant } from '../validation/time';

/**
 * Sizes that keep every stored item far below DynamoDB's 400 KB: a campaign item holds the
 * configuration and the allocation in force with its explanation (a few KB per channel), an effect
 * item holds each report's latest revision (about 150 bytes a report).
 */
export const MAX_CHANNELS = 50;
/** 500 reports of at most MAX_CENTS each also keep a period's totals below 2^53 − 1 (5·10^15 < 9·10^15). */
export const MAX_REPORTS_PER_CHANNEL_PERIOD = 500;
export const MAX_REPORTED_SHARE_AGES = 52;
/** 30 days: the longest cadence whose lookback (up to 1,000 periods) stays inside four-digit years. */
export const MAX_CADENCE_MINUTES = 30 * 24 * 60;

/** Channels the suite knows; any other id matching the channel pattern is accepted as custom. */
export const KNOWN_CHANNELS = ['feed', 'sms', 'push', 'search', 'email', 'social', 'display', 'video'] as const;

export const ChannelIdSchema = z
  .string()
  .regex(
    /^[a-z0-9-]{1,32}$/,
    `channel must be 1-32 characters of a-z, 0-9 or '-' (${KNOWN_CHANNELS.join(', ')}, or a custom id)`,
  );
export type ChannelId = z.infer<typeof ChannelIdSchema>;

const centsSchema = (field: string) => cents(field);
const countSchema = (field: string) => count(field);

export const CampaignIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_.:-]{1,128}$/, 'campaignId must be 1-128 characters of A-Z, a-z, 0-9, _ . : -')
  .refine((id) => !/^\.+$/.test(id), 'campaignId must not consist of dots only (a URL path cannot carry it)');

const isoCurrencies = new Set(Intl.supportedValuesOf('currency'));
export const CurrencySchema = z
  .string()
  .regex(/^[A-Z]{3}$/, 'currency must be a three-letter ISO 4217 code such as EUR')
  .refine((code) => isoCurrencies.has(code), { message: 'currency is not an ISO 4217 code' });

/** Fixed cadences by name, or any whole number of minutes. */
export const CadenceSchema = z.union([
  z.enum(['PT1H', 'P1D', 'P7D']),
  z
    .number({ error: "cadence must be 'PT1H', 'P1D', 'P7D' or a whole number of minutes" })
    .int('cadence in minutes must be an integer')
    .min(1, 'cadence must be at least 1 minute')
    .max(MAX_CADENCE_MINUTES, `cadence must be at most ${MAX_CADENCE_MINUTES} minutes (30 days)`),
]);
export type Cadence = z.infer<typeof CadenceSchema>;

export function cadenceMinutes(cadence: Cadence): number {
  if (cadence === 'PT1H') return 60;
  if (cadence === 'P1D') return 24 * 60;
  if (cadence === 'P7D') return 7 * 24 * 60;
  return cadence;
}

const MINUTE_MS = 60_000;
/** 1970-01-05 was a Monday: weekly periods start on Monday 00:00 UTC, as ISO weeks do. */
const MONDAY_OFFSET_MS = 4 * 24 * 60 * MINUTE_MS;

/** The start of the period containing `instant`, as the ISO string used as the period key (UTC). */
export function periodKey(cadence: Cadence, instant: string | number | Date): string {
  const ms = new Date(instant).getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`not a timestamp: ${String(instant)}`);
  const length = cadenceMinutes(cadence) * MINUTE_MS;
  const offset = cadence === 'P7D' ? MONDAY_OFFSET_MS : 0;
  return new Date(Math.floor((ms - offset) / length) * length + offset).toISOString();
}

/** The key of the period `steps` periods after `key` (negative steps go back). */
export function shiftPeriod(cadence: Cadence, key: string, steps: number): string {
  return new Date(Date.parse(key) + steps * cadenceMinutes(cadence) * MINUTE_MS).toISOString();
}

/** What the advertiser already believes about a channel; each field only sharpens the prior. */
export const ChannelPriorSchema = z.strictObject({
  /** Outcome per cent spent on the first cents (conversions per cent, or revenue cents per cent). */
  marginalReturnPerCent: positive('marginalReturnPerCent', 1e-9, 1e6).optional(),
  /** Spend per period at which the marginal return halves. */
  halfSaturationCents: positive('halfSaturationCents', 1, MAX_CENTS).optional(),
  /** How many periods of data the hint is worth. */
  weightPeriods: positive('weightPeriods', 1e-3, 1000).optional(),
});

export const ChannelConfigSchema = z.strictObject({
  channel: ChannelIdSchema,
  floorCents: centsSchema('floorCents').default(0),
  /** Defaults to the whole budget (no cap). */
  capCents: centsSchema('capCents').optional(),
  prior: ChannelPriorSchema.optional(),
});

export const ObjectiveSchema = z.enum(['conversions', 'revenue', 'cpa']);
export type Objective = z.infer<typeof ObjectiveSchema>;

export const AnomalySettingsSchema = z.strictObject({
  /** Periods per season (24 for hourly data with a daily cycle, 7 for daily data with a weekly one). */
  seasonLength: boundedNumber('seasonLength', { min: 1, max: 10_000, int: true }).optional(),
  /**
   * Flag a point when its anomaly score is at least 1 − sensitivity. With budget series the score is
   * L / (L + 2), L = −log10 of the point's p-value under the channel's own history; the default 0.4
   * flags p ≤ 0.001 (score ≥ 0.6), about one ordinary period in 1,000 per metric tested.
   */
  sensitivity: fraction('sensitivity', { min: 1e-6, max: 1 - 1e-6 }).default(0.4),
  /** Keep a channel's allocation unchanged for the period when its latest data is anomalous. */
  freezeOnAnomaly: z.boolean().default(true),
  /** Periods where the channel's usual rates promise fewer clicks or conversions than this are not scored: such ratios are noise. */
  minEventsPerPoint: count('minEventsPerPoint', 1_000_000_000).default(20),
});

export const ModelSettingsSchema = z.strictObject({
  /**
   * Memory of the model: data this many periods old weigh half. The model also tries half-lives
   * from 1/8 to 2× this one and weighs them by how well they predict (drift is learned).
   */
  halfLifePeriods: positive('halfLifePeriods', 1e-3, 10_000).default(30),
  /**
   * Share of a period's final outcome already reported at age 0, 1, 2… periods (non-decreasing,
   * last value 1). Conversions that arrive late make recent periods look worse than they are; the
   * model divides that out instead of reading it as a drop in effectiveness.
   */
  reportedShareByAge: z
    .array(fraction('reportedShareByAge[]', { min: 1e-6, max: 1 }))
    .min(1)
    .max(MAX_REPORTED_SHARE_AGES, `reportedShareByAge has at most ${MAX_REPORTED_SHARE_AGES} ages`)
    .default([1]),
});

/**
 * Strict at every level: a misspelt setting (`capCent`, `totalBudgetCap`) is refused with its name,
 * never dropped, so no marketer believes in a cap or a floor that is not set.
 */
export const CampaignConfigSchema = z
  .strictObject({
    campaignId: CampaignIdSchema,
    currency: CurrencySchema,
    totalBudgetCents: centsSchema('totalBudgetCents').positive('totalBudgetCents must be positive'),
    channels: z.array(ChannelConfigSchema).max(MAX_CHANNELS, `a campaign has at most ${MAX_CHANNELS} channels (one stored item holds them all with their explanation)`),
    /** Largest change of a channel's allocation per period, as a fraction of its current allocation. */
    maxStepFraction: fraction('maxStepFraction', { min: 1e-6, max: 1 }).default(0.2),
    /**
     * The step never shrinks below this, so a channel at a zero floor can still grow. Default: 1% of budget.
     * At least 1: with 0 the step around a channel at 0 would be 0, and it could never grow back.
     */
    minStepCents: centsSchema('minStepCents')
      .min(1, 'minStepCents must be at least 1 cent: with 0, a channel whose allocation reaches 0 could never grow back (its step is max(maxStepFraction × current, minStepCents))')
      .optional(),
    objective: ObjectiveSchema,
    /** Required for objective 'cpa': the cost per conversion the advertiser is willing to pay. */
    targetCpaCents: centsSchema('targetCpaCents').positive('targetCpaCents must be positive').optional(),
    cadence: CadenceSchema,
    /** Periods of data to collect at the initial split before the bandit starts moving money. */
    burnInPeriods: count('burnInPeriods', 1000).default(3),
    anomaly: AnomalySettingsSchema.default({ sensitivity: 0.4, freezeOnAnomaly: true, minEventsPerPoint: 20 }),
    model: ModelSettingsSchema.default({ halfLifePeriods: 30, reportedShareByAge: [1] }),
  })
  .superRefine((config, ctx) => {
    const issue = (path: (string | number)[], message: string): void => ctx.addIssue({ code: 'custom', path, message });
    const { channels, totalBudgetCents: budget } = config;
    if (channels.length < 2) {
      issue(['channels'], `channels: at least 2 channels are needed to reallocate a budget, got ${channels.length}`);
    }
    const firstIndex = new Map<string, number>();
    channels.forEach((ch, i) => {
      const earlier = firstIndex.get(ch.channel);
      if (earlier !== undefined) {
        issue(['channels', i, 'channel'], `channel '${ch.channel}' appears twice: channels[${earlier}] and channels[${i}]`);
      } else firstIndex.set(ch.channel, i);
      const cap = ch.capCents ?? budget;
      if (ch.floorCents > cap) {
        issue(['channels', i, 'floorCents'], `channels[${i}] ('${ch.channel}'): floorCents ${ch.floorCents} is above capCents ${cap}`);
      }
    });
    const floors = channels.reduce((sum, ch) => sum + ch.floorCents, 0);
    if (floors > budget) {
      issue(['channels'], `channels[].floorCents sum to ${floors}, above totalBudgetCents ${budget}: no allocation can meet every floor`);
    }
    const caps = channels.reduce((sum, ch) => sum + (ch.capCents ?? budget), 0);
    if (caps < budget) {
      issue(['channels'], `channels[].capCents sum to ${caps}, below totalBudgetCents ${budget}: the budget cannot be spent within the caps`);
    }
    if (config.objective === 'cpa' && config.targetCpaCents === undefined) {
      issue(['targetCpaCents'], "targetCpaCents is required when objective is 'cpa'");
    }
    if (config.objective !== 'cpa' && config.targetCpaCents !== undefined) {
      issue(['targetCpaCents'], `targetCpaCents only applies to objective 'cpa', not '${config.objective}'`);
    }
    const shares = config.model.reportedShareByAge;
    if (shares.some((share, i) => i > 0 && share < (shares[i - 1] ?? 0)) || shares[shares.length - 1] !== 1) {
      issue(['model', 'reportedShareByAge'], 'model.reportedShareByAge must be non-decreasing and end at 1');
    }
  })
  .transform((config) => ({
    ...config,
    minStepCents: config.minStepCents ?? Math.max(1, Math.round(config.totalBudgetCents / 100)),
    channels: config.channels.map((ch) => ({ ...ch, capCents: ch.capCents ?? config.totalBudgetCents })),
    anomaly: { ...config.anomaly, seasonLength: config.anomaly.seasonLength ?? defaultSeasonLength(config.cadence) },
  }));

export type CampaignConfigInput = z.input<typeof CampaignConfigSchema>;
export type CampaignConfig = z.output<typeof CampaignConfigSchema>;
export type ChannelConfig = CampaignConfig['channels'][number];

/** A daily cycle for sub-daily cadences, a weekly one for daily, four weeks for weekly. */
function defaultSeasonLength(cadence: Cadence): number {
  const minutes = cadenceMinutes(cadence);
  if (minutes < 24 * 60) return Math.max(1, Math.round((24 * 60) / minutes));
  if (minutes < 7 * 24 * 60) return Math.max(1, Math.round((7 * 24 * 60) / minutes));
  return 4;
}

export const MetricsSchema = z.object({
  spendCents: centsSchema('spendCents'),
  impressions: countSchema('impressions'),
  clicks: countSchema('clicks'),
  /** Fractional conversions are allowed: attribution models split a conversion across touches. */
  conversions: amount('conversions'),
  revenueCents: centsSchema('revenueCents'),
});
export type Metrics = z.infer<typeof MetricsSchema>;

/** Totals of up to MAX_REPORTS_PER_CHANNEL_PERIOD reports: finite, non-negative and exact (≤ 2^53 − 1). */
const totalSchema = z.number().nonnegative().refine(withinSafeRange, 'total exceeds 2^53 − 1');
export const TotalsSchema = z.object({ spendCents: totalSchema, impressions: totalSchema, clicks: totalSchema, conversions: totalSchema, revenueCents: totalSchema });

/**
 * One channel's effect for one period, as a platform or attribution job reports it.
 * Clicks may not exceed impressions when impressions are tracked (impressions > 0); channels such
 * as SMS or push often report clicks without impressions. Conversions may exceed clicks: view-through
 * and post-delivery conversions are not clicks.
 */
/** Strict: a misspelt or unknown field is rejected naming it rather than counted without it. */
export const EffectReportSchema = z.strictObject({
  ...MetricsSchema.shape,
  /** Canonical (NFC, trimmed, no control or invisible format characters): a resend under a look-alike id is the same report, and an invisible difference is refused. */
  reportId: canonicalIdSchema('reportId', 128),
  campaignId: CampaignIdSchema,
  channel: ChannelIdSchema,
  /** Any instant inside the period; the period's start is the usual choice. */
  period: boundedInstant('period'),
  reportedAt: boundedInstant('reportedAt'),
  /** Corrections of a report reuse its reportId with a higher revision. */
  revision: count('revision', 1_000_000_000).default(0),
}).superRefine((report, ctx) => {
  if (report.impressions > 0 && report.clicks > report.impressions) {
    ctx.addIssue({ code: 'custom', path: ['clicks'], message: `clicks (${report.clicks}) exceed impressions (${report.impressions})` });
  }
  if (Date.parse(report.reportedAt) < Date.parse(report.period)) {
    ctx.addIssue({ code: 'custom', path: ['reportedAt'], message: 'reportedAt is before the period it reports on' });
  }
});
export type EffectReportInput = z.input<typeof EffectReportSchema>;
export type EffectReport = z.output<typeof EffectReportSchema>;

const ContributionSchema = z.object({ revision: z.number().int().min(0), reportedAt: z.string(), metrics: MetricsSchema });
export type Contribution = z.infer<typeof ContributionSchema>;

/**
 * Stored as a list of `{ reportId, … }` (a map attribute cannot carry a report id such as
 * `__proto__`: the SDK's marshalling and zod's records drop it); read into a prototype-less record.
 * Items written before the list form (a map) are still read.
 */
const ContributionsSchema = z.union([
  z
    .array(ContributionSchema.extend({ reportId: z.string() }))
    .transform((list): Record<string, Contribution> => recordOf(list.map(({ reportId, ...contribution }) => [reportId, contribution] as const))),
  z.record(z.string(), ContributionSchema),
]);

/** The storage form of an aggregate's contributions (see ContributionsSchema). */
export const contributionList = (contributions: Readonly<Record<string, Contribution>>) =>
  Object.entries(contributions).map(([reportId, contribution]) => ({ reportId, ...contribution }));

/** Everything known about one channel in one period: totals plus each report's latest revision. */
export const PeriodAggregateSchema = z.object({
  campaignId: CampaignIdSchema,
  channel: ChannelIdSchema,
  /** Period key: the period's start (see periodKey). */
  period: z.string(),
  totals: TotalsSchema,
  /** Report id → its latest revision. Look entries up with own() (shared/validation/keys.ts): ids are client strings. */
  contributions: ContributionsSchema,
  /** Bumped on every applied change; an allocation records the versions it read. */
  version: z.number().int().min(0),
  /** Changes applied after the period had already fed an allocation. */
  lateChanges: z.number().int().min(0),
});
export type PeriodAggregate = z.infer<typeof PeriodAggregateSchema>;
