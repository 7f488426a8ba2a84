import { App } from 'aws-cdk-lib';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LOCAL_ENTRY_METADATA } from '../lib/constructs/marketing-function';

/**
 * What the local runtime needs to know about the suite, read from the CloudFormation templates that
 * `cdk synth` produces (bundling skipped), never restated by hand: tables, streams, queues, secrets,
 * functions with their resolved environment, stream mappings, routes with scopes, state machines
 * and schedules.
 */

export const LOCAL_ACCOUNT = '000000000000';

export type Template = { Resources: Record<string, { Type: string; Properties?: Record<string, any>; Metadata?: Record<string, any> }>; Outputs?: Record<string, { Value: unknown; Export?: { Name: unknown } }> };

export interface LocalTable {
  name: string;
  keySchema: { AttributeName: string; KeyType: 'HASH' | 'RANGE' }[];
  attributeDefinitions: { AttributeName: string; AttributeType: 'S' | 'N' | 'B' }[];
  globalSecondaryIndexes?: { IndexName: string; KeySchema: { AttributeName: string; KeyType: 'HASH' | 'RANGE' }[]; Projection: Record<string, unknown> }[];
}
export interface LocalFunction {
  logicalId: string;
  name: string;
  arn: string;
  /** Handler source, relative to the project root. */
  entry: string;
  environment: Record<string, string>;
  timeoutSeconds: number;
}
export interface LocalStreamMapping {
  functionName: string;
  streamName: string;
  streamArn: string;
  batchSize: number;
  maxBatchingWindowSeconds: number;
  startingPosition: 'TRIM_HORIZON' | 'LATEST';
  bisectBatchOnFunctionError: boolean;
  maximumRetryAttempts: number;
  maximumRecordAgeSeconds: number;
  reportBatchItemFailures: boolean;
  onFailureQueueName?: string;
  /** Threshold of the function's IteratorAge alarm, when the template has one. */
  iteratorAgeAlarmMs?: number;
}
export interface LocalRoute {
  method: string;
  /** Path template, e.g. `/v1/profiles/{userId}`. */
  path: string;
  scopes: string[];
  functionName: string;
  /**
   * The JWT authorizer's audience: the app client ids whose tokens it accepts (a token's `aud`, or its
   * `client_id` when it has no `aud`, must be one of them). Empty when the route has no JWT authorizer.
   */
  audience: string[];
  /** `jwt`: the gateway checks a token as the JWT authorizer would; `none`: the function authenticates the caller (the tracker routes' write keys). */
  authorization: 'jwt' | 'none';
}
export interface LocalStateMachine {
  name: string;
  arn: string;
  definition: Record<string, unknown>;
}
export interface LocalSchedule {
  name: string;
  expression: string;
  functionName: string;
  input?: string;
}

export interface Topology {
  region: string;
  tables: LocalTable[];
  streams: { name: string; arn: string }[];
  queues: { name: string; arn: string }[];
  secrets: { name: string; arn: string }[];
  eventBuses: string[];
  functions: LocalFunction[];
  streamMappings: LocalStreamMapping[];
  routes: LocalRoute[];
  stateMachines: LocalStateMachine[];
  schedules: LocalSchedule[];
}

