import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateStreamCommand, DescribeStreamSummaryCommand, KinesisClient } from '@aws-sdk/client-kinesis';
import { SQSClient } from '@aws-sdk/client-sqs';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ALL_SCOPES, type Scope } from '../shared/auth/scopes';
import { CLIENT_ID_FILE, loadOrCreateKeys, mintToken } from './auth';
import { startKinesalite } from './aws/kinesalite';
import { startKinesisEventSource, type KinesisBatchReport, type KinesisEventSource } from './aws/kinesis-event-source';
import { startMiniServices, type MiniServices } from './aws/mini-services';
import { createLocalStateMachine } from './aws/step-functions';
import { docsSiteFiles } from '../lib/docs-site/files';
import { startGateway } from './gateway';
import { LambdaPool } from './lambda-pool';
import { startSchedules, type ScheduleRunner } from './schedules';
import { staticFile, staticSite, type StaticSite } from './static-files';
import { buildTopology, synthesizeTemplates, type Template, type Topology } from './topology';

export const PROJECT_ROOT = path.resolve(__dirname, '..');
export const DEFAULT_STATE_DIR = path.join(PROJECT_ROOT, '.local');

export interface LocalSuiteOptions {
  /** Port of the local API. @default 0 (any free port) */
  port?: number;
  /** @default 127.0.0.1 */
  host?: string;
  /** Holds the dev signing key and the local pseudonymisation key. @default <project>/.local */
  stateDir?: string;
  /**
   * Persist here instead of in memory: DynamoDB data, the Kinesis streams with their records, and every
   * stream mapping's checkpoint, so a restart (even after a crash) resumes where it stopped.
   */
  dataDir?: string;
  /** Handlers' Powertools log level (their own default is INFO). */
  logLevel?: string;
  /** Where handler logs, request lines and runtime notes go. @default nothing */
  log?: (line: string) => void;
  /** Shards of each stream (on-demand streams start with 4 in AWS; 2 is plenty locally). @default 2 */
  shardCount?: number;
  /**
   * CDK context overrides, e.g. `{ pipelineSettings: {...} }`, applied before synthesis. The local
   * suite synthesizes with `copyModel: 'offline'` (no model is reachable without AWS) unless this says otherwise.
   */
  context?: Record<string, unknown>;
  /** Multiplies Step Functions waits and retry intervals. @default 0.01 */
  stepFunctionsTimeScale?: number;
  /** Runs schedules this many times faster than their expression says; 0 disables them. @default 60 */
  scheduleSpeedup?: number;
  /** Extra env for every function (after the template's), e.g. to switch an adapter. */
  functionEnvironment?: Record<string, string>;
  onBatch?: (functionName: string, report: KinesisBatchReport) => void;
  /** Static folders the gateway serves beside the API, e.g. the console (see local/console.ts). */
  sites?: readonly StaticSite[];
  /** How the templates are synthesized from the context (the tests reuse one synthesis per run). @default synthesizeTemplates */
  synthesize?: (region: string, context: Record<string, unknown>) => Record<string, Template>;
}

export interface LocalSuite {
  apiUrl: string;
  topology: Topology;
  endpoints: { dynamodb: string; kinesis: string; services: string };
  region: string;
  mini: MiniServices;
  /** A signed dev token, like a Cognito client-credentials token, with the given scopes (all by default). */
  token(scopes?: readonly Scope[]): Promise<string>;
  /** Invokes a function by name or ARN as Lambda would (RequestResponse). */
  invoke(functionName: string, event: unknown): Promise<unknown>;
  /** Resolves when every stream mapping has processed all records in its stream, those the consumers forward included. */
  drain(timeoutMs?: number): Promise<void>;
  eventSources: Map<string, KinesisEventSource>;
  schedules: ScheduleRunner | undefined;
  stop(): Promise<void>;
}

/** Environment variables every function gets locally: endpoints, fake credentials, quiet SDK. */
function baseEnvironment(region: string, endpoints: LocalSuite['endpoints']): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    TZ: 'UTC',
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ENDPOINT_URL_KINESIS: endpoints.kinesis,
    AWS_ENDPOINT_URL_SQS: endpoints.services,
    AWS_ENDPOINT_URL_EVENTBRIDGE: endpoints.services,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoints.services,
    AWS_ENDPOINT_URL_SFN: endpoints.services,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    POWERTOOLS_DEV: 'true',
    POWERTOOLS_TRACE_ENABLED: 'false',
    POWERTOOLS_METRICS_DISABLED: 'true',
  };
}

/** The pseudonymisation key locally: generated once and kept, so pseudonyms survive restarts. */
export function localPseudonymizationKey(stateDir: string): string {
  const file = path.join(stateDir, 'pseudonymization-key');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(stateDir, { recursive: true });
    fs.writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600 });
  }
  return fs.readFileSync(file, 'utf8').trim();
}

