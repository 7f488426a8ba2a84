import { Duration } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { synthSuite } from './synth';

describe('profiles infrastructure', () => {
  const { data, service } = synthSuite();

  it('encrypts the stream, table and queue with the rotated customer-managed key', () => {
    data.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    data.hasResourceProperties('AWS::Kinesis::Stream', { StreamEncryption: { EncryptionType: 'KMS', KeyId: Match.anyValue() }, StreamModeDetails: { StreamMode: 'ON_DEMAND' } });
    data.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [{ AttributeName: 'uid', KeyType: 'HASH' }],
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
      Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true }, SSESpecification: { KMSMasterKeyId: Match.anyValue() } })],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
    data.hasResourceProperties('AWS::SQS::Queue', { KmsMasterKeyId: Match.anyValue() });
  });

  it('keeps data when the stack is deleted', () => {
    for (const type of ['AWS::Kinesis::Stream', 'AWS::DynamoDB::GlobalTable', 'AWS::SQS::Queue', 'AWS::SecretsManager::Secret']) {
      data.hasResource(type, { DeletionPolicy: 'Retain' });
    }
  });

  it('defines every function the house way: Node 22 on ARM64, JSON logs with retention, tracing, source maps', () => {
    // CDK's own custom-resource function (the console's BucketDeployment) is exempt, as in RequireMarketingFunctions.
    const functions = Object.entries(service.findResources('AWS::Lambda::Function')).filter(([id]) => !id.startsWith('CustomCDKBucketDeployment'));
    expect(functions.length).toBeGreaterThanOrEqual(3);
    for (const [, fn] of functions) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: { LogFormat: 'JSON', LogGroup: expect.anything() },
        Environment: { Variables: expect.objectContaining({ NODE_OPTIONS: '--enable-source-maps', POWERTOOLS_SERVICE_NAME: expect.any(String) }) },
      });
    }
    service.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: Match.anyValue() });
  });

  it('maps the stream to the feature updater with bisect, partial failures, bounded retries and an on-failure queue', () => {
    service.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 200,
      MaximumBatchingWindowInSeconds: 5,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      MaximumRetryAttempts: 5,
      MaximumRecordAgeInSeconds: Duration.hours(6).toSeconds(),
      ParallelizationFactor: 1,
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
  });

  it('alarms on iterator age and on dead-letter depth', () => {
    service.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'IteratorAge', Statistic: 'Maximum', AlarmActions: Match.anyValue() });
    service.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ApproximateNumberOfMessagesVisible', Threshold: 0, AlarmActions: Match.anyValue() });
  });

  it.each([
    ['POST /v1/events', 'marketing/events:write'],
    ['GET /v1/profiles/{userId}', 'marketing/profiles:read'],
    ['DELETE /v1/profiles/{userId}', 'marketing/profiles:delete'],
  ])('requires a JWT with the right scope on %s', (routeKey, scope) => {
    service.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: routeKey, AuthorizationType: 'JWT', AuthorizationScopes: [scope] });
  });

  it('lets machine clients get tokens with the client-credentials grant only', () => {
    service.hasResourceProperties('AWS::Cognito::UserPoolClient', { AllowedOAuthFlows: ['client_credentials'], GenerateSecret: true });
    service.hasResourceProperties('AWS::Cognito::UserPool', { AdminCreateUserConfig: { AllowAdminCreateUserOnly: true } });
  });

  it('logs API access by route template, never by raw path (it carries user ids)', () => {
    const stages = service.findResources('AWS::ApiGatewayV2::Stage');
    const format = String(Object.values(stages)[0]!.Properties.AccessLogSettings.Format);
    expect(format).toContain('$context.routeKey');
    expect(format).not.toMatch(/\$context\.(path|resourcePath)|\$context\.identity\.sourceIp/);
  });

  it('gives the feature updater access to exactly its table, queue, stream and key — not the secret', () => {
    const policies = Object.values(service.findResources('AWS::IAM::Policy')).filter((policy) => JSON.stringify(policy).includes('FeatureUpdater'));
    const text = JSON.stringify(policies);
    expect(text).toContain('dynamodb:PutItem');
    expect(text).toContain('sqs:SendMessage');
    // Identity stitching forwards a merged anonymous visitor's events to the user's partition.
    expect(text).toContain('kinesis:PutRecords');
    expect(text).not.toContain('secretsmanager:GetSecretValue');
  });
});

describe('guard rails', () => {
  it('passes the cdk-nag AwsSolutions checks with every exception acknowledged', () => {
    expect(() => synthSuite({ nag: true })).not.toThrow();
  });

  it('fails synthesis on a finding nobody acknowledged', () => {
    expect(() => synthSuite({ nag: true, extend: ({ data }) => new Queue(data, 'UnencryptedQueue', { enforceSSL: false }) })).toThrow(/AwsSolutions-SQS/);
  });

  it('flags a function that bypasses the house construct as a synthesis error', () => {
    const { stacks } = synthSuite({
      extend: ({ service }) => new LambdaFunction(service, 'RawFunction', { runtime: Runtime.NODEJS_20_X, handler: 'index.handler', code: Code.fromInline('exports.handler = async () => 1') }),
    });
    const errors = stacks.service.node.findChild('RawFunction').node.metadata.filter((entry) => entry.type === 'aws:cdk:error');
    expect(errors.map((entry) => String(entry.data))).toEqual([expect.stringMatching(/MarketingFunction/)]);
  });

  it('takes the feature updater\'s batching from context, and refuses values Lambda would reject', () => {
    const { service: tuned } = synthSuite({ context: { profileBatchSize: 1000, profileBatchingWindowSeconds: 20 } });
    tuned.hasResourceProperties('AWS::Lambda::EventSourceMapping', { BatchSize: 1000, MaximumBatchingWindowInSeconds: 20, BisectBatchOnFunctionError: true });
    expect(() => synthSuite({ context: { profileBatchSize: 20_000 } })).toThrow(/batchSize/);
    expect(() => synthSuite({ context: { profileBatchingWindowSeconds: 301 } })).toThrow(/windowSeconds/);
  });
});
