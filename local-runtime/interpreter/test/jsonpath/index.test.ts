import type { Catcher, ChoiceRule, State } from '../../asl';
import { DefinitionError, StatesError } from '../../errors';
import { jsonPath } from '../../jsonpath';
import type { StateScope } from '../../query-language';

const scopeOf = (input: unknown, extra: Partial<StateScope> = {}): StateScope => ({
  stateName: 'S',
  input,
  context: { Execution: { Id: 'arn:aws:states:us-east-1:123456789012:execution:M:e1', Name: 'e1' }, State: { Name: 'S' } },
  variables: {},
  enteredEventId: 2,
  now: Date.parse('2025-01-01T00:00:00.000Z'),
  ...extra,
});
const state = (fields: Partial<State> & Pick<State, 'Type'>): State => fields;

async function rejectionOf(promise: Promise<unknown>): Promise<StatesError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof StatesError) return error;
    throw error;
  }
  throw new Error('did not fail');
}

describe('jsonPath.effectiveInput', () => {
  it('is named JSONPath', () => {
    expect(jsonPath.name).toBe('JSONPath');
  });

  it('applies InputPath then Parameters for Task, Pass and Parallel (SPEC "Input/Output Processing Examples")', async () => {
    const input = { title: 'Numbers to add', numbers: { val1: 3, val2: 4 } };
    for (const Type of ['Task', 'Pass', 'Parallel'] as const) {
      await expect(jsonPath.effectiveInput(state({ Type, InputPath: '$.numbers', Parameters: { 'a.$': '$.val1', 'id.$': '$$.Execution.Name' } }), scopeOf(input))).resolves.toEqual({ a: 3, id: 'e1' });
    }
  });

  it('applies InputPath only for Map (Parameters is its legacy ItemSelector), Choice, Wait and Succeed', async () => {
    for (const Type of ['Map', 'Choice', 'Wait', 'Succeed'] as const) {
      await expect(jsonPath.effectiveInput(state({ Type, InputPath: '$.a', Parameters: { x: 1 } }), scopeOf({ a: { b: 1 } }))).resolves.toEqual({ b: 1 });
    }
  });

  it('gives a Fail state its input unchanged, and InputPath null gives {}', async () => {
    await expect(jsonPath.effectiveInput(state({ Type: 'Fail', InputPath: '$.a' }), scopeOf({ a: 1 }))).resolves.toEqual({ a: 1 });
    await expect(jsonPath.effectiveInput(state({ Type: 'Task', InputPath: null }), scopeOf({ a: 1 }))).resolves.toEqual({});
  });

  it("fails with States.Runtime and AWS's cause when InputPath finds nothing or the input is null (AWS-recorded)", async () => {
    const missing = await rejectionOf(jsonPath.effectiveInput(state({ Type: 'Pass', InputPath: '$.x' }), scopeOf({ a: 1 })));
    expect(missing.error).toBe('States.Runtime');
    expect(missing.cause).toBe("An error occurred while executing the state 'S' (entered at the event id #2). Invalid path '$.x' : No results for path: $['x']");
    expect(missing.isTerminal).toBe(true);
    const nullInput = await rejectionOf(jsonPath.effectiveInput(state({ Type: 'Pass', InputPath: '$.x' }), scopeOf(null)));
    expect(nullInput.cause).toMatch(/Unable to apply Path transformation to null or empty input\.$/);
  });

  it('reads variables in InputPath and Parameters', async () => {
    const scope = scopeOf({}, { variables: { answer: { value: 42 } } });
    await expect(jsonPath.effectiveInput(state({ Type: 'Pass', InputPath: '$answer' }), scope)).resolves.toEqual({ value: 42 });
    await expect(jsonPath.effectiveInput(state({ Type: 'Task', Parameters: { 'v.$': '$answer.value', literal: '$answer' } }), scope)).resolves.toEqual({ v: 42, literal: '$answer' });
  });
});

