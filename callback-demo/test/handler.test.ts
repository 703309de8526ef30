import {
  InvalidToken,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  SFNClient,
  SFNServiceException,
  TaskDoesNotExist,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { handler } from '../src/handler';
import { STATUS_NOT_SUCCESS } from '../src/task-decision';
import { fingerprintTaskToken } from '../src/task-token';
import { lambdaContext, sqsEvent, sqsRecord, taskBody } from './sqs-event';

const sfn = mockClient(SFNClient);
let logged: string;

beforeEach(() => {
  sfn.reset();
  sfn.onAnyCommand().resolves({});
  logged = '';
  // Powertools' Logger writes INFO to stdout and WARN/ERROR to stderr, one JSON object a line.
  for (const stream of [process.stdout, process.stderr]) {
    jest.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      logged += chunk.toString();
      return true;
    });
  }
});
afterEach(() => jest.restoreAllMocks());

const invoke = (...records: Parameters<typeof sqsEvent>) => handler(sqsEvent(...records), lambdaContext());
const serviceError = <T extends SFNServiceException>(ErrorType: new (options: never) => T, message: string): T =>
  new ErrorType({ message, $metadata: {} } as never);

// What is decided for each input is tested in task-decision.test.ts; here, that the decision
// reaches Step Functions: SendTaskSuccess with the output, SendTaskFailure with the error and cause.
describe('the decision, sent to Step Functions', () => {
  it('success: SendTaskSuccess with the output as JSON', async () => {
    const response = await invoke(sqsRecord('m1', taskBody('token-1', { status: 'success' })));

    expect(response.batchItemFailures).toEqual([]);
    expect(sfn.commandCalls(SendTaskSuccessCommand).map((call) => [call.args[0].input.taskToken, JSON.parse(call.args[0].input.output!) as unknown])).toEqual([
      ['token-1', { status: 'success', message: 'The worker completed the task', processedAt: expect.any(String) }],
    ]);
    expect(sfn.commandCalls(SendTaskFailureCommand)).toHaveLength(0);
  });

  it('failure: SendTaskFailure with the decision’s error and cause', async () => {
    const response = await invoke(sqsRecord('m1', taskBody('token-1', { status: 'fail' })));

    expect(response.batchItemFailures).toEqual([]);
    expect(sfn.commandCalls(SendTaskFailureCommand).map((call) => call.args[0].input)).toEqual([
      { taskToken: 'token-1', error: STATUS_NOT_SUCCESS, cause: 'Expected "status": "success" in the execution input, received "status": "fail"' },
    ]);
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
  });
});

describe('a message that cannot be used', () => {
  it.each([
    ['a body that is not JSON', 'not json'],
    ['a body that is not an object', '["token"]'],
    ['a body without a task token', JSON.stringify({ input: { status: 'success' } })],
    ['a task token that is not a string', JSON.stringify({ taskToken: 42, input: {} })],
    ['an empty task token', JSON.stringify({ taskToken: '', input: {} })],
  ])('is reported as a batch item failure: %s', async (_case, body) => {
    const response = await invoke(sqsRecord('bad', body));

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'bad' }]);
    expect(sfn.calls()).toHaveLength(0);
    expect(logged).toContain('Malformed task message');
  });
});

