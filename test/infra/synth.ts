import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildSuite } from '../../lib/app';

/** Synthesizes the suite as `cdk synth` does (bundling skipped), optionally with cdk-nag, for assertions. */
export function synthSuite(options: { nag?: boolean; context?: Record<string, unknown>; extend?: (suite: ReturnType<typeof buildSuite>) => void } = {}) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], ...options.context } });
  const suite = buildSuite(app, { account: '123456789012', region: 'eu-west-1' });
  options.extend?.(suite);
  if (options.nag) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const assembly = app.synth();
  return {
    app,
    stacks: suite,
    assembly,
    data: Template.fromJSON(assembly.getStackByName(suite.data.stackName).template),
    service: Template.fromJSON(assembly.getStackByName(suite.service.stackName).template),
  };
}