describe('jsonPath.value', () => {
  const value = (fields: Partial<State> & Pick<State, 'Type'>, field: Parameters<typeof jsonPath.value>[1], data: unknown = {}, scope = scopeOf(data)) => jsonPath.value(state(fields), field, scope, data);

  it('reads literals and ...Path forms of every value field', async () => {
    await expect(value({ Type: 'Task', TimeoutSeconds: 30 }, 'TimeoutSeconds')).resolves.toBe(30);
    await expect(value({ Type: 'Task', TimeoutSecondsPath: '$.t' }, 'TimeoutSeconds', { t: 60 })).resolves.toBe(60);
    await expect(value({ Type: 'Task', HeartbeatSecondsPath: '$.h' }, 'HeartbeatSeconds', { h: 5 })).resolves.toBe(5);
    await expect(value({ Type: 'Wait', SecondsPath: '$.s' }, 'Seconds', { s: 0 })).resolves.toBe(0);
    await expect(value({ Type: 'Wait', TimestampPath: '$.at' }, 'Timestamp', { at: '2016-03-14T01:59:00Z' })).resolves.toBe('2016-03-14T01:59:00Z');
    await expect(value({ Type: 'Map', MaxConcurrencyPath: '$max' }, 'MaxConcurrency', {}, scopeOf({}, { variables: { max: 2 } }))).resolves.toBe(2);
    await expect(value({ Type: 'Map', ToleratedFailureCountPath: '$.c' }, 'ToleratedFailureCount', { c: 3 })).resolves.toBe(3);
    await expect(value({ Type: 'Map', ToleratedFailurePercentagePath: '$.p' }, 'ToleratedFailurePercentage', { p: 12.5 })).resolves.toBe(12.5);
    await expect(value({ Type: 'Fail', Error: 'MyError' }, 'Error')).resolves.toBe('MyError');
    await expect(value({ Type: 'Fail', ErrorPath: '$.e' }, 'Error', { e: 'Oops' })).resolves.toBe('Oops');
    await expect(value({ Type: 'Task' }, 'TimeoutSeconds')).resolves.toBeUndefined();
  });

  it("takes an intrinsic function in CausePath and ErrorPath (DG \"Fail state\"; previous engine's bug)", async () => {
    await expect(value({ Type: 'Fail', CausePath: "States.Format('This is a custom error message for {}, caused by {}.', $.Error, $.Cause)" }, 'Cause', { Error: 'E1', Cause: 'C1' })).resolves.toBe(
      'This is a custom error message for E1, caused by C1.',
    );
    await expect(value({ Type: 'Fail', ErrorPath: "States.Format('{}Error', $$.State.Name)" }, 'Error')).resolves.toBe('SError');
  });

  it('fails with States.Runtime when a path value has the wrong type or is missing', async () => {
    const wrong = await rejectionOf(value({ Type: 'Task', TimeoutSecondsPath: '$.t' }, 'TimeoutSeconds', { t: 'soon' }));
    expect(wrong.error).toBe('States.Runtime');
    expect(wrong.cause).toContain(`The value of the field 'TimeoutSecondsPath' ('$.t') must be a positive integer, but was "soon"`);
    await expect(rejectionOf(value({ Type: 'Wait', SecondsPath: '$.s' }, 'Seconds', { s: -1 }))).resolves.toMatchObject({ error: 'States.Runtime' });
    await expect(rejectionOf(value({ Type: 'Wait', TimestampPath: '$.s' }, 'Timestamp', { s: '2016-03-14 01:59' }))).resolves.toMatchObject({ error: 'States.Runtime' });
    await expect(rejectionOf(value({ Type: 'Map', ToleratedFailurePercentagePath: '$.p' }, 'ToleratedFailurePercentage', { p: 101 }))).resolves.toMatchObject({ error: 'States.Runtime' });
    await expect(rejectionOf(value({ Type: 'Fail', CausePath: '$.c' }, 'Cause', { c: 42 }))).resolves.toMatchObject({ error: 'States.Runtime' });
    await expect(rejectionOf(value({ Type: 'Fail', CausePath: '$.none' }, 'Cause', {}))).resolves.toMatchObject({ cause: expect.stringContaining("Invalid path '$.none'") });
  });
});

