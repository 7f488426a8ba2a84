import { CfnOutput, Duration, Stack, Validations } from 'aws-cdk-lib';
import { CfnRoute, CfnStage, HttpApi, HttpNoneAuthorizer, type HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { CorsHttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  FeaturePlan,
  LambdaVersion,
  Mfa,
  OAuthScope,
  ResourceServerScope,
  UserPool,
  UserPoolOperation,
  UserPoolResourceServer,
  type UserPoolClient,
  type UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ROLE_SCOPES, ROLES } from '../../shared/auth/roles';
import { ALL_SCOPES, RESOURCE_SERVER_ID, SCOPE_DESCRIPTIONS, qualifiedScope, type Scope } from '../../shared/auth/scopes';
import { MarketingFunction } from './marketing-function';

export interface MarketingApiProps {
  /** Cognito hosted domain prefix for the token endpoint. @default `ai-marketing-<account>` */
  readonly authDomainPrefix?: string;
  /** Steady-state requests per second across the API. @default 200 */
  readonly throttleRateLimit?: number;
  /** @default 400 */
  readonly throttleBurstLimit?: number;
  /**
   * The web console's origin and URL (lib/constructs/console-site.ts): the API allows it by CORS, and
   * its people sign in through the hosted UI (authorization code + PKCE) and come back to the URL.
   */
  readonly console: { readonly origin: string; readonly url: string };
  /**
   * Require MFA of every user. Cognito refuses to switch MFA to required on a pool that was created
   * without it (aws-cdk issue 21284), so this is set when the pool is first created, or never: an
   * existing pool keeps OPTIONAL, under which each user can still enrol a TOTP app.
   * Context `requireMfa=true`. @default false (MFA optional, TOTP only)
   */
  readonly requireMfa?: boolean;
}

/**
 * The HTTP API and its auth: a Cognito user pool with a resource server holding one scope per
 * capability; a client-credentials app client for marketing systems; and, for the people who use the
 * console, a public app client (authorization code + PKCE via the hosted UI), one user group per role
 * (shared/auth/roles.ts), and a pre-token-generation trigger that keeps only their roles' scopes in
 * their access tokens. Every route requires a JWT carrying its scope; API Gateway answers 401/403
 * before any function runs. The one exception is the tracker edge (`addWriteKeyRoute`), whose callers
 * authenticate as trackers do. Access logs record the route template, never the raw path (it holds user ids).
 */
export class MarketingApi extends Construct {
  readonly httpApi: HttpApi;
  /** The console's public app client (no secret; authorization code with PKCE). */
  readonly consoleClient: UserPoolClient;
  /** The Cognito domain of the token endpoint and the hosted UI. */
  readonly hostedUiDomain: UserPoolDomain;
  private readonly authorizer: HttpUserPoolAuthorizer;

  constructor(scope: Construct, id: string, props: MarketingApiProps) {
    super(scope, id);
    // Console users are created by an administrator (no self sign-up) and sign in with a strong password
    // and, where the deployment requires it (or the user enrolled), a TOTP app.
    const userPool = new UserPool(this, 'MachineClients', {
      selfSignUpEnabled: false,
      // Username only, as before: changing sign-in aliases would replace the pool (and the machine client's id).
      signInAliases: { username: true },
      passwordPolicy: { minLength: 14, requireLowercase: true, requireUppercase: true, requireDigits: true, requireSymbols: true, tempPasswordValidity: Duration.days(3) },
      mfa: props.requireMfa ? Mfa.REQUIRED : Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // Essentials lets the pre-token-generation trigger change access-token scopes.
      featurePlan: FeaturePlan.ESSENTIALS,
    });
    Validations.of(userPool).acknowledge({ id: 'AwsSolutions::AwsSolutions-COG8', reason: 'The Plus plan\'s threat protection is an organisation\'s choice (it is billed per user); sign-in requires a strong password, and TOTP where enrolled or required (context requireMfa).' });
    if (!props.requireMfa) {
      Validations.of(userPool).acknowledge({
        id: 'AwsSolutions-COG2',
        reason: 'MFA is optional (TOTP) by default because Cognito cannot make it required on a pool created without it (aws-cdk issue 21284); new deployments should set the context requireMfa=true.',
      });
    }
    Validations.of(userPool).acknowledge({ id: 'AwsSolutions-COG3', reason: 'Threat protection needs the Plus plan (see COG8); sign-in requires a strong password, and TOTP where enrolled or required (context requireMfa).' });

    const tokenScopes = new MarketingFunction(this, 'ConsoleTokenScopes', { functionDir: 'console-token-scopes', serviceName: 'console-auth', timeout: Duration.seconds(5), memorySize: 256 });
    userPool.addTrigger(UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG, tokenScopes, LambdaVersion.V2_0);
    for (const role of ROLES) {
      new CfnUserPoolGroup(this, `Role-${role}`, { userPoolId: userPool.userPoolId, groupName: role, description: `console role: ${ROLE_SCOPES[role].join(' ')}` });
    }

    const resourceServerScopes = ALL_SCOPES.map((name) => new ResourceServerScope({ scopeName: name, scopeDescription: SCOPE_DESCRIPTIONS[name] }));
    const resourceServer = new UserPoolResourceServer(this, 'ResourceServer', { userPool, identifier: RESOURCE_SERVER_ID, scopes: resourceServerScopes });
    this.hostedUiDomain = userPool.addDomain('TokenDomain', { cognitoDomain: { domainPrefix: props.authDomainPrefix ?? `ai-marketing-${Stack.of(this).account}` } });
    const client = userPool.addClient('MarketingSystems', {
      generateSecret: true,
      oAuth: { flows: { clientCredentials: true }, scopes: resourceServerScopes.map((scopeItem) => OAuthScope.resourceServer(resourceServer, scopeItem)) },
      accessTokenValidity: Duration.hours(1),
    });
    this.consoleClient = userPool.addClient('Console', {
      generateSecret: false,
      authFlows: {},
      oAuth: {
        flows: { authorizationCodeGrant: true },
        callbackUrls: [props.console.url],
        logoutUrls: [props.console.url],
        scopes: [OAuthScope.OPENID, ...resourceServerScopes.map((scopeItem) => OAuthScope.resourceServer(resourceServer, scopeItem))],
      },
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(8),
    });

    // The machine client first: the local runtime mints its tokens for the first audience.
    this.authorizer = new HttpUserPoolAuthorizer('Jwt', userPool, { userPoolClients: [client, this.consoleClient] });
    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'AI-marketing suite API',
      createDefaultStage: true,
      corsPreflight: {
        allowOrigins: [props.console.origin],
        // If-Match and ETag: the console's configuration edits are conditional on the version it read.
        allowHeaders: ['authorization', 'content-type', 'if-match'],
        exposeHeaders: ['etag'],
        allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.PUT, CorsHttpMethod.DELETE],
        maxAge: Duration.hours(1),
      },
    });

    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: RetentionDays.THREE_MONTHS });
    const stage = this.httpApi.defaultStage!.node.defaultChild as CfnStage;
    stage.accessLogSettings = {
      destinationArn: accessLogs.logGroupArn,
      format: JSON.stringify({
        requestId: '$context.requestId',
        routeKey: '$context.routeKey',
        status: '$context.status',
        latencyMs: '$context.responseLatency',
        client: '$context.authorizer.claims.client_id',
        error: '$context.error.message',
        authorizerError: '$context.authorizer.error',
      }),
    };
    stage.defaultRouteSettings = { throttlingRateLimit: props.throttleRateLimit ?? 200, throttlingBurstLimit: props.throttleBurstLimit ?? 400 };

    new CfnOutput(this, 'ApiUrl', { value: this.httpApi.apiEndpoint });
    new CfnOutput(this, 'TokenUrl', { value: `${this.hostedUiDomain.baseUrl()}/oauth2/token` });
    new CfnOutput(this, 'ClientId', { value: client.userPoolClientId });
  }

  /** Adds a route that requires `scope`, served by `handler`. */
  addRoute(method: HttpMethod, path: string, scope: Scope, handler: IFunction, integrationId: string): void {
    this.httpApi.addRoutes({
      path,
      methods: [method],
      integration: new HttpLambdaIntegration(integrationId, handler),
      authorizer: this.authorizer,
      authorizationScopes: [qualifiedScope(scope)],
    });
  }

  /**
   * Adds a route for trackers, which authenticate with a write key in HTTP Basic auth, not a JWT: API
   * Gateway lets the request through and `handler` checks the key before it reads the body.
   */
  addWriteKeyRoute(method: HttpMethod, path: string, handler: IFunction, integrationId: string): void {
    const [route] = this.httpApi.addRoutes({ path, methods: [method], integration: new HttpLambdaIntegration(integrationId, handler), authorizer: new HttpNoneAuthorizer() });
    Validations.of(route!.node.defaultChild as CfnRoute).acknowledge(
      { id: 'AwsSolutions-APIG4', reason: 'Tracker SDKs send a write key in HTTP Basic auth; the function checks it against its stored hash before reading the body.' },
    );
  }
}
