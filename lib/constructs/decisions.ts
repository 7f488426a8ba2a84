import { Duration } from 'aws-cdk-lib';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IStream } from 'aws-cdk-lib/aws-kinesis';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { SCOPES, type Scope } from '../../shared/auth/scopes';
import { DECISIONS_TABLE } from '../../shared/decisions-service/keys';
import type { PipelineSettings } from '../../shared/profiles/settings';
import { KinesisSource } from './kinesis-source';
import type { MarketingApi } from './marketing-api';
import { MarketingFunction } from './marketing-function';

export interface DecisionsProps {
  readonly api: MarketingApi;
  /** Experiments, models, the decision log and rewards (keys: shared/decisions-service/keys.ts). */
  readonly decisionsTable: ITableV2;
  /** Read by the decision function (one BatchGetItem per decision). */
  readonly profilesTable: ITableV2;
  /** The events stream: the decision log's write path, and the consumer's source (a second mapping). */
  readonly eventStream: IStream;
  readonly deadLetterQueue: IQueue;
  readonly pseudonymizationSecret: ISecret;
  readonly alarmTopic: ITopic;
  /** The profile pipeline settings, so decisions read profiles exactly as GET /v1/profiles does. @default {} */
  readonly pipelineSettings?: Partial<PipelineSettings>;
  /** Days a decision and its rewards stay in the log (DynamoDB TTL). @default 90 */
  readonly decisionLogRetentionDays?: number;
  /** How long a decision function trusts its cached experiment and model. @default 30 */
  readonly experimentCacheSeconds?: number;
  /** Records per consumer invocation. @default 200 */
  readonly batchSize?: number;
  /** How long the consumer's mapping may wait to fill a batch: seconds of outcome latency for fewer invocations. @default 5 seconds (kinesis-source.ts `DEFAULT_BATCHING_WINDOW`) */
  readonly batchingWindow?: Duration;
}

/**
 * Decisions that learn: experiments (PUT/GET, results, off-policy evaluation), POST /v1/decisions
 * (cached experiment and model, one profile read, one Kinesis put as the log write), outcomes through
 * the API or the clickstream, and a consumer on the same stream that materialises the log, joins
 * outcomes exactly once and refits each experiment's model once per batch. Each grant sits next to
 * the env var naming the resource.
 */
export class Decisions extends Construct {
  readonly experimentsApi: MarketingFunction;
  readonly decisionsApi: MarketingFunction;
  readonly outcomesApi: MarketingFunction;
  readonly consumer: MarketingFunction;
  private readonly table: ITableV2;

