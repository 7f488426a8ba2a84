import { createServer } from 'node:net';
import { startMiniServices, type MiniServices } from '../../local/aws/mini-services';
import { copyModelFromEnv, CopyModelEnvSchema, secretApiKey } from '../../shared/aws/copy-model-config';
import { OpenAiCompatibleCopyModel, retryAfterMs, type OpenAiCompatibleConfig } from '../../shared/copy-models/openai-compatible';
import { ModelInvocationError, ModelThrottledError, ModelUnavailableError } from '../../shared/copy/model';
import { buildPrompt, parseReply } from '../../shared/copy/prompt';
import { checkStep, generateStep } from '../../shared/copy/workflow';
import { completion, errorBody, startFakeOpenAiServer, type FakeOpenAiServer, type FakeReply } from './fake-openai-server';
import { copyRequest, iteration, spec, thermosEn } from './fixtures';

let server: FakeOpenAiServer;
let sleeps: number[];
const KEY = 'sk-test-0123456789abcdef';

beforeAll(async () => {
  server = await startFakeOpenAiServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  sleeps = [];
});

/** Answers with each reply in turn, the last one for every later request. */
const script = (...replies: FakeReply[]) => {
  let next = 0;
  server.respond = () => replies[Math.min(next++, replies.length - 1)]!;
};

function model(overrides: Partial<OpenAiCompatibleConfig> = {}) {
  return new OpenAiCompatibleCopyModel({
    baseUrl: server.baseUrl,
    modelId: 'qwen-plus',
    temperature: 0.6,
    maxTokens: 300,
    jsonMode: false,
    timeoutMs: 2000,
    apiKey: async () => KEY,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...overrides,
  });
}

