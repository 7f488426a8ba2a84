import { CfnOutput, Duration, Stack, Validations } from 'aws-cdk-lib';
import { CfnRoute, CfnStage, HttpApi, HttpNoneAuthorizer, type HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { OAuthScope, ResourceServerScope, UserPool, UserPoolResourceServer } from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ALL_SCOPES, RESOURCE_SERVER_ID, SCOPE_DESCRIPTIONS, qualifiedScope, type Scope } from '../../shared/auth/scopes';

export interface MarketingApiProps {
  /** Cognito hosted domain prefix for the token endpoint. @default `ai-marketing-<account>` */
  readonly authDomainPrefix?: string;
  /** Steady-state requests per second across the API. @default 200 */
  readonly throttleRateLimit?: number;
  /** @default 400 */
  readonly throttleBurstLimit?: number;
}

/**
 * The HTTP API and its machine-to-machine auth: a Cognito user pool without users, a resource server
 * with one scope per capability, and a client-credentials app client for marketing systems. Every
 * route requires a JWT carrying its scope; API Gateway answers 401/403 before any function runs. The
 * one exception is the tracker edge (`addWriteKeyRoute`), whose callers authenticate as trackers do.
 * Access logs record the route template, never the raw path (it holds user ids).
 */
export class MarketingApi extends Construct {
  readonly httpApi: HttpApi;
  private readonly authorizer: HttpUserPoolAuthorizer;

  constructor(scope: Construct, id: string, props: MarketingApiProps = {}) {
    super(scope, id);
    const userPool = new UserPool(this, 'MachineClients', { selfSignUpEnabled: false, signInAliases: { username: true } });
    Validations.of(userPool).acknowledge({ id: 'AwsSolutions-COG1', reason: 'No human users: only app clients with the client-credentials grant, so there are no passwords.' });
    Validations.of(userPool).acknowledge({ id: 'AwsSolutions-COG2', reason: 'No human users, so no MFA; machine clients authenticate with their client secret.' });
    Validations.of(userPool).acknowledge({ id: 'AwsSolutions::AwsSolutions-COG8', reason: 'The Plus feature plan adds threat protection for user sign-ins; this pool has no users.' });
    Validations.of(userPool).acknowledge({ id: 'AwsSolutions-COG3', reason: 'Threat protection analyses user sign-ins; this pool has none.' });

    const resourceServerScopes = ALL_SCOPES.map((name) => new ResourceServerScope({ scopeName: name, scopeDescription: SCOPE_DESCRIPTIONS[name] }));
    const resourceServer = new UserPoolResourceServer(this, 'ResourceServer', { userPool, identifier: RESOURCE_SERVER_ID, scopes: resourceServerScopes });
    const domain = userPool.addDomain('TokenDomain', { cognitoDomain: { domainPrefix: props.authDomainPrefix ?? `ai-marketing-${Stack.of(this).account}` } });
    const client = userPool.addClient('MarketingSystems', {
      generateSecret: true,
      oAuth: { flows: { clientCredentials: true }, scopes: resourceServerScopes.map((scopeItem) => OAuthScope.resourceServer(resourceServer, scopeItem)) },
      accessTokenValidity: Duration.hours(1),
    });

    this.authorizer = new HttpUserPoolAuthorizer('Jwt', userPool, { userPoolClients: [client] });
    this.httpApi = new HttpApi(this, 'HttpApi', { description: 'AI-marketing suite API', createDefaultStage: true });

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
    new CfnOutput(this, 'TokenUrl', { value: `${domain.baseUrl()}/oauth2/token` });
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