  constructor(scope: Construct, id: string, props: DecisionsProps) {
    super(scope, id);
    this.table = props.decisionsTable;
    const tableEnv = { DECISIONS_TABLE_NAME: props.decisionsTable.tableName };
    const streamEnv = { EVENTS_STREAM_NAME: props.eventStream.streamName };

    this.experimentsApi = new MarketingFunction(this, 'ExperimentsApi', {
      functionDir: 'experiments-api',
      serviceName: 'experiments-api',
      memorySize: 1024,
      environment: tableEnv,
    });
    props.decisionsTable.grantReadWriteData(this.experimentsApi);
    this.grantIndexQuery(this.experimentsApi, DECISIONS_TABLE.experimentIndex.name);
    const experimentRoutes: [HttpMethod, string, Scope, string][] = [
      [HttpMethod.PUT, '/v1/experiments/{experimentId}', SCOPES.experimentsWrite, 'PutExperimentIntegration'],
      [HttpMethod.GET, '/v1/experiments/{experimentId}', SCOPES.experimentsRead, 'GetExperimentIntegration'],
      [HttpMethod.GET, '/v1/experiments/{experimentId}/results', SCOPES.experimentsRead, 'ExperimentResultsIntegration'],
      [HttpMethod.POST, '/v1/experiments/{experimentId}/evaluate', SCOPES.experimentsWrite, 'EvaluatePolicyIntegration'],
    ];
    for (const [method, path, routeScope, integrationId] of experimentRoutes) props.api.addRoute(method, path, routeScope, this.experimentsApi, integrationId);

    this.decisionsApi = new MarketingFunction(this, 'DecisionsApi', {
      functionDir: 'decisions-api',
      serviceName: 'decisions-api',
      memorySize: 1024,
      environment: {
        ...tableEnv,
        ...streamEnv,
        PROFILES_TABLE_NAME: props.profilesTable.tableName,
        PSEUDONYMIZATION_SECRET_ID: props.pseudonymizationSecret.secretArn,
        PIPELINE_SETTINGS: JSON.stringify(props.pipelineSettings ?? {}),
        EXPERIMENT_CACHE_SECONDS: String(props.experimentCacheSeconds ?? 30),
      },
    });
    props.decisionsTable.grantReadData(this.decisionsApi);
    props.profilesTable.grantReadData(this.decisionsApi);
    props.eventStream.grantWrite(this.decisionsApi);
    props.pseudonymizationSecret.grantRead(this.decisionsApi);
    props.api.addRoute(HttpMethod.POST, '/v1/decisions', SCOPES.decisionsWrite, this.decisionsApi, 'DecideIntegration');

    this.outcomesApi = new MarketingFunction(this, 'DecisionOutcomesApi', {
      functionDir: 'decision-outcomes-api',
      serviceName: 'decision-outcomes-api',
      environment: { ...tableEnv, ...streamEnv },
    });
    props.decisionsTable.grantReadData(this.outcomesApi);
    props.eventStream.grantWrite(this.outcomesApi);
    props.api.addRoute(HttpMethod.POST, '/v1/decisions/{decisionId}/outcomes', SCOPES.decisionsWrite, this.outcomesApi, 'ReportOutcomeIntegration');

    this.consumer = new MarketingFunction(this, 'DecisionsConsumer', {
      functionDir: 'decisions-consumer',
      serviceName: 'decisions-consumer',
      timeout: Duration.seconds(60),
      memorySize: 1024,
      environment: { ...tableEnv, DEAD_LETTER_QUEUE_URL: props.deadLetterQueue.queueUrl, DECISION_LOG_RETENTION_DAYS: String(props.decisionLogRetentionDays ?? 90) },
    });
    props.decisionsTable.grantReadWriteData(this.consumer);
    props.deadLetterQueue.grantSendMessages(this.consumer);
    new KinesisSource(this, 'EventsToDecisions', {
      stream: props.eventStream,
      consumer: this.consumer,
      deadLetterQueue: props.deadLetterQueue,
      alarmTopic: props.alarmTopic,
      batchSize: props.batchSize,
      maxBatchingWindow: props.batchingWindow,
    });

    const notify = new SnsAction(props.alarmTopic);
    new Alarm(this, 'UnmatchedOutcomesAlarm', {
      alarmDescription: 'Many outcomes name decisions that are not in the log: a client is sending stale or made-up decisionIds.',
      // Powertools metrics carry the function's service name as their one default dimension.
      metric: new Metric({ namespace: 'AiMarketing', metricName: 'OutcomesUnmatched', dimensionsMap: { service: 'decisions-consumer' }, statistic: 'Sum', period: Duration.hours(1) }),
      threshold: 1000,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    }).addAlarmAction(notify);
  }

  /**
   * Lets `fn` erase a user's decisions (DELETE /v1/profiles/{userId}): the erasure time (which keeps
   * decisions still on the stream out of the log), the byUser index query and the deletes, with the
   * env var that names the table.
   */
  grantErasure(fn: MarketingFunction): void {
    fn.addEnvironment('DECISIONS_TABLE_NAME', this.table.tableName);
    this.table.grantReadWriteData(fn);
    this.grantIndexQuery(fn, DECISIONS_TABLE.userIndex.name);
  }

  /** Lets copy functions create experiments from jobs and add approved variants as arms, with the env var naming the table. */
  grantCopyLinkage(functions: readonly MarketingFunction[]): void {
    for (const fn of functions) {
      fn.addEnvironment('DECISIONS_TABLE_NAME', this.table.tableName);
      this.table.grantReadWriteData(fn);
    }
  }

  /** The table is imported, so its grants do not cover indexes: name the one index a function queries. */
  private grantIndexQuery(fn: IFunction, indexName: string): void {
    fn.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:Query'], resources: [`${this.table.tableArn}/index/${indexName}`] }));
  }
}
