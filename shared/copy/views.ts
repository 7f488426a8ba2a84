/** What the API returns for jobs, variants and review items: records minus storage details. */
import { findingsFor } from '../compliance/localise';
import { resolveLocale } from '../compliance/locales';
import type { Industry, Locale } from '../compliance/schema';
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

/**
 * A variant's findings, and its attempts', worded for a reader of `reader` where that language's
 * pack has the rule (shared/compliance/localise.ts); as stored without a reader.
 */
export function variantFor<V extends VariantView>(reader: Locale | undefined, industry: Industry, view: V): V {
  const copy = resolveLocale(view.locale);
  // A reader of the copy's own language reads the findings as they were made (and audited).
  if (!reader || (copy.ok && copy.locale === reader)) return view;
  return {
    ...view,
    findings: [...findingsFor(reader, industry, view.findings)],
    audit: { ...view.audit, attempts: view.audit.attempts.map((attempt) => ({ ...attempt, findings: [...findingsFor(reader, industry, attempt.findings)] })) },
  };
}

/** A job's variants with their findings worded for `reader` (see variantFor); as stored without a reader. */
export function jobFor(reader: Locale | undefined, view: JobView): JobView {
  return reader ? { ...view, variants: view.variants.map((variant) => variantFor(reader, view.request.industry, variant)) } : view;
}

export function reviewItemView(variant: VariantRecord): ReviewItemView {
  return { ...variantView(variant), jobId: variant.jobId, channel: variant.channel, industry: variant.industry, ...(variant.publishedAt ? { queuedAt: variant.publishedAt } : {}) };
}
