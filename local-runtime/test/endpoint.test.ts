import { InvokeCommand, LambdaClient, ResourceNotFoundException } from '@aws-sdk/client-lambda';
import {
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  DescribeStateMachineForExecutionCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  GetExecutionHistoryCommand,
  InvalidArn,
  InvalidExecutionInput,
  InvalidName,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  ListTagsForResourceCommand,
  ResourceNotFound,
  SFNClient,
  StartExecutionCommand,
  StateMachineDoesNotExist,
  StopExecutionCommand,
  TagResourceCommand,
  TestStateCommand,
  UntagResourceCommand,
  ValidateStateMachineDefinitionCommand,
  ValidationException,
} from '@aws-sdk/client-sfn';
import { join } from 'node:path';
import { LOCAL_CREDENTIALS } from '../sqs/local-sqs';
import { loggingConfiguration, templateTags, tracingConfiguration } from '../stepfunctions/state-machine';
import { startLocalStack, type LocalStackUnderTest } from '../testing/local-stack';

// The Step Functions API of the local runtime, through the SDK's own client and error classes.
let stack: LocalStackUnderTest;
beforeAll(async () => {
  stack = await startLocalStack(join(__dirname, '..', '..', 'sync-demo'));
});
afterAll(() => stack.stop());

const arn = (logicalId: string): string => stack.runtime.stateMachines.get(logicalId)!.arn;

it('lists and describes the state machines, with the substituted definition', async () => {
  const { stateMachines = [] } = await stack.sfn.send(new ListStateMachinesCommand({}));
  expect(stateMachines.map((sm) => sm.name).sort()).toEqual(['sync-demo-JobStateMachine', 'sync-demo-MainStateMachine']);
  expect(stateMachines[0]?.creationDate).toBeInstanceOf(Date);

  const main = await stack.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn('MainStateMachine') }));
  expect(main).toMatchObject({ name: 'sync-demo-MainStateMachine', type: 'STANDARD', status: 'ACTIVE' });
  const runJob = JSON.parse(main.definition!).States.RunJob;
  expect((runJob.Arguments ?? runJob.Parameters).StateMachineArn).toBe(arn('JobStateMachine'));
});

it('describes an execution while it runs and after it ends; StopExecution aborts it', async () => {
  // Held, the clock cannot skip the job's hour-long wait between the test's calls.
  const release = stack.runtime.clock.busy();
  const { executionArn, startDate } = await stack.sfn.send(new StartExecutionCommand({ stateMachineArn: arn('JobStateMachine'), input: '{"durationSeconds": 3600}', name: 'long-job' }));
  expect(startDate).toBeInstanceOf(Date);
  expect((await stack.sfn.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('RUNNING');

  const { stopDate } = await stack.sfn.send(new StopExecutionCommand({ executionArn, error: 'Operator', cause: 'no longer needed' }));
  release();
  expect(stopDate).toBeInstanceOf(Date);
  expect(await stack.sfn.send(new DescribeExecutionCommand({ executionArn }))).toMatchObject({
    status: 'ABORTED',
    name: 'long-job',
    input: '{"durationSeconds": 3600}',
    error: 'Operator',
    cause: 'no longer needed',
  });
  const { executions = [] } = await stack.sfn.send(new ListExecutionsCommand({ stateMachineArn: arn('JobStateMachine'), statusFilter: 'ABORTED' }));
  expect(executions.map((execution) => execution.executionArn)).toContain(executionArn);
});

it('pages the execution history', async () => {
  const { executionArn } = await stack.run('JobStateMachine', {});
  const first = await stack.sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 5 }));
  const rest = await stack.sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, nextToken: first.nextToken }));
  const all = [...(first.events ?? []), ...(rest.events ?? [])];

  expect(first.events).toHaveLength(5);
  expect(rest.nextToken).toBeUndefined();
  expect(all.map((event) => event.id)).toEqual(all.map((_, i) => i + 1));
  expect(all[0]).toMatchObject({ type: 'ExecutionStarted', previousEventId: 0, timestamp: expect.any(Date) });
  expect(all.at(-1)?.type).toBe('ExecutionSucceeded');
  const reversed = await stack.sfn.send(new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: 1 }));
  expect(reversed.events?.[0]?.type).toBe('ExecutionSucceeded');
});

