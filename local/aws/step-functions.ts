import { randomUUID } from 'node:crypto';
import { ExecutionError, ExecutionTimeoutError, StateMachine, type RunOptions, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { z } from 'zod';
import type { ExecutionOutcome, ExecutionStart, RunningExecution, StateMachineBackend } from './mini-services';

polyfillPromiseWithResolvers();

/** aws-local-stepfunctions calls `Promise.withResolvers`, which arrived in Node 22. */
function polyfillPromiseWithResolvers(): void {
  if ('withResolvers' in Promise) return;
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    value<T>() {
      let resolve!: (value: T | PromiseLike<T>) => void;
      let reject!: (reason?: unknown) => void;
      const promise = new Promise<T>((onResolve, onReject) => {
        resolve = onResolve;
        reject = onReject;
      });
      return { promise, resolve, reject };
    },
  });
}

/** The parts of an Amazon States Language document this module reads or rewrites. */
interface AslScope {
  StartAt: string;
  States: Record<string, AslState>;
}
interface AslState {
  Type: string;
  Resource?: string;
  Parameters?: Record<string, unknown>;
  Retry?: Array<{ IntervalSeconds?: number; MaxDelaySeconds?: number }>;
  Seconds?: number;
  TimeoutSeconds?: number;
  TimeoutSecondsPath?: string;
  Iterator?: AslScope;
  ItemProcessor?: AslScope;
  Branches?: AslScope[];
}

export type InvokeLambda = (functionName: string, payload: unknown) => Promise<unknown>;

export interface LocalStateMachineOptions {
  /** `arn:aws:states:<region>:<account>:stateMachine:<name>` */
  arn: string;
  /** The ASL definition as a JSON object (JSONPath; JSONata is not supported by the engine). */
  definition: object;
  /** Runs a Lambda handler in-process; `functionName` is what the task names (name, ARN or partial ARN). */
  invokeLambda: InvokeLambda;
  /**
   * Multiplies Retry `IntervalSeconds`/`MaxDelaySeconds` and Wait `Seconds` (e.g. 0.001 turns a 2 s retry
   * interval into 2 ms) while keeping `BackoffRate` and jitter. Default 1, i.e. real time.
   */
  timeScale?: number;
}

export interface LocalStateMachine extends StateMachineBackend {
  arn: string;
}

const LAMBDA_INVOKE_INTEGRATION = /^arn:aws[a-z-]*:states:::lambda:invoke$/;
const LAMBDA_FUNCTION_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9$_-]+)?$/;
/** AWS's default task timeout (99999999 s) overflows Node timers; the engine's own default is only 60 s. */
const UNBOUNDED_TASK_TIMEOUT_SECONDS = 2_147_483;

const lambdaInvokeParameters = z.object({ FunctionName: z.string(), Payload: z.unknown().optional() });

/**
 * A handler failure as Step Functions reports a Lambda function error: the error name (errorType) is the
 * `Error` that Retry/Catch match, and the `Cause` is the JSON the Lambda runtime returns for the failure.
 */
class LambdaFunctionError extends Error {
  constructor(thrown: unknown) {
    const errorType = thrown instanceof Error ? thrown.name : 'Error';
    const errorMessage = thrown instanceof Error ? thrown.message : String(thrown);
    const trace = thrown instanceof Error ? (thrown.stack ?? '').split('\n') : [];
    super(JSON.stringify({ errorType, errorMessage, trace }));
    this.name = errorType;
  }
}

/** Lambda serialises a handler's result to JSON: `undefined` becomes null, dates become strings. */
const asLambdaPayload = (result: unknown): JsonValue => (result === undefined ? null : JSON.parse(JSON.stringify(result)));

/**
 * Creates a Step Functions backend that runs an ASL definition in-process with aws-local-stepfunctions.
 *
 * Every Lambda task (the `lambda:invoke` integration or a plain function ARN), at any depth of Map and
 * Parallel, is routed to `invokeLambda`; other task resources are rejected up front. Throws if the
 * definition is invalid.
 */
export function createLocalStateMachine(options: LocalStateMachineOptions): LocalStateMachine {
  new StateMachine(options.definition as StateMachineDefinition); // validates the definition as written
  const { definition, taskHandlers } = prepareDefinition(options.definition as AslScope, options.invokeLambda, options.timeScale ?? 1);
  const machine = new StateMachine(definition as unknown as StateMachineDefinition, { validationOptions: { noValidate: true } });
  const stateMachineName = options.arn.split(':').at(-1) ?? options.arn;

  return {
    arn: options.arn,
    start(execution: ExecutionStart): RunningExecution {
      const run = machine.run(execution.input as JsonValue, {
        overrides: { taskResourceLocalHandlers: taskHandlers },
        context: {
          Execution: { Id: execution.executionArn, Name: execution.name, StartTime: execution.startDate.toISOString() },
          StateMachine: { Id: options.arn, Name: stateMachineName },
        },
      });
      return {
        outcome: run.result.then((output): ExecutionOutcome => ({ status: 'SUCCEEDED', output }), outcomeOfFailure),
        stop: run.abort,
      };
    },
  };
}

