import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetQueueAttributesCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { describeActivity } from '../cli/timeline';
import { LOCAL_CREDENTIALS } from '../sqs/local-sqs';
import type { BatchOutcome } from '../sqs/event-source-mapping';
import { LocalStack, type StackRuntime, type RuntimeActivity } from '..';
import { until } from '../testing/local-stack';
import { copyFixture } from './fixture-copy';

// Node.js functions as Lambda runs them, from a copy of the fixture in the temporary folder (no
// node_modules anywhere above it): module formats, runtimes, the AWS SDK that Lambda provides, a
// package it does not, and the faults an execution environment or an SQS batch meets.
jest.setTimeout(30_000);
const fixture = copyFixture('lambda-variants');
// A .cjs module in the "type": "module" package, written here: the project's lint does not read .cjs files.
writeFileSync(
  join(fixture.dir, 'esm-package', 'legacy.cjs'),
  "const { SFNClient } = require('@aws-sdk/client-sfn');\nexports.handler = async () => ({ module: typeof module === 'object' ? 'commonjs' : 'esm', client: typeof SFNClient });\n",
);
let runtime: StackRuntime;
let sqs: SQSClient;
const activities: RuntimeActivity[] = [];
beforeAll(async () => {
  runtime = (await LocalStack.start(fixture.dir, { onActivity: (activity) => activities.push(activity) })).runtime;
  sqs = new SQSClient({ region: 'us-east-1', credentials: LOCAL_CREDENTIALS, endpoint: runtime.endpoints.sqs });
});
afterAll(async () => {
  sqs.destroy();
  await runtime.stop();
  fixture.remove();
});

const invoke = async (logicalId: string, event: unknown = {}): Promise<{ functionError?: string; payload: any }> => {
  const invocation = await runtime.lambda.invoke({ functionName: `lambda-variants-${logicalId}`, payload: JSON.stringify(event), invocationType: 'RequestResponse' });
  return { ...(invocation.functionError !== undefined && { functionError: invocation.functionError }), payload: JSON.parse(invocation.payload) };
};
const logs = (logicalId: string): string[] => activities.flatMap((a) => (a.kind === 'log' && a.functionLogicalId === logicalId ? [a.line] : []));
const batches = (): BatchOutcome[] => activities.flatMap((a) => (a.kind === 'batch' ? [a.outcome] : []));

describe('module formats, each loading the AWS SDK from the runtime', () => {
  it('CommonJS .js: environment, context and the local endpoints, with no code change', async () => {
    const { functionError, payload } = await invoke('CjsFunction');
    expect(functionError).toBeUndefined();
    expect(payload).toMatchObject({
      module: 'commonjs',
      stateMachines: ['lambda-variants-Lister'],
      colour: 'blue',
      execEnv: 'AWS_Lambda_nodejs18.x',
      lambdaEndpoint: runtime.endpoints.stepfunctions,
      sfnEndpoint: runtime.endpoints.stepfunctions,
      memoryLimitInMB: '512',
      functionName: 'lambda-variants-CjsFunction',
    });
    expect(payload.remainingMs).toBeGreaterThan(0);
    expect(payload.remainingMs).toBeLessThanOrEqual(7000);
  });

  it.each([
    ['ES module .mjs', 'EsmMjsFunction', { module: 'esm', queues: 2 }],
    ['ES module .js in a "type": "module" package', 'EsmJsFunction', { module: 'esm', client: 'function' }],
    ['CommonJS .cjs in a "type": "module" package', 'CjsInModulePackageFunction', { module: 'commonjs', client: 'function' }],
  ])('%s', async (_name, logicalId, expected) => {
    expect(await invoke(logicalId)).toEqual({ payload: expected });
  });
});

describe('callback-style handlers', () => {
  it('run on nodejs22.x, with the callback result or error', async () => {
    expect(await invoke('Callback22Function', { value: 7 })).toEqual({ payload: { style: 'callback', echo: 7 } });
    expect(await invoke('Callback22Function', { fail: true })).toMatchObject({ functionError: 'Unhandled', payload: { errorType: 'Error', errorMessage: 'asked to fail' } });
  });

  it('fail on nodejs24.x, which removed them, with Lambda’s error', async () => {
    const { functionError, payload } = await invoke('Callback24Function', { value: 7 });
    expect(functionError).toBe('Unhandled');
    expect(payload.errorType).toBe('Runtime.CallbackHandlerDeprecated');
    expect(payload.errorMessage).toMatch(/AWS Lambda has removed support for callback-based function handlers starting with Node\.js 24/);
  });
});

describe('a package the function needs and nobody provides', () => {
  it('CommonJS: Runtime.ImportModuleError naming it, at once, and logged', async () => {
    const { functionError, payload } = await invoke('MissingCjsFunction', { value: 1 });
    expect(functionError).toBe('Unhandled');
    expect(payload.errorType).toBe('Runtime.ImportModuleError');
    expect(payload.errorMessage).toMatch(/^Error: Cannot find module 'left-pad'/);
    await until(() => logs('MissingCjsFunction').some((line) => line.includes('Runtime.ImportModuleError')), 'the init error in the logs');
  });

  it('ES module: Runtime.ImportModuleError naming it', async () => {
    const { payload } = await invoke('MissingEsmFunction', { value: 1 });
    expect(payload).toMatchObject({ errorType: 'Runtime.ImportModuleError', errorMessage: expect.stringMatching(/Cannot find package 'left-pad' imported from .*missing\/esm\.mjs/) });
  });
});

