import { z } from 'zod';

/**
 * Tunables of the profile pipeline. Defaults are the documented behaviour; CDK passes overrides to the
 * functions as env vars (see lib/constructs/profiles.ts) and the same schema validates them.
 */
export const PipelineSettingsSchema = z.object({
  shortTermHalfLifeHours: z.coerce.number().positive().default(6),
  longTermHalfLifeDays: z.coerce.number().positive().default(30),
  /** How long a seen event id is remembered, so a batch resent later is still dropped. */
  dedupHorizonHours: z.coerce.number().positive().max(24 * 7).default(24),
  /** Same user, item and type within this window counts as one click. */
  duplicateClickWindowMs: z.coerce.number().int().nonnegative().default(2000),
  /** More than this many events inside botRateWindowMs is not a human. */
  botMaxEventsPerWindow: z.coerce.number().int().positive().default(30),
  botRateWindowMs: z.coerce.number().int().positive().default(10_000),
  /** Once a user trips the rate rule, their events are dropped for this long. */
  botCooldownMs: z.coerce.number().int().nonnegative().default(3_600_000),
  /** Interest keys kept per map; the weakest are pruned on write. */
  maxInterestKeys: z.coerce.number().int().positive().default(50),
  maxFingerprints: z.coerce.number().int().positive().default(10_000),
  /**
   * Write a user's profile even for a batch in which all of their records were resends already
   * remembered, crawler events or events before their erasure (update-profiles.ts `LINEAGE_ONLY_DROPS`),
   * so the profile's `lineage.dropped` counts those drops too. Off by default: on sparse traffic those
   * writes are about a tenth of all writes, and the drops are counted in the updater's metrics anyway.
   */
  recordDropOnlyBatches: z.boolean().default(false),
});
export type PipelineSettings = z.infer<typeof PipelineSettingsSchema>;

/** The settings as CDK passes them: one JSON env var, validated at cold start. */
export const PipelineSettingsEnvSchema = z
  .string()
  .default('{}')
  .transform((raw) => PipelineSettingsSchema.parse(JSON.parse(raw)));

export const DEFAULT_PIPELINE_SETTINGS: PipelineSettings = PipelineSettingsSchema.parse({});

const HOUR = 3_600_000;

export interface HalfLives {
  shortMs: number;
  longMs: number;
  /** Activity (frequency) decays weekly. */
  activityMs: number;
}

/** Settings are fixed per deployment: the fold asks for these per event, so they are computed once per settings object. */
const halfLivesOf = new WeakMap<PipelineSettings, HalfLives>();

export function halfLives(settings: PipelineSettings): HalfLives {
  let lives = halfLivesOf.get(settings);
  if (!lives) {
    lives = { shortMs: settings.shortTermHalfLifeHours * HOUR, longMs: settings.longTermHalfLifeDays * 24 * HOUR, activityMs: 7 * 24 * HOUR };
    halfLivesOf.set(settings, lives);
  }
  return lives;
}
