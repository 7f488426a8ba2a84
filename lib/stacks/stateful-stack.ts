import { Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { AttributeType, Billing, ProjectionType, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { Stream, StreamEncryption, StreamMode } from 'aws-cdk-lib/aws-kinesis';
import { Key } from 'aws-cdk-lib/aws-kms';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { BUDGET_TABLE } from '../../shared/budget-service/keys';
import { CONSENTS_TABLE } from '../../shared/consent/keys';
import { COPY_TABLE } from '../../shared/copy/keys';
import { DECISIONS_TABLE } from '../../shared/decisions-service/keys';
import { WRITE_KEYS_TABLE } from '../../shared/sources/write-keys';

export interface StatefulStackProps extends StackProps {
  /**
   * What happens to data when the stack is deleted.
   * @default RemovalPolicy.RETAIN
   */
  readonly dataRemovalPolicy?: RemovalPolicy;
}

/**
 * Everything that holds data, apart from the code that uses it, so the service stack can be torn
 * down and redeployed freely. One customer-managed key (rotated yearly) encrypts stream, tables,
 * queue and secret.
 */
export class StatefulStack extends Stack {
  readonly key: Key;
  readonly eventStream: Stream;
  readonly profilesTable: TableV2;
  /** Copy jobs and variants with their audit trail; the sparse `reviews` index is the review queue (keys: shared/copy/keys.ts). */
  readonly copyTable: TableV2;
  /** Campaigns, effects and allocation history (key design: shared/aws/budget-store.ts). */
  readonly budgetTable: TableV2;
  /** Budget events (BudgetAllocated, ChannelAnomalyDetected) for the connectors that push budgets to ad platforms. */
  readonly budgetEventBus: EventBus;
  /** Experiments, folded arm statistics and models, the decision log (TTL) and outcome markers (keys: shared/decisions-service/keys.ts). */
  readonly decisionsTable: TableV2;
  /** Consent ledger, current state and post-erasure proof per pseudonymous user (keys: shared/consent/keys.ts). */
  readonly consentsTable: TableV2;
  /** Trackers' write keys, stored as SHA-256 hashes only (shared/sources/write-keys.ts). */
  readonly writeKeysTable: TableV2;
  readonly deadLetterQueue: Queue;
  readonly pseudonymizationSecret: Secret;
  readonly alarmTopic: Topic;

  constructor(scope: Construct, id: string, props: StatefulStackProps = {}) {
    super(scope, id, props);
    const removalPolicy = props.dataRemovalPolicy ?? RemovalPolicy.RETAIN;

    this.key = new Key(this, 'DataKey', { enableKeyRotation: true, description: 'Encrypts the AI-marketing suite data at rest', removalPolicy });

    // CloudWatch alarms publish to the encrypted alarm topic, so the service needs the key too.
    this.key.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.alarmTopic = new Topic(this, 'AlarmTopic', { displayName: 'AI-marketing suite alarms', masterKey: this.key, enforceSSL: true });

    this.eventStream = new Stream(this, 'EventStream', {
      streamMode: StreamMode.ON_DEMAND,
      encryption: StreamEncryption.KMS,
      encryptionKey: this.key,
      retentionPeriod: Duration.hours(24),
      removalPolicy,
    });
    Validations.of(this.eventStream).acknowledge({
      id: 'AwsSolutions::AwsSolutions-KDS3',
      reason: 'The stream uses the suite\'s customer-managed data key on purpose: one rotated key, one key policy, for every store of user data.',
    });

    this.profilesTable = new TableV2(this, 'ProfilesTable', {
      partitionKey: { name: 'uid', type: AttributeType.STRING },
      billing: Billing.onDemand(),
      encryption: TableEncryptionV2.customerManagedKey(this.key),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: 'expiresAt',
      removalPolicy,
    });

    this.budgetTable = new TableV2(this, 'BudgetTable', {
      partitionKey: { name: BUDGET_TABLE.partitionKey, type: AttributeType.STRING },
      sortKey: { name: BUDGET_TABLE.sortKey, type: AttributeType.STRING },
      billing: Billing.onDemand(),
      encryption: TableEncryptionV2.customerManagedKey(this.key),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // Sparse: only campaign items carry dueBucket/dueAt, so the scheduler queries what is due.
      globalSecondaryIndexes: [
        {
          indexName: BUDGET_TABLE.dueIndex.name,
          partitionKey: { name: BUDGET_TABLE.dueIndex.partitionKey, type: AttributeType.STRING },
          sortKey: { name: BUDGET_TABLE.dueIndex.sortKey, type: AttributeType.STRING },
          projectionType: ProjectionType.KEYS_ONLY,
        },
      ],
      removalPolicy,
    });
    // Connectors subscribe with rules here; the bus lives with the data so their rules survive service redeploys.
    this.budgetEventBus = new EventBus(this, 'BudgetEventBus', { description: 'AI-marketing budget allocations and channel anomalies' });

    this.copyTable = new TableV2(this, 'CopyTable', {
      partitionKey: { name: COPY_TABLE.partitionKey, type: AttributeType.STRING },
      sortKey: { name: COPY_TABLE.sortKey, type: AttributeType.STRING },
      billing: Billing.onDemand(),
      encryption: TableEncryptionV2.customerManagedKey(this.key),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      globalSecondaryIndexes: [
        {
          indexName: COPY_TABLE.reviewIndex.name,
          partitionKey: { name: COPY_TABLE.reviewIndex.partitionKey, type: AttributeType.STRING },
          sortKey: { name: COPY_TABLE.reviewIndex.sortKey, type: AttributeType.STRING },
          projectionType: ProjectionType.ALL,
        },
      ],
      removalPolicy,
    });

    this.decisionsTable = new TableV2(this, 'DecisionsTable', {
      partitionKey: { name: DECISIONS_TABLE.partitionKey, type: AttributeType.STRING },
      sortKey: { name: DECISIONS_TABLE.sortKey, type: AttributeType.STRING },
      billing: Billing.onDemand(),
      encryption: TableEncryptionV2.customerManagedKey(this.key),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // Decision log items and outcome markers expire after the retention period; experiments never do.
      timeToLiveAttribute: DECISIONS_TABLE.ttlAttribute,
      globalSecondaryIndexes: [
        {
          // Erasure: every item of a pseudonymous user (only log items and markers carry uid).
          indexName: DECISIONS_TABLE.userIndex.name,
          partitionKey: { name: DECISIONS_TABLE.userIndex.partitionKey, type: AttributeType.STRING },
          sortKey: { name: DECISIONS_TABLE.userIndex.sortKey, type: AttributeType.STRING },
          projectionType: ProjectionType.KEYS_ONLY,
        },
        {
          // An experiment's log in time order, for results and off-policy evaluation.
          indexName: DECISIONS_TABLE.experimentIndex.name,
          partitionKey: { name: DECISIONS_TABLE.experimentIndex.partitionKey, type: AttributeType.STRING },
          sortKey: { name: DECISIONS_TABLE.experimentIndex.sortKey, type: AttributeType.STRING },
          projectionType: ProjectionType.ALL,
        },
      ],
      removalPolicy,
    });

    this.consentsTable = new TableV2(this, 'ConsentsTable', {
      partitionKey: { name: CONSENTS_TABLE.partitionKey, type: AttributeType.STRING },
      sortKey: { name: CONSENTS_TABLE.sortKey, type: AttributeType.STRING },
      billing: Billing.onDemand(),
      encryption: TableEncryptionV2.customerManagedKey(this.key),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // Only the proof kept after an erasure expires; the ledger of a living user never does.
      timeToLiveAttribute: CONSENTS_TABLE.ttlAttribute,
      removalPolicy,
    });

    this.writeKeysTable = new TableV2(this, 'WriteKeysTable', {
      partitionKey: { name: WRITE_KEYS_TABLE.partitionKey, type: AttributeType.STRING },
      billing: Billing.onDemand(),
      encryption: TableEncryptionV2.customerManagedKey(this.key),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy,
    });

    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: this.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy,
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter queue (stream on-failure destination and poison records); a DLQ of a DLQ adds nothing.',
    });

    this.pseudonymizationSecret = new Secret(this, 'PseudonymizationKey', {
      description: 'HMAC key that turns user ids into pseudonyms at the API edge',
      encryptionKey: this.key,
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      removalPolicy,
    });
    Validations.of(this.pseudonymizationSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'Rotating the HMAC key re-keys every pseudonym and splits every profile in two; rotation is a planned migration (README, "Rotating the pseudonymisation key"), not a schedule.',
    });
  }
}
