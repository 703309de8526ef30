import { GetExecutionHistoryCommand, InvalidToken, SendTaskSuccessCommand, TaskDoesNotExist, TaskTimedOut } from '@aws-sdk/client-sfn';
import { ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { join } from 'node:path';
import { loadStack } from '../../local-runtime/template/load-stack';
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

// Each input's outcome (status, error, cause, output, notification) is in outcomes.test.ts.
describe('the message to the worker', () => {
  it('sends the task token and the input, and the worker completes the task with that token, leaving no message behind', async () => {
    const input = { status: 'success', orderId: 7, nested: { list: [1, 'two', null] } };
    const execution = await stack.run('CallbackStateMachine', input);

    const { events = [] } = await stack.sfn.send(new GetExecutionHistoryCommand({ executionArn: execution.executionArn }));
    const scheduled = events.find((event) => event.type === 'TaskScheduled')!.taskScheduledEventDetails!;
    const { QueueUrl, MessageBody } = JSON.parse(scheduled.parameters!) as { QueueUrl: string; MessageBody: { taskToken: string; executionArn: string; input: unknown } };
    expect(QueueUrl).toBe(queue('TaskQueue').url);
    expect(MessageBody).toEqual({ taskToken: expect.any(String), executionArn: execution.executionArn, input });
    const completions = stack.activities.flatMap((a) => (a.kind === 'taskToken' && a.activity.executionArn === execution.executionArn ? [a.activity] : []));
    expect(completions.map((completion) => [completion.action, completion.token])).toEqual([['SendTaskSuccess', MessageBody.taskToken]]);
    expect(execution.status).toBe('SUCCEEDED');

    await until(async () => (await queueDepth('TaskQueue')) === 0, 'an empty queue');
    expect(await queueDepth('TaskDeadLetterQueue')).toBe(0);
  });
});

describe('the state machine’s CloudWatch Logs, as the template configures them', () => {
  // The events Step Functions writes at each level (Step Functions developer guide, "Log levels"):
  // ERROR, the failure events and FailStateEntered; FATAL, the execution's own end. Without
  // execution data, no event carries its input, output or parameters.
  const logged = (events: HistoryEvent[], level: string, includeExecutionData: boolean): unknown[] => {
    const kept = events.filter((event) => {
      const type = event.type ?? '';
      if (level === 'ALL') return true;
      if (level === 'ERROR') return /(Failed|Aborted|TimedOut)$/.test(type) || type === 'FailStateEntered';
      if (level === 'FATAL') return /^Execution(Failed|Aborted|TimedOut)$/.test(type);
      return false;
    });
    const withoutData = (_key: string, value: unknown): unknown => (value !== null && typeof value === 'object' ? Object.fromEntries(Object.entries(value).filter(([key]) => !['input', 'output', 'parameters'].includes(key))) : value);
    return kept.map((event) => (includeExecutionData ? event : (JSON.parse(JSON.stringify(event), withoutData) as unknown)));
  };
  const { Level, IncludeExecutionData } = loadStack(join(__dirname, '..')).template.Resources.CallbackStateMachine!.Properties!.Logging as { Level: string; IncludeExecutionData: boolean };

  it.each([
    ['a successful run', { status: 'success' }],
    ['a failed run', { status: 'fail' }],
  ])('never carry the task token: %s', async (_case, input) => {
    const execution = await stack.run('CallbackStateMachine', input);
    const { events = [] } = await stack.sfn.send(new GetExecutionHistoryCommand({ executionArn: execution.executionArn }));
    const token = stack.activities.flatMap((a) => (a.kind === 'taskToken' && a.activity.executionArn === execution.executionArn ? [a.activity.token] : []))[0]!;

    expect(JSON.stringify(logged(events, Level, IncludeExecutionData))).not.toContain(token);
    // The check can fail: logging everything with execution data would write the token (TaskScheduled).
    expect(JSON.stringify(logged(events, 'ALL', true))).toContain(token);
  });
});

describe('a callback that never comes', () => {
  it('ends the execution with Callback.TimedOut; the late message then gets TaskTimedOut and is dropped', async () => {
    await stack.runtime.setEventSourceMappingsEnabled('CallbackWorkerFunction', false);
    const started = stack.runtime.clock.now();
    const execution = await stack.run('CallbackStateMachine', { status: 'success' });
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('Callback.TimedOut');
    // The task's TimeoutSeconds (300 s) passed on the runtime's clock; the task timed out, and
    // nothing else ended it.
    expect(stack.runtime.clock.now() - started).toBeGreaterThanOrEqual(300_000);
    const { events = [] } = await stack.sfn.send(new GetExecutionHistoryCommand({ executionArn: execution.executionArn }));
    // The waiting task's attempt ended with TaskTimedOut, not with a result.
    const types = events.map((event) => event.type);
    expect(types[types.indexOf('TaskSubmitted') + 1]).toBe('TaskTimedOut');
    expect(published()).toContainEqual(expect.objectContaining({ subject: 'Callback task failed', message: expect.stringContaining('Callback.TimedOut') }));

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
