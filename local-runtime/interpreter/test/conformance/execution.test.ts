/**
 * The execution as a whole and the context object.
 * Sources: AWS DG "Context object" (Execution.Id/Input/Name/RoleArn/StartTime, State.EnteredTime/
 * Name/RetryCount, StateMachine.Id/Name), SPEC "Top-level fields" (TimeoutSeconds), API
 * StopExecution (ABORTED with error and cause), reference §6 (ExecutionAborted/TimedOut events).
 */
import type { Execution } from '../..';
import { block, detailsOf, EXECUTION_ARN, failureOf, HANG, hang, jsonataMachine, machine, outputOf, runDefinition, START_ISO, eventsOf, secondsAt } from './helpers';

describe('context object (DG "Context object")', () => {
  it('JSONPath $$: Execution, State and StateMachine fields', async () => {
    const definition = machine({
      Wait10: { Type: 'Wait', Seconds: 10, Next: 'Ctx' },
      Ctx: { Type: 'Pass', Parameters: { 'ctx.$': '$$' }, End: true },
    });
    const result = await runDefinition(definition, { in: 1 });
    expect((outputOf(result) as { ctx: unknown }).ctx).toEqual({
      Execution: { Id: EXECUTION_ARN, Input: { in: 1 }, Name: 'test-execution', RoleArn: 'arn:aws:iam::123456789012:role/TestRole', StartTime: START_ISO, RedriveCount: 0 },
      State: { EnteredTime: '2025-01-01T00:00:10.000Z', Name: 'Ctx', RetryCount: 0 },
      StateMachine: { Id: 'arn:aws:states:us-east-1:123456789012:stateMachine:TestMachine', Name: 'TestMachine' },
    });
  });

  it('JSONata $states.context has the same fields', async () => {
    const definition = jsonataMachine({ Ctx: { Type: 'Pass', Output: { name: '{% $states.context.State.Name %}', sm: '{% $states.context.StateMachine.Name %}', start: '{% $states.context.Execution.StartTime %}' }, End: true } });
    expect(outputOf(await runDefinition(definition, {}))).toEqual({ name: 'Ctx', sm: 'TestMachine', start: START_ISO });
  });

  it('DG: Execution.Input stays the execution\'s input in later states', async () => {
    const definition = machine({ A: { Type: 'Pass', Result: 'replaced', Next: 'B' }, B: { Type: 'Pass', Parameters: { 'orig.$': '$$.Execution.Input', 'now.$': '$' }, End: true } });
    expect(outputOf(await runDefinition(definition, { orig: true }))).toEqual({ orig: { orig: true }, now: 'replaced' });
  });

  it('DG: State.EnteredTime of a state in a Map iteration is when that state was entered', async () => {
    const definition = machine({
      M: { Type: 'Map', MaxConcurrency: 1, ItemProcessor: block({ W: { Type: 'Wait', Seconds: 5, Next: 'T' }, T: { Type: 'Pass', Parameters: { 'at.$': '$$.State.EnteredTime' }, End: true } }), End: true },
    });
    expect(outputOf(await runDefinition(definition, [1, 2]))).toEqual([{ at: '2025-01-01T00:00:05.000Z' }, { at: '2025-01-01T00:00:10.000Z' }]);
  });

  it('DG: $$.Task.Token is absent outside a Task (reading it in a Pass is States.Runtime)', async () => {
    const definition = machine({ P: { Type: 'Pass', Parameters: { 'token.$': '$$.Task.Token' }, End: true } });
    expect(failureOf(await runDefinition(definition, {})).error).toBe('States.Runtime');
  });
});

describe('execution end states', () => {
  it('SPEC TimeoutSeconds: an execution running longer ends TIMED_OUT with ExecutionTimedOut at that time', async () => {
    const definition = machine({ W: { Type: 'Wait', Seconds: 100, End: true } }, { TimeoutSeconds: 5 });
    const result = await runDefinition(definition, {});
    expect(result.outcome.status).toBe('TIMED_OUT');
    expect(result.types).toEqual(['ExecutionStarted', 'WaitStateEntered', 'ExecutionTimedOut']);
    expect(secondsAt(eventsOf(result, 'ExecutionTimedOut')[0]!)).toBe(5);
  });

  it('SPEC TimeoutSeconds: a hung task is cut by the execution timeout', async () => {
    const definition = machine({ T: { Type: 'Task', Resource: HANG, End: true } }, { TimeoutSeconds: 60 });
    const result = await runDefinition(definition, {}, { resources: { [HANG]: hang } });
    expect(result.outcome.status).toBe('TIMED_OUT');
    expect(secondsAt(result.history.at(-1)!)).toBe(60);
  });

  it('SPEC: an execution that ends within TimeoutSeconds succeeds', async () => {
    const definition = machine({ W: { Type: 'Wait', Seconds: 4, End: true } }, { TimeoutSeconds: 5 });
    expect(outputOf(await runDefinition(definition, { ok: 1 }))).toEqual({ ok: 1 });
  });

  it('API StopExecution: stop("E", "C") ends the execution ABORTED with ExecutionAborted {error, cause}', async () => {
    let execution: Execution | undefined;
    const definition = machine({ T: { Type: 'Task', Resource: HANG, End: true } });
    const result = await runDefinition(definition, {}, {
      started: (e) => { execution = e; },
      resources: { [HANG]: () => { execution?.stop('E', 'C'); return hang(); } },
    });
    expect(failureOf(result, 'ABORTED')).toEqual({ error: 'E', cause: 'C' });
    expect(result.types.at(-1)).toBe('ExecutionAborted');
    expect(detailsOf(result, 'ExecutionAborted')).toEqual({ error: 'E', cause: 'C' });
  });

  it('API StopExecution: started: (e) => e.stop("E", "C") aborts at once', async () => {
    const definition = machine({ W: { Type: 'Wait', Seconds: 10, End: true } });
    const result = await runDefinition(definition, {}, { started: (e) => { e.stop('E', 'C'); } });
    expect(failureOf(result, 'ABORTED')).toEqual({ error: 'E', cause: 'C' });
    expect(result.types.at(-1)).toBe('ExecutionAborted');
  });

  it('API StopExecution: stopping during a Map ends ABORTED (the iterations stop)', async () => {
    let execution: Execution | undefined;
    const definition = machine({ M: { Type: 'Map', ItemProcessor: block({ T: { Type: 'Task', Resource: HANG, End: true } }), End: true } });
    let calls = 0;
    const result = await runDefinition(definition, [1, 2], {
      started: (e) => { execution = e; },
      resources: { [HANG]: (request) => { calls += 1; if (calls === 2) execution?.stop('Stop', 'by test'); return new Promise((_, reject) => { request.signal.addEventListener('abort', () => { reject(new Error('aborted')); }); }); } },
    });
    expect(failureOf(result, 'ABORTED')).toEqual({ error: 'Stop', cause: 'by test' });
    expect(result.requests.every((r) => r.signal.aborted)).toBe(true);
  });
});