describe('jsonPath.items and itemInput (Map)', () => {
  const map = (fields: Partial<State> = {}): State => state({ Type: 'Map', ...fields });

  it('reads ItemsPath (default $) and requires an array', async () => {
    await expect(jsonPath.items(map({ ItemsPath: '$.list' }), scopeOf({}), { list: [1, 2] })).resolves.toEqual([1, 2]);
    await expect(jsonPath.items(map(), scopeOf([]), ['a'])).resolves.toEqual(['a']);
    const notArray = await rejectionOf(jsonPath.items(map(), scopeOf({}), { foo: 'bar' }));
    expect(notArray).toMatchObject({ error: 'States.Runtime', cause: expect.stringContaining('Map state input must be an array but was: {"foo":"bar"}') });
  });

  it('evaluates ItemSelector with $$.Map.Item.Index and .Value (DG "ItemSelector" example)', async () => {
    const context = { Execution: { Id: 'e' }, Map: { Item: { Index: 1 } } };
    const selector = { 'ContactIndex.$': '$$.Map.Item.Index', 'ContactDetail.$': '$$.Map.Item.Value', 'delivery.$': '$.delivery-partner' };
    const effectiveInput = { 'delivery-partner': 'UQS' };
    const item = { customerId: 'B1' };
    await expect(jsonPath.itemInput(map({ ItemSelector: selector }), scopeOf({}, { context }), effectiveInput, item)).resolves.toEqual({ ContactIndex: 1, ContactDetail: item, delivery: 'UQS' });
    await expect(jsonPath.itemInput(map({ Parameters: { 'v.$': '$$.Map.Item.Value' } }), scopeOf({}, { context }), {}, 7)).resolves.toEqual({ v: 7 });
    await expect(jsonPath.itemInput(map(), scopeOf({}), {}, { a: 1 })).resolves.toEqual({ a: 1 });
  });

  it('keeps lazy context fields lazy (Task.Token is minted only when read)', async () => {
    let minted = 0;
    const context = Object.defineProperty({ Map: { Item: { Index: 0 } } }, 'Task', {
      enumerable: true,
      get: () => {
        minted += 1;
        return { Token: 'token' };
      },
    });
    await jsonPath.itemInput(map({ ItemSelector: { 'i.$': '$$.Map.Item.Index' } }), scopeOf({}, { context }), {}, 'x');
    expect(minted).toBe(0);
    await expect(jsonPath.itemInput(map({ ItemSelector: { 't.$': '$$.Task.Token' } }), scopeOf({}, { context }), {}, 'x')).resolves.toEqual({ t: 'token' });
    expect(minted).toBe(1);
  });
});

describe('jsonPath.choose', () => {
  it('returns the first matching rule, or undefined', async () => {
    const choices: ChoiceRule[] = [
      { Variable: '$.type', StringEquals: 'Private', Next: 'A' },
      { Variable: '$.value', NumericLessThan: 20, Next: 'B' },
      { Variable: '$.value', NumericLessThan: 30, Next: 'C' },
    ];
    const choice = state({ Type: 'Choice', Choices: choices, Default: 'D' });
    await expect(jsonPath.choose(choice, scopeOf({}), { type: 'Public', value: 10 })).resolves.toBe(choices[1]);
    await expect(jsonPath.choose(choice, scopeOf({}), { type: 'Public', value: 99 })).resolves.toBeUndefined();
  });
});

