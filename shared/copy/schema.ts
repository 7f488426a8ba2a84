/**
 * The copy capability's contract: the job a marketing system submits, the state one variant carries
 * through the workflow, and the records the copy table keeps (with their audit trail). Types are
 * inferred from these schemas, so the API, the workflow steps and the store cannot drift apart.
 */
import { z } from 'zod';
import { TONES } from './tones';
import { boundedNumber } from '../validation/numbers';
import { controlCharacterPaths, isPrintableText, isWellFormed, malformedStringPaths } from '../validation/strings';
import { ExperimentConfigSchema } from '../decisions/schemas';
import { canonicalVariantId } from './variant-id';
import {
  BrandConstraintsSchema,
  ChannelSchema,
  CheckResultSchema,
  FindingSchema,
  IndustrySchema,
  LocaleSchema,
  LocaleTagSchema,
  type Locale,
} from '../compliance';

export { TONES };
export const ToneSchema = z.enum(TONES);
export type Tone = z.infer<typeof ToneSchema>;

/** Slug-like ids end up in variant ids and URLs. */
const slug = (what: string, max: number) =>
  z.string().regex(new RegExp(`^[a-z0-9][a-z0-9-]{0,${max - 1}}$`), `${what} must be 1-${max} lowercase letters, digits or dashes, starting with a letter or digit`);

const fact = z.string().trim().min(1).max(120);

export const ProductSchema = z.strictObject({
  name: z.string().trim().min(1).max(80),
  /**
   * Stock-keeping unit. The offline copy model reads test hooks from it (`offline:throttle`,
   * `offline:throttle-once`, `offline:unavailable`): see shared/copy/offline-model.ts.
   */
  sku: z.string().trim().min(1).max(64).optional(),
  brand: z.string().trim().min(1).max(60).optional(),
  category: z.string().trim().min(1).max(60).optional(),
  material: fact.optional(),
  /** What the product does for the buyer (its function). */
  benefits: z.array(fact).min(1).max(8),
  price: z.strictObject({ amount: boundedNumber('price.amount', { min: 1e-6, max: 1e9, minMagnitude: 1e-6, allowZero: false }), currency: z.string().regex(/^[A-Z]{3}$/, 'currency must be an ISO 4217 code such as CNY') }).optional(),
  /** Facts the copy must carry; models quote them, they do not invent claims of their own. */
  sellingPoints: z.array(fact).min(1).max(8),
});
export type Product = z.infer<typeof ProductSchema>;

export const AudienceSchema = z.strictObject({
  id: slug('audience id', 32),
  /** Who they are, in words the model can use: "都市年轻跑者", "new parents". */
  description: z.string().trim().min(1).max(200),
  tone: ToneSchema,
  /** A segment name from the profiles capability (GET /v1/profiles → segments), e.g. `cart-abandoner`. */
  profileSegment: slug('profile segment', 40).optional(),
});
export type Audience = z.infer<typeof AudienceSchema>;

const DisclaimerSchema = z.string().trim().min(1).max(200);

/** The compliance engine's brand constraints, with the disclaimer given once or per locale. */
export const CopyBrandSchema = z.strictObject({
  requiredDisclaimer: z.union([DisclaimerSchema, z.partialRecord(LocaleSchema, DisclaimerSchema)]).optional(),
  forbiddenTerms: BrandConstraintsSchema.shape.forbiddenTerms,
  maxLength: BrandConstraintsSchema.shape.maxLength,
  /**
   * Platform-tier terms the brand may use because they are literally true ("独家", "first-class"),
   * each with its evidence: every variant's check waives those findings and records the evidence.
   */
  allowedClaims: BrandConstraintsSchema.shape.allowedClaims,
});
export type CopyBrand = z.infer<typeof CopyBrandSchema>;

export const MAX_VARIANTS_PER_JOB = 60;

/**
 * A copy job may ask for an experiment over its variants (decisions capability): when the job
 * publishes, its accepted variants become the arms of experiment `copy-<jobId>`; variants approved
 * later join as arms. The arms come from the job, so these are the other experiment settings.
 */
export const CopyExperimentSettingsSchema = ExperimentConfigSchema.pick({
  name: true,
  objective: true,
  policy: true,
  holdoutFraction: true,
  rewardWindowSeconds: true,
  minExplorationProbability: true,
  testPlan: true,
});
export type CopyExperimentSettings = z.infer<typeof CopyExperimentSettingsSchema>;

const uniqueBy = <T>(items: readonly T[], key: (item: T) => string) => new Set(items.map(key)).size === items.length;

