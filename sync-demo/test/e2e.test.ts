import { GetExecutionHistoryCommand, ListExecutionsCommand, StartExecutionCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { join } from 'node:path';
import { startLocalStack, type LocalStackUnderTest } from '../../local-runtime/testing/local-stack';

// The stack from its template.yaml on the local runtime, on virtual time: the job's waits cost no
// wall time, and the tests assert what happens and in what order, on the runtime's clock.
let stack: LocalStackUnderTest;
beforeAll(async () => {
  stack = await startLocalStack(join(__dirname, '..'));
});
afterAll(() => stack.stop());

const output = (description: { output?: string }): any => JSON.parse(description.output ?? 'null');
const jobArn = (): string => stack.runtime.stateMachines.get('JobStateMachine')!.arn;

describe('the main state machine runs the job with startExecution.sync:2', () => {
  it('succeeds with the job output (JSON), its execution ARN and status, linked to the main execution', async () => {
    const main = await stack.run('MainStateMachine', {});

    expect(main.status).toBe('SUCCEEDED');
    const result = output(main);
    expect(result).toEqual({
      output: { jobName: expect.any(String), durationSeconds: 10, startedByExecutionId: main.executionArn, finishedAt: expect.any(String) },
      executionArn: expect.stringContaining(`${jobArn().replace(':stateMachine:', ':execution:')}:`),
      status: 'SUCCEEDED',
    });
    expect(result.executionArn).toMatch(new RegExp(`:${result.output.jobName as string}$`));
    expect(Date.parse(result.output.finishedAt as string)).not.toBeNaN();
  });

  it('passes durationSeconds to the job, which waits that long', async () => {
    const started = stack.runtime.clock.now();
    const main = await stack.run('MainStateMachine', { durationSeconds: 200, unrelated: 'ignored' });

    expect(main.status).toBe('SUCCEEDED');
    expect(output(main).output.durationSeconds).toBe(200);
    expect(stack.runtime.clock.now() - started).toBeGreaterThanOrEqual(200_000);
  });

  it('records the task in the history: scheduled, submitted with the job ARN, succeeded', async () => {
    const main = await stack.run('MainStateMachine', { durationSeconds: 0 });
    const { events = [] } = await stack.sfn.send(new GetExecutionHistoryCommand({ executionArn: main.executionArn }));
    const types = events.map((event) => event.type);

    expect(types[0]).toBe('ExecutionStarted');
    expect(types).toEqual(expect.arrayContaining(['TaskScheduled', 'TaskSubmitted', 'TaskSucceeded']));
    expect(types.at(-1)).toBe('ExecutionSucceeded');
    const scheduled = events.find((event) => event.type === 'TaskScheduled')!.taskScheduledEventDetails!;
    expect(scheduled).toMatchObject({ resourceType: 'states', resource: 'startExecution.sync:2' });
    expect(JSON.parse(scheduled.parameters!)).toMatchObject({ StateMachineArn: jobArn(), Input: { AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID: main.executionArn } });
  });
});

// Each input's outcome (status, error, cause, output) is in outcomes.test.ts.
describe('a failing job fails the main execution with the job’s own error', () => {
  it('Job.Failed, with a cause that names the job execution and says why', async () => {
    const main = await stack.run('MainStateMachine', { fail: true, durationSeconds: 1 });

    expect(main.status).toBe('FAILED');
    expect(main.error).toBe('Job.Failed');
    expect(main.cause).toMatch(/^Job execution arn:aws:states:[^ ]+:execution:sync-demo-JobStateMachine:[^ ]+ ended FAILED: The job failed because its input asked it to/);
  });

});

describe('the main task’s timeout', () => {
  it('fails the main execution with Job.TimedOut and stops the job', async () => {
    const main = await stack.run('MainStateMachine', { durationSeconds: 3000 });

    expect(main.status).toBe('FAILED');
    expect(main.error).toBe('Job.TimedOut');
    expect(main.cause).toContain('stopped its execution');
    const { events = [] } = await stack.sfn.send(new GetExecutionHistoryCommand({ executionArn: main.executionArn }));
    const submitted = events.find((event) => event.type === 'TaskSubmitted')!.taskSubmittedEventDetails!;
    const jobExecutionArn = JSON.parse(submitted.output!).ExecutionArn as string;
    const { executions = [] } = await stack.sfn.send(new ListExecutionsCommand({ stateMachineArn: jobArn() }));
    expect(executions.find((execution) => execution.executionArn === jobExecutionArn)?.status).toBe('ABORTED');
    const job = await stack.waitForEnd(jobExecutionArn);
    expect(job.status).toBe('ABORTED');
  });
});

describe('stopping the main execution', () => {
  it('stops the job it waits for', async () => {
    // Held, the clock cannot reach the main task's timeout before the test stops the execution.
    const release = stack.runtime.clock.busy();
    const { executionArn } = await stack.sfn.send(new StartExecutionCommand({ stateMachineArn: stack.runtime.stateMachines.get('MainStateMachine')!.arn, input: '{"durationSeconds": 3000}' }));
    let jobExecutionArn: string | undefined;
    while (jobExecutionArn === undefined) {
      const { events = [] } = await stack.sfn.send(new GetExecutionHistoryCommand({ executionArn }));
      const submitted = events.find((event) => event.type === 'TaskSubmitted')?.taskSubmittedEventDetails?.output;
      jobExecutionArn = submitted === undefined ? undefined : (JSON.parse(submitted).ExecutionArn as string);
    }
    await stack.sfn.send(new StopExecutionCommand({ executionArn, error: 'Operator', cause: 'stopped by hand' }));
    release();

    expect(await stack.waitForEnd(executionArn!)).toMatchObject({ status: 'ABORTED', error: 'Operator' });
    expect((await stack.waitForEnd(jobExecutionArn)).status).toBe('ABORTED');
  });
});
