/**
 * JSON templates and Assign. Sources: SPEC "JSONata Evaluation" (strings replaced at any depth,
 * keys never evaluated); reference section 3 (AWS-recorded causes and locations `Output`,
 * `Output/result`, `Assign/result`, `Arguments/FunctionName`); section 4 (evaluation order:
 * `{"x": 42, "old": "{% $x %}"}` and the swap example, SPEC "Using Assign").
 */
import { evaluateAssign, evaluateTemplate, type FieldEnvironment } from '../../jsonata/template';
import { PREFIX, deepFreeze, failureOf, scopeOf } from './scope';

function environmentOf(variables: Record<string, unknown> = {}, input: unknown = { name: 'Ada', list: [1, 2] }): FieldEnvironment {
  const scope = scopeOf({ variables, input });
  return { scope, states: { input, context: scope.context } };
}


describe('evaluateTemplate', () => {
  it('replaces expressions at any depth, keeps keys and literals as they are', async () => {
    const template = {
      '{% $x %}': 'literal',
      name: '{% $states.input.name %}',
      nested: [1, '{% $states.input.list[1] %}', { deep: '{% $x * 2 %}' }],
      partial: 'a {% $x %}',
      spaced: ' {% $x %}',
      flags: [true, null, 1.5],
    };
    expect(await evaluateTemplate(template, 'Output', environmentOf({ x: 21 }))).toEqual({
      '{% $x %}': 'literal',
      name: 'Ada',
      nested: [1, 2, { deep: 42 }],
      partial: 'a {% $x %}',
      spaced: ' {% $x %}',
      flags: [true, null, 1.5],
    });
  });

  it('a whole-field expression may return any JSON type', async () => {
    expect(await evaluateTemplate('{% $states.input %}', 'Output', environmentOf())).toEqual({ name: 'Ada', list: [1, 2] });
    expect(await evaluateTemplate('{% null %}', 'Output', environmentOf())).toBeNull();
  });

  it('builds new objects: the definition is neither shared nor changed', async () => {
    const template = deepFreeze({ a: { b: [1] } });
    const result = await evaluateTemplate(template, 'Output', environmentOf());
    expect(result).toEqual(template);
    expect(result).not.toBe(template);
  });

  it('undefined at the top: AWS cause with the field Output (AWS-recorded)', async () => {
    const error = await failureOf(evaluateTemplate('{% $states.input.missing %}', 'Output', environmentOf()));
    expect(error.error).toBe('States.QueryEvaluationError');
    expect(error.location).toBe('Output');
    expect(error.cause).toBe(`${PREFIX} The JSONata expression '$states.input.missing' specified for the field 'Output' returned nothing (undefined).`);
  });

  it('undefined nested: the location names the member, Output/result and Arguments/FunctionName (AWS-recorded)', async () => {
    const error = await failureOf(evaluateTemplate({ result: '{% $nope %}' }, 'Output', environmentOf()));
    expect(error.location).toBe('Output/result');
    expect(error.cause).toBe(`${PREFIX} The JSONata expression '$nope' specified for the field 'Output/result' returned nothing (undefined).`);
    const argumentsError = await failureOf(evaluateTemplate({ FunctionName: '{% $fn %}', Payload: {} }, 'Arguments', environmentOf()));
    expect(argumentsError.location).toBe('Arguments/FunctionName');
  });

  it('array elements are named with their index', async () => {
    const error = await failureOf(evaluateTemplate([1, '{% $nope %}'], 'Items', environmentOf()));
    expect(error.location).toBe('Items[1]');
  });

  it('an error during evaluation: `threw an error during evaluation. <code>: <message>` (AWS-recorded T1006)', async () => {
    const error = await failureOf(evaluateTemplate({ r: '{% $randomSeeded(1) %}' }, 'Output', environmentOf()));
    expect(error.cause).toBe(
      `${PREFIX} The JSONata expression '$randomSeeded(1)' specified for the field 'Output/r' threw an error during evaluation. T1006: Attempted to invoke a non-function`,
    );
  });

  it('a function result: unsupported result type', async () => {
    const error = await failureOf(evaluateTemplate('{% $sum %}', 'Output', environmentOf()));
    expect(error.cause).toBe(`${PREFIX} The JSONata expression '$sum' specified for the field 'Output' returned an unsupported result type.`);
  });
});

describe('evaluateAssign (SPEC "Using Assign"; DG "Passing data between states with variables")', () => {
  it('{"x": 42, "old": "{% $x %}"} with x=5 gives x=42, old=5', async () => {
    expect(await evaluateAssign({ x: 42, old: '{% $x %}' }, 'Assign', environmentOf({ x: 5 }))).toEqual({ x: 42, old: 5 });
  });

  it('the swap example: {"x": "{% $y %}", "y": "{% $x %}"}', async () => {
    expect(await evaluateAssign({ x: '{% $y %}', y: '{% $x %}' }, 'Assign', environmentOf({ x: 1, y: 2 }))).toEqual({ x: 2, y: 1 });
  });

  it('keys are variable names, never sub-paths: "x.y" is a variable named x.y', async () => {
    expect(await evaluateAssign({ 'x.y': 1 }, 'Assign', environmentOf())).toEqual({ 'x.y': 1 });
  });

  it('an undefined value fails with the location Assign/<name> (AWS-recorded Assign/result)', async () => {
    const error = await failureOf(evaluateAssign({ ok: 1, result: '{% $states.result %}' }, 'Assign', environmentOf()));
    expect(error.location).toBe('Assign/result');
    expect(error.cause).toBe(`${PREFIX} The JSONata expression '$states.result' specified for the field 'Assign/result' returned nothing (undefined).`);
  });

  it('does not change the variables it was given', async () => {
    const variables = deepFreeze({ x: 5 });
    await evaluateAssign({ x: 6 }, 'Assign', environmentOf(variables));
    expect(variables).toEqual({ x: 5 });
  });
});
