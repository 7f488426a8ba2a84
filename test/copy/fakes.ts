import type { JobFailure, JobRecord, Outcome, ReviewRecord, VariantRecord } from '../../shared/copy/schema';
import { InvalidCursorError, type CopyStore, type CopyWorkflow, type ExecutionState } from '../../shared/copy/store';

/** The copy store's contract in memory, for use-case tests. */
export class MemoryCopyStore implements CopyStore {
  readonly jobs = new Map<string, JobRecord>();
  readonly variants = new Map<string, VariantRecord>();

  async createJob(job: JobRecord) {
    const existing = this.jobs.get(job.jobId);
    if (existing) return { created: false as const, existing };
    this.jobs.set(job.jobId, structuredClone(job));
    return { created: true as const };
  }
  async getJob(jobId: string) {
    return this.jobs.get(jobId);
  }
  async getJobWithVariants(jobId: string) {
    const job = this.jobs.get(jobId);
    if (!job) return undefined;
    return { job, variants: [...this.variants.values()].filter((variant) => variant.jobId === jobId).sort((a, b) => a.variantId.localeCompare(b.variantId)) };
  }
  async markJobRunning(jobId: string, at: string) {
    const job = this.jobs.get(jobId);
    if (!job || (job.status !== 'QUEUED' && job.status !== 'RUNNING')) return false;
    Object.assign(job, { status: 'RUNNING', startedAt: job.startedAt ?? at, updatedAt: at });
    return true;
  }
  async saveDraftVariant(variant: VariantRecord) {
    const current = this.variants.get(variant.variantId);
    if (!current || current.status === 'draft') this.variants.set(variant.variantId, { ...structuredClone(variant), status: 'draft' });
  }
  async publishJob(jobId: string, outcomes: readonly { variantId: string; outcome: Outcome }[], at: string) {
    for (const { variantId, outcome } of outcomes) {
      const variant = this.variants.get(variantId);
      if (!variant) throw new Error(`variant ${variantId} was never persisted`);
      if (variant.status === 'draft') Object.assign(variant, { status: outcome, publishedAt: at });
    }
    Object.assign(this.jobs.get(jobId)!, { status: 'SUCCEEDED', completedAt: at });
    return { accepted: outcomes.filter((o) => o.outcome === 'accepted').length, pendingReview: outcomes.filter((o) => o.outcome === 'pending-review').length };
  }
  async failJob(jobId: string, failure: JobFailure, at: string) {
    const job = this.jobs.get(jobId);
    if (!job || job.status === 'SUCCEEDED') return;
    Object.assign(job, { status: 'FAILED', failure: job.failure ?? failure, completedAt: job.completedAt ?? at });
    for (const variant of this.variants.values()) if (variant.jobId === jobId) variant.status = 'discarded';
  }
  async getVariant(variantId: string) {
    return this.variants.get(variantId);
  }
  async listPendingReviews(limit: number, cursor?: string) {
    const pending = [...this.variants.values()].filter((variant) => variant.status === 'pending-review').sort((a, b) => `${a.publishedAt}${a.variantId}`.localeCompare(`${b.publishedAt}${b.variantId}`));
    const offset = cursor === undefined ? 0 : Number(cursor);
    if (!Number.isInteger(offset)) throw new InvalidCursorError('bad cursor');
    const items = pending.slice(offset, offset + limit);
    return { items, ...(offset + limit < pending.length ? { nextCursor: String(offset + limit) } : {}) };
  }
  async decideReview(variantId: string, review: ReviewRecord) {
    const variant = this.variants.get(variantId);
    if (!variant) return { result: 'not-found' as const };
    if (variant.status !== 'pending-review') return { result: 'not-pending' as const, variant };
    Object.assign(variant, { status: review.decision, review });
    return { result: 'decided' as const, variant };
  }
}

export class FakeWorkflow implements CopyWorkflow {
  readonly started: string[] = [];
  execution: ExecutionState = { status: 'RUNNING' };
  failStart?: Error;
  async start(jobId: string) {
    if (this.failStart) throw this.failStart;
    this.started.push(jobId);
  }
  async describe() {
    return this.execution;
  }
}
