/**
 * The copy model on any OpenAI-compatible chat-completions endpoint: the providers of AWS China
 * regions (Qwen on DashScope, DeepSeek, GLM, ERNIE…), and Ollama, llama.cpp's server or vLLM on a
 * laptop. Plain `fetch`, no SDK: one POST to `<baseUrl>/chat/completions` per attempt.
 *
 * It sits behind the same port as the Bedrock adapter, so the workflow cannot tell them apart:
 * - the prompt is `buildPrompt` (shared/copy/prompt.ts), the one the Bedrock adapter sends;
 * - HTTP failures become the port's errors, which the state machine's Retry/Catch rules name:
 *   429 → ModelThrottledError; 408, 5xx, timeouts and refused connections → ModelUnavailableError;
 *   any other 4xx (bad request, bad key, no access, unknown model, a prompt the provider's content
 *   filter refuses) → ModelInvocationError, which fails the job without a retry;
 * - a reply without usable copy (no choices, empty content, invalid JSON or no `copy` field in JSON
 *   mode) comes back as empty text, which the Check step turns into a blocking `model.empty-output`
 *   finding: regenerate, then human review, exactly as an empty Bedrock reply;
 * - a completion stopped by the provider's content filter (`finish_reason: content_filter`) or an
 *   explicit `refusal` comes back `blocked`, as a Bedrock guardrail intervention does.
 *
 * Like the Bedrock client (`maxAttempts: 2`) it tries a throttled or unavailable call once more in
 * process, after the endpoint's `Retry-After` (or `retry-after-ms`) when that is short; a longer wait
 * is left to the state machine's backoff, which holds no Lambda open. The API key comes from a
 * function (Secrets Manager in AWS, shared/aws/copy-model-config.ts); it is sent only in the
 * Authorization header and redacted from every error message.
 */
import { z } from 'zod';
import { ModelInvocationError, ModelThrottledError, ModelUnavailableError, type CopyModel, type CopyRequest, type CopyResult } from '../copy/model';
import { buildPrompt, parseReply, type Prompt } from '../copy/prompt';