describe('errors, with AWS’s error codes', () => {
  it.each([
    ['an unknown execution', () => new DescribeExecutionCommand({ executionArn: 'arn:aws:states:us-east-1:123456789012:execution:x:y' }), ExecutionDoesNotExist],
    ['an unknown state machine', () => new StartExecutionCommand({ stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:nope' }), StateMachineDoesNotExist],
    ['input that is not JSON', () => new StartExecutionCommand({ stateMachineArn: arn('JobStateMachine'), input: '{oops' }), InvalidExecutionInput],
    ['an execution name with a space', () => new StartExecutionCommand({ stateMachineArn: arn('JobStateMachine'), name: 'two words' }), InvalidName],
  ])('%s', async (_case, command, ErrorType) => {
    await expect(stack.sfn.send(command() as never)).rejects.toBeInstanceOf(ErrorType);
  });

  it('a name already used by an execution that ended', async () => {
    const first = await stack.sfn.send(new StartExecutionCommand({ stateMachineArn: arn('JobStateMachine'), name: 'once', input: '{"durationSeconds": 0}' }));
    await stack.waitForEnd(first.executionArn!);
    await expect(stack.sfn.send(new StartExecutionCommand({ stateMachineArn: arn('JobStateMachine'), name: 'once', input: '{"durationSeconds": 0}' }))).rejects.toBeInstanceOf(
      ExecutionAlreadyExists,
    );
  });

  it('an unknown operation', async () => {
    const response = await fetch(stack.runtime.endpoints.stepfunctions, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Target': 'AWSStepFunctions.CreateActivity' },
      body: '{}',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ __type: 'UnknownOperationException', message: 'Unknown operation AWSStepFunctions.CreateActivity' });
  });
});

// ---- The operations added for the AWS CLI and SDK ------------------------------------------------

const TAGGED = 'arn:aws:states:us-east-1:123456789012:stateMachine:tagged';
const addTagged = (): void => {
  if (stack.runtime.stepFunctions.listStateMachines().some((sm) => sm.arn === TAGGED)) return;
  // As the stack adds a state machine whose template has Tags, Logging and Tracing.
  stack.runtime.stepFunctions.addStateMachine({
    name: 'tagged',
    type: 'STANDARD',
    roleArn: 'arn:aws:iam::123456789012:role/tagged',
    definitionText: JSON.stringify({ StartAt: 'Echo', States: { Echo: { Type: 'Pass', Parameters: { 'echo.$': '$' }, End: true } } }),
    file: 'inline',
    tags: templateTags({ team: 'payments', env: 'test' }),
    loggingConfiguration: loggingConfiguration(
      { Level: 'ERROR', IncludeExecutionData: true, Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: 'arn:aws:logs:us-east-1:123456789012:log-group:tagged:*' } }] },
      'template.yaml',
    ),
    tracingConfiguration: tracingConfiguration({ Enabled: true }),
  });
};

