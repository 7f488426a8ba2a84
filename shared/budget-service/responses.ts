import { z } from 'zod';
import type { AllocationExplanation } from '../budget/allocator';
import { RETURN_CURVE_POINTS } from '../budget/model';
import { CampaignConfigSchema, ObjectiveSchema } from '../budget/schemas';
import { describing } from '../http/response-schema';
import { STORED_ALLOCATION_SHAPE, type StoredAllocation } from './allocation-record';
import type { CampaignView } from './campaigns';
import type { ReportEffectsResult, ReportStatus } from './effects';
import type { AllocationPage } from './ports';
import type { ReallocationOutcome } from './reallocate';

const Interval = z.object({ mean: z.number(), sd: z.number(), p05: z.number(), p95: z.number() });

const ExplanationSchema = describing<AllocationExplanation>()(
  z.object({
    mode: z.enum(['burn-in', 'thompson']),
    objective: ObjectiveSchema,
    seed: z.number(),
    dataPeriods: z.number().int(),
    burnInPeriods: z.number().int(),
    stepRelaxation: z.object({ extraCents: z.number(), releasedFrozen: z.array(z.string()) }).nullable(),
    cpa: z.object({ targetCpaCents: z.number(), projectedCpaCents: z.number().nullable(), probabilityWithinTarget: z.number() }).nullable(),
    channels: z.array(
      z.object({
        channel: z.string(),
        currentCents: z.number().int().nullable(),
        allocatedCents: z.number().int(),
        changeCents: z.number().int(),
        floorCents: z.number().int(),
        capCents: z.number().int(),
        stepLimitCents: z.number().int().nullable(),
        lowerBoundCents: z.number().int(),
        upperBoundCents: z.number().int(),
        binding: z.array(z.enum(['floor', 'cap', 'step-down', 'step-up', 'frozen'])).meta({ description: 'The constraints that bound this move' }),
        frozen: z.boolean(),
        probabilityBest: z.number(),
        posterior: z.object({
          marginalReturnPerCent: Interval,
          averageReturnPerCent: Interval,
          halfMarginalSpendCents: z.number(),
          shapeWeights: z.object({ log: z.number(), hyperbolic: z.number(), exponential: z.number() }),
          halfLifePeriods: z.number(),
          observationsUsed: z.number(),
          effectiveObservations: z.number(),
        }),
        sampledMarginalReturnPerCent: z.number().nullable(),
        anomalies: z.array(z.object({ period: z.string(), metric: z.enum(['pacing', 'clicksPerSpend', 'returnPerSpend']), value: z.number(), expected: z.number(), score: z.number() })),
        excludedPeriods: z.array(z.string()),
        returnCurve: z
          .array(
            z.object({
              spendCents: z.number().int().nonnegative(),
              mean: z.number().nonnegative().meta({ description: 'Posterior mean outcome per period at this spend (conversions, or revenue in cents, per the objective)' }),
              p05: z.number().nonnegative(),
              p95: z.number().nonnegative(),
            }),
          )
          .max(RETURN_CURVE_POINTS)
          .optional()
          .meta({
            description: `The posterior return curve: outcome per period at up to ${RETURN_CURVE_POINTS} evenly spaced spends from floorCents to capCents, as the posterior mean and a 90% band (p05..p95), from the same posterior the allocation was drawn from. Absent on allocations decided before return curves were recorded.`,
          }),
      }),
    ),
  }),
);

/** An allocation in force or in the history: cents per channel, why, and what it read. */
export const AllocationSchema = describing<StoredAllocation>()(
  z
    .object({
      ...STORED_ALLOCATION_SHAPE,
      allocations: STORED_ALLOCATION_SHAPE.allocations.meta({ description: 'Integer cents by channel, summing exactly to totalBudgetCents' }),
      explanation: ExplanationSchema,
    })
    .meta({ id: 'Allocation' }),
);

export const AllocationPageSchema = describing<AllocationPage>()(z.object({ items: z.array(AllocationSchema), nextCursor: z.string().optional() }).meta({ id: 'AllocationPage' }));

export const ReallocationOutcomeSchema = describing<ReallocationOutcome>()(
  z
    .object({
      status: z.enum(['allocated', 'unchanged']),
      allocation: AllocationSchema,
      heldChannels: z.array(z.string()),
      anomalousChannels: z.array(z.string()),
    })
    .meta({ id: 'ReallocationOutcome' }),
);

/** `PUT`/`GET /v1/campaigns/{campaignId}`: the configuration (defaults filled in) and where its schedule stands. */
export const CampaignViewSchema = describing<CampaignView>()(
  z
    .object({
      campaignId: z.string(),
      /** The configuration as stored: what the request set, with every default filled in. */
      config: CampaignConfigSchema.in,
      configVersion: z.number().int(),
      createdAt: z.string(),
      updatedAt: z.string(),
      latestPeriod: z.string().nullable(),
      periodsAllocated: z.number().int(),
      nextPeriod: z.string(),
      nextDueAt: z.string(),
      health: z.union([
        z.object({ status: z.literal('on-schedule') }),
        z.object({ status: z.literal('backing-off'), failures: z.number().int(), lastError: z.string(), lastFailedAt: z.string(), nextAttemptAt: z.string() }),
      ]),
    })
    .meta({ id: 'Campaign' }),
);

const REPORT_STATUSES = ['accepted', 'corrected', 'late', 'duplicate', 'stale', 'conflict', 'rejected', 'failed'] as const satisfies readonly ReportStatus[];

/** `POST /v1/effects` → 200 (and the `details` of its 503): a status per report, and counts per status. */
export const ReportEffectsResultSchema = describing<ReportEffectsResult>()(
  z
    .object({
      results: z.array(
        z.object({
          index: z.number().int().nonnegative(),
          reportId: z.string().optional(),
          status: z.enum(REPORT_STATUSES),
          change: z.enum(['added', 'corrected']).optional(),
          period: z.string().optional(),
          reasons: z.array(z.string()).optional(),
        }),
      ),
      counts: z.object({
        accepted: z.number().int(),
        corrected: z.number().int(),
        late: z.number().int(),
        duplicate: z.number().int(),
        stale: z.number().int(),
        conflict: z.number().int(),
        rejected: z.number().int(),
        failed: z.number().int(),
      }),
    })
    .meta({ id: 'EffectsResult' }),
);
