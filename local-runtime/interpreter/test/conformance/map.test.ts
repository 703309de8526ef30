/**
 * Map state (Inline mode), both query languages.
 * Sources: AWS DG "Using Map state in Inline mode" (ItemsPath, ItemSelector with $$.Map.Item,
 * the shipping example, MaxConcurrency, result order), DG "Context object" (Map.Item.Index /
 * Value), SPEC "Map State", reference §3 (Map input not an array, LS-recorded) and §5.
 */
import { StatesError } from '../..';
import { block, ECHO, echo, eventsOf, FAIL, failureOf, jsonataMachine, machine, outputOf, runDefinition, START, START_ISO, details } from './helpers';

const PASS_END = { Type: 'Pass', End: true };

describe('Map (JSONPath)', () => {
  it('AWS DG Inline Map example: ItemsPath, ItemSelector with $$.Map.Item.Value and a field of the input, ResultPath', async () => {
    const input = {
      'ship-date': '2016-03-14T01:59:00Z',
      detail: {
        'delivery-partner': 'UQS',
        shipped: [
          { prod: 'R31', 'dest-code': 9511, quantity: 1344 },
          { prod: 'S39', 'dest-code': 9511, quantity: 40 },
        ],
      },
    };
    const definition = machine({
      Validate: {
        Type: 'Map',
        ItemsPath: '$.detail.shipped',
        ItemSelector: { 'parcel.$': '$$.Map.Item.Value', 'courier.$': '$.detail.delivery-partner' },
        ItemProcessor: block({ Check: { Type: 'Task', Resource: ECHO, End: true } }),
        ResultPath: '$.detail.shipped',
        End: true,
      },
    });
    const result = await runDefinition(definition, input, { resources: { [ECHO]: echo } });
    expect(outputOf(result)).toEqual({
      ...input,
      detail: {
        'delivery-partner': 'UQS',
        shipped: [
          { parcel: { prod: 'R31', 'dest-code': 9511, quantity: 1344 }, courier: 'UQS' },
          { parcel: { prod: 'S39', 'dest-code': 9511, quantity: 40 }, courier: 'UQS' },
        ],
      },
    });
  });

  it('AWS DG Context object example: ItemSelector with $$.Map.Item.Index and $$.Map.Item.Value', async () => {
    const definition = machine({
      M: {
        Type: 'Map',
        ItemSelector: { 'ContextIndex.$': '$$.Map.Item.Index', 'ContextValue.$': '$$.Map.Item.Value' },
        ItemProcessor: block({ P: PASS_END }),
        End: true,
      },
    });
    const result = await runDefinition(definition, [{ who: 'bob' }, { who: 'meg' }, { who: 'joe' }]);
    expect(outputOf(result)).toEqual([
      { ContextIndex: 0, ContextValue: { who: 'bob' } },
      { ContextIndex: 1, ContextValue: { who: 'meg' } },
      { ContextIndex: 2, ContextValue: { who: 'joe' } },
    ]);
  });

  it('SPEC: without ItemSelector each iteration gets its item; results are in item order', async () => {
    const definition = machine({ M: { Type: 'Map', ItemProcessor: block({ T: { Type: 'Task', Resource: ECHO, End: true } }), End: true } });
    const result = await runDefinition(definition, [3, 1, 2], { resources: { [ECHO]: (r) => (r.parameters as number) * 10 } });
    expect(outputOf(result)).toEqual([30, 10, 20]);
  });

  it('SPEC: results stay in item order when earlier items finish later', async () => {
    const definition = machine({
      M: { Type: 'Map', ItemProcessor: block({ W: { Type: 'Wait', SecondsPath: '$', Next: 'P' }, P: PASS_END }), End: true },
    });
    const result = await runDefinition(definition, [30, 10, 20]);
    expect(outputOf(result)).toEqual([30, 10, 20]);
    expect(result.clock.now() - START).toBe(30_000);
  });

  it('DG: MaxConcurrency 1 runs the iterations one after another (3 x 10 s = 30 s)', async () => {
    const definition = machine({ M: { Type: 'Map', MaxConcurrency: 1, ItemProcessor: block({ W: { Type: 'Wait', Seconds: 10, End: true } }), End: true } });
    const result = await runDefinition(definition, [1, 2, 3]);
    outputOf(result);
    expect(result.clock.now() - START).toBe(30_000);
  });

  it('DG: MaxConcurrency 0 (default) runs them at once (3 x 10 s Waits take 10 s)', async () => {
    const definition = machine({ M: { Type: 'Map', ItemProcessor: block({ W: { Type: 'Wait', Seconds: 10, End: true } }), End: true } });
    const result = await runDefinition(definition, [1, 2, 3]);
    outputOf(result);
    expect(result.clock.now() - START).toBe(10_000);
  });

  it('SPEC: MaxConcurrencyPath reads the limit from the input (2 at a time: 4 items x 10 s = 20 s)', async () => {
    const definition = machine({ M: { Type: 'Map', ItemsPath: '$.items', MaxConcurrencyPath: '$.limit', ItemProcessor: block({ W: { Type: 'Wait', Seconds: 10, End: true } }), End: true } });
    const result = await runDefinition(definition, { items: [1, 2, 3, 4], limit: 2 });
    outputOf(result);
    expect(result.clock.now() - START).toBe(20_000);
  });

  it('SPEC: an empty array gives [] and MapStateStarted {length: 0}', async () => {
    const definition = machine({ M: { Type: 'Map', ItemProcessor: block({ P: PASS_END }), End: true } });
    const result = await runDefinition(definition, []);
    expect(outputOf(result)).toEqual([]);
    expect(details(eventsOf(result, 'MapStateStarted')[0]!)).toEqual({ length: 0 });
  });

  it('DG (deprecated fields): Iterator and Parameters still work as ItemProcessor and ItemSelector', async () => {
    const definition = machine({ M: { Type: 'Map', Parameters: { 'i.$': '$$.Map.Item.Index' }, Iterator: block({ P: PASS_END }), End: true } });
    expect(outputOf(await runDefinition(definition, ['a', 'b']))).toEqual([{ i: 0 }, { i: 1 }]);
  });

  it('reference §3: ItemsPath selecting a non-array fails (Map state input must be an array)', async () => {
    const definition = machine({ M: { Type: 'Map', ItemsPath: '$.items', ItemProcessor: block({ P: PASS_END }), End: true } });
    const result = await runDefinition(definition, { items: { foo: 'bar' } });
    expect(failureOf(result).cause).toContain('Map state input must be an array but was: {"foo":"bar"}');
  });

  it('reference §5 (LS test_map_state_catch): a failed iteration fails the Map with its own error; Catch gets that Error Output', async () => {
    const definition = machine({
      M: {
        Type: 'Map',
        ItemProcessor: block({ F: { Type: 'Fail', Error: 'HandleItemFailError', Cause: 'HandleItemFailCause' } }),
        Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }],
        End: true,
      },
      Caught: PASS_END,
    });
    const result = await runDefinition(definition, [1]);
    expect(outputOf(result)).toEqual({ Error: 'HandleItemFailError', Cause: 'HandleItemFailCause' });
  });

  it('reference §5: an uncaught iteration failure ends the execution with the iteration\'s error', async () => {
    const definition = machine({ M: { Type: 'Map', ItemProcessor: block({ T: { Type: 'Task', Resource: FAIL, End: true } }), End: true } });
    const result = await runDefinition(definition, [1], { resources: { [FAIL]: () => { throw new StatesError('ItemError', 'item cause'); } } });
    expect(failureOf(result)).toEqual({ error: 'ItemError', cause: 'item cause' });
    expect(result.types).toContain('MapIterationFailed');
    expect(result.types).toContain('MapStateFailed');
  });

  it('DG Context object: inside an iteration $$.Execution.Input and StartTime are the execution\'s', async () => {
    const definition = machine({
      M: {
        Type: 'Map',
        ItemsPath: '$.items',
        ItemProcessor: block({ Ctx: { Type: 'Pass', Parameters: { 'input.$': '$$.Execution.Input', 'start.$': '$$.Execution.StartTime', 'item.$': '$' }, End: true } }),
        End: true,
      },
    });
    const result = await runDefinition(definition, { items: ['a'] });
    expect(outputOf(result)).toEqual([{ input: { items: ['a'] }, start: START_ISO, item: 'a' }]);
  });

  it('DG Inline Map: ItemProcessor with several states per iteration', async () => {
    const definition = machine({
      M: { Type: 'Map', ItemProcessor: block({ A: { Type: 'Pass', Parameters: { 'v.$': '$' }, Next: 'B' }, B: { Type: 'Pass', OutputPath: '$.v', End: true } }), End: true },
    });
    expect(outputOf(await runDefinition(definition, [1, 2]))).toEqual([1, 2]);
  });
});

