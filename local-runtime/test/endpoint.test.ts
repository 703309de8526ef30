import {
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  GetExecutionHistoryCommand,
  InvalidExecutionInput,
  InvalidName,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  StartExecutionCommand,
  StateMachineDoesNotExist,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { join } from 'node:path';
import { startLocalStack, type LocalStackUnderTest } from '../testing/local-stack';

// The Step Functions API of the local runtime, through the SDK's own client and error classes.
let stack: LocalStackUnderTest;
beforeAll(async () => {
  stack = await startLocalStack(join(__dirname, '..', '..', 'sync-demo'));
});
afterAll(() => stack.stop());

const arn = (logicalId: string): string => stack.runtime.stateMachines.get(logicalId)!.arn;

it('lists and describes the state machines, with the substituted definition', async () => {
  const { stateMachines = [] } = await stack.sfn.send(new ListStateMachinesCommand({}));
  expect(stateMachines.map((sm) => sm.name).sort()).toEqual(['sync-demo-JobStateMachine', 'sync-demo-MainStateMachine']);
  expect(stateMachines[0]?.creationDate).toBeInstanceOf(Date);

  const main = await stack.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn('MainStateMachine') }));
  expect(main).toMatchObject({ name: 'sync-demo-MainStateMachine', type: 'STANDARD', status: 'ACTIVE' });
  expect(JSON.parse(main.definition!).States.RunJob.Parameters.StateMachineArn).toBe(arn('JobStateMachine'));
});

it('describes an execution while it runs and after it ends; StopExecution aborts it', async () => {
  // Held, the clock cannot skip the job's hour-long wait between the test's calls.
  const release = stack.runtime.clock.busy();
  const { executionArn, startDate } = await stack.sfn.send(new StartExecutionCommand({ stateMachineArn: arn('JobStateMachine'), input: '{"durationSeconds": 3600}', name: 'long-job' }));
  expect(startDate).toBeInstanceOf(Date);
  expect((await stack.sfn.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('RUNNING');

  const { stopDate } = await stack.sfn.send(new StopExecutionCommand({ executionArn, error: 'Operator', cause: 'no longer needed' }));
  release();
  expect(stopDate).toBeInstanceOf(Date);
  expect(await stack.sfn.send(new DescribeExecutionCommand({ executionArn }))).toMatchObject({
    status: 'ABORTED',
    name: 'long-job',
    input: '{"durationSeconds": 3600}',
    error: 'Operator',
    cause: 'no longer needed',
  });
  const { executions = [] } = await stack.sfn.send(new ListExecutionsCommand({ stateMachineArn: arn('JobStateMachine'), statusFilter: 'ABORTED' }));
  expect(executions.map((execution) => execution.executionArn)).toContain(executionArn);
});

it('pages the execution history', async () => {
  const { executionArn } = await stack.run('JobStateMachine', {});
  const first = await stack.sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 5 }));
  const rest = await stack.sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, nextToken: first.nextToken }));
  const all = [...(first.events ?? []), ...(rest.events ?? [])];

  expect(first.events).toHaveLength(5);
  expect(rest.nextToken).toBeUndefined();
  expect(all.map((event) => event.id)).toEqual(all.map((_, i) => i + 1));
  expect(all[0]).toMatchObject({ type: 'ExecutionStarted', previousEventId: 0, timestamp: expect.any(Date) });
  expect(all.at(-1)?.type).toBe('ExecutionSucceeded');
  const reversed = await stack.sfn.send(new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: 1 }));
  expect(reversed.events?.[0]?.type).toBe('ExecutionSucceeded');
});

describe('errors, with AWS’s error codes', () => {
  it.each([
    ['an unknown execution', () => new DescribeExecutionCommand({ executionArn: 'arn:aws:states:us-east-1:123456789012:execution:x:y' }), ExecutionDoesNotExist],
    ['an unknown state machine', () => new StartExecutionCommand({ stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:nope' }), StateMachineDoesNotExist],
    ['input that is not JSON', () => new StartExecutionCommand({ stateMachineArn: arn('JobStateMachine'), input: '{oops' }), InvalidExecutionInput],
    ['an execution name with a space', () => new StartExecutionCommand({ stateMachineArn: arn('JobStateMachine'), name: 'two words' }), InvalidName],
  ])('%s', async (_case, command, ErrorType) => {
    await expect(stack.sfn.send(command() as never)).rejects.toBeInstanceOf(ErrorType);
  });

  it('a name already used by an execution that ended', async () => {
    const first = await stack.sfn.send(new StartExecutionCommand({ stateMachineArn: arn('JobStateMachine'), name: 'once', input: '{"durationSeconds": 0}' }));
    await stack.waitForEnd(first.executionArn!);
    await expect(stack.sfn.send(new StartExecutionCommand({ stateMachineArn: arn('JobStateMachine'), name: 'once', input: '{"durationSeconds": 0}' }))).rejects.toBeInstanceOf(
      ExecutionAlreadyExists,
    );
  });

  it('an unknown operation', async () => {
    const response = await fetch(stack.runtime.endpoints.stepfunctions, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Target': 'AWSStepFunctions.CreateActivity' },
      body: '{}',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ __type: 'UnknownOperationException', message: 'Unknown operation AWSStepFunctions.CreateActivity' });
  });
});
