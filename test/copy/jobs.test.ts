import { HttpError } from '../../shared/http/errors';
import { describeFailure, jobIdForToken, markJobFailed, persistVariant, prepareJob, publishJob, readCopyJob, submitCopyJob } from '../../shared/copy/jobs';
import { decideReview, listReviews } from '../../shared/copy/reviews';
import { JobIdSchema, type IterationState } from '../../shared/copy/schema';
import { FakeWorkflow, MemoryCopyStore } from './fakes';
import { iteration, spec } from './fixtures';

let clock = Date.parse('2026-11-27T10:00:00.000Z');
const now = () => new Date(clock);
let store: MemoryCopyStore;
let workflow: FakeWorkflow;
const deps = () => ({ store, workflow, now });

beforeEach(() => {
  store = new MemoryCopyStore();
  workflow = new FakeWorkflow();
});

const settled = (state: IterationState, outcome: 'accepted' | 'pending-review'): IterationState => ({
  ...state,
  attempt: 1,
  outcome,
  attempts: [{ attempt: 1, text: '山行保温杯，12小时保温。', modelId: 'offline-template-v1', promptHash: 'a'.repeat(64), generatedAt: now().toISOString(), verdict: outcome === 'accepted' ? 'pass' : 'fail', findings: [], rulePackVersion: 'zh-CN/general@2026.11.1', checkedAt: now().toISOString() }],
});

describe('submitting a job', () => {
  it('stores it QUEUED, starts the workflow named after the job and answers 202 at once', async () => {
    const response = await submitCopyJob(deps(), { spec: spec() }, 'client-a');
    expect(response.statusCode).toBe(202);
    expect(response.body).toMatchObject({ status: 'QUEUED', createdBy: 'client-a', summary: { variants: 4 } });
    expect(workflow.started).toEqual([response.body.jobId]);
    expect(store.jobs.get(response.body.jobId)?.status).toBe('QUEUED');
  });

  it('makes a clientToken idempotent per caller, and refuses it for a different request', async () => {
    const first = await submitCopyJob(deps(), { clientToken: 'campaign-42', spec: spec() }, 'client-a');
    expect(JobIdSchema.safeParse(first.body.jobId).success).toBe(true);
    expect(first.body.jobId).toBe(jobIdForToken('client-a', 'campaign-42'));
    const again = await submitCopyJob(deps(), { clientToken: 'campaign-42', spec: spec() }, 'client-a');
    expect(again).toMatchObject({ statusCode: 200, body: { jobId: first.body.jobId } });
    expect(jobIdForToken('client-b', 'campaign-42')).not.toBe(first.body.jobId);
    await expect(submitCopyJob(deps(), { clientToken: 'campaign-42', spec: spec({ maxAttempts: 1 }) }, 'client-a')).rejects.toMatchObject({ statusCode: 409 });
  });

  it('marks the job FAILED and answers 503 when the workflow cannot start for now (throttled)', async () => {
    workflow.failStart = Object.assign(new Error('throttled by Step Functions'), { name: 'ThrottlingException' });
    const error = (await submitCopyJob(deps(), { spec: spec() }, 'client-a').catch((thrown: unknown) => thrown)) as HttpError;
    expect(error.statusCode).toBe(503);
    const [job] = store.jobs.values();
    expect(job).toMatchObject({ status: 'FAILED', failure: { error: 'StartExecutionFailed', reason: expect.stringContaining('throttled by Step Functions') } });
  });

  it('does not promise that a resend helps when the workflow refuses the start for good', async () => {
    workflow.failStart = Object.assign(new Error('not authorized to perform states:StartExecution'), { name: 'AccessDeniedException' });
    const error = await submitCopyJob(deps(), { spec: spec() }, 'client-a').catch((thrown: unknown) => thrown);
    expect(error).not.toBeInstanceOf(HttpError);
    expect([...store.jobs.values()][0]).toMatchObject({ status: 'FAILED' });
  });
});

describe('the workflow bookkeeping', () => {
  it('validates and plans the job, then publishes every staged variant at once', async () => {
    const { body } = await submitCopyJob(deps(), { spec: spec() }, 'client-a');
    const prepared = await prepareJob(store, body.jobId, now);
    expect(prepared.items).toHaveLength(4);
    expect(store.jobs.get(body.jobId)?.status).toBe('RUNNING');

    const results = [];
    for (const [index, item] of prepared.items.entries()) {
      const state = { ...iteration(prepared.job, index), jobId: body.jobId, item };
      results.push(await persistVariant(store, settled(state, index === 3 ? 'pending-review' : 'accepted'), now));
    }
    // Staged variants stay invisible until the job publishes.
    expect((await readCopyJob(deps(), body.jobId)).variants).toEqual([]);
    expect(await publishJob(store, body.jobId, results, now)).toMatchObject({ status: 'SUCCEEDED', accepted: 3, pendingReview: 1 });

    const job = await readCopyJob(deps(), body.jobId);
    expect(job).toMatchObject({ status: 'SUCCEEDED', summary: { variants: 4, accepted: 3, pendingReview: 1 } });
    expect(job.variants[0]!.audit).toMatchObject({ modelId: 'offline-template-v1', promptHash: 'a'.repeat(64), rulePackVersion: 'zh-CN/general@2026.11.1' });
  });

  it('refuses to run a job twice or one that is not in the table', async () => {
    const { body } = await submitCopyJob(deps(), { spec: spec() }, 'client-a');
    await markJobFailed(store, { jobId: body.jobId, error: 'ModelThrottledError', cause: '{"errorType":"ModelThrottledError","errorMessage":"slow down"}' }, now);
    await expect(prepareJob(store, body.jobId, now)).rejects.toMatchObject({ name: 'InvalidCopyJobError', message: expect.stringContaining('already FAILED') });
    await expect(prepareJob(store, '00000000-0000-4000-8000-000000000000', now)).rejects.toMatchObject({ name: 'InvalidCopyJobError' });
  });

  it('explains failures in words, keeping the error message and dropping stack traces', () => {
    expect(describeFailure('ModelThrottledError', JSON.stringify({ errorType: 'ModelThrottledError', errorMessage: 'Bedrock ThrottlingException: Too many requests', trace: ['at x'] }))).toEqual({
      error: 'ModelThrottledError',
      reason: 'the copy model kept throttling requests after every retry: Bedrock ThrottlingException: Too many requests',
    });
    expect(describeFailure('States.Timeout', undefined)).toEqual({ error: 'States.Timeout', reason: 'the workflow timed out' });
    expect(describeFailure('Boom', 'plain text')).toEqual({ error: 'Boom', reason: 'the workflow failed with Boom: plain text' });
  });
});

