import 'aws-sdk-client-mock-jest';
import { DescribeExecutionCommand, ExecutionAlreadyExists, ExecutionDoesNotExist, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { StepFunctionsCopyWorkflow } from '../../shared/aws/copy-workflow';

const sfn = mockClient(SFNClient);
const MACHINE = 'arn:aws:states:eu-west-1:123456789012:stateMachine:AiMarketingService-Copy-Workflow';
const JOB = '3f1c2a4e-8b7d-4c2a-9e1f-0a1b2c3d4e5f';
const workflow = () => new StepFunctionsCopyWorkflow(new SFNClient({ region: 'eu-west-1' }), MACHINE);

beforeEach(() => sfn.reset());

describe('the Step Functions copy workflow adapter', () => {
  it('starts one execution per job, named after the job, with only the job id as input', async () => {
    sfn.on(StartExecutionCommand).resolves({ executionArn: `${MACHINE}:${JOB}`, startDate: new Date() });
    await workflow().start(JOB);
    expect(sfn).toHaveReceivedCommandWith(StartExecutionCommand, { stateMachineArn: MACHINE, name: JOB, input: JSON.stringify({ jobId: JOB }) });
  });

  it('treats an execution that already exists as started (a retried submission)', async () => {
    sfn.on(StartExecutionCommand).rejects(new ExecutionAlreadyExists({ message: 'exists', $metadata: {} }));
    await expect(workflow().start(JOB)).resolves.toBeUndefined();
  });

  it('describes the execution of a job by its derived ARN', async () => {
    sfn.on(DescribeExecutionCommand).resolves({ status: 'TIMED_OUT', error: 'States.Timeout', executionArn: 'x', stateMachineArn: MACHINE, startDate: new Date() });
    await expect(workflow().describe(JOB)).resolves.toEqual({ status: 'TIMED_OUT', error: 'States.Timeout' });
    expect(sfn).toHaveReceivedCommandWith(DescribeExecutionCommand, { executionArn: `arn:aws:states:eu-west-1:123456789012:execution:AiMarketingService-Copy-Workflow:${JOB}` });
    sfn.on(DescribeExecutionCommand).rejects(new ExecutionDoesNotExist({ message: 'none', $metadata: {} }));
    await expect(workflow().describe(JOB)).resolves.toEqual({ status: 'NOT_FOUND' });
  });
});
