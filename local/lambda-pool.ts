import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { Worker } from 'node:worker_threads';
import type { LocalFunction } from './topology';

/** A function error as Lambda reports it: the handler's error name and message. */
export class FunctionError extends Error {
  constructor(
    readonly errorType: string,
    message: string,
    readonly functionName: string,
  ) {
    super(message);
    this.name = errorType;
  }
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

const PROJECT_ROOT = path.resolve(__dirname, '..');
// Registers tsx in the worker so it can load the TypeScript handler, then starts the bootstrap.
const WORKER_BOOTSTRAP = "require('tsx/cjs'); require(require('node:worker_threads').workerData.bootstrap);";

/**
 * Runs each function in its own worker thread with its own environment, created on first use (a
 * cold start) and invoked one event at a time, as a single Lambda container would be. A timed-out
 * invocation terminates the worker, like Lambda recycles the sandbox.
 */
export class LambdaPool {
  private readonly workers = new Map<string, { worker: Worker; pending: Map<number, Pending>; queue: Promise<unknown> }>();
  private readonly byName = new Map<string, LocalFunction>();
  private nextId = 1;

  constructor(
    functions: readonly LocalFunction[],
    private readonly baseEnv: Record<string, string>,
    private readonly log: (functionName: string, line: string) => void,
  ) {
    for (const fn of functions) {
      this.byName.set(fn.name, fn);
      this.byName.set(fn.arn, fn);
    }
  }

  has(nameOrArn: string): boolean {
    return this.byName.has(nameOrArn);
  }

  /** Invokes like Lambda's RequestResponse: resolves with the result or rejects with a FunctionError. */
  invoke(nameOrArn: string, event: unknown): Promise<unknown> {
    const fn = this.byName.get(nameOrArn);
    if (!fn) return Promise.reject(new FunctionError('ResourceNotFoundException', `function not found: ${nameOrArn}`, nameOrArn));
    const slot = this.slotFor(fn);
    // One invocation at a time per worker: handlers keep module-level state (Powertools batch).
    const run = slot.queue.then(() => this.send(fn, event));
    slot.queue = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    const workers = [...this.workers.values()];
    this.workers.clear();
    await Promise.all(workers.map(({ worker }) => worker.terminate()));
  }

  private slotFor(fn: LocalFunction) {
    let slot = this.workers.get(fn.name);
    if (!slot) {
      const worker = new Worker(WORKER_BOOTSTRAP, {
        eval: true,
        env: { ...this.baseEnv, ...fn.environment, AWS_LAMBDA_FUNCTION_NAME: fn.name, AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512', AWS_LAMBDA_FUNCTION_VERSION: '$LATEST' },
        workerData: { bootstrap: path.join(PROJECT_ROOT, 'local', 'lambda-worker.ts'), entry: path.join(PROJECT_ROOT, fn.entry), functionName: fn.name, functionArn: fn.arn, memoryMb: 512, timeoutSeconds: fn.timeoutSeconds },
        stdout: true,
        stderr: true,
      });
      const pending = new Map<number, Pending>();
      for (const stream of [worker.stdout, worker.stderr]) {
        readline.createInterface({ input: stream }).on('line', (line) => this.log(fn.name, line));
      }
      worker.on('message', (message: { id: number; result?: unknown; error?: { name: string; message: string } }) => {
        const entry = pending.get(message.id);
        if (!entry) return;
        pending.delete(message.id);
        clearTimeout(entry.timer);
        if (message.error) entry.reject(new FunctionError(message.error.name, message.error.message, fn.name));
        else entry.resolve(message.result);
      });
      const failAll = (error: Error) => {
        for (const entry of pending.values()) {
          clearTimeout(entry.timer);
          entry.reject(new FunctionError('Runtime.ExitError', error.message, fn.name));
        }
        pending.clear();
        this.workers.delete(fn.name);
      };
      worker.on('error', failAll);
      worker.on('exit', (code) => failAll(new Error(`worker exited with code ${code}`)));
      slot = { worker, pending, queue: Promise.resolve() };
      this.workers.set(fn.name, slot);
    }
    return slot;
  }

  private send(fn: LocalFunction, event: unknown): Promise<unknown> {
    const slot = this.slotFor(fn);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        slot.pending.delete(id);
        reject(new FunctionError('Sandbox.Timedout', `Task timed out after ${fn.timeoutSeconds} seconds`, fn.name));
        this.workers.delete(fn.name);
        void slot.worker.terminate();
      }, fn.timeoutSeconds * 1000);
      slot.pending.set(id, { resolve, reject, timer });
      slot.worker.postMessage({ id, event, requestId: randomUUID() });
    });
  }
}
