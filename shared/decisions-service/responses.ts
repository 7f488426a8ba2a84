import { z } from 'zod';
import { CandidatePolicySchema, ESTIMATORS, ExperimentSchema, ObjectiveSchema } from '../decisions/schemas';
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

/** `GET /v1/experiments/{experimentId}/results` → 200. */
export const ExperimentResultsSchema = describing<ExperimentResults & { updatedAt: string | null }>()(
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
      estimates: z.array(
        z.object({ estimator: z.enum(ESTIMATORS), value: z.number(), interval: Interval, intervalMethod: z.enum(['analytic', 'bootstrap']), effectiveSampleSize: z.number() }),
      ),
      loggedValue: z.number(),
      modelVersion: z.number().int().optional(),
      notes: z.array(z.string()),
      immatureDecisions: z.number().int().meta({ description: 'Logged decisions whose reward window has not closed yet' }),
    })
    .meta({ id: 'PolicyEvaluation' }),
);

/** `POST /v1/decisions/{decisionId}/outcomes` → 202. */
export const OutcomeReceiptSchema = describing<OutcomeReceipt>()(
  z.object({ decisionId: z.string(), outcomeId: z.string(), status: z.enum(['accepted', 'late', 'duplicate']) }).meta({ id: 'OutcomeReceipt' }),
);
