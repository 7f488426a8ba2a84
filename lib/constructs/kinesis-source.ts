import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IStream } from 'aws-cdk-lib/aws-kinesis';
import { StartingPosition, type IFunction } from 'aws-cdk-lib/aws-lambda';
import { KinesisEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/**
 * How long the mapping may wait to fill a batch by default. Lambda invokes when the batch is full,
 * the window has passed or the payload reaches 6 MB, whichever comes first: at 50 events/s a shard
 * fills the default 200 records in about 4 s, so a 5 s window lets batches fill at that rate and
 * above (a profile at most about 5 s staler than with no window), where a 1 s window gave batches
 * of about 50 and more DynamoDB writes per event (BENCHMARKS.md, profile cost: batching).
 */
export const DEFAULT_BATCHING_WINDOW = Duration.seconds(5);
/** Records per invocation by default. */
export const DEFAULT_BATCH_SIZE = 200;

export interface KinesisSourceProps {
  readonly stream: IStream;
  readonly consumer: IFunction;
  /** On-failure destination: batches that exhausted their retries are recorded here. */
  readonly deadLetterQueue: IQueue;
  readonly alarmTopic: ITopic;
  /** @default DEFAULT_BATCH_SIZE (200) */
  readonly batchSize?: number;
  /** @default DEFAULT_BATCHING_WINDOW (5 seconds) */
  readonly maxBatchingWindow?: Duration;
  /** @default 5 */
  readonly retryAttempts?: number;
  /** @default Duration.hours(6) */
  readonly maxRecordAge?: Duration;
  /** Iterator age above which the consumer is falling behind. @default Duration.minutes(1) */
  readonly iteratorAgeThreshold?: Duration;
}

/**
 * A Kinesis → Lambda mapping with the failure handling written once: bisect on error, partial batch
 * responses, bounded retries and record age, an on-failure queue, and alarms on iterator age (falling
 * behind) and on queue depth (anything that did fail).
 */
export class KinesisSource extends Construct {
  constructor(scope: Construct, id: string, props: KinesisSourceProps) {
    super(scope, id);
    props.consumer.addEventSource(
      new KinesisEventSource(props.stream, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: props.batchSize ?? DEFAULT_BATCH_SIZE,
        maxBatchingWindow: props.maxBatchingWindow ?? DEFAULT_BATCHING_WINDOW,
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        retryAttempts: props.retryAttempts ?? 5,
        maxRecordAge: props.maxRecordAge ?? Duration.hours(6),
        parallelizationFactor: 1,
        onFailure: new SqsDlq(props.deadLetterQueue),
      }),
    );
    const notify = new SnsAction(props.alarmTopic);
    new Alarm(this, 'IteratorAgeAlarm', {
      alarmDescription: 'The stream consumer is falling behind: events take longer than the threshold to reach profiles.',
      metric: props.consumer.metric('IteratorAge', { statistic: 'Maximum', period: Duration.minutes(1) }),
      threshold: (props.iteratorAgeThreshold ?? Duration.minutes(1)).toMilliseconds(),
      evaluationPeriods: 3,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    }).addAlarmAction(notify);
    new Alarm(this, 'DeadLetterAlarm', {
      alarmDescription: 'Records reached the dead-letter queue: read the reason attribute, fix, and replay.',
      metric: props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
      threshold: 0,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    }).addAlarmAction(notify);
  }
}