describe('the OpenAI-compatible copy model: requests', () => {
  it('posts the shared prompt, model and inference settings to <baseUrl>/chat/completions with the key as a bearer token', async () => {
    script({ body: completion('“山行保温杯，12小时保温。轻至280克。”', { usage: { prompt_tokens: 512, completion_tokens: 31 } }) });
    const request = copyRequest({ profileSegment: 'cart-abandoner' });
    const prompt = buildPrompt(request);

    const result = await model().generate(request);

    expect(server.requests).toHaveLength(1);
    const [sent] = server.requests;
    expect(sent).toMatchObject({ method: 'POST', path: '/v1/chat/completions' });
    expect(sent!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(sent!.body).toEqual({
      model: 'qwen-plus',
      messages: [
        { role: 'system', content: prompt.system },
        { role: 'user', content: prompt.user },
      ],
      temperature: 0.6,
      max_tokens: 300,
      stream: false,
    });
    expect(result).toEqual({ text: '山行保温杯，12小时保温。轻至280克。', modelId: 'qwen-plus', promptHash: prompt.hash, usage: { inputTokens: 512, outputTokens: 31 }, stopReason: 'stop' });
  });

  it('sends no Authorization header to an endpoint without a key (a local Ollama) and tolerates a trailing slash', async () => {
    script({ body: completion('Trailhead Bottle keeps coffee hot for 12 hours.', { usage: null }) });
    const result = await model({ apiKey: undefined, baseUrl: `${server.baseUrl}/` }).generate(copyRequest({ locale: 'en', product: thermosEn }));
    expect(server.requests[0]!.headers.authorization).toBeUndefined();
    expect(server.requests[0]!.path).toBe('/v1/chat/completions');
    expect(result.usage).toBeUndefined();
    expect(result.text).toBe('Trailhead Bottle keeps coffee hot for 12 hours.');
  });

  it('in JSON mode asks for {"copy": …} in the prompt and response_format, and reads the copy out of it', async () => {
    script({ body: completion('```json\n{"copy": "山行保温杯，轻至280克。"}\n```') });
    const request = copyRequest();
    const result = await model({ jsonMode: true }).generate(request);
    const sent = server.requests[0]!.body;
    expect(sent.response_format).toEqual({ type: 'json_object' });
    expect(sent.messages[0]!.content).toContain('{"copy": "文案"}');
    // Same facts, tone and feedback: only the reply instruction differs from the text-mode prompt.
    expect(sent.messages[1]!.content).toBe(buildPrompt(request).user);
    expect(result.promptHash).toBe(buildPrompt(request, { format: 'json' }).hash);
    expect(result.promptHash).not.toBe(buildPrompt(request).hash);
    expect(result.text).toBe('山行保温杯，轻至280克。');
  });

  it('sends the previous attempt and the compliance feedback when regenerating, in the copy’s language', async () => {
    script({ body: completion('Trailhead Bottle: keeps coffee hot for 12 hours.') });
    const feedback = { attempt: 1, previousText: 'The best bottle you can buy!', findings: [], instructions: '1. Remove "best": an absolute claim.' };
    await model().generate(copyRequest({ locale: 'en', product: thermosEn, feedback }));
    const user = server.requests[0]!.body.messages[1]!.content;
    expect(user).toContain('[The previous version failed the compliance check]');
    expect(user).toContain('The best bottle you can buy!');
    expect(user).toContain('1. Remove "best": an absolute claim.');
  });
});

describe('the OpenAI-compatible copy model: failures map onto the errors the workflow retries or fails on', () => {
  it('honours a short Retry-After on 429 in process, then succeeds', async () => {
    script({ status: 429, headers: { 'retry-after': '2' }, body: errorBody('Rate limit reached', 'rate_limit_exceeded', 'requests') }, { body: completion('山行保温杯，轻至280克。') });
    const result = await model().generate(copyRequest());
    expect(result.text).toBe('山行保温杯，轻至280克。');
    expect(server.requests).toHaveLength(2);
    expect(sleeps).toEqual([2000]);
  });

  it('leaves a long Retry-After to the state machine: ModelThrottledError at once, naming the wait', async () => {
    script({ status: 429, headers: { 'retry-after': '60' }, body: errorBody('Rate limit reached', 'rate_limit_exceeded') });
    const failure = model().generate(copyRequest());
    await expect(failure).rejects.toBeInstanceOf(ModelThrottledError);
    await expect(failure).rejects.toThrow(/429: Rate limit reached \(rate_limit_exceeded/);
    await expect(failure).rejects.toThrow(/Retry-After 60 s/);
    expect(server.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('throws ModelThrottledError when the endpoint still throttles after the in-process retry', async () => {
    script({ status: 429, body: errorBody('too many requests') });
    await expect(model().generate(copyRequest())).rejects.toMatchObject({ name: 'ModelThrottledError' });
    expect(server.requests).toHaveLength(2);
    expect(sleeps).toEqual([500]);
  });

  it.each([500, 502, 503, 504])('maps %i to ModelUnavailableError after one more try', async (status) => {
    script({ status, body: errorBody('upstream trouble', null as never, 'server_error') });
    await expect(model().generate(copyRequest())).rejects.toMatchObject({ name: 'ModelUnavailableError', message: expect.stringContaining(`answered ${status}`) });
    expect(server.requests).toHaveLength(2);
  });

  it('recovers from one 503 with Retry-After', async () => {
    script({ status: 503, headers: { 'retry-after': '1' }, body: 'Service Unavailable' }, { body: completion('山行保温杯，轻至280克。') });
    await expect(model().generate(copyRequest())).resolves.toMatchObject({ text: '山行保温杯，轻至280克。' });
    expect(sleeps).toEqual([1000]);
  });

  it('maps a request that outlives its timeout to ModelUnavailableError', async () => {
    script({ delayMs: 400, body: completion('too late') });
    const failure = model({ timeoutMs: 100, maxAttempts: 1 }).generate(copyRequest());
    await expect(failure).rejects.toBeInstanceOf(ModelUnavailableError);
    await expect(failure).rejects.toThrow(/did not answer within 100 ms/);
  });

  it('maps a refused connection to ModelUnavailableError', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(model({ baseUrl: `http://127.0.0.1:${port}/v1` }).generate(copyRequest())).rejects.toMatchObject({ name: 'ModelUnavailableError', message: expect.stringMatching(/unreachable: ECONNREFUSED/) });
  });

  it.each([
    [400, errorBody("Invalid value for 'temperature'", 'invalid_value')],
    [403, errorBody('You do not have access to this model', 'model_access_denied')],
    [404, errorBody('The model `qwen-plus` does not exist', 'model_not_found')],
    [422, { detail: 'unprocessable' }],
  ])('maps %i to ModelInvocationError without a retry', async (status, body) => {
    script({ status, body });
    await expect(model().generate(copyRequest())).rejects.toMatchObject({ name: 'ModelInvocationError', message: expect.stringContaining(`answered ${status}`) });
    expect(server.requests).toHaveLength(1);
  });

  it.each([
    ['OpenAI/Azure', errorBody('The response was filtered due to the prompt triggering content management policy', 'content_filter')],
    ['DashScope (Qwen)', { code: 'DataInspectionFailed', message: 'Input data may contain inappropriate content.', request_id: 'x' }],
  ])('maps a prompt refused by the content filter (%s) to ModelInvocationError, saying so', async (_provider, body) => {
    script({ status: 400, body });
    const failure = model().generate(copyRequest());
    await expect(failure).rejects.toBeInstanceOf(ModelInvocationError);
    await expect(failure).rejects.toThrow(/content filter refused the prompt/);
    expect(server.requests).toHaveLength(1);
  });

  it('reads the key again once after a 401 (it may have been rotated), and never shows it in an error', async () => {
    script({ status: 401, body: errorBody(`Incorrect API key provided: ${KEY}`, 'invalid_api_key') });
    const refreshes: boolean[] = [];
    const failure = model({ apiKey: async ({ refresh }) => (refreshes.push(refresh), KEY) }).generate(copyRequest());
    await expect(failure).rejects.toBeInstanceOf(ModelInvocationError);
    await expect(failure).rejects.toThrow(/401: Incorrect API key provided: \[redacted\]/);
    await failure.catch((error: Error) => expect(error.message).not.toContain(KEY));
    expect(refreshes).toEqual([false, true]);
    expect(server.requests).toHaveLength(2);
  });

  it('succeeds after a 401 when the re-read key is the new one', async () => {
    let next = 0;
    server.respond = (request) => (request.headers.authorization === 'Bearer new-key' ? { body: completion('山行保温杯。') } : { status: 401, body: errorBody('bad key') });
    const keys = ['old-key', 'new-key'];
    await expect(model({ apiKey: async () => keys[Math.min(next++, 1)] }).generate(copyRequest())).resolves.toMatchObject({ text: '山行保温杯。' });
  });

  it('treats a 200 whose body is not a completion (a proxy page) as a transient failure', async () => {
    script({ body: '<html>Bad gateway</html>' });
    await expect(model().generate(copyRequest())).rejects.toMatchObject({ name: 'ModelUnavailableError', message: expect.stringMatching(/not a chat completion/) });
  });
});

describe('the OpenAI-compatible copy model: unusable replies go the workflow’s bad-output way', () => {
  it.each([
    ['no choices', { ...completion(''), choices: [] }, false, /no usable copy: no-choices/],
    ['empty content', completion('   '), false, /stop; no usable copy: empty/],
    ['null content', completion(null), false, /no usable copy: empty/],
    ['invalid JSON in JSON mode', completion('{"copy": "山行保温杯', { finishReason: 'length' }), true, /length; no usable copy: not-json/],
    ['JSON without a copy field', completion('{"text": "山行保温杯"}'), true, /no usable copy: no-copy-field/],
  ])('%s: empty text, which Check turns into a blocking model.empty-output finding (regenerate, then review)', async (_label, body, jsonMode, stopReason) => {
    script({ body });
    const state = iteration(spec());
    const generated = await generateStep(state, model({ jsonMode }), () => new Date('2026-01-01T00:00:00Z'));
    expect(generated.draft).toMatchObject({ text: '', modelId: 'qwen-plus', stopReason: expect.stringMatching(stopReason) });
    const checked = checkStep(generated, () => new Date('2026-01-01T00:00:01Z'));
    expect(checked.verdict).toBe('fail');
    expect(checked.attempts[0]!.findings.map((finding) => finding.ruleId)).toEqual(['model.empty-output']);
  });

  it.each([
    ['finish_reason content_filter', completion('', { finishReason: 'content_filter' }), 'content_filter'],
    ['an explicit refusal', completion(null, { refusal: 'I can’t help with that.' }), 'refusal'],
  ])('reports %s as blocked output, as a Bedrock guardrail intervention', async (_label, body, stopReason) => {
    script({ body });
    const generated = await generateStep(iteration(spec()), model(), () => new Date('2026-01-01T00:00:00Z'));
    expect(generated.draft).toMatchObject({ blocked: true, stopReason, usage: { inputTokens: 321, outputTokens: 42 } });
    const checked = checkStep(generated, () => new Date('2026-01-01T00:00:01Z'));
    expect(checked.attempts[0]!.findings.map((finding) => finding.ruleId)).toEqual(['model.guardrail-blocked']);
  });

  it('records token usage on the attempt, as Bedrock does', async () => {
    script({ body: completion('山行保温杯，轻至280克，杯盖可拆洗。', { usage: { prompt_tokens: 600, completion_tokens: 25 } }) });
    const generated = await generateStep(iteration(spec()), model(), () => new Date('2026-01-01T00:00:00Z'));
    const checked = checkStep(generated, () => new Date('2026-01-01T00:00:01Z'));
    expect(checked.attempts[0]).toMatchObject({ verdict: 'pass', usage: { inputTokens: 600, outputTokens: 25 }, modelId: 'qwen-plus', stopReason: 'stop' });
  });
});

describe('reply parsing and Retry-After', () => {
  it('reads Retry-After as seconds or an HTTP date, and retry-after-ms first', () => {
    expect(retryAfterMs(new Headers({ 'retry-after': '7' }))).toBe(7000);
    expect(retryAfterMs(new Headers({ 'retry-after': 'Wed, 02 Dec 2026 10:00:30 GMT' }), Date.parse('2026-12-02T10:00:00Z'))).toBe(30_000);
    expect(retryAfterMs(new Headers({ 'retry-after': '7', 'retry-after-ms': '1250' }))).toBe(1250);
    expect(retryAfterMs(new Headers({ 'retry-after': 'soon' }))).toBeUndefined();
    expect(retryAfterMs(new Headers())).toBeUndefined();
  });

  it('strips quotes in text mode and takes only a string `copy` in JSON mode', () => {
    expect(parseReply('「轻至280克」')).toEqual({ ok: true, text: '轻至280克' });
    expect(parseReply('{"copy": "“Hot for 12 hours.”"}', 'json')).toEqual({ ok: true, text: 'Hot for 12 hours.' });
    expect(parseReply('{"copy": 42}', 'json')).toEqual({ ok: false, reason: 'no-copy-field' });
    expect(parseReply('["a"]', 'json')).toEqual({ ok: false, reason: 'no-copy-field' });
    expect(parseReply('{"copy": ""}', 'json')).toEqual({ ok: false, reason: 'empty' });
  });
});

describe('configuration', () => {
  const env = { COPY_MODEL_PROVIDER: 'openai-compatible', COPY_MODEL_BASE_URL: 'https://dashscope.aliyuncs.com/compatible-mode/v1', COPY_MODEL_ID: 'qwen-plus', COPY_MODEL_TEMPERATURE: '0.8', COPY_MODEL_MAX_TOKENS: '300' };

  it('parses the generate function’s env at cold start, with JSON mode off and a 20 s timeout by default', () => {
    expect(CopyModelEnvSchema.parse(env)).toEqual({ ...env, COPY_MODEL_TEMPERATURE: 0.8, COPY_MODEL_MAX_TOKENS: 300, COPY_MODEL_JSON_MODE: false, COPY_MODEL_TIMEOUT_MS: 20_000 });
    expect(CopyModelEnvSchema.parse({ ...env, COPY_MODEL_JSON_MODE: 'true', COPY_MODEL_API_KEY_SECRET: 'copy/qwen' })).toMatchObject({ COPY_MODEL_JSON_MODE: true, COPY_MODEL_API_KEY_SECRET: 'copy/qwen' });
    const model = copyModelFromEnv(CopyModelEnvSchema.parse(env));
    expect(model).toBeInstanceOf(OpenAiCompatibleCopyModel);
    expect(model.modelId).toBe('qwen-plus');
  });

  it.each([
    ['no base URL', { COPY_MODEL_BASE_URL: undefined }, 'COPY_MODEL_BASE_URL'],
    ['a non-HTTP base URL', { COPY_MODEL_BASE_URL: 'ftp://example.com/v1' }, 'COPY_MODEL_BASE_URL'],
    ['no model', { COPY_MODEL_ID: undefined }, 'COPY_MODEL_ID'],
    ['a temperature above 2', { COPY_MODEL_TEMPERATURE: '2.5' }, 'COPY_MODEL_TEMPERATURE'],
    ['JSON mode that is not a boolean', { COPY_MODEL_JSON_MODE: 'yes' }, 'COPY_MODEL_JSON_MODE'],
  ])('fails the cold start with %s', (_label, change, path) => {
    const result = CopyModelEnvSchema.safeParse({ ...env, ...change });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => issue.path.join('.'))).toContain(path);
  });
});

describe('the API key from Secrets Manager', () => {
  let services: MiniServices;
  const saved = { ...process.env };

  beforeAll(async () => {
    services = await startMiniServices({ region: 'us-east-1' });
    Object.assign(process.env, { AWS_ENDPOINT_URL_SECRETS_MANAGER: services.endpoint, AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_REGION: 'us-east-1' });
  });
  afterAll(async () => {
    process.env = saved;
    await services.close();
  });

  it('reads the key, plain or as {"apiKey"}, caches it, and reads it again when asked to refresh', async () => {
    services.secrets.put('copy/plain', `  ${KEY}\n`);
    services.secrets.put('copy/json', JSON.stringify({ apiKey: 'sk-json' }));
    expect(await secretApiKey('copy/plain')({ refresh: false })).toBe(KEY);
    expect(await secretApiKey('copy/json')({ refresh: false })).toBe('sk-json');
    services.secrets.put('copy/json', JSON.stringify({ apiKey: 'sk-rotated' }));
    expect(await secretApiKey('copy/json')({ refresh: false })).toBe('sk-json');
    expect(await secretApiKey('copy/json')({ refresh: true })).toBe('sk-rotated');
  });

  it('fails the job (ModelInvocationError) when the secret is missing or holds no key', async () => {
    await expect(secretApiKey('copy/missing')({ refresh: false })).rejects.toMatchObject({ name: 'ModelInvocationError', message: expect.stringContaining('copy/missing') });
    services.secrets.put('copy/empty-json', JSON.stringify({ key: 'wrong field' }));
    await expect(secretApiKey('copy/empty-json')({ refresh: false })).rejects.toMatchObject({ name: 'ModelInvocationError', message: expect.stringMatching(/holds no API key/) });
  });
});