describe('jsonPath.complete', () => {
  it('Task: ResultSelector, then ResultPath on the raw input, then OutputPath (DG "ResultSelector" example)', async () => {
    const task = state({ Type: 'Task', InputPath: '$.ignored', ResultSelector: { 'ClusterId.$': '$.output.ClusterId' }, ResultPath: '$.EMROutput', OutputPath: '$.EMROutput' });
    const outcome = await jsonPath.complete(task, scopeOf({ ignored: {}, keep: 1 }), {}, { output: { ClusterId: 'AKIAI44QH8DHBEXAMPLE', Other: 1 } });
    expect(outcome).toEqual({ output: { ClusterId: 'AKIAI44QH8DHBEXAMPLE' }, assigned: {} });
  });

  it('Task: ResultPath $.sum keeps the raw input (SPEC example) and ResultPath null discards the result', async () => {
    const input = { title: 'Numbers to add', numbers: { val1: 3, val2: 4 } };
    await expect(jsonPath.complete(state({ Type: 'Task', InputPath: '$.numbers', ResultPath: '$.sum' }), scopeOf(input), input.numbers, 7)).resolves.toEqual({ output: { ...input, sum: 7 }, assigned: {} });
    await expect(jsonPath.complete(state({ Type: 'Task', ResultPath: null }), scopeOf(input), input, 7)).resolves.toEqual({ output: input, assigned: {} });
    await expect(jsonPath.complete(state({ Type: 'Task' }), scopeOf(input), input, 7)).resolves.toEqual({ output: 7, assigned: {} });
    await expect(jsonPath.complete(state({ Type: 'Task', OutputPath: null }), scopeOf(input), input, 7)).resolves.toEqual({ output: {}, assigned: {} });
  });

  it('does not change the raw input or the result', async () => {
    const input = { a: { b: 1 } };
    const result = { r: [1] };
    const outcome = await jsonPath.complete(state({ Type: 'Task', ResultPath: '$.a.c' }), scopeOf(input), input, result);
    expect(outcome.output).toEqual({ a: { b: 1, c: { r: [1] } } });
    expect(input).toEqual({ a: { b: 1 } });
    expect(result).toEqual({ r: [1] });
  });

  it('fails with States.ResultPathMatchFailure when ResultPath cannot be applied (SPEC: input "foo", ResultPath $.x)', async () => {
    const failure = await rejectionOf(jsonPath.complete(state({ Type: 'Task', ResultPath: '$.x' }), scopeOf('foo'), 'foo', 1));
    expect(failure.error).toBe('States.ResultPathMatchFailure');
    expect(failure.isTerminal).toBe(false);
  });

  it("fails with States.Runtime when OutputPath finds nothing (AWS-recorded: Missing property in path $['no'])", async () => {
    const failure = await rejectionOf(jsonPath.complete(state({ Type: 'Task', OutputPath: '$.no.such.result.path' }), scopeOf({}), {}, { a: 1 }));
    expect(failure.error).toBe('States.Runtime');
    expect(failure.cause).toContain("Invalid path '$.no.such.result.path' : Missing property in path $['no']");
  });

  it('Pass: Result, else the effective input, through ResultPath and OutputPath', async () => {
    const input = { georefOf: 'Home' };
    await expect(jsonPath.complete(state({ Type: 'Pass', Result: { x: 0.38, y: 622.22 }, ResultPath: '$.coords' }), scopeOf(input), input, undefined)).resolves.toEqual({
      output: { georefOf: 'Home', coords: { x: 0.38, y: 622.22 } },
      assigned: {},
    });
    await expect(jsonPath.complete(state({ Type: 'Pass', Parameters: { p: 1 }, ResultPath: '$.params' }), scopeOf(input), { p: 1 }, undefined)).resolves.toEqual({ output: { georefOf: 'Home', params: { p: 1 } }, assigned: {} });
    await expect(jsonPath.complete(state({ Type: 'Pass', Result: null }), scopeOf(input), input, undefined)).resolves.toEqual({ output: null, assigned: {} });
  });

  it('Choice, Wait, Succeed: OutputPath on the effective input', async () => {
    for (const Type of ['Choice', 'Wait', 'Succeed'] as const) {
      await expect(jsonPath.complete(state({ Type, InputPath: '$.a', OutputPath: '$.b' }), scopeOf({ a: { b: 2 } }), { b: 2 }, undefined)).resolves.toEqual({ output: 2, assigned: {} });
    }
  });

  it('Assign: $ is the result for Task and Pass, the effective input for Choice and Wait (SPEC "Using Assign")', async () => {
    const assign = { 'fromResult.$': '$.value', constant: 'c', 'old.$': '$x' };
    const scope = scopeOf({ value: 'input' }, { variables: { x: 'before' } });
    await expect(jsonPath.complete(state({ Type: 'Task', Assign: assign, ResultSelector: { value: 'selected' } }), scope, { value: 'input' }, { value: 'raw result' })).resolves.toMatchObject({
      assigned: { fromResult: 'raw result', constant: 'c', old: 'before' },
    });
    await expect(jsonPath.complete(state({ Type: 'Pass', Assign: assign, Result: { value: 'pass result' } }), scope, { value: 'input' }, undefined)).resolves.toMatchObject({ assigned: { fromResult: 'pass result' } });
    await expect(jsonPath.complete(state({ Type: 'Wait', Assign: assign, InputPath: '$' }), scope, { value: 'effective' }, undefined)).resolves.toMatchObject({ assigned: { fromResult: 'effective' } });
  });

  it("Assign reads variables as of state entry; OutputPath $answer reads the old value (AWS-recorded)", async () => {
    const scope = scopeOf({}, { variables: { answer: 'old' } });
    await expect(jsonPath.complete(state({ Type: 'Pass', Result: 'new', Assign: { 'answer.$': '$' }, OutputPath: '$answer' }), scope, {}, undefined)).resolves.toEqual({ output: 'old', assigned: { answer: 'new' } });
  });

  it("Choice: a matched rule's Assign replaces the state's; no match uses the state's", async () => {
    const rule: ChoiceRule = { Variable: '$.a', IsPresent: true, Next: 'X', Assign: { fromRule: true } };
    const choice = state({ Type: 'Choice', Choices: [rule], Default: 'Y', Assign: { fromState: true } });
    await expect(jsonPath.complete(choice, scopeOf({ a: 1 }), { a: 1 }, undefined, rule)).resolves.toEqual({ output: { a: 1 }, assigned: { fromRule: true } });
    await expect(jsonPath.complete(choice, scopeOf({}), {}, undefined)).resolves.toEqual({ output: {}, assigned: { fromState: true } });
    await expect(jsonPath.complete(choice, scopeOf({ a: 1 }), { a: 1 }, undefined, { Variable: '$.a', IsPresent: true, Next: 'X' })).resolves.toEqual({ output: { a: 1 }, assigned: {} });
  });
});

