/**
 * Parallel state, both query languages.
 * Sources: AWS DG "Parallel workflow state" (example: branches get the same input; output is
 * the array of branch outputs in order; a failed branch fails the state), SPEC "Parallel State",
 * reference §2 (JSONata Arguments/Output), §5 (failure propagation, LS-recorded).
 */
import { StatesError } from '../..';
import { block, ECHO, echo, exitedOutput, FAIL, failureOf, jsonataMachine, machine, outputOf, runDefinition, START_ISO } from './helpers';

const ADD = 'arn:aws:states:::test:add';
const SUB = 'arn:aws:states:::test:sub';
const arithmetic = {
  [ADD]: (request: { parameters: unknown }) => { const [a, b] = request.parameters as number[]; return a! + b!; },
  [SUB]: (request: { parameters: unknown }) => { const [a, b] = request.parameters as number[]; return a! - b!; },
};

describe('Parallel (JSONPath)', () => {
  it('AWS DG Parallel example: both branches get [3, 2]; the output is [5, 1] in Branches order', async () => {
    const definition = machine({
      Parallel: {
        Type: 'Parallel',
        Branches: [block({ Add: { Type: 'Task', Resource: ADD, End: true } }), block({ Subtract: { Type: 'Task', Resource: SUB, End: true } })],
        Next: 'NextState',
      },
      NextState: { Type: 'Pass', End: true },
    });
    const result = await runDefinition(definition, [3, 2], { resources: arithmetic });
    expect(outputOf(result)).toEqual([5, 1]);
  });

  it('SPEC: results are in Branches order even when a later branch ends first', async () => {
    const definition = machine({
      P: {
        Type: 'Parallel',
        Branches: [block({ Slow: { Type: 'Wait', Seconds: 10, Next: 'A' }, A: { Type: 'Pass', Result: 'first', End: true } }), block({ B: { Type: 'Pass', Result: 'second', End: true } })],
        End: true,
      },
    });
    expect(outputOf(await runDefinition(definition, {}))).toEqual(['first', 'second']);
  });

  it('SPEC: branches run at once (two 10 s Waits take 10 s, not 20 s)', async () => {
    const wait = (name: string): Record<string, unknown> => block({ [name]: { Type: 'Wait', Seconds: 10, End: true } });
    const result = await runDefinition(machine({ P: { Type: 'Parallel', Branches: [wait('W1'), wait('W2')], End: true } }), {});
    outputOf(result);
    expect(result.clock.now() - Date.parse(START_ISO)).toBe(10_000);
  });

  it('SPEC: InputPath/Parameters give the branches their input; ResultSelector/ResultPath/OutputPath shape the output', async () => {
    const definition = machine({
      P: {
        Type: 'Parallel',
        Parameters: { 'n.$': '$.value' },
        Branches: [block({ A: { Type: 'Pass', End: true } }), block({ B: { Type: 'Pass', Result: 'b', End: true } })],
        ResultSelector: { 'first.$': '$[0].n', 'second.$': '$[1]' },
        ResultPath: '$.out',
        End: true,
      },
    });
    expect(outputOf(await runDefinition(definition, { value: 7 }))).toEqual({ value: 7, out: { first: 7, second: 'b' } });
  });

  it('reference §5 (LS test_parallel_state_fail): a failed branch fails the state with the branch\'s own error, not States.BranchFailed', async () => {
    const definition = machine({
      P: { Type: 'Parallel', Branches: [block({ Ok: { Type: 'Pass', End: true } }), block({ Bad: { Type: 'Task', Resource: FAIL, End: true } })], End: true },
    });
    const result = await runDefinition(definition, {}, { resources: { [FAIL]: () => { throw new StatesError('BranchError', 'branch cause'); } } });
    expect(failureOf(result)).toEqual({ error: 'BranchError', cause: 'branch cause' });
  });

  it('DG Parallel: a Catch on the Parallel state takes a branch failure (Error Output of the branch error)', async () => {
    const definition = machine({
      P: {
        Type: 'Parallel',
        Branches: [block({ F: { Type: 'Fail', Error: 'HandleItemFailError', Cause: 'HandleItemFailCause' } })],
        Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Handled' }],
        End: true,
      },
      Handled: { Type: 'Pass', End: true },
    });
    const result = await runDefinition(definition, { in: 1 });
    expect(outputOf(result)).toEqual({ in: 1, error: { Error: 'HandleItemFailError', Cause: 'HandleItemFailCause' } });
  });

  it('SPEC: a Retry on the Parallel state runs every branch again', async () => {
    let calls = 0;
    const definition = machine({
      P: {
        Type: 'Parallel',
        Branches: [block({ A: { Type: 'Task', Resource: ECHO, End: true } }), block({ B: { Type: 'Task', Resource: FAIL, End: true } })],
        Retry: [{ ErrorEquals: ['Flaky'], IntervalSeconds: 1, MaxAttempts: 2 }],
        End: true,
      },
    });
    const result = await runDefinition(definition, { x: 1 }, {
      resources: { [ECHO]: echo, [FAIL]: () => { calls += 1; if (calls < 2) throw new StatesError('Flaky'); return 'ok'; } },
    });
    expect(outputOf(result)).toEqual([{ x: 1 }, 'ok']);
    expect(result.requests.filter((r) => r.stateName === 'A').length).toBeGreaterThanOrEqual(1);
    expect(calls).toBe(2);
  });

  it('DG Context object: in a branch $$.Execution.Input and StartTime are the execution\'s', async () => {
    const definition = machine({
      Prep: { Type: 'Pass', Result: { changed: true }, Next: 'P' },
      P: {
        Type: 'Parallel',
        Branches: [block({ Ctx: { Type: 'Pass', Parameters: { 'input.$': '$$.Execution.Input', 'start.$': '$$.Execution.StartTime', 'state.$': '$$.State.Name', 'own.$': '$' }, End: true } })],
        End: true,
      },
    });
    const result = await runDefinition(definition, { original: 1 });
    expect(outputOf(result)).toEqual([{ input: { original: 1 }, start: START_ISO, state: 'Ctx', own: { changed: true } }]);
  });

  it('SPEC: an empty-input branch chain passes its outputs through several states', async () => {
    const definition = machine({
      P: { Type: 'Parallel', Branches: [block({ A: { Type: 'Pass', Result: 1, Next: 'B' }, B: { Type: 'Pass', End: true } })], End: true },
    });
    const result = await runDefinition(definition, {});
    expect(exitedOutput(result, 'B')).toBe(1);
    expect(outputOf(result)).toEqual([1]);
  });
});