export interface OpenAiCompatibleConfig {
  /** Up to and including the API version, e.g. `https://dashscope.aliyuncs.com/compatible-mode/v1`, `http://127.0.0.1:11434/v1`. */
  baseUrl: string;
  /** The provider's model name, e.g. `qwen-plus`, `deepseek-chat`, `qwen2.5:7b`. */
  modelId: string;
  temperature: number;
  maxTokens: number;
  /** Sends `response_format: {type: 'json_object'}` and asks for `{"copy": "…"}`. */
  jsonMode: boolean;
  /** Per HTTP attempt, headers and body. */
  timeoutMs: number;
  /** The bearer token; `refresh` after a 401 asks for a fresh read (the key may have been rotated). Omit for endpoints without auth. */
  apiKey?: (options: { refresh: boolean }) => Promise<string | undefined>;
  /** HTTP attempts per generate call. @default 2 */
  maxAttempts?: number;
  /** The longest Retry-After honoured in process; longer ones go to the state machine at once. @default 5000 */
  maxInlineWaitMs?: number;
  /** Wait before the in-process retry when the endpoint gives no Retry-After. @default 500 */
  defaultRetryDelayMs?: number;
  /** For tests. */
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

/** What an OpenAI-compatible endpoint answers; only what is read here, everything else tolerated. */
const CompletionSchema = z.looseObject({
  choices: z
    .array(
      z.looseObject({
        finish_reason: z.string().nullish(),
        message: z
          .looseObject({
            content: z.union([z.string(), z.array(z.looseObject({ text: z.string().optional() }))]).nullish(),
            refusal: z.string().nullish(),
          })
          .nullish(),
      }),
    )
    .nullish(),
  usage: z.looseObject({ prompt_tokens: z.number().int().nonnegative().optional(), completion_tokens: z.number().int().nonnegative().optional() }).nullish(),
});

const ErrorBodySchema = z.looseObject({
  error: z.union([z.string(), z.looseObject({ message: z.string().nullish(), code: z.union([z.string(), z.number()]).nullish(), type: z.string().nullish() })]).optional(),
  message: z.string().optional(),
  code: z.union([z.string(), z.number()]).optional(),
});

/** Error codes providers use when their content filter refuses a prompt (OpenAI/Azure, DashScope, others). */
const CONTENT_FILTER = /content[_ ]?(filter|policy|management)|data_inspection_failed|sensitive|inappropriate/i;

const MAX_MESSAGE = 300;

/** `Retry-After` (seconds or an HTTP date) or OpenAI's `retry-after-ms`, in ms; undefined when absent or unreadable. */
export function retryAfterMs(headers: Headers, now: number = Date.now()): number | undefined {
  const ms = headers.get('retry-after-ms');
  if (ms !== null && /^\d+(\.\d+)?$/.test(ms.trim())) return Math.ceil(Number(ms));
  const value = headers.get('retry-after');
  if (value === null) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The provider's own words about a failed request, short, with the key (if it echoes it) redacted. */
function describeErrorBody(text: string): { message: string; contentFilter: boolean } {
  let message = text;
  let code = '';
  try {
    const parsed = ErrorBodySchema.safeParse(JSON.parse(text));
    if (parsed.success) {
      const { error } = parsed.data;
      if (typeof error === 'string') message = error;
      else if (error) {
        message = error.message ?? message;
        code = [error.code, error.type].filter((part) => part !== undefined && part !== null).join(' ');
      } else if (parsed.data.message) {
        message = parsed.data.message;
        code = String(parsed.data.code ?? '');
      }
    }
  } catch {
    // Not JSON (a proxy's HTML page, say): the raw text, shortened, is all there is.
  }
  const oneLine = message.replace(/\s+/g, ' ').trim();
  const short = oneLine.length > MAX_MESSAGE ? `${oneLine.slice(0, MAX_MESSAGE)}…` : oneLine;
  return { message: code ? `${short} (${code})` : short, contentFilter: CONTENT_FILTER.test(`${code} ${message}`) };
}

/** Maps an HTTP status onto the port's errors. */
export function translateHttpError(status: number, body: string, retryAfter?: number): Error {
  const { message, contentFilter } = describeErrorBody(body);
  const text = `OpenAI-compatible endpoint answered ${status}: ${message || '(no body)'}`;
  if (status === 429) return new ModelThrottledError(retryAfter === undefined ? text : `${text} (Retry-After ${Math.ceil(retryAfter / 1000)} s)`);
  if (status === 408 || status >= 500) return new ModelUnavailableError(text);
  if (contentFilter) return new ModelInvocationError(`${text}; the provider's content filter refused the prompt`);
  return new ModelInvocationError(text);
}

/** Network failures and timeouts: the endpoint may answer next time. */
function translateFetchError(error: unknown, timeoutMs: number): Error {
  const name = (error as Error)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return new ModelUnavailableError(`OpenAI-compatible endpoint did not answer within ${timeoutMs} ms`);
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  return new ModelUnavailableError(`OpenAI-compatible endpoint unreachable: ${cause?.code ?? cause?.message ?? (error as Error)?.message ?? String(error)}`);
}

const redact = (error: Error, secret: string | undefined): Error => {
  if (secret && error.message.includes(secret)) error.message = error.message.split(secret).join('[redacted]');
  return error;
};

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class OpenAiCompatibleCopyModel implements CopyModel {
  private readonly url: string;

  constructor(private readonly config: OpenAiCompatibleConfig) {
    this.url = `${config.baseUrl.replace(/\/+$/, '')}/chat/completions`;
  }

  get modelId(): string {
    return this.config.modelId;
  }

  /** The exact request body for a copy request (exported for tests and for reading). */
  requestBody(request: CopyRequest): { body: Record<string, unknown>; prompt: Prompt } {
    const prompt = buildPrompt(request, { format: this.config.jsonMode ? 'json' : 'text' });
    return {
      prompt,
      body: {
        model: this.config.modelId,
        messages: [
          { role: 'system', content: prompt.system },
          { role: 'user', content: prompt.user },
        ],
        temperature: this.config.temperature,
        max_tokens: this.config.maxTokens,
        stream: false,
        ...(this.config.jsonMode ? { response_format: { type: 'json_object' } } : {}),
      },
    };
  }

  async generate(request: CopyRequest): Promise<CopyResult> {
    const { body, prompt } = this.requestBody(request);
    const completion = await this.call(JSON.stringify(body));
    return this.toResult(completion, prompt.hash);
  }

  private async call(payload: string): Promise<z.infer<typeof CompletionSchema>> {
    const doFetch = this.config.fetch ?? fetch;
    const wait = this.config.sleep ?? sleep;
    const maxAttempts = this.config.maxAttempts ?? 2;
    let refreshedKey = false;
    let key: string | undefined;
    for (let attempt = 1; ; attempt++) {
      key = await this.config.apiKey?.({ refresh: refreshedKey });
      let response: Response;
      let text: string;
      try {
        response = await doFetch(this.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
          body: payload,
          signal: AbortSignal.timeout(this.config.timeoutMs),
        });
        text = await response.text();
      } catch (error) {
        const translated = redact(translateFetchError(error, this.config.timeoutMs), key);
        if (attempt >= maxAttempts) throw translated;
        await wait(this.config.defaultRetryDelayMs ?? 500);
        continue;
      }
      if (response.ok) {
        try {
          return CompletionSchema.parse(JSON.parse(text));
        } catch {
          // A 200 whose body is not a completion: a proxy or gateway in the way, not the model's answer.
          throw new ModelUnavailableError(`OpenAI-compatible endpoint answered 200 with a body that is not a chat completion (${text.length} bytes)`);
        }
      }
      const retryAfter = retryAfterMs(response.headers);
      const error = redact(translateHttpError(response.status, text, retryAfter), key);
      // A rotated key: read it again once, without spending an attempt.
      if (response.status === 401 && key && !refreshedKey) {
        refreshedKey = true;
        attempt--;
        continue;
      }
      const retryable = error instanceof ModelThrottledError || error instanceof ModelUnavailableError;
      const delay = retryAfter ?? this.config.defaultRetryDelayMs ?? 500;
      if (!retryable || attempt >= maxAttempts || delay > (this.config.maxInlineWaitMs ?? 5000)) throw error;
      await wait(delay);
    }
  }

  private toResult(completion: z.infer<typeof CompletionSchema>, promptHash: string): CopyResult {
    const usage = completion.usage;
    const base = {
      modelId: this.config.modelId,
      promptHash,
      ...(usage?.prompt_tokens !== undefined && usage.completion_tokens !== undefined ? { usage: { inputTokens: usage.prompt_tokens, outputTokens: usage.completion_tokens } } : {}),
    };
    const choice = completion.choices?.[0];
    const finish = choice?.finish_reason ?? undefined;
    const content = choice?.message?.content;
    const raw = typeof content === 'string' ? content : (content ?? []).map((part) => part.text ?? '').join('');
    const refusal = choice?.message?.refusal;
    if (refusal || finish === 'content_filter') {
      return { ...base, text: refusal ?? raw, stopReason: refusal ? 'refusal' : 'content_filter', blocked: true };
    }
    const reply = choice ? parseReply(raw, this.config.jsonMode ? 'json' : 'text') : ({ ok: false, reason: 'no-choices' } as const);
    if (!reply.ok) return { ...base, text: '', stopReason: `${finish ?? 'none'}; no usable copy: ${reply.reason}` };
    return { ...base, text: reply.text, ...(finish ? { stopReason: finish } : {}) };
  }
}
