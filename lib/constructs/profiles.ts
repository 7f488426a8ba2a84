import { Duration } from 'aws-cdk-lib';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IStream } from 'aws-cdk-lib/aws-kinesis';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { SCOPES } from '../../shared/auth/scopes';
import type { ConsentRegime } from '../../shared/consent/model';
import type { PipelineSettings } from '../../shared/profiles/settings';
import { KinesisSource } from './kinesis-source';
import type { MarketingApi } from './marketing-api';
import { MarketingFunction } from './marketing-function';

export interface ProfilesProps {
  readonly api: MarketingApi;
  readonly eventStream: IStream;
  readonly profilesTable: ITableV2;
  readonly deadLetterQueue: IQueue;
  readonly pseudonymizationSecret: ISecret;
  readonly alarmTopic: ITopic;
  /** Stamped on every profile's lineage. */
  readonly pipelineVersion: string;
  /** Overrides of the pipeline tunables (half-lives, cleaning windows…). @default {} */
  readonly pipelineSettings?: Partial<PipelineSettings>;
  /** What applies to a user whose consent the profile has not seen: the feature updater and the profile view follow it. */
  readonly consentRegime: ConsentRegime;
  /** Records per feature-updater invocation. @default 200 */
  readonly batchSize?: number;
  /** How long the mapping may wait to fill a batch: seconds of freshness traded for fewer writes. @default 5 seconds (kinesis-source.ts `DEFAULT_BATCHING_WINDOW`) */
  readonly batchingWindow?: Duration;
}

/**
 * Live user profiles: POST /v1/events → ingest → Kinesis → feature updater → DynamoDB, and
 * GET/DELETE /v1/profiles/{userId}. Each grant sits next to the env var that names the resource.
 */
export class Profiles extends Construct {
  readonly featureUpdater: MarketingFunction;
  /** GET/DELETE /v1/profiles/{userId}; other capabilities bind their erasure to it. */
  readonly profilesApi: MarketingFunction;

  constructor(scope: Construct, id: string, props: ProfilesProps) {
    super(scope, id);
    const settings = JSON.stringify(props.pipelineSettings ?? {});

    const ingest = new MarketingFunction(this, 'IngestEvents', {
      functionDir: 'ingest-events',
      serviceName: 'ingest-events',
      environment: { EVENTS_STREAM_NAME: props.eventStream.streamName, PSEUDONYMIZATION_SECRET_ID: props.pseudonymizationSecret.secretArn },
    });
    props.eventStream.grantWrite(ingest);
    props.pseudonymizationSecret.grantRead(ingest);
    props.api.addRoute(HttpMethod.POST, '/v1/events', SCOPES.eventsWrite, ingest, 'IngestEventsIntegration');

    this.featureUpdater = new MarketingFunction(this, 'FeatureUpdater', {
      functionDir: 'feature-updater',
      serviceName: 'feature-updater',
      timeout: Duration.seconds(60),
      memorySize: 1024,
      environment: {
        PROFILES_TABLE_NAME: props.profilesTable.tableName,
        DEAD_LETTER_QUEUE_URL: props.deadLetterQueue.queueUrl,
        EVENTS_STREAM_NAME: props.eventStream.streamName,
        PIPELINE_VERSION: props.pipelineVersion,
        PIPELINE_SETTINGS: settings,
        CONSENT_REGIME: props.consentRegime,
      },
    });
    props.profilesTable.grantReadWriteData(this.featureUpdater);
    props.deadLetterQueue.grantSendMessages(this.featureUpdater);
    // Identity stitching forwards a merged anonymous visitor's later events to the user's partition.
    props.eventStream.grantWrite(this.featureUpdater);
    new KinesisSource(this, 'EventsToProfiles', {
      stream: props.eventStream,
      consumer: this.featureUpdater,
      deadLetterQueue: props.deadLetterQueue,
      alarmTopic: props.alarmTopic,
      batchSize: props.batchSize,
      maxBatchingWindow: props.batchingWindow,
    });

    const profilesApi = (this.profilesApi = new MarketingFunction(this, 'ProfilesApi', {
      functionDir: 'profiles-api',
      serviceName: 'profiles-api',
      environment: {
        PROFILES_TABLE_NAME: props.profilesTable.tableName,
        PSEUDONYMIZATION_SECRET_ID: props.pseudonymizationSecret.secretArn,
        PIPELINE_SETTINGS: settings,
        CONSENT_REGIME: props.consentRegime,
      },
    }));
    props.profilesTable.grantReadWriteData(profilesApi);
    props.pseudonymizationSecret.grantRead(profilesApi);
    props.api.addRoute(HttpMethod.GET, '/v1/profiles/{userId}', SCOPES.profilesRead, profilesApi, 'ReadProfileIntegration');
    props.api.addRoute(HttpMethod.DELETE, '/v1/profiles/{userId}', SCOPES.profilesDelete, profilesApi, 'EraseProfileIntegration');
  }
}
