import { DescribeExecutionCommand, ExecutionAlreadyExists, ExecutionDoesNotExist, StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import type { CopyWorkflow, ExecutionState } from '../copy/store';

/** `arn:…:stateMachine:<name>` → `arn:…:execution:<name>:<executionName>` */
export const executionArnOf = (stateMachineArn: string, name: string) => `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;

/**
 * The copy workflow in Step Functions. Each job's execution is named after the job, with the job id
 * as its only input: a repeated start of a running execution is accepted by Step Functions, and of a
 * finished one is refused with ExecutionAlreadyExists, which here means "already started".
 */
export class StepFunctionsCopyWorkflow implements CopyWorkflow {
  constructor(
    private readonly client: SFNClient,
    private readonly stateMachineArn: string,
  ) {}

  async start(jobId: string): Promise<void> {
    try {
      await this.client.send(new StartExecutionCommand({ stateMachineArn: this.stateMachineArn, name: jobId, input: JSON.stringify({ jobId }) }));
    } catch (error) {
      if (error instanceof ExecutionAlreadyExists || (error as Error).name === 'ExecutionAlreadyExists') return;
      throw error;
    }
  }

  async describe(jobId: string): Promise<ExecutionState> {
    try {
      const execution = await this.client.send(new DescribeExecutionCommand({ executionArn: executionArnOf(this.stateMachineArn, jobId) }));
      switch (execution.status) {
        case 'FAILED':
        case 'TIMED_OUT':
        case 'ABORTED':
          return { status: execution.status, ...(execution.error ? { error: execution.error } : {}), ...(execution.cause ? { cause: execution.cause } : {}) };
        case 'SUCCEEDED':
          return { status: 'SUCCEEDED' };
        default:
          return { status: 'RUNNING' };
      }
    } catch (error) {
      if (error instanceof ExecutionDoesNotExist || (error as Error).name === 'ExecutionDoesNotExist') return { status: 'NOT_FOUND' };
      throw error;
    }
  }
}
