import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IStream } from 'aws-cdk-lib/aws-kinesis';
import { StartingPosition, type IFunction } from 'aws-cdk-lib/aws-lambda';
import { KinesisEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface KinesisSourceProps {
  readonly stream: IStream;
  readonly consumer: IFunction;
  /** On-failure destination: batches that exhausted their retries are recorded here. */
  readonly deadLetterQueue: IQueue;
  readonly alarmTopic: ITopic;
  /** @default 200 */
  readonly batchSize?: number;
  /** @default Duration.seconds(1) */
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
        batchSize: props.batchSize ?? 200,
        maxBatchingWindow: props.maxBatchingWindow ?? Duration.seconds(1),
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
