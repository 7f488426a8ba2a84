import 'aws-sdk-client-mock-jest';
import {
  AccessDeniedException,
  BedrockRuntimeClient,
  ConverseCommand,
  ModelTimeoutException,
  ServiceUnavailableException,
  ThrottlingException,
  ValidationException,
} from '@aws-sdk/client-bedrock-runtime';
import { mockClient } from 'aws-sdk-client-mock';
import { BedrockCopyModel, cleanModelText } from '../../shared/aws/bedrock-copy-model';
import { copyModelFromEnv, CopyModelEnvSchema } from '../../shared/aws/copy-model-config';
import { ModelInvocationError, ModelThrottledError, ModelUnavailableError } from '../../shared/copy/model';
import { OfflineCopyModel } from '../../shared/copy/offline-model';
import { buildPrompt } from '../../shared/copy/prompt';
import { copyRequest } from './fixtures';

const bedrock = mockClient(BedrockRuntimeClient);
const config = { modelId: 'eu.amazon.nova-lite-v1:0', temperature: 0.6, maxTokens: 300 };
const meta = { $metadata: {} };
const answer = (text: string, stopReason: 'end_turn' | 'guardrail_intervened' = 'end_turn') => ({
  output: { message: { role: 'assistant' as const, content: [{ text }] } },
  stopReason,
  usage: { inputTokens: 412, outputTokens: 37, totalTokens: 449 },
  metrics: { latencyMs: 800 },
  ...meta,
});

beforeEach(() => bedrock.reset());

describe('the Bedrock copy model (Converse API)', () => {
  it('sends the model id, system prompt, one user message and the inference config', async () => {
    bedrock.on(ConverseCommand).resolves(answer('“山行保温杯，12小时保温。轻至280克。”'));
    const model = new BedrockCopyModel(new BedrockRuntimeClient({ region: 'eu-west-1' }), config);
    const request = copyRequest();
    const prompt = buildPrompt(request);

    const result = await model.generate(request);

    expect(bedrock).toHaveReceivedCommandTimes(ConverseCommand, 1);
    expect(bedrock).toHaveReceivedCommandWith(ConverseCommand, {
      modelId: 'eu.amazon.nova-lite-v1:0',
      system: [{ text: prompt.system }],
      messages: [{ role: 'user', content: [{ text: prompt.user }] }],
      inferenceConfig: { maxTokens: 300, temperature: 0.6 },
    });
    expect(bedrock.commandCalls(ConverseCommand)[0]!.args[0].input.guardrailConfig).toBeUndefined();
    expect(result).toEqual({
      text: '山行保温杯，12小时保温。轻至280克。',
      modelId: 'eu.amazon.nova-lite-v1:0',
      promptHash: prompt.hash,
      usage: { inputTokens: 412, outputTokens: 37 },
      stopReason: 'end_turn',
    });
  });

  it('applies the configured guardrail and reports an intervention as blocked output', async () => {
    bedrock.on(ConverseCommand).resolves(answer('Sorry, I cannot help with that.', 'guardrail_intervened'));
    const model = new BedrockCopyModel(new BedrockRuntimeClient({ region: 'eu-west-1' }), { ...config, guardrail: { id: 'gr-123', version: '3' } });
    const result = await model.generate(copyRequest());
    expect(bedrock).toHaveReceivedCommandWith(ConverseCommand, { guardrailConfig: { guardrailIdentifier: 'gr-123', guardrailVersion: '3', trace: 'disabled' } });
    expect(result).toMatchObject({ blocked: true, stopReason: 'guardrail_intervened' });
  });

  it.each([
    [new ThrottlingException({ message: 'Too many requests', ...meta }), ModelThrottledError],
    [new ServiceUnavailableException({ message: 'down', ...meta }), ModelUnavailableError],
    [new ModelTimeoutException({ message: 'slow', ...meta }), ModelUnavailableError],
    [new AccessDeniedException({ message: 'no access to the model', ...meta }), ModelInvocationError],
    [new ValidationException({ message: 'bad model id', ...meta }), ModelInvocationError],
  ].map(([error, expected]) => [(error as Error).name, error as Error, expected] as const))('turns %s into the port error the state machine matches', async (_name, error, expected) => {
    bedrock.on(ConverseCommand).rejects(error);
    const model = new BedrockCopyModel(new BedrockRuntimeClient({ region: 'eu-west-1', maxAttempts: 1 }), config);
    const failure = await model.generate(copyRequest()).catch((thrown: Error) => thrown);
    expect(failure).toBeInstanceOf(expected);
    expect((failure as Error).message).toContain(error.name);
  });

  it('strips the quotes chat models put around a single line', () => {
    expect(cleanModelText('  "Keeps coffee hot."\n')).toBe('Keeps coffee hot.');
    expect(cleanModelText('「轻至280克」')).toBe('轻至280克');
    expect(cleanModelText('He said "hi" today')).toBe('He said "hi" today');
  });
});

describe('picking the adapter from the environment', () => {
  it('uses the offline generator for COPY_MODEL_PROVIDER=offline', () => {
    expect(copyModelFromEnv(CopyModelEnvSchema.parse({ COPY_MODEL_PROVIDER: 'offline' }))).toBeInstanceOf(OfflineCopyModel);
  });

  it('uses Bedrock with the configured model, and insists on guardrail id and version together', () => {
    const env = CopyModelEnvSchema.parse({ COPY_MODEL_PROVIDER: 'bedrock', COPY_MODEL_ID: 'amazon.nova-lite-v1:0', COPY_MODEL_TEMPERATURE: '0.7', COPY_MODEL_MAX_TOKENS: '400' });
    const model = copyModelFromEnv(env);
    expect(model).toBeInstanceOf(BedrockCopyModel);
    expect(model.modelId).toBe('amazon.nova-lite-v1:0');
    expect(CopyModelEnvSchema.safeParse({ ...env, COPY_MODEL_TEMPERATURE: '0.7', COPY_MODEL_MAX_TOKENS: '400', COPY_GUARDRAIL_ID: 'gr-1' }).success).toBe(false);
    expect(CopyModelEnvSchema.safeParse({ COPY_MODEL_PROVIDER: 'openai' }).success).toBe(false);
    expect(CopyModelEnvSchema.safeParse({ COPY_MODEL_PROVIDER: 'bedrock' }).success).toBe(false);
  });
});
