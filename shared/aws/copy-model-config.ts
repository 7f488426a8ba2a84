import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { z } from 'zod';
import { OpenAiCompatibleCopyModel } from '../copy-models/openai-compatible';
import { ModelInvocationError, ModelUnavailableError, type CopyModel } from '../copy/model';
import { OfflineCopyModel } from '../copy/offline-model';
import { BedrockCopyModel } from './bedrock-copy-model';
import { bedrockRuntimeClient } from './clients';

const flag = z.enum(['true', 'false']).transform((value) => value === 'true');

/**
 * The generate function's model configuration, set by lib/constructs/copy.ts: `COPY_MODEL_PROVIDER`
 * picks the adapter; Bedrock needs its model id and inference settings, and optionally a guardrail
 * (id and version together); an OpenAI-compatible endpoint needs its base URL and model, and names
 * (never holds) the Secrets Manager secret with its API key. A missing or malformed value fails the
 * cold start.
 */
export const CopyModelEnvSchema = z
  .discriminatedUnion('COPY_MODEL_PROVIDER', [
    z.object({ COPY_MODEL_PROVIDER: z.literal('offline') }),
    z.object({
      COPY_MODEL_PROVIDER: z.literal('bedrock'),
      COPY_MODEL_ID: z.string().min(1),
      COPY_MODEL_TEMPERATURE: z.coerce.number().min(0).max(1),
      COPY_MODEL_MAX_TOKENS: z.coerce.number().int().positive().max(8192),
      COPY_GUARDRAIL_ID: z.string().min(1).optional(),
      COPY_GUARDRAIL_VERSION: z.string().min(1).optional(),
    }),
    z.object({
      COPY_MODEL_PROVIDER: z.literal('openai-compatible'),
      COPY_MODEL_BASE_URL: z.url({ protocol: /^https?$/ }),
      COPY_MODEL_ID: z.string().min(1).max(256),
      COPY_MODEL_TEMPERATURE: z.coerce.number().min(0).max(2),
      COPY_MODEL_MAX_TOKENS: z.coerce.number().int().positive().max(8192),
      COPY_MODEL_JSON_MODE: flag.default(false),
      COPY_MODEL_TIMEOUT_MS: z.coerce.number().int().min(1000).max(120_000).default(20_000),
      /** Name or ARN of the secret holding the API key; unset for endpoints without auth (a local Ollama). */
      COPY_MODEL_API_KEY_SECRET: z.string().min(1).optional(),
    }),
  ])
  .superRefine((env, ctx) => {
    if (env.COPY_MODEL_PROVIDER === 'bedrock' && (env.COPY_GUARDRAIL_ID === undefined) !== (env.COPY_GUARDRAIL_VERSION === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['COPY_GUARDRAIL_VERSION'], message: 'set COPY_GUARDRAIL_ID and COPY_GUARDRAIL_VERSION together' });
    }
  });
export type CopyModelEnv = z.infer<typeof CopyModelEnvSchema>;

const SECRETS_TRANSIENT = new Set(['ThrottlingException', 'InternalServiceError', 'TimeoutError', 'RequestTimeout']);

/**
 * The API key from Secrets Manager, through Powertools Parameters: cached in this container for five
 * minutes (so most calls cost no Secrets Manager request and a rotated key arrives without a
 * redeploy), read again at once when the endpoint answers 401. The secret is the key itself, or a
 * JSON object with an `apiKey` field. The value never reaches an env var or a log line.
 */
export function secretApiKey(secretId: string): (options: { refresh: boolean }) => Promise<string> {
  return async ({ refresh }) => {
    let value: unknown;
    try {
      value = await getSecret(secretId, { maxAge: 300, forceFetch: refresh });
    } catch (error) {
      const cause = (error as { cause?: { name?: string } }).cause?.name ?? (error as Error).name;
      const message = `could not read the copy model's API key from Secrets Manager (${secretId}): ${cause}`;
      throw SECRETS_TRANSIENT.has(cause) ? new ModelUnavailableError(message) : new ModelInvocationError(message);
    }
    const key = typeof value === 'string' ? keyOf(value) : undefined;
    if (!key) throw new ModelInvocationError(`the secret ${secretId} holds no API key: store the key itself, or JSON with an "apiKey" string`);
    return key;
  };
}

function keyOf(value: string): string | undefined {
  const trimmed = value.trim();
  if (trimmed.startsWith('{')) {
    try {
      const apiKey = (JSON.parse(trimmed) as { apiKey?: unknown }).apiKey;
      return typeof apiKey === 'string' && apiKey.trim().length > 0 ? apiKey.trim() : undefined;
    } catch {
      return undefined;
    }
  }
  return trimmed.length > 0 ? trimmed : undefined;
}

export function copyModelFromEnv(env: CopyModelEnv): CopyModel {
  switch (env.COPY_MODEL_PROVIDER) {
    case 'offline':
      return new OfflineCopyModel();
    case 'openai-compatible':
      return new OpenAiCompatibleCopyModel({
        baseUrl: env.COPY_MODEL_BASE_URL,
        modelId: env.COPY_MODEL_ID,
        temperature: env.COPY_MODEL_TEMPERATURE,
        maxTokens: env.COPY_MODEL_MAX_TOKENS,
        jsonMode: env.COPY_MODEL_JSON_MODE,
        timeoutMs: env.COPY_MODEL_TIMEOUT_MS,
        ...(env.COPY_MODEL_API_KEY_SECRET ? { apiKey: secretApiKey(env.COPY_MODEL_API_KEY_SECRET) } : {}),
      });
    case 'bedrock':
      return new BedrockCopyModel(bedrockRuntimeClient(), {
        modelId: env.COPY_MODEL_ID,
        temperature: env.COPY_MODEL_TEMPERATURE,
        maxTokens: env.COPY_MODEL_MAX_TOKENS,
        ...(env.COPY_GUARDRAIL_ID && env.COPY_GUARDRAIL_VERSION ? { guardrail: { id: env.COPY_GUARDRAIL_ID, version: env.COPY_GUARDRAIL_VERSION } } : {}),
      });
  }
}
