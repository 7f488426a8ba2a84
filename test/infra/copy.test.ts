import { Match, type Template } from 'aws-cdk-lib/assertions';
import { synthSuite } from './synth';

/** The state machine's ASL from the template: Fn::Join parts, with each token replaced by its logical id. */
function definitionOf(service: Template): any {
  const machines = Object.values(service.findResources('AWS::StepFunctions::StateMachine'));
  expect(machines).toHaveLength(1);
  const parts = machines[0]!.Properties.DefinitionString['Fn::Join'][1] as unknown[];
  const text = parts
    .map((part) => (typeof part === 'string' ? part : JSON.stringify(part).replace(/[{}"[\]:,]/g, '').replace('Fn::GetAtt', '').replace('Ref', '')))
    .join('');
  return JSON.parse(text);
}

function policyStatementsOf(service: Template, functionLogicalIdPrefix: string): any[] {
  const policies = Object.entries(service.findResources('AWS::IAM::Policy')).filter(([id]) => id.startsWith(functionLogicalIdPrefix));
  return policies.flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement);
}

const actionsOf = (statement: any): string[] => [statement.Action].flat();

describe('copy infrastructure (default: Bedrock)', () => {
  const { data, service } = synthSuite();
  const definition = definitionOf(service);

  it('keeps jobs and variants in an encrypted, point-in-time-recoverable table with a sparse review index', () => {
    data.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [Match.objectLike({ IndexName: 'reviews', KeySchema: [{ AttributeName: 'reviewQueue', KeyType: 'HASH' }, { AttributeName: 'queuedAt', KeyType: 'RANGE' }], Projection: { ProjectionType: 'ALL' } })],
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
      Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true }, SSESpecification: { KMSMasterKeyId: Match.anyValue() } })],
    });
  });

  it('runs a Standard state machine with X-Ray and full event logging without execution data', () => {
    service.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: false, Destinations: [Match.anyValue()] },
    });
    expect(definition.TimeoutSeconds).toBe(1800);
  });

  it('maps over the variants with bounded concurrency: generate → check → pass | regenerate | review → persist', () => {
    const map = definition.States.ForEachVariant;
    expect(map).toMatchObject({ Type: 'Map', ItemsPath: '$.items', MaxConcurrency: 4, ResultPath: '$.variants' });
    const states = map.ItemProcessor.States;
    expect(map.ItemProcessor.StartAt).toBe('Generate');
    expect(states.Generate.Next).toBe('Check');
    expect(states.Check.Next).toBe('Verdict');
    expect(states.Verdict).toEqual({
      Type: 'Choice',
      Choices: [
        { Variable: '$.verdict', StringEquals: 'pass', Next: 'Accept' },
        { Variable: '$.attempt', NumericLessThanPath: '$.job.maxAttempts', Next: 'Regenerate' },
      ],
      Default: 'HumanReview',
    });
    expect(states.Regenerate.Next).toBe('Generate');
    expect(states.Accept).toMatchObject({ Result: 'accepted', ResultPath: '$.outcome', Next: 'PersistVariant' });
    expect(states.HumanReview).toMatchObject({ Result: 'pending-review', ResultPath: '$.outcome', Next: 'PersistVariant' });
    expect(definition.StartAt).toBe('ValidateJob');
    expect(definition.States.ValidateJob.Next).toBe('ForEachVariant');
    expect(map.Next).toBe('PublishJob');
  });

  it('retries model throttling with exponential backoff and jitter, transient outages briefly, nothing else', () => {
    const retries = definition.States.ForEachVariant.ItemProcessor.States.Generate.Retry;
    expect(retries).toEqual(
      expect.arrayContaining([
        { ErrorEquals: ['ModelThrottledError'], IntervalSeconds: 2, MaxAttempts: 6, BackoffRate: 2, MaxDelaySeconds: 30, JitterStrategy: 'FULL' },
        { ErrorEquals: ['ModelUnavailableError'], IntervalSeconds: 1, MaxAttempts: 2, BackoffRate: 2 },
      ]),
    );
    expect(retries.flatMap((retry: any) => retry.ErrorEquals)).not.toContain('ModelInvocationError');
  });

  it('ends every failure in MarkJobFailed and a Fail state carrying the original error', () => {
    for (const state of [definition.States.ValidateJob, definition.States.ForEachVariant, definition.States.PublishJob]) {
      expect(state.Catch).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: 'MarkJobFailed' }]);
    }
    expect(definition.States.MarkJobFailed).toMatchObject({ Next: 'JobFailed', ResultPath: null, Parameters: { Payload: { 'jobId.$': '$.jobId', 'error.$': '$.failure.Error', 'cause.$': '$.failure.Cause' } } });
    expect(definition.States.JobFailed).toEqual({ Type: 'Fail', ErrorPath: '$.failure.Error', CausePath: '$.failure.Cause' });
  });

  it('uses only JSONPath (the local engine ignores JSONata)', () => {
    expect(JSON.stringify(definition)).not.toMatch(/JSONata|QueryLanguage/);
  });

  it('lets the generate function invoke exactly the configured foundation model', () => {
    service.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ COPY_MODEL_PROVIDER: 'bedrock', COPY_MODEL_ID: 'amazon.nova-lite-v1:0', COPY_MODEL_TEMPERATURE: '0.7', COPY_MODEL_MAX_TOKENS: '400' }) },
    });
    const bedrock = policyStatementsOf(service, 'CopyGenerateFunction').filter((statement) => actionsOf(statement).some((action) => action.startsWith('bedrock:')));
    expect(bedrock).toEqual([
      { Action: 'bedrock:InvokeModel', Effect: 'Allow', Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':bedrock:eu-west-1::foundation-model/amazon.nova-lite-v1:0']] } },
    ]);
    // No other function may call a model.
    const others = Object.entries(service.findResources('AWS::IAM::Policy')).filter(([id]) => !id.startsWith('CopyGenerateFunction'));
    expect(JSON.stringify(others)).not.toContain('bedrock:');
  });

  it('lets the API start and describe only this state machine’s executions', () => {
    const statements = policyStatementsOf(service, 'CopyJobsApi');
    const start = statements.find((statement) => actionsOf(statement).includes('states:StartExecution'));
    expect(start.Resource).toEqual({ Ref: expect.stringMatching(/^CopyWorkflow/) });
    const describe = statements.find((statement) => actionsOf(statement).includes('states:DescribeExecution'));
    expect(JSON.stringify(describe.Resource)).toMatch(/:execution:AiMarketingService-Copy-[A-Za-z0-9-]+:\*/);
    const reviews = policyStatementsOf(service, 'CopyReviewsApi').find((statement) => actionsOf(statement).includes('dynamodb:Query') && JSON.stringify(statement.Resource).includes('/index/reviews'));
    expect(reviews).toBeDefined();
  });

  it.each([
    ['POST /v1/copy-jobs', 'marketing/copy:write'],
    ['GET /v1/copy-jobs/{jobId}', 'marketing/copy:read'],
    ['GET /v1/reviews', 'marketing/copy:read'],
    ['POST /v1/reviews/{variantId}', 'marketing/copy:review'],
    ['POST /v1/compliance/check', 'marketing/compliance:check'],
  ])('requires a JWT with the right scope on %s', (routeKey, scope) => {
    service.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: routeKey, AuthorizationType: 'JWT', AuthorizationScopes: [scope] });
  });
});

