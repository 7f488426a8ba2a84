/**
 * Which copy model the local suite runs. By default the offline template generator (no model ships
 * with the suite); with `COPY_MODEL_URL` and `COPY_MODEL_ID` set, any OpenAI-compatible endpoint
 * (Ollama, llama.cpp's server, vLLM, or a provider's API), through the same CDK context a deployment
 * uses, so the generate function runs exactly as it would in AWS. An API key (`COPY_MODEL_API_KEY`)
 * goes into the local Secrets Manager, where the function reads it as it would in AWS: it is never
 * in a function's environment and never printed.
 */
import type { LocalSuite } from './runtime';
import type { Topology } from './topology';

/** The secret the local suite keeps the API key in. */
export const LOCAL_API_KEY_SECRET = 'local/copy-model-api-key';

export interface LocalCopyModel {
  /** CDK context for synthesis (`copyModel` and its settings). */
  context: Record<string, unknown>;
  /** Stored in the local Secrets Manager once the suite is up. */
  apiKey?: string;
}

/** Reads COPY_MODEL_URL, COPY_MODEL_ID, COPY_MODEL_API_KEY, COPY_MODEL_JSON_MODE, COPY_MODEL_TEMPERATURE, COPY_MODEL_MAX_TOKENS, COPY_MODEL_TIMEOUT_SECONDS. */
export function localCopyModelFromEnv(env: NodeJS.ProcessEnv): LocalCopyModel {
  const url = env.COPY_MODEL_URL?.trim();
  if (!url) return { context: { copyModel: 'offline' } };
  const modelId = env.COPY_MODEL_ID?.trim();
  if (!modelId) throw new Error('COPY_MODEL_URL is set but COPY_MODEL_ID is not: name the model too (e.g. COPY_MODEL_ID=qwen2.5:7b)');
  const optional = (key: string, value: string | undefined) => (value?.trim() ? { [key]: value.trim() } : {});
  const apiKey = env.COPY_MODEL_API_KEY?.trim();
  return {
    context: {
      copyModel: 'openai-compatible',
      copyModelBaseUrl: url,
      copyModelId: modelId,
      ...optional('copyModelJsonMode', env.COPY_MODEL_JSON_MODE),
      ...optional('copyModelTemperature', env.COPY_MODEL_TEMPERATURE),
      ...optional('copyModelMaxTokens', env.COPY_MODEL_MAX_TOKENS),
      ...optional('copyModelTimeoutSeconds', env.COPY_MODEL_TIMEOUT_SECONDS),
      ...(apiKey ? { copyModelApiKeySecretName: LOCAL_API_KEY_SECRET } : {}),
    },
    ...(apiKey ? { apiKey } : {}),
  };
}

/** Puts the API key where the generate function looks for it (before the first job can run). */
export function installCopyModelKey(suite: Pick<LocalSuite, 'mini'>, model: LocalCopyModel): void {
  if (model.apiKey) suite.mini.secrets.put(LOCAL_API_KEY_SECRET, model.apiKey);
}

/** One line saying which copy model the synthesized generate function uses, read from its environment. */
export function describeCopyModel(topology: Pick<Topology, 'functions'>): string {
  const env = topology.functions.find((fn) => fn.entry === 'functions/copy-generate/handler.ts')?.environment ?? {};
  switch (env.COPY_MODEL_PROVIDER) {
    case 'offline':
      return 'offline template generator (not a language model)';
    case 'openai-compatible':
      return `openai-compatible ${env.COPY_MODEL_BASE_URL} model ${env.COPY_MODEL_ID}${env.COPY_MODEL_JSON_MODE === 'true' ? ' (JSON mode)' : ''}${env.COPY_MODEL_API_KEY_SECRET ? ', API key from the local Secrets Manager' : ''}`;
    case 'bedrock':
      return `Amazon Bedrock ${env.COPY_MODEL_ID} (needs AWS credentials)`;
    default:
      return 'unknown (no copy-generate function in the template)';
  }
}
