import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { join } from 'node:path';
import { startLocalStack, type LocalStackUnderTest } from '../../local-runtime/testing/local-stack';
import type { BatchOutcome } from '../../local-runtime/sqs/event-source-mapping';

// 1,000 concurrent executions through the real worker at the template's BatchSize (10). 1 s takes
// 100 ms: the wait task's timeout is 30 s, far beyond what the load needs.
jest.setTimeout(120_000);
let stack: LocalStackUnderTest;
beforeAll(async () => {
  stack = await startLocalStack(join(__dirname, '..'), 0.1);
});
afterAll(() => stack.stop());

const depth = async (logicalId: string): Promise<number> => {
  const { Attributes = {} } = await stack.sqs.send(new GetQueueAttributesCommand({ QueueUrl: stack.runtime.queues.get(logicalId)!.url, AttributeNames: ['All'] }));
  return Number(Attributes.ApproximateNumberOfMessages) + Number(Attributes.ApproximateNumberOfMessagesNotVisible) + Number(Attributes.ApproximateNumberOfMessagesDelayed);
};

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

  const batches = (): BatchOutcome[] => stack.activities.flatMap((a) => (a.kind === 'batch' ? [a.outcome] : []));
  const deadline = Date.now() + 30_000;
  while (batches().reduce((sum, batch) => sum + batch.deleted.length, 0) < 1000 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  const deleted = new Set(batches().flatMap((batch) => batch.deleted));
  expect(deleted.size).toBe(1000);
  expect(Math.max(...batches().map((batch) => batch.messageIds.length))).toBe(10);
  expect(await depth('TaskQueue')).toBe(0);
  expect(await depth('TaskDeadLetterQueue')).toBe(0);
});
