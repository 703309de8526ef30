import { GetExecutionHistoryCommand, InvalidToken, SendTaskSuccessCommand, TaskDoesNotExist, TaskTimedOut } from '@aws-sdk/client-sfn';
import { ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { join } from 'node:path';
import { startLocalStack, until, type LocalStackUnderTest } from '../../local-runtime/testing/local-stack';

// The stack from its template.yaml on the local runtime, with the real worker bundle, on virtual
// time: the wait task's 300 s timeout and the queue's 180 s visibility timeout cost no wall time,
// and the clock never jumps while the worker runs or a message waits for it.
jest.setTimeout(30_000);
let stack: LocalStackUnderTest;
beforeAll(async () => {
  stack = await startLocalStack(join(__dirname, '..'));
});
afterAll(() => stack.stop());

const published = () => stack.published();
const batches = () => stack.batches();
const logs = () => stack.logs();
const queue = (logicalId: string) => stack.runtime.queues.get(logicalId)!;
const queueDepth = (logicalId: string): Promise<number> => stack.queueDepth(logicalId);

describe('the worker completes the waiting task', () => {
  it('status "success": SUCCEEDED with the worker’s output, announced on the topic', async () => {
    const execution = await stack.run('CallbackStateMachine', { status: 'success', orderId: 7 });

    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.output!)).toEqual({ status: 'success', message: 'The worker completed the task', processedAt: expect.any(String) });
    expect(published()).toContainEqual(expect.objectContaining({ subject: 'Callback task succeeded', message: execution.output }));
  });

  it.each([
    [{ status: 'fail' }, 'received "status": "fail"'],
    [{ status: 'Success' }, 'received "status": "Success"'],
    [{}, 'received no status'],
    [['success'], 'received an array'],
    ['"success"', 'received a string'],
  ])('%j: FAILED with the worker’s error and cause, announced on the topic', async (input, cause) => {
    const execution = await stack.run('CallbackStateMachine', input);

    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('CallbackDemo.StatusNotSuccess');
    expect(execution.cause).toContain(cause);
    const notices = published().filter((message) => message.subject === 'Callback task failed').map((message) => JSON.parse(message.message) as unknown);
    expect(notices).toContainEqual({ Error: 'CallbackDemo.StatusNotSuccess', Cause: execution.cause });
  });

  it('sends the task token and the input in the message, and leaves no message behind', async () => {
    const execution = await stack.run('CallbackStateMachine', { status: 'success' });

    await until(() => batches().some((batch) => batch.deleted.length > 0), 'the worker’s batch');
    await until(async () => (await queueDepth('TaskQueue')) === 0, 'an empty queue');
    expect(execution.status).toBe('SUCCEEDED');
    expect(await queueDepth('TaskDeadLetterQueue')).toBe(0);
  });
});

describe('a callback that never comes', () => {
  it('ends the execution with States.Timeout; the late message then gets TaskTimedOut and is dropped', async () => {
    await stack.runtime.setEventSourceMappingsEnabled('CallbackWorkerFunction', false);
    const started = stack.runtime.clock.now();
    const execution = await stack.run('CallbackStateMachine', { status: 'success' });
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('States.Timeout');
    // The task's TimeoutSeconds (300 s) passed on the runtime's clock; the task timed out, and
    // nothing else ended it.
    expect(stack.runtime.clock.now() - started).toBeGreaterThanOrEqual(300_000);
    const { events = [] } = await stack.sfn.send(new GetExecutionHistoryCommand({ executionArn: execution.executionArn }));
    // The waiting task's attempt ended with TaskTimedOut, not with a result.
    const types = events.map((event) => event.type);
    expect(types[types.indexOf('TaskSubmitted') + 1]).toBe('TaskTimedOut');
    expect(published()).toContainEqual(expect.objectContaining({ subject: 'Callback task failed', message: expect.stringContaining('States.Timeout') }));

    const before = batches().length;
    await stack.runtime.setEventSourceMappingsEnabled('CallbackWorkerFunction', true);
    await until(() => batches().length > before, 'the late delivery');
    expect(batches().at(-1)).toMatchObject({ deleted: [expect.any(String)], returned: [] });
    // The worker's log lines reach the runtime on their own stream, after the batch's outcome.
    await until(() => logs().some((line) => line.includes('"level":"WARN"') && line.includes('TaskTimedOut')), 'the worker’s warning');
    await until(async () => (await queueDepth('TaskQueue')) === 0, 'an empty queue');
  });
});

describe('a message the worker cannot use', () => {
  it('returns to the queue, then lands in the dead-letter queue after maxReceiveCount, body intact', async () => {
    const body = '{"this is": "not a task message"}';
    await stack.sqs.send(new SendMessageCommand({ QueueUrl: queue('TaskQueue').url, MessageBody: body }));

    let received: string | undefined;
    await until(async () => {
      const { Messages = [] } = await stack.sqs.send(new ReceiveMessageCommand({ QueueUrl: queue('TaskDeadLetterQueue').url, WaitTimeSeconds: 0 }));
      received = Messages[0]?.Body;
      return received !== undefined;
    }, 'the dead-letter queue', 20_000);
    expect(received).toBe(body);
    // maxReceiveCount (3) deliveries, each returned, with the count SQS reports, then the dead-letter queue.
    const attempts = batches().filter((batch) => batch.returned.length > 0);
    expect(attempts.length).toBe(3);
  });
});

describe('the Step Functions API refuses tokens it cannot take', () => {
  it.each([
    ['a malformed token', 'not-a-token', InvalidToken],
    ['an unknown token', `AQ${'A'.repeat(96)}`, TaskDoesNotExist],
  ])('%s', async (_case, taskToken, ErrorType) => {
    await expect(stack.sfn.send(new SendTaskSuccessCommand({ taskToken, output: '{}' }))).rejects.toBeInstanceOf(ErrorType);
  });

  it('the token of a finished task: TaskTimedOut', async () => {
    await stack.run('CallbackStateMachine', { status: 'success' });
    const used = stack.activities.flatMap((a) => (a.kind === 'taskToken' ? [a.activity.token] : [])).at(-1)!;

    await expect(stack.sfn.send(new SendTaskSuccessCommand({ taskToken: used, output: '{}' }))).rejects.toBeInstanceOf(TaskTimedOut);
  });
});
