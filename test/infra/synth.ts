import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildSuite } from '../../lib/app';
import type { StaticSiteContent } from '../../lib/constructs/console-site';

/** Synthesizes the suite as `cdk synth` does (bundling skipped), optionally with cdk-nag, for assertions. */
export function synthSuite(options: { nag?: boolean; context?: Record<string, unknown>; extend?: (suite: ReturnType<typeof buildSuite>) => void; staticSites?: readonly StaticSiteContent[] } = {}) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'ai-marketing-infra-'));
  try {
    const app = new App({ outdir, context: { 'aws:cdk:bundling-stacks': [], ...options.context } });
    const suite = buildSuite(app, { account: '123456789012', region: 'eu-west-1' }, { staticSites: options.staticSites });
    options.extend?.(suite);
    if (options.nag) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    const assembly = app.synth();
    return {
      app,
      stacks: suite,
      data: Template.fromJSON(assembly.getStackByName(suite.data.stackName).template),
      service: Template.fromJSON(assembly.getStackByName(suite.service.stackName).template),
    };
  } finally {
    // The templates are in memory now (or the context was refused): the synthesized files are not needed.
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/**
 * Looks functions up in a synthesized stack by their Powertools service name (logical ids are CDK's
 * business, service names are ours), and renders the inline policies of a function's role as one JSON
 * string for permission assertions.
 */
export function functionsOf(template: Template) {
  const fnByService = (serviceName: string) => {
    const [entry] = Object.entries(template.findResources('AWS::Lambda::Function', { Properties: { Environment: { Variables: { POWERTOOLS_SERVICE_NAME: serviceName } } } }));
    if (!entry) throw new Error(`no function with service name ${serviceName}`);
    return { logicalId: entry[0], resource: entry[1] };
  };
  const policyText = (serviceName: string) => {
    const role = fnByService(serviceName).resource.Properties.Role['Fn::GetAtt'][0] as string;
    return JSON.stringify(
      Object.values(template.findResources('AWS::IAM::Policy')).filter((policy) => (policy.Properties.Roles as unknown[]).some((ref) => JSON.stringify(ref) === JSON.stringify({ Ref: role }))),
    );
  };
  return { fnByService, policyText };
}
