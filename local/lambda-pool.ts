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
  timer?: NodeJS.Timeout;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
  /** Resolves when the handler module has loaded, or when the init budget ran out (whichever is first). */
  initialised: Promise<void>;
}

const PROJECT_ROOT = path.resolve(__dirname, '..');
// Registers tsx in the worker so it can load the TypeScript handler, then starts the bootstrap.
const WORKER_BOOTSTRAP = "require('tsx/cjs'); require(require('node:worker_threads').workerData.bootstrap);";
/** Lambda's init phase budget, separate from the function timeout. */
export const INIT_BUDGET_MS = 10_000;

/**
 * Runs each function in its own worker thread with its own environment, created on first use (a
 * cold start) and invoked one event at a time, as a single Lambda container would be. As in Lambda,
 * loading the handler module (the init phase) has its own 10 s budget and does not count against the
 * function timeout; an init that outlasts it goes on within the first invocation (a suppressed init),
 * whose timeout clock then starts. A timed-out invocation terminates the worker, like Lambda recycles
 * the sandbox; so does an init that throws, and the next invocation starts a fresh one.
 */
export class LambdaPool {
  private readonly workers = new Map<string, Slot>();
  private readonly byName = new Map<string, LocalFunction>();
  /** The tail of each function's invocations, which run one after another. */
  private readonly queues = new Map<string, Promise<unknown>>();
  private nextId = 1;

  constructor(
    functions: readonly LocalFunction[],
    private readonly baseEnv: Record<string, string>,
    private readonly log: (functionName: string, line: string) => void,
    private readonly options: { initBudgetMs?: number } = {},
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
    // One invocation at a time per function: handlers keep module-level state (Powertools batch).
    const run = (this.queues.get(fn.name) ?? Promise.resolve()).then(() => this.send(fn, event));
    this.queues.set(fn.name, run.catch(() => undefined));
    return run;
  }

  async close(): Promise<void> {
    const workers = [...this.workers.values()];
    this.workers.clear();
    await Promise.all(workers.map(({ worker }) => worker.terminate()));
  }

  /** Forgets a sandbox (only if it is still the current one) and stops its worker. */
  private retire(fn: LocalFunction, slot: Slot): void {
    if (this.workers.get(fn.name) === slot) this.workers.delete(fn.name);
    void slot.worker.terminate();
  }

  private slotFor(fn: LocalFunction): Slot {
    const existing = this.workers.get(fn.name);
    if (existing) return existing;
    const worker = new Worker(WORKER_BOOTSTRAP, {
      eval: true,
      env: { ...this.baseEnv, ...fn.environment, AWS_LAMBDA_FUNCTION_NAME: fn.name, AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512', AWS_LAMBDA_FUNCTION_VERSION: '$LATEST' },
      workerData: { bootstrap: path.join(PROJECT_ROOT, 'local', 'lambda-worker.ts'), entry: path.join(PROJECT_ROOT, fn.entry), functionName: fn.name, functionArn: fn.arn, memoryMb: 512, timeoutSeconds: fn.timeoutSeconds },
      stdout: true,
      stderr: true,
    });
    const pending = new Map<number, Pending>();
    const initBudgetMs = this.options.initBudgetMs ?? INIT_BUDGET_MS;
    let markInitialised: () => void = () => undefined;
    const initialised = new Promise<void>((resolve) => (markInitialised = resolve));
    const initStarted = Date.now();
    const initTimer = setTimeout(() => {
      this.log(fn.name, `init did not finish within its ${initBudgetMs} ms budget; it goes on within the invocation, whose timeout now runs`);
      markInitialised();
    }, initBudgetMs);
    const slot: Slot = { worker, pending, initialised };
    for (const stream of [worker.stdout, worker.stderr]) {
      readline.createInterface({ input: stream }).on('line', (line) => this.log(fn.name, line));
    }
    const failAll = (error: FunctionError) => {
      clearTimeout(initTimer);
      markInitialised();
      for (const entry of pending.values()) {
        clearTimeout(entry.timer);
        entry.reject(error);
      }
      pending.clear();
    };
    worker.on('message', (message: { id?: number; ready?: true; initError?: { name: string; message: string }; result?: unknown; error?: { name: string; message: string } }) => {
      if (message.ready) {
        clearTimeout(initTimer);
        this.log(fn.name, `init ${Date.now() - initStarted} ms`);
        markInitialised();
        return;
      }
      if (message.initError) {
        failAll(new FunctionError(message.initError.name, `init failed: ${message.initError.message}`, fn.name));
        this.retire(fn, slot);
        return;
      }
      const entry = message.id === undefined ? undefined : pending.get(message.id);
      if (!entry) return;
      pending.delete(message.id!);
      clearTimeout(entry.timer);
      if (message.error) entry.reject(new FunctionError(message.error.name, message.error.message, fn.name));
      else entry.resolve(message.result);
    });
    worker.on('error', (error) => {
      failAll(new FunctionError('Runtime.ExitError', error.message, fn.name));
      this.retire(fn, slot);
    });
    worker.on('exit', (code) => {
      failAll(new FunctionError('Runtime.ExitError', `worker exited with code ${code}`, fn.name));
      if (this.workers.get(fn.name) === slot) this.workers.delete(fn.name);
    });
    this.workers.set(fn.name, slot);
    return slot;
  }

  /** Hands the event to the sandbox once its init is done (or out of budget); only then does the timeout run. */
  private send(fn: LocalFunction, event: unknown): Promise<unknown> {
    const slot = this.slotFor(fn);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const entry: Pending = { resolve, reject };
      slot.pending.set(id, entry);
      void slot.initialised.then(() => {
        if (!slot.pending.has(id)) return; // the init failed and took this invocation with it
        entry.timer = setTimeout(() => {
          slot.pending.delete(id);
          reject(new FunctionError('Sandbox.Timedout', `Task timed out after ${fn.timeoutSeconds} seconds`, fn.name));
          this.retire(fn, slot);
        }, fn.timeoutSeconds * 1000);
        slot.worker.postMessage({ id, event, requestId: randomUUID() });
      });
    });
  }
}
