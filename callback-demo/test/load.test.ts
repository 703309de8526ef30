import { join } from 'node:path';
import { startLocalStack, until, type LocalStackUnderTest } from '../../local-runtime/testing/local-stack';

// 1,000 concurrent executions through the real worker at the template's BatchSize (10). The clock
// does not jump while invocations are in flight or messages wait in the queue, so the wait task's
// 300 s timeout only passes in real time, far beyond what the load needs.
jest.setTimeout(120_000);
let stack: LocalStackUnderTest;
beforeAll(async () => {
  stack = await startLocalStack(join(__dirname, '..'));
});
afterAll(() => stack.stop());

it('1,000 executions, half success and half failure: each ends as its input says, no message lost or left behind', async () => {
  const stateMachineArn = stack.runtime.stateMachines.get('CallbackStateMachine')!.arn;
  const executions = Array.from({ length: 1000 }, (_, i) =>
    stack.runtime.stepFunctions.startExecution({ stateMachineArn, input: JSON.stringify({ status: i % 2 === 0 ? 'success' : 'fail', i }) }),
  );
  await Promise.all(executions.map((execution) => execution.ended));

  const wrong = executions.filter((execution, i) =>
    i % 2 === 0 ? execution.status !== 'SUCCEEDED' : execution.status !== 'FAILED' || execution.error !== 'CallbackDemo.StatusNotSuccess',
  );
  expect(wrong.map((execution) => `${execution.name}: ${execution.status} ${execution.error ?? ''}`)).toEqual([]);

  const deletedCount = (): number => stack.batches().reduce((sum, batch) => sum + batch.deleted.length, 0);
  await until(() => deletedCount() >= 1000, 'every message deleted');
  const deleted = new Set(stack.batches().flatMap((batch) => batch.deleted));
  expect(deleted.size).toBe(1000);
  expect(Math.max(...stack.batches().map((batch) => batch.messageIds.length))).toBe(10);
  expect(await stack.queueDepth('TaskQueue')).toBe(0);
  expect(await stack.queueDepth('TaskDeadLetterQueue')).toBe(0);
});