/** POST /v1/copy-jobs. `locale` is shorthand for a one-element `locales`. */
export const CopyJobRequestSchema = z
  .strictObject({
    /** Makes the POST idempotent: the same caller and token always name the same job. */
    clientToken: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'clientToken must be 8-64 letters, digits, "-" or "_"').optional(),
    product: ProductSchema,
    audiences: z
      .array(AudienceSchema)
      .min(1)
      .max(10)
      .refine((audiences) => uniqueBy(audiences, (audience) => audience.id), 'audience ids must be unique'),
    variantsPerAudience: z.number().int().min(1).max(5).default(2),
    /** BCP-47 tags (`en-US`, `zh-Hans-CN`, `zh-TW` ...), resolved to rule-pack locales as POST /v1/compliance/check does. */
    locale: LocaleTagSchema.optional(),
    locales: z
      .array(LocaleTagSchema)
      .min(1)
      .max(2)
      .refine((locales) => uniqueBy(locales, String), 'locales must resolve to different rule packs (en-US and en-GB are both served by en)')
      .optional(),
    channel: ChannelSchema,
    industry: IndustrySchema.default('general'),
    brand: CopyBrandSchema.optional(),
    /** Generate → check rounds per variant before it goes to human review. */
    maxAttempts: z.number().int().min(1).max(5).default(3),
    experiment: CopyExperimentSettingsSchema.optional(),
  })
  .superRefine((job, ctx) => {
    for (const path of malformedStringPaths(job)) ctx.addIssue({ code: 'custom', path, message: 'must not contain lone surrogates (not Unicode text)' });
    for (const path of controlCharacterPaths(job)) ctx.addIssue({ code: 'custom', path, message: 'must not contain a control character (NUL, an escape sequence…): the copy model would print it into the ad' });
    if ((job.locale === undefined) === (job.locales === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['locales'], message: 'give either "locale" or "locales" (BCP-47 tags served by the zh-CN or en pack, e.g. zh-CN, zh-TW, en-US)' });
      return;
    }
    const total = job.audiences.length * job.variantsPerAudience * (job.locales?.length ?? 1);
    if (total > MAX_VARIANTS_PER_JOB) {
      ctx.addIssue({ code: 'custom', path: ['variantsPerAudience'], message: `a job makes at most ${MAX_VARIANTS_PER_JOB} variants (audiences × variantsPerAudience × locales = ${total})` });
    }
  })
  .transform(({ locale, locales, clientToken, ...rest }) => ({ clientToken, spec: { ...rest, locales: locales ?? [locale!] } }));
export type CopyJobRequestInput = z.input<typeof CopyJobRequestSchema>;

/** What the workflow works from: the validated request without its idempotency token. */
export const CopyJobSpecSchema = z.strictObject({
  product: ProductSchema,
  audiences: z.array(AudienceSchema).min(1).max(10),
  variantsPerAudience: z.number().int().min(1).max(5),
  locales: z.array(LocaleSchema).min(1).max(2),
  channel: ChannelSchema,
  industry: IndustrySchema,
  brand: CopyBrandSchema.optional(),
  maxAttempts: z.number().int().min(1).max(5),
  experiment: CopyExperimentSettingsSchema.optional(),
});
export type CopyJobSpec = z.infer<typeof CopyJobSpecSchema>;

/** Job ids are minted lowercase; a UUID is case-insensitive, so one written in capitals names the same job. */
export const JobIdSchema = z.uuid().overwrite((id) => id.toLowerCase());

/** One cell of audiences × locales × variants: what one Map iteration produces. */
export const VariantItemSchema = z.strictObject({
  variantId: z.string().min(1).max(120),
  audienceId: z.string(),
  locale: LocaleSchema,
  variantIndex: z.number().int().nonnegative(),
});
export type VariantItem = z.infer<typeof VariantItemSchema>;

export const UsageSchema = z.object({ inputTokens: z.number().int().nonnegative(), outputTokens: z.number().int().nonnegative() });

/** What Generate leaves for Check: the model's output and its lineage. */
export const DraftSchema = z.object({
  text: z.string(),
  modelId: z.string().min(1),
  promptHash: z.string().regex(/^[0-9a-f]{64}$/),
  usage: UsageSchema.optional(),
  /** The model's stop reason, when it gives one (`end_turn`, `max_tokens`, `guardrail_intervened`…). */
  stopReason: z.string().optional(),
  /** A Bedrock Guardrail replaced the output: the text is the guardrail's message, not copy. */
  blocked: z.boolean().optional(),
  generatedAt: z.iso.datetime(),
});
export type Draft = z.infer<typeof DraftSchema>;

export const VerdictSchema = z.enum(['pass', 'warn', 'fail']);
export type Verdict = z.infer<typeof VerdictSchema>;

/** One generate → check round, kept for the audit trail. */
export const AttemptSchema = DraftSchema.extend({
  attempt: z.number().int().positive(),
  verdict: VerdictSchema,
  findings: z.array(FindingSchema),
  /** Findings the brand's `allowedClaims` waived, each with the evidence a reviewer can check. */
  waived: CheckResultSchema.shape.waived.optional(),
  rulePackVersion: z.string(),
  checkedAt: z.iso.datetime(),
});
export type Attempt = z.infer<typeof AttemptSchema>;