/**
 * Where each emulator keeps its data under DATA_DIR. Folders made before the stream and checkpoints were
 * kept hold DynamoDB's LevelDB files at the top; those stay where they are.
 */
function dataLayout(dataDir: string): { dynamodb: string; kinesis: string; checkpoints: string } {
  const legacy = fs.existsSync(path.join(dataDir, 'CURRENT'));
  const layout = { dynamodb: legacy ? dataDir : path.join(dataDir, 'dynamodb'), kinesis: path.join(dataDir, 'kinesis'), checkpoints: path.join(dataDir, 'checkpoints') };
  for (const folder of Object.values(layout)) fs.mkdirSync(folder, { recursive: true });
  return layout;
}

/** The app client the API's JWT authorizer accepts, as the template names it. */
function appClientId(topology: Topology): string {
  const clientId = topology.routes.find((route) => route.audience.length > 0)?.audience[0];
  if (!clientId) throw new Error('the API has no JWT authorizer with an audience: no app client to mint tokens for');
  return clientId;
}

/**
 * The app client id for tokens minted outside a running suite (`npm run token`, the demo): the one the
 * last `npm start` recorded in the state folder, or else the one the synthesized template names.
 */
export function localClientId(stateDir: string = DEFAULT_STATE_DIR): string {
  const file = path.join(stateDir, CLIENT_ID_FILE);
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  const region = 'us-east-1';
  return appClientId(buildTopology(synthesizeTemplates(region, { copyModel: 'offline' }), { region, queueUrl: (name) => `http://localhost/000000000000/${name}` }));
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/**
 * Brings the whole suite up in this process: emulators for DynamoDB (dynalite) and Kinesis
 * (kinesalite), in-memory SQS/EventBridge/Secrets Manager/Step Functions, every function in its own
 * worker, the stream mappings, the state machines and schedules, and the HTTP API, all as
 * `cdk synth` describes them.
 */
export async function startLocalSuite(options: LocalSuiteOptions = {}): Promise<LocalSuite> {
  const region = 'us-east-1';
  const log = options.log ?? (() => undefined);
  const stateDir = options.stateDir ?? DEFAULT_STATE_DIR;
  const cleanups: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    cleanups.length = 0;
  };

  try {
    const dynalite = require('dynalite') as (options: Record<string, unknown>) => Server;
    const dataPaths = options.dataDir ? dataLayout(options.dataDir) : undefined;
    const dynamoServer = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, ...(dataPaths ? { path: dataPaths.dynamodb } : {}) });
    const dynamoEndpoint = await listen(dynamoServer);
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          dynamoServer.closeAllConnections?.();
          dynamoServer.close(() => resolve());
        }),
    );
    const kinesalite = await startKinesalite(dataPaths ? { path: dataPaths.kinesis } : {});
    cleanups.push(() => kinesalite.close());
    const mini = await startMiniServices({ region });
    cleanups.push(() => mini.close());
    const endpoints = { dynamodb: dynamoEndpoint, kinesis: kinesalite.endpoint, services: mini.endpoint };

    const synthesize = options.synthesize ?? synthesizeTemplates;
    const topology = buildTopology(synthesize(region, { copyModel: 'offline', ...options.context }), { region, queueUrl: (name) => mini.sqs.createQueue(name) });
    log(`synthesized ${topology.functions.length} functions, ${topology.routes.length} routes, ${topology.streamMappings.length} stream mappings, ${topology.stateMachines.length} state machines, ${topology.schedules.length} schedules`);

    const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
    const dynamo = new DynamoDBClient({ region, endpoint: dynamoEndpoint, credentials });
    const kinesis = new KinesisClient({ region, endpoint: kinesalite.endpoint, credentials, requestHandler: new NodeHttpHandler() });
    const sqs = new SQSClient({ region, endpoint: mini.endpoint, credentials });
    cleanups.push(async () => {
      dynamo.destroy();
      kinesis.destroy();
      sqs.destroy();
    });

    for (const table of topology.tables) {
      await dynamo
        .send(
          new CreateTableCommand({
            TableName: table.name,
            KeySchema: table.keySchema,
            AttributeDefinitions: table.attributeDefinitions,
            BillingMode: 'PAY_PER_REQUEST',
            GlobalSecondaryIndexes: table.globalSecondaryIndexes?.map((index) => ({ ...index, Projection: index.Projection as never })),
          }),
        )
        .catch((error: Error) => {
          if (error.name !== 'ResourceInUseException') throw error;
        });
    }
    for (const stream of topology.streams) {
      await kinesis.send(new CreateStreamCommand({ StreamName: stream.name, ShardCount: options.shardCount ?? 2 })).catch((error: Error) => {
        if (error.name !== 'ResourceInUseException') throw error; // kept in DATA_DIR from an earlier run
      });
      while ((await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: stream.name }))).StreamDescriptionSummary?.StreamStatus !== 'ACTIVE') {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
    for (const queue of topology.queues) mini.sqs.createQueue(queue.name);
    const pseudonymizationKey = localPseudonymizationKey(stateDir);
    for (const secret of topology.secrets) mini.secrets.put(secret.name, pseudonymizationKey);

    const pool = new LambdaPool(
      // The runtime's log level wins over the template's, so tests and `npm start` choose their verbosity.
      topology.functions.map((fn) => ({ ...fn, environment: { ...fn.environment, ...(options.logLevel ? { POWERTOOLS_LOG_LEVEL: options.logLevel } : {}), ...options.functionEnvironment } })),
      baseEnvironment(region, endpoints),
      (functionName, line) => log(`[${functionName.replace(/^AiMarketingService-/, '')}] ${line}`),
    );
    cleanups.push(() => pool.close());

    for (const machine of topology.stateMachines) {
      mini.stepFunctions.register(
        machine.arn,
        createLocalStateMachine({ arn: machine.arn, definition: machine.definition, invokeLambda: (name, payload) => pool.invoke(name, payload), timeScale: options.stepFunctionsTimeScale ?? 0.01 }),
      );
    }

    const eventSources = new Map<string, KinesisEventSource>();
    for (const mapping of topology.streamMappings) {
      const fn = topology.functions.find((candidate) => candidate.name === mapping.functionName);
      if (!fn) throw new Error(`stream mapping targets unknown function ${mapping.functionName}`);
      const source = await startKinesisEventSource({
        kinesis,
        sqs,
        streamName: mapping.streamName,
        streamArn: mapping.streamArn,
        functionArn: fn.arn,
        region,
        settings: {
          batchSize: mapping.batchSize,
          maxBatchingWindowSeconds: mapping.maxBatchingWindowSeconds,
          startingPosition: mapping.startingPosition,
          bisectBatchOnFunctionError: mapping.bisectBatchOnFunctionError,
          maximumRetryAttempts: mapping.maximumRetryAttempts,
          maximumRecordAgeSeconds: mapping.maximumRecordAgeSeconds,
          reportBatchItemFailures: mapping.reportBatchItemFailures,
          onFailureQueueUrl: mapping.onFailureQueueName ? mini.sqs.queueUrl(mapping.onFailureQueueName) : undefined,
        },
        invoke: (event) => pool.invoke(fn.name, event),
        onBatch: (report) => options.onBatch?.(fn.name, report),
        onError: (error) => log(`stream mapping ${fn.name}: ${(error as Error).message}`),
        ...(dataPaths ? { checkpointFile: path.join(dataPaths.checkpoints, `${fn.name}.json`) } : {}),
        iteratorAgeWarningMs: mapping.iteratorAgeAlarmMs ?? 60_000,
        onLag: ({ shardId, iteratorAgeMs, thresholdMs }) =>
          log(`stream mapping ${fn.name.replace(/^AiMarketingService-/, '')} is behind: iterator age ${(iteratorAgeMs / 1000).toFixed(0)} s on ${shardId} (the deployed IteratorAge alarm fires above ${thresholdMs / 1000} s)`),
      });
      eventSources.set(fn.name, source);
      cleanups.push(() => source.stop());
    }

    const schedules =
      (options.scheduleSpeedup ?? 60) > 0 && topology.schedules.length > 0
        ? startSchedules(topology.schedules, { speedup: options.scheduleSpeedup ?? 60, invoke: (name, event) => pool.invoke(name, event), log })
        : undefined;
    if (schedules) cleanups.push(async () => schedules.stop());

    const keys = await loadOrCreateKeys(stateDir);
    const clientId = appClientId(topology);
    fs.writeFileSync(path.join(stateDir, CLIENT_ID_FILE), clientId);
    const gateway = await startGateway({
      routes: topology.routes,
      keys,
      invoke: (name, event) => pool.invoke(name, event),
      port: options.port ?? 0,
      host: options.host,
      onRequest: log,
      staticSites: [staticSite('/docs', docsSiteFiles()), staticFile('/openapi.json', path.join(PROJECT_ROOT, 'openapi.json')), ...(options.sites ?? [])],
    });
    cleanups.push(() => gateway.close());

    return {
      apiUrl: gateway.url,
      topology,
      endpoints,
      region,
      mini,
      token: (scopes = ALL_SCOPES) => mintToken(keys, scopes, { clientId }),
      invoke: (name, event) => pool.invoke(name, event),
      // A consumer can write to the stream itself (the feature updater forwards a merged visitor's
      // events to the user's shard), possibly onto a shard that had already caught up: drain again
      // until a whole pass hands no new record to any consumer.
      drain: async (timeoutMs = 30_000) => {
        const deadline = performance.now() + timeoutMs;
        const handed = () => [...eventSources.values()].reduce((sum, source) => sum + source.stats().records, 0);
        let before: number;
        do {
          before = handed();
          await Promise.all([...eventSources.values()].map((source) => source.drain(Math.max(1, deadline - performance.now()))));
        } while (handed() !== before);
      },
      eventSources,
      schedules,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
