import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { Alarm, ComparisonOperator, MathExpression, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { SCOPES } from '../../shared/auth/scopes';
import { BUDGET_EVENT_SOURCE } from '../../shared/budget-service/events';
import { BUDGET_TABLE } from '../../shared/budget-service/keys';
import type { MarketingApi } from './marketing-api';
import { MarketingFunction } from './marketing-function';

export interface BudgetProps {
  readonly api: MarketingApi;
  /** Campaigns, effects and allocation history (keys: shared/aws/budget-store.ts). */
  readonly budgetTable: ITableV2;
  /** Where BudgetAllocated and ChannelAnomalyDetected events go. */
  readonly eventBus: IEventBus;
  readonly alarmTopic: ITopic;
  /**
   * How often the scheduler looks for campaigns whose cadence makes them due. Each campaign still
   * moves only once per period of its own cadence; this is only the polling interval.
   * @default ScheduleExpression.rate(Duration.hours(1))
   */
  readonly reallocationSchedule?: ScheduleExpression;
  /** Campaigns reallocated per scheduled run at most; the rest wait for the next run. @default 200 */
  readonly maxCampaignsPerRun?: number;
}

/**
 * Budget that moves itself: campaign configuration and effect reporting through the API, and an
 * EventBridge Scheduler rule that reallocates every due campaign (anomaly gate → Bayesian model →
 * Thompson-sampling allocation within floors, caps and step limits), stores the allocation with its
 * explanation and publishes it for the connectors. Each grant sits next to the env var naming the resource.
 */
export class Budget extends Construct {
  readonly campaignsApi: MarketingFunction;
  readonly effectsApi: MarketingFunction;
  readonly reallocator: MarketingFunction;
  readonly schedule: Schedule;

  constructor(scope: Construct, id: string, props: BudgetProps) {
    super(scope, id);
    const tableEnv = { BUDGET_TABLE_NAME: props.budgetTable.tableName };
    const busEnv = { BUDGET_EVENT_BUS_NAME: props.eventBus.eventBusName };

    this.campaignsApi = new MarketingFunction(this, 'CampaignsApi', {
      functionDir: 'campaigns-api',
      serviceName: 'campaigns-api',
      memorySize: 1024,
      environment: { ...tableEnv, ...busEnv },
    });
    props.budgetTable.grantReadWriteData(this.campaignsApi);
    props.eventBus.grantPutEventsTo(this.campaignsApi);
    const campaignRoutes: [HttpMethod, string, typeof SCOPES.budgetRead | typeof SCOPES.budgetWrite, string][] = [
      [HttpMethod.PUT, '/v1/campaigns/{campaignId}', SCOPES.budgetWrite, 'PutCampaignIntegration'],
      [HttpMethod.GET, '/v1/campaigns/{campaignId}', SCOPES.budgetRead, 'GetCampaignIntegration'],
      [HttpMethod.GET, '/v1/campaigns/{campaignId}/allocation', SCOPES.budgetRead, 'GetAllocationIntegration'],
      [HttpMethod.GET, '/v1/campaigns/{campaignId}/allocations', SCOPES.budgetRead, 'ListAllocationsIntegration'],
      [HttpMethod.POST, '/v1/campaigns/{campaignId}/reallocate', SCOPES.budgetWrite, 'ReallocateIntegration'],
    ];
    for (const [method, path, scope, integrationId] of campaignRoutes) props.api.addRoute(method, path, scope, this.campaignsApi, integrationId);

    this.effectsApi = new MarketingFunction(this, 'EffectsApi', {
      functionDir: 'effects-api',
      serviceName: 'effects-api',
      environment: tableEnv,
    });
    props.budgetTable.grantReadWriteData(this.effectsApi);
    props.api.addRoute(HttpMethod.POST, '/v1/effects', SCOPES.effectsWrite, this.effectsApi, 'ReportEffectsIntegration');

    this.reallocator = new MarketingFunction(this, 'Reallocate', {
      functionDir: 'budget-reallocate',
      serviceName: 'budget-reallocate',
      memorySize: 1024,
      timeout: Duration.minutes(5),
      environment: { ...tableEnv, ...busEnv, MAX_CAMPAIGNS_PER_RUN: String(props.maxCampaignsPerRun ?? 200) },
    });
    props.budgetTable.grantReadWriteData(this.reallocator);
    // The table is imported, so its grants do not cover indexes: name the one index the scheduler queries.
    this.reallocator.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:Query'], resources: [`${props.budgetTable.tableArn}/index/${BUDGET_TABLE.dueIndex.name}`] }));
    props.eventBus.grantPutEventsTo(this.reallocator);

    // The scheduler's own role, assumable only by EventBridge Scheduler on behalf of this account.
    const schedulerRole = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } } }),
      description: 'Lets EventBridge Scheduler invoke the budget reallocation function',
    });
    Validations.of(schedulerRole).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(this.reallocator.node.defaultChild as CfnFunction)}.Arn>:*]`,
      reason: 'CDK grants lambda:InvokeFunction on the function and its versions (`:*`); the role can invoke only the reallocation function.',
    });
    // A run is idempotent per campaign and period, so a retried or late invocation is harmless;
    // one that is hours late is pointless (the next run covers it), hence the short event age.
    this.schedule = new Schedule(this, 'ReallocationSchedule', {
      schedule: props.reallocationSchedule ?? ScheduleExpression.rate(Duration.hours(1)),
      description: 'Reallocates the budget of every campaign whose cadence makes it due',
      target: new LambdaInvoke(this.reallocator, {
        role: schedulerRole,
        input: ScheduleTargetInput.fromObject({ trigger: 'schedule' }),
        retryAttempts: 2,
        maxEventAge: Duration.minutes(30),
      }),
    });

    const notify = new SnsAction(props.alarmTopic);
    // Powertools metrics carry the function's service name as their one default dimension.
    const serviceMetric = (service: string, metricName: string) => new Metric({ namespace: 'AiMarketing', metricName, dimensionsMap: { service }, statistic: 'Sum', period: Duration.hours(1) });
    const reallocatorMetric = (metricName: string) => serviceMetric('budget-reallocate', metricName);
    new Alarm(this, 'ReallocationFailuresAlarm', {
      alarmDescription: 'Campaigns could not be reallocated on schedule (their budget is held): the function logs each campaign id with its error.',
      metric: reallocatorMetric('CampaignsFailed'),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    }).addAlarmAction(notify);
    new Alarm(this, 'CampaignsFailingRepeatedlyAlarm', {
      alarmDescription: 'A campaign failed three or more scheduled runs in a row and is backing off (up to a day between attempts): GET /v1/campaigns/{id} shows its health with the last error.',
      metric: reallocatorMetric('CampaignsFailingRepeatedly'),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    }).addAlarmAction(notify);
    new Alarm(this, 'ReallocatorErrorsAlarm', {
      alarmDescription: 'The scheduled reallocation run itself failed (not one campaign: the whole run).',
      metric: this.reallocator.metricErrors({ period: Duration.hours(1), statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    }).addAlarmAction(notify);
    new Alarm(this, 'ChannelAnomalyAlarm', {
      alarmDescription: `A channel's effects looked anomalous, so its budget is held; the ${BUDGET_EVENT_SOURCE} ChannelAnomalyDetected event names it.`,
      // Scheduled runs and reallocations asked for through the API both detect anomalies.
      metric: new MathExpression({
        expression: 'scheduled + onDemand',
        usingMetrics: { scheduled: reallocatorMetric('ChannelAnomalies'), onDemand: serviceMetric('campaigns-api', 'ChannelAnomalies') },
        period: Duration.hours(1),
        label: 'Channels held for anomalous effects',
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    }).addAlarmAction(notify);
  }
}
