import { describeCopyModel, installCopyModelKey, localCopyModelFromEnv, LOCAL_API_KEY_SECRET } from '../../local/copy-model';
import { thermosZh } from '../copy/fixtures';
import { completion, errorBody, startFakeOpenAiServer, type FakeOpenAiServer, type FakeReply, type RecordedRequest } from '../copy/fake-openai-server';
import { apiClient, startTestSuite } from './local-suite';

/**
 * The copy workflow end to end on the local suite with an OpenAI-compatible model: the suite is
 * started as `npm start` starts it with COPY_MODEL_URL, COPY_MODEL_ID, COPY_MODEL_API_KEY and
 * COPY_MODEL_JSON_MODE set (local/copy-model.ts), against a fake chat-completions server on loopback.
 * The synthesized state machine, its Retry/Catch and every Lambda step run for real; only the model
 * is scripted, by the product's brand, which the prompt carries.
 */
// Cold starts of seven workers on a busy two-core machine can take a minute: be patient, not flaky.
jest.setTimeout(150_000);

const KEY = 'sk-local-test-key-0123456789';
let fake: FakeOpenAiServer;
let suite: Awaited<ReturnType<typeof startTestSuite>>;
let api: ReturnType<typeof apiClient>;

const userMessage = (request: RecordedRequest) => request.body.messages.find((message) => message.role === 'user')?.content ?? '';
const brandOf = (request: RecordedRequest) => /^品牌: (.+)$/m.exec(userMessage(request))?.[1];
const isRegeneration = (request: RecordedRequest) => userMessage(request).includes('【上一版未通过合规检查】');
const json = (copy: string, usage = { prompt_tokens: 480, completion_tokens: 24 }) => ({ body: completion(JSON.stringify({ copy }), { usage }) });
const CLEAN = '山行保温杯，12小时保温，轻至280克。';

/** What the "model" does for each brand: a scripted stand-in for a real endpoint's behaviours. */
function respond(request: RecordedRequest): FakeReply {
  const calls = fake.requests.filter((earlier) => brandOf(earlier) === brandOf(request)).length;
  switch (brandOf(request)) {
    case 'pass':
      return json(CLEAN);
    case 'regenerate':
      return isRegeneration(request) ? json(CLEAN) : json('山行保温杯，同类保温杯里最好的一款！轻至280克。');
    case 'review':
      return json('山行保温杯，全网销量第一！轻至280克。');
    case 'throttle':
      // A wait longer than the adapter honours in process: the state machine's Retry backs off instead.
      return calls === 1 ? { status: 429, headers: { 'retry-after': '60' }, body: errorBody('Rate limit reached for requests', 'rate_limit_exceeded', 'requests') } : json(CLEAN);
    case 'refuse':
      return { status: 400, body: errorBody('The prompt was filtered due to triggering content management policy', 'content_filter') };
    case 'malformed':
      return calls === 1 ? { body: completion('{"copy": "山行保温杯，12小时', { finishReason: 'length' }) } : json(CLEAN);
    default:
      return { status: 500, body: errorBody(`no script for brand ${brandOf(request)}`) };
  }
}

beforeAll(async () => {
  fake = await startFakeOpenAiServer((request) => respond(request));
  const copyModel = localCopyModelFromEnv({ COPY_MODEL_URL: fake.baseUrl, COPY_MODEL_ID: 'qwen2.5:7b', COPY_MODEL_API_KEY: KEY, COPY_MODEL_JSON_MODE: 'true' });
  suite = await startTestSuite({ context: copyModel.context });
  installCopyModelKey(suite, copyModel);
  api = apiClient(suite);
}, 120_000);

afterAll(async () => {
  await suite?.stop();
  await fake?.close();
});

const job = (brand: string, overrides: Record<string, unknown> = {}) => ({
  product: { ...thermosZh, brand },
  audiences: [{ id: 'runners', description: '都市年轻跑者', tone: 'playful', profileSegment: 'cart-abandoner' }],
  variantsPerAudience: 1,
  locale: 'zh-CN',
  channel: 'feed',
  maxAttempts: 3,
  ...overrides,
});

