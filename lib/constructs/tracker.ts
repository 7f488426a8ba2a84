import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IStream } from 'aws-cdk-lib/aws-kinesis';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { SCOPES } from '../../shared/auth/scopes';
import type { MarketingApi } from './marketing-api';
import { MarketingFunction } from './marketing-function';

export interface TrackerProps {
  readonly api: MarketingApi;
  readonly eventStream: IStream;
  readonly writeKeysTable: ITableV2;
  readonly pseudonymizationSecret: ISecret;
}

/** The Segment tracking API's routes; the SDKs post to `/v1/batch` unless told otherwise. */
export const TRACKER_ROUTES = ['/v1/batch', '/v1/track', '/v1/page', '/v1/screen', '/v1/identify', '/v1/alias'] as const;

/**
 * The drop-in edge for the trackers teams already run (Segment, RudderStack, Jitsu): the tracking
 * API's routes, authenticated by per-source write keys, feeding the same event stream as /v1/events;
 * and /v1/write-keys to create, list and revoke those keys (JWT scope `sources:admin`).
 */
export class Tracker extends Construct {
  constructor(scope: Construct, id: string, props: TrackerProps) {
    super(scope, id);
    const ingest = new MarketingFunction(this, 'TrackerIngest', {
      functionDir: 'tracker-ingest',
      serviceName: 'tracker-ingest',
      environment: {
        EVENTS_STREAM_NAME: props.eventStream.streamName,
        PSEUDONYMIZATION_SECRET_ID: props.pseudonymizationSecret.secretArn,
        WRITE_KEYS_TABLE_NAME: props.writeKeysTable.tableName,
      },
    });
    props.eventStream.grantWrite(ingest);
    props.pseudonymizationSecret.grantRead(ingest);
    // Checking a key is all the edge may do with the table.
    props.writeKeysTable.grantReadData(ingest);
    for (const path of TRACKER_ROUTES) props.api.addWriteKeyRoute(HttpMethod.POST, path, ingest, `Tracker${path.split('/').pop()}Integration`);

    const keysApi = new MarketingFunction(this, 'WriteKeysApi', {
      functionDir: 'write-keys-api',
      serviceName: 'write-keys-api',
      environment: { WRITE_KEYS_TABLE_NAME: props.writeKeysTable.tableName },
    });
    props.writeKeysTable.grantReadWriteData(keysApi);
    props.api.addRoute(HttpMethod.POST, '/v1/write-keys', SCOPES.sourcesAdmin, keysApi, 'CreateWriteKeyIntegration');
    props.api.addRoute(HttpMethod.GET, '/v1/write-keys', SCOPES.sourcesAdmin, keysApi, 'ListWriteKeysIntegration');
    props.api.addRoute(HttpMethod.DELETE, '/v1/write-keys/{keyId}', SCOPES.sourcesAdmin, keysApi, 'RevokeWriteKeyIntegration');
  }
}
