import { z } from 'zod';
import type { CopyModel } from '../copy/model';
import { OfflineCopyModel } from '../copy/offline-model';
import { BedrockCopyModel } from './bedrock-copy-model';
import { bedrockRuntimeClient } from './clients';

/**
 * The generate function's model configuration, set by lib/constructs/copy.ts: `COPY_MODEL_PROVIDER`
 * picks the adapter; Bedrock needs its model id and inference settings, and optionally a guardrail
 * (id and version together). A missing or malformed value fails the cold start.
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
  ])
  .superRefine((env, ctx) => {
    if (env.COPY_MODEL_PROVIDER === 'bedrock' && (env.COPY_GUARDRAIL_ID === undefined) !== (env.COPY_GUARDRAIL_VERSION === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['COPY_GUARDRAIL_VERSION'], message: 'set COPY_GUARDRAIL_ID and COPY_GUARDRAIL_VERSION together' });
    }
  });
export type CopyModelEnv = z.infer<typeof CopyModelEnvSchema>;

export function copyModelFromEnv(env: CopyModelEnv): CopyModel {
  if (env.COPY_MODEL_PROVIDER === 'offline') return new OfflineCopyModel();
  return new BedrockCopyModel(bedrockRuntimeClient(), {
    modelId: env.COPY_MODEL_ID,
    temperature: env.COPY_MODEL_TEMPERATURE,
    maxTokens: env.COPY_MODEL_MAX_TOKENS,
    ...(env.COPY_GUARDRAIL_ID && env.COPY_GUARDRAIL_VERSION ? { guardrail: { id: env.COPY_GUARDRAIL_ID, version: env.COPY_GUARDRAIL_VERSION } } : {}),
  });
}
