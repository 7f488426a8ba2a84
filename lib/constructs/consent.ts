import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IStream } from 'aws-cdk-lib/aws-kinesis';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { SCOPES } from '../../shared/auth/scopes';
import { DEFAULT_PROOF_RETENTION_DAYS } from '../../shared/consent/keys';
import type { ConsentRegime } from '../../shared/consent/model';
import type { MarketingApi } from './marketing-api';
import { MarketingFunction } from './marketing-function';

export interface ConsentProps {
  readonly api: MarketingApi;
  readonly consentsTable: ITableV2;
  /** Consent changes go on the events stream, so the feature updater applies them in order with the user's events. */
  readonly eventStream: IStream;
  readonly pseudonymizationSecret: ISecret;
  /** What applies to a purpose the user never chose (CDK context `consentRegime`). */
  readonly regime: ConsentRegime;
  /** How long the proof of each recorded choice outlives an erasure (CDK context `consentProofRetentionDays`). @default 1095 */
  readonly proofRetentionDays?: number;
}

/**
 * Consent per user and purpose: PUT/GET /v1/consents/{userId} over the consents table, with every
 * change also put on the events stream. Other capabilities bind to it with `grantRead` (the decision
 * function) and `grantErasure` (the profile erasure).
 */
export class Consent extends Construct {
  readonly consentsApi: MarketingFunction;
  readonly regime: ConsentRegime;
  private readonly table: ITableV2;
  private readonly proofRetentionDays: number;

  constructor(scope: Construct, id: string, props: ConsentProps) {
    super(scope, id);
    this.table = props.consentsTable;
    this.regime = props.regime;
    this.proofRetentionDays = props.proofRetentionDays ?? DEFAULT_PROOF_RETENTION_DAYS;

    this.consentsApi = new MarketingFunction(this, 'ConsentsApi', {
      functionDir: 'consents-api',
      serviceName: 'consents-api',
      environment: {
        CONSENTS_TABLE_NAME: props.consentsTable.tableName,
        EVENTS_STREAM_NAME: props.eventStream.streamName,
        PSEUDONYMIZATION_SECRET_ID: props.pseudonymizationSecret.secretArn,
        CONSENT_REGIME: props.regime,
      },
    });
    props.consentsTable.grantReadWriteData(this.consentsApi);
    props.eventStream.grantWrite(this.consentsApi);
    props.pseudonymizationSecret.grantRead(this.consentsApi);
    props.api.addRoute(HttpMethod.PUT, '/v1/consents/{userId}', SCOPES.consentWrite, this.consentsApi, 'PutConsentIntegration');
    props.api.addRoute(HttpMethod.GET, '/v1/consents/{userId}', SCOPES.consentRead, this.consentsApi, 'GetConsentIntegration');
  }

  /** For a function that reads the current consent state (by key, e.g. in a BatchGetItem with the profile). */
  grantRead(fn: MarketingFunction): void {
    fn.addEnvironment('CONSENTS_TABLE_NAME', this.table.tableName);
    fn.addEnvironment('CONSENT_REGIME', this.regime);
    this.table.grantReadData(fn);
  }

  /** For the function that erases a user: it deletes the consent state and keeps the proof for the retention period. */
  grantErasure(fn: MarketingFunction): void {
    fn.addEnvironment('CONSENTS_TABLE_NAME', this.table.tableName);
    fn.addEnvironment('CONSENT_PROOF_RETENTION_DAYS', String(this.proofRetentionDays));
    this.table.grantReadWriteData(fn);
  }
}