async function run(body: unknown) {
  const submitted = await api('POST', '/v1/copy-jobs', { body, scopes: ['copy:write'] });
  expect(submitted.status).toBe(202);
  const jobId = submitted.body.jobId as string;
  // The first job cold-starts seven workers: on a loaded two-core machine that alone can take a minute.
  const deadline = Date.now() + 120_000;
  for (;;) {
    const response = await api('GET', `/v1/copy-jobs/${jobId}`, { scopes: ['copy:read'] });
    expect(response.status).toBe(200);
    if (response.body.status !== 'QUEUED' && response.body.status !== 'RUNNING') return response.body;
    if (Date.now() > deadline) throw new Error(`job ${jobId} still ${response.body.status}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const requestsFor = (brand: string) => fake.requests.filter((request) => brandOf(request) === brand);

describe('npm start with COPY_MODEL_URL', () => {
  it('synthesizes the generate function for the endpoint, says so, and keeps the key out of every environment', () => {
    expect(describeCopyModel(suite.topology)).toBe(`openai-compatible ${fake.baseUrl} model qwen2.5:7b (JSON mode), API key from the local Secrets Manager`);
    const generate = suite.topology.functions.find((fn) => fn.entry === 'functions/copy-generate/handler.ts');
    expect(generate?.environment).toMatchObject({ COPY_MODEL_PROVIDER: 'openai-compatible', COPY_MODEL_BASE_URL: fake.baseUrl, COPY_MODEL_ID: 'qwen2.5:7b', COPY_MODEL_JSON_MODE: 'true', COPY_MODEL_API_KEY_SECRET: LOCAL_API_KEY_SECRET });
    expect(JSON.stringify(suite.topology.functions.map((fn) => fn.environment))).not.toContain(KEY);
  });
});

describe('every workflow path through the OpenAI-compatible adapter', () => {
  it('accepts clean copy at once, with the model, prompt hash and token usage in the audit', async () => {
    const done = await run(job('pass'));
    expect(done).toMatchObject({ status: 'SUCCEEDED', summary: { variants: 1, accepted: 1, regenerated: 0 } });
    const [variant] = done.variants;
    expect(variant).toMatchObject({ text: CLEAN, verdict: 'pass', attemptCount: 1, audit: { modelId: 'qwen2.5:7b', promptHash: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    expect(variant.audit.attempts[0]).toMatchObject({ usage: { inputTokens: 480, outputTokens: 24 }, stopReason: 'stop' });
    // What went over the wire: the key read from the (local) Secrets Manager, JSON mode, the shared zh prompt.
    const [sent] = requestsFor('pass');
    expect(sent!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(sent!.body).toMatchObject({ model: 'qwen2.5:7b', response_format: { type: 'json_object' }, temperature: 0.7, max_tokens: 400 });
    expect(userMessage(sent!)).toContain('用户分群: cart-abandoner');
    expect(userMessage(sent!)).toContain('语气: 活泼俏皮');
  });

  it('regenerates violating copy with the findings as feedback, then accepts it', async () => {
    const done = await run(job('regenerate'));
    expect(done).toMatchObject({ status: 'SUCCEEDED', summary: { accepted: 1, regenerated: 1 } });
    const [variant] = done.variants;
    expect(variant).toMatchObject({ text: CLEAN, attemptCount: 2, regenerated: true });
    expect(variant.audit.attempts[0].findings[0]).toMatchObject({ ruleId: 'absolute.superlative' });
    const [, second] = requestsFor('regenerate');
    expect(userMessage(second!)).toContain('同类保温杯里最好的一款');
    expect(userMessage(second!)).toContain('【上一版未通过合规检查】');
  });

  it('sends copy that keeps failing to human review after maxAttempts', async () => {
    const done = await run(job('review', { maxAttempts: 2 }));
    expect(done).toMatchObject({ status: 'SUCCEEDED', summary: { accepted: 0, pendingReview: 1 } });
    expect(done.variants[0]).toMatchObject({ status: 'pending-review', verdict: 'fail', attemptCount: 2 });
    expect(done.variants[0].findings.map((finding: any) => finding.ruleId)).toContain('absolute.ranking');
    const queue = await api('GET', '/v1/reviews?limit=100', { scopes: ['copy:read'] });
    expect(queue.body.items.map((item: any) => item.variantId)).toContain(done.variants[0].variantId);
  });

  it('backs off on a 429 through the state machine’s Retry, then carries on', async () => {
    const done = await run(job('throttle'));
    expect(done).toMatchObject({ status: 'SUCCEEDED', summary: { accepted: 1 } });
    expect(done.variants[0].attemptCount).toBe(1);
    expect(requestsFor('throttle')).toHaveLength(2);
  });

  it('fails the job cleanly, with the reason, when the provider refuses the prompt', async () => {
    const done = await run(job('refuse', { audiences: [{ id: 'a', description: 'x', tone: 'warm' }, { id: 'b', description: 'y', tone: 'urgent' }] }));
    expect(done).toMatchObject({ status: 'FAILED', failure: { error: 'ModelInvocationError' } });
    expect(done.failure.reason).toMatch(/the copy model rejected the request: OpenAI-compatible endpoint answered 400: .*content filter refused the prompt/);
    expect(done.failure.reason).not.toContain(KEY);
    expect(done.variants.every((variant: any) => variant.status === 'discarded')).toBe(true);
    // Not retried: one request per variant at most.
    expect(requestsFor('refuse').length).toBeLessThanOrEqual(2);
  });

  it('treats malformed output (truncated JSON) as unusable copy: regenerates, then accepts', async () => {
    const done = await run(job('malformed'));
    expect(done).toMatchObject({ status: 'SUCCEEDED', summary: { accepted: 1, regenerated: 1 } });
    const [first, second] = done.variants[0].audit.attempts;
    expect(first).toMatchObject({ text: '', verdict: 'fail', stopReason: 'length; no usable copy: not-json' });
    expect(first.findings.map((finding: any) => finding.ruleId)).toEqual(['model.empty-output']);
    expect(second).toMatchObject({ text: CLEAN, verdict: 'pass' });
  });
});
