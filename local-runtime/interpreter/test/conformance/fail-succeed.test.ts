/**
 * Fail and Succeed states.
 * Sources: AWS DG "Fail workflow state" (Error/Cause, ErrorPath/CausePath with $$ and
 * States.Format), DG "Succeed workflow state", SPEC "Fail State", "JSONata Fail State",
 * reference §5 (Fail without Error/Cause: details omit the keys) and §6 (Fail has no Exited).
 */
import { block, detailsOf, failureOf, jsonataMachine, machine, outputOf, runDefinition } from './helpers';

describe('Fail', () => {
  it('AWS DG Fail example: Error "ErrorA", Cause "Kaiju attack" end the execution', async () => {
    const result = await runDefinition(machine({ FailState: { Type: 'Fail', Error: 'ErrorA', Cause: 'Kaiju attack' } }), {});
    expect(failureOf(result)).toEqual({ error: 'ErrorA', cause: 'Kaiju attack' });
    expect(detailsOf(result, 'ExecutionFailed')).toEqual({ error: 'ErrorA', cause: 'Kaiju attack' });
  });

  it('reference §6: Fail has FailStateEntered and no FailStateExited', async () => {
    const result = await runDefinition(machine({ F: { Type: 'Fail', Error: 'E' } }), {});
    expect(result.types).toEqual(['ExecutionStarted', 'FailStateEntered', 'ExecutionFailed']);
  });

  it('reference §5 (LS): a Fail without Error and Cause gives ExecutionFailed details without those keys', async () => {
    const result = await runDefinition(machine({ F: { Type: 'Fail' } }), {});
    expect(detailsOf(result, 'ExecutionFailed')).toEqual({});
    const onlyCause = await runDefinition(machine({ F: { Type: 'Fail', Cause: 'why' } }), {});
    expect(detailsOf(onlyCause, 'ExecutionFailed')).toEqual({ cause: 'why' });
  });

  it('AWS DG Fail example: ErrorPath "$$.State.Name" and CausePath "$.Cause"', async () => {
    const definition = machine({ FailState: { Type: 'Fail', Comment: 'my error comment', ErrorPath: '$$.State.Name', CausePath: '$.Cause' } });
    const result = await runDefinition(definition, { Cause: 'the input cause' });
    expect(failureOf(result)).toEqual({ error: 'FailState', cause: 'the input cause' });
  });

  it('AWS DG Fail example: CausePath may be an intrinsic (States.Format)', async () => {
    const definition = machine({
      FailState: { Type: 'Fail', ErrorPath: '$.Error', CausePath: "States.Format('this is the error: {}, and this is the cause: {}', $.Error, $.Cause)" },
    });
    const result = await runDefinition(definition, { Error: 'Err', Cause: 'Why' });
    expect(failureOf(result)).toEqual({ error: 'Err', cause: 'this is the error: Err, and this is the cause: Why' });
  });

  it('SPEC JSONata Fail: Error and Cause may be expressions giving strings', async () => {
    const definition = jsonataMachine({ F: { Type: 'Fail', Error: "{% 'Custom.' & $states.input.kind %}", Cause: '{% $string($states.input.n) %}' } });
    const result = await runDefinition(definition, { kind: 'Bad', n: 3 });
    expect(failureOf(result)).toEqual({ error: 'Custom.Bad', cause: '3' });
  });

  it('SPEC JSONata Fail: an Error expression giving a number is States.QueryEvaluationError', async () => {
    const result = await runDefinition(jsonataMachine({ F: { Type: 'Fail', Error: '{% 42 %}' } }), {});
    expect(failureOf(result).error).toBe('States.QueryEvaluationError');
  });

  it('SPEC: a Fail inside a Parallel branch fails the Parallel state, and then the execution, with its own Error', async () => {
    const definition = machine({ P: { Type: 'Parallel', Branches: [block({ F: { Type: 'Fail', Error: 'FailureType', Cause: 'c' } })], End: true } });
    expect(failureOf(await runDefinition(definition, {}))).toEqual({ error: 'FailureType', cause: 'c' });
  });
});

describe('Succeed', () => {
  it('DG Succeed: ends the execution; the output is the input', async () => {
    const definition = machine({ S: { Type: 'Succeed' } });
    const result = await runDefinition(definition, { a: 1 });
    expect(outputOf(result)).toEqual({ a: 1 });
    expect(result.types).toEqual(['ExecutionStarted', 'SucceedStateEntered', 'SucceedStateExited', 'ExecutionSucceeded']);
  });

  it('SPEC: Succeed applies InputPath and OutputPath', async () => {
    const result = await runDefinition(machine({ S: { Type: 'Succeed', InputPath: '$.a', OutputPath: '$.b' } }), { a: { b: [1] } });
    expect(outputOf(result)).toEqual([1]);
  });

  it('reference §1 table: a JSONata Succeed has Output', async () => {
    const result = await runDefinition(jsonataMachine({ S: { Type: 'Succeed', Output: { done: '{% $states.input.n %}' } } }), { n: 2 });
    expect(outputOf(result)).toEqual({ done: 2 });
  });

  it('SPEC: a Succeed inside a Parallel branch ends only that branch', async () => {
    const definition = machine({
      P: { Type: 'Parallel', Branches: [block({ S: { Type: 'Succeed' } }), block({ X: { Type: 'Pass', Result: 'x', End: true } })], Next: 'After' },
      After: { Type: 'Pass', End: true },
    });
    const result = await runDefinition(definition, { v: 1 });
    expect(outputOf(result)).toEqual([{ v: 1 }, 'x']);
    expect(result.types).toContain('PassStateExited');
  });
});
