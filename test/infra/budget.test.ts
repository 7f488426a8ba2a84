import { Match } from 'aws-cdk-lib/assertions';
import { synthSuite } from './synth';

/** The budget capability's resources, asserted on the properties that matter (not on logical ids). */
describe('budget infrastructure', () => {
  const { data, service } = synthSuite();
  const budgetFunction = (serviceName: string) => {
    const [entry] = Object.entries(service.findResources('AWS::Lambda::Function', { Properties: { Environment: { Variables: { POWERTOOLS_SERVICE_NAME: serviceName } } } }));
    if (!entry) throw new Error(`no function with service name ${serviceName}`);
    return { logicalId: entry[0], resource: entry[1] };
  };
  /** The inline policies attached to a function's execution role. */
  const policiesOf = (fn: ReturnType<typeof budgetFunction>) => {
    const role = fn.resource.Properties.Role['Fn::GetAtt'][0] as string;
    return Object.values(service.findResources('AWS::IAM::Policy')).filter((policy) => (policy.Properties.Roles as unknown[]).some((ref) => JSON.stringify(ref) === JSON.stringify({ Ref: role })));
  };

  it('keeps campaigns, effects and allocations in one encrypted table with point-in-time recovery and a sparse due index', () => {
    data.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
      Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true }, SSESpecification: { KMSMasterKeyId: Match.anyValue() } })],
      GlobalSecondaryIndexes: [
        Match.objectLike({
          IndexName: 'due',
          KeySchema: [
            { AttributeName: 'dueBucket', KeyType: 'HASH' },
            { AttributeName: 'dueAt', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'KEYS_ONLY' },
        }),
      ],
    });
    data.hasResource('AWS::DynamoDB::GlobalTable', { Properties: Match.objectLike({ KeySchema: Match.arrayWith([{ AttributeName: 'sk', KeyType: 'RANGE' }]) }), DeletionPolicy: 'Retain' });
  });

  it('has an event bus for the connectors, in the data stack', () => {
    data.resourceCountIs('AWS::Events::EventBus', 1);
  });

  it('runs the reallocation hourly through EventBridge Scheduler, targeting the reallocate function with bounded retries', () => {
    const reallocate = budgetFunction('budget-reallocate');
    service.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(1 hour)',
      State: 'ENABLED',
      Target: {
        Arn: { 'Fn::GetAtt': [reallocate.logicalId, 'Arn'] },
        Input: JSON.stringify({ trigger: 'schedule' }),
        RoleArn: Match.anyValue(),
        RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 1800 },
      },
    });
    // The scheduler's role may invoke that function and nothing else.
    service.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'lambda:InvokeFunction', Resource: Match.arrayWith([{ 'Fn::GetAtt': [reallocate.logicalId, 'Arn'] }]) })]) },
    });
    expect(reallocate.resource.Properties.Timeout).toBe(300);
  });

  it('takes the schedule from context when given', () => {
    const custom = synthSuite({ context: { budgetReallocationSchedule: 'rate(15 minutes)' } });
    custom.service.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'rate(15 minutes)' });
  }, 60_000);

  it('alarms on failed campaigns, on a failed run and on anomalies, to the alarm topic', () => {
    service.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AiMarketing',
      MetricName: 'CampaignsFailed',
      Dimensions: [{ Name: 'service', Value: 'budget-reallocate' }],
      Statistic: 'Sum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [Match.anyValue()],
    });
    service.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AiMarketing',
      MetricName: 'CampaignsFailingRepeatedly',
      Dimensions: [{ Name: 'service', Value: 'budget-reallocate' }],
      Threshold: 1,
      AlarmActions: [Match.anyValue()],
    });
    service.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Errors',
      Namespace: 'AWS/Lambda',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: budgetFunction('budget-reallocate').logicalId } }],
      AlarmActions: [Match.anyValue()],
    });
    service.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Metrics: Match.arrayWith([Match.objectLike({ Expression: 'scheduled + onDemand' }), Match.objectLike({ MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: 'ChannelAnomalies' }) }) })]),
      AlarmActions: [Match.anyValue()],
    });
  });

  it.each([
    ['PUT /v1/campaigns/{campaignId}', 'marketing/budget:write'],
    ['GET /v1/campaigns/{campaignId}', 'marketing/budget:read'],
    ['GET /v1/campaigns/{campaignId}/allocation', 'marketing/budget:read'],
    ['GET /v1/campaigns/{campaignId}/allocations', 'marketing/budget:read'],
    ['POST /v1/campaigns/{campaignId}/reallocate', 'marketing/budget:write'],
    ['POST /v1/effects', 'marketing/effects:write'],
  ])('requires a JWT with the right scope on %s', (routeKey, scope) => {
    service.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: routeKey, AuthorizationType: 'JWT', AuthorizationScopes: [scope] });
  });

  it('lets only the functions that publish put events, and only on the budget bus', () => {
    const putEvents = Object.values(service.findResources('AWS::IAM::Policy'))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[])
      .filter((statement) => [statement.Action].flat().includes('events:PutEvents'));
    expect(putEvents.length).toBe(2);
    for (const statement of putEvents) {
      const resource = JSON.stringify(statement.Resource);
      expect(resource).not.toBe('"*"');
      expect(resource).toContain('Fn::ImportValue');
      expect(resource).toMatch(/BudgetEventBus/);
    }
    const effectsPolicies = JSON.stringify(policiesOf(budgetFunction('effects-api')));
    expect(effectsPolicies).toContain('dynamodb:PutItem');
    expect(effectsPolicies).not.toContain('events:PutEvents');
    expect(JSON.stringify(policiesOf(budgetFunction('budget-reallocate')))).toContain('events:PutEvents');
  });

  it('names the table and the bus to the functions through their environment', () => {
    for (const name of ['campaigns-api', 'budget-reallocate']) {
      expect(budgetFunction(name).resource.Properties.Environment.Variables).toEqual(expect.objectContaining({ BUDGET_TABLE_NAME: expect.anything(), BUDGET_EVENT_BUS_NAME: expect.anything() }));
    }
    expect(budgetFunction('effects-api').resource.Properties.Environment.Variables).toEqual(expect.objectContaining({ BUDGET_TABLE_NAME: expect.anything() }));
  });
});
