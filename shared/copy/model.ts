/**
 * The copy model port. The workflow's Generate step talks to a `CopyModel` and cannot tell which one
 * it has: the Bedrock adapter (shared/aws/bedrock-copy-model.ts, Converse API) in AWS, the
 * OpenAI-compatible adapter (shared/copy-models/openai-compatible.ts: AWS China regions' providers,
 * self-hosted models, a local Ollama), or the offline template generator
 * (shared/copy/offline-model.ts) locally and in tests.
 *
 * Errors are part of the port: adapters translate their SDK's failures into these names, which the
 * state machine's Retry/Catch rules match (the Lambda error type is the error's `name`).
 */
import type { Channel, Finding, Industry, Locale } from '../compliance';
import type { Product, Tone } from './schema';

export interface CopyRequest {
  product: Product;
  audience: { id: string; description: string; tone: Tone };
  /** A profiles-capability segment (`cart-abandoner`, `new-user`…) the copy should speak to. */
  profileSegment?: string;
  locale: Locale;
  channel: Channel;
  industry: Industry;
  /** 0-based; variants of one audience take different angles. */
  variantIndex: number;
  variantsPerAudience: number;
  constraints: {
    /** Characters (code points), the channel's limit unless the brand sets its own. */
    maxLength: number;
    /** Must appear verbatim. */
    requiredDisclaimer?: string;
    forbiddenTerms: readonly string[];
  };
  /** Set when regenerating: what was wrong with the previous attempt. */
  feedback?: RegenerationFeedback;
  /**
   * `jobId|audienceId|locale|variantIndex|attempt`: the same seed gives the same copy from the offline
   * model. Not part of the prompt (Bedrock models are not seeded).
   */
  seed: string;
}

export interface RegenerationFeedback {
  /** The attempt these findings belong to (1-based). */
  attempt: number;
  previousText: string;
  findings: readonly Pick<Finding, 'ruleId' | 'severity' | 'match' | 'suggestion' | 'replacement'>[];
  /** The compliance engine's numbered instruction list, in the copy's language. */
  instructions: string;
}

export interface CopyResult {
  text: string;
  modelId: string;
  /** SHA-256 (hex) of the exact prompt sent (shared/copy/prompt.ts). */
  promptHash: string;
  usage?: { inputTokens: number; outputTokens: number };
  stopReason?: string;
  /** A guardrail replaced the output; `text` is the guardrail's message, not copy. */
  blocked?: boolean;
}

export interface CopyModel {
  readonly modelId: string;
  generate(request: CopyRequest): Promise<CopyResult>;
}

/** The model refused for rate or quota reasons: retry later, with backoff (the state machine does). */
export class ModelThrottledError extends Error {
  override readonly name = 'ModelThrottledError';
}

/** The model service had a transient failure (5xx, timeout, model not ready): worth a short retry. */
export class ModelUnavailableError extends Error {
  override readonly name = 'ModelUnavailableError';
}

/** The request cannot succeed as sent (access, validation, unknown model): fail the job, do not retry. */
export class ModelInvocationError extends Error {
  override readonly name = 'ModelInvocationError';
}

export const MODEL_ERROR_NAMES = {
  throttled: 'ModelThrottledError',
  unavailable: 'ModelUnavailableError',
  invocation: 'ModelInvocationError',
} as const;
