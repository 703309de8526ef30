import { join } from 'node:path';
import { LocalStack } from '..';
import { copyFixture } from './fixture-copy';

// The runtime as a library, used as a user's own jest test would use it: through
// local-runtime/index.ts only. README "Test your own stack" shows the same calls.
jest.setTimeout(30_000);
const fixture = copyFixture('sam-style');
let stack: LocalStack;
beforeAll(async () => {
  stack = await LocalStack.start(fixture.dir, { parameterOverrides: { Stage: 'dev' } });
});
afterAll(async () => {
  await stack.stop();
  fixture.remove();
});
afterEach(() => {
  stack.clearMocks();
});

const types = (history: readonly { type?: string }[]): string[] => history.map((event) => event.type ?? '');

it('runs an execution to its end and gives its status, parsed output and history', async () => {
  const result = await stack.run('OrderStateMachine', { name: 'Ada', orderId: 'o-1', quantity: 2 });

  expect(result).toMatchObject({ status: 'SUCCEEDED', output: { status: 'ACCEPTED', orderId: 'o-1', greeting: 'Hello Ada' } });
  expect(types(result.history)[0]).toBe('ExecutionStarted');
  expect(types(result.history).at(-1)).toBe('ExecutionSucceeded');
  expect(stack.describe(result.executionArn).status).toBe('SUCCEEDED');
});

it('a mocked state answers instead of its function: the rest of the workflow runs on the mocked result', async () => {
  stack.mock('Greet', { result: { Payload: { text: 'Hi from the mock' } } });

  const result = await stack.run('OrderStateMachine', { name: 'Ada', orderId: 'o-2', quantity: 1 });

  expect(result).toMatchObject({ status: 'SUCCEEDED', output: { status: 'ACCEPTED', orderId: 'o-2', greeting: 'Hi from the mock' } });
});

it('a mocked Lambda service error, twice, exercises the Retry block AWS recommends; the third attempt calls the function', async () => {
  stack.mock('Greet', { error: 'Lambda.ServiceException', cause: 'injected' }, { times: 2 });

  const result = await stack.run('OrderStateMachine', { name: 'Ada', orderId: 'o-3', quantity: 1 });

  expect(result.status).toBe('SUCCEEDED');
  const greet = types(result.history).filter((type) => type.startsWith('Task') && type !== 'TaskStateEntered' && type !== 'TaskStateExited').slice(0, 9);
  expect(greet).toEqual(['TaskScheduled', 'TaskStarted', 'TaskFailed', 'TaskScheduled', 'TaskStarted', 'TaskFailed', 'TaskScheduled', 'TaskStarted', 'TaskSucceeded']);
  expect(result.output).toMatchObject({ greeting: 'Hello Ada' });
});

it('a mocked error the state does not retry goes to its Catch', async () => {
  stack.mock('Validate', { error: 'OrderValidationError', cause: 'quantity must be positive' }, { stateMachine: 'OrderStateMachine' });

  const result = await stack.run('OrderStateMachine', { name: 'Ada', orderId: 'o-4', quantity: 5 });

  expect(result).toMatchObject({ status: 'SUCCEEDED', output: { status: 'REJECTED', error: 'OrderValidationError', cause: 'quantity must be positive' } });
});

it('an error no Retry or Catch takes fails the execution with it', async () => {
  stack.mock('Greet', { error: 'Lambda.ResourceNotFoundException', cause: 'gone' });

  const result = await stack.run('OrderStateMachine', { name: 'Ada', orderId: 'o-5', quantity: 1 });

  expect(result).toMatchObject({ status: 'FAILED', error: 'Lambda.ResourceNotFoundException', cause: 'gone' });
});

it('start, then result: the execution runs while the test does other things', async () => {
  const executionArn = stack.start('OrderStateMachine', { name: 'Eve', orderId: 'o-6', quantity: 1 }, { name: 'started-by-the-test' });

  expect(executionArn).toMatch(/:execution:.*:started-by-the-test$/);
  expect((await stack.result(executionArn)).status).toBe('SUCCEEDED');
});

it('names what it does not have', () => {
  expect(() => stack.start('NoSuchMachine')).toThrow(/no state machine NoSuchMachine in the stack \(it has OrderStateMachine\)/);
  expect(() => { stack.mock('Greet', { result: 1 }, { times: 0 }); }).toThrow(/times must be a positive integer/);
});

it('the sync demo through the same entry, on virtual time: a 60 s job succeeds, a 1-hour job runs into the 300 s task timeout', async () => {
  const sync = await LocalStack.start(join(__dirname, '..', '..', 'sync-demo'));
  try {
    const [short, long] = await Promise.all([sync.run('MainStateMachine', { durationSeconds: 60 }), sync.run('MainStateMachine', { durationSeconds: 3600 })]);
    expect(short.status).toBe('SUCCEEDED');
    expect(long).toMatchObject({ status: 'FAILED', error: 'Job.TimedOut' });
    // Workflow time, not wall time: the execution's own timestamps span the task timeout.
    expect(long.stopDate!.getTime() - long.startDate.getTime()).toBeGreaterThanOrEqual(300_000);
  } finally {
    await sync.stop();
  }
});
