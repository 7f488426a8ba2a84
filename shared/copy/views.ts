/** What the API returns for jobs, variants and review items: records minus storage details. */
import type { JobRecord, VariantRecord } from './schema';

export interface VariantView {
  variantId: string;
  audienceId: string;
  locale: string;
  variantIndex: number;
  status: VariantRecord['status'];
  text: string;
  verdict: VariantRecord['verdict'];
  findings: VariantRecord['findings'];
  /** Attempts it took; more than one means the copy was regenerated with feedback. */
  attemptCount: number;
  regenerated: boolean;
  audit: {
    modelId: string;
    promptHash: string;
    rulePackVersion: string;
    attempts: VariantRecord['attempts'];
    review?: VariantRecord['review'];
  };
}

export interface JobView {
  jobId: string;
  status: JobRecord['status'];
  createdAt: string;
  createdBy: string;
  startedAt?: string;
  completedAt?: string;
  failure?: JobRecord['failure'];
  request: JobRecord['spec'];
  summary: {
    variants: number;
    /** Published variants by status, plus how many of them needed more than one attempt. */
    accepted: number;
    pendingReview: number;
    approved: number;
    rejected: number;
    discarded: number;
    regenerated: number;
  };
  variants: VariantView[];
}

export function variantView(variant: VariantRecord): VariantView {
  return {
    variantId: variant.variantId,
    audienceId: variant.audienceId,
    locale: variant.locale,
    variantIndex: variant.variantIndex,
    status: variant.status,
    text: variant.text,
    verdict: variant.verdict,
    findings: variant.findings,
    attemptCount: variant.attempts.length,
    regenerated: variant.attempts.length > 1,
    audit: {
      modelId: variant.modelId,
      promptHash: variant.promptHash,
      rulePackVersion: variant.rulePackVersion,
      attempts: variant.attempts,
      ...(variant.review ? { review: variant.review } : {}),
    },
  };
}

/** Drafts of a running job stay out of the view until the job publishes them all. */
export function jobView(job: JobRecord, variants: readonly VariantRecord[]): JobView {
  const visible = variants.filter((variant) => variant.status !== 'draft');
  const count = (status: VariantRecord['status']) => visible.filter((variant) => variant.status === status).length;
  return {
    jobId: job.jobId,
    status: job.status,
    createdAt: job.createdAt,
    createdBy: job.createdBy,
    ...(job.startedAt ? { startedAt: job.startedAt } : {}),
    ...(job.completedAt ? { completedAt: job.completedAt } : {}),
    ...(job.failure ? { failure: job.failure } : {}),
    request: job.spec,
    summary: {
      variants: job.variantCount,
      accepted: count('accepted'),
      pendingReview: count('pending-review'),
      approved: count('approved'),
      rejected: count('rejected'),
      discarded: count('discarded'),
      regenerated: visible.filter((variant) => variant.attempts.length > 1).length,
    },
    variants: visible.map(variantView),
  };
}

export interface ReviewItemView extends VariantView {
  jobId: string;
  channel: VariantRecord['channel'];
  industry: VariantRecord['industry'];
  queuedAt?: string;
}

export function reviewItemView(variant: VariantRecord): ReviewItemView {
  return { ...variantView(variant), jobId: variant.jobId, channel: variant.channel, industry: variant.industry, ...(variant.publishedAt ? { queuedAt: variant.publishedAt } : {}) };
}
