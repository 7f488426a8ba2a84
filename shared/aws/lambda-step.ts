import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type { z } from 'zod';
import { logger, metrics, tracer } from './observability';

/** The step's input did not match its schema: a bug in the state machine or a hand-started execution. */
export class InvalidStepInputError extends Error {
  override readonly name = 'InvalidStepInputError';
}

/**
 * A Step Functions task handler as a middy chain: Powertools logger, metrics and tracer, and the input
 * parsed with the step's zod schema. Errors are rethrown with their own names, which is what the
 * state machine's Retry and Catch rules match on.
 */
export function workflowStep<S extends z.ZodType, R>(schema: S, step: (input: z.infer<S>, context: Context) => Promise<R>) {
  return middy<unknown, R, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics, { captureColdStartMetric: true }))
    .use(captureLambdaHandler(tracer))
    .handler(async (event, context) => {
      const parsed = schema.safeParse(event);
      if (!parsed.success) {
        const problems = parsed.error.issues.slice(0, 5).map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
        throw new InvalidStepInputError(`invalid step input: ${problems.join('; ')}`);
      }
      return step(parsed.data, context);
    });
}
