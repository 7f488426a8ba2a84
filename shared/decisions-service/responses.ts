import { z } from 'zod';
import { CandidatePolicySchema, ESTIMATORS, ExperimentSchema, MAX_ARMS, ObjectiveSchema } from '../decisions/schemas';
import { SERVED_SHARE_MAX_DECISIONS, SERVED_SHARE_MAX_POINTS, type ServedShare } from '../decisions/served-share';
import type { ArmResult, ExperimentResults } from '../decisions/types';
import { describing } from '../http/response-schema';
import type { ExperimentView } from './experiments';
import type { OutcomeReceipt } from './outcomes';
import type { evaluatePolicy } from './results';

const Interval = z.object({ lower: z.number(), upper: z.number() });
const Lift = z.object({ value: z.number(), interval: Interval });

/** `PUT`/`GET /v1/experiments/{experimentId}`: the stored experiment and its test plan, when it asked for one. */
export const ExperimentViewSchema = describing<ExperimentView>()(
  z
    .object({
      experiment: ExperimentSchema,
      testPlan: z
        .object({
          baselineRate: z.number(),
          minimumDetectableEffect: z.number(),
          dailyTraffic: z.number(),
          sampleSizePerArm: z.number(),
          totalSampleSize: z.number(),
          expectedDays: z.number(),
          alwaysValidSampleSizePerArm: z.number(),
          alwaysValidExpectedDays: z.number(),
          method: z.string(),
        })
        .nullable(),
    })
    .meta({ id: 'ExperimentView' }),
);

const ArmResultSchema = describing<ArmResult>()(
  z.object({
    armId: z.string(),
    isControl: z.boolean(),
    decisions: z.number().int(),
    outcomes: z.number().int(),
    lateOutcomes: z.number().int(),
    rewardSum: z.number(),
    meanReward: z.number(),
    interval: Interval.meta({ description: 'Always-valid 95% interval (a confidence sequence)' }),
    intervalMethod: z.string(),
    probabilityBest: z.number(),
    liftVsControl: Lift.optional(),
    liftVsHoldout: Lift.optional(),
    weighted: z.object({ estimator: z.enum(ESTIMATORS), value: z.number(), interval: Interval, intervalMethod: z.string(), effectiveSampleSize: z.number(), selfNormalised: z.number() }).optional(),
  }),
);

const ServedShareSchema = describing<ServedShare>()(
  z
    .object({
      bucket: z.enum(['hour', 'day', 'week']).meta({ description: `The finest of hour, day and week that keeps the series at most ${SERVED_SHARE_MAX_POINTS} buckets long` }),
      arms: z.array(z.string()).max(MAX_ARMS).meta({ description: "The experiment's arms, in its order: `points[].shares` is aligned with them" }),
      decisions: z.number().int().nonnegative().max(SERVED_SHARE_MAX_DECISIONS).meta({ description: 'How many logged decisions the series counts' }),
      complete: z.boolean().meta({
        description: `False when the series does not cover every logged decision: it is computed from the latest ${SERVED_SHARE_MAX_DECISIONS} decisions only (or the newest ${SERVED_SHARE_MAX_POINTS} weeks), so earlier buckets are missing and the oldest one shown may be partial`,
      }),
      points: z
        .array(
          z.object({
            start: z.string().meta({ description: 'Start of the bucket (ISO 8601, UTC; weeks start on Monday)' }),
            decisions: z.number().int().positive(),
            shares: z.array(z.number().min(0).max(1)).max(MAX_ARMS).meta({ description: "Share of the bucket's decisions served each arm, aligned with `arms`" }),
            holdoutShare: z.number().min(0).max(1),
            retiredShare: z.number().min(0).max(1).meta({ description: 'Share served arms that a later revision of the experiment dropped' }),
          }),
        )
        .max(SERVED_SHARE_MAX_POINTS)
        .meta({ description: 'Oldest bucket first; buckets without decisions are left out' }),
    })
    .meta({ description: "Served share over time: per time bucket, each arm's share of the logged decisions" }),
);

/** `GET /v1/experiments/{experimentId}/results` → 200. */
export const ExperimentResultsSchema = describing<ExperimentResults & { updatedAt: string | null; servedShare: ServedShare }>()(
  z
    .object({
      experimentId: z.string(),
      objective: ObjectiveSchema,
      policy: z.enum(['ab', 'bandit', 'contextual']),
      statsVersion: z.number().int(),
      modelVersion: z.number().int(),
      status: z.enum(['collecting', 'winner', 'no-detectable-difference']),
      winner: z.string().optional(),
      reason: z.string(),
      arms: z.array(ArmResultSchema),
      nonPersonalised: z.object({ decisions: z.number().int(), arms: z.array(ArmResultSchema) }),
      holdout: z.object({ decisions: z.number().int(), outcomes: z.number().int(), meanReward: z.number(), interval: Interval }).optional(),
      served: z.object({ decisions: z.number().int(), meanReward: z.number(), interval: Interval, liftVsHoldout: Lift.optional() }),
      sampleRatio: z.object({ chiSquare: z.number(), degreesOfFreedom: z.number().int(), pValue: z.number(), mismatch: z.boolean() }).optional(),
      notes: z.array(z.string()),
      updatedAt: z.string().nullable(),
      servedShare: ServedShareSchema,
    })
    .meta({ id: 'ExperimentResults' }),
);

/** `POST /v1/experiments/{experimentId}/evaluate` → 200: off-policy estimates of a candidate policy. */
export const EvaluationSchema = describing<Awaited<ReturnType<typeof evaluatePolicy>>>()(
  z
    .object({
      experimentId: z.string(),
      policy: CandidatePolicySchema,
      decisions: z.number().int(),
      bootstrapResamples: z
        .number()
        .int()
        .meta({ description: 'Bootstrap resamples behind the intervals: as requested, or fewer when decisions × resamples exceed the per-request work budget (a note then says so); 0 = analytic intervals' }),
      estimates: z.array(
        z.object({ estimator: z.enum(ESTIMATORS), value: z.number(), interval: Interval, intervalMethod: z.enum(['analytic', 'bootstrap']), effectiveSampleSize: z.number() }),
      ),
      loggedValue: z.number(),
      modelVersion: z.number().int().optional(),
      notes: z.array(z.string()),
      maxDecisions: z
        .number()
        .int()
        .meta({ description: 'The most recent decisions read: the request\'s maxDecisions, or fewer when they could not all be read and scored within the time limit (above about 115,000, or fewer for a frozen contextual candidate over many arms; a note then says so)' }),
      immatureDecisions: z.number().int().meta({ description: 'Logged decisions whose reward window has not closed yet' }),
    })
    .meta({ id: 'PolicyEvaluation' }),
);

/** `POST /v1/decisions/{decisionId}/outcomes` → 202. */
export const OutcomeReceiptSchema = describing<OutcomeReceipt>()(
  z.object({ decisionId: z.string(), outcomeId: z.string(), status: z.enum(['accepted', 'late', 'duplicate']) }).meta({ id: 'OutcomeReceipt' }),
);
