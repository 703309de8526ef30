import { InvalidExecutionInput, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { join } from 'node:path';
import { startLocalStack, type LocalStackUnderTest } from '../../local-runtime/testing/local-stack';

// A corpus of malformed message bodies, each with the outcome it must have, and the input sizes,
// through the stack on the local runtime (on virtual time: the three 180 s visibility timeouts
// before the dead-letter queue cost no wall time).
jest.setTimeout(60_000);
let stack: LocalStackUnderTest;
let finishedTaskToken: string;
beforeAll(async () => {
  stack = await startLocalStack(join(__dirname, '..'));
  await stack.run('CallbackStateMachine', { status: 'success' });
  finishedTaskToken = stack.activities.flatMap((a) => (a.kind === 'taskToken' ? [a.activity.token] : []))[0]!;
});
afterAll(() => stack.stop());

const KIB = 1024;
const queueUrl = (logicalId: string): string => stack.runtime.queues.get(logicalId)!.url;
const batches = () => stack.batches();

describe('message bodies sent straight to the task queue', () => {
  // dead-letter: unusable, so reported until it reaches the dead-letter queue with its body intact.
  // dropped: a task token Step Functions refuses for good (InvalidToken, TaskDoesNotExist,
  // TaskTimedOut): acknowledged, never retried.
  const corpus: [string, () => string, 'dead-letter' | 'dropped'][] = [
    ['not JSON', () => 'status=success', 'dead-letter'],
    ['white space', () => '   ', 'dead-letter'],
    ['an array', () => '["token", {"status": "success"}]', 'dead-letter'],
    ['a JSON string', () => '"taskToken"', 'dead-letter'],
    ['a number', () => '42', 'dead-letter'],
    ['null', () => 'null', 'dead-letter'],
    ['an empty object', () => '{}', 'dead-letter'],
    ['a token that is a number', () => '{"taskToken": 42, "input": {"status": "success"}}', 'dead-letter'],
    ['an empty token', () => '{"taskToken": "", "input": {}}', 'dead-letter'],
    ['a null token', () => '{"taskToken": null, "input": {}}', 'dead-letter'],
    ['truncated JSON', () => '{"taskToken": "AQ', 'dead-letter'],
    ['a malformed token', () => '{"taskToken": "not-a-token", "input": {"status": "success"}}', 'dropped'],
    ['a unicode token', () => '{"taskToken": "jeton-😀-ünïcødé", "input": {"status": "success"}}', 'dropped'],
    ['an unknown token', () => JSON.stringify({ taskToken: `AQ${'A'.repeat(96)}`, input: { status: 'success' } }), 'dropped'],
    ['the token of a finished task', () => JSON.stringify({ taskToken: finishedTaskToken, input: { status: 'fail' } }), 'dropped'],
  ];

  it('each ends as the corpus says', async () => {
    const sent = await Promise.all(
      corpus.map(async ([name, body, outcome]) => {
        const { MessageId } = await stack.sqs.send(new SendMessageCommand({ QueueUrl: queueUrl('TaskQueue'), MessageBody: body() }));
        return { name, body: body(), outcome, id: MessageId! };
      }),
    );
    const deadLettered = new Map<string, string>();
    while (deadLettered.size < sent.filter((m) => m.outcome === 'dead-letter').length) {
      const { Messages = [] } = await stack.sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl('TaskDeadLetterQueue'), MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
      for (const message of Messages) deadLettered.set(message.MessageId!, message.Body!);
    }

    for (const message of sent) {
      if (message.outcome === 'dead-letter') {
        expect([message.name, deadLettered.get(message.id)]).toEqual([message.name, message.body]);
      } else {
        expect([message.name, deadLettered.has(message.id)]).toEqual([message.name, false]);
        // Delivered once, in a batch with others perhaps, and deleted from it.
        const handled = batches().filter((batch) => batch.messageIds.includes(message.id));
        expect([message.name, handled.length, handled[0]?.deleted.includes(message.id)]).toEqual([message.name, 1, true]);
      }
    }
  });
});

// What the worker decides for each execution input is tested in task-decision.test.ts, and each
// input's outcome through the stack in outcomes.test.ts (an input just under 256 KiB among them);
// here, the sizes.
describe('execution input sizes', () => {
  const padding = (bytes: number): string => 'x'.repeat(bytes);

  it('a 200 KiB input goes through the queue and the worker', async () => {
    const execution = await stack.run('CallbackStateMachine', { status: 'success', payload: padding(200 * KIB) });

    expect(execution.status).toBe('SUCCEEDED');
  });

  it('an input over 256 KiB is refused by StartExecution', async () => {
    const input = JSON.stringify({ status: 'success', payload: padding(256 * KIB) });
    await expect(
      stack.sfn.send(new StartExecutionCommand({ stateMachineArn: stack.runtime.stateMachines.get('CallbackStateMachine')!.arn, input })),
    ).rejects.toBeInstanceOf(InvalidExecutionInput);
  });
});
