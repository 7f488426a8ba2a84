import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  ListExecutionsCommand,
  SFNClient,
  StartExecutionCommand,
  StateMachineDoesNotExist,
  StopExecutionCommand,
  type DescribeExecutionCommandOutput,
} from '@aws-sdk/client-sfn';
import { startMiniServices, type MiniServices } from '../../local/aws/mini-services';
import { createLocalStateMachine } from '../../local/aws/step-functions';
import { eventually, localClientConfig } from './local-clients';

const ARN_PREFIX = 'arn:aws:states:us-east-1:000000000000:stateMachine';
const fn = (name: string) => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;

/** Shaped like `cdk synth` output: LambdaInvoke tasks with CDK's default service retry, a Map with ItemSelector. */
const copyJobDefinition = {
  StartAt: 'Prepare',
  States: {
    Prepare: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: fn('prepare'), 'Payload.$': '$' },
      ResultSelector: { 'jobs.$': '$.Payload.jobs' },
      Retry: [{ ErrorEquals: ['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException'], IntervalSeconds: 2, MaxAttempts: 6, BackoffRate: 2 }],
      Next: 'PerVariant',
    },
    PerVariant: {
      Type: 'Map',
      ItemsPath: '$.jobs',
      MaxConcurrency: 2,
      ItemSelector: { 'job.$': '$$.Map.Item.Value', 'index.$': '$$.Map.Item.Index' },
      ItemProcessor: {
        ProcessorConfig: { Mode: 'INLINE' },
        StartAt: 'Generate',
        States: {
          Generate: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Parameters: { FunctionName: 'generate', 'Payload.$': '$' },
            OutputPath: '$.Payload',
            Retry: [{ ErrorEquals: ['ModelThrottledError'], IntervalSeconds: 2, MaxAttempts: 3, BackoffRate: 2 }],
            Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'MarkFailed' }],
            Next: 'Check',
          },
          Check: {
            Type: 'Choice',
            Choices: [{ Variable: '$.verdict', StringEquals: 'pass', Next: 'PersistVariant' }],
            Default: 'Review',
          },
          PersistVariant: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Parameters: { FunctionName: 'persist-variant', 'Payload.$': '$' },
            OutputPath: '$.Payload',
            End: true,
          },
          Review: { Type: 'Task', Resource: fn('review'), ResultPath: '$.review', End: true },
          MarkFailed: {
            Type: 'Pass',
            Parameters: { 'job.$': '$.job', 'error.$': '$.error.Error', 'cause.$': 'States.StringToJson($.error.Cause)' },
            End: true,
          },
        },
      },
      ResultPath: '$.variants',
      Next: 'Persist',
    },
    Persist: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: 'persist-job', 'Payload.$': '$.variants' },
      OutputPath: '$.Payload',
      End: true,
    },
  },
};

class ModelThrottledError extends Error {
  override name = 'ModelThrottledError';
}