describe('state machines: configuration, tags, the state machine of an execution', () => {
  beforeAll(addTagged);

  it('DescribeStateMachine gives the template’s logging and tracing configuration, AWS’s defaults without them', async () => {
    expect(await stack.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: TAGGED }))).toMatchObject({
      loggingConfiguration: { level: 'ERROR', includeExecutionData: true, destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: 'arn:aws:logs:us-east-1:123456789012:log-group:tagged:*' } }] },
      tracingConfiguration: { enabled: true },
    });
    const main = await stack.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn('MainStateMachine') }));
    expect(main.loggingConfiguration).toEqual(expect.objectContaining({ level: expect.any(String), includeExecutionData: expect.any(Boolean) }));
    expect(main.tracingConfiguration).toEqual({ enabled: expect.any(Boolean) });
  });

  it('DescribeStateMachineForExecution', async () => {
    const { executionArn } = await stack.sfn.send(new StartExecutionCommand({ stateMachineArn: TAGGED, input: '{"a":1}' }));
    await stack.waitForEnd(executionArn!);
    const description = await stack.sfn.send(new DescribeStateMachineForExecutionCommand({ executionArn }));
    expect(description).toMatchObject({ stateMachineArn: TAGGED, name: 'tagged', roleArn: 'arn:aws:iam::123456789012:role/tagged', tracingConfiguration: { enabled: true } });
    expect(description.updateDate).toBeInstanceOf(Date);
    expect(JSON.parse(description.definition!).StartAt).toBe('Echo');
    await expect(stack.sfn.send(new DescribeStateMachineForExecutionCommand({ executionArn: TAGGED }))).rejects.toThrow(
      expect.objectContaining({ name: 'InvalidArn', message: "Invalid Arn: 'Resource type not valid in this context: stateMachine'" }),
    );
  });

  it('ListTagsForResource, TagResource, UntagResource: the template’s tags, then changed', async () => {
    const tags = async (): Promise<Record<string, string | undefined>> =>
      Object.fromEntries(((await stack.sfn.send(new ListTagsForResourceCommand({ resourceArn: TAGGED }))).tags ?? []).map((tag): [string, string | undefined] => [tag.key ?? '', tag.value]));
    expect(await tags()).toEqual({ team: 'payments', env: 'test', 'stateMachine:createdBy': 'SAM' });
    await stack.sfn.send(new TagResourceCommand({ resourceArn: TAGGED, tags: [{ key: 'env', value: 'prod' }, { key: 'owner', value: 'me@example.com' }] }));
    await stack.sfn.send(new UntagResourceCommand({ resourceArn: TAGGED, tagKeys: ['team'] }));
    expect(await tags()).toEqual({ env: 'prod', owner: 'me@example.com', 'stateMachine:createdBy': 'SAM' });

    await expect(stack.sfn.send(new ListTagsForResourceCommand({ resourceArn: `${TAGGED}-nope` }))).rejects.toBeInstanceOf(ResourceNotFound);
    await expect(stack.sfn.send(new ListTagsForResourceCommand({ resourceArn: 'nope' }))).rejects.toThrow(new InvalidArn({ message: "Invalid Arn: 'Invalid ARN prefix: nope'", $metadata: {} }));
    await expect(stack.sfn.send(new TagResourceCommand({ resourceArn: TAGGED, tags: Array.from({ length: 50 }, (_, i) => ({ key: `k${i}`, value: 'v' })) }))).rejects.toThrow(
      expect.objectContaining({ name: 'TooManyTags' }),
    );
  });
});

describe('validation errors as AWS gives them', () => {
  it.each([
    [{ statusFilter: 'BOGUS' }, "1 validation error detected: Value 'BOGUS' at 'statusFilter' failed to satisfy constraint: Member must satisfy enum value set: [RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED, PENDING_REDRIVE]"],
    [{ maxResults: 1001 }, "1 validation error detected: Value '1001' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000"],
    [{ maxResults: -1 }, "1 validation error detected: Value '-1' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 0"],
    [{ statusFilter: 'PENDING_REDRIVE' }, /PENDING_REDRIVE statusFilter is only allowed with a mapRunArn/],
  ])('ListExecutions %j', async (request, message) => {
    const failure = stack.sfn.send(new ListExecutionsCommand({ stateMachineArn: arn('JobStateMachine'), ...(request as object) }));
    await expect(failure).rejects.toBeInstanceOf(ValidationException);
    await expect(failure).rejects.toThrow(message);
  });

  it('maxResults 0 is the default page; 1000 is allowed', async () => {
    await expect(stack.sfn.send(new ListExecutionsCommand({ stateMachineArn: arn('JobStateMachine'), maxResults: 0 }))).resolves.toHaveProperty('executions');
    await expect(stack.sfn.send(new ListExecutionsCommand({ stateMachineArn: arn('JobStateMachine'), maxResults: 1000 }))).resolves.toHaveProperty('executions');
  });

  it.each([
    ['not an ARN', 'job', "Invalid Arn: 'Invalid ARN prefix: job'"],
    ['an execution ARN for a state machine', 'arn:aws:states:us-east-1:123456789012:execution:x:y', "Invalid Arn: 'Resource type not valid in this context: execution'"],
  ])('InvalidArn: %s', async (_case, stateMachineArn, message) => {
    await expect(stack.sfn.send(new DescribeStateMachineCommand({ stateMachineArn }))).rejects.toThrow(new InvalidArn({ message, $metadata: {} }));
  });

  it('an execution name longer than 80 characters', async () => {
    await expect(stack.sfn.send(new StartExecutionCommand({ stateMachineArn: arn('JobStateMachine'), name: 'x'.repeat(81) }))).rejects.toBeInstanceOf(InvalidName);
  });
});

