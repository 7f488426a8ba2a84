import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { copyModelFromEnv, CopyModelEnvSchema } from '../../shared/aws/copy-model-config';
import { workflowStep } from '../../shared/aws/lambda-step';
import { parseEnv } from '../../shared/config/env';
import { IterationStateSchema } from '../../shared/copy/schema';
import { generateStep } from '../../shared/copy/workflow';
import { logger, metrics } from '../../shared/aws/observability';

const model = copyModelFromEnv(parseEnv(CopyModelEnvSchema));

/**
 * Generate (and Regenerate): one attempt from the copy model, with the previous attempt's findings as
 * feedback. Model throttling surfaces as ModelThrottledError, which the state machine retries with backoff.
 */
export const handler = workflowStep(IterationStateSchema, async (state) => {
  const next = await generateStep(state, model, () => new Date());
  metrics.addMetric(state.attempt === 0 ? 'CopyGenerated' : 'CopyRegenerated', MetricUnit.Count, 1);
  if (next.draft?.usage) metrics.addMetric('ModelOutputTokens', MetricUnit.Count, next.draft.usage.outputTokens);
  logger.info('copy generated', { jobId: state.jobId, variantId: state.item.variantId, attempt: next.attempt, modelId: next.draft?.modelId, promptHash: next.draft?.promptHash });
  return next;
});
