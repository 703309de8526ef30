/**
 * JSONata data flow: Arguments, Output, templates, $states, undefined results.
 * Sources: AWS DG "Transforming data with JSONata in Step Functions"; SPEC "Expressions",
 * "JSONata Evaluation", "Using Arguments and Output"; reference §1-§3 (LS-recorded causes).
 */
import { detailsOf, ECHO, echo, failureOf, jsonataMachine, outputOf, runDefinition } from './helpers';

const prefix = (state: string, id: number): string => `An error occurred while executing the state '${state}' (entered at the event id #${id}).`;

describe('JSONata templates', () => {
  it('SPEC Expressions: strings at any depth of Output are evaluated; keys never are', async () => {
    const definition = jsonataMachine({
      P: { Type: 'Pass', Output: { '{% "key" %}': 'lit', list: [1, '{% $states.input.a %}', { deep: '{% $states.input.a + 1 %}' }] }, End: true },
    });
    const result = await runDefinition(definition, { a: 1 });
    expect(outputOf(result)).toEqual({ '{% "key" %}': 'lit', list: [1, 1, { deep: 2 }] });
  });

  it('AWS-SKILL / reference §1: no interpolation, "a {% $x %}" stays a literal string', async () => {
    const definition = jsonataMachine({ P: { Type: 'Pass', Output: { text: 'total: {% $states.input.a %}' }, End: true } });
    const result = await runDefinition(definition, { a: 1 });
    expect(outputOf(result)).toEqual({ text: 'total: {% $states.input.a %}' });
  });

  it('reference §1: string literals in single quotes; an expression may give any JSON type', async () => {
    const definition = jsonataMachine({
      P: { Type: 'Pass', Output: { s: "{% 'hello ' & $states.input.name %}", n: '{% 3 * 2 %}', b: '{% true %}', o: '{% {"k": 1} %}', z: '{% null %}' }, End: true },
    });
    const result = await runDefinition(definition, { name: 'Ana' });
    expect(outputOf(result)).toEqual({ s: 'hello Ana', n: 6, b: true, o: { k: 1 }, z: null });
  });

  it('DG JSONata / reference §2: $states.context.Execution.Input is the execution input', async () => {
    const definition = jsonataMachine({
      A: { Type: 'Pass', Output: { changed: true }, Next: 'B' },
      B: { Type: 'Pass', Output: { original: '{% $states.context.Execution.Input %}', now: '{% $states.input %}' }, End: true },
    });
    const result = await runDefinition(definition, { first: 1 });
    expect(outputOf(result)).toEqual({ original: { first: 1 }, now: { changed: true } });
  });
});

describe('Arguments and Output of a Task', () => {
  it('SPEC: Arguments may be one expression giving the whole payload', async () => {
    const definition = jsonataMachine({ T: { Type: 'Task', Resource: ECHO, Arguments: '{% $merge([$states.input, {"extra": 1}]) %}', End: true } });
    const result = await runDefinition(definition, { a: 0 }, { resources: { [ECHO]: echo } });
    expect(result.requests[0]?.parameters).toEqual({ a: 0, extra: 1 });
  });

  it('DG JSONata: Output reshapes the result ($states.result.Payload)', async () => {
    const definition = jsonataMachine({ T: { Type: 'Task', Resource: ECHO, Output: '{% $states.result.Payload %}', End: true } });
    const result = await runDefinition(definition, {}, { resources: { [ECHO]: () => ({ StatusCode: 200, Payload: { greeting: 'hi' } }) } });
    expect(outputOf(result)).toEqual({ greeting: 'hi' });
  });
});

describe('States.QueryEvaluationError from data flow (reference §3, LS-recorded causes)', () => {
  it('an expression returning nothing in Output: cause "returned nothing (undefined)", location Output', async () => {
    const definition = jsonataMachine({ P: { Type: 'Pass', Output: '{% $states.input.missing %}', End: true } });
    const result = await runDefinition(definition, {});
    expect(failureOf(result)).toEqual({
      error: 'States.QueryEvaluationError',
      cause: `${prefix('P', 2)} The JSONata expression '$states.input.missing' specified for the field 'Output' returned nothing (undefined).`,
    });
    expect(detailsOf(result, 'EvaluationFailed')).toMatchObject({ state: 'P', error: 'States.QueryEvaluationError', location: 'Output' });
  });

  it('a nested undefined value names its member: Output/result', async () => {
    const definition = jsonataMachine({ P: { Type: 'Pass', Output: { result: '{% $nothing %}' }, End: true } });
    const result = await runDefinition(definition, {});
    expect(detailsOf(result, 'EvaluationFailed')).toMatchObject({ location: 'Output/result' });
    expect(failureOf(result).cause).toContain("The JSONata expression '$nothing' specified for the field 'Output/result' returned nothing (undefined).");
  });

  it('Arguments/FunctionName: an undefined member of Arguments', async () => {
    const definition = jsonataMachine({ T: { Type: 'Task', Resource: ECHO, Arguments: { FunctionName: '{% $states.input.fn %}' }, End: true } });
    const result = await runDefinition(definition, {}, { resources: { [ECHO]: echo } });
    expect(detailsOf(result, 'EvaluationFailed')).toMatchObject({ location: 'Arguments/FunctionName' });
    expect(result.requests).toHaveLength(0);
    expect(result.types).not.toContain('TaskScheduled');
  });

  it('T1006 "Attempted to invoke a non-function" (e.g. $randomSeeded, which AWS does not provide)', async () => {
    const definition = jsonataMachine({ P: { Type: 'Pass', Output: '{% $randomSeeded(1) %}', End: true } });
    const result = await runDefinition(definition, {});
    expect(failureOf(result).cause).toBe(
      `${prefix('P', 2)} The JSONata expression '$randomSeeded(1)' specified for the field 'Output' threw an error during evaluation. T1006: Attempted to invoke a non-function`,
    );
  });

  it('a JSONata type error (string + number) is States.QueryEvaluationError', async () => {
    const definition = jsonataMachine({ P: { Type: 'Pass', Output: '{% $states.input.s + 1 %}', End: true } });
    const result = await runDefinition(definition, { s: 'abc' });
    const { error, cause } = failureOf(result);
    expect(error).toBe('States.QueryEvaluationError');
    expect(cause).toContain('threw an error during evaluation. T2001');
  });

  it('a function result is "returned an unsupported result type."', async () => {
    const definition = jsonataMachine({ P: { Type: 'Pass', Output: '{% function($x){$x} %}', End: true } });
    const result = await runDefinition(definition, {});
    expect(failureOf(result).cause).toBe(`${prefix('P', 2)} The JSONata expression 'function($x){$x}' specified for the field 'Output' returned an unsupported result type.`);
  });
});
