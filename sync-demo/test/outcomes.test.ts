import { GetExecutionHistoryCommand, type DescribeExecutionCommandOutput, type HistoryEvent } from '@aws-sdk/client-sfn';
import { join } from 'node:path';
import { startLocalStack, type LocalStackUnderTest } from '../../local-runtime/testing/local-stack';

// What each input gives, on the local runtime: status, error, cause, output, and the state
// transitions the run costs (states entered, in the main execution and the job's). Written against
// the JSONPath state machines, then kept while they were rewritten in JSONata: the same inputs give
// the same outcomes, except two deliberate changes: the error names are this project's own
// (Job.Failed, Job.InvalidInput, Job.TimedOut: a Fail state must not raise a States.* name), and
// each run costs fewer state transitions (JSONPath: 13 for a job that succeeds, 16 for one that
// fails, 15 or 12 for a rejected input, 13 for a timeout).
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
  /** States entered: the run's state transitions, main and job together. */
  readonly transitions: number;
}

const history = async (executionArn: string): Promise<HistoryEvent[]> =>
  (await stack.sfn.send(new GetExecutionHistoryCommand({ executionArn }))).events ?? [];
const entered = (events: HistoryEvent[]): number => events.filter((event) => event.type?.endsWith('StateEntered')).length;

/** The outcome, with the run's own ARNs, names and times as placeholders: <main>, <job>, <job name>, <time>. */
const outcomeOf = async (execution: DescribeExecutionCommandOutput): Promise<Outcome> => {
  const events = await history(execution.executionArn!);
  const submitted = events.find((event) => event.type === 'TaskSubmitted')?.taskSubmittedEventDetails?.output;
  const jobArn = submitted === undefined ? undefined : (JSON.parse(submitted) as { ExecutionArn: string }).ExecutionArn;
  const jobEvents = jobArn === undefined ? [] : await history(jobArn);
  const outcome = {
    status: execution.status!,
    ...(execution.error !== undefined && { error: execution.error }),
    ...(execution.cause !== undefined && { cause: execution.cause }),
    ...(execution.output !== undefined && { output: JSON.parse(execution.output) as unknown }),
    transitions: entered(events) + entered(jobEvents),
  };
  let text = JSON.stringify(outcome).replaceAll(execution.executionArn!, '<main>');
  if (jobArn !== undefined) text = text.replaceAll(jobArn, '<job>').replaceAll(jobArn.split(':').at(-1)!, '<job name>');
  text = text.replaceAll(execution.name!, '<job name>').replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<time>');
  return JSON.parse(text) as Outcome;
};

const succeeded = (durationSeconds: number): Outcome => ({
  status: 'SUCCEEDED',
  output: { output: { jobName: '<job name>', durationSeconds, startedByExecutionId: '<main>', finishedAt: '<time>' }, executionArn: '<job>', status: 'SUCCEEDED' },
  transitions: 5,
});
const jobEnded = (error: string, cause: string): Outcome => ({ status: 'FAILED', error, cause: `Job execution <job> ended FAILED: ${cause}`, transitions: 6 });
const rejected = (cause: string): Outcome => ({ ...jobEnded('Job.InvalidInput', cause), transitions: 4 });
const notAnObject = (text: string): Outcome => rejected(`The job input must be a JSON object, received ${text}`);
const timedOut: Outcome = { status: 'FAILED', error: 'Job.TimedOut', cause: "The job did not end within the task's 300 seconds, so Step Functions stopped its execution", transitions: 4 };

// Inputs given as text are the execution input as it is typed in the console.
const main: [string, unknown, Outcome][] = [
  ['no settings: the defaults', {}, succeeded(10)],
  ['the bounds: 0', { durationSeconds: 0 }, succeeded(0)],
  ['other fields are ignored', { durationSeconds: 5, fail: false, other: 'x' }, succeeded(5)],
  ['a link given in the input is replaced by this execution', { AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID: 'mine' }, succeeded(10)],
  ['the job fails as asked', { fail: true }, jobEnded('Job.Failed', 'The job failed because its input asked it to ("fail": true)')],
  ['durationSeconds below 0', { durationSeconds: -1 }, rejected('durationSeconds must be an integer from 0 to 3600, received -1')],
  ['durationSeconds above 3600', { durationSeconds: 3601 }, rejected('durationSeconds must be an integer from 0 to 3600, received 3601')],
  ['durationSeconds with a fraction', { durationSeconds: 1.5 }, rejected('durationSeconds must be an integer from 0 to 3600, received 1.5')],
  ['durationSeconds as text', { durationSeconds: '10' }, rejected('durationSeconds must be an integer from 0 to 3600, received "10"')],
  ['durationSeconds null', { durationSeconds: null }, rejected('durationSeconds must be an integer from 0 to 3600, received null')],
  ['durationSeconds is checked before fail', { durationSeconds: -1, fail: 'x' }, rejected('durationSeconds must be an integer from 0 to 3600, received -1')],
  ['fail as text', { fail: 'yes' }, rejected('fail must be true or false, received "yes"')],
  ['fail as a number', { fail: 1 }, rejected('fail must be true or false, received 1')],
  ['fail null', { fail: null }, rejected('fail must be true or false, received null')],
  ['an array', '[]', notAnObject('[]')],
  ['an array of settings', '[{"durationSeconds": 1}]', notAnObject('[{"durationSeconds":1}]')],
  ['a string', '"just text"', notAnObject('"just text"')],
  ['a number', '42', notAnObject('42')],
  ['null', 'null', notAnObject('null')],
  ['true', 'true', notAnObject('true')],
  ['a job longer than the task’s 300 s timeout', { durationSeconds: 3600 }, timedOut],
];

it.each(main)('MainStateMachine, %s: %j', async (_name, input, expected) => {
  expect(await outcomeOf(await stack.run('MainStateMachine', input))).toEqual(expected);
});

const job: [string, unknown, Outcome][] = [
  ['no settings, no parent', {}, { status: 'SUCCEEDED', output: { jobName: '<job name>', durationSeconds: 10, startedByExecutionId: null, finishedAt: '<time>' }, transitions: 4 }],
  ['the bounds: 3600', { durationSeconds: 3600 }, { status: 'SUCCEEDED', output: { jobName: '<job name>', durationSeconds: 3600, startedByExecutionId: null, finishedAt: '<time>' }, transitions: 4 }],
  ['started by another execution', { AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID: 'parent' }, { status: 'SUCCEEDED', output: { jobName: '<job name>', durationSeconds: 10, startedByExecutionId: 'parent', finishedAt: '<time>' }, transitions: 4 }],
  ['fail', { fail: true, durationSeconds: 1 }, { status: 'FAILED', error: 'Job.Failed', cause: 'The job failed because its input asked it to ("fail": true)', transitions: 4 }],
  ['a bad setting', { durationSeconds: 1.5 }, { status: 'FAILED', error: 'Job.InvalidInput', cause: 'durationSeconds must be an integer from 0 to 3600, received 1.5', transitions: 2 }],
  ['not an object', '"just text"', { status: 'FAILED', error: 'Job.InvalidInput', cause: 'The job input must be a JSON object, received "just text"', transitions: 2 }],
];

it.each(job)('JobStateMachine on its own, %s: %j', async (_name, input, expected) => {
  expect(await outcomeOf(await stack.run('JobStateMachine', input))).toEqual(expected);
});
