/**
 * The JSONata QueryLanguage as the states call it. Sources: SPEC "Using Arguments and Output"
 * (default outputs; Arguments), "JSONata Choice Rules", "JSONata Catchers", "Map State"; DG
 * "Passing data between states with variables" ($states, Assign order); reference section 3
 * (AWS-recorded causes: Items type error, Map input not an array, Timestamp not parseable).
 */
import type { ChoiceRule, State } from '../../asl';
import { DefinitionError } from '../../errors';
import { jsonata } from '../../jsonata';
import { PREFIX, deepFreeze, failureOf, scopeOf } from './scope';


describe('jsonata QueryLanguage', () => {
  it('is named JSONata', () => {
    expect(jsonata.name).toBe('JSONata');
  });

  it('check refuses $eval and $states.result in Arguments at load time', () => {
    expect(() => {
      jsonata.check('S', { Type: 'Pass', Output: '{% $eval("1") %}', End: true });
    }).toThrow(DefinitionError);
    expect(() => {
      jsonata.check('S', { Type: 'Parallel', Arguments: '{% $states.result %}', Branches: [], End: true });
    }).toThrow(DefinitionError);
  });
});

describe('effectiveInput', () => {
  const input = { name: 'Ada' };

  it('Task and Parallel: Arguments evaluated over $states.input and the variables', async () => {
    const state: State = { Type: 'Task', Resource: 'r', Arguments: { FunctionName: 'f', Payload: { who: '{% $states.input.name %}', n: '{% $n %}' } }, End: true };
    expect(await jsonata.effectiveInput(state, scopeOf({ input, variables: { n: 1 } }))).toEqual({ FunctionName: 'f', Payload: { who: 'Ada', n: 1 } });
    expect(await jsonata.effectiveInput({ Type: 'Parallel', Arguments: '{% $states.input.name %}', Branches: [], End: true }, scopeOf({ input }))).toBe('Ada');
  });

  it('without Arguments, or for other states: the input', async () => {
    expect(await jsonata.effectiveInput({ Type: 'Task', Resource: 'r', End: true }, scopeOf({ input }))).toBe(input);
    expect(await jsonata.effectiveInput({ Type: 'Pass', End: true }, scopeOf({ input }))).toBe(input);
  });

  it('$states.result is not available in Arguments (nothing, at run time too)', async () => {
    const error = await failureOf(jsonata.effectiveInput({ Type: 'Task', Resource: 'r', Arguments: { r: '{% $states.result %}' }, End: true }, scopeOf()));
    expect(error.location).toBe('Arguments/r');
  });

  it('reads $states.context (e.g. the task token, read lazily)', async () => {
    let reads = 0;
    const context = {
      Task: {
        get Token() {
          reads += 1;
          return 'token-1';
        },
      },
    };
    const state: State = { Type: 'Task', Resource: 'r', Arguments: { token: '{% $states.context.Task.Token %}' }, End: true };
    expect(await jsonata.effectiveInput(state, scopeOf({ context }))).toEqual({ token: 'token-1' });
    expect(reads).toBe(1);
  });
});

