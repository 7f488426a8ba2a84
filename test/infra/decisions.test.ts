import { Match } from 'aws-cdk-lib/assertions';
import { functionsOf, synthSuite } from './synth';

/** The decisions capability's resources, asserted on the properties that matter (not on logical ids). */
describe('decisions infrastructure', () => {
  const { data, service } = synthSuite();
  const { fnByService, policyText } = functionsOf(service);

  it('keeps experiments, models and the decision log in one encrypted table with PITR, TTL and indexes by user and by experiment', () => {
    data.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true }, SSESpecification: { KMSMasterKeyId: Match.anyValue() } })],
        GlobalSecondaryIndexes: [
          Match.objectLike({ IndexName: 'byUser', KeySchema: [{ AttributeName: 'uid', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }], Projection: { ProjectionType: 'KEYS_ONLY' } }),
          Match.objectLike({ IndexName: 'byExperiment', KeySchema: [{ AttributeName: 'expBucket', KeyType: 'HASH' }, { AttributeName: 'logKey', KeyType: 'RANGE' }], Projection: { ProjectionType: 'ALL' } }),
        ],
      }),
    });
  });

  it('serves each route with its scope', () => {
    const routes: [string, string][] = [
      ['PUT /v1/experiments/{experimentId}', 'marketing/experiments:write'],
      ['GET /v1/experiments/{experimentId}', 'marketing/experiments:read'],
      ['GET /v1/experiments/{experimentId}/results', 'marketing/experiments:read'],
      ['POST /v1/experiments/{experimentId}/evaluate', 'marketing/experiments:write'],
      ['POST /v1/decisions', 'marketing/decisions:write'],
      ['POST /v1/decisions/{decisionId}/outcomes', 'marketing/decisions:write'],
    ];
    for (const [routeKey, scope] of routes) {
      service.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: routeKey, AuthorizationType: 'JWT', AuthorizationScopes: [scope] });
    }
  });

  it('puts a second mapping on the same stream with the shared failure defaults', () => {
    const consumer = fnByService('decisions-consumer');
    const mappings = service.findResources('AWS::Lambda::EventSourceMapping');
    const ofConsumer = Object.values(mappings).filter((mapping) => JSON.stringify(mapping.Properties.FunctionName).includes(consumer.logicalId));
    expect(ofConsumer).toHaveLength(1);
    const streams = new Set(Object.values(mappings).map((mapping) => JSON.stringify(mapping.Properties.EventSourceArn)));
    expect(streams.size).toBe(1);
    expect(ofConsumer[0]!.Properties).toMatchObject({
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      MaximumRetryAttempts: 5,
      ParallelizationFactor: 1,
      StartingPosition: 'TRIM_HORIZON',
      MaximumBatchingWindowInSeconds: 5,
      DestinationConfig: { OnFailure: { Destination: expect.anything() } },
    });
    service.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'IteratorAge', Dimensions: [{ Name: 'FunctionName', Value: { Ref: consumer.logicalId } }] });
  });

  it("takes the consumer's batching window from context, apart from the feature updater's, and refuses values Lambda would reject", () => {
    const { service: tuned } = synthSuite({ context: { decisionsBatchingWindowSeconds: 1 } });
    const windows = Object.values(tuned.findResources('AWS::Lambda::EventSourceMapping')).map((mapping) => [JSON.stringify(mapping.Properties.FunctionName).includes(fnByService('decisions-consumer').logicalId), mapping.Properties.MaximumBatchingWindowInSeconds]);
    expect(windows.sort()).toEqual([
      [false, 5],
      [true, 1],
    ]);
    expect(() => synthSuite({ context: { decisionsBatchingWindowSeconds: 301 } })).toThrow(/301|300/);
  });

  it('names its resources through the environment: cache bound, retention and pipeline settings included', () => {
    expect(fnByService('decisions-api').resource.Properties.Environment.Variables).toMatchObject({
      DECISIONS_TABLE_NAME: expect.anything(),
      PROFILES_TABLE_NAME: expect.anything(),
      EVENTS_STREAM_NAME: expect.anything(),
      PSEUDONYMIZATION_SECRET_ID: expect.anything(),
      EXPERIMENT_CACHE_SECONDS: '30',
    });
    // Profiles are read with the same pipeline settings as GET /v1/profiles uses.
    expect(fnByService('decisions-api').resource.Properties.Environment.Variables.PIPELINE_SETTINGS).toBe(fnByService('profiles-api').resource.Properties.Environment.Variables.PIPELINE_SETTINGS);
    expect(fnByService('decisions-consumer').resource.Properties.Environment.Variables).toMatchObject({ DECISION_LOG_RETENTION_DAYS: '90', DEAD_LETTER_QUEUE_URL: expect.anything() });
    expect(fnByService('profiles-api').resource.Properties.Environment.Variables).toHaveProperty('DECISIONS_TABLE_NAME');
  });

  it('takes the log retention from context', () => {
    const { service: withContext } = synthSuite({ context: { decisionLogRetentionDays: 30 } });
    withContext.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: 'decisions-consumer', DECISION_LOG_RETENTION_DAYS: '30' }) } });
  });

  it('grants least privilege: the decision function reads the tables and writes the stream; only erasure and evaluation query an index', () => {
    const decide = policyText('decisions-api');
    expect(decide).toContain('kinesis:PutRecord');
    expect(decide).toContain('dynamodb:BatchGetItem');
    expect(decide).not.toMatch(/dynamodb:(PutItem|UpdateItem|DeleteItem|BatchWriteItem)/);
    expect(policyText('decision-outcomes-api')).not.toMatch(/dynamodb:(PutItem|UpdateItem|DeleteItem|BatchWriteItem)/);
    expect(policyText('profiles-api')).toMatch(/index\/byUser/);
    expect(policyText('experiments-api')).toMatch(/index\/byExperiment/);
    expect(policyText('experiments-api')).not.toContain('kinesis:');
  });

  it('leaves no cdk-nag AwsSolutions finding in the decisions capability or its table', () => {
    let report = '';
    try {
      synthSuite({ nag: true });
    } catch (error) {
      report = (error as Error).message;
    }
    // Other capabilities' findings are theirs to fix; none may point into Decisions or its table.
    expect(report).not.toMatch(/AiMarketingService\/Decisions\/|AiMarketingData\/DecisionsTable/);
  });
});
