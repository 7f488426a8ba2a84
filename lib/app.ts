import { Aspects, type App, type Environment } from 'aws-cdk-lib';
import { PipelineSettingsSchema } from '../shared/profiles/settings';
import { RequireMarketingFunctions } from './constructs/marketing-function';
import { ServiceStack } from './stacks/service-stack';
import { StatefulStack } from './stacks/stateful-stack';
import packageJson from '../package.json';

export const STACK_NAMES = { data: 'AiMarketingData', service: 'AiMarketingService' } as const;

/**
 * Builds the whole suite into `app`. Shared by `cdk synth/deploy` (bin/app.ts), the tests and the
 * local runtime, so all three see the same resources and settings. Context values:
 * `pipelineSettings` (JSON overrides of the profile pipeline), `authDomainPrefix`.
 */
export function buildSuite(app: App, env?: Environment) {
  const settingsContext = app.node.tryGetContext('pipelineSettings');
  const pipelineSettings = PipelineSettingsSchema.partial().parse(typeof settingsContext === 'string' ? JSON.parse(settingsContext) : (settingsContext ?? {}));
  const data = new StatefulStack(app, STACK_NAMES.data, { env, description: 'AI-marketing suite: data (stream, tables, queue, keys)' });
  const service = new ServiceStack(app, STACK_NAMES.service, {
    env,
    description: 'AI-marketing suite: API, functions, workflows, schedules',
    data,
    pipelineVersion: `profiles@${packageJson.version}`,
    pipelineSettings,
    authDomainPrefix: app.node.tryGetContext('authDomainPrefix'),
  });
  Aspects.of(app).add(new RequireMarketingFunctions());
  return { data, service };
}
