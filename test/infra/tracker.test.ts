import { functionsOf, synthSuite } from './synth';

/** The tracker edge's resources, asserted on the properties that matter (not on logical ids). */
describe('tracker infrastructure', () => {
  const { data, service } = synthSuite({ nag: true });
  const { fnByService, policyText } = functionsOf(service);

  it('keeps write keys in their own encrypted, retained table with PITR, keyed by key id', () => {
    const tables = data.findResources('AWS::DynamoDB::GlobalTable', { Properties: { KeySchema: [{ AttributeName: 'keyId', KeyType: 'HASH' }] } });
    expect(Object.values(tables)).toEqual([
      expect.objectContaining({
        DeletionPolicy: 'Retain',
        Properties: expect.objectContaining({
          SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
          Replicas: [expect.objectContaining({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })],
        }),
      }),
    ]);
  });

  it('serves the six tracking routes without a JWT authorizer, all from the tracker function', () => {
    const routes = Object.values(service.findResources('AWS::ApiGatewayV2::Route')).map((route) => route.Properties);
    const tracker = routes.filter((route) => ['/v1/batch', '/v1/track', '/v1/page', '/v1/screen', '/v1/identify', '/v1/alias'].includes(String(route.RouteKey).split(' ')[1] ?? ''));
    expect(tracker.map((route) => route.RouteKey).sort()).toEqual(['POST /v1/alias', 'POST /v1/batch', 'POST /v1/identify', 'POST /v1/page', 'POST /v1/screen', 'POST /v1/track']);
    for (const route of tracker) expect(route.AuthorizationType).toBe('NONE');
    // Every other route still requires a JWT.
    for (const route of routes.filter((candidate) => !tracker.includes(candidate))) expect(route.AuthorizationType).toBe('JWT');
  });

  it('guards key management with the sources:admin scope', () => {
    for (const routeKey of ['POST /v1/write-keys', 'GET /v1/write-keys', 'DELETE /v1/write-keys/{keyId}']) {
      service.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: routeKey, AuthorizationType: 'JWT', AuthorizationScopes: ['marketing/sources:admin'] });
    }
    const scopes = Object.values(service.findResources('AWS::Cognito::UserPoolResourceServer'))[0]!.Properties.Scopes as { ScopeName: string }[];
    expect(scopes.map((scope) => scope.ScopeName)).toContain('sources:admin');
  });

  it('lets the tracker function only read write keys and write to the stream; the keys API reads and writes keys', () => {
    const edge = fnByService('tracker-ingest').resource.Properties.Environment.Variables;
    expect(Object.keys(edge)).toEqual(expect.arrayContaining(['EVENTS_STREAM_NAME', 'PSEUDONYMIZATION_SECRET_ID', 'WRITE_KEYS_TABLE_NAME']));
    const edgePolicy = policyText('tracker-ingest');
    expect(edgePolicy).toContain('dynamodb:GetItem');
    expect(edgePolicy).not.toContain('dynamodb:PutItem');
    expect(edgePolicy).not.toContain('dynamodb:UpdateItem');
    expect(edgePolicy).toContain('kinesis:PutRecords');
    const keysPolicy = policyText('write-keys-api');
    expect(keysPolicy).toContain('dynamodb:PutItem');
    expect(keysPolicy).toContain('dynamodb:UpdateItem');
    expect(keysPolicy).not.toContain('kinesis:');
  });
});