describe('jsonPath.caught', () => {
  const errorOutput = { Error: 'CustomError', Cause: 'boom' };
  const task = state({ Type: 'Task' });

  it('default ResultPath $: the output is the error output; no OutputPath', async () => {
    const catcher: Catcher = { ErrorEquals: ['States.ALL'], Next: 'H' };
    await expect(jsonPath.caught(catcher, state({ Type: 'Task', OutputPath: '$.nothing' }), scopeOf({ a: 1 }), errorOutput)).resolves.toEqual({ output: errorOutput, assigned: {} });
  });

  it('ResultPath $.error keeps the raw input (DG "Handling errors" example); Assign $ is the error output', async () => {
    const catcher: Catcher = { ErrorEquals: ['States.ALL'], Next: 'H', ResultPath: '$.error', Assign: { 'lastError.$': '$.Error', 'input.$': '$$.Execution.Name' } };
    await expect(jsonPath.caught(catcher, task, scopeOf({ a: 1 }), errorOutput)).resolves.toEqual({ output: { a: 1, error: errorOutput }, assigned: { lastError: 'CustomError', input: 'e1' } });
    await expect(jsonPath.caught({ ...catcher, ResultPath: null, Assign: undefined }, task, scopeOf({ a: 1 }), errorOutput)).resolves.toEqual({ output: { a: 1 }, assigned: {} });
  });
});