describe('local Step Functions behind the SDK client', () => {
  let services: MiniServices;
  let sfn: SFNClient;

  beforeAll(async () => {
    services = await startMiniServices();
    sfn = new SFNClient(localClientConfig(services.endpoint));
  });
  afterAll(async () => {
    sfn.destroy();
    await services.close();
  });

  const settled = (executionArn: string) =>
    eventually(async () => {
      const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      return described.status === 'RUNNING' ? undefined : described;
    });

  it('runs Map, Choice, Retry on a named error and Catch, routing every Lambda task by FunctionName', async () => {
    const calls: Array<{ functionName: string; payload: unknown }> = [];
    let throttles = 0;
    const machine = createLocalStateMachine({
      arn: `${ARN_PREFIX}:copy-jobs`,
      definition: copyJobDefinition,
      timeScale: 0.001,
      async invokeLambda(functionName, payload) {
        calls.push({ functionName, payload });
        const job = (payload as { job?: string }).job;
        switch (functionName) {
          case fn('prepare'):
            return { jobs: ['good', 'throttled', 'risky', 'broken'] };
          case 'generate':
            if (job === 'throttled' && throttles++ < 2) throw new ModelThrottledError('slow down');
            if (job === 'broken') throw new TypeError('cannot read the brief');
            return { job, verdict: job === 'risky' ? 'violations' : 'pass' };
          case 'persist-variant':
            return { job, stored: true };
          case fn('review'):
            return { queued: true };
          case 'persist-job':
            return { count: (payload as unknown[]).length };
          default:
            throw new Error(`unexpected function ${functionName}`);
        }
      },
    });
    services.stepFunctions.register(machine.arn, machine);

    const { executionArn, startDate } = await sfn.send(new StartExecutionCommand({ stateMachineArn: machine.arn, name: 'job-1', input: '{"brief":"b"}' }));
    expect(executionArn).toBe('arn:aws:states:us-east-1:000000000000:execution:copy-jobs:job-1');
    expect(startDate).toBeInstanceOf(Date);
    const done: DescribeExecutionCommandOutput = await settled(executionArn ?? '');

    expect(done).toMatchObject({ status: 'SUCCEEDED', name: 'job-1', stateMachineArn: machine.arn, input: '{"brief":"b"}' });
    expect(done.stopDate?.getTime()).toBeGreaterThanOrEqual(done.startDate?.getTime() ?? Infinity);
    expect(JSON.parse(done.output ?? 'null')).toEqual({ count: 4 });

    const variants = calls.find((call) => call.functionName === 'persist-job')?.payload;
    expect(variants).toEqual([
      { job: 'good', stored: true },
      { job: 'throttled', stored: true },
      { job: 'risky', verdict: 'violations', review: { queued: true } },
      {
        job: 'broken',
        error: 'TypeError',
        cause: { errorType: 'TypeError', errorMessage: 'cannot read the brief', trace: expect.arrayContaining([expect.stringContaining('TypeError: cannot read the brief')]) },
      },
    ]);
    expect(calls.filter((call) => call.functionName === 'generate' && (call.payload as { job: string }).job === 'throttled')).toHaveLength(3);
    expect(calls.find((call) => call.functionName === 'generate')?.payload).toEqual({ job: 'good', index: 0 });
  });

  it('fails the execution with the error name and Lambda-style cause once retries are exhausted', async () => {
    const machine = createLocalStateMachine({
      arn: `${ARN_PREFIX}:always-throttled`,
      definition: {
        StartAt: 'Generate',
        States: {
          Generate: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Parameters: { FunctionName: 'generate', 'Payload.$': '$' },
            Retry: [{ ErrorEquals: ['ModelThrottledError'], IntervalSeconds: 1, MaxAttempts: 2 }],
            End: true,
          },
        },
      },
      timeScale: 0.001,
      invokeLambda: async () => {
        throw new ModelThrottledError('still slow');
      },
    });
    services.stepFunctions.register(machine.arn, machine);

    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: machine.arn }));
    const done = await settled(executionArn ?? '');
    expect(done.status).toBe('FAILED');
    expect(done.error).toBe('ModelThrottledError');
    expect(JSON.parse(done.cause ?? '{}')).toMatchObject({ errorType: 'ModelThrottledError', errorMessage: 'still slow' });
  });

  it('stops, lists and de-duplicates executions as the API does', async () => {
    let release: () => void = () => undefined;
    const machine = createLocalStateMachine({
      arn: `${ARN_PREFIX}:slow`,
      definition: { StartAt: 'Wait for it', States: { 'Wait for it': { Type: 'Task', Resource: fn('slow'), End: true } } },
      invokeLambda: () => new Promise((resolve) => (release = () => resolve('late'))),
    });
    services.stepFunctions.register(machine.arn, machine);

    const first = await sfn.send(new StartExecutionCommand({ stateMachineArn: machine.arn, name: 'one', input: '{"a":1}' }));
    await expect(sfn.send(new StartExecutionCommand({ stateMachineArn: machine.arn, name: 'one', input: '{"a":1}' }))).resolves.toMatchObject({
      executionArn: first.executionArn,
    });
    await expect(sfn.send(new StartExecutionCommand({ stateMachineArn: machine.arn, name: 'one', input: '{"a":2}' }))).rejects.toBeInstanceOf(ExecutionAlreadyExists);

    const listed = await sfn.send(new ListExecutionsCommand({ stateMachineArn: machine.arn, statusFilter: 'RUNNING' }));
    expect(listed.executions?.map((execution) => execution.name)).toEqual(['one']);

    await sfn.send(new StopExecutionCommand({ executionArn: first.executionArn, error: 'Operator', cause: 'cancelled by test' }));
    release();
    const stopped = await sfn.send(new DescribeExecutionCommand({ executionArn: first.executionArn }));
    expect(stopped).toMatchObject({ status: 'ABORTED', error: 'Operator', cause: 'cancelled by test' });
    expect(stopped.output).toBeUndefined();

    await expect(sfn.send(new StartExecutionCommand({ stateMachineArn: `${ARN_PREFIX}:unknown` }))).rejects.toBeInstanceOf(StateMachineDoesNotExist);
  });

  it('rejects what AWS rejects, and tasks it cannot run locally', () => {
    // State names are unique across the whole definition (AWS and CDK enforce it), which is what lets
    // the engine key task overrides by state name.
    const nested = (name: string) => ({ StartAt: name, States: { [name]: { Type: 'Task', Resource: fn('f'), End: true } } });
    expect(() =>
      createLocalStateMachine({
        arn: `${ARN_PREFIX}:dup`,
        definition: { StartAt: 'Map', States: { Map: { Type: 'Map', ItemProcessor: nested('Map'), End: true } } },
        invokeLambda: async () => null,
      }),
    ).toThrow(/DUPLICATE_STATE_NAMES/);

    expect(() =>
      createLocalStateMachine({
        arn: `${ARN_PREFIX}:ddb`,
        definition: { StartAt: 'Put', States: { Put: { Type: 'Task', Resource: 'arn:aws:states:::dynamodb:putItem', Parameters: { TableName: 't', Item: {} }, End: true } } },
        invokeLambda: async () => null,
      }),
    ).toThrow(/only Lambda tasks/);
  });
});
