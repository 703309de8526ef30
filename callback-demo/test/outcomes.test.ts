import { GetExecutionHistoryCommand } from '@aws-sdk/client-sfn';
import { join } from 'node:path';
import { startLocalStack, type LocalStackUnderTest } from '../../local-runtime/testing/local-stack';

// What each input gives, through the whole stack on the local runtime with the real worker:
// status, error, cause, output, the notification on the topic, and the state transitions the run
// costs (states entered). Written against the JSONPath state machine, then kept while it was
// rewritten in JSONata: the same inputs give the same outcomes, except the deliberate changes
// noted in the rows (JSONPath: 3 state transitions for every run; a Fail state that re-raised
// States.* names). What the worker decides for each input is tested once, in
// task-decision.test.ts; here each row takes another path through the state machine.
jest.setTimeout(60_000);
let stack: LocalStackUnderTest;
beforeAll(async () => {
  stack = await startLocalStack(join(__dirname, '..'));
});
afterAll(() => stack.stop());

interface Outcome {
  readonly status: string;
  readonly error?: string;
  readonly cause?: string;
  readonly output?: unknown;
  /** The message on the result topic: its subject and its JSON body. */
  readonly notification: { readonly subject?: string; readonly message: unknown };
  readonly transitions: number;
}

const run = async (input: unknown): Promise<Outcome> => {
  const before = stack.published().length;
  const execution = await stack.run('CallbackStateMachine', input);
  const { events = [] } = await stack.sfn.send(new GetExecutionHistoryCommand({ executionArn: execution.executionArn }));
  const published = stack.published().slice(before);
  expect(published).toHaveLength(1);
  const outcome = {
    status: execution.status!,
    ...(execution.error !== undefined && { error: execution.error }),
    ...(execution.cause !== undefined && { cause: execution.cause }),
    ...(execution.output !== undefined && { output: JSON.parse(execution.output) as unknown }),
    notification: { subject: published[0]!.subject, message: JSON.parse(published[0]!.message) as unknown },
    transitions: events.filter((event) => event.type?.endsWith('StateEntered')).length,
  };
  return JSON.parse(JSON.stringify(outcome).replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<time>')) as Outcome;
};

const workerOutput = { status: 'success', message: 'The worker completed the task', processedAt: '<time>' };
const succeeded: Outcome = { status: 'SUCCEEDED', output: workerOutput, notification: { subject: 'Callback task succeeded', message: workerOutput }, transitions: 2 };
const failed = (error: string, cause: string): Outcome => ({
  status: 'FAILED',
  error,
  cause,
  notification: { subject: 'Callback task failed', message: { Error: error, Cause: cause } },
  transitions: 3,
});
const notSuccess = (cause: string): Outcome => failed('CallbackDemo.StatusNotSuccess', cause);
const KIB = 1024;

// Inputs given as text are the execution input as it is typed in the console.
const table: [string, unknown, Outcome][] = [
  ['status "success"', { status: 'success' }, succeeded],
  ['status "success" with other fields', { status: 'success', orderId: 7 }, succeeded],
  ['another status', { status: 'fail' }, notSuccess('Expected "status": "success" in the execution input, received "status": "fail"')],
  ['no status', {}, notSuccess('Expected "status": "success" in the execution input, received no status')],
  ['an array', '["success"]', notSuccess('Expected the execution input to be a JSON object with "status": "success", received an array')],
  ['a string', '"success"', notSuccess('Expected the execution input to be a JSON object with "status": "success", received a string')],
  ['null', 'null', notSuccess('Expected the execution input to be a JSON object with "status": "success", received null')],
  // Within the execution input quota, but the message adds the token and the execution ARN: over
  // the 256 KiB payload quota, caught like any other failure of the task. Changed: Callback.Failed,
  // where the JSONPath version re-raised States.DataLimitExceeded from its Fail state.
  [
    'an input just under 256 KiB',
    { status: 'success', payload: 'x'.repeat(256 * KIB - 40) },
    failed('Callback.Failed', "States.DataLimitExceeded: The state/task 'WaitForWorker' has an input with a size exceeding the maximum number of bytes service limit (262486 bytes, the limit is 262144)."),
  ],
];

it.each(table)('%s', async (_name, input, expected) => {
  expect(await run(input)).toEqual(expected);
});

// Changed: Callback.TimedOut with a cause, where the JSONPath version re-raised States.Timeout with none.
it('no callback within the task’s 300 s: Callback.TimedOut', async () => {
  await stack.runtime.setEventSourceMappingsEnabled('CallbackWorkerFunction', false);
  try {
    expect(await run({ status: 'success' })).toEqual(failed('Callback.TimedOut', "No callback came within the task's 300 seconds: the worker never called SendTaskSuccess or SendTaskFailure"));
  } finally {
    await stack.runtime.setEventSourceMappingsEnabled('CallbackWorkerFunction', true);
  }
});