/** Synthesizes the CDK app in-process with bundling skipped and returns its templates by stack name. */
export function synthesizeTemplates(region: string, context: Record<string, unknown> = {}): Record<string, Template> {
  // Loading the app's constructs takes seconds of CPU: only a caller that synthesizes pays for it (the
  // tests read one synthesis per run from a cache and never load them).
  const { buildSuite } = require('../lib/app') as typeof import('../lib/app');
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'ai-marketing-synth-'));
  try {
    // cfn-lint style validation only slows startup here; `cdk synth` and the tests keep it.
    const app = new App({ outdir, builtinCloudFormationValidation: false, context: { 'aws:cdk:bundling-stacks': [], ...context } });
    const { data, service } = buildSuite(app, { account: LOCAL_ACCOUNT, region });
    const assembly = app.synth();
    return Object.fromEntries([data, service].map((stack) => [stack.stackName, assembly.getStackByName(stack.stackName).template as Template]));
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** Names each resource after its stack and logical id, as CloudFormation does (minus the random suffix). */
export function buildTopology(templates: Record<string, Template>, options: { region: string; queueUrl: (name: string) => string }): Topology {
  const { region } = options;
  const physical = new Map<string, { type: string; name: string }>();
  for (const [stackName, template] of Object.entries(templates)) {
    for (const [logicalId, resource] of Object.entries(template.Resources)) {
      physical.set(`${stackName}/${logicalId}`, { type: resource.Type, name: `${stackName}-${logicalId}`.slice(0, 80) });
    }
  }
  const arnOf = (type: string, name: string): string => {
    const prefix = `arn:aws:%s:${region}:${LOCAL_ACCOUNT}`;
    switch (type) {
      case 'AWS::DynamoDB::GlobalTable':
      case 'AWS::DynamoDB::Table':
        return `${prefix.replace('%s', 'dynamodb')}:table/${name}`;
      case 'AWS::Kinesis::Stream':
        return `${prefix.replace('%s', 'kinesis')}:stream/${name}`;
      case 'AWS::SQS::Queue':
        return `${prefix.replace('%s', 'sqs')}:${name}`;
      case 'AWS::SecretsManager::Secret':
        return `${prefix.replace('%s', 'secretsmanager')}:secret:${name}`;
      case 'AWS::Lambda::Function':
        return `${prefix.replace('%s', 'lambda')}:function:${name}`;
      case 'AWS::StepFunctions::StateMachine':
        return `${prefix.replace('%s', 'states')}:stateMachine:${name}`;
      case 'AWS::Events::EventBus':
        return `${prefix.replace('%s', 'events')}:event-bus/${name}`;
      default:
        return `${prefix.replace('%s', type.split('::')[1]!.toLowerCase())}:${name}`;
    }
  };
  const exportsByName = new Map<string, { stack: string; value: unknown }>();
  for (const [stackName, template] of Object.entries(templates)) {
    for (const output of Object.values(template.Outputs ?? {})) {
      if (typeof output.Export?.Name === 'string') exportsByName.set(output.Export.Name, { stack: stackName, value: output.Value });
    }
  }

  const resolve = (value: any, stack: string): any => {
    if (Array.isArray(value)) return value.map((item) => resolve(item, stack));
    if (value === null || typeof value !== 'object') return value;
    const keys = Object.keys(value);
    if (keys.length !== 1) return Object.fromEntries(keys.map((key) => [key, resolve(value[key], stack)]));
    const [fn] = keys as [string];
    const arg = value[fn];
    switch (fn) {
      case 'Ref': {
        const pseudo: Record<string, string> = { 'AWS::Region': region, 'AWS::AccountId': LOCAL_ACCOUNT, 'AWS::Partition': 'aws', 'AWS::URLSuffix': 'amazonaws.com', 'AWS::StackName': stack };
        if (pseudo[arg]) return pseudo[arg];
        const target = physical.get(`${stack}/${arg}`);
        if (!target) throw new Error(`unresolvable Ref ${arg} in ${stack}`);
        if (target.type === 'AWS::SQS::Queue') return options.queueUrl(target.name);
        if (['AWS::SecretsManager::Secret', 'AWS::StepFunctions::StateMachine', 'AWS::SNS::Topic'].includes(target.type)) return arnOf(target.type, target.name);
        return target.name;
      }
      case 'Fn::GetAtt': {
        const [logicalId, attribute] = (typeof arg === 'string' ? arg.split('.') : arg) as [string, string];
        const target = physical.get(`${stack}/${logicalId}`);
        if (!target) throw new Error(`unresolvable GetAtt ${logicalId} in ${stack}`);
        if (attribute === 'QueueName' || attribute === 'Name') return target.name;
        if (attribute === 'QueueUrl') return options.queueUrl(target.name);
        return arnOf(target.type, target.name);
      }
      case 'Fn::Join':
        return (resolve(arg[1], stack) as string[]).join(arg[0]);
      case 'Fn::Split':
        return String(resolve(arg[1], stack)).split(arg[0]);
      case 'Fn::Select':
        return (resolve(arg[1], stack) as unknown[])[Number(arg[0])];
      case 'Fn::ImportValue': {
        const exported = exportsByName.get(resolve(arg, stack));
        if (!exported) throw new Error(`no export named ${arg}`);
        return resolve(exported.value, exported.stack);
      }
      case 'Fn::Sub': {
        const [template, variables] = typeof arg === 'string' ? [arg, {}] : arg;
        return String(template).replace(/\$\{([^}]+)\}/g, (_match: string, name: string) =>
          name in variables ? resolve(variables[name], stack) : name.includes('.') ? resolve({ 'Fn::GetAtt': name.split('.') }, stack) : resolve({ Ref: name }, stack),
        );
      }
      default:
        return Object.fromEntries(keys.map((key) => [key, resolve(value[key], stack)]));
    }
  };

  const topology: Topology = { region, tables: [], streams: [], queues: [], secrets: [], eventBuses: [], functions: [], streamMappings: [], routes: [], stateMachines: [], schedules: [] };
  const functionsByRefName = new Map<string, LocalFunction>();
  const integrations = new Map<string, string>();
  const authorizerAudiences = new Map<string, string[]>();
  /** IteratorAge alarm thresholds by function name. */
  const iteratorAgeAlarms = new Map<string, number>();

  for (const [stack, template] of Object.entries(templates)) {
    for (const [logicalId, resource] of Object.entries(template.Resources)) {
      const name = physical.get(`${stack}/${logicalId}`)!.name;
      const props = resource.Properties ?? {};
      switch (resource.Type) {
        case 'AWS::DynamoDB::GlobalTable':
        case 'AWS::DynamoDB::Table':
          topology.tables.push({
            name,
            keySchema: props.KeySchema,
            attributeDefinitions: props.AttributeDefinitions,
            globalSecondaryIndexes: props.GlobalSecondaryIndexes?.map((index: any) => ({ IndexName: index.IndexName, KeySchema: index.KeySchema, Projection: index.Projection })),
          });
          break;
        case 'AWS::Kinesis::Stream':
          topology.streams.push({ name, arn: arnOf(resource.Type, name) });
          break;
        case 'AWS::SQS::Queue':
          topology.queues.push({ name, arn: arnOf(resource.Type, name) });
          break;
        case 'AWS::SecretsManager::Secret':
          topology.secrets.push({ name, arn: arnOf(resource.Type, name) });
          break;
        case 'AWS::Events::EventBus':
          topology.eventBuses.push(name);
          break;
        case 'AWS::Lambda::Function': {
          const entry = resource.Metadata?.[LOCAL_ENTRY_METADATA];
          if (typeof entry !== 'string') break;
          const fn: LocalFunction = {
            logicalId,
            name,
            arn: arnOf(resource.Type, name),
            entry,
            environment: resolve(props.Environment?.Variables ?? {}, stack),
            timeoutSeconds: props.Timeout ?? 3,
          };
          topology.functions.push(fn);
          functionsByRefName.set(name, fn);
          break;
        }
        case 'AWS::ApiGatewayV2::Integration':
          integrations.set(`${stack}/${logicalId}`, String(resolve(props.IntegrationUri, stack)));
          break;
        case 'AWS::ApiGatewayV2::Authorizer':
          if (props.AuthorizerType === 'JWT') authorizerAudiences.set(`${stack}/${logicalId}`, (resolve(props.JwtConfiguration?.Audience ?? [], stack) as unknown[]).map(String));
          break;
        case 'AWS::CloudWatch::Alarm': {
          const functionDimension = (props.Dimensions ?? []).find((dimension: { Name?: string }) => dimension.Name === 'FunctionName');
          if (props.MetricName === 'IteratorAge' && props.Namespace === 'AWS/Lambda' && functionDimension && typeof props.Threshold === 'number') {
            iteratorAgeAlarms.set(String(resolve(functionDimension.Value, stack)), props.Threshold);
          }
          break;
        }
      }
    }
  }
  const functionNameFromArnOrName = (value: string) => value.split(':').pop()!;

  for (const [stack, template] of Object.entries(templates)) {
    for (const resource of Object.values(template.Resources)) {
      const props = resource.Properties ?? {};
      switch (resource.Type) {
        case 'AWS::Lambda::EventSourceMapping': {
          const streamArn = String(resolve(props.EventSourceArn, stack));
          if (!streamArn.includes(':kinesis:')) break;
          const onFailure = props.DestinationConfig?.OnFailure?.Destination;
          topology.streamMappings.push({
            functionName: functionNameFromArnOrName(String(resolve(props.FunctionName, stack))),
            streamName: streamArn.split('/').pop()!,
            streamArn,
            batchSize: props.BatchSize ?? 100,
            maxBatchingWindowSeconds: props.MaximumBatchingWindowInSeconds ?? 0,
            startingPosition: props.StartingPosition ?? 'TRIM_HORIZON',
            bisectBatchOnFunctionError: props.BisectBatchOnFunctionError ?? false,
            maximumRetryAttempts: props.MaximumRetryAttempts ?? -1,
            maximumRecordAgeSeconds: props.MaximumRecordAgeInSeconds ?? -1,
            reportBatchItemFailures: (props.FunctionResponseTypes ?? []).includes('ReportBatchItemFailures'),
            onFailureQueueName: onFailure ? String(resolve(onFailure, stack)).split(':').pop() : undefined,
          });
          break;
          break;
        }
        case 'AWS::ApiGatewayV2::Route': {
          const [method, routePath] = String(props.RouteKey).split(' ') as [string, string];
          // Target is `integrations/<Ref integration>`: find the referenced integration's logical id.
          const integrationId = JSON.stringify(props.Target).match(/"Ref":"([^"]+)"/)?.[1];
          const uri = integrations.get(`${stack}/${integrationId}`);
          if (!uri) throw new Error(`route ${props.RouteKey} has no Lambda integration`);
          const authorizerId = typeof props.AuthorizerId === 'object' ? props.AuthorizerId?.Ref : undefined;
          const audience = props.AuthorizationType === 'JWT' && authorizerId ? authorizerAudiences.get(`${stack}/${authorizerId}`) : undefined;
          if (props.AuthorizationType === 'JWT' && !audience) throw new Error(`route ${props.RouteKey} names a JWT authorizer the template does not define`);
          const authorization = props.AuthorizationType === 'JWT' ? 'jwt' : props.AuthorizationType === undefined || props.AuthorizationType === 'NONE' ? 'none' : undefined;
          if (!authorization) throw new Error(`route ${props.RouteKey} uses authorization ${props.AuthorizationType}, which the local gateway does not emulate`);
          topology.routes.push({ method, path: routePath, scopes: props.AuthorizationScopes ?? [], functionName: functionNameFromArnOrName(uri), audience: audience ?? [], authorization });
          break;
        }
        case 'AWS::StepFunctions::StateMachine': {
          const name = String(resolve({ 'Fn::GetAtt': [logicalIdOf(template, resource), 'Name'] }, stack));
          const definition = props.DefinitionString ? JSON.parse(String(resolve(props.DefinitionString, stack))) : resolve(props.Definition, stack);
          topology.stateMachines.push({ name, arn: arnOf(resource.Type, name), definition });
          break;
        }
        case 'AWS::Scheduler::Schedule': {
          const target = props.Target ?? {};
          topology.schedules.push({
            name: String(props.Name ? resolve(props.Name, stack) : logicalIdOf(template, resource)),
            expression: String(resolve(props.ScheduleExpression, stack)),
            functionName: functionNameFromArnOrName(String(resolve(target.Arn, stack))),
            input: target.Input === undefined ? undefined : String(resolve(target.Input, stack)),
          });
          break;
        }
      }
    }
  }
  for (const mapping of topology.streamMappings) {
    const threshold = iteratorAgeAlarms.get(mapping.functionName);
    if (threshold !== undefined) mapping.iteratorAgeAlarmMs = threshold;
  }
  for (const route of topology.routes) {
    if (!functionsByRefName.has(route.functionName)) throw new Error(`route ${route.method} ${route.path} targets unknown function ${route.functionName}`);
  }
  return topology;
}

function logicalIdOf(template: Template, resource: unknown): string {
  return Object.entries(template.Resources).find(([, candidate]) => candidate === resource)![0];
}
