import { GetExecutionHistoryCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { join } from 'node:path';
import { INTERNAL_FAILURE, THROTTLING } from '../../local-runtime';
import { startLocalStack, until, type LocalStackUnderTest } from '../../local-runtime/testing/local-stack';

// Faults injected into the local runtime, with the real worker, on virtual time: a redelivery after
// the queue's 180 s visibility timeout costs no wall time, and the wait task's 300 s timeout cannot
// pass while the worker runs or a message waits for it.
jest.setTimeout(60_000);
let stack: LocalStackUnderTest;
beforeAll(async () => {
  stack = await startLocalStack(join(__dirname, '..'));
});
afterAll(() => stack.stop());

const stateMachineArn = (): string => stack.runtime.stateMachines.get('CallbackStateMachine')!.arn;
const start = async (input: unknown): Promise<string> =>
  (await stack.sfn.send(new StartExecutionCommand({ stateMachineArn: stateMachineArn(), input: JSON.stringify(input) }))).executionArn!;
const batches = () => stack.batches();
const completionsByToken = (): Map<string, number> => {
  const counts = new Map<string, number>();
  for (const a of stack.activities) if (a.kind === 'taskToken') counts.set(a.activity.token, (counts.get(a.activity.token) ?? 0) + 1);
  return counts;
};
const inFlight = (logicalId: string): Promise<number> => stack.queueDepth(logicalId);

it('Step Functions throttling and 500s: the SDK retries, the messages come back, every execution ends as its input says', async () => {
  // Two records of each kind, each given the SDK's three attempts: six failures exhaust them, so
  // the records are reported as batch item failures and delivered again.
  stack.stack.faults.failApiCalls('SendTaskSuccess', 6, THROTTLING);
  stack.stack.faults.failApiCalls('SendTaskFailure', 6, INTERNAL_FAILURE);
  const inputs = [{ status: 'success' }, { status: 'fail' }, { status: 'success' }, { status: 'fail' }];
  const before = batches().length;

  const results = await Promise.all(inputs.map(async (input) => stack.waitForEnd(await start(input))));

  expect(results.map((result) => result.status)).toEqual(['SUCCEEDED', 'FAILED', 'SUCCEEDED', 'FAILED']);
  expect(results.filter((result) => result.status === 'FAILED').map((result) => result.error)).toEqual(['CallbackDemo.StatusNotSuccess', 'CallbackDemo.StatusNotSuccess']);
  expect(batches().slice(before).some((batch) => batch.returned.length > 0)).toBe(true);
  await until(async () => (await inFlight('TaskQueue')) === 0, 'an empty queue');
  expect(await inFlight('TaskDeadLetterQueue')).toBe(0);
});

it('the same message twice: the second completion gets TaskTimedOut, is dropped without retries, and the result stands', async () => {
  const executionArn = await start({ status: 'success' });
  const first = await stack.waitForEnd(executionArn);
  const { events = [] } = await stack.sfn.send(new GetExecutionHistoryCommand({ executionArn }));
  const body = JSON.stringify((JSON.parse(events.find((event) => event.type === 'TaskScheduled')!.taskScheduledEventDetails!.parameters!) as { MessageBody: unknown }).MessageBody);
  const before = batches().length;

  await stack.sqs.send(new SendMessageCommand({ QueueUrl: stack.runtime.queues.get('TaskQueue')!.url, MessageBody: body }));
  await until(() => batches().length > before, 'the duplicate delivery');

  expect(batches().slice(before)).toEqual([expect.objectContaining({ deleted: [expect.any(String)], returned: [] })]);
  // The worker's log lines reach the runtime on their own stream, after the batch's outcome.
  const warned = (): boolean => stack.activities.some((a) => a.kind === 'log' && a.line.includes('"level":"WARN"') && a.line.includes('TaskTimedOut'));
  await until(warned, 'the worker’s warning');
  expect(await stack.waitForEnd(executionArn)).toMatchObject({ status: 'SUCCEEDED', output: first.output });
  expect(await inFlight('TaskQueue')).toBe(0);
});

it('the worker crashing in the middle of a batch: the unfinished records come back and are completed, none twice', async () => {
  // Held while the mapping is off, the clock cannot reach the tasks' 300 s timeout meanwhile.
  const release = stack.runtime.clock.busy();
  await stack.runtime.setEventSourceMappingsEnabled('CallbackWorkerFunction', false);
  const arns = await Promise.all(Array.from({ length: 10 }, () => start({ status: 'success' })));
  await until(async () => (await inFlight('TaskQueue')) === 10, 'ten queued messages');
  const completedBefore = [...completionsByToken().values()].reduce((sum, count) => sum + count, 0);
  let crashed = false;
  const crashOnThirdCompletion = (): void => {
    const completed = [...completionsByToken().values()].reduce((sum, count) => sum + count, 0) - completedBefore;
    if (!crashed && completed >= 3) {
      crashed = true;
      void stack.stack.faults.crashBusyEnvironments('CallbackWorkerFunction');
    }
  };
  const watcher = setInterval(crashOnThirdCompletion, 1);

  await stack.runtime.setEventSourceMappingsEnabled('CallbackWorkerFunction', true);
  release();
  const results = await Promise.all(arns.map((arn) => stack.waitForEnd(arn)));
  clearInterval(watcher);

  expect(crashed).toBe(true);
  expect(batches().some((batch) => !batch.result.ok && batch.result.errorType === 'Runtime.ExitError')).toBe(true);
  expect(results.every((result) => result.status === 'SUCCEEDED')).toBe(true);
  expect([...completionsByToken().values()].every((count) => count === 1)).toBe(true);
  await until(async () => (await inFlight('TaskQueue')) === 0, 'an empty queue');
});
