import { Stack, Validations, type Duration, type StackProps } from 'aws-cdk-lib';
import { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { Stream } from 'aws-cdk-lib/aws-kinesis';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { PipelineSettings } from '../../shared/profiles/settings';
import { ConsentRegimeSchema } from '../../shared/consent/model';
import { Budget } from '../constructs/budget';
import { Consent } from '../constructs/consent';
import { ConsoleSite, type StaticSiteContent } from '../constructs/console-site';
import { Copy, copyModelFromContext } from '../constructs/copy';
import { Decisions } from '../constructs/decisions';
import { MarketingApi } from '../constructs/marketing-api';
import { Profiles } from '../constructs/profiles';
import { Tracker } from '../constructs/tracker';
import { booleanContext } from '../context-flag';
import type { StatefulStack } from './stateful-stack';

export interface ServiceStackProps extends StackProps {
  readonly data: StatefulStack;
  readonly pipelineVersion: string;
  /** @default {} */
  readonly pipelineSettings?: Partial<PipelineSettings>;
  /** @default `ai-marketing-<account>` */
  readonly authDomainPrefix?: string;
  /** Records per feature-updater invocation. @default 200 */
  readonly profileBatchSize?: number;
  /** How long the feature updater's stream mapping may wait to fill a batch. @default 5 seconds (kinesis-source.ts `DEFAULT_BATCHING_WINDOW`) */
  readonly profileBatchingWindow?: Duration;
  /** How long the decisions consumer's stream mapping may wait to fill a batch. @default 5 seconds */
  readonly decisionsBatchingWindow?: Duration;
  /** Static folders deployed with the console under their own path (e.g. the API reference at `docs`). @default none */
  readonly staticSites?: readonly StaticSiteContent[];
}

/** The stateless side: functions, the API, workflows and schedules. Safe to destroy and redeploy. */
export class ServiceStack extends Stack {
  readonly api: MarketingApi;

  constructor(scope: Construct, id: string, props: ServiceStackProps) {
    super(scope, id, props);
    const data = importData(this, props.data);

    // The console's site first: the API allows its origin and sends signed-in users back to it.
    const consoleSite = new ConsoleSite(this, 'Console');
    this.api = new MarketingApi(this, 'Api', {
      authDomainPrefix: props.authDomainPrefix,
      console: { origin: consoleSite.origin, url: consoleSite.consoleUrl },
      // Context `requireMfa` (true | false, default false): only a new user pool can be created with MFA required.
      requireMfa: booleanContext(this.node.tryGetContext('requireMfa'), 'requireMfa'),
    });
    consoleSite.publish(this.api, props.staticSites);
    // The consent regime of this deployment (context `consentRegime`: opt-in | opt-out, default opt-out).
    const consentRegime = ConsentRegimeSchema.parse(this.node.tryGetContext('consentRegime') ?? 'opt-out');
    const proofDays = this.node.tryGetContext('consentProofRetentionDays');
    const consent = new Consent(this, 'Consent', {
      api: this.api,
      consentsTable: data.consentsTable,
      eventStream: data.eventStream,
      pseudonymizationSecret: data.pseudonymizationSecret,
      regime: consentRegime,
      proofRetentionDays: proofDays === undefined ? undefined : Number(proofDays),
    });
    const profiles = new Profiles(this, 'Profiles', {
      consentRegime,
      api: this.api,
      eventStream: data.eventStream,
      profilesTable: data.profilesTable,
      deadLetterQueue: data.deadLetterQueue,
      pseudonymizationSecret: data.pseudonymizationSecret,
      alarmTopic: data.alarmTopic,
      pipelineVersion: props.pipelineVersion,
      pipelineSettings: props.pipelineSettings,
      batchSize: props.profileBatchSize,
      batchingWindow: props.profileBatchingWindow,
    });
    new Tracker(this, 'Tracker', { api: this.api, eventStream: data.eventStream, writeKeysTable: data.writeKeysTable, pseudonymizationSecret: data.pseudonymizationSecret });
    const copy = new Copy(this, 'Copy', { api: this.api, copyTable: data.copyTable, model: copyModelFromContext(this.node) });
    const schedule = this.node.tryGetContext('budgetReallocationSchedule');
    new Budget(this, 'Budget', {
      api: this.api,
      budgetTable: data.budgetTable,
      eventBus: data.budgetEventBus,
      alarmTopic: data.alarmTopic,
      reallocationSchedule: typeof schedule === 'string' ? ScheduleExpression.expression(schedule) : undefined,
    });

    const retention = this.node.tryGetContext('decisionLogRetentionDays');
    const cacheSeconds = this.node.tryGetContext('experimentCacheSeconds');
    const decisions = new Decisions(this, 'Decisions', {
      api: this.api,
      decisionsTable: data.decisionsTable,
      profilesTable: data.profilesTable,
      eventStream: data.eventStream,
      deadLetterQueue: data.deadLetterQueue,
      pseudonymizationSecret: data.pseudonymizationSecret,
      alarmTopic: data.alarmTopic,
      pipelineSettings: props.pipelineSettings,
      decisionLogRetentionDays: retention === undefined ? undefined : Number(retention),
      experimentCacheSeconds: cacheSeconds === undefined ? undefined : Number(cacheSeconds),
      batchingWindow: props.decisionsBatchingWindow,
    });
    // Erasing a user also erases the user's decisions.
    decisions.grantErasure(profiles.profilesApi);
    // Copy jobs with `experiment` settings turn their variants into arms.
    decisions.grantCopyLinkage(copy.experimentLinkedFunctions);
    // Erasing a user erases the consent state too (the proof the law requires is kept, with a TTL);
    // a decision reads the consent state with the profile.
    consent.grantErasure(profiles.profilesApi);
    consent.grantRead(decisions.decisionsApi);

    Validations.of(this).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: 'The AWS-managed basic execution policy only allows writing the function\'s own logs.',
    });
    for (const action of ['kms:GenerateDataKey*', 'kms:ReEncrypt*']) {
      Validations.of(this).acknowledge({
        id: `AwsSolutions::AwsSolutions-IAM5[Action::${action}]`,
        reason: 'CDK grants for KMS-encrypted streams, tables and queues use these action families, scoped to the one data key.',
      });
    }
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-L1',
      reason: 'Functions are pinned to nodejs22.x, the Node major the project builds and tests against (DESIGN.md); moving runtimes is a tested change, not an automatic one.',
    });
  }
}

