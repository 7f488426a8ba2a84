import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { workflowStep } from '../../shared/aws/lambda-step';
import { IterationStateSchema } from '../../shared/copy/schema';
import { checkStep } from '../../shared/copy/workflow';
import { logger, metrics } from '../../shared/aws/observability';

/** Check: the compliance engine on the latest draft; the verdict drives the state machine's Choice. */
export const handler = workflowStep(IterationStateSchema, async (state) => {
  const next = checkStep(state, () => new Date());
  const attempt = next.attempts.at(-1)!;
  metrics.addMetric(`CopyVerdict-${attempt.verdict}`, MetricUnit.Count, 1);
  logger.info('copy checked', { jobId: state.jobId, variantId: state.item.variantId, attempt: attempt.attempt, verdict: attempt.verdict, rules: attempt.findings.map((finding) => finding.ruleId) });
  return next;
});
