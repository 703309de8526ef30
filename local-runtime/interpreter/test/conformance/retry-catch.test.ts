/**
 * Retry and Catch, timed on virtual time.
 * Sources: AWS DG "Handling errors in Step Functions workflows" (Retrier fields and defaults:
 * IntervalSeconds 1, MaxAttempts 3, BackoffRate 2.0; MaxDelaySeconds caps; MaxAttempts 0 never
 * retries; complex retry scenarios; Catch with ResultPath "$.error-info"), DG "Context object"
 * (State.RetryCount), SPEC "Retrying after error", "Fallback states", reference §2 (JSONata
 * Catch), §5 (Retry formula, 3 s then 6 s, cap 4 s) and §6 (TaskScheduled after TaskFailed).
 */
import { StatesError } from '../..';
import { detailsOf, eventsOf, FAIL, failureOf, jsonataMachine, machine, outputOf, runDefinition, secondsAt } from './helpers';

/** A resource that fails with the given errors in turn, then returns 'ok'. */
const failing = (...errors: string[]) => {
  let call = 0;
  return (): unknown => {
    const error = errors[call];
    call += 1;
    if (error !== undefined) throw new StatesError(error, `attempt ${call}`);
    return 'ok';
  };
};
const always = (error: string) => (): never => { throw new StatesError(error, 'always'); };
const task = (extra: Record<string, unknown>): Record<string, unknown> => ({ Type: 'Task', Resource: FAIL, End: true, ...extra });
const attemptTimes = (result: Awaited<ReturnType<typeof runDefinition>>): number[] => eventsOf(result, 'TaskScheduled').map(secondsAt);

describe('Retry timing (virtual time)', () => {
  it('DG defaults: IntervalSeconds 1, BackoffRate 2, MaxAttempts 3: attempts at 0, 1, 3, 7 s', async () => {
    const result = await runDefinition(machine({ T: task({ Retry: [{ ErrorEquals: ['E'] }] }) }), {}, { resources: { [FAIL]: always('E') } });
    expect(attemptTimes(result)).toEqual([0, 1, 3, 7]);
    expect(failureOf(result).error).toBe('E');
  });

  it('reference §5 / DG: IntervalSeconds 3, BackoffRate 2 waits 3 s then 6 s', async () => {
    const retry = [{ ErrorEquals: ['E'], IntervalSeconds: 3, BackoffRate: 2, MaxAttempts: 2 }];
    const result = await runDefinition(machine({ T: task({ Retry: retry }) }), {}, { resources: { [FAIL]: always('E') } });
    expect(attemptTimes(result)).toEqual([0, 3, 9]);
    expect(result.clock.now() - Date.parse('2025-01-01T00:00:00Z')).toBe(9_000);
  });

  it('reference §5 / DG MaxDelaySeconds: IntervalSeconds 3, BackoffRate 2, MaxDelaySeconds 4 waits 3, 4, 4 s', async () => {
    const retry = [{ ErrorEquals: ['E'], IntervalSeconds: 3, BackoffRate: 2, MaxAttempts: 3, MaxDelaySeconds: 4 }];
    const result = await runDefinition(machine({ T: task({ Retry: retry }) }), {}, { resources: { [FAIL]: always('E') } });
    expect(attemptTimes(result)).toEqual([0, 3, 7, 11]);
  });

  it('DG: BackoffRate 1.5 with IntervalSeconds 2: waits 2 s then 3 s', async () => {
    const retry = [{ ErrorEquals: ['E'], IntervalSeconds: 2, BackoffRate: 1.5, MaxAttempts: 2 }];
    const result = await runDefinition(machine({ T: task({ Retry: retry }) }), {}, { resources: { [FAIL]: always('E') } });
    expect(attemptTimes(result)).toEqual([0, 2, 5]);
  });

  it('DG: BackoffRate 1 keeps the interval constant', async () => {
    const retry = [{ ErrorEquals: ['E'], IntervalSeconds: 5, BackoffRate: 1, MaxAttempts: 3 }];
    const result = await runDefinition(machine({ T: task({ Retry: retry }) }), {}, { resources: { [FAIL]: always('E') } });
    expect(attemptTimes(result)).toEqual([0, 5, 10, 15]);
  });

  it('DG: MaxAttempts 0 never retries', async () => {
    const result = await runDefinition(machine({ T: task({ Retry: [{ ErrorEquals: ['E'], MaxAttempts: 0 }] }) }), {}, { resources: { [FAIL]: always('E') } });
    expect(result.requests).toHaveLength(1);
    expect(failureOf(result).error).toBe('E');
  });

  it('SPEC: a retry that then succeeds ends the state normally', async () => {
    const result = await runDefinition(machine({ T: task({ Retry: [{ ErrorEquals: ['E'], IntervalSeconds: 2 }] }) }), {}, { resources: { [FAIL]: failing('E', 'E') } });
    expect(outputOf(result)).toBe('ok');
    expect(attemptTimes(result)).toEqual([0, 2, 6]);
  });

  it('SPEC: an error that no Retrier names is not retried', async () => {
    const result = await runDefinition(machine({ T: task({ Retry: [{ ErrorEquals: ['Other'] }] }) }), {}, { resources: { [FAIL]: always('E') } });
    expect(result.requests).toHaveLength(1);
  });
});

