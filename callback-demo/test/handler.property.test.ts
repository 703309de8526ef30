import { SendTaskFailureCommand, SendTaskSuccessCommand, SFNClient, TaskTimedOut } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { handler } from '../src/handler';
import { lambdaContext, sqsEvent, sqsRecord } from './sqs-event';

// Whatever the batch holds and whatever Step Functions answers, the worker never throws out of
// its batch, and every record is either completed or reported as a batch item failure.
const sfn = mockClient(SFNClient);
beforeEach(() => {
  sfn.reset();
  for (const stream of [process.stdout, process.stderr]) jest.spyOn(stream, 'write').mockImplementation(() => true);
});
afterEach(() => jest.restoreAllMocks());

type Answer = 'ok' | 'timed-out' | 'throttled';
const answers: Answer[] = ['ok', 'timed-out', 'throttled'];

/** A body: a well-formed task message (with any JSON input) or anything at all. */
const body = fc.oneof(
  fc.record({ taskToken: fc.string({ minLength: 1, maxLength: 40 }), input: fc.jsonValue() }).map((message) => JSON.stringify(message)),
  fc.json(),
  fc.string(),
  fc.string({ unit: 'binary' }),
);

it('completes or reports every record, and never throws', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.tuple(body, fc.constantFrom(...answers)), { minLength: 1, maxLength: 10 }), async (batch) => {
      sfn.reset();
      // What Step Functions answers for each token: completed, already closed, or throttled.
      const answerFor = new Map(batch.map(([text, answer]) => [text, answer]));
      const respond = (token: string | undefined): Promise<object> => {
        const entry = [...answerFor].find(([text]) => {
          try {
            return (JSON.parse(text) as { taskToken?: unknown }).taskToken === token;
          } catch {
            return false;
          }
        });
        const answer = entry?.[1] ?? 'ok';
        if (answer === 'timed-out') return Promise.reject(new TaskTimedOut({ message: 'Task Timed Out', $metadata: {} }));
        if (answer === 'throttled') return Promise.reject(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
        return Promise.resolve({});
      };
      sfn.on(SendTaskSuccessCommand).callsFake((input: { taskToken?: string }) => respond(input.taskToken));
      sfn.on(SendTaskFailureCommand).callsFake((input: { taskToken?: string }) => respond(input.taskToken));

      const records = batch.map(([text], i) => sqsRecord(`m${i}`, text));
      const response = await handler(sqsEvent(...records), lambdaContext());

      const failed = new Set(response.batchItemFailures.map((failure) => failure.itemIdentifier));
      const called = new Set([...sfn.commandCalls(SendTaskSuccessCommand), ...sfn.commandCalls(SendTaskFailureCommand)].map((call) => call.args[0].input.taskToken));
      for (const record of records) {
        let token: unknown;
        try {
          token = (JSON.parse(record.body) as { taskToken?: unknown } | null)?.taskToken;
        } catch {
          token = undefined;
        }
        const usable = typeof token === 'string' && token.length > 0 && typeof JSON.parse(record.body) === 'object' && !Array.isArray(JSON.parse(record.body));
        if (!usable) {
          expect(failed.has(record.messageId)).toBe(true);
          continue;
        }
        expect(called.has(token as string)).toBe(true);
        const throttled = answerFor.get(record.body) === 'throttled';
        // Records that share a token share Step Functions' answer; a throttled one comes back.
        if (throttled) expect(failed.has(record.messageId)).toBe(true);
      }
      expect([...failed].every((id) => records.some((record) => record.messageId === id))).toBe(true);
    }),
    { numRuns: 200 },
  );
});
