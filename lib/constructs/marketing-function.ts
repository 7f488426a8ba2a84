import { Annotations, Duration, RemovalPolicy, Validations, type IAspect } from 'aws-cdk-lib';
import { Architecture, LoggingFormat, Runtime, Tracing, Function as LambdaFunction, CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, type NodejsFunctionProps } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct, type IConstruct } from 'constructs';
import * as path from 'node:path';

/** Metadata key that tells the local runtime which handler file a synthesized function runs. */
export const LOCAL_ENTRY_METADATA = 'marketing:entry';

const PROJECT_ROOT = path.resolve(__dirname, '..', '..');

export interface MarketingFunctionProps extends Omit<NodejsFunctionProps, 'entry' | 'runtime' | 'architecture' | 'logGroup' | 'tracing'> {
  /** Folder under functions/ holding handler.ts, e.g. `feature-updater`. */
  readonly functionDir: string;
  /** Powertools service name, also the metrics dimension. */
  readonly serviceName: string;
  /** @default RetentionDays.ONE_MONTH */
  readonly logRetention?: RetentionDays;
}

/**
 * The one way this project defines a Lambda function: Node.js 22 on ARM64, JSON logs in a log group
 * with retention, X-Ray tracing, esbuild bundling with source maps, Powertools settings. The local
 * runtime finds the handler through the entry metadata, so it runs exactly what is deployed.
 */
export class MarketingFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: MarketingFunctionProps) {
    const { functionDir, serviceName, logRetention, environment, bundling, ...rest } = props;
    const entry = path.join('functions', functionDir, 'handler.ts');
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: logRetention ?? RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    super(scope, id, {
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: 512,
      timeout: Duration.seconds(30),
      tracing: Tracing.ACTIVE,
      loggingFormat: LoggingFormat.JSON,
      logGroup,
      entry: path.join(PROJECT_ROOT, entry),
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: path.join(PROJECT_ROOT, 'package-lock.json'),
      bundling: {
        format: OutputFormat.CJS,
        minify: true,
        sourceMap: true,
        target: 'node22',
        // The Lambda runtime ships SDK v3, but bundling pins the version we test against.
        externalModules: [],
        ...bundling,
      },
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: serviceName,
        POWERTOOLS_METRICS_NAMESPACE: 'AiMarketing',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        ...environment,
      },
      ...rest,
    });
    (this.node.defaultChild as CfnFunction).addMetadata(LOCAL_ENTRY_METADATA, entry);
    Validations.of(this).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
      reason: 'Active tracing grants xray:PutTraceSegments and xray:PutTelemetryRecords, which support no resource-level permissions.',
    });
  }
}

/**
 * Fails synthesis when a function is defined any other way, so runtime, logging and tracing defaults
 * cannot drift. Functions that CDK itself creates for its own custom resources are exempt.
 */
export class RequireMarketingFunctions implements IAspect {
  visit(node: IConstruct): void {
    // CDK's BucketDeployment (the console site) brings its own function, as the custom resources do.
    if (node instanceof LambdaFunction && !(node instanceof MarketingFunction) && !node.node.id.startsWith('Custom::CDKBucketDeployment')) {
      Annotations.of(node).addError(`Define Lambda functions with MarketingFunction (lib/constructs/marketing-function.ts), not ${node.constructor.name}`);
    }
  }
}
