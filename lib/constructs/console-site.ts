import { CfnOutput, DockerImage, Duration, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import {
  AllowedMethods,
  Distribution,
  Function as CloudFrontFunction,
  FunctionCode,
  FunctionEventType,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership, type CfnBucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source, type ISource } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { buildConsole, CONSOLE_ROOT } from '../../console/build';
import { ALL_SCOPES, qualifiedScope } from '../../shared/auth/scopes';
import type { MarketingApi } from './marketing-api';

/** Where the console lives on the site: the same path as under `npm start`. */
export const CONSOLE_PREFIX = 'console';

/** A static folder deployed beside the console under its own path, e.g. `{ prefix: 'docs', source: Source.asset('docs-dist') }`. */
export interface StaticSiteContent {
  readonly prefix: string;
  readonly source: ISource;
}

/**
 * The console as a static site: a private bucket (no public access, TLS only) behind CloudFront with
 * origin access control, HTTPS only and security headers. The console is served at `/console/`;
 * `publish` deploys it with its runtime config (`config.json`: the API URL and the hosted UI's domain
 * and app client) and any further folders (the API reference) under their own prefixes.
 *
 * Created before the API (whose CORS origin and sign-in callback are this site's URL), published after it.
 */
export class ConsoleSite extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  /** The site's origin, e.g. https://d111111abcdef8.cloudfront.net */
  readonly origin: string;
  /** Where the console is, and where the hosted UI sends users back to. */
  readonly consoleUrl: string;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Assets', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // Built files only: a redeploy recreates everything.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(this.bucket).acknowledge({ id: 'AwsSolutions-S1', reason: 'Holds only the public build of the console; CloudFront standard logs would record every viewer, which this site does not need.' });

    // `/x/` serves `/x/index.html` (S3 has no directory index behind OAC); `/` goes to the console.
    const indexRewrite = new CloudFrontFunction(this, 'IndexRewrite', {
      code: FunctionCode.fromInline(`function handler(event) {
  var request = event.request;
  if (request.uri === '/' || request.uri === '/${CONSOLE_PREFIX}') return { statusCode: 302, statusDescription: 'Found', headers: { location: { value: '/${CONSOLE_PREFIX}/' } } };
  if (request.uri.endsWith('/')) request.uri += 'index.html';
  return request;
}`),
    });

    const headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          // The console talks to the API and the hosted UI's token endpoint only (both https).
          contentSecurityPolicy: "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' https:; frame-ancestors 'none'; base-uri 'none'; form-action https:",
          override: true,
        },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
        xssProtection: { protection: true, modeBlock: true, override: true },
      },
    });

    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'AI-marketing console',
      httpVersion: HttpVersion.HTTP2_AND_3,
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        responseHeadersPolicy: headers,
        functionAssociations: [{ function: indexRewrite, eventType: FunctionEventType.VIEWER_REQUEST }],
      },
    });
    Validations.of(this.distribution).acknowledge({ id: 'AwsSolutions-CFR1', reason: 'Campaign teams work from anywhere; the API, not the static files, holds the data and checks every token.' });
    Validations.of(this.distribution).acknowledge({ id: 'AwsSolutions-CFR2', reason: 'The site serves static files only; the API behind it has its own throttling, and a WAF web ACL can be attached where an organisation requires one.' });
    Validations.of(this.distribution).acknowledge({ id: 'AwsSolutions-CFR3', reason: 'No access logs for the static console files (see AwsSolutions-S1); API calls are logged by API Gateway.' });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR4',
      reason: 'The default cloudfront.net certificate cannot pin TLS 1.2 (the minimum protocol applies with a custom domain certificate); viewers are HTTPS only.',
    });

    this.origin = `https://${this.distribution.distributionDomainName}`;
    this.consoleUrl = `${this.origin}/${CONSOLE_PREFIX}/`;
    new CfnOutput(this, 'ConsoleUrl', { value: this.consoleUrl });
  }

  /**
   * Deploys the console (built with the local esbuild at synth, no Docker) with its `config.json`, and
   * each folder of `extra` under its own prefix (e.g. the API reference at `/docs/`).
   */
  publish(api: MarketingApi, extra: readonly StaticSiteContent[] = []): void {
    const consoleBundle = Source.asset(CONSOLE_ROOT, {
      exclude: ['dist'],
      bundling: {
        image: DockerImage.fromRegistry('none'),
        local: {
          tryBundle(outputDir) {
            buildConsole(outputDir);
            return true;
          },
        },
      },
    });
    const stack = Stack.of(this);
    const region = stack.region;
    // How cdk-nag names the asset bucket in its finding: concrete values, or the pseudo parameters of an environment-agnostic stack.
    const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
    const nagRegion = Token.isUnresolved(region) ? '<AWS::Region>' : region;
    const config = Source.jsonData('config.json', {
      apiUrl: api.httpApi.apiEndpoint,
      cognito: {
        domain: `https://${api.hostedUiDomain.domainName}.auth.${region}.amazoncognito.com`,
        clientId: api.consoleClient.userPoolClientId,
        scopes: ['openid', ...ALL_SCOPES.map(qualifiedScope)],
      },
    });
    const sites = [{ prefix: CONSOLE_PREFIX, sources: [consoleBundle, config] }, ...extra.map((site) => ({ prefix: site.prefix, sources: [site.source] }))];
    for (const site of sites) {
      const deployment = new BucketDeployment(this, `Deploy-${site.prefix}`, {
        destinationBucket: this.bucket,
        destinationKeyPrefix: `${site.prefix}/`,
        sources: site.sources,
        distribution: this.distribution,
        distributionPaths: [`/${site.prefix}/*`],
        memoryLimit: 512,
      });
      // CDK's own deployment function (one per stack): it copies from the CDK asset bucket into this one.
      for (const id of ['Resource::*', 'Action::s3:GetObject*', 'Action::s3:GetBucket*', 'Action::s3:List*', 'Action::s3:DeleteObject*', 'Action::s3:Abort*']) {
        Validations.of(deployment.handlerRole).acknowledge({ id: `AwsSolutions::AwsSolutions-IAM5[${id}]`, reason: 'CDK\'s BucketDeployment grants read on the staged asset and write/prune on this one site bucket; CloudFront invalidation has no resource-level permission.' });
      }
      // cdk-nag names the partition concretely when the stack's region is known, and as a pseudo parameter otherwise.
      for (const partition of ['<AWS::Partition>', stack.partition.startsWith('aws') ? stack.partition : 'aws']) {
        Validations.of(deployment.handlerRole).acknowledge({ id: `AwsSolutions::AwsSolutions-IAM5[Resource::arn:${partition}:s3:::cdk-hnb659fds-assets-${account}-${nagRegion}/*]`, reason: 'Reads the staged build from the CDK asset bucket.' });
      }
      Validations.of(deployment.handlerRole).acknowledge({ id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(this.bucket.node.defaultChild as CfnBucket)}.Arn>/*]`, reason: 'Writes and prunes the site\'s files in its own bucket.' });
    }
  }
}
