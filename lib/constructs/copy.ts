import { Aws, Duration, Names, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import {
  FlowLogDestination,
  FlowLogTrafficType,
  InterfaceVpcEndpointAwsService,
  InterfaceVpcEndpointService,
  Peer,
  Port,
  SecurityGroup,
  SubnetType,
  Vpc,
} from 'aws-cdk-lib/aws-ec2';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { CfnFunction, IFunction } from 'aws-cdk-lib/aws-lambda';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { ContextFlagSchema } from '../context-flag';
import {
  Choice,
  Condition,
  DefinitionBody,
  Errors,
  Fail,
  JitterType,
  JsonPath,
  LogLevel,
  Map as MapState,
  Pass,
  Result,
  StateMachine,
  StateMachineType,
  TaskInput,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke, type LambdaInvokeProps } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct, type Node } from 'constructs';
import { z } from 'zod';
import { SCOPES } from '../../shared/auth/scopes';
import { COPY_TABLE } from '../../shared/copy/keys';
import { MODEL_ERROR_NAMES } from '../../shared/copy/model';
import type { MarketingApi } from './marketing-api';
import { MarketingFunction, type MarketingFunctionProps } from './marketing-function';

/** How the generate function reaches an OpenAI-compatible endpoint. */
export type CopyModelNetwork =
  /** No VPC: a Lambda function outside a VPC already reaches the internet (the default, and free). */
  | { readonly mode: 'none' }
  /** A VPC of its own, the function in private subnets behind one NAT gateway, with flow logs: a fixed egress path. */
  | { readonly mode: 'nat' }
  /**
   * No internet at all: isolated subnets and an interface endpoint to the provider's PrivateLink
   * service (its DNS name resolving privately), plus a Secrets Manager endpoint for the API key.
   */
  | { readonly mode: 'endpoint'; readonly serviceName: string; readonly privateDns?: boolean };

/** Which copy model the Generate step uses. */
export type CopyModelSettings =
  | { readonly provider: 'offline' }
  | {
      readonly provider: 'bedrock';
      /** Foundation-model id, cross-region inference-profile id (`eu.…`, `us.…`, `global.…`) or ARN. */
      readonly modelId: string;
      /** @default 0.7 */
      readonly temperature?: number;
      /** @default 400 */
      readonly maxTokens?: number;
      /** A Bedrock Guardrail (id or ARN, and version) applied to prompts and completions. @default none */
      readonly guardrail?: { readonly id: string; readonly version: string };
    }
  | {
      readonly provider: 'openai-compatible';
      /** Up to and including the API version: `https://dashscope.aliyuncs.com/compatible-mode/v1`. */
      readonly baseUrl: string;
      /** The provider's model name (`qwen-plus`, `deepseek-chat`, `glm-4-flash`…). */
      readonly modelId: string;
      /** @default 0.7 */
      readonly temperature?: number;
      /** @default 400 */
      readonly maxTokens?: number;
      /** Ask for `{"copy": "…"}` with `response_format: json_object`. @default false */
      readonly jsonMode?: boolean;
      /** Per HTTP attempt (two attempts at most per Lambda invocation). @default 20 */
      readonly timeoutSeconds?: number;
      /** The Secrets Manager secret with the API key, by name or complete ARN; read access to it alone. @default no key */
      readonly apiKeySecret?: { readonly name: string } | { readonly arn: string };
      /** @default { mode: 'none' } */
      readonly network?: CopyModelNetwork;
    };

export const DEFAULT_COPY_MODEL_ID = 'amazon.nova-lite-v1:0';
/** The generate function's timeout: room for two HTTP attempts, a short Retry-After and the key read. */
const GENERATE_TIMEOUT_SECONDS = 60;
const MAX_OPENAI_TIMEOUT_SECONDS = 25;

