/**
 * JSONPath input and output processing: InputPath, Parameters, ResultSelector, ResultPath,
 * OutputPath. Sources: AWS DG "Processing input and output in Step Functions" and its pages
 * "InputPath, Parameters and ResultSelector", "Specifying state output using ResultPath",
 * "Filtering state output using OutputPath"; SPEC "Input and Output Processing"; reference §5
 * (States.Runtime causes, LS-recorded).
 */
import { ECHO, echo, failureOf, machine, outputOf, runDefinition } from './helpers';

const run = (state: Record<string, unknown>, input: unknown, result?: unknown) =>
  runDefinition(machine({ S: { Type: 'Task', Resource: ECHO, End: true, ...state } }), input, { resources: { [ECHO]: result === undefined ? echo : () => result } });

describe('InputPath', () => {
  it('AWS DG InputPath example: "$.dataset2" selects a part of the input', async () => {
    const input = { comment: 'Example for InputPath.', dataset1: { val1: 1, val2: 2, val3: 3 }, dataset2: { val1: 'a', val2: 'b', val3: 'c' } };
    const result = await run({ InputPath: '$.dataset2' }, input);
    expect(result.requests[0]?.parameters).toEqual({ val1: 'a', val2: 'b', val3: 'c' });
  });

  it('SPEC: InputPath null gives {} as the effective input', async () => {
    const result = await run({ InputPath: null }, { a: 1 });
    expect(result.requests[0]?.parameters).toEqual({});
  });

  it('SPEC: InputPath "$" (default) passes the whole input', async () => {
    const result = await run({ InputPath: '$' }, { a: 1 });
    expect(result.requests[0]?.parameters).toEqual({ a: 1 });
  });

  it('reference §5 (LS-recorded): an InputPath that finds nothing is States.Runtime "Invalid path ... No results for path"', async () => {
    const result = await run({ InputPath: '$.x' }, { a: 1 });
    const { error, cause } = failureOf(result);
    expect(error).toBe('States.Runtime');
    expect(cause).toContain("Invalid path '$.x' : No results for path: $['x']");
    expect(cause).toContain("An error occurred while executing the state 'S' (entered at the event id #2).");
  });
});

describe('Parameters', () => {
  it('AWS DG Parameters example: static fields and .$ paths into the product input', async () => {
    const input = {
      comment: 'Example for Parameters.',
      product: { details: { color: 'blue', size: 'small', material: 'cotton' }, availability: 'in stock', sku: '2317', cost: '$23' },
    };
    const parameters = { comment: 'Selecting what I care about.', MyDetails: { 'size.$': '$.product.details.size', 'exists.$': '$.product.availability', StaticValue: 'foo' } };
    const result = await run({ Parameters: parameters }, input);
    expect(result.requests[0]?.parameters).toEqual({ comment: 'Selecting what I care about.', MyDetails: { size: 'small', exists: 'in stock', StaticValue: 'foo' } });
  });

  it('SPEC Payload Template: a value without .$ is copied as text even if it looks like a path', async () => {
    const result = await run({ Parameters: { notAPath: '$.a', 'isAPath.$': '$.a' } }, { a: 'A' });
    expect(result.requests[0]?.parameters).toEqual({ notAPath: '$.a', isAPath: 'A' });
  });

  it('SPEC Payload Template: arrays of templates are walked', async () => {
    const result = await run({ Parameters: { list: [{ 'v.$': '$.a' }, 'lit'] } }, { a: 1 });
    expect(result.requests[0]?.parameters).toEqual({ list: [{ v: 1 }, 'lit'] });
  });

  it('DG Context object: "$$" in Parameters reads the context object', async () => {
    const result = await run({ Parameters: { 'arn.$': '$$.Execution.Id', 'sm.$': '$$.StateMachine.Name' } }, {});
    expect(result.requests[0]?.parameters).toEqual({ arn: 'arn:aws:states:us-east-1:123456789012:execution:TestMachine:test-execution', sm: 'TestMachine' });
  });

  it('reference §5 (LS-recorded): a missing .$ path in Parameters is States.Runtime with AWS\'s cause', async () => {
    const result = await run({ Parameters: { 'value.$': '$.x' } }, { a: 1 });
    const { error, cause } = failureOf(result);
    expect(error).toBe('States.Runtime');
    expect(cause).toContain('The JSONPath \'$.x\' specified for the field \'value.$\' could not be found in the input \'{"a":1}\'');
  });

  it('Jayway semantics (DG "JsonPath" notes): an indefinite path yields an array of matches', async () => {
    const result = await run({ Parameters: { 'names.$': '$.items[*].name' } }, { items: [{ name: 'a' }, { name: 'b' }] });
    expect(result.requests[0]?.parameters).toEqual({ names: ['a', 'b'] });
  });
});