describe('reading a job', () => {
  it('answers 404 for an unknown job', async () => {
    await expect(readCopyJob(deps(), '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ statusCode: 404 });
  });

  it('reports and records a job whose execution died outside the workflow as FAILED', async () => {
    const { body } = await submitCopyJob(deps(), { spec: spec() }, 'client-a');
    workflow.execution = { status: 'TIMED_OUT' };
    expect(await readCopyJob(deps(), body.jobId)).toMatchObject({ status: 'FAILED', failure: { error: 'ExecutionTIMED_OUT', reason: 'the workflow timed out' } });
  });

  it('gives a job time to start before declaring it lost', async () => {
    const { body } = await submitCopyJob(deps(), { spec: spec() }, 'client-a');
    workflow.execution = { status: 'NOT_FOUND' };
    expect((await readCopyJob(deps(), body.jobId)).status).toBe('QUEUED');
    clock += 120_000;
    expect((await readCopyJob(deps(), body.jobId)).failure?.error).toBe('ExecutionNotStarted');
  });
});

describe('human review', () => {
  async function pendingVariant() {
    const { body } = await submitCopyJob(deps(), { spec: spec({ audiences: [{ id: 'runners', description: '跑者', tone: 'warm' }], variantsPerAudience: 1 }) }, 'client-a');
    const prepared = await prepareJob(store, body.jobId, now);
    const state = { ...iteration(prepared.job, 0), jobId: body.jobId, item: prepared.items[0]! };
    const result = await persistVariant(store, settled(state, 'pending-review'), now);
    await publishJob(store, body.jobId, [result], now);
    return result.variantId;
  }

  it('lists pending variants and records who decided, when and why', async () => {
    const variantId = await pendingVariant();
    const page = await listReviews(store, { limit: 10 });
    expect(page.items.map((item) => item.variantId)).toEqual([variantId]);

    const decided = await decideReview(store, variantId, { decision: 'reject', note: 'too pushy' }, 'reviewer-7', now);
    expect(decided).toMatchObject({ status: 'rejected', audit: { review: { decision: 'rejected', reviewer: 'reviewer-7', note: 'too pushy', decidedAt: now().toISOString() } } });
    expect((await listReviews(store, { limit: 10 })).items).toEqual([]);
  });

  it('answers 409 for a variant that is not pending and 404 for an unknown one', async () => {
    const variantId = await pendingVariant();
    await decideReview(store, variantId, { decision: 'approve' }, 'reviewer-7', now);
    await expect(decideReview(store, variantId, { decision: 'approve' }, 'reviewer-8', now)).rejects.toMatchObject({ statusCode: 409, details: { status: 'approved' } });
    await expect(decideReview(store, `${variantId.slice(0, -1)}9`, { decision: 'approve' }, 'reviewer-8', now)).rejects.toMatchObject({ statusCode: 404 });
    await expect(decideReview(store, 'nonsense', { decision: 'approve' }, 'reviewer-8', now)).rejects.toMatchObject({ statusCode: 404 });
  });

  it('answers a resent decision (same reviewer, decision and note) with the variant as decided, and a changed mind with 409', async () => {
    const variantId = await pendingVariant();
    const first = await decideReview(store, variantId, { decision: 'approve', note: 'fine' }, 'reviewer-7', now);
    const later = () => new Date(now().getTime() + 5_000);
    // A network retry of the same click: nothing changes, and the reviewer is told it holds.
    await expect(decideReview(store, variantId, { decision: 'approve', note: 'fine' }, 'reviewer-7', later)).resolves.toEqual(first);
    await expect(decideReview(store, variantId, { decision: 'reject', note: 'fine' }, 'reviewer-7', later)).rejects.toMatchObject({ statusCode: 409, details: { status: 'approved' } });
    await expect(decideReview(store, variantId, { decision: 'approve' }, 'reviewer-7', later)).rejects.toMatchObject({ statusCode: 409 });
  });

  it('answers 400 for a cursor it did not hand out', async () => {
    await expect(listReviews(store, { limit: 10, cursor: 'x' })).rejects.toMatchObject({ statusCode: 400 });
  });
});