describe('copy model settings from context', () => {
  it('scopes a cross-region inference profile to the profile and its one foundation model, and the guardrail to itself', () => {
    const { service } = synthSuite({ context: { copyModelId: 'eu.anthropic.claude-3-5-haiku-20241022-v1:0', copyGuardrailId: 'gr1abc', copyGuardrailVersion: '4', copyModelTemperature: '0.3' } });
    const statements = policyStatementsOf(service, 'CopyGenerateFunction').filter((statement) => actionsOf(statement).some((action) => action.startsWith('bedrock:')));
    expect(JSON.stringify(statements)).toContain(':bedrock:eu-west-1:123456789012:inference-profile/eu.anthropic.claude-3-5-haiku-20241022-v1:0');
    expect(JSON.stringify(statements)).toContain(':bedrock:*::foundation-model/anthropic.claude-3-5-haiku-20241022-v1:0');
    expect(statements.find((statement) => actionsOf(statement).includes('bedrock:ApplyGuardrail'))?.Resource).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':bedrock:eu-west-1:123456789012:guardrail/gr1abc']],
    });
    service.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ COPY_GUARDRAIL_ID: 'gr1abc', COPY_GUARDRAIL_VERSION: '4', COPY_MODEL_TEMPERATURE: '0.3' }) } });
  });

  it('runs the offline generator with no model permission at all under copyModel=offline', () => {
    const { service } = synthSuite({ context: { copyModel: 'offline' } });
    service.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ COPY_MODEL_PROVIDER: 'offline' }) } });
    expect(JSON.stringify(service.findResources('AWS::IAM::Policy'))).not.toContain('bedrock:');
  });

  it('fails synthesis on a malformed setting', () => {
    expect(() => synthSuite({ context: { copyModel: 'gpt' } })).toThrow(/Invalid copy model context: copyModel/);
    expect(() => synthSuite({ context: { copyGuardrailId: 'only-the-id' } })).toThrow(/together/);
  });
});

describe('copy guard rails', () => {
  it.each([
    ['the default model', {}],
    ['an inference profile with a guardrail', { copyModelId: 'us.amazon.nova-lite-v1:0', copyGuardrailId: 'gr1abc', copyGuardrailVersion: '1' }],
    ['the offline model', { copyModel: 'offline' }],
  ])('leaves no cdk-nag AwsSolutions finding in the copy capability with %s', (_label, context) => {
    let report = '';
    try {
      synthSuite({ nag: true, context });
    } catch (error) {
      report = (error as Error).message;
    }
    // Other capabilities' findings are theirs to fix; none may point into Copy or its table.
    expect(report).not.toMatch(/AiMarketingService\/Copy\/|AiMarketingData\/CopyTable/);
  });
});