it('GetExecutionHistory with includeExecutionData false leaves out inputs, outputs and parameters', async () => {
  const { executionArn } = await stack.run('JobStateMachine', { durationSeconds: 1 });
  const full = (await stack.sfn.send(new GetExecutionHistoryCommand({ executionArn }))).events ?? [];
  const bare = (await stack.sfn.send(new GetExecutionHistoryCommand({ executionArn, includeExecutionData: false }))).events ?? [];
  expect(bare.map((event) => event.type)).toEqual(full.map((event) => event.type));
  expect(full[0]?.executionStartedEventDetails?.input).toBeDefined();
  expect(bare[0]?.executionStartedEventDetails).toEqual({ inputDetails: { truncated: false }, roleArn: expect.any(String) });
  for (const event of bare) {
    const details = Object.entries(event).find(([key]) => key.endsWith('EventDetails'))?.[1] as Record<string, unknown> | undefined;
    expect(Object.keys(details ?? {})).not.toEqual(expect.arrayContaining(['input']));
    expect(Object.keys(details ?? {})).not.toEqual(expect.arrayContaining(['output']));
    expect(Object.keys(details ?? {})).not.toEqual(expect.arrayContaining(['parameters']));
  }
  expect(bare.find((event) => event.type?.endsWith('StateEntered'))?.stateEnteredEventDetails).toEqual({ name: expect.any(String), inputDetails: { truncated: false } });
});

describe('ValidateStateMachineDefinition', () => {
  const validate = (definition: unknown, extra: object = {}) =>
    stack.sfn.send(new ValidateStateMachineDefinitionCommand({ definition: typeof definition === 'string' ? definition : JSON.stringify(definition), ...extra }));

  it('OK', async () => {
    expect(await validate({ StartAt: 'A', States: { A: { Type: 'Pass', End: true } } })).toMatchObject({ result: 'OK', diagnostics: [], truncated: false });
  });

  it('FAIL with the state and field that are wrong', async () => {
    expect(await validate({ StartAt: 'A', States: { A: { Type: 'Pass', QueryLanguage: 'JSONata', Parameters: {}, End: true } } })).toMatchObject({
      result: 'FAIL',
      diagnostics: [{ severity: 'ERROR', code: 'SCHEMA_VALIDATION_FAILED', message: expect.stringContaining('Parameters'), location: '/States/A/Parameters' }],
    });
    expect(await validate({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'Nowhere' } } })).toMatchObject({
      result: 'FAIL',
      diagnostics: expect.arrayContaining([expect.objectContaining({ severity: 'ERROR', code: 'MISSING_TRANSITION_TARGET' })]),
    });
    expect(await validate('{oops')).toMatchObject({ result: 'FAIL', diagnostics: [{ severity: 'ERROR', code: 'INVALID_JSON_DESCRIPTION' }] });
  });

  it('an EXPRESS state machine cannot wait for a task token', async () => {
    const definition = {
      StartAt: 'Wait',
      States: { Wait: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken', Parameters: { QueueUrl: 'q', MessageBody: { 't.$': '$$.Task.Token' } }, End: true } },
    };
    expect((await validate(definition)).result).toBe('OK');
    expect(await validate(definition, { type: 'EXPRESS' })).toMatchObject({ result: 'FAIL', diagnostics: [{ code: 'INVALID_RESOURCE', location: '/States/Wait/Resource' }] });
  });

  it('what the local runtime does not run is a warning, shown with severity WARNING', async () => {
    const definition = { StartAt: 'M', States: { M: { Type: 'Map', ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, End: true } } };
    expect(await validate(definition)).toMatchObject({ result: 'OK', diagnostics: [] });
    expect(await validate(definition, { severity: 'WARNING' })).toMatchObject({ result: 'OK', diagnostics: [{ severity: 'WARNING', code: 'UNSUPPORTED_BY_LOCAL_RUNTIME' }] });
  });

  it('a bogus severity', async () => {
    await expect(validate({ StartAt: 'A', States: { A: { Type: 'Pass', End: true } } }, { severity: 'LOUD' })).rejects.toBeInstanceOf(ValidationException);
  });
});

