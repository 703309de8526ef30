import { InvalidOutput, SendTaskFailureCommand, SendTaskHeartbeatCommand, SendTaskSuccessCommand, StartExecutionCommand, TaskTimedOut } from '@aws-sdk/client-sfn';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { join } from 'node:path';
import { startLocalStack, type LocalStackUnderTest } from '../testing/local-stack';

// The test is the worker: it reads the task token from the queue. 1 s takes 10 ms here, so the
// task's HeartbeatSeconds (10) is 100 ms and its TimeoutSeconds (100) one second.
let stack: LocalStackUnderTest;
beforeAll(async () => {
  stack = await startLocalStack(join(__dirname, 'fixtures', 'heartbeat'), 0.01);
});
afterAll(() => stack.stop());

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
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it('fills $$.State.Name and $$.State.RetryCount for the task', async () => {
  const arn = await start();
  const message = await nextMessage();
  await stack.sfn.send(new SendTaskSuccessCommand({ taskToken: message.token, output: '{"done":true}' }));

  expect(message).toMatchObject({ state: 'Wait', retry: 0 });
  const execution = await stack.waitForEnd(arn);
  expect(execution.status).toBe('SUCCEEDED');
  expect(JSON.parse(execution.output!)).toEqual({ done: true });
});

it('keeps waiting while heartbeats arrive, then takes the result', async () => {
  const arn = await start();
  const { token } = await nextMessage();
  for (let i = 0; i < 6; i += 1) {
    await sleep(50);
    await stack.sfn.send(new SendTaskHeartbeatCommand({ taskToken: token }));
  }
  await stack.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '"late but alive"' }));

  const execution = await stack.waitForEnd(arn);
  expect(execution.status).toBe('SUCCEEDED');
  expect(execution.output).toBe('"late but alive"');
});

it('fails the task with States.HeartbeatTimeout when heartbeats stop, and closes the token', async () => {
  const arn = await start();
  const { token } = await nextMessage();

  const execution = await stack.waitForEnd(arn);
  expect(execution.status).toBe('FAILED');
  expect(execution.error).toBe('States.HeartbeatTimeout');
  await expect(stack.sfn.send(new SendTaskHeartbeatCommand({ taskToken: token }))).rejects.toBeInstanceOf(TaskTimedOut);
});

it('makes a new token for every attempt: a retried task waits for the new one only', async () => {
  const arn = await start();
  const first = await nextMessage();
  await stack.sfn.send(new SendTaskFailureCommand({ taskToken: first.token, error: 'Retry.Me', cause: 'try again' }));
  const second = await nextMessage();

  expect(second.token).not.toBe(first.token);
  expect(second.retry).toBe(1);
  await expect(stack.sfn.send(new SendTaskSuccessCommand({ taskToken: first.token, output: '{}' }))).rejects.toBeInstanceOf(TaskTimedOut);
  await stack.sfn.send(new SendTaskSuccessCommand({ taskToken: second.token, output: '{"attempt":2}' }));
  expect((await stack.waitForEnd(arn)).status).toBe('SUCCEEDED');
});

it('refuses output that is not JSON, and the task still waits for a valid one', async () => {
  const arn = await start();
  const { token } = await nextMessage();

  await expect(stack.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: 'not json' }))).rejects.toBeInstanceOf(InvalidOutput);
  await stack.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }));
  expect((await stack.waitForEnd(arn)).status).toBe('SUCCEEDED');
});
