import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEventBridge, type EventBridgeApi } from './mini/eventbridge';
import { AwsServiceError, type JsonService } from './mini/json-protocol';
import { createSecretsManager, type SecretsManagerApi } from './mini/secrets-manager';
import { createSqs, type SqsApi } from './mini/sqs';
import { createStepFunctions, type StepFunctionsApi } from './mini/step-functions-api';

export type { PublishedEvent } from './mini/eventbridge';
export type { SqsMessageSnapshot } from './mini/sqs';
export type { ExecutionOutcome, ExecutionStart, RunningExecution, StateMachineBackend } from './mini/step-functions-api';

export interface MiniServicesOptions {
  /** Region in ARNs and events; defaults to AWS_REGION, then us-east-1. */
  region?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
}

export interface MiniServices {
  /** Base URL for `AWS_ENDPOINT_URL_SQS`, `_EVENTBRIDGE`, `_SECRETS_MANAGER` and `_SFN`. */
  endpoint: string;
  region: string;
  sqs: SqsApi;
  events: EventBridgeApi;
  secrets: SecretsManagerApi;
  stepFunctions: StepFunctionsApi;
  close(): Promise<void>;
}

/**
 * Starts one in-memory HTTP server speaking the AWS JSON protocols of SQS, EventBridge, Secrets Manager
 * and Step Functions, for the operations the handlers use. Requests are routed by `X-Amz-Target`, so
 * unmodified SDK v3 clients work against it; state lives in memory and dies with the server.
 */
export async function startMiniServices(options: MiniServicesOptions = {}): Promise<MiniServices> {
  const region = options.region ?? process.env.AWS_REGION ?? 'us-east-1';
  let endpoint = '';
  const closing = new AbortController();
  const context = { region, endpoint: () => endpoint };

  const sqs = createSqs(context, closing.signal);
  const events = createEventBridge(context);
  const secrets = createSecretsManager(context);
  const stepFunctions = createStepFunctions();
  const services = new Map<string, JsonService>(
    [sqs.service, events.service, secrets.service, stepFunctions.service].map((service) => [service.targetPrefix, service]),
  );

  const server = createServer((request, response) => void handleRequest(services, request, response));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    endpoint,
    region,
    sqs: sqs.api,
    events: events.api,
    secrets: secrets.api,
    stepFunctions: stepFunctions.api,
    async close() {
      closing.abort(); // answers parked long polls
      stepFunctions.stopAll();
      await new Promise((resolve) => setImmediate(resolve)); // lets those answers go out
      const closed = new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
      server.closeAllConnections(); // SDK clients keep sockets alive; close() alone would wait for them
      await closed;
    },
  };
}

async function handleRequest(services: ReadonlyMap<string, JsonService>, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const requestId = randomUUID();
  const target = String(request.headers['x-amz-target'] ?? '');
  const separator = target.lastIndexOf('.');
  const service = services.get(target.slice(0, separator));
  const contentType = service?.contentType ?? 'application/x-amz-json-1.1';
  try {
    const body = await readBody(request);
    const operationName = target.slice(separator + 1);
    const operation = service && Object.hasOwn(service.operations, operationName) ? service.operations[operationName] : undefined;
    if (!operation) throw new AwsServiceError('UnknownOperationException', `Operation ${target || '(no X-Amz-Target)'} is not supported locally.`);
    let input: unknown;
    try {
      input = body.length === 0 ? {} : JSON.parse(body);
    } catch {
      throw new AwsServiceError('SerializationException', 'The request body is not valid JSON.');
    }
    const output = await operation(input);
    send(response, 200, contentType, requestId, output);
  } catch (error) {
    const failure = error instanceof AwsServiceError ? error : new AwsServiceError('InternalFailure', error instanceof Error ? error.message : String(error), 500);
    if (failure.queryErrorCode) response.setHeader('x-amzn-query-error', `${failure.queryErrorCode};Sender`);
    send(response, failure.statusCode, contentType, requestId, { __type: failure.type, message: failure.message });
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, statusCode: number, contentType: string, requestId: string, payload: unknown): void {
  if (response.destroyed) return; // the client gave up, or the server is closing
  const body = JSON.stringify(payload);
  response.writeHead(statusCode, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
    'x-amzn-requestid': requestId,
  });
  response.end(body);
}