export const OutcomeSchema = z.enum(['accepted', 'pending-review']);
export type Outcome = z.infer<typeof OutcomeSchema>;

/** The state one Map iteration carries from step to step (small: one variant's history). */
export const IterationStateSchema = z.object({
  jobId: JobIdSchema,
  job: CopyJobSpecSchema,
  item: VariantItemSchema,
  /** Generate rounds so far; the Choice compares it with `job.maxAttempts`. */
  attempt: z.number().int().nonnegative().default(0),
  attempts: z.array(AttemptSchema).default([]),
  draft: DraftSchema.optional(),
  verdict: VerdictSchema.optional(),
  outcome: OutcomeSchema.optional(),
});
export type IterationState = z.infer<typeof IterationStateSchema>;
export type IterationStateInput = z.input<typeof IterationStateSchema>;

export const JobStatusSchema = z.enum(['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED']);
export type JobStatus = z.infer<typeof JobStatusSchema>;

export const VariantStatusSchema = z.enum(['draft', 'accepted', 'pending-review', 'approved', 'rejected', 'discarded']);
export type VariantStatus = z.infer<typeof VariantStatusSchema>;

export const ReviewRecordSchema = z.object({
  decision: z.enum(['approved', 'rejected']),
  /** The token subject of the reviewer (a Cognito app client or user). */
  reviewer: z.string(),
  decidedAt: z.iso.datetime(),
  note: z.string().optional(),
});
export type ReviewRecord = z.infer<typeof ReviewRecordSchema>;

export const JobFailureSchema = z.object({ error: z.string(), reason: z.string() });
export type JobFailure = z.infer<typeof JobFailureSchema>;

export const JobRecordSchema = z.object({
  jobId: JobIdSchema,
  status: JobStatusSchema,
  spec: CopyJobSpecSchema,
  createdBy: z.string(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  /** SHA-256 of the spec: a reused clientToken with another request is a conflict. */
  requestHash: z.string(),
  variantCount: z.number().int().positive(),
  startedAt: z.iso.datetime().optional(),
  completedAt: z.iso.datetime().optional(),
  failure: JobFailureSchema.optional(),
});
export type JobRecord = z.infer<typeof JobRecordSchema>;

/** A variant with everything an auditor asks for: prompt hash, model, rule packs, every verdict, the review. */
export const VariantRecordSchema = z.object({
  variantId: z.string(),
  jobId: JobIdSchema,
  audienceId: z.string(),
  locale: LocaleSchema,
  variantIndex: z.number().int().nonnegative(),
  channel: ChannelSchema,
  industry: IndustrySchema,
  status: VariantStatusSchema,
  outcome: OutcomeSchema,
  /** The final attempt's text, verdict and lineage. */
  text: z.string(),
  verdict: VerdictSchema,
  findings: z.array(FindingSchema),
  modelId: z.string(),
  promptHash: z.string(),
  rulePackVersion: z.string(),
  attempts: z.array(AttemptSchema).min(1),
  createdAt: z.iso.datetime(),
  publishedAt: z.iso.datetime().optional(),
  review: ReviewRecordSchema.optional(),
});
export type VariantRecord = z.infer<typeof VariantRecordSchema>;

/** POST /v1/reviews/{variantId} */
export const ReviewDecisionRequestSchema = z
  .strictObject({
    decision: z.enum(['approve', 'reject']),
    note: z
      .string()
      .trim()
      .min(1)
      .max(1000)
      .refine(isWellFormed, 'must not contain lone surrogates (not Unicode text)')
      .refine(isPrintableText, 'must not contain a control character other than tab and line breaks')
      .optional(),
  })
  .refine((body) => body.decision === 'approve' || body.note !== undefined, { path: ['note'], message: 'a rejection needs a note saying why' });
export type ReviewDecisionRequest = z.infer<typeof ReviewDecisionRequestSchema>;

export const ReviewListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(2048).optional(),
});

export const JobPathSchema = z.object({ jobId: JobIdSchema });
/** A variant id opens with its job's UUID (`<jobId>.<audienceId>.<locale>.<n>`): that part is canonicalised like a job id; the rest is kept as written. */
export const VariantPathSchema = z.object({
  variantId: z
    .string()
    .min(1)
    .max(200)
    .overwrite(canonicalVariantId),
});

/** The disclaimer a variant in `locale` must carry, if any. */
export function disclaimerFor(brand: CopyBrand | undefined, locale: Locale): string | undefined {
  const disclaimer = brand?.requiredDisclaimer;
  return typeof disclaimer === 'string' ? disclaimer : disclaimer?.[locale];
}
