import { parentPort, workerData } from 'node:worker_threads';
import * as path from 'node:path';

/**
 * Runs inside a worker thread: one per function, like one warm Lambda container. The handler module
 * is loaded once with the function's own environment (module-level state included), then invoked
 * for each message.
 */
interface WorkerInit {
  entry: string;
  functionName: string;
  functionArn: string;
  memoryMb: number;
  timeoutSeconds: number;
}
interface InvokeMessage {
  id: number;
  event: unknown;
  requestId: string;
}

const init = workerData as WorkerInit;
const port = parentPort!;
type HandlerModule = { handler: (event: unknown, context: unknown) => Promise<unknown> };
let handlerModule: HandlerModule | undefined;
// The init phase: loading the module runs its top-level code (clients, config, cold-start work). The pool
// times it separately from invocations, as Lambda does, so it says when it is done or how it failed.
try {
  handlerModule = require(path.resolve(init.entry)) as HandlerModule;
  port.postMessage({ ready: true });
} catch (error) {
  const failure = error instanceof Error ? error : new Error(String(error));
  port.postMessage({ initError: { name: failure.name, message: failure.message } });
}

port.on('message', async (message: InvokeMessage) => {
  const deadline = Date.now() + init.timeoutSeconds * 1000;
  const context = {
    awsRequestId: message.requestId,
    functionName: init.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: init.functionArn,
    memoryLimitInMB: String(init.memoryMb),
    logGroupName: `/aws/lambda/${init.functionName}`,
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  try {
    const result = await handlerModule!.handler(message.event, context);
    port.postMessage({ id: message.id, result });
  } catch (error) {
    const failure = error instanceof Error ? error : new Error(String(error));
    port.postMessage({ id: message.id, error: { name: failure.name, message: failure.message, stack: failure.stack } });
  }
});