describe('value', () => {
  it('literal values are returned as they are; absent fields are undefined', async () => {
    const state: State = { Type: 'Task', Resource: 'r', TimeoutSeconds: 30, End: true };
    expect(await jsonata.value(state, 'TimeoutSeconds', scopeOf(), {})).toBe(30);
    expect(await jsonata.value(state, 'HeartbeatSeconds', scopeOf(), {})).toBeUndefined();
  });

  it('expressions are evaluated (SPEC "Timeouts": TimeoutSeconds as JSONata)', async () => {
    const state: State = { Type: 'Task', Resource: 'r', TimeoutSeconds: '{% $states.input.t * 2 %}', End: true };
    expect(await jsonata.value(state, 'TimeoutSeconds', scopeOf({ input: { t: 5 } }), {})).toBe(10);
    expect(await jsonata.value({ Type: 'Fail', Error: '{% "E" & $code %}', Cause: 'literal' }, 'Error', scopeOf({ variables: { code: 42 } }), {})).toBe('E42');
  });

  it('a result of the wrong type: "returned an unexpected result type"', async () => {
    const state: State = { Type: 'Task', Resource: 'r', TimeoutSeconds: '{% "10" %}', End: true };
    const error = await failureOf(jsonata.value(state, 'TimeoutSeconds', scopeOf(), {}));
    expect(error.location).toBe('TimeoutSeconds');
    expect(error.cause).toBe(`${PREFIX} The JSONata expression '"10"' specified for the field 'TimeoutSeconds' returned an unexpected result type. Expected 'number', but was 'string' for value: "10"`);
  });

  it('a number out of range fails too (negative ToleratedFailurePercentage, SPEC "JSONata Runtime Errors")', async () => {
    const state: State = { Type: 'Map', ToleratedFailurePercentage: '{% -1 %}', End: true };
    const error = await failureOf(jsonata.value(state, 'ToleratedFailurePercentage', scopeOf(), {}));
    expect(error.cause).toBe(`${PREFIX} The ToleratedFailurePercentage field must be a number from 0 to 100 but was: -1`);
  });

  it('a Timestamp that cannot be parsed: AWS cause text (AWS-recorded)', async () => {
    const state: State = { Type: 'Wait', Timestamp: '{% $states.input.when %}', End: true };
    const error = await failureOf(jsonata.value(state, 'Timestamp', scopeOf({ input: { when: 'next tuesday' } }), {}));
    expect(error.location).toBe('Timestamp');
    expect(error.cause).toBe(`${PREFIX} The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: next tuesday`);
    expect(await jsonata.value(state, 'Timestamp', scopeOf({ input: { when: '2030-01-01T00:00:00Z' } }), {})).toBe('2030-01-01T00:00:00Z');
  });

  it('Seconds from an expression must be a non-negative integer', async () => {
    const state: State = { Type: 'Wait', Seconds: '{% $s %}', End: true };
    expect(await jsonata.value(state, 'Seconds', scopeOf({ variables: { s: 0 } }), {})).toBe(0);
    await failureOf(jsonata.value(state, 'Seconds', scopeOf({ variables: { s: 1.5 } }), {}));
  });
});

describe('items (SPEC "Map State": Items, default the input)', () => {
  it('Items as an expression', async () => {
    const state: State = { Type: 'Map', Items: '{% $states.input.list %}', End: true };
    expect(await jsonata.items(state, scopeOf({ input: { list: [1, 2] } }), {})).toEqual([1, 2]);
  });

  it('Items as an array whose elements may be expressions', async () => {
    const state: State = { Type: 'Map', Items: [1, '{% $x %}', { v: '{% $x + 1 %}' }], End: true };
    expect(await jsonata.items(state, scopeOf({ variables: { x: 2 } }), {})).toEqual([1, 2, { v: 3 }]);
  });

  it('without Items: the input, which must be an array', async () => {
    const input = deepFreeze([{ a: 1 }]);
    expect(await jsonata.items({ Type: 'Map', End: true }, scopeOf({ input }), input)).toEqual([{ a: 1 }]);
    const error = await failureOf(jsonata.items({ Type: 'Map', End: true }, scopeOf({ input: { foo: 'bar' } }), { foo: 'bar' }));
    expect(error.location).toBe('Items');
    expect(error.cause).toBe(`${PREFIX} Map state input must be an array but was: {"foo":"bar"}`);
  });

  it('Items that are not an array: AWS cause text (AWS-recorded: Expected array, was number)', async () => {
    const error = await failureOf(jsonata.items({ Type: 'Map', Items: '{% 1 %}', End: true }, scopeOf(), {}));
    expect(error.location).toBe('Items');
    expect(error.cause).toBe(`${PREFIX} The JSONata expression '1' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was 'number' for value: 1`);
    const objectError = await failureOf(jsonata.items({ Type: 'Map', Items: '{% {"a": 1} %}', End: true }, scopeOf(), {}));
    expect(objectError.cause).toContain(`Expected 'array', but was 'object' for value: {"a":1}`);
  });

  it('Items that give nothing: returned nothing (AWS-recorded location Items)', async () => {
    const error = await failureOf(jsonata.items({ Type: 'Map', Items: '{% $states.input.none %}', End: true }, scopeOf(), {}));
    expect(error.cause).toBe(`${PREFIX} The JSONata expression '$states.input.none' specified for the field 'Items' returned nothing (undefined).`);
  });
});