describe('errors from Step Functions', () => {
  it.each([
    ['TaskTimedOut', () => serviceError(TaskTimedOut, 'Task Timed Out')],
    ['TaskDoesNotExist', () => serviceError(TaskDoesNotExist, 'Task does not exist')],
    ['InvalidToken', () => serviceError(InvalidToken, 'Invalid token')],
  ])('%s is permanent: the message is done with, and a warning is logged', async (name, error) => {
    sfn.on(SendTaskSuccessCommand).rejects(error());

    const response = await invoke(sqsRecord('m1', taskBody('token-1', { status: 'success' })));

    expect(response.batchItemFailures).toEqual([]);
    const warning = logged.split('\n').find((line) => line.includes('"level":"WARN"'));
    expect(warning).toContain(name);
  });

  it.each([
    ['throttling', () => Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' })],
    ['a 500', () => serviceError(SFNServiceException, 'Internal failure')],
    ['a network error', () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })],
  ])('%s after the SDK retries: logged with the message id, token fingerprint and error, and a batch item failure for redelivery', async (_case, error) => {
    sfn.on(SendTaskFailureCommand).rejects(error());

    const response = await invoke(sqsRecord('m1', taskBody('token-1', { status: 'fail' })));

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
    const line = logged.split('\n').find((l) => l.includes('"level":"ERROR"') && l.includes('could not be completed'));
    expect(JSON.parse(line!)).toMatchObject({ messageId: 'm1', taskTokenFingerprint: fingerprintTaskToken('token-1'), error: { message: error().message } });
    expect(line).not.toContain('token-1');
  });
});

describe('a mixed batch', () => {
  it('completes every usable record and reports only the ones that failed', async () => {
    sfn.on(SendTaskSuccessCommand, { taskToken: 'throttled' }).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    sfn.on(SendTaskFailureCommand, { taskToken: 'closed' }).rejects(serviceError(TaskTimedOut, 'Task Timed Out'));

    const response = await invoke(
      sqsRecord('ok', taskBody('ok', { status: 'success' })),
      sqsRecord('malformed', '{'),
      sqsRecord('throttled', taskBody('throttled', { status: 'success' })),
      sqsRecord('rejected', taskBody('rejected', { status: 'fail' })),
      sqsRecord('closed', taskBody('closed', { status: 'nope' })),
    );

    expect(response.batchItemFailures.map((failure) => failure.itemIdentifier).sort()).toEqual(['malformed', 'throttled']);
    expect(sfn.commandCalls(SendTaskSuccessCommand).map((call) => call.args[0].input.taskToken).sort()).toEqual(['ok', 'throttled']);
    expect(sfn.commandCalls(SendTaskFailureCommand).map((call) => call.args[0].input.taskToken).sort()).toEqual(['closed', 'rejected']);
  });

  it('reports every record when every record fails, instead of throwing', async () => {
    const response = await invoke(sqsRecord('a', 'x'), sqsRecord('b', 'y'));

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'a' }, { itemIdentifier: 'b' }]);
  });
});

describe('the logs', () => {
  it('carry a fingerprint of the task token, never the token itself', async () => {
    const token = 'AQCEAAAAKgAAAAMAAAAAAAAAAb-secret-task-token';
    await invoke(sqsRecord('m1', taskBody(token, { status: 'success' })));

    expect(logged).not.toContain(token);
    expect(logged).toContain(fingerprintTaskToken(token));
    const line = JSON.parse(logged.split('\n').find((l) => l.includes('SendTaskSuccess'))!) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 'INFO', messageId: 'm1', decision: 'success', taskTokenFingerprint: fingerprintTaskToken(token) });
  });

  it('carry each record’s own keys while the records of a batch are processed concurrently', async () => {
    // The first record's SendTaskSuccess answers only once the second's has been sent, so the
    // first record logs after the second one, in the middle of the same batch.
    let secondSent!: () => void;
    const second = new Promise<void>((resolve) => (secondSent = resolve));
    sfn.on(SendTaskSuccessCommand, { taskToken: 'token-a' }).callsFake(async () => {
      await second;
      return {};
    });
    sfn.on(SendTaskSuccessCommand, { taskToken: 'token-b' }).callsFake(() => {
      secondSent();
      return {};
    });
    await invoke(sqsRecord('a', taskBody('token-a', { status: 'success' })), sqsRecord('b', taskBody('token-b', { status: 'success' })));

    const lines = logged
      .split('\n')
      .filter((l) => l.includes('SendTaskSuccess'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((line) => [line.messageId, line.taskTokenFingerprint])).toEqual([
      ['b', fingerprintTaskToken('token-b')],
      ['a', fingerprintTaskToken('token-a')],
    ]);
  });
});