describe('faults of an invocation, as Lambda reports them', () => {
  it('a thrown error: errorType, errorMessage and trace', async () => {
    const { functionError, payload } = await invoke('FaultsFunction', { fault: 'throw' });
    expect(functionError).toBe('Unhandled');
    expect(payload).toEqual({ errorType: 'PaymentDeclined', errorMessage: 'card 4242 declined', trace: expect.arrayContaining(['PaymentDeclined: card 4242 declined']) });
  });

  it('a run past the Timeout: Sandbox.Timedout, and the environment is replaced', async () => {
    const { payload } = await invoke('FaultsFunction', { fault: 'sleep' });
    expect(payload).toMatchObject({ errorType: 'Sandbox.Timedout', errorMessage: expect.stringMatching(/Task timed out after 1\.00 seconds$/) });
    expect((await invoke('FaultsFunction')).functionError).toBeUndefined();
  });

  it('a call to a service the runtime does not emulate fails at once, naming the service', async () => {
    const { payload } = await invoke('FaultsFunction', { fault: 'notEmulated' });
    expect(payload).toMatchObject({ errorType: 'NotEmulatedByLocalRuntime', errorMessage: expect.stringMatching(/does not emulate cloudformation: DescribeStacks/) });
  });

  it('an environment that ends while idle leaves the pool: the next invocation gets a fresh one', async () => {
    const first = await invoke('FaultsFunction', { fault: 'exitAfterResponse' });
    expect(first.functionError).toBeUndefined();
    await until(() => logs('FaultsFunction').some((line) => line.includes('an idle execution environment exited with code 3')), 'the environment to end');

    const next = await invoke('FaultsFunction');
    expect(next.functionError).toBeUndefined();
    expect(next.payload.environmentId).not.toBe(first.payload.environmentId);
  });
});

describe("a function's output, line by line, as CloudWatch Logs would get it", () => {
  it('lines written in pieces, to stdout and stderr, are logged before the invocation returns', async () => {
    const { payload } = await invoke('FaultsFunction', { fault: 'output' });
    expect(payload).toEqual({ written: true });
    const lines = logs('FaultsFunction');
    expect(lines).toEqual(expect.arrayContaining(['part one, part two', 'second line', 'to stderr', 'bytes']));
    expect(lines.indexOf('second line')).toBe(lines.indexOf('part one, part two') + 1);
    // Decoded and cut as a stream and readline would: a string in hex, a character split across
    // two writes, a progress line ended by a lone CR, a CRLF split across two writes.
    const stdout = lines.slice(lines.indexOf('second line') + 1).filter((line) => line !== 'to stderr' && line !== 'bytes');
    expect(stdout).toEqual(['hex text', 'é', '50%', '100%']);
  });

  it("stdout's end() is output too, and what the function writes afterwards still is", async () => {
    expect((await invoke('FaultsFunction', { fault: 'endOutput' })).payload).toEqual({ ended: true });
    expect(logs('FaultsFunction')).toContain('the last words');
    expect((await invoke('FaultsFunction', { fault: 'afterEnd' })).payload).toEqual({ written: true });
    expect(logs('FaultsFunction')).toContain('still heard');
  });

  it('a line left unfinished by a crash is logged too', async () => {
    const { payload } = await invoke('FaultsFunction', { fault: 'exitMidLine' });
    expect(payload).toMatchObject({ errorType: 'Runtime.ExitError' });
    expect(logs('FaultsFunction')).toContain('unfinished line');
  });
});

describe('an SQS batch that returns to the queue says why, and ends in the dead-letter queue as in AWS', () => {
  const deadLetters = async (): Promise<number> => {
    const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: runtime.queues.get('BatchDeadLetterQueue')!.url, AttributeNames: ['ApproximateNumberOfMessages'] }));
    return Number(Attributes.ApproximateNumberOfMessages);
  };

  it('pre-warms as many environments as the mapping runs at once, and lists the event it skips', () => {
    expect(runtime.functions.get('BatchFunction')!.environments.length).toBeGreaterThanOrEqual(3);
    expect(activities.filter((a) => a.kind === 'skipped')).toEqual([{ kind: 'skipped', resources: [{ logicalId: 'BatchFunction.Events.Nightly', type: 'Schedule event' }] }]);
  });

  it.each([
    ['throw', 'thrownError', /the function failed: Error: cannot process/],
    ['sleep', 'timeout', /the function timed out \(Sandbox\.Timedout\)/],
    ['report', 'reportedFailure', /the function reported 1 failure\(s\) in batchItemFailures/],
    ['malformed', 'malformedResponse', /not a valid ReportBatchItemFailures response \(batchItemFailures\[0\]\.itemIdentifier "not-a-message-of-the-batch" is not a message of the batch\)/],
  ])('%s', async (mode, kind, description) => {
    const before = await deadLetters();
    const { MessageId } = await sqs.send(new SendMessageCommand({ QueueUrl: runtime.queues.get('BatchQueue')!.url, MessageBody: JSON.stringify({ mode }) }));

    await until(() => batches().some((batch) => batch.messageIds.includes(MessageId!)), 'the batch');
    const outcome = batches().find((batch) => batch.messageIds.includes(MessageId!))!;
    expect(outcome.returned).toEqual([MessageId]);
    expect(outcome.returnReason).toEqual({ kind, description: expect.stringMatching(description) });
    expect(describeActivity({ kind: 'batch', outcome })).toMatch(/λ BatchFunction ran 1 SQS record\(s\): 0 done, 1 back to the queue: /);
    // maxReceiveCount 1: once its visibility timeout has passed (on the virtual clock), it is in the dead-letter queue.
    await until(async () => (await deadLetters()) === before + 1, 'the dead-letter queue');
  });
});
