import { Match } from 'aws-cdk-lib/assertions';
import { synthSuite } from './synth';

/** The consent capability's resources, asserted on the properties that matter (not on logical ids). */
describe('consent infrastructure', () => {
  const { data, service } = synthSuite();
  const fnByService = (template: typeof service, serviceName: string) => {
    const [entry] = Object.entries(template.findResources('AWS::Lambda::Function', { Properties: { Environment: { Variables: { POWERTOOLS_SERVICE_NAME: serviceName } } } }));
    if (!entry) throw new Error(`no function with service name ${serviceName}`);
    return { logicalId: entry[0], resource: entry[1] };
  };
  const envOf = (serviceName: string, template = service) => fnByService(template, serviceName).resource.Properties.Environment.Variables as Record<string, unknown>;
  const policyText = (serviceName: string) => {
    const role = fnByService(service, serviceName).resource.Properties.Role['Fn::GetAtt'][0] as string;
    return JSON.stringify(
      Object.values(service.findResources('AWS::IAM::Policy')).filter((policy) => (policy.Properties.Roles as unknown[]).some((ref) => JSON.stringify(ref) === JSON.stringify({ Ref: role }))),
    );
  };

  it('keeps the consent ledger in its own encrypted, retained table with PITR and a TTL for the post-erasure proof', () => {
    const tables = data.findResources('AWS::DynamoDB::GlobalTable', { Properties: { KeySchema: [{ AttributeName: 'uid', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }] } });
    expect(Object.keys(tables)).toHaveLength(1);
    const [table] = Object.values(tables);
    expect(table).toMatchObject({
      DeletionPolicy: 'Retain',
      Properties: {
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        Replicas: [expect.objectContaining({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true }, SSESpecification: { KMSMasterKeyId: expect.anything() } })],
      },
    });
  });

  it('serves PUT with consent:write and GET with consent:read', () => {
    service.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'PUT /v1/consents/{userId}', AuthorizationType: 'JWT', AuthorizationScopes: ['marketing/consent:write'] });
    service.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'GET /v1/consents/{userId}', AuthorizationType: 'JWT', AuthorizationScopes: ['marketing/consent:read'] });
  });

  it('passes the regime to every function that decides on consent (default opt-out), and takes it from context', () => {
    for (const serviceName of ['consents-api', 'feature-updater', 'profiles-api', 'decisions-api']) expect(envOf(serviceName).CONSENT_REGIME).toBe('opt-out');
    expect(envOf('profiles-api')).toMatchObject({ CONSENTS_TABLE_NAME: expect.anything(), CONSENT_PROOF_RETENTION_DAYS: '1095' });
    expect(envOf('decisions-api')).toHaveProperty('CONSENTS_TABLE_NAME');
    const { service: optIn } = synthSuite({ context: { consentRegime: 'opt-in', consentProofRetentionDays: 1825 } });
    for (const serviceName of ['consents-api', 'feature-updater', 'profiles-api', 'decisions-api']) expect(envOf(serviceName, optIn).CONSENT_REGIME).toBe('opt-in');
    expect(envOf('profiles-api', optIn).CONSENT_PROOF_RETENTION_DAYS).toBe('1825');
    optIn.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: 'consents-api', CONSENT_REGIME: 'opt-in' }) } });
  });

  it('refuses a regime it does not know at synthesis', () => {
    expect(() => synthSuite({ context: { consentRegime: 'maybe' } })).toThrow(/opt-in|opt-out/);
  });

  it('grants least privilege: the consents API writes its table and the stream; the decision function only reads consent', () => {
    const api = policyText('consents-api');
    expect(api).toContain('kinesis:PutRecord');
    expect(api).toContain('dynamodb:PutItem');
    expect(api).toContain('secretsmanager:GetSecretValue');
    expect(envOf('consents-api')).toMatchObject({ CONSENTS_TABLE_NAME: expect.anything(), EVENTS_STREAM_NAME: expect.anything(), PSEUDONYMIZATION_SECRET_ID: expect.anything() });
    expect(policyText('profiles-api')).toContain('dynamodb:BatchWriteItem');
    expect(policyText('decisions-api')).not.toMatch(/dynamodb:(PutItem|UpdateItem|DeleteItem|BatchWriteItem)/);
  });

  it('leaves no cdk-nag AwsSolutions finding in the consent capability or its table', () => {
    let report = '';
    try {
      synthSuite({ nag: true });
    } catch (error) {
      report = (error as Error).message;
    }
    expect(report).not.toMatch(/AiMarketingService\/Consent\/|AiMarketingData\/ConsentsTable/);
  });
});