describe('Retriers: matching and counting', () => {
  const retry = [
    { ErrorEquals: ['ErrorA', 'ErrorB'], IntervalSeconds: 1, BackoffRate: 2.0, MaxAttempts: 2 },
    { ErrorEquals: ['ErrorC'], IntervalSeconds: 5 },
  ];

  it('AWS DG complex retry scenario: ErrorA then ErrorB share one retrier\'s count (waits 1 s then 2 s); a third ErrorA is not retried', async () => {
    const result = await runDefinition(machine({ T: task({ Retry: retry }) }), {}, { resources: { [FAIL]: failing('ErrorA', 'ErrorB', 'ErrorA') } });
    expect(attemptTimes(result)).toEqual([0, 1, 3]);
    expect(failureOf(result)).toEqual({ error: 'ErrorA', cause: 'attempt 3' });
  });

  it('AWS DG complex retry scenario: ErrorC uses its own retrier and count (5 s)', async () => {
    const result = await runDefinition(machine({ T: task({ Retry: retry }) }), {}, { resources: { [FAIL]: failing('ErrorA', 'ErrorC', 'ErrorB') } });
    expect(attemptTimes(result)).toEqual([0, 1, 6, 8]);
    expect(outputOf(result)).toBe('ok');
  });

  it('SPEC: the first Retrier whose ErrorEquals matches is used', async () => {
    const ordered = [{ ErrorEquals: ['E'], IntervalSeconds: 7, MaxAttempts: 1 }, { ErrorEquals: ['States.ALL'], IntervalSeconds: 1, MaxAttempts: 5 }];
    const result = await runDefinition(machine({ T: task({ Retry: ordered }) }), {}, { resources: { [FAIL]: always('E') } });
    expect(attemptTimes(result)).toEqual([0, 7]);
  });

  it('DG Context object: $$.State.RetryCount is 0, 1, 2 on successive attempts', async () => {
    const definition = machine({ T: task({ Parameters: { 'count.$': '$$.State.RetryCount' }, Retry: [{ ErrorEquals: ['E'], MaxAttempts: 2 }] }) });
    const result = await runDefinition(definition, {}, { resources: { [FAIL]: failing('E', 'E') } });
    expect(result.requests.map((r) => r.parameters)).toEqual([{ count: 0 }, { count: 1 }, { count: 2 }]);
  });

  it('DG Context object (JSONata): $states.context.State.RetryCount per attempt', async () => {
    const definition = jsonataMachine({ T: task({ Arguments: { count: '{% $states.context.State.RetryCount %}' }, Retry: [{ ErrorEquals: ['E'], MaxAttempts: 1 }] }) });
    const result = await runDefinition(definition, {}, { resources: { [FAIL]: failing('E') } });
    expect(result.requests.map((r) => r.parameters)).toEqual([{ count: 0 }, { count: 1 }]);
  });

  it('reference §6: a retry emits no special event; the next TaskScheduled follows the TaskFailed', async () => {
    const result = await runDefinition(machine({ T: task({ Retry: [{ ErrorEquals: ['E'], MaxAttempts: 1 }] }) }), {}, { resources: { [FAIL]: failing('E') } });
    expect(result.types).toEqual(['ExecutionStarted', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskFailed', 'TaskScheduled', 'TaskStarted', 'TaskSucceeded', 'TaskStateExited', 'ExecutionSucceeded']);
    const failed = eventsOf(result, 'TaskFailed')[0]!;
    expect(eventsOf(result, 'TaskScheduled')[1]!.previousEventId).toBe(failed.id);
  });
});

describe('Catch (JSONPath)', () => {
  it('SPEC: Retry first, then Catch once the retries are used', async () => {
    const definition = machine({
      T: task({ Retry: [{ ErrorEquals: ['E'], MaxAttempts: 2 }], Catch: [{ ErrorEquals: ['E'], Next: 'Recover' }], End: undefined, Next: 'Done' }),
      Recover: { Type: 'Pass', End: true },
      Done: { Type: 'Pass', End: true },
    });
    const result = await runDefinition(definition, {}, { resources: { [FAIL]: always('E') } });
    expect(result.requests).toHaveLength(3);
    expect(outputOf(result)).toEqual({ Error: 'E', Cause: 'always' });
  });

  it('AWS DG Catch example: ResultPath "$.error-info" keeps the input and adds the Error Output', async () => {
    const definition = machine({
      T: task({ Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error-info', Next: 'Recover' }] }),
      Recover: { Type: 'Pass', End: true },
    });
    const result = await runDefinition(definition, { foo: 'bar' }, { resources: { [FAIL]: always('CustomError') } });
    expect(outputOf(result)).toEqual({ foo: 'bar', 'error-info': { Error: 'CustomError', Cause: 'always' } });
  });

  it('aws-semantics: default Catch ResultPath replaces the input with {Error, Cause}', async () => {
    const definition = machine({ T: task({ Catch: [{ ErrorEquals: ['States.ALL'], Next: 'R' }] }), R: { Type: 'Pass', End: true } });
    const result = await runDefinition(definition, { foo: 'bar' }, { resources: { [FAIL]: always('X') } });
    expect(outputOf(result)).toEqual({ Error: 'X', Cause: 'always' });
  });

  it('SPEC: Catch ResultPath null keeps the input as it was', async () => {
    const definition = machine({ T: task({ Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: null, Next: 'R' }] }), R: { Type: 'Pass', End: true } });
    expect(outputOf(await runDefinition(definition, { foo: 'bar' }, { resources: { [FAIL]: always('X') } }))).toEqual({ foo: 'bar' });
  });

  it('SPEC: Catchers are scanned in order; the first match wins', async () => {
    const definition = machine({
      T: task({ Catch: [{ ErrorEquals: ['Other'], Next: 'A' }, { ErrorEquals: ['X'], Next: 'B' }, { ErrorEquals: ['States.ALL'], Next: 'C' }] }),
      A: { Type: 'Pass', Result: 'A', End: true },
      B: { Type: 'Pass', Result: 'B', End: true },
      C: { Type: 'Pass', Result: 'C', End: true },
    });
    expect(outputOf(await runDefinition(definition, {}, { resources: { [FAIL]: always('X') } }))).toBe('B');
  });

  it('reference §6: a caught Task still records TaskStateExited, whose output is the Catch output', async () => {
    const definition = machine({ T: task({ Catch: [{ ErrorEquals: ['States.ALL'], Next: 'R' }] }), R: { Type: 'Pass', End: true } });
    const result = await runDefinition(definition, {}, { resources: { [FAIL]: always('X') } });
    expect(result.types).toEqual(['ExecutionStarted', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskFailed', 'TaskStateExited', 'PassStateEntered', 'PassStateExited', 'ExecutionSucceeded']);
    expect(detailsOf(result, 'TaskStateExited')).toMatchObject({ name: 'T', output: '{"Error":"X","Cause":"always"}' });
  });

  it('reference §4 SPEC "Using Assign": a JSONPath Catcher\'s Assign has $ = the Error Output', async () => {
    const definition = machine({
      T: task({ Assign: { notRun: true }, Catch: [{ ErrorEquals: ['States.ALL'], Assign: { 'errorName.$': '$.Error' }, Next: 'R' }] }),
      R: { Type: 'Pass', Parameters: { 'name.$': '$errorName' }, End: true },
    });
    const result = await runDefinition(definition, {}, { resources: { [FAIL]: always('Boom') } });
    expect(outputOf(result)).toEqual({ name: 'Boom' });
    expect(detailsOf(result, 'TaskStateExited').assignedVariables).toEqual({ errorName: '"Boom"' });
  });
});

describe('Catch (JSONata)', () => {
  it('reference §2 (LS test_assign_in_catch_state): Catcher Output/Assign use $states.errorOutput; the state-level Assign does not run', async () => {
    const definition = jsonataMachine({
      T: task({
        Assign: { stateLevel: 'should not be set' },
        Catch: [{ ErrorEquals: ['States.ALL'], Output: { err: '{% $states.errorOutput.Error %}', input: '{% $states.input %}' }, Assign: { cause: '{% $states.errorOutput.Cause %}' }, Next: 'R' }],
      }),
      R: { Type: 'Pass', Output: { out: '{% $states.input %}', cause: '{% $cause %}', has: '{% $exists($stateLevel) %}' }, End: true },
    });
    const result = await runDefinition(definition, { k: 1 }, { resources: { [FAIL]: always('Exception') } });
    expect(outputOf(result)).toEqual({ out: { err: 'Exception', input: { k: 1 } }, cause: 'always', has: false });
  });

  it('reference §2: without Output a JSONata Catcher outputs the Error Output', async () => {
    const definition = jsonataMachine({ T: task({ Catch: [{ ErrorEquals: ['States.ALL'], Next: 'R' }] }), R: { Type: 'Pass', End: true } });
    expect(outputOf(await runDefinition(definition, {}, { resources: { [FAIL]: always('Exception') } }))).toEqual({ Error: 'Exception', Cause: 'always' });
  });

  it('reference §5: a JSONata Task may Retry a States.QueryEvaluationError (fails every time: retried, then caught)', async () => {
    const definition = jsonataMachine({
      T: task({ Arguments: { v: '{% $states.input.missing %}' }, Retry: [{ ErrorEquals: ['States.QueryEvaluationError'], MaxAttempts: 2, IntervalSeconds: 1 }], Catch: [{ ErrorEquals: ['States.QueryEvaluationError'], Next: 'R' }] }),
      R: { Type: 'Pass', Output: '{% $states.input.Error %}', End: true },
    });
    const result = await runDefinition(definition, {}, { resources: { [FAIL]: always('never called') } });
    expect(outputOf(result)).toBe('States.QueryEvaluationError');
    expect(result.requests).toHaveLength(0);
    expect(result.clock.now() - Date.parse('2025-01-01T00:00:00Z')).toBe(3_000);
  });
});
