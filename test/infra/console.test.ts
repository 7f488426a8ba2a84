import { Match } from 'aws-cdk-lib/assertions';
import { Source } from 'aws-cdk-lib/aws-s3-deployment';
import { ROLES, ROLE_SCOPES, scopesOfGroups, scopesToSuppress } from '../../shared/auth/roles';
import { ALL_SCOPES, qualifiedScope } from '../../shared/auth/scopes';
import { handler } from '../../functions/console-token-scopes/handler';
import { synthSuite } from './synth';

/** The console's static site, its sign-in, and the role → scope mapping (cdk-nag included). */
describe('console infrastructure', () => {
  const { service } = synthSuite({ nag: true });

  it('keeps the files in a private, TLS-only, encrypted bucket', () => {
    service.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
    });
    service.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('serves them through CloudFront with origin access control, HTTPS only and security headers', () => {
    service.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    service.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'https-only', ResponseHeadersPolicyId: Match.anyValue(), FunctionAssociations: [Match.objectLike({ EventType: 'viewer-request' })] }),
        Origins: [Match.objectLike({ OriginAccessControlId: Match.anyValue(), S3OriginConfig: { OriginAccessIdentity: '' } })],
      }),
    });
    service.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: Match.objectLike({
          ContentSecurityPolicy: Match.objectLike({ ContentSecurityPolicy: Match.stringLikeRegexp("frame-ancestors 'none'") }),
          StrictTransportSecurity: Match.objectLike({ AccessControlMaxAgeSec: 31_536_000 }),
          FrameOptions: { FrameOption: 'DENY', Override: true },
          ContentTypeOptions: { Override: true },
        }),
      }),
    });
  });

  it('signs people in through the hosted UI with the authorization code and PKCE, back to the console', () => {
    service.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      CallbackURLs: [{ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [Match.stringLikeRegexp('^ConsoleDistribution'), 'DomainName'] }, '/console/']] }],
      AllowedOAuthScopes: Match.arrayWith(['openid', ...ALL_SCOPES.map((scope) => Match.objectLike({ 'Fn::Join': ['', [Match.anyValue(), `/${scope}`]] }))]),
    });
    // The API's JWT authorizer accepts both the machine client and the console client.
    service.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', { JwtConfiguration: { Audience: [Match.anyValue(), Match.anyValue()], Issuer: Match.anyValue() } });
    service.hasResourceProperties('AWS::ApiGatewayV2::Api', { CorsConfiguration: Match.objectLike({ AllowHeaders: ['authorization', 'content-type', 'if-match'], ExposeHeaders: ['etag'], AllowOrigins: [Match.objectLike({ 'Fn::Join': Match.anyValue() })] }) });
  });

  it('has one user group per role and a v2 pre-token trigger that trims scopes to the roles', () => {
    for (const role of ROLES) service.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: role });
    service.hasResourceProperties('AWS::Cognito::UserPool', {
      UserPoolTier: 'ESSENTIALS',
      LambdaConfig: { PreTokenGenerationConfig: { LambdaArn: Match.anyValue(), LambdaVersion: 'V2_0' } },
      Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: 14 }) },
    });
  });

  it('makes MFA optional with TOTP by default (an existing pool cannot be switched to required), and required with the context requireMfa=true', () => {
    service.hasResourceProperties('AWS::Cognito::UserPool', { MfaConfiguration: 'OPTIONAL', EnabledMfas: ['SOFTWARE_TOKEN_MFA'] });
    // cdk-nag runs here too: a required pool needs no acknowledgement.
    const { service: required } = synthSuite({ nag: true, context: { requireMfa: 'true' } });
    required.hasResourceProperties('AWS::Cognito::UserPool', { MfaConfiguration: 'ON', EnabledMfas: ['SOFTWARE_TOKEN_MFA'], UserPoolTier: 'ESSENTIALS' });
    expect(() => synthSuite({ context: { requireMfa: 'yes' } })).toThrow(/requireMfa must be true or false/);
  });

  it('deploys the console with a config.json naming the API, the hosted UI and the console client', () => {
    const deployments = Object.values(service.findResources('Custom::CDKBucketDeployment'));
    expect(deployments).toHaveLength(1);
    expect(deployments[0]!.Properties).toMatchObject({ DestinationBucketKeyPrefix: 'console/', DistributionPaths: ['/console/*'] });
    // Source.jsonData keeps the tokens as markers resolved at deploy time.
    const markers = JSON.stringify(deployments[0]!.Properties.SourceMarkers);
    expect(markers).toMatch(/HttpApi/);
    expect(markers).toMatch(/ApiMachineClientsConsole/);
    expect(markers).toMatch(/TokenDomain/);
  });

  it('deploys further folders (the API reference) under their own prefix', () => {
    const { service: withDocs } = synthSuite({ staticSites: [{ prefix: 'docs', source: Source.data('index.html', '<h1>API</h1>') }] });
    const prefixes = Object.values(withDocs.findResources('Custom::CDKBucketDeployment')).map((resource) => resource.Properties.DestinationBucketKeyPrefix);
    expect(prefixes.sort()).toEqual(['console/', 'docs/']);
  });
});

describe('console roles', () => {
  it('give each role its scopes, and nothing to an unknown group', () => {
    expect(scopesOfGroups(['reviewer'])).toEqual(['copy:read', 'copy:review', 'compliance:check']);
    expect(scopesOfGroups(['reviewer', 'analyst'])).toEqual(expect.arrayContaining([...ROLE_SCOPES.reviewer, ...ROLE_SCOPES.analyst]));
    expect(scopesOfGroups(['admin'])).toEqual(ALL_SCOPES);
    expect(scopesOfGroups(['__proto__', 'constructor', 'owners'])).toEqual([]);
    expect(scopesOfGroups([])).toEqual([]);
  });

  it('only an admin may erase profiles, only a reviewer or admin may review copy', () => {
    const holders = (scope: string) => ROLES.filter((role) => (ROLE_SCOPES[role] as readonly string[]).includes(scope)).sort();
    expect(holders('profiles:delete')).toEqual(['admin']);
    expect(holders('copy:review')).toEqual(['admin', 'reviewer']);
  });

  it('the trigger suppresses the API scopes a user\'s groups do not grant, and keeps openid', async () => {
    const requested = ['openid', ...ALL_SCOPES.map(qualifiedScope)];
    const event = { triggerSource: 'TokenGeneration_HostedAuth', request: { userAttributes: {}, groupConfiguration: { groupsToOverride: ['reviewer'] }, scopes: requested }, response: { claimsAndScopeOverrideDetails: {} } };
    const answer = await handler(event as never);
    const suppressed = answer.response.claimsAndScopeOverrideDetails.accessTokenGeneration?.scopesToSuppress ?? [];
    expect(requested.filter((scope) => !suppressed.includes(scope)).sort()).toEqual(['marketing/compliance:check', 'marketing/copy:read', 'marketing/copy:review', 'openid']);
    expect(scopesToSuppress(requested, [])).toEqual(ALL_SCOPES.map(qualifiedScope));
  });
});
