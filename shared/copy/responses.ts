import { z } from 'zod';
import type { Preflight } from '../compliance/preflight';
import { FindingSchema } from '../compliance/schema';
import type { CopyExperimentView } from '../decisions-service/copy-experiments';
import { describing } from '../http/response-schema';
import { AttemptSchema, JobFailureSchema, JobRecordSchema, JobStatusSchema, ReviewRecordSchema, VariantRecordSchema, VariantStatusSchema, VerdictSchema } from './schema';
import type { JobView, ReviewItemView, VariantView } from './views';

/** A variant as the API shows it: text, verdict, findings on their spans and the audit trail. */
export const VariantViewSchema = describing<VariantView>()(
  z
    .object({
      variantId: z.string(),
      audienceId: z.string(),
      locale: z.string(),
      variantIndex: z.number().int().nonnegative(),
      status: VariantStatusSchema,
      text: z.string(),
      verdict: VerdictSchema,
      findings: z.array(FindingSchema),
      attemptCount: z.number().int().positive(),
      regenerated: z.boolean(),
      audit: z.object({ modelId: z.string(), promptHash: z.string(), rulePackVersion: z.string(), attempts: z.array(AttemptSchema), review: ReviewRecordSchema.optional() }),
    })
    .meta({ id: 'Variant' }),
);

const PreflightSchema = describing<Preflight>()(
  z.object({
    verdict: VerdictSchema,
    items: z.array(
      z.object({
        field: z.string(),
        text: z.string(),
        locale: z.string(),
        verdict: z.enum(['warn', 'fail']),
        findings: z.array(FindingSchema.pick({ ruleId: true, severity: true, start: true, end: true, match: true, message: true, suggestion: true, lawRef: true })),
        rewrite: z.string().optional(),
      }),
    ),
  }),
);

const CopyExperimentViewSchema = describing<CopyExperimentView>()(
  z.object({
    experimentId: z.string(),
    status: z.enum(['waiting', 'collecting', 'winner', 'no-detectable-difference', 'refused']),
    reason: z.string(),
    winner: z.object({ variantId: z.string(), armId: z.string() }).optional(),
    variants: z.array(
      z.object({
        variantId: z.string(),
        armId: z.string(),
        decisions: z.number().int(),
        outcomes: z.number().int(),
        meanReward: z.number(),
        interval: z.object({ lower: z.number(), upper: z.number() }),
        probabilityBest: z.number(),
      }),
    ),
  }),
);

/** `GET /v1/copy-jobs/{jobId}` → 200: status, variants with verdicts and attempts, and a running experiment's results. */
export const JobViewSchema = describing<JobView & { experiment?: CopyExperimentView }>()(
  z
    .object({
      jobId: z.string(),
      status: JobStatusSchema,
      createdAt: z.string(),
      createdBy: z.string(),
      startedAt: z.string().optional(),
      completedAt: z.string().optional(),
      failure: JobFailureSchema.optional(),
      request: JobRecordSchema.shape.spec,
      summary: z.object({
        variants: z.number().int(),
        accepted: z.number().int(),
        pendingReview: z.number().int(),
        approved: z.number().int(),
        rejected: z.number().int(),
        discarded: z.number().int(),
        regenerated: z.number().int(),
      }),
      variants: z.array(VariantViewSchema),
      experiment: CopyExperimentViewSchema.optional(),
    })
    .meta({ id: 'CopyJob' }),
);

/** `POST /v1/copy-jobs` → 202 (or 200 for a resent clientToken): the job and the pre-flight of its brief. */
export const SubmittedJobSchema = describing<JobView & { preflight: Preflight }>()(JobViewSchema.extend({ preflight: PreflightSchema }).meta({ id: 'SubmittedCopyJob' }));

const ReviewItemSchema = describing<ReviewItemView>()(
  VariantViewSchema.extend({
    jobId: z.string(),
    channel: VariantRecordSchema.shape.channel,
    industry: VariantRecordSchema.shape.industry,
    queuedAt: z.string().optional(),
  }).meta({ id: 'ReviewItem' }),
);

/** `GET /v1/reviews` → 200: a page of variants waiting for a human, oldest first. */
export const ReviewPageSchema = describing<{ items: ReviewItemView[]; nextCursor?: string }>()(z.object({ items: z.array(ReviewItemSchema), nextCursor: z.string().optional() }).meta({ id: 'ReviewPage' }));