function outcomeOfFailure(error: unknown): ExecutionOutcome {
  if (error instanceof ExecutionTimeoutError) return { status: 'TIMED_OUT', error: 'States.Timeout' };
  const failure = error instanceof ExecutionError && error.cause instanceof Error ? error.cause : error;
  return failure instanceof Error
    ? { status: 'FAILED', error: failure.name, cause: failure.message }
    : { status: 'FAILED', error: 'States.Runtime', cause: String(failure) };
}

type TaskHandler = NonNullable<NonNullable<RunOptions['overrides']>['taskResourceLocalHandlers']>[string];
type JsonValue = Parameters<TaskHandler>[0];

/**
 * Returns a time-scaled copy of the definition and a local handler for each Lambda task, keyed by state
 * name as the engine expects. State names are unique across the whole definition, Map and Parallel
 * included: AWS, CDK and the engine's validator all reject duplicates, so the keys cannot collide.
 */
function prepareDefinition(original: AslScope, invokeLambda: InvokeLambda, timeScale: number) {
  // Not structuredClone: under jest it builds objects of another realm, which the engine's plain-object
  // check (prototype === Object.prototype) rejects, leaving nested `key.$` parameters unresolved.
  const definition = JSON.parse(JSON.stringify(original)) as AslScope;
  const taskHandlers: Record<string, TaskHandler> = {};
  const visit = (scope: AslScope): void => {
    for (const [name, state] of Object.entries(scope.States)) {
      scaleWaits(state, timeScale);
      if (state.Type === 'Task') {
        taskHandlers[name] = lambdaTaskHandler(name, state, invokeLambda);
        if (state.TimeoutSeconds === undefined && state.TimeoutSecondsPath === undefined) state.TimeoutSeconds = UNBOUNDED_TASK_TIMEOUT_SECONDS;
      }
      for (const child of [state.ItemProcessor ?? state.Iterator, ...(state.Branches ?? [])]) if (child) visit(child);
    }
  };
  visit(definition);
  return { definition, taskHandlers };
}

function scaleWaits(state: AslState, timeScale: number): void {
  if (timeScale === 1) return;
  for (const retrier of state.Retry ?? []) {
    retrier.IntervalSeconds = (retrier.IntervalSeconds ?? 1) * timeScale;
    if (retrier.MaxDelaySeconds !== undefined) retrier.MaxDelaySeconds *= timeScale;
  }
  if (state.Type === 'Wait' && state.Seconds !== undefined) state.Seconds *= timeScale;
}

function lambdaTaskHandler(stateName: string, state: AslState, invokeLambda: InvokeLambda): TaskHandler {
  const resource = state.Resource ?? '';
  const invoke = async (functionName: string, payload: unknown) => {
    try {
      return asLambdaPayload(await invokeLambda(functionName, payload));
    } catch (error) {
      throw new LambdaFunctionError(error);
    }
  };
  if (LAMBDA_INVOKE_INTEGRATION.test(resource)) {
    if (!state.Parameters || !('FunctionName' in state.Parameters || 'FunctionName.$' in state.Parameters)) {
      throw new Error(`Task state "${stateName}" calls lambda:invoke without Parameters.FunctionName.`);
    }
    // The integration's input is the task's Parameters; its output the Invoke API response.
    return async (input) => {
      const parameters = lambdaInvokeParameters.parse(input);
      const payload = await invoke(parameters.FunctionName, parameters.Payload ?? {});
      const requestId = randomUUID();
      const headers = { 'Content-Type': 'application/json', 'X-Amz-Executed-Version': '$LATEST', 'x-amzn-RequestId': requestId };
      return {
        ExecutedVersion: '$LATEST',
        Payload: payload,
        SdkHttpMetadata: { AllHttpHeaders: Object.fromEntries(Object.entries(headers).map(([key, value]) => [key, [value]])), HttpHeaders: headers, HttpStatusCode: 200 },
        SdkResponseMetadata: { RequestId: requestId },
        StatusCode: 200,
      };
    };
  }
  if (LAMBDA_FUNCTION_ARN.test(resource)) return (input) => invoke(resource, input);
  throw new Error(`Task state "${stateName}" uses ${resource || 'no Resource'}; only Lambda tasks (lambda:invoke or a function ARN) run locally.`);
}
