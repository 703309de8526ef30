import { SendTaskFailureCommand, SendTaskSuccessCommand, SFNClient, TaskTimedOut } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { handler } from '../src/handler';
import { lambdaContext, sqsEvent, sqsRecord, taskBody } from './sqs-event';

// Whatever the batch holds and whatever Step Functions answers, the worker never throws out of its
// batch; every usable record is completed (one call with its token) and reported failed only when
// Step Functions could not take the call (then SQS delivers it again); every other record is
// reported failed and reaches no Step Functions call.
const sfn = mockClient(SFNClient);
beforeEach(() => {
  sfn.reset();
  for (const stream of [process.stdout, process.stderr]) jest.spyOn(stream, 'write').mockImplementation(() => true);
});
afterEach(() => jest.restoreAllMocks());

/** What Step Functions answers for a token: the call is taken, the task is already closed, or throttled. */
type Answer = 'ok' | 'task-closed' | 'throttled';

/** A record: a task message (any JSON input, a token of its own) with Step Functions' answer, or any body at all. */
const record = fc.oneof(
  fc.record({ kind: fc.constant('message' as const), input: fc.jsonValue(), answer: fc.constantFrom<Answer>('ok', 'task-closed', 'throttled') }),
  fc.record({ kind: fc.constant('body' as const), body: fc.oneof(fc.json(), fc.string(), fc.string({ unit: 'binary' })) }),
);

/** The token of a body the worker can use, as the worker must read it; undefined for any other body. */
const usableToken = (body: string): string | undefined => {
  try {
    const parsed = JSON.parse(body) as unknown;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
    const { taskToken } = parsed as { taskToken?: unknown };
    return typeof taskToken === 'string' && taskToken.length > 0 ? taskToken : undefined;
  } catch {
    return undefined;
  }
};

it('completes every usable record, reports it failed only when Step Functions could not take the call, and reports every other record', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(record, { minLength: 1, maxLength: 10 }), async (batch) => {
      sfn.reset();
      const answers = new Map<string, Answer>();
      const records = batch.map((entry, i) => {
        if (entry.kind === 'body') return sqsRecord(`m${i}`, entry.body);
        answers.set(`token-${i}`, entry.answer);
        return sqsRecord(`m${i}`, taskBody(`token-${i}`, entry.input));
      });
      const respond = (token: string | undefined): Promise<object> => {
        const answer = answers.get(token ?? '') ?? 'ok';
        if (answer === 'task-closed') return Promise.reject(new TaskTimedOut({ message: 'Task Timed Out', $metadata: {} }));
        if (answer === 'throttled') return Promise.reject(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
        return Promise.resolve({});
      };
      sfn.on(SendTaskSuccessCommand).callsFake((input: { taskToken?: string }) => respond(input.taskToken));
      sfn.on(SendTaskFailureCommand).callsFake((input: { taskToken?: string }) => respond(input.taskToken));

      const response = await handler(sqsEvent(...records), lambdaContext());

      const failed = response.batchItemFailures.map((failure) => failure.itemIdentifier);
      const calls = [...sfn.commandCalls(SendTaskSuccessCommand), ...sfn.commandCalls(SendTaskFailureCommand)].map((call) => call.args[0].input.taskToken);
      const expectedFailed: string[] = [];
      const expectedCalls: (string | undefined)[] = [];
      for (const { messageId, body } of records) {
        const token = usableToken(body);
        if (token !== undefined) expectedCalls.push(token);
        if (token === undefined || answers.get(token) === 'throttled') expectedFailed.push(messageId);
      }
      expect(failed.sort()).toEqual(expectedFailed.sort());
      expect(calls.sort()).toEqual(expectedCalls.sort());
    }),
    { numRuns: 200 },
  );
});
