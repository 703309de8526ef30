import { InvalidOutput, SendTaskFailureCommand, SendTaskHeartbeatCommand, SendTaskSuccessCommand, StartExecutionCommand, TaskTimedOut } from '@aws-sdk/client-sfn';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { TaskTokens } from '../stepfunctions/task-tokens';
import { startLocalStack, type LocalStackUnderTest } from '../testing/local-stack';

// The test is the worker: it reads the task token from the queue. The runtime is on virtual time,
// so the test holds the clock (busy) whenever it acts as a worker that must not let time jump
// between two steps; it lets time pass only on purpose, with the clock's own sleep. The task's
// HeartbeatSeconds is 10, its TimeoutSeconds 100.
let stack: LocalStackUnderTest;
beforeAll(async () => {
  stack = await startLocalStack(join(__dirname, 'fixtures', 'heartbeat'));
});
afterAll(() => stack.stop());

const hold = (): (() => void) => stack.runtime.clock.busy();
const start = async (): Promise<string> => {
  const { executionArn } = await stack.sfn.send(new StartExecutionCommand({ stateMachineArn: stack.runtime.stateMachines.get('Waiter')!.arn, input: '{}' }));
  return executionArn!;
};
const nextMessage = async (): Promise<{ token: string; state: string; retry: number }> => {
  for (;;) {
    const { Messages = [] } = await stack.sqs.send(new ReceiveMessageCommand({ QueueUrl: stack.runtime.queues.get('Tokens')!.url, WaitTimeSeconds: 1 }));
    if (Messages[0]?.Body) return JSON.parse(Messages[0].Body) as { token: string; state: string; retry: number };
  }
};
/**
 * Resolves when the execution's `count`th task attempt has sent its message (TaskSubmitted),
 * holding the clock from that very instant: the history listener runs synchronously.
 */
const heldWhenSubmitted = (executionArn: string, count: number): Promise<() => void> =>
  new Promise((resolve) => {
    const { events } = stack.runtime.stepFunctions;
    let seen = stack.activities.filter((a) => a.kind === 'history' && a.execution.arn === executionArn && a.event.type === 'TaskSubmitted').length;
    const listener = (execution: { arn: string }, event: { type?: string }): void => {
      if (execution.arn !== executionArn || event.type !== 'TaskSubmitted') return;
      seen += 1;
      if (seen < count) return;
      events.off('history', listener);
      resolve(hold());
    };
    events.on('history', listener);
  });

it('fills $$.State.Name and $$.State.RetryCount for the task', async () => {
  const release = hold();
  const arn = await start();
  const message = await nextMessage();
  await stack.sfn.send(new SendTaskSuccessCommand({ taskToken: message.token, output: '{"done":true}' }));
  release();

  expect(message).toMatchObject({ state: 'Wait', retry: 0 });
  const execution = await stack.waitForEnd(arn);
  expect(execution.status).toBe('SUCCEEDED');
  expect(JSON.parse(execution.output!)).toEqual({ done: true });
});

it('keeps waiting while heartbeats arrive, then takes the result', async () => {
  const release = hold();
  const arn = await start();
  const { token } = await nextMessage();
  release();
  const started = stack.runtime.clock.now();
  // Six heartbeats 8 s apart: 48 s in all, far past the 10 s HeartbeatSeconds without them.
  for (let i = 0; i < 6; i += 1) {
    await stack.runtime.clock.sleep(8_000);
    await stack.runtime.clock.track(stack.sfn.send(new SendTaskHeartbeatCommand({ taskToken: token })));
  }
  await stack.runtime.clock.track(stack.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '"late but alive"' })));

  expect(stack.runtime.clock.now() - started).toBeGreaterThanOrEqual(48_000);
  const execution = await stack.waitForEnd(arn);
  expect(execution.status).toBe('SUCCEEDED');
  expect(execution.output).toBe('"late but alive"');
});

it('fails the task when heartbeats stop, at HeartbeatSeconds, and closes the token', async () => {
  const release = hold();
  const started = stack.runtime.clock.now();
  const arn = await start();
  const { token } = await nextMessage();
  release();

  const execution = await stack.waitForEnd(arn);
  expect(execution.status).toBe('FAILED');
  // AWS names a missed heartbeat States.Timeout (shared reference, "Heartbeat"). Which timer ended
  // it is told by the clock: HeartbeatSeconds (10 s), well before TimeoutSeconds (100 s).
  expect(execution.error).toBe('States.Timeout');
  const waited = stack.runtime.clock.now() - started;
  expect(waited).toBeGreaterThanOrEqual(10_000);
  expect(waited).toBeLessThan(100_000);
  await expect(stack.sfn.send(new SendTaskHeartbeatCommand({ taskToken: token }))).rejects.toBeInstanceOf(TaskTimedOut);
});

it('makes a new token for every attempt: a retried task waits for the new one only', async () => {
  let release = hold();
  const arn = await start();
  const first = await nextMessage();
  await stack.sfn.send(new SendTaskFailureCommand({ taskToken: first.token, error: 'Retry.Me', cause: 'try again' }));
  // The retry interval (1 s) passes on the clock; the clock is held again as the retry sends its message.
  const retried = heldWhenSubmitted(arn, 2);
  release();
  release = await retried;
  const second = await nextMessage();

  expect(second.token).not.toBe(first.token);
  expect(second.retry).toBe(1);
  await expect(stack.sfn.send(new SendTaskSuccessCommand({ taskToken: first.token, output: '{}' }))).rejects.toBeInstanceOf(TaskTimedOut);
  await stack.sfn.send(new SendTaskSuccessCommand({ taskToken: second.token, output: '{"attempt":2}' }));
  release();
  expect((await stack.waitForEnd(arn)).status).toBe('SUCCEEDED');
});

it('refuses output that is not JSON, and the task still waits for a valid one', async () => {
  const release = hold();
  const arn = await start();
  const { token } = await nextMessage();

  await expect(stack.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: 'not json' }))).rejects.toBeInstanceOf(InvalidOutput);
  await stack.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }));
  release();
  expect((await stack.waitForEnd(arn)).status).toBe('SUCCEEDED');
});

describe('a token done with', () => {
  // A full garbage collection on demand: V8's gc(), exposed to a context made after the flag is set.
  setFlagsFromString('--expose-gc');
  const collectGarbage = runInNewContext('gc') as () => void;

  /** A heartbeat listener for the token, held by the registry alone; a weak reference to it. */
  const listen = (tokens: TaskTokens, token: string): WeakRef<() => void> => {
    const listener = (): void => undefined;
    tokens.onHeartbeat(token, listener);
    return new WeakRef(listener);
  };

  it.each([
    ['SendTaskSuccess', (tokens: TaskTokens, token: string) => { tokens.sendTaskSuccess(token, '{}'); }],
    ['SendTaskFailure', (tokens: TaskTokens, token: string) => { tokens.sendTaskFailure(token, 'E', 'c'); }],
    ['the end of its task', (tokens: TaskTokens, token: string) => { tokens.close(token); }],
  ])('after %s, lets go of its heartbeat listener, and of the task that it holds', async (_how, finish) => {
    const tokens = new TaskTokens();
    const token = tokens.mint('arn:aws:states:us-east-1:123456789012:execution:Waiter:e1', 'Wait');
    const listener = listen(tokens, token);
    finish(tokens, token);
    // A weak reference's target lives at least until the end of the job that made it.
    await new Promise((resolve) => setImmediate(resolve));
    collectGarbage();

    expect(listener.deref()).toBeUndefined();
    expect(() => { tokens.sendTaskHeartbeat(token); }).toThrow('Task Timed Out');
  });
});