describe('Map (JSONata)', () => {
  it('SPEC Map: Items expression and ItemSelector with $states.context.Map.Item', async () => {
    const definition = jsonataMachine({
      M: {
        Type: 'Map',
        Items: '{% $states.input.list %}',
        ItemSelector: { index: '{% $states.context.Map.Item.Index %}', value: '{% $states.context.Map.Item.Value %}', from: '{% $states.input.tag %}' },
        ItemProcessor: block({ P: PASS_END }),
        End: true,
      },
    });
    const result = await runDefinition(definition, { list: ['x', 'y'], tag: 't' });
    expect(outputOf(result)).toEqual([{ index: 0, value: 'x', from: 't' }, { index: 1, value: 'y', from: 't' }]);
  });

  it('SPEC Map: Items may be a JSON array whose elements are expressions', async () => {
    const definition = jsonataMachine({ M: { Type: 'Map', Items: [1, '{% $states.input.n %}'], ItemProcessor: block({ P: PASS_END }), End: true } });
    expect(outputOf(await runDefinition(definition, { n: 5 }))).toEqual([1, 5]);
  });

  it('SPEC: without Items the input must be an array; default output = $states.result', async () => {
    const definition = jsonataMachine({ M: { Type: 'Map', ItemProcessor: block({ P: { Type: 'Pass', Output: '{% $states.input * 2 %}', End: true } }), End: true } });
    expect(outputOf(await runDefinition(definition, [1, 2, 3]))).toEqual([2, 4, 6]);
  });

  it('reference §3 (LS-recorded): Items giving a number is States.QueryEvaluationError "Expected \'array\', but was \'number\' for value: 1"', async () => {
    const definition = jsonataMachine({ M: { Type: 'Map', Items: '{% 1 %}', ItemProcessor: block({ P: PASS_END }), End: true } });
    const result = await runDefinition(definition, {});
    expect(failureOf(result)).toEqual({
      error: 'States.QueryEvaluationError',
      cause: "An error occurred while executing the state 'M' (entered at the event id #2). The JSONata expression '1' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was 'number' for value: 1",
    });
  });

  it('reference §3 (LS-recorded): a JSONata Map without Items whose input is an object: "Map state input must be an array but was: {"foo":"bar"}"', async () => {
    const definition = jsonataMachine({ M: { Type: 'Map', ItemProcessor: block({ P: PASS_END }), End: true } });
    const result = await runDefinition(definition, { foo: 'bar' });
    expect(failureOf(result)).toEqual({
      error: 'States.QueryEvaluationError',
      cause: 'An error occurred while executing the state \'M\' (entered at the event id #2). Map state input must be an array but was: {"foo":"bar"}',
    });
  });

  it('SPEC: Output reads $states.result; MaxConcurrency may be an expression', async () => {
    const definition = jsonataMachine({
      M: { Type: 'Map', MaxConcurrency: '{% 1 %}', ItemProcessor: block({ W: { Type: 'Wait', Seconds: 5, End: true } }), Output: { count: '{% $count($states.result) %}' }, End: true },
    });
    const result = await runDefinition(definition, [1, 2]);
    expect(outputOf(result)).toEqual({ count: 2 });
    expect(result.clock.now() - START).toBe(10_000);
  });
});