const ContextSchema = z.object({
  copyModel: z.enum(['bedrock', 'openai-compatible', 'offline']).default('bedrock'),
  copyModelId: z.string().min(1).max(256).optional(),
  copyModelTemperature: z.coerce.number().min(0).max(2).optional(),
  copyModelMaxTokens: z.coerce.number().int().positive().max(8192).optional(),
  copyGuardrailId: z.string().min(1).optional(),
  copyGuardrailVersion: z.string().min(1).optional(),
  copyModelBaseUrl: z.url({ protocol: /^https?$/ }).optional(),
  copyModelJsonMode: ContextFlagSchema.optional(),
  copyModelTimeoutSeconds: z.coerce.number().int().min(1).max(MAX_OPENAI_TIMEOUT_SECONDS).optional(),
  copyModelApiKeySecretName: z.string().regex(/^[A-Za-z0-9/_+=.@-]{1,512}$/).optional(),
  copyModelApiKeySecretArn: z.string().regex(/^arn:[\w-]+:secretsmanager:[\w-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+-[A-Za-z0-9]{6}$/, 'a complete secret ARN (ending in the six-character suffix)').optional(),
  copyModelVpc: z.enum(['none', 'nat', 'endpoint']).default('none'),
  copyModelEndpointService: z.string().regex(/^com\.amazonaws\.[\w.-]+$/, 'a VPC endpoint service name (com.amazonaws.vpce.<region>.vpce-svc-…)').optional(),
  copyModelEndpointPrivateDns: ContextFlagSchema.optional(),
});

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/**
 * The copy model from CDK context: `-c copyModel=offline` (what the local runtime synthesizes), the
 * default `bedrock` with `copyModelId`, `copyModelTemperature`, `copyModelMaxTokens` and, together,
 * `copyGuardrailId` + `copyGuardrailVersion`, or `openai-compatible` with `copyModelBaseUrl`,
 * `copyModelId`, `copyModelTemperature`, `copyModelMaxTokens`, `copyModelJsonMode`,
 * `copyModelTimeoutSeconds`, `copyModelApiKeySecretName` or `copyModelApiKeySecretArn`, and
 * `copyModelVpc` (`none` | `nat` | `endpoint` with `copyModelEndpointService`). A malformed or
 * contradictory value fails synthesis.
 */
export function copyModelFromContext(node: Node): CopyModelSettings {
  const raw = Object.fromEntries(Object.keys(ContextSchema.shape).map((key) => [key, node.tryGetContext(key)]).filter(([, value]) => value !== undefined));
  const parsed = ContextSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`Invalid copy model context: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  const context = parsed.data;
  if (context.copyModel === 'offline') return { provider: 'offline' };
  if (context.copyModel === 'openai-compatible') return openAiFromContext(context);
  if ((context.copyGuardrailId === undefined) !== (context.copyGuardrailVersion === undefined)) throw new Error('Set copyGuardrailId and copyGuardrailVersion together');
  if (context.copyModelTemperature !== undefined && context.copyModelTemperature > 1) throw new Error('Invalid copy model context: copyModelTemperature: Bedrock takes 0 to 1');
  return {
    provider: 'bedrock',
    modelId: context.copyModelId ?? DEFAULT_COPY_MODEL_ID,
    temperature: context.copyModelTemperature,
    maxTokens: context.copyModelMaxTokens,
    guardrail: context.copyGuardrailId && context.copyGuardrailVersion ? { id: context.copyGuardrailId, version: context.copyGuardrailVersion } : undefined,
  };
}

function openAiFromContext(context: z.infer<typeof ContextSchema>): CopyModelSettings {
  const problems: string[] = [];
  if (!context.copyModelBaseUrl) problems.push('copyModelBaseUrl is required with copyModel=openai-compatible');
  if (!context.copyModelId) problems.push('copyModelId is required with copyModel=openai-compatible (there is no default provider model)');
  if (context.copyModelApiKeySecretName && context.copyModelApiKeySecretArn) problems.push('set copyModelApiKeySecretName or copyModelApiKeySecretArn, not both');
  const hasKey = Boolean(context.copyModelApiKeySecretName ?? context.copyModelApiKeySecretArn);
  const url = context.copyModelBaseUrl ? new URL(context.copyModelBaseUrl) : undefined;
  if (url && hasKey && url.protocol === 'http:' && !LOOPBACK.has(url.hostname)) problems.push('copyModelBaseUrl must be https when an API key is sent (it would cross the network in clear text)');
  if (context.copyModelVpc === 'endpoint' && !context.copyModelEndpointService) problems.push('copyModelVpc=endpoint needs copyModelEndpointService (the provider\'s VPC endpoint service name)');
  if (context.copyModelVpc !== 'endpoint' && context.copyModelEndpointService) problems.push('copyModelEndpointService is only used with copyModelVpc=endpoint');
  if (problems.length > 0 || !context.copyModelBaseUrl || !context.copyModelId) throw new Error(`Invalid copy model context: ${problems.join('; ')}`);
  const network: CopyModelNetwork =
    context.copyModelVpc === 'endpoint'
      ? { mode: 'endpoint', serviceName: context.copyModelEndpointService!, ...(context.copyModelEndpointPrivateDns === undefined ? {} : { privateDns: context.copyModelEndpointPrivateDns }) }
      : { mode: context.copyModelVpc };
  return {
    provider: 'openai-compatible',
    baseUrl: context.copyModelBaseUrl,
    modelId: context.copyModelId,
    temperature: context.copyModelTemperature,
    maxTokens: context.copyModelMaxTokens,
    jsonMode: context.copyModelJsonMode,
    timeoutSeconds: context.copyModelTimeoutSeconds,
    apiKeySecret: context.copyModelApiKeySecretName ? { name: context.copyModelApiKeySecretName } : context.copyModelApiKeySecretArn ? { arn: context.copyModelApiKeySecretArn } : undefined,
    network,
  };
}

const INFERENCE_PROFILE_ID = /^(us|us-gov|eu|apac|jp|au|ca|global)\.(.+)$/;

/**
 * What `bedrock:InvokeModel` must be allowed on for a model id: the foundation model in this region;
 * for a cross-region inference profile, the profile and the one foundation model in every region it
 * routes to; an ARN (provisioned throughput, application profile) as given.
 */
export function bedrockModelArns(stack: Stack, modelId: string): string[] {
  if (modelId.startsWith('arn:')) return [modelId];
  const profile = INFERENCE_PROFILE_ID.exec(modelId);
  if (profile) {
    return [
      stack.formatArn({ service: 'bedrock', resource: 'inference-profile', resourceName: modelId }),
      stack.formatArn({ service: 'bedrock', region: '*', account: '', resource: 'foundation-model', resourceName: profile[2] }),
    ];
  }
  return [stack.formatArn({ service: 'bedrock', account: '', resource: 'foundation-model', resourceName: modelId })];
}

export interface CopyProps {
  readonly api: MarketingApi;
  /** Jobs and variants (key design: shared/copy/keys.ts), with the sparse `reviews` index. */
  readonly copyTable: ITableV2;
  /** @default Bedrock with DEFAULT_COPY_MODEL_ID */
  readonly model?: CopyModelSettings;
  /** Variants generated at the same time per job (bounds model throughput per job). @default 4 */
  readonly maxConcurrency?: number;
  /** How long a job may run before Step Functions stops it. @default Duration.minutes(30) */
  readonly jobTimeout?: Duration;
}

/**
 * Compliant ad copy: POST /v1/copy-jobs starts a Standard state machine,
 *
 *   ValidateJob → ForEachVariant (Map over audiences × locales × variants) {
 *     Generate → Check → Verdict? pass → Accept │ attempts left → Regenerate → Generate │ else → HumanReview
 *     → PersistVariant }
 *   → PublishJob;  any error → MarkJobFailed → JobFailed
 *
 * and GET /v1/copy-jobs/{jobId}, GET /v1/reviews, POST /v1/reviews/{variantId} and
 * POST /v1/compliance/check serve the results. JSONPath only, so the local runtime runs the
 * synthesized definition as is. Each grant sits next to the env var naming the resource.
 */
export class Copy extends Construct {
  readonly stateMachine: StateMachine;
  readonly generateFunction: MarketingFunction;
  /** The generate function's own VPC, under `copyModelVpc=nat|endpoint`. */
  readonly modelVpc?: Vpc;
  /** The functions that turn a job's variants into experiment arms (publish, review, job view); the decisions capability binds its table to them. */
  readonly experimentLinkedFunctions: MarketingFunction[];

  constructor(scope: Construct, id: string, props: CopyProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const model = props.model ?? { provider: 'bedrock', modelId: DEFAULT_COPY_MODEL_ID };
    const tableEnv = { COPY_TABLE_NAME: props.copyTable.tableName };

    type Network = Pick<MarketingFunctionProps, 'vpc' | 'vpcSubnets' | 'securityGroups'>;
    const step = (name: string, functionDir: string, options: { table?: boolean; environment?: Record<string, string>; timeout?: Duration; memorySize?: number; network?: Network } = {}) => {
      const fn = new MarketingFunction(this, name, {
        functionDir,
        serviceName: functionDir,
        // Only what is set: an explicit `undefined` would override MarketingFunction's defaults (30 s, 512 MB) with Lambda's (3 s, 128 MB).
        ...(options.timeout ? { timeout: options.timeout } : {}),
        ...(options.memorySize ? { memorySize: options.memorySize } : {}),
        environment: { ...(options.table ? tableEnv : {}), ...options.environment },
        ...options.network,
      });
      if (options.table) props.copyTable.grantReadWriteData(fn);
      return fn;
    };
    const tableIndexArn = (indexName: string) => `${props.copyTable.tableArn}/index/${indexName}`;

    const prepareFn = step('PrepareFunction', 'copy-prepare', { table: true });
    const network = this.modelNetwork(model);
    this.modelVpc = network.vpc as Vpc | undefined;
    this.generateFunction = step('GenerateFunction', 'copy-generate', { timeout: Duration.seconds(GENERATE_TIMEOUT_SECONDS), environment: this.modelEnvironment(model), network });
    if (network.vpc) {
      Validations.of(this.generateFunction).acknowledge({
        id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]',
        reason: 'What Lambda needs to attach the function to its VPC (ec2:CreateNetworkInterface and friends, which support no resource-level permissions); AWS maintains it.',
      });
    }
    this.grantModel(stack, model);
    const checkFn = step('CheckFunction', 'copy-check', { memorySize: 1024 });
    const persistFn = step('PersistVariantFunction', 'copy-persist-variant', { table: true });
    const publishFn = step('PublishFunction', 'copy-publish', { table: true, timeout: Duration.seconds(60) });
    const markFailedFn = step('MarkFailedFunction', 'copy-mark-failed', { table: true, timeout: Duration.seconds(60) });

    const invoke = (stateName: string, fn: IFunction, options: Partial<LambdaInvokeProps> = {}) =>
      new LambdaInvoke(this, stateName, { lambdaFunction: fn, outputPath: '$.Payload', ...options });

    const validate = invoke('ValidateJob', prepareFn, { comment: 'Loads and re-validates the job, marks it RUNNING, plans audiences × locales × variants' });
    const generate = invoke('Generate', this.generateFunction, { comment: 'One attempt from the copy model; on a regeneration the previous findings are the feedback' });
    generate.addRetry({ errors: [MODEL_ERROR_NAMES.throttled], interval: Duration.seconds(2), backoffRate: 2, maxAttempts: 6, maxDelay: Duration.seconds(30), jitterStrategy: JitterType.FULL });
    generate.addRetry({ errors: [MODEL_ERROR_NAMES.unavailable], interval: Duration.seconds(1), backoffRate: 2, maxAttempts: 2 });
    const check = invoke('Check', checkFn, { comment: 'The compliance engine on the draft; appends the attempt and its verdict' });
    const persistVariant = invoke('PersistVariant', persistFn, { comment: 'Stages the variant with every attempt; the Map keeps only its id and outcome' });
    const accept = new Pass(this, 'Accept', { result: Result.fromString('accepted'), resultPath: '$.outcome' });
    const humanReview = new Pass(this, 'HumanReview', { comment: 'Attempts exhausted: the variant waits in GET /v1/reviews', result: Result.fromString('pending-review'), resultPath: '$.outcome' });
    const regenerate = new Pass(this, 'Regenerate', { comment: 'Violations and attempts left: generate again with the findings as feedback' });
    const verdict = new Choice(this, 'Verdict')
      .when(Condition.stringEquals('$.verdict', 'pass'), accept.next(persistVariant))
      .when(Condition.numberLessThanJsonPath('$.attempt', '$.job.maxAttempts'), regenerate.next(generate))
      .otherwise(humanReview.next(persistVariant));

    const forEachVariant = new MapState(this, 'ForEachVariant', {
      itemsPath: '$.items',
      itemSelector: { jobId: JsonPath.stringAt('$.jobId'), job: JsonPath.objectAt('$.job'), item: JsonPath.objectAt('$$.Map.Item.Value') },
      maxConcurrency: props.maxConcurrency ?? 4,
      resultPath: '$.variants',
    });
    forEachVariant.itemProcessor(generate.next(check).next(verdict));

    const publish = invoke('PublishJob', publishFn, {
      comment: 'Publishes every variant at once and marks the job SUCCEEDED',
      payload: TaskInput.fromObject({ jobId: JsonPath.stringAt('$.jobId'), variants: JsonPath.listAt('$.variants') }),
    });
    const markFailed = invoke('MarkJobFailed', markFailedFn, {
      comment: 'Records the failure reason on the job and withdraws its variants',
      payload: TaskInput.fromObject({ jobId: JsonPath.stringAt('$.jobId'), error: JsonPath.stringAt('$.failure.Error'), cause: JsonPath.stringAt('$.failure.Cause') }),
      resultPath: JsonPath.DISCARD,
      outputPath: '$',
    });
    markFailed.addRetry({ errors: [Errors.TASKS_FAILED], interval: Duration.seconds(1), backoffRate: 2, maxAttempts: 3 });
    markFailed.next(new Fail(this, 'JobFailed', { errorPath: '$.failure.Error', causePath: '$.failure.Cause' }));
    for (const state of [validate, forEachVariant, publish]) state.addCatch(markFailed, { errors: [Errors.ALL], resultPath: '$.failure' });

    const logGroup = new LogGroup(this, 'WorkflowLogs', { retention: RetentionDays.THREE_MONTHS, removalPolicy: RemovalPolicy.DESTROY });
    // A name generated from the construct path (not typed in), so IAM can name the executions without a token.
    const stateMachineName = Names.uniqueResourceName(this, { maxLength: 80, separator: '-' });
    this.stateMachine = new StateMachine(this, 'Workflow', {
      stateMachineName,
      comment: 'Copy job: generate, check, regenerate with feedback or route to human review, persist with verdicts',
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromChainable(validate.next(forEachVariant).next(publish)),
      timeout: props.jobTimeout ?? Duration.minutes(30),
      tracingEnabled: true,
      // Execution data holds product briefs and copy: the history keeps it, the logs keep ids and events.
      logs: { destination: logGroup, level: LogLevel.ALL, includeExecutionData: false },
    });
    Validations.of(this.stateMachine).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
      reason: 'Step Functions log delivery and X-Ray actions (logs:CreateLogDelivery…, xray:PutTraceSegments…) support no resource-level permissions.',
    });
    for (const fn of [prepareFn, this.generateFunction, checkFn, persistFn, publishFn, markFailedFn]) {
      Validations.of(this.stateMachine).acknowledge({
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${stack.getLogicalId(fn.node.defaultChild as CfnFunction)}.Arn>:*]`,
        reason: 'CDK grants lambda:InvokeFunction on the function and its versions (`:*`); the role can invoke only the workflow\'s own functions.',
      });
    }

    // API: submit and read jobs, the review queue and decisions, and ad-hoc compliance checks.
    const jobsApi = step('JobsApi', 'copy-jobs-api', { table: true, environment: { COPY_STATE_MACHINE_ARN: this.stateMachine.stateMachineArn } });
    this.stateMachine.grantStartExecution(jobsApi);
    // GET reads the execution of a job that is still running, so a job whose execution died is reported FAILED.
    const executions = `arn:${Aws.PARTITION}:states:${Aws.REGION}:${Aws.ACCOUNT_ID}:execution:${stateMachineName}:*`;
    jobsApi.addToRolePolicy(new PolicyStatement({ actions: ['states:DescribeExecution'], resources: [executions] }));
    Validations.of(jobsApi).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:${stateMachineName}:*]`,
      reason: 'states:DescribeExecution on the executions of the copy state machine only; their names are job ids, not known in advance.',
    });
    props.api.addRoute(HttpMethod.POST, '/v1/copy-jobs', SCOPES.copyWrite, jobsApi, 'SubmitCopyJobIntegration');
    props.api.addRoute(HttpMethod.GET, '/v1/copy-jobs/{jobId}', SCOPES.copyRead, jobsApi, 'ReadCopyJobIntegration');

    const reviewsApi = step('ReviewsApi', 'reviews-api', { table: true });
    this.experimentLinkedFunctions = [publishFn, jobsApi, reviewsApi];
    reviewsApi.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:Query'], resources: [tableIndexArn(COPY_TABLE.reviewIndex.name)] }));
    props.api.addRoute(HttpMethod.GET, '/v1/reviews', SCOPES.copyRead, reviewsApi, 'ListReviewsIntegration');
    props.api.addRoute(HttpMethod.POST, '/v1/reviews/{variantId}', SCOPES.copyReview, reviewsApi, 'DecideReviewIntegration');

    const complianceApi = step('ComplianceCheckApi', 'compliance-check', { memorySize: 1024 });
    props.api.addRoute(HttpMethod.POST, '/v1/compliance/check', SCOPES.complianceCheck, complianceApi, 'ComplianceCheckIntegration');
  }

  private modelEnvironment(model: CopyModelSettings): Record<string, string> {
    if (model.provider === 'offline') return { COPY_MODEL_PROVIDER: 'offline' };
    if (model.provider === 'openai-compatible') {
      const secret = model.apiKeySecret;
      return {
        COPY_MODEL_PROVIDER: 'openai-compatible',
        COPY_MODEL_BASE_URL: model.baseUrl,
        COPY_MODEL_ID: model.modelId,
        COPY_MODEL_TEMPERATURE: String(model.temperature ?? 0.7),
        COPY_MODEL_MAX_TOKENS: String(model.maxTokens ?? 400),
        COPY_MODEL_JSON_MODE: String(model.jsonMode ?? false),
        COPY_MODEL_TIMEOUT_MS: String((model.timeoutSeconds ?? 20) * 1000),
        // The secret's name or ARN, never its value: the function reads the key at run time.
        ...(secret ? { COPY_MODEL_API_KEY_SECRET: 'name' in secret ? secret.name : secret.arn } : {}),
      };
    }
    return {
      COPY_MODEL_PROVIDER: 'bedrock',
      COPY_MODEL_ID: model.modelId,
      COPY_MODEL_TEMPERATURE: String(model.temperature ?? 0.7),
      COPY_MODEL_MAX_TOKENS: String(model.maxTokens ?? 400),
      ...(model.guardrail ? { COPY_GUARDRAIL_ID: model.guardrail.id, COPY_GUARDRAIL_VERSION: model.guardrail.version } : {}),
    };
  }

  /** bedrock:InvokeModel (what Converse requires) on that one model, and ApplyGuardrail on that one guardrail. */
  private grantModel(stack: Stack, model: CopyModelSettings): void {
    if (model.provider === 'openai-compatible') {
      this.grantApiKey(model);
      return;
    }
    if (model.provider !== 'bedrock') return;
    const resources = bedrockModelArns(stack, model.modelId);
    this.generateFunction.addToRolePolicy(new PolicyStatement({ actions: ['bedrock:InvokeModel'], resources }));
    const profile = INFERENCE_PROFILE_ID.exec(model.modelId);
    if (profile) {
      Validations.of(this.generateFunction).acknowledge({
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:bedrock:*::foundation-model/${profile[2]}]`,
        reason: 'A cross-region inference profile routes to the same foundation model in several regions; the grant names that one model, in any region.',
      });
    }
    if (model.guardrail) {
      const guardrailArn = model.guardrail.id.startsWith('arn:') ? model.guardrail.id : stack.formatArn({ service: 'bedrock', resource: 'guardrail', resourceName: model.guardrail.id });
      this.generateFunction.addToRolePolicy(new PolicyStatement({ actions: ['bedrock:ApplyGuardrail'], resources: [guardrailArn] }));
    }
  }

  /**
   * secretsmanager:GetSecretValue on the one API-key secret, nothing else (not even DescribeSecret). A
   * secret given by name is matched as `<name>-??????`: Secrets Manager appends six random characters
   * to every secret's ARN. A secret encrypted with a customer managed KMS key also needs kms:Decrypt,
   * which this does not grant: use the default `aws/secretsmanager` key.
   */
  private grantApiKey(model: Extract<CopyModelSettings, { provider: 'openai-compatible' }>): void {
    const configured = model.apiKeySecret;
    if (!configured) return;
    const secret = 'name' in configured ? Secret.fromSecretNameV2(this, 'ModelApiKey', configured.name) : Secret.fromSecretCompleteArn(this, 'ModelApiKey', configured.arn);
    // fromSecretNameV2 gives the ARN without its suffix, which matches no secret on its own.
    const resource = 'name' in configured ? `${secret.secretArn}-??????` : secret.secretArn;
    this.generateFunction.addToRolePolicy(new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [resource] }));
  }

  /**
   * The network path to an outside endpoint. A Lambda function outside a VPC already reaches the
   * internet, so `none` adds nothing. `nat` gives the function a VPC of its own with one NAT gateway
   * (a fixed egress path, e.g. for a provider that allow-lists the NAT's address); `endpoint` keeps it
   * off the internet: isolated subnets, an interface endpoint to the provider's PrivateLink service
   * and one to Secrets Manager. Both log every flow and let the function send only to the endpoint's port.
   */
  private modelNetwork(model: CopyModelSettings): Pick<MarketingFunctionProps, 'vpc' | 'vpcSubnets' | 'securityGroups'> {
    if (model.provider !== 'openai-compatible' || !model.network || model.network.mode === 'none') return {};
    const network = model.network;
    const url = new URL(model.baseUrl);
    const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
    const isolated = network.mode === 'endpoint';
    const flowLogs = new LogGroup(this, 'ModelVpcFlowLogs', { retention: RetentionDays.THREE_MONTHS, removalPolicy: RemovalPolicy.DESTROY });
    const vpc = new Vpc(this, 'ModelVpc', {
      maxAzs: 2,
      natGateways: isolated ? 0 : 1,
      subnetConfiguration: isolated
        ? [{ name: 'model', subnetType: SubnetType.PRIVATE_ISOLATED, cidrMask: 24 }]
        : [
            { name: 'egress', subnetType: SubnetType.PUBLIC, cidrMask: 24 },
            { name: 'model', subnetType: SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 24 },
          ],
      flowLogs: { all: { destination: FlowLogDestination.toCloudWatchLogs(flowLogs), trafficType: FlowLogTrafficType.ALL } },
    });
    const securityGroup = new SecurityGroup(this, 'GenerateSecurityGroup', {
      vpc,
      allowAllOutbound: false,
      description: 'Copy generate function: out to the model endpoint and Secrets Manager only',
    });
    if (network.mode === 'endpoint') {
      // Only the function may reach the endpoints, and it may reach nothing else.
      const endpointGroup = new SecurityGroup(this, 'ModelEndpointSecurityGroup', { vpc, allowAllOutbound: false, description: 'Interface endpoints of the copy model: from the generate function only' });
      const subnets = { subnetType: SubnetType.PRIVATE_ISOLATED };
      vpc.addInterfaceEndpoint('ModelEndpoint', { service: new InterfaceVpcEndpointService(network.serviceName, port), privateDnsEnabled: network.privateDns ?? true, subnets, securityGroups: [endpointGroup], open: false });
      securityGroup.connections.allowTo(endpointGroup, Port.tcp(port), 'the model endpoint');
      if (model.apiKeySecret) {
        vpc.addInterfaceEndpoint('SecretsManagerEndpoint', { service: InterfaceVpcEndpointAwsService.SECRETS_MANAGER, subnets, securityGroups: [endpointGroup], open: false });
        if (port !== 443) securityGroup.connections.allowTo(endpointGroup, Port.tcp(443), 'Secrets Manager (the API key)');
      }
    } else {
      // Behind NAT the endpoint's addresses are the provider's, and may change: any address, that port only.
      securityGroup.addEgressRule(Peer.anyIpv4(), Port.tcp(port), 'the model endpoint');
      if (port !== 443 && model.apiKeySecret) securityGroup.addEgressRule(Peer.anyIpv4(), Port.tcp(443), 'Secrets Manager (the API key)');
    }
    return { vpc, vpcSubnets: { subnetType: isolated ? SubnetType.PRIVATE_ISOLATED : SubnetType.PRIVATE_WITH_EGRESS }, securityGroups: [securityGroup] };
  }
}
