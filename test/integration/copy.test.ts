import { DescribeExecutionCommand, SFNClient } from '@aws-sdk/client-sfn';
import { apiClient, startTestSuite } from './local-suite';
import { thermosZh } from '../copy/fixtures';

/**
 * The copy capability end to end on the local suite: the API starts the state machine that
 * `cdk synth` emits (run by the in-process Step Functions), whose Lambda steps run in their own
 * workers against the DynamoDB emulator, with the offline copy model (the local suite synthesizes
 * with `copyModel=offline`). Every path of the workflow: pass first time, regenerate then pass,
 * exhausted → review → decision, throttling → retry, model failure → clean job failure.
 */
// Cold starts of seven workers on a busy two-core machine can take a while: be patient, not flaky.
jest.setTimeout(90_000);

let suite: Awaited<ReturnType<typeof startTestSuite>>;
let api: ReturnType<typeof apiClient>;
let sfn: SFNClient;

const product = thermosZh;
const job = (overrides: Record<string, unknown> = {}) => ({
  product,
  audiences: [{ id: 'runners', description: '都市年轻跑者', tone: 'playful', profileSegment: 'cart-abandoner' }],
  variantsPerAudience: 2,
  locale: 'zh-CN',
  channel: 'feed',
  maxAttempts: 3,
  ...overrides,
});