describe('jsonPath.check', () => {
  const problem = (fields: Partial<State> & Pick<State, 'Type'>): DefinitionError | undefined => {
    try {
      jsonPath.check('S', state(fields));
    } catch (error) {
      if (error instanceof DefinitionError) return error;
      throw error;
    }
    return undefined;
  };

  it('accepts a well-formed state', () => {
    expect(
      problem({
        Type: 'Task',
        InputPath: '$.a',
        Parameters: { 'x.$': "States.Format('{}', $.b)", 'y.$': '$$.Task.Token' },
        ResultSelector: { 'z.$': '$.Payload' },
        ResultPath: '$.r',
        OutputPath: null,
        TimeoutSecondsPath: '$.t',
        HeartbeatSeconds: 10,
        Assign: { 'v.$': '$.Payload', w: 1 },
        Catch: [{ ErrorEquals: ['States.ALL'], Next: 'H', ResultPath: '$.err', Assign: { 'e.$': '$.Error' } }],
      }),
    ).toBeUndefined();
    expect(problem({ Type: 'Fail', ErrorPath: '$.e', CausePath: "States.Format('{}', $.c)" })).toBeUndefined();
  });

  it.each([
    [{ Type: 'Pass', InputPath: 'a.b' }, 'InputPath'],
    [{ Type: 'Pass', OutputPath: '$.a[' }, 'OutputPath'],
    [{ Type: 'Map', ItemsPath: 'items' }, 'ItemsPath'],
    [{ Type: 'Task', ResultPath: '$$.Execution' }, 'ResultPath'],
    [{ Type: 'Task', ResultPath: '$myVar' }, 'ResultPath'],
    [{ Type: 'Task', ResultPath: '$.a[*]' }, 'ResultPath'],
    [{ Type: 'Task', Parameters: { 'x.$': 'States.Unknown()' } }, 'Parameters/x.$'],
    [{ Type: 'Task', ResultSelector: { a: { 'x.$': "States.Format('open \\x')" } } }, 'ResultSelector/a/x.$'],
    [{ Type: 'Map', ItemSelector: { 'x.$': 1 } }, 'ItemSelector/x.$'],
    [{ Type: 'Pass', Assign: { 'x.$': '$.', y: 1 } }, 'Assign/x.$'],
    [{ Type: 'Task', TimeoutSeconds: 0 }, 'TimeoutSeconds'],
    [{ Type: 'Task', TimeoutSeconds: 5, TimeoutSecondsPath: '$.t' }, 'TimeoutSeconds'],
    [{ Type: 'Wait', SecondsPath: 'States.ArrayLength($.a)' }, 'SecondsPath'],
    [{ Type: 'Wait', Timestamp: 'tomorrow' }, 'Timestamp'],
    [{ Type: 'Fail', CausePath: 'States.Format(' }, 'CausePath'],
    [{ Type: 'Choice', Choices: [{ Variable: '$.a', NumericEquals: 'one', Next: 'X' }] }, 'Choices/0/NumericEquals'],
    [{ Type: 'Task', Catch: [{ ErrorEquals: ['States.ALL'], Next: 'H', ResultPath: '$$.x' }] }, 'Catch/0/ResultPath'],
    [{ Type: 'Task', Catch: [{ ErrorEquals: ['States.ALL'], Next: 'H', Assign: { 'x.$': 'nope' } }] }, 'Catch/0/Assign/x.$'],
  ] as [Partial<State> & Pick<State, 'Type'>, string][])('refuses %j in field %s', (fields, field) => {
    const error = problem(fields);
    expect(error).toBeInstanceOf(DefinitionError);
    expect(error?.stateName).toBe('S');
    expect(error?.field).toBe(field);
  });
});