describe('itemInput (SPEC "Map State": ItemSelector with $states.context.Map.Item)', () => {
  it('ItemSelector reads the item index and value and the Map state input', async () => {
    const state: State = { Type: 'Map', ItemSelector: { i: '{% $states.context.Map.Item.Index %}', v: '{% $states.context.Map.Item.Value %}', all: '{% $states.input.k %}' }, End: true };
    const scope = scopeOf({ input: { k: 'K' }, context: { Map: { Item: { Index: 3, Value: 'x' } } } });
    expect(await jsonata.itemInput(state, scope, { k: 'K' }, 'x')).toEqual({ i: 3, v: 'x', all: 'K' });
  });

  it('without ItemSelector: the item', async () => {
    const item = { a: 1 };
    expect(await jsonata.itemInput({ Type: 'Map', End: true }, scopeOf(), {}, item)).toBe(item);
  });
});

describe('choose (SPEC "JSONata Choice Rules")', () => {
  const rules: ChoiceRule[] = [
    { Condition: '{% $states.input.n > 10 %}', Next: 'Big' },
    { Condition: true, Next: 'Always' },
  ];
  const state: State = { Type: 'Choice', Choices: rules, Default: 'D' };

  it('the first rule whose Condition is true; a literal true matches (AWS-recorded constant condition)', async () => {
    expect(await jsonata.choose(state, scopeOf({ input: { n: 11 } }), {})).toBe(rules[0]);
    expect(await jsonata.choose(state, scopeOf({ input: { n: 1 } }), {})).toBe(rules[1]);
  });

  it('no rule matches: undefined (then Default)', async () => {
    expect(await jsonata.choose({ Type: 'Choice', Choices: [{ Condition: false, Next: 'A' }], Default: 'D' }, scopeOf(), {})).toBeUndefined();
  });

  it('a non-boolean Condition is a QueryEvaluationError naming the rule', async () => {
    const error = await failureOf(jsonata.choose({ Type: 'Choice', Choices: [{ Condition: '{% $states.input.n %}', Next: 'A' }] }, scopeOf({ input: { n: 1 } }), {}));
    expect(error.location).toBe('Choices[0]/Condition');
    expect(error.cause).toBe(`${PREFIX} The JSONata expression '$states.input.n' specified for the field 'Choices[0]/Condition' returned an unexpected result type. Expected 'boolean', but was 'number' for value: 1`);
  });

  it('a later rule is not evaluated once one matched', async () => {
    const later: State = { Type: 'Choice', Choices: [{ Condition: true, Next: 'A' }, { Condition: '{% $nope %}', Next: 'B' }] };
    expect(await jsonata.choose(later, scopeOf(), {})).toEqual({ Condition: true, Next: 'A' });
  });
});