/**
 * References to the data stack's resources through an imported key: grants then land in the
 * functions' own policies only, instead of in the key policy (which would make the data stack
 * depend on the service stack and form a cycle).
 */
function importData(scope: Stack, data: StatefulStack) {
  const key = Key.fromKeyArn(scope, 'DataKey', data.key.keyArn);
  return {
    eventStream: Stream.fromStreamAttributes(scope, 'EventStream', { streamArn: data.eventStream.streamArn, encryptionKey: key }),
    profilesTable: TableV2.fromTableAttributes(scope, 'ProfilesTable', { tableArn: data.profilesTable.tableArn, encryptionKey: key }),
    deadLetterQueue: Queue.fromQueueAttributes(scope, 'DeadLetterQueue', { queueArn: data.deadLetterQueue.queueArn, queueUrl: data.deadLetterQueue.queueUrl, keyArn: data.key.keyArn }),
    pseudonymizationSecret: Secret.fromSecretAttributes(scope, 'PseudonymizationKey', { secretCompleteArn: data.pseudonymizationSecret.secretArn, encryptionKey: key }),
    alarmTopic: Topic.fromTopicArn(scope, 'AlarmTopic', data.alarmTopic.topicArn),
    copyTable: TableV2.fromTableAttributes(scope, 'CopyTable', { tableArn: data.copyTable.tableArn, encryptionKey: key }),
    budgetTable: TableV2.fromTableAttributes(scope, 'BudgetTable', { tableArn: data.budgetTable.tableArn, encryptionKey: key }),
    budgetEventBus: EventBus.fromEventBusArn(scope, 'BudgetEventBus', data.budgetEventBus.eventBusArn),
    decisionsTable: TableV2.fromTableAttributes(scope, 'DecisionsTable', { tableArn: data.decisionsTable.tableArn, encryptionKey: key }),
    consentsTable: TableV2.fromTableAttributes(scope, 'ConsentsTable', { tableArn: data.consentsTable.tableArn, encryptionKey: key }),
    writeKeysTable: TableV2.fromTableAttributes(scope, 'WriteKeysTable', { tableArn: data.writeKeysTable.tableArn, encryptionKey: key }),
  };
}
