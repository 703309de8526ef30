import { LocalStack, type ExecutionResult } from '..';
import { copyFixture } from './fixture-copy';

// The Step Functions Lambda integrations (AWS DG "Invoke an AWS Lambda function with Step
// Functions"; shared reference "Lambda arn:aws:states:::lambda:invoke"), on real functions.
jest.setTimeout(30_000);
const fixture = copyFixture('lambda-integrations');
let stack: LocalStack;
beforeAll(async () => {
  stack = await LocalStack.start(fixture.dir);
});
afterAll(async () => {
  await stack.stop();
  fixture.remove();
});

const invoke = (functionName: string, payload: unknown): Promise<ExecutionResult> => stack.run('InvokeMachine', { functionName, payload });
const eventTypes = (result: ExecutionResult): string[] => result.history.map((event) => event.type ?? '');
const echoArn = 'arn:aws:lambda:us-east-1:123456789012:function:lambda-integrations-EchoFunction';

describe('lambda:invoke', () => {
  it('the result is Invoke\'s response with the Payload parsed, whatever form FunctionName takes', async () => {
    for (const name of ['lambda-integrations-EchoFunction', echoArn, `${echoArn}:$LATEST`, '123456789012:function:lambda-integrations-EchoFunction']) {
      const result = await invoke(name, { orderId: 7 });
      expect(result.status).toBe('SUCCEEDED');
      expect(result.output).toMatchObject({
        ExecutedVersion: '$LATEST',
        Payload: { received: { orderId: 7 } },
        StatusCode: 200,
        SdkHttpMetadata: { HttpStatusCode: 200 },
        SdkResponseMetadata: { RequestId: expect.any(String) },
      });
    }
  });

  it('a function error fails the task: Error is the errorType, Cause the error payload (errorMessage, errorType, trace)', async () => {
    const result = await invoke('lambda-integrations-RejectFunction', { orderId: 8 });

    expect(result).toMatchObject({ status: 'FAILED', error: 'OrderRejected' });
    expect(JSON.parse(result.cause!)).toMatchObject({ errorType: 'OrderRejected', errorMessage: 'order 8 is rejected', trace: expect.any(Array) });
    expect(eventTypes(result)).toContain('TaskFailed');
  });

  it('a function that runs past its Timeout fails the task with Sandbox.Timedout', async () => {
    const result = await invoke('lambda-integrations-SlowFunction', {});

    expect(result).toMatchObject({ status: 'FAILED', error: 'Sandbox.Timedout' });
    expect(JSON.parse(result.cause!)).toMatchObject({ errorType: 'Sandbox.Timedout', errorMessage: expect.stringMatching(/Task timed out after 1\.00 seconds/) });
  });

  it('a function that does not exist: Lambda.ResourceNotFoundException, with the SDK\'s cause text', async () => {
    const result = await invoke('no-such-function', {});

    expect(result).toMatchObject({ status: 'FAILED', error: 'Lambda.ResourceNotFoundException' });
    expect(result.cause).toMatch(/^Function not found: arn:aws:lambda:us-east-1:123456789012:function:no-such-function:\$LATEST \(Service: AWSLambda; Status Code: 404; Error Code: ResourceNotFoundException; Request ID: .+; Proxy: null\)$/);
  });

  it('in JSONata: Arguments and Output over $states.result', async () => {
    const result = await stack.run('JsonataMachine', { orderId: 9 });

    expect(result).toMatchObject({ status: 'SUCCEEDED', output: { orderId: 9 } });
  });
});

describe('a Resource that is a function\'s ARN (the legacy integration)', () => {
  it('the result is the function\'s own, and the history has LambdaFunction* events', async () => {
    const result = await stack.run('LegacyMachine', { orderId: 10 });

    expect(result).toMatchObject({ status: 'SUCCEEDED', output: { received: { orderId: 10 } } });
    expect(eventTypes(result)).toEqual([
      'ExecutionStarted', 'TaskStateEntered', 'LambdaFunctionScheduled', 'LambdaFunctionStarted', 'LambdaFunctionSucceeded', 'TaskStateExited', 'ExecutionSucceeded',
    ]);
  });
});

describe('lambda:invoke.waitForTaskToken', () => {
  it('an Event invocation carries the token; the task\'s result is what the function sends with SendTaskSuccess', async () => {
    const result = await stack.run('CallbackMachine', { orderId: 11 });

    expect(result).toMatchObject({ status: 'SUCCEEDED', output: { completedFor: 11 } });
    expect(eventTypes(result)).toEqual(expect.arrayContaining(['TaskScheduled', 'TaskStarted', 'TaskSubmitted', 'TaskSucceeded']));
    const submitted = result.history.find((event) => event.type === 'TaskSubmitted');
    expect(JSON.parse(submitted!.taskSubmittedEventDetails!.output!)).toMatchObject({ StatusCode: 202, Payload: '' });
  });
});

describe('ReservedConcurrentExecutions', () => {
  it('0: Lambda throttles every invocation, and the task fails with Lambda.TooManyRequestsException', async () => {
    const result = await invoke('lambda-integrations-ThrottledFunction', {});

    expect(result).toMatchObject({ status: 'FAILED', error: 'Lambda.TooManyRequestsException' });
    expect(result.cause).toMatch(/^Rate Exceeded\. \(Service: AWSLambda; Status Code: 429; Error Code: TooManyRequestsException;/);
  });
});
