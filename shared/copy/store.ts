/**
 * Ports of the copy capability: where jobs and variants are kept, and how a job's workflow is
 * started and observed. Adapters: shared/aws/copy-store.ts (DynamoDB) and
 * shared/aws/copy-workflow.ts (Step Functions); tests use in-memory fakes.
 */
import type { JobFailure, JobRecord, Outcome, ReviewRecord, VariantRecord } from './schema';

export interface PublishedCounts {
  accepted: number;
  pendingReview: number;
}

export interface CopyStore {
  /** Creates the job unless one with its id exists; then returns the existing one. */
  createJob(job: JobRecord): Promise<{ created: true } | { created: false; existing: JobRecord }>;
  getJob(jobId: string): Promise<JobRecord | undefined>;
  /** The job with every variant, in variant-id order (drafts and discarded ones included). */
  getJobWithVariants(jobId: string): Promise<{ job: JobRecord; variants: VariantRecord[] } | undefined>;
  /** QUEUED → RUNNING (a retried step finds it RUNNING already); false if the job is finished or unknown. */
  markJobRunning(jobId: string, at: string): Promise<boolean>;
  /** Stages a variant as a draft; a retry overwrites its own draft, never a published variant. */
  saveDraftVariant(variant: VariantRecord): Promise<void>;
  /**
   * Makes the job's drafts visible with their outcomes (pending-review ones enter the review queue)
   * and marks the job SUCCEEDED. Idempotent: variants already published are left alone.
   */
  publishJob(jobId: string, outcomes: readonly { variantId: string; outcome: Outcome }[], at: string): Promise<PublishedCounts>;
  /** Marks the job FAILED with the reason and discards its variants (they leave the review queue). No-op for unknown jobs. */
  failJob(jobId: string, failure: JobFailure, at: string): Promise<void>;
  getVariant(variantId: string): Promise<VariantRecord | undefined>;
  /** Oldest first. `cursor` is opaque; an invalid one throws InvalidCursorError. */
  listPendingReviews(limit: number, cursor?: string): Promise<{ items: VariantRecord[]; nextCursor?: string }>;
  /** pending-review → approved/rejected; `not-pending` carries the current record. */
  decideReview(variantId: string, review: ReviewRecord): Promise<{ result: 'decided'; variant: VariantRecord } | { result: 'not-found' } | { result: 'not-pending'; variant: VariantRecord }>;
}

export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
}

export type ExecutionState =
  | { status: 'RUNNING' | 'SUCCEEDED' }
  | { status: 'FAILED' | 'TIMED_OUT' | 'ABORTED'; error?: string; cause?: string }
  | { status: 'NOT_FOUND' };

export interface CopyWorkflow {
  /** Starts the job's execution, named after the job: starting it twice is harmless. */
  start(jobId: string): Promise<void>;
  describe(jobId: string): Promise<ExecutionState>;
}