describe('TestState', () => {
  // TestState's hostPrefix (`sync-`) cannot reach a local endpoint: the client turns it off.
  let sfn: SFNClient;
  beforeAll(() => {
    sfn = new SFNClient({ region: 'us-east-1', credentials: LOCAL_CREDENTIALS, endpoint: stack.runtime.endpoints.stepfunctions, disableHostPrefix: true });
  });
  afterAll(() => { sfn.destroy(); });
  const test = (definition: object, extra: object = {}) => sfn.send(new TestStateCommand({ definition: JSON.stringify(definition), ...extra }));
  const task = (extra: object = {}) => ({
    Type: 'Task',
    Resource: 'arn:aws:states:::lambda:invoke',
    Parameters: { FunctionName: 'charge', 'Payload.$': '$.order' },
    ResultSelector: { 'charged.$': '$.Payload.ok' },
    ResultPath: '$.charge',
    Next: 'Ship',
    ...extra,
  });

  it('a Pass state at INFO: status, output and next state, no inspection data', async () => {
    const answer = await test({ Type: 'Pass', Result: { b: 2 }, ResultPath: '$.r', Next: 'After' }, { input: '{"a":1}' });
    expect(answer).toMatchObject({ status: 'SUCCEEDED', output: '{"a":1,"r":{"b":2}}', nextState: 'After' });
    expect(answer.inspectionData).toBeUndefined();
  });

  it('a Task with a mocked result, at DEBUG: each step of its data flow', async () => {
    const answer = await test(task(), { input: '{"order":{"id":7}}', mock: { result: '{"Payload":{"ok":true},"StatusCode":200}' }, inspectionLevel: 'DEBUG' });
    expect(answer).toMatchObject({ status: 'SUCCEEDED', nextState: 'Ship', output: '{"order":{"id":7},"charge":{"charged":true}}' });
    expect(answer.inspectionData).toEqual({
      input: '{"order":{"id":7}}',
      afterInputPath: '{"order":{"id":7}}',
      afterParameters: '{"FunctionName":"charge","Payload":{"id":7}}',
      result: '{"Payload":{"ok":true},"StatusCode":200}',
      afterResultSelector: '{"charged":true}',
      afterResultPath: '{"order":{"id":7},"charge":{"charged":true}}',
    });
  });

  it('a mocked error: RETRIABLE while a Retrier has attempts left, then CAUGHT_ERROR, else FAILED', async () => {
    const failing = task({ Retry: [{ ErrorEquals: ['Lambda.TooManyRequestsException'], IntervalSeconds: 2, BackoffRate: 3, MaxAttempts: 2 }], Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Refund' }] });
    const mock = { errorOutput: { error: 'Lambda.TooManyRequestsException', cause: 'slow down' } };
    const input = '{"order":{"id":7}}';
    expect(await test(failing, { input, mock, inspectionLevel: 'DEBUG', stateConfiguration: { retrierRetryCount: 1 } })).toMatchObject({
      status: 'RETRIABLE',
      error: 'Lambda.TooManyRequestsException',
      cause: 'slow down',
      inspectionData: { errorDetails: { retryIndex: 0, retryBackoffIntervalSeconds: 6 } },
    });
    const caught = await test(failing, { input, mock, inspectionLevel: 'DEBUG', stateConfiguration: { retrierRetryCount: 2 } });
    expect(caught).toMatchObject({ status: 'CAUGHT_ERROR', nextState: 'Refund', error: 'Lambda.TooManyRequestsException', inspectionData: { errorDetails: { catchIndex: 0 } } });
    expect(JSON.parse(caught.output!)).toEqual({ order: { id: 7 }, error: { Error: 'Lambda.TooManyRequestsException', Cause: 'slow down' } });
    expect(await test(task(), { input, mock })).toMatchObject({ status: 'FAILED', error: 'Lambda.TooManyRequestsException', cause: 'slow down' });
    expect((await test(task(), { input, mock })).nextState).toBeUndefined();
  });

  it('a Choice state names the state it chooses; a Fail state fails; JSONata with variables', async () => {
    const machine = { StartAt: 'Route', States: { Route: { Type: 'Choice', Choices: [{ Variable: '$.n', NumericGreaterThan: 10, Next: 'Big' }], Default: 'Small' }, Big: { Type: 'Succeed' }, Small: { Type: 'Succeed' } } };
    expect(await test(machine, { stateName: 'Route', input: '{"n":11}' })).toMatchObject({ status: 'SUCCEEDED', nextState: 'Big', output: '{"n":11}' });
    expect(await test({ Type: 'Fail', Error: 'Bad', Cause: 'very' })).toMatchObject({ status: 'FAILED', error: 'Bad', cause: 'very' });
    const jsonata = await test({ Type: 'Pass', QueryLanguage: 'JSONata', Assign: { total: '{% $price * $states.input.qty %}' }, Output: '{% $price %}', End: true }, { input: '{"qty":3}', variables: '{"price":5}', inspectionLevel: 'TRACE' });
    expect(jsonata).toMatchObject({ status: 'SUCCEEDED', output: '5', inspectionData: { input: '{"qty":3}' } });
    expect(JSON.parse(jsonata.inspectionData!.variables!)).toEqual({ price: 5, total: 15 });
  });

  it('a mocked Map state: its data flow around the mocked result', async () => {
    const map = { Type: 'Map', ItemsPath: '$.items', ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, ResultPath: '$.results', End: true };
    expect(await test(map, { input: '{"items":[1,2]}', mock: { result: '[10,20]' } })).toMatchObject({ status: 'SUCCEEDED', output: '{"items":[1,2],"results":[10,20]}' });
  });

  it.each([
    ['a mock for a Pass state', { Type: 'Pass', End: true }, { mock: { result: '{}' } }, ValidationException],
    ['a Map state without a mock', { Type: 'Map', ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, End: true }, {}, ValidationException],
    ['a .waitForTaskToken task without a mock', { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken', Parameters: { QueueUrl: 'q', 'MessageBody.$': '$$.Task.Token' }, End: true }, {}, ValidationException],
    ['a mock with both a result and an error', task(), { mock: { result: '{}', errorOutput: { error: 'E' } } }, ValidationException],
    ['context without a mock', { Type: 'Pass', End: true }, { context: '{}' }, ValidationException],
    ['a bogus inspection level', { Type: 'Pass', End: true }, { inspectionLevel: 'LOUD' }, ValidationException],
    ['input that is not JSON', { Type: 'Pass', End: true }, { input: '{oops' }, InvalidExecutionInput],
  ])('refuses %s', async (_case, definition, extra, ErrorType) => {
    await expect(test(definition, extra)).rejects.toBeInstanceOf(ErrorType);
  });

  it('refuses a definition that is not a state', async () => {
    await expect(test({ Type: 'Pass', QueryLanguage: 'JSONata', Parameters: {}, End: true })).rejects.toThrow(expect.objectContaining({ name: 'InvalidDefinition' }));
  });
});

describe('Lambda Invoke on the same endpoint', () => {
  let nested: LocalStackUnderTest;
  let lambda: LambdaClient;
  beforeAll(async () => {
    nested = await startLocalStack(join(__dirname, 'fixtures', 'nested'));
    // The stack's endpoint serves Lambda's Invoke too.
    lambda = new LambdaClient({ region: 'us-east-1', credentials: LOCAL_CREDENTIALS, endpoint: nested.runtime.endpoints.stepfunctions });
  });
  afterAll(async () => {
    lambda.destroy();
    await nested.stop();
  });
  const text = (payload: Uint8Array | undefined): string => Buffer.from(payload ?? new Uint8Array()).toString('utf8');

  it('RequestResponse: the function’s response, with its version and the log tail', async () => {
    const answer = await lambda.send(new InvokeCommand({ FunctionName: 'nested-CjsWorker', Payload: Buffer.from('{"Records":[]}'), LogType: 'Tail' }));
    expect(answer).toMatchObject({ StatusCode: 200, ExecutedVersion: '$LATEST' });
    expect(answer.FunctionError).toBeUndefined();
    expect(text(answer.Payload)).toBe('null');
    expect(Buffer.from(answer.LogResult!, 'base64').toString()).toMatch(/^START RequestId: .*\nEND RequestId: .*\nREPORT RequestId: /);
  });

  it('a function error: 200 with X-Amz-Function-Error and the error payload; by ARN with a qualifier', async () => {
    const answer = await lambda.send(new InvokeCommand({ FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:nested-CjsWorker', Qualifier: '$LATEST', Payload: Buffer.from('{}') }));
    expect(answer).toMatchObject({ StatusCode: 200, FunctionError: 'Unhandled' });
    expect(JSON.parse(text(answer.Payload))).toMatchObject({ errorType: 'TypeError', errorMessage: expect.stringContaining('Records') });
  });

  it('Event: 202; DryRun: 204', async () => {
    expect((await lambda.send(new InvokeCommand({ FunctionName: 'nested-EsmWorker', InvocationType: 'Event', Payload: Buffer.from('{"Records":[]}') }))).StatusCode).toBe(202);
    expect((await lambda.send(new InvokeCommand({ FunctionName: 'nested-EsmWorker', InvocationType: 'DryRun' }))).StatusCode).toBe(204);
  });

  it('an unknown function: ResourceNotFoundException, 404, as Lambda sends it', async () => {
    await expect(lambda.send(new InvokeCommand({ FunctionName: 'nope' }))).rejects.toBeInstanceOf(ResourceNotFoundException);
    const response = await fetch(`${nested.runtime.endpoints.stepfunctions}/2015-03-31/functions/nope/invocations`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(404);
    expect(response.headers.get('x-amzn-errortype')).toBe('ResourceNotFoundException');
    expect(await response.json()).toEqual({ Type: 'User', Message: 'Function not found: arn:aws:lambda:us-east-1:123456789012:function:nope:$LATEST' });
  });

  it('TestState without a mock calls the stack’s own function', async () => {
    const sfn = new SFNClient({ region: 'us-east-1', credentials: LOCAL_CREDENTIALS, endpoint: nested.runtime.endpoints.stepfunctions, disableHostPrefix: true });
    const definition = JSON.stringify({ Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:nested-CjsWorker', Catch: [{ ErrorEquals: ['TypeError'], Next: 'Broken' }], End: true });
    expect(await sfn.send(new TestStateCommand({ definition, input: '{"Records":[]}' }))).toMatchObject({ status: 'SUCCEEDED', output: 'null' });
    expect(await sfn.send(new TestStateCommand({ definition, input: '{}' }))).toMatchObject({ status: 'CAUGHT_ERROR', error: 'TypeError', nextState: 'Broken' });
    sfn.destroy();
  });
});
