import { Aspects, Duration, type App, type Environment } from 'aws-cdk-lib';
import { z } from 'zod';
import { PipelineSettingsSchema } from '../shared/profiles/settings';
import type { StaticSiteContent } from './constructs/console-site';
import { RequireMarketingFunctions } from './constructs/marketing-function';
import { ServiceStack } from './stacks/service-stack';
import { StatefulStack } from './stacks/stateful-stack';
import packageJson from '../package.json';

export const STACK_NAMES = { data: 'AiMarketingData', service: 'AiMarketingService' } as const;

/**
 * Builds the whole suite into `app`. Shared by `cdk synth/deploy` (bin/app.ts), the tests and the
 * local runtime, so all three see the same resources and settings. Context values:
 * `pipelineSettings` (JSON overrides of the profile pipeline), `authDomainPrefix`,
 * `profileBatchSize` and `profileBatchingWindowSeconds` (the feature updater's batching),
 * `decisionsBatchingWindowSeconds` (the decisions consumer's).
 * `staticSites` are deployed with the console under their own paths (e.g. the API reference at `docs`).
 */
export function buildSuite(app: App, env?: Environment, options: { staticSites?: readonly StaticSiteContent[] } = {}) {
  const settingsContext = app.node.tryGetContext('pipelineSettings');
  const pipelineSettings = PipelineSettingsSchema.partial().parse(typeof settingsContext === 'string' ? JSON.parse(settingsContext) : (settingsContext ?? {}));
  const batching = ProfileBatchingSchema.parse({ batchSize: app.node.tryGetContext('profileBatchSize'), windowSeconds: app.node.tryGetContext('profileBatchingWindowSeconds') });
  const decisionsWindowSeconds = BatchingWindowSecondsSchema.parse(app.node.tryGetContext('decisionsBatchingWindowSeconds'));
  const data = new StatefulStack(app, STACK_NAMES.data, { env, description: 'AI-marketing suite: data (stream, tables, queue, keys)' });
  const service = new ServiceStack(app, STACK_NAMES.service, {
    env,
    description: 'AI-marketing suite: API, functions, workflows, schedules',
    data,
    pipelineVersion: `profiles@${packageJson.version}`,
    pipelineSettings,
    authDomainPrefix: app.node.tryGetContext('authDomainPrefix'),
    profileBatchSize: batching.batchSize,
    profileBatchingWindow: batching.windowSeconds === undefined ? undefined : Duration.seconds(batching.windowSeconds),
    decisionsBatchingWindow: decisionsWindowSeconds === undefined ? undefined : Duration.seconds(decisionsWindowSeconds),
    staticSites: options.staticSites,
  });
  Aspects.of(app).add(new RequireMarketingFunctions());
  return { data, service };
}

/** A Kinesis event source mapping's batching window, within Lambda's own bounds. */
const BatchingWindowSecondsSchema = z.coerce.number().int().min(0).max(300).optional();

/**
 * Kinesis → Lambda batching of the feature updater: a bigger batch or a longer window holds more of a
 * user's events per write (fewer DynamoDB write units) at the cost of seconds of freshness; see
 * BENCHMARKS.md (profile cost). Bounds are Lambda's own for Kinesis event source mappings.
 */
const ProfileBatchingSchema = z.object({
  batchSize: z.coerce.number().int().min(1).max(10_000).optional(),
  windowSeconds: BatchingWindowSecondsSchema,
});