describe('Parallel (JSONata)', () => {
  it('SPEC: Arguments is each branch\'s input; default output = $states.result (array)', async () => {
    const definition = jsonataMachine({
      P: {
        Type: 'Parallel',
        Arguments: { n: '{% $states.input.value + 1 %}' },
        Branches: [block({ A: { Type: 'Pass', Output: '{% $states.input.n %}', End: true } }), block({ B: { Type: 'Pass', Output: '{% $states.input.n * 10 %}', End: true } })],
        End: true,
      },
    });
    expect(outputOf(await runDefinition(definition, { value: 1 }))).toEqual([2, 20]);
  });

  it('SPEC: Output reads $states.result', async () => {
    const definition = jsonataMachine({
      P: {
        Type: 'Parallel',
        Branches: [block({ A: { Type: 'Pass', Output: '{% 1 %}', End: true } }), block({ B: { Type: 'Pass', Output: '{% 2 %}', End: true } })],
        Output: { sum: '{% $sum($states.result) %}' },
        End: true,
      },
    });
    expect(outputOf(await runDefinition(definition, {}))).toEqual({ sum: 3 });
  });

  it('SPEC: JSONata Catch on Parallel, Output with $states.errorOutput', async () => {
    const definition = jsonataMachine({
      P: {
        Type: 'Parallel',
        Branches: [block({ F: { Type: 'Fail', Error: 'E1', Cause: 'C1' } })],
        Catch: [{ ErrorEquals: ['E1'], Output: { caught: '{% $states.errorOutput.Error %}', input: '{% $states.input %}' }, Next: 'H' }],
        End: true,
      },
      H: { Type: 'Pass', End: true },
    });
    expect(outputOf(await runDefinition(definition, { i: 1 }))).toEqual({ caught: 'E1', input: { i: 1 } });
  });
});
