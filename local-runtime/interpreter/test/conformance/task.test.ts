/**
 * Task state: what the resource receives, what the state outputs, and its history events.
 * Sources: AWS DG "Task workflow state", "Processing input and output", "Invoke an AWS Lambda
 * function"; reference §5 (Lambda, TaskScheduled details, legacy Lambda events) and §6.
 */
import { StatesError } from '../..';
import { detailsOf, ECHO, echo, FAIL, failureOf, jsonataMachine, LAMBDA_ARN, machine, outputOf, runDefinition } from './helpers';

describe('Task (JSONPath)', () => {
  it('DG Parameters: the resource receives the Parameters payload, evaluated on the input', async () => {
    const definition = machine({ T: { Type: 'Task', Resource: ECHO, Parameters: { 'id.$': '$.order.id', kind: 'static' }, End: true } });
    const result = await runDefinition(definition, { order: { id: 'o-1' } }, { resources: { [ECHO]: echo } });
    expect(result.requests[0]?.parameters).toEqual({ id: 'o-1', kind: 'static' });
    expect(outputOf(result)).toEqual({ id: 'o-1', kind: 'static' });
  });

  it('DG: without Parameters the resource receives the effective input (after InputPath)', async () => {
    const definition = machine({ T: { Type: 'Task', Resource: ECHO, InputPath: '$.payload', End: true } });
    const result = await runDefinition(definition, { payload: { a: 1 }, other: 2 }, { resources: { [ECHO]: echo } });
    expect(result.requests[0]?.parameters).toEqual({ a: 1 });
  });

  it('DG ResultSelector + ResultPath + OutputPath applied in that order', async () => {
    const definition = machine({
      T: { Type: 'Task', Resource: ECHO, ResultSelector: { 'code.$': '$.StatusCode' }, ResultPath: '$.res', OutputPath: '$.res', End: true },
    });
    const result = await runDefinition(definition, { a: 1 }, { resources: { [ECHO]: () => ({ StatusCode: 200, Payload: 'x' }) } });
    expect(outputOf(result)).toEqual({ code: 200 });
  });

  it('reference §5: TaskScheduled has resourceType, resource, region and parameters as JSON text; no timeoutInSeconds when unset', async () => {
    const definition = machine({ T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'f', 'Payload.$': '$' }, End: true } });
    const result = await runDefinition(definition, { k: 1 }, { resources: { 'arn:aws:states:::lambda:invoke': () => ({ StatusCode: 200 }) } });
    const scheduled = detailsOf(result, 'TaskScheduled');
    expect(scheduled).toEqual({ resourceType: 'lambda', resource: 'invoke', region: 'us-east-1', parameters: JSON.stringify({ FunctionName: 'f', Payload: { k: 1 } }) });
    expect(detailsOf(result, 'TaskStarted')).toEqual({ resourceType: 'lambda', resource: 'invoke' });
    expect(detailsOf(result, 'TaskSucceeded')).toEqual({ resourceType: 'lambda', resource: 'invoke', output: '{"StatusCode":200}', outputDetails: { truncated: false } });
  });

  it('reference §5 Timeouts: TimeoutSeconds and HeartbeatSeconds appear in TaskScheduled', async () => {
    const definition = machine({ T: { Type: 'Task', Resource: ECHO, TimeoutSeconds: 30, HeartbeatSeconds: 10, End: true } });
    const result = await runDefinition(definition, {}, { resources: { [ECHO]: echo } });
    expect(detailsOf(result, 'TaskScheduled')).toMatchObject({ timeoutInSeconds: 30, heartbeatInSeconds: 10 });
  });

  it('SPEC Timeouts: TimeoutSecondsPath reads the value from the input', async () => {
    const definition = machine({ T: { Type: 'Task', Resource: ECHO, TimeoutSecondsPath: '$.limit', End: true } });
    const result = await runDefinition(definition, { limit: 45 }, { resources: { [ECHO]: echo } });
    expect(detailsOf(result, 'TaskScheduled')).toMatchObject({ timeoutInSeconds: 45 });
  });

  it('reference §5 legacy Lambda ARN: LambdaFunctionScheduled/Started/Succeeded events, result = the return value', async () => {
    const definition = machine({ T: { Type: 'Task', Resource: LAMBDA_ARN, End: true } });
    const result = await runDefinition(definition, { n: 1 }, { resources: { [LAMBDA_ARN]: () => ({ ok: true }) } });
    expect(result.types).toEqual(['ExecutionStarted', 'TaskStateEntered', 'LambdaFunctionScheduled', 'LambdaFunctionStarted', 'LambdaFunctionSucceeded', 'TaskStateExited', 'ExecutionSucceeded']);
    expect(detailsOf(result, 'LambdaFunctionScheduled')).toEqual({ resource: LAMBDA_ARN, input: '{"n":1}' });
    expect(outputOf(result)).toEqual({ ok: true });
  });

  it('reference §5: a legacy Lambda failure is LambdaFunctionFailed {error, cause}', async () => {
    const definition = machine({ T: { Type: 'Task', Resource: LAMBDA_ARN, End: true } });
    const result = await runDefinition(definition, {}, { resources: { [LAMBDA_ARN]: () => { throw new StatesError('CustomException', 'boom'); } } });
    expect(detailsOf(result, 'LambdaFunctionFailed')).toEqual({ error: 'CustomException', cause: 'boom' });
    expect(failureOf(result)).toEqual({ error: 'CustomException', cause: 'boom' });
  });

  it('reference §5/§6: a failed task records TaskFailed {resourceType, resource, error, cause} then ExecutionFailed', async () => {
    const definition = machine({ T: { Type: 'Task', Resource: FAIL, End: true } });
    const result = await runDefinition(definition, {}, { resources: { [FAIL]: () => { throw new StatesError('MyError', 'my cause'); } } });
    expect(detailsOf(result, 'TaskFailed')).toEqual({ resourceType: 'test', resource: 'fail', error: 'MyError', cause: 'my cause' });
    expect(result.types).toEqual(['ExecutionStarted', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskFailed', 'ExecutionFailed']);
    expect(detailsOf(result, 'ExecutionFailed')).toEqual({ error: 'MyError', cause: 'my cause' });
  });

  it('DG Context object: $$.Task.Token reaches the resource in Parameters and as the request token', async () => {
    const definition = machine({ T: { Type: 'Task', Resource: ECHO, Parameters: { 'token.$': '$$.Task.Token' }, End: true } });
    const result = await runDefinition(definition, {}, { resources: { [ECHO]: echo } });
    const request = result.requests[0]!;
    expect(typeof request.taskToken).toBe('string');
    expect(request.parameters).toEqual({ token: request.taskToken });
    expect(request.taskToken!.length).toBeGreaterThanOrEqual(1);
    expect(request.taskToken!.length).toBeLessThanOrEqual(2048);
  });

  it('aws-semantics "Wait for a callback": a Retry gives a new task token for every attempt', async () => {
    const definition = machine({
      T: { Type: 'Task', Resource: FAIL, Parameters: { 'token.$': '$$.Task.Token' }, Retry: [{ ErrorEquals: ['Flaky'], MaxAttempts: 1 }], End: true },
    });
    let calls = 0;
    const result = await runDefinition(definition, {}, {
      resources: { [FAIL]: (request) => { calls += 1; if (calls === 1) throw new StatesError('Flaky'); return request.parameters; } },
    });
    expect(result.requests).toHaveLength(2);
    expect(result.requests[0]?.taskToken).not.toEqual(result.requests[1]?.taskToken);
    expect(outputOf(result)).toEqual({ token: result.requests[1]?.taskToken });
  });

  it('reference §6: TaskSubmitted is recorded when the resource reports submission', async () => {
    const definition = machine({ T: { Type: 'Task', Resource: ECHO, End: true } });
    const result = await runDefinition(definition, {}, {
      resources: { [ECHO]: (request) => { request.submitted({ MessageId: 'm1' }); return { done: true }; } },
    });
    expect(result.types).toEqual(['ExecutionStarted', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskSubmitted', 'TaskSucceeded', 'TaskStateExited', 'ExecutionSucceeded']);
    expect(detailsOf(result, 'TaskSubmitted')).toMatchObject({ output: '{"MessageId":"m1"}' });
  });
});

describe('Task (JSONata)', () => {
  it('SPEC Using Arguments and Output: Arguments is what the resource receives', async () => {
    const definition = jsonataMachine({ T: { Type: 'Task', Resource: ECHO, Arguments: { FunctionName: 'f', Payload: { n: '{% $states.input.n * 2 %}' } }, End: true } });
    const result = await runDefinition(definition, { n: 21 }, { resources: { [ECHO]: echo } });
    expect(result.requests[0]?.parameters).toEqual({ FunctionName: 'f', Payload: { n: 42 } });
  });

  it('SPEC: without Arguments the resource receives the state input', async () => {
    const definition = jsonataMachine({ T: { Type: 'Task', Resource: ECHO, End: true } });
    const result = await runDefinition(definition, { raw: true }, { resources: { [ECHO]: echo } });
    expect(result.requests[0]?.parameters).toEqual({ raw: true });
  });

  it('reference §2 (LS test_base_task): without Output a JSONata Task outputs its result, not its input', async () => {
    const definition = jsonataMachine({ T: { Type: 'Task', Resource: ECHO, End: true } });
    const result = await runDefinition(definition, { input: 1 }, { resources: { [ECHO]: () => ({ result: 2 }) } });
    expect(outputOf(result)).toEqual({ result: 2 });
  });

  it('SPEC: Output reads $states.result and $states.input', async () => {
    const definition = jsonataMachine({ T: { Type: 'Task', Resource: ECHO, Output: { r: '{% $states.result.v %}', i: '{% $states.input.k %}' }, End: true } });
    const result = await runDefinition(definition, { k: 'in' }, { resources: { [ECHO]: () => ({ v: 'out' }) } });
    expect(outputOf(result)).toEqual({ r: 'out', i: 'in' });
  });

  it('DG Lambda example: Arguments reads $states.context.Task.Token', async () => {
    const definition = jsonataMachine({ T: { Type: 'Task', Resource: ECHO, Arguments: { token: '{% $states.context.Task.Token %}' }, End: true } });
    const result = await runDefinition(definition, {}, { resources: { [ECHO]: echo } });
    const request = result.requests[0]!;
    expect(request.taskToken).toEqual(expect.any(String));
    expect(request.parameters).toEqual({ token: request.taskToken });
  });

  it('reference §1 (LS test_base_evaluate_expressions): TimeoutSeconds/HeartbeatSeconds expressions are evaluated into TaskScheduled', async () => {
    const definition = jsonataMachine({ T: { Type: 'Task', Resource: ECHO, TimeoutSeconds: '{% $states.input.t %}', HeartbeatSeconds: '{% $states.input.t - 5 %}', End: true } });
    const result = await runDefinition(definition, { t: 20 }, { resources: { [ECHO]: echo } });
    expect(detailsOf(result, 'TaskScheduled')).toMatchObject({ timeoutInSeconds: 20, heartbeatInSeconds: 15 });
  });
});
