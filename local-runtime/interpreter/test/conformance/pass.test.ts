/**
 * Pass state, both query languages.
 * Sources: AWS DG "Pass workflow state" (example "No-op"), SPEC "Pass State", "JSONata Pass State".
 */
import { ECHO, echo, exitedOutput, jsonataMachine, machine, outputOf, runDefinition } from './helpers';

describe('Pass (JSONPath)', () => {
  it('AWS DG Pass state example: Result placed at ResultPath $.coords', async () => {
    const definition = machine({
      'No-op': { Type: 'Pass', Result: { 'x-datum': 0.381018, 'y-datum': 622.2269926397355 }, ResultPath: '$.coords', End: true },
    });
    const result = await runDefinition(definition, { georefOf: 'Home' });
    expect(outputOf(result)).toEqual({ georefOf: 'Home', coords: { 'x-datum': 0.381018, 'y-datum': 622.2269926397355 } });
  });

  it('SPEC Pass: without fields the output is the input', async () => {
    const result = await runDefinition(machine({ P: { Type: 'Pass', End: true } }), { a: [1, 2], b: null });
    expect(outputOf(result)).toEqual({ a: [1, 2], b: null });
  });

  it('SPEC Pass: Result without ResultPath replaces the input (ResultPath defaults to $)', async () => {
    const result = await runDefinition(machine({ P: { Type: 'Pass', Result: 'done', End: true } }), { a: 1 });
    expect(outputOf(result)).toBe('done');
  });

  it('DG Pass: Parameters builds the result from the input (.$ paths, static values)', async () => {
    const definition = machine({ P: { Type: 'Pass', Parameters: { 'name.$': '$.user.name', fixed: 'x', nested: { 'id.$': '$.id' } }, End: true } });
    const result = await runDefinition(definition, { user: { name: 'Ana' }, id: 7 });
    expect(outputOf(result)).toEqual({ name: 'Ana', fixed: 'x', nested: { id: 7 } });
  });

  it('SPEC data flow: InputPath then Parameters then ResultPath onto the raw input', async () => {
    const definition = machine({ P: { Type: 'Pass', InputPath: '$.order', Parameters: { 'total.$': '$.price' }, ResultPath: '$.summary', End: true } });
    const result = await runDefinition(definition, { order: { price: 5 }, keep: true });
    expect(outputOf(result)).toEqual({ order: { price: 5 }, keep: true, summary: { total: 5 } });
  });

  it('SPEC ResultPath null: the result is discarded, output = input', async () => {
    const result = await runDefinition(machine({ P: { Type: 'Pass', Result: { x: 1 }, ResultPath: null, End: true } }), { a: 1 });
    expect(outputOf(result)).toEqual({ a: 1 });
  });

  it('SPEC OutputPath selects from the combined output', async () => {
    const definition = machine({ P: { Type: 'Pass', Result: { x: 1 }, ResultPath: '$.r', OutputPath: '$.r.x', End: true } });
    const result = await runDefinition(definition, { a: 1 });
    expect(outputOf(result)).toBe(1);
  });

  it('DG Context object: Parameters reads $$ (Execution.Name, State.Name)', async () => {
    const definition = machine({ Hello: { Type: 'Pass', Parameters: { 'exec.$': '$$.Execution.Name', 'state.$': '$$.State.Name' }, End: true } });
    const result = await runDefinition(definition, {});
    expect(outputOf(result)).toEqual({ exec: 'test-execution', state: 'Hello' });
  });

  it('SPEC: the output of a Pass is the next state\'s input', async () => {
    const definition = machine({
      A: { Type: 'Pass', Result: { step: 1 }, Next: 'B' },
      B: { Type: 'Task', Resource: ECHO, End: true },
    });
    const result = await runDefinition(definition, {}, { resources: { [ECHO]: echo } });
    expect(result.requests[0]?.parameters).toEqual({ step: 1 });
    expect(exitedOutput(result, 'A')).toEqual({ step: 1 });
  });
});

describe('Pass (JSONata)', () => {
  it('SPEC JSONata Pass: Output replaces Result/Parameters', async () => {
    const definition = jsonataMachine({ P: { Type: 'Pass', Output: { total: '{% $states.input.a + $states.input.b %}' }, End: true } });
    const result = await runDefinition(definition, { a: 2, b: 3 });
    expect(outputOf(result)).toEqual({ total: 5 });
  });

  it('reference §2: Pass without Output outputs its input', async () => {
    const result = await runDefinition(jsonataMachine({ P: { Type: 'Pass', End: true } }), { a: 1 });
    expect(outputOf(result)).toEqual({ a: 1 });
  });

  it('SPEC JSONata Evaluation: Output may be a single expression giving an array', async () => {
    const definition = jsonataMachine({ P: { Type: 'Pass', Output: '{% $states.input.items[price > 10].name %}', End: true } });
    const result = await runDefinition(definition, { items: [{ name: 'a', price: 5 }, { name: 'b', price: 20 }, { name: 'c', price: 30 }] });
    expect(outputOf(result)).toEqual(['b', 'c']);
  });

  it('SPEC Query Languages: a JSONata Pass state in a JSONPath machine (per-state QueryLanguage)', async () => {
    const definition = machine({
      A: { Type: 'Pass', Parameters: { 'v.$': '$.v' }, Next: 'B' },
      B: { Type: 'Pass', QueryLanguage: 'JSONata', Output: '{% $states.input.v * 10 %}', End: true },
    });
    const result = await runDefinition(definition, { v: 4 });
    expect(outputOf(result)).toBe(40);
  });
});

describe('values the schema check once refused, which AWS accepts', () => {
  // DG "Pass workflow state": "The output field accepts any JSON value (object, array, string,
  // number, boolean, null). Any string value, including those inside objects or arrays, will be
  // evaluated as JSONata if surrounded by {% %}". The loader (asl-validator schema) refuses every
  // Output that is not an object or a `{% %}` string.
  it.each<[unknown, unknown]>([
    [42, 42],
    [true, true],
    [null, null],
    ['plain text', 'plain text'],
    [[1, '{% 1 + 1 %}'], [1, 2]],
  ])('DG Pass: Output %j (any JSON value) is accepted and output as %j', async (output, expected) => {
    const result = await runDefinition(jsonataMachine({ P: { Type: 'Pass', Output: output, End: true } }), { a: 1 });
    expect(outputOf(result)).toEqual(expected);
  });
});
