/**
 * Copy-job use cases: submitting a job (API), the workflow's bookkeeping steps (validate, persist,
 * publish, mark failed) and reading a job back with its variants and audit trail.
 */
import { createHash, randomUUID } from 'node:crypto';
import { type BriefFact, type Preflight, preflightBrief } from '../compliance';
import { conflict, notFound, serviceUnavailable } from '../http/errors';
import { isRetryable } from '../http/retryable';
import { MODEL_ERROR_NAMES } from './model';
import { CopyJobSpecSchema, type CopyJobSpec, type IterationState, type JobFailure, type JobRecord, type Outcome, type VariantItem } from './schema';
import type { CopyStore, CopyWorkflow } from './store';
import { jobView, type JobView } from './views';
import { planVariants, specHash, toVariantRecord } from './workflow';

export interface JobDeps {
  store: CopyStore;
  workflow: CopyWorkflow;
  now: () => Date;
}

/** The job id for a caller's clientToken: a name-based UUID, so a retried POST names the same job. */
export function jobIdForToken(caller: string, clientToken: string): string {
  const hex = createHash('sha256').update(`copy-job\n${caller}\n${clientToken}`, 'utf8').digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The brief's facts that models quote: product name, material, benefits and selling points. */
export function briefFacts(spec: CopyJobSpec): BriefFact[] {
  const p = spec.product;
  return [
    { field: 'product.name', text: p.name },
    ...(p.material ? [{ field: 'product.material', text: p.material }] : []),
    ...p.benefits.map((text, i) => ({ field: `product.benefits[${i}]`, text })),
    ...p.sellingPoints.map((text, i) => ({ field: `product.sellingPoints[${i}]`, text })),
  ];
}

/** Pre-flight: which facts of the brief are themselves banned claims (see shared/compliance/preflight.ts). */
export function preflightJob(spec: CopyJobSpec): Preflight {
  return preflightBrief(briefFacts(spec), { industry: spec.industry, ...(spec.brand?.allowedClaims ? { brand: { allowedClaims: spec.brand.allowedClaims } } : {}) });
}

/**
 * POST /v1/copy-jobs: 0. pre-flight the brief (reported, never blocking) 1. name the job (from the clientToken, or a fresh UUID) 2. store it QUEUED
 * 3. start its execution, named after the job 4. answer 202 at once. A repeated clientToken with the
 * same request returns the same job (and re-starts it only if it never started); with another
 * request it is a conflict.
 */
export async function submitCopyJob(deps: JobDeps, request: { clientToken?: string; spec: CopyJobSpec }, caller: string): Promise<{ statusCode: 200 | 202; body: JobView & { preflight: Preflight } }> {
  const preflight = preflightJob(request.spec);
  const jobId = request.clientToken ? jobIdForToken(caller, request.clientToken) : randomUUID();
  const at = deps.now().toISOString();
  const job: JobRecord = {
    jobId,
    status: 'QUEUED',
    spec: request.spec,
    createdBy: caller,
    createdAt: at,
    updatedAt: at,
    requestHash: specHash(request.spec),
    variantCount: planVariants(jobId, request.spec).length,
  };
  const created = await deps.store.createJob(job);
  if (!created.created) {
    if (created.existing.requestHash !== job.requestHash) throw conflict('this clientToken was already used for a different copy job', { jobId });
    if (created.existing.status !== 'QUEUED') return { statusCode: 200, body: { ...jobView(created.existing, []), preflight } };
  }
  try {
    await deps.workflow.start(jobId);
  } catch (error) {
    await deps.store.failJob(jobId, { error: 'StartExecutionFailed', reason: `the workflow could not be started: ${(error as Error).message}` }, deps.now().toISOString());
    if (!isRetryable(error)) throw error;
    throw serviceUnavailable('the copy workflow could not be started; submit the job again (with a new clientToken if you sent one)', { jobId });
  }
  return { statusCode: created.created ? 202 : 200, body: { ...jobView(created.created ? job : created.existing, []), preflight } };
}

/** How long a QUEUED job may lack an execution before a read declares it failed. */
const START_GRACE_MS = 60_000;

/**
 * GET /v1/copy-jobs/{id}. A job still QUEUED or RUNNING is checked against its execution, so a job
 * whose execution died outside the workflow's own Catch (timeout, abort) is reported, and recorded,
 * as FAILED instead of running forever.
 */
export async function readCopyJob(deps: JobDeps, jobId: string): Promise<JobView> {
  let found = await deps.store.getJobWithVariants(jobId);
  if (!found) throw notFound(`no copy job ${jobId}`);
  if (found.job.status === 'QUEUED' || found.job.status === 'RUNNING') {
    const execution = await deps.workflow.describe(jobId);
    const age = deps.now().getTime() - Date.parse(found.job.createdAt);
    let failure: JobFailure | undefined;
    if (execution.status === 'FAILED' || execution.status === 'TIMED_OUT' || execution.status === 'ABORTED') {
      failure = describeFailure(execution.error ?? `Execution${execution.status}`, execution.cause);
    } else if (execution.status === 'NOT_FOUND' && found.job.status === 'QUEUED' && age > START_GRACE_MS) {
      failure = { error: 'ExecutionNotStarted', reason: 'the workflow never started for this job; submit it again with a new clientToken' };
    }
    if (failure) {
      await deps.store.failJob(jobId, failure, deps.now().toISOString());
      found = (await deps.store.getJobWithVariants(jobId)) ?? found;
    }
  }
  return jobView(found.job, found.variants);
}

export class InvalidCopyJobError extends Error {
  override readonly name = 'InvalidCopyJobError';
}

/** ValidateJob: loads and re-validates the stored job, marks it RUNNING and plans its variants. */
export async function prepareJob(store: CopyStore, jobId: string, now: () => Date): Promise<{ jobId: string; job: CopyJobSpec; items: VariantItem[] }> {
  const job = await store.getJob(jobId);
  if (!job) throw new InvalidCopyJobError(`no copy job ${jobId} in the copy table`);
  const spec = CopyJobSpecSchema.safeParse(job.spec);
  if (!spec.success) throw new InvalidCopyJobError(`stored job is invalid: ${spec.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  if (!(await store.markJobRunning(jobId, now().toISOString()))) throw new InvalidCopyJobError(`job ${jobId} is already ${job.status}`);
  return { jobId, job: spec.data, items: planVariants(jobId, spec.data) };
}

/** PersistVariant: stages the variant with its whole history; returns only what PublishJob needs. */
export async function persistVariant(store: CopyStore, state: IterationState, now: () => Date): Promise<{ variantId: string; outcome: Outcome; attempts: number }> {
  const record = toVariantRecord(state, now);
  await store.saveDraftVariant(record);
  return { variantId: record.variantId, outcome: record.outcome, attempts: record.attempts.length };
}

/** PublishJob: every variant becomes visible at once and the job SUCCEEDED. */
export async function publishJob(store: CopyStore, jobId: string, variants: readonly { variantId: string; outcome: Outcome; attempts: number }[], now: () => Date) {
  const counts = await store.publishJob(jobId, variants, now().toISOString());
  return { jobId, status: 'SUCCEEDED' as const, variants: variants.length, ...counts, regenerated: variants.filter((variant) => variant.attempts > 1).length };
}

/** MarkJobFailed: records why the job failed, in words, and withdraws its variants. */
export async function markJobFailed(store: CopyStore, input: { jobId: string; error: string; cause?: string }, now: () => Date) {
  const failure = describeFailure(input.error, input.cause);
  await store.failJob(input.jobId, failure, now().toISOString());
  return { jobId: input.jobId, status: 'FAILED' as const, failure };
}

const EXPLANATIONS: Record<string, string> = {
  [MODEL_ERROR_NAMES.throttled]: 'the copy model kept throttling requests after every retry',
  [MODEL_ERROR_NAMES.unavailable]: 'the copy model was unavailable after retries',
  [MODEL_ERROR_NAMES.invocation]: 'the copy model rejected the request',
  InvalidCopyJobError: 'the job could not be validated',
  'States.Timeout': 'the workflow timed out',
  'States.TaskFailed': 'a workflow step failed',
  ExecutionTIMED_OUT: 'the workflow timed out',
  ExecutionABORTED: 'the workflow was stopped',
};

/**
 * A failure as a person reads it: the error name, and a reason from the explanation table plus the
 * error's own message (taken from the Lambda error JSON in the cause; stack traces are dropped).
 */
export function describeFailure(error: string, cause: string | undefined): JobFailure {
  let message = cause?.trim() ?? '';
  try {
    const parsed = JSON.parse(message) as { errorMessage?: unknown };
    if (typeof parsed?.errorMessage === 'string') message = parsed.errorMessage;
  } catch {
    // a plain-text cause
  }
  message = message.slice(0, 500);
  const explanation = EXPLANATIONS[error] ?? `the workflow failed with ${error}`;
  return { error, reason: message ? `${explanation}: ${message}` : explanation };
}