describe('ResultSelector', () => {
  it('AWS DG ResultSelector example: keeps only chosen fields of the result', async () => {
    const taskResult = { resourceType: 'elasticmapreduce', resource: 'createCluster.sync', output: { SdkHttpMetadata: { HttpStatusCode: 200 }, SdkResponseMetadata: { RequestId: '1234' }, ClusterId: 'AKIAIOSFODNN7EXAMPLE' } };
    const result = await run({ ResultSelector: { 'ClusterId.$': '$.output.ClusterId', 'ResourceType.$': '$.resourceType' } }, {}, taskResult);
    expect(outputOf(result)).toEqual({ ClusterId: 'AKIAIOSFODNN7EXAMPLE', ResourceType: 'elasticmapreduce' });
  });
});

describe('ResultPath', () => {
  const input = { comment: 'This is a test of the input and output of a Task state.', details: 'Default example', who: 'AWS Step Functions' };

  it('AWS DG ResultPath example: "$" (default) replaces the input with the result', async () => {
    const result = await run({}, input, 'Hello, AWS Step Functions!');
    expect(outputOf(result)).toBe('Hello, AWS Step Functions!');
  });

  it('AWS DG ResultPath example: "$.taskresult" adds the result to the input', async () => {
    const result = await run({ ResultPath: '$.taskresult' }, input, 'Hello, AWS Step Functions!');
    expect(outputOf(result)).toEqual({ ...input, taskresult: 'Hello, AWS Step Functions!' });
  });

  it('AWS DG ResultPath example: null discards the result and keeps the input', async () => {
    const result = await run({ ResultPath: null }, input, 'Hello, AWS Step Functions!');
    expect(outputOf(result)).toEqual(input);
  });

  it('AWS DG ResultPath example: "$.strings.lambdaresult" creates the path and replaces an existing node', async () => {
    const withStrings = { ...input, strings: { lambdaresult: 'old', other: 1 } };
    const result = await run({ ResultPath: '$.strings.lambdaresult' }, withStrings, 'new');
    expect(outputOf(result)).toEqual({ ...input, strings: { lambdaresult: 'new', other: 1 } });
    const created = await run({ ResultPath: '$.a.b.c' }, { x: 1 }, 7);
    expect(outputOf(created)).toEqual({ x: 1, a: { b: { c: 7 } } });
  });

  it('SPEC: ResultPath that cannot be applied (into a string) fails with States.ResultPathMatchFailure', async () => {
    const result = await run({ ResultPath: '$.s.x' }, { s: 'text' }, 1);
    expect(failureOf(result).error).toBe('States.ResultPathMatchFailure');
  });

  it('SPEC: ResultPath places the result into the RAW input, not the effective input (InputPath)', async () => {
    const result = await run({ InputPath: '$.sub', ResultPath: '$.r' }, { sub: { a: 1 }, top: true }, 'R');
    expect(outputOf(result)).toEqual({ sub: { a: 1 }, top: true, r: 'R' });
  });
});

describe('OutputPath', () => {
  it('AWS DG OutputPath example: selects a part of the combined output', async () => {
    const result = await run({ ResultPath: '$.r', OutputPath: '$.r.Payload' }, { a: 1 }, { Payload: { ok: 1 }, StatusCode: 200 });
    expect(outputOf(result)).toEqual({ ok: 1 });
  });

  it('SPEC: OutputPath null gives {}', async () => {
    const result = await run({ OutputPath: null }, { a: 1 }, { b: 2 });
    expect(outputOf(result)).toEqual({});
  });

  it('reference §5 (LS test_catch_states_runtime): a failing OutputPath is States.Runtime "Missing property in path"', async () => {
    const result = await run({ OutputPath: '$.no.such.result.path' }, {}, { b: 2 });
    const { error, cause } = failureOf(result);
    expect(error).toBe('States.Runtime');
    expect(cause).toContain("Invalid path '$.no.such.result.path' : Missing property in path $['no']");
  });

  it('reference §5 (Stack Overflow report): a path on null input is States.Runtime "Unable to apply Path transformation to null or empty input."', async () => {
    const result = await run({ OutputPath: '$.x' }, {}, null);
    const { error, cause } = failureOf(result);
    expect(error).toBe('States.Runtime');
    expect(cause).toContain('Unable to apply Path transformation to null or empty input.');
  });
});
