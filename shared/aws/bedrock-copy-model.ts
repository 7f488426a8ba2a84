import { ConverseCommand, type BedrockRuntimeClient, type ConverseCommandInput } from '@aws-sdk/client-bedrock-runtime';
import { ModelInvocationError, ModelThrottledError, ModelUnavailableError, type CopyModel, type CopyRequest, type CopyResult } from '../copy/model';
import { buildPrompt, cleanModelText } from '../copy/prompt';

export interface BedrockCopyModelConfig {
  /** A foundation-model id (`amazon.nova-lite-v1:0`), an inference-profile id (`eu.amazon.nova-lite-v1:0`) or an ARN. */
  modelId: string;
  temperature: number;
  maxTokens: number;
  /** A Bedrock Guardrail applied to the model's input and output. */
  guardrail?: { id: string; version: string };
}

const THROTTLED = new Set(['ThrottlingException', 'ServiceQuotaExceededException', 'TooManyRequestsException']);
const UNAVAILABLE = new Set(['ServiceUnavailableException', 'InternalServerException', 'ModelTimeoutException', 'ModelNotReadyException', 'TimeoutError', 'RequestTimeout']);

/** Maps SDK failures onto the port's errors, which the state machine's Retry and Catch rules name. */
export function translateBedrockError(error: unknown): Error {
  const name = (error as Error)?.name ?? 'Error';
  const message = `Bedrock ${name}: ${(error as Error)?.message ?? String(error)}`;
  if (THROTTLED.has(name)) return new ModelThrottledError(message);
  if (UNAVAILABLE.has(name) || (error as { $retryable?: unknown })?.$retryable) return new ModelUnavailableError(message);
  return new ModelInvocationError(message);
}

/** Kept here too for existing imports; it lives with the prompt, as the other half of its reply instruction. */
export { cleanModelText };

/** The copy model on Amazon Bedrock, through the model-agnostic Converse API. */
export class BedrockCopyModel implements CopyModel {
  constructor(
    private readonly client: BedrockRuntimeClient,
    private readonly config: BedrockCopyModelConfig,
  ) {}

  get modelId(): string {
    return this.config.modelId;
  }

  /** The exact Converse request for a copy request (exported for tests and for reading). */
  converseInput(request: CopyRequest): { input: ConverseCommandInput; promptHash: string } {
    const prompt = buildPrompt(request);
    const { guardrail } = this.config;
    return {
      promptHash: prompt.hash,
      input: {
        modelId: this.config.modelId,
        system: [{ text: prompt.system }],
        messages: [{ role: 'user', content: [{ text: prompt.user }] }],
        inferenceConfig: { maxTokens: this.config.maxTokens, temperature: this.config.temperature },
        ...(guardrail ? { guardrailConfig: { guardrailIdentifier: guardrail.id, guardrailVersion: guardrail.version, trace: 'disabled' as const } } : {}),
      },
    };
  }

  async generate(request: CopyRequest): Promise<CopyResult> {
    const { input, promptHash } = this.converseInput(request);
    let response;
    try {
      response = await this.client.send(new ConverseCommand(input));
    } catch (error) {
      throw translateBedrockError(error);
    }
    const content = response.output?.message?.content ?? [];
    const text = cleanModelText(content.map((block) => block.text ?? '').join(''));
    const usage = response.usage;
    return {
      text,
      modelId: this.config.modelId,
      promptHash,
      ...(usage?.inputTokens !== undefined && usage.outputTokens !== undefined ? { usage: { inputTokens: usage.inputTokens, outputTokens: usage.outputTokens } } : {}),
      ...(response.stopReason ? { stopReason: response.stopReason } : {}),
      ...(response.stopReason === 'guardrail_intervened' ? { blocked: true } : {}),
    };
  }
}