describe('complete (SPEC "Using Arguments and Output"; DG variables)', () => {
  const input = { in: 1 };
  const result = { Payload: { ok: true } };

  it('default output: the result for Task, Map and Parallel; the input for the others', async () => {
    expect((await jsonata.complete({ Type: 'Task', Resource: 'r', End: true }, scopeOf({ input }), input, result)).output).toBe(result);
    expect((await jsonata.complete({ Type: 'Map', End: true }, scopeOf({ input }), input, [1])).output).toEqual([1]);
    for (const type of ['Pass', 'Wait', 'Succeed', 'Choice'] as const) {
      expect(await jsonata.complete({ Type: type, End: true }, scopeOf({ input }), input, undefined)).toEqual({ output: input, assigned: {} });
    }
  });

  it('Output and Assign read $states.result; Assign sees the variables as at state entry', async () => {
    const state: State = {
      Type: 'Task',
      Resource: 'r',
      Output: { ok: '{% $states.result.Payload.ok %}', old: '{% $x %}', input: '{% $states.input.in %}' },
      Assign: { x: 42, old: '{% $x %}', last: '{% $states.result.Payload %}' },
      End: true,
    };
    expect(await jsonata.complete(state, scopeOf({ input, variables: { x: 5 } }), input, result)).toEqual({
      output: { ok: true, old: 5, input: 1 },
      assigned: { x: 42, old: 5, last: { ok: true } },
    });
  });

  it('$states.result is nothing in a Pass state', async () => {
    const error = await failureOf(jsonata.complete({ Type: 'Pass', Output: '{% $states.result %}', End: true }, scopeOf({ input }), input, undefined));
    expect(error.location).toBe('Output');
  });

  it('an undefined Assign value fails: no assignment happens (AWS-recorded Assign/result)', async () => {
    const error = await failureOf(jsonata.complete({ Type: 'Pass', Assign: { result: '{% $nope %}' }, End: true }, scopeOf(), {}, undefined));
    expect(error.location).toBe('Assign/result');
  });

  it("a matched Choice rule's Output and Assign replace the state's", async () => {
    const rule: ChoiceRule = { Condition: true, Next: 'A', Output: { picked: '{% $states.input.in %}' }, Assign: { r: 'rule' } };
    const state: State = { Type: 'Choice', Choices: [{ Condition: false, Next: 'B' }, rule], Output: 'state', Assign: { s: 'state' }, Default: 'D' };
    expect(await jsonata.complete(state, scopeOf({ input }), input, undefined, rule)).toEqual({ output: { picked: 1 }, assigned: { r: 'rule' } });
    expect(await jsonata.complete(state, scopeOf({ input }), input, undefined)).toEqual({ output: 'state', assigned: { s: 'state' } });
    const ruleWithoutOutput: ChoiceRule = { Condition: true, Next: 'A' };
    expect(await jsonata.complete({ ...state, Choices: [ruleWithoutOutput] }, scopeOf({ input }), input, undefined, ruleWithoutOutput)).toEqual({ output: input, assigned: {} });
  });

  it("a rule's failure is located under the rule", async () => {
    const rule: ChoiceRule = { Condition: true, Next: 'A', Output: { v: '{% $nope %}' } };
    const error = await failureOf(jsonata.complete({ Type: 'Choice', Choices: [{ Condition: false, Next: 'B' }, rule] }, scopeOf(), {}, undefined, rule));
    expect(error.location).toBe('Choices[1]/Output/v');
  });

  it('never mutates its inputs', async () => {
    const frozenInput = deepFreeze({ list: [3, 1, 2] });
    const frozenResult = deepFreeze({ list: [9, 8] });
    const variables = deepFreeze({ v: { a: [1] } });
    const state: State = deepFreeze({ Type: 'Task', Resource: 'r', Output: '{% $sort($append($states.input.list, $states.result.list)) %}', Assign: { v: '{% $merge([$v, {"b": 2}]) %}' }, End: true });
    expect(await jsonata.complete(state, scopeOf({ input: frozenInput, variables }), frozenInput, frozenResult)).toEqual({
      output: [1, 2, 3, 8, 9],
      assigned: { v: { a: [1], b: 2 } },
    });
  });
});

describe('caught (SPEC "JSONata Catchers"; AWS-recorded test_assign_in_catch_state)', () => {
  const errorOutput = { Error: 'Exception', Cause: '{"errorMessage":"boom"}' };

  it('default output: the error output; no assignment', async () => {
    const catcher = { ErrorEquals: ['States.ALL'], Next: 'F' };
    const state: State = { Type: 'Task', Resource: 'r', Catch: [catcher], Assign: { notMe: 1 }, End: true };
    expect(await jsonata.caught(catcher, state, scopeOf(), errorOutput)).toEqual({ output: errorOutput, assigned: {} });
  });

  it('Output and Assign read $states.errorOutput and $states.input', async () => {
    const catcher = {
      ErrorEquals: ['States.ALL'],
      Next: 'F',
      Output: { stateInput: '{% $states.input %}', stateError: '{% $states.errorOutput %}' },
      Assign: { error: '{% $states.errorOutput.Error %}', cause: '{% $parse($states.errorOutput.Cause).errorMessage %}' },
    };
    const state: State = { Type: 'Task', Resource: 'r', Catch: [{ ErrorEquals: ['X'], Next: 'G' }, catcher], End: true };
    expect(await jsonata.caught(catcher, state, scopeOf({ input: { foo: 'foobar' } }), errorOutput)).toEqual({
      output: { stateInput: { foo: 'foobar' }, stateError: errorOutput },
      assigned: { error: 'Exception', cause: 'boom' },
    });
  });

  it("a catcher's failure is located under the catcher", async () => {
    const catcher = { ErrorEquals: ['States.ALL'], Next: 'F', Output: { v: '{% $states.result %}' } };
    const error = await failureOf(jsonata.caught(catcher, { Type: 'Task', Resource: 'r', Catch: [catcher], End: true }, scopeOf(), errorOutput));
    expect(error.location).toBe('Catch[0]/Output/v');
  });
});
