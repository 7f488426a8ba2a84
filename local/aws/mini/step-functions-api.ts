import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AwsServiceError, epochSeconds, inputParser, type JsonService } from './json-protocol';

/** What a backend is told when an execution starts. */
export interface ExecutionStart {
  executionArn: string;
  name: string;
  stateMachineArn: string;
  input: unknown;
  startDate: Date;
}

/** How an execution ended, as DescribeExecution reports it; `error`/`cause` as in the API. */
export type ExecutionOutcome =
  | { status: 'SUCCEEDED'; output: unknown }
  | { status: 'FAILED' | 'TIMED_OUT'; error?: string; cause?: string };

export interface RunningExecution {
  /** Settles once with the outcome; should not reject (a rejection is recorded as a States.Runtime failure). */
  outcome: Promise<ExecutionOutcome>;
  /** Stops the work; StopExecution has already recorded the execution as ABORTED. */
  stop(): void;
}

/** Runs the executions of one state machine: the API layer keeps the records, the backend the semantics. */
export interface StateMachineBackend {
  start(execution: ExecutionStart): RunningExecution;
}

export interface StepFunctionsApi {
  register(stateMachineArn: string, backend: StateMachineBackend): void;
}

type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

interface ExecutionRecord {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  startDate: number;
  stopDate?: number;
  input: string;
  output?: string;
  error?: string;
  cause?: string;
  running: RunningExecution;
}

const STATE_MACHINE_ARN = /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:[A-Za-z0-9_-]{1,80}$/;
const EXECUTION_NAME = /^[A-Za-z0-9_-]{1,80}$/;

const schemas = {
  StartExecution: z.object({ stateMachineArn: z.string(), name: z.string().optional(), input: z.string().optional() }),
  DescribeExecution: z.object({ executionArn: z.string() }),
  ListExecutions: z.object({
    stateMachineArn: z.string(),
    statusFilter: z.enum(['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE']).optional(),
    maxResults: z.number().int().min(0).max(1000).optional(),
    nextToken: z.string().optional(),
  }),
  StopExecution: z.object({ executionArn: z.string(), error: z.string().optional(), cause: z.string().optional() }),
};
const parse = inputParser('ValidationException');

const executionArnOf = (stateMachineArn: string, name: string) => `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;

export function createStepFunctions(): { service: JsonService; api: StepFunctionsApi; stopAll(): void } {
  const backends = new Map<string, StateMachineBackend>();
  const executions = new Map<string, ExecutionRecord>();

  function executionAt(executionArn: string): ExecutionRecord {
    const execution = executions.get(executionArn);
    if (!execution) throw new AwsServiceError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
    return execution;
  }

  function settle(execution: ExecutionRecord, outcome: ExecutionOutcome): void {
    if (execution.status !== 'RUNNING') return; // stopped meanwhile: ABORTED wins, as in AWS
    execution.status = outcome.status;
    execution.stopDate = Date.now();
    if (outcome.status === 'SUCCEEDED') execution.output = JSON.stringify(outcome.output ?? null);
    else Object.assign(execution, { error: outcome.error, cause: outcome.cause });
  }

  const summary = (execution: ExecutionRecord) => ({
    executionArn: execution.executionArn,
    stateMachineArn: execution.stateMachineArn,
    name: execution.name,
    status: execution.status,
    startDate: epochSeconds(execution.startDate),
    ...(execution.stopDate !== undefined ? { stopDate: epochSeconds(execution.stopDate) } : {}),
  });

  const operations = {
    StartExecution(raw: unknown) {
      const input = parse(schemas.StartExecution, raw);
      if (!STATE_MACHINE_ARN.test(input.stateMachineArn)) throw new AwsServiceError('InvalidArn', `Invalid Arn: '${input.stateMachineArn}'`);
      const backend = backends.get(input.stateMachineArn);
      if (!backend) throw new AwsServiceError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${input.stateMachineArn}'`);
      const name = input.name ?? randomUUID();
      if (!EXECUTION_NAME.test(name)) throw new AwsServiceError('InvalidName', `Invalid Name: '${name}'`);
      const inputText = input.input ?? '{}';
      let parsedInput: unknown;
      try {
        parsedInput = JSON.parse(inputText);
      } catch {
        throw new AwsServiceError('InvalidExecutionInput', `Invalid State Machine Execution Input: '${inputText}'`);
      }
      const executionArn = executionArnOf(input.stateMachineArn, name);
      const existing = executions.get(executionArn);
      if (existing) {
        // Standard workflows treat a repeated start of a running execution with the same input as idempotent.
        if (existing.status === 'RUNNING' && existing.input === inputText) return { executionArn, startDate: epochSeconds(existing.startDate) };
        throw new AwsServiceError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
      }
      const startDate = Date.now();
      const running = backend.start({ executionArn, name, stateMachineArn: input.stateMachineArn, input: parsedInput, startDate: new Date(startDate) });
      const execution: ExecutionRecord = { executionArn, stateMachineArn: input.stateMachineArn, name, status: 'RUNNING', startDate, input: inputText, running };
      executions.set(executionArn, execution);
      running.outcome.then(
        (outcome) => settle(execution, outcome),
        (error: unknown) => settle(execution, { status: 'FAILED', error: 'States.Runtime', cause: error instanceof Error ? error.message : String(error) }),
      );
      return { executionArn, startDate: epochSeconds(startDate) };
    },
    DescribeExecution(raw: unknown) {
      const execution = executionAt(parse(schemas.DescribeExecution, raw).executionArn);
      return {
        ...summary(execution),
        input: execution.input,
        inputDetails: { included: true },
        ...(execution.output !== undefined ? { output: execution.output, outputDetails: { included: true } } : {}),
        ...(execution.error !== undefined ? { error: execution.error } : {}),
        ...(execution.cause !== undefined ? { cause: execution.cause } : {}),
      };
    },
    ListExecutions(raw: unknown) {
      const input = parse(schemas.ListExecutions, raw);
      if (!backends.has(input.stateMachineArn)) throw new AwsServiceError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${input.stateMachineArn}'`);
      const matching = [...executions.values()]
        .filter((execution) => execution.stateMachineArn === input.stateMachineArn && (!input.statusFilter || execution.status === input.statusFilter))
        .sort((a, b) => b.startDate - a.startDate);
      const offset = Number(input.nextToken ?? 0);
      const pageSize = input.maxResults || 100;
      const page = matching.slice(offset, offset + pageSize);
      const nextOffset = offset + page.length;
      return { executions: page.map(summary), ...(nextOffset < matching.length ? { nextToken: String(nextOffset) } : {}) };
    },
    StopExecution(raw: unknown) {
      const input = parse(schemas.StopExecution, raw);
      const execution = executionAt(input.executionArn);
      if (execution.status === 'RUNNING') {
        Object.assign(execution, { status: 'ABORTED', stopDate: Date.now(), error: input.error, cause: input.cause });
        execution.running.stop();
      }
      return { stopDate: epochSeconds(execution.stopDate ?? Date.now()) };
    },
  };

  return {
    service: { targetPrefix: 'AWSStepFunctions', contentType: 'application/x-amz-json-1.0', operations },
    api: {
      register(stateMachineArn, backend) {
        if (!STATE_MACHINE_ARN.test(stateMachineArn)) throw new Error(`Not a state machine ARN: ${stateMachineArn}`);
        backends.set(stateMachineArn, backend);
      },
    },
    stopAll() {
      for (const execution of executions.values()) if (execution.status === 'RUNNING') execution.running.stop();
    },
  };
}