beforeAll(async () => {
  suite = await startTestSuite();
  api = apiClient(suite);
  sfn = new SFNClient({ region: suite.region, endpoint: suite.endpoints.services, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
}, 120_000);

afterAll(async () => {
  sfn?.destroy();
  await suite?.stop();
});

async function submit(body: unknown) {
  const response = await api('POST', '/v1/copy-jobs', { body, scopes: ['copy:write'] });
  expect(response.status).toBe(202);
  return response.body.jobId as string;
}

/** Polls GET /v1/copy-jobs/{id} until the job leaves QUEUED/RUNNING. */
async function settled(jobId: string, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await api('GET', `/v1/copy-jobs/${jobId}`, { scopes: ['copy:read'] });
    expect(response.status).toBe(200);
    if (response.body.status !== 'QUEUED' && response.body.status !== 'RUNNING') return response.body;
    if (Date.now() > deadline) throw new Error(`job ${jobId} still ${response.body.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * The job's execution once it has ended: the job is visible as published a moment before its last
 * state returns, so a read right after `settled` may still see RUNNING.
 */
const executionOf = async (jobId: string, timeoutMs = 30_000) => {
  const machine = suite.topology.stateMachines[0]!.arn;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const execution = await sfn.send(new DescribeExecutionCommand({ executionArn: `${machine.replace(':stateMachine:', ':execution:')}:${jobId}` }));
    if (execution.status !== 'RUNNING' || Date.now() > deadline) return execution;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

describe('the synthesized workflow runs locally', () => {
  it('registers the state machine cdk synth emits, with its Map, Retry and Catch intact', () => {
    expect(suite.topology.stateMachines).toHaveLength(1);
    const definition = JSON.stringify(suite.topology.stateMachines[0]!.definition);
    for (const state of ['ValidateJob', 'ForEachVariant', 'Generate', 'Check', 'Verdict', 'Regenerate', 'HumanReview', 'PersistVariant', 'PublishJob', 'MarkJobFailed']) expect(definition).toContain(`"${state}"`);
    expect(definition).toContain('"ErrorEquals":["ModelThrottledError"]');
    expect(definition).toMatch(/"FunctionName":"arn:aws:lambda:us-east-1:000000000000:function:AiMarketingService-CopyGenerateFunction/);
    const generate = suite.topology.functions.find((fn) => fn.entry === 'functions/copy-generate/handler.ts');
    expect(generate?.environment.COPY_MODEL_PROVIDER).toBe('offline');
  });
});

describe('copy jobs', () => {
  it('accepts clean copy at once and regenerates violating copy with the findings, in zh-CN and en', async () => {
    const jobId = await submit(job({ locale: undefined, locales: ['zh-CN', 'en'], product: { ...product, name: 'Trailhead 山行保温杯' } }));
    const done = await settled(jobId);
    expect(done).toMatchObject({ status: 'SUCCEEDED', summary: { variants: 4, accepted: 4, pendingReview: 0, regenerated: 2 } });

    const byIndex = (locale: string, index: number) => done.variants.find((variant: any) => variant.locale === locale && variant.variantIndex === index);
    for (const locale of ['zh-CN', 'en']) {
      const first = byIndex(locale, 0);
      expect(first).toMatchObject({ status: 'accepted', verdict: 'pass', attemptCount: 1, regenerated: false, findings: [] });
      const second = byIndex(locale, 1);
      expect(second).toMatchObject({ status: 'accepted', verdict: 'pass', attemptCount: 2, regenerated: true });
      expect(second.audit.attempts[0].verdict).not.toBe('pass');
      expect(second.audit.attempts[0].findings[0]).toMatchObject({ ruleId: 'absolute.superlative' });
      expect(second.text).toBe(second.audit.attempts[1].text);
      // Lineage on every variant: prompt hash, model, rule-pack version, every verdict.
      expect(second.audit).toMatchObject({ modelId: 'offline-template-v1', promptHash: expect.stringMatching(/^[0-9a-f]{64}$/), rulePackVersion: expect.stringMatching(new RegExp(`^${locale}/general@`)) });
    }
    expect(byIndex('zh-CN', 0).text).toContain('购物车');
    expect((await executionOf(jobId)).status).toBe('SUCCEEDED');
  });

  it('sends copy that keeps failing to human review, where only copy:review may decide', async () => {
    // The offline model quotes selling points verbatim: a banned claim there fails every attempt.
    const jobId = await submit(job({ product: { ...product, sellingPoints: ['全网销量第一'] }, variantsPerAudience: 1, maxAttempts: 2 }));
    const done = await settled(jobId);
    expect(done).toMatchObject({ status: 'SUCCEEDED', summary: { variants: 1, accepted: 0, pendingReview: 1 } });
    const [variant] = done.variants;
    expect(variant).toMatchObject({ status: 'pending-review', verdict: 'fail', attemptCount: 2 });
    expect(variant.audit.attempts.map((attempt: any) => attempt.verdict)).toEqual(['fail', 'fail']);
    expect(variant.text).toContain('全网销量第一');
    expect(variant.findings.map((finding: any) => finding.ruleId)).toContain('absolute.ranking');

    const queue = await api('GET', '/v1/reviews?limit=100', { scopes: ['copy:read'] });
    expect(queue.status).toBe(200);
    expect(queue.body.items.map((item: any) => item.variantId)).toContain(variant.variantId);
    // A UUID is case-insensitive: the job and the variant are found whichever case the caller writes the job id in.
    expect((await api('GET', `/v1/copy-jobs/${jobId.toUpperCase()}`, { scopes: ['copy:read'] })).body).toMatchObject({ jobId, variants: [{ variantId: variant.variantId }] });
    const upperJob = `${variant.variantId.slice(0, 36).toUpperCase()}${variant.variantId.slice(36)}`;
    const path = `/v1/reviews/${encodeURIComponent(upperJob)}`;

    expect((await api('POST', path, { body: { decision: 'approve' }, scopes: ['copy:read', 'copy:write'] })).status).toBe(403);
    const noNote = await api('POST', path, { body: { decision: 'reject' }, scopes: ['copy:review'] });
    expect(noNote.status).toBe(400);
    expect(noNote.body.error.details).toEqual([{ path: 'note', message: 'a rejection needs a note saying why' }]);

    // The reviewer is the token's subject: the app client (Cognito client-credentials tokens carry its id).
    const approved = await api('POST', path, { body: { decision: 'approve', note: '“全网销量第一”有第三方数据支撑，法务已确认' }, scopes: ['copy:review'] });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ variantId: variant.variantId, status: 'approved', audit: { review: { decision: 'approved', reviewer: suite.topology.routes[0]!.audience[0], note: expect.stringContaining('法务') } } });
    expect(Date.parse(approved.body.audit.review.decidedAt)).toBeGreaterThan(Date.now() - 60_000);

    const again = await api('POST', path, { body: { decision: 'reject', note: 'changed my mind' }, scopes: ['copy:review'] });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('Conflict');
    expect((await api('GET', '/v1/reviews?limit=100', { scopes: ['copy:read'] })).body.items.map((item: any) => item.variantId)).not.toContain(variant.variantId);
    expect((await settled(jobId)).summary).toMatchObject({ approved: 1, pendingReview: 0 });
    expect((await api('POST', '/v1/reviews/no-such-variant', { body: { decision: 'approve' }, scopes: ['copy:review'] })).status).toBe(404);
  });

  it('retries a throttled model with backoff and carries on', async () => {
    const jobId = await submit(job({ product: { ...product, sku: 'offline:throttle-once' }, variantsPerAudience: 1 }));
    const done = await settled(jobId);
    expect(done).toMatchObject({ status: 'SUCCEEDED', summary: { accepted: 1 } });
    expect(done.variants[0].attemptCount).toBe(1);
  });

  it.each([
    ['keeps throttling', 'offline:throttle', 'ModelThrottledError', /kept throttling requests after every retry: offline model: throttled/],
    ['rejects the request', 'offline:reject', 'ModelInvocationError', /rejected the request: offline model: request rejected/],
  ])('fails the job cleanly, with the reason, when the model %s', async (_label, sku, error, reason) => {
    const jobId = await submit(job({ product: { ...product, sku }, audiences: [{ id: 'a', description: 'x', tone: 'warm' }, { id: 'b', description: 'y', tone: 'urgent' }] }));
    const done = await settled(jobId);
    expect(done).toMatchObject({ status: 'FAILED', failure: { error } });
    expect(done.failure.reason).toMatch(reason);
    expect(done.failure.reason).not.toMatch(/at .*\.ts:\d+/); // no stack traces
    // Nothing half-written: no variant of the job is served or waits for review.
    expect(done.variants.every((variant: any) => variant.status === 'discarded')).toBe(true);
    const queue = await api('GET', '/v1/reviews?limit=100', { scopes: ['copy:read'] });
    expect(queue.body.items.filter((item: any) => item.jobId === jobId)).toEqual([]);
    const execution = await executionOf(jobId);
    expect(execution).toMatchObject({ status: 'FAILED', error });
  });

  it('makes a submission with a clientToken idempotent', async () => {
    const body = job({ clientToken: 'spring-campaign-001', variantsPerAudience: 1 });
    const first = await api('POST', '/v1/copy-jobs', { body, scopes: ['copy:write'] });
    expect(first.status).toBe(202);
    expect(first.body.status).toBe('QUEUED');
    await settled(first.body.jobId);
    const again = await api('POST', '/v1/copy-jobs', { body, scopes: ['copy:write'] });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ jobId: first.body.jobId, status: 'SUCCEEDED' });
    const changed = await api('POST', '/v1/copy-jobs', { body: { ...body, maxAttempts: 1 }, scopes: ['copy:write'] });
    expect(changed.status).toBe(409);
  });
});

describe('the copy API refuses what it should', () => {
  it('validates jobs with messages that name the field', async () => {
    const response = await api('POST', '/v1/copy-jobs', { body: job({ audiences: [{ id: 'Runners!', description: 'x', tone: 'shouty' }], maxAttempts: 0 }), scopes: ['copy:write'] });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toBe('invalid request body');
    const paths = response.body.error.details.map((detail: { path: string }) => detail.path);
    expect(paths).toEqual(expect.arrayContaining(['audiences.0.id', 'audiences.0.tone', 'maxAttempts']));
  });

  it('answers 404 for an unknown job and 400 for a malformed id', async () => {
    expect((await api('GET', '/v1/copy-jobs/00000000-0000-4000-8000-000000000000', { scopes: ['copy:read'] })).status).toBe(404);
    const malformed = await api('GET', '/v1/copy-jobs/not-a-uuid', { scopes: ['copy:read'] });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.details[0].path).toBe('jobId');
  });

  it.each([
    ['POST', '/v1/copy-jobs', ['copy:read', 'copy:review']],
    ['GET', '/v1/copy-jobs/00000000-0000-4000-8000-000000000000', ['copy:write']],
    ['GET', '/v1/reviews', ['copy:review']],
    ['POST', '/v1/compliance/check', ['copy:write']],
  ] as const)('403 on %s %s without its scope', async (method, route, scopes) => {
    expect((await api(method, route, { body: method === 'POST' ? {} : undefined, scopes: [...scopes] })).status).toBe(403);
  });
});

describe('POST /v1/compliance/check', () => {
  it('checks any text synchronously and returns every finding with its fix', async () => {
    const response = await api('POST', '/v1/compliance/check', { body: { text: '全网最好的保温杯，销量第一！咨询13800138000', locale: 'zh-CN', channel: 'feed' }, scopes: ['compliance:check'] });
    expect(response.status).toBe(200);
    expect(response.body.verdict).toBe('fail');
    expect(response.body.findings.map((finding: any) => finding.ruleId)).toEqual(expect.arrayContaining(['absolute.superlative', 'absolute.ranking', 'pii.cn-mobile']));
    expect(response.body.findings[0]).toMatchObject({ suggestion: expect.any(String), feedback: expect.any(String), start: expect.any(Number), end: expect.any(Number) });
    expect(response.body.rulePackVersion).toMatch(/^zh-CN\/general@/);
  });

  it('rejects an invalid request with 400', async () => {
    const response = await api('POST', '/v1/compliance/check', { body: { text: '', locale: 'fr' }, scopes: ['compliance:check'] });
    expect(response.status).toBe(400);
    expect(response.body.error.details.map((detail: { path: string }) => detail.path)).toEqual(expect.arrayContaining(['text', 'locale']));
  });
});
