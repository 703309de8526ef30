/**
 * Intrinsic functions of JSONPath states, with the examples of AWS DG "Intrinsic functions for
 * JSONPath states in Step Functions" (each case quotes the DG example's input and result).
 * Errors: SPEC Appendix A / reference table (States.IntrinsicFailure).
 */
import { failureOf, machine, outputOf, runDefinition } from './helpers';

/** Runs a Pass whose Parameters has `value.$: <intrinsic>` and returns the value. */
const evaluate = async (intrinsic: string, input: unknown = {}): Promise<unknown> => {
  const result = await runDefinition(machine({ P: { Type: 'Pass', Parameters: { 'value.$': intrinsic }, End: true } }), input);
  return (outputOf(result) as { value: unknown }).value;
};
const failure = async (intrinsic: string, input: unknown = {}): Promise<string> => {
  const result = await runDefinition(machine({ P: { Type: 'Pass', Parameters: { 'value.$': intrinsic }, End: true } }), input);
  return failureOf(result).error;
};

describe('AWS DG intrinsic examples', () => {
  it.each<[string, string, unknown, unknown]>([
    ['States.Format', "States.Format('Hello, my name is {}.', $.name)", { name: 'Arnav' }, 'Hello, my name is Arnav.'],
    ['States.StringToJson', 'States.StringToJson($.escapedJsonString)', { escapedJsonString: '{"foo": "bar"}' }, { foo: 'bar' }],
    ['States.JsonToString', 'States.JsonToString($.unescapedJson)', { unescapedJson: { foo: 'bar' } }, '{"foo":"bar"}'],
    ['States.Array', 'States.Array($.Id)', { Id: 123456 }, [123456]],
    ['States.ArrayPartition', 'States.ArrayPartition($.inputArray,4)', { inputArray: [1, 2, 3, 4, 5, 6, 7, 8, 9] }, [[1, 2, 3, 4], [5, 6, 7, 8], [9]]],
    ['States.ArrayContains', 'States.ArrayContains($.inputArray, $.lookingFor)', { inputArray: [1, 2, 3, 4, 5, 6, 7, 8, 9], lookingFor: 5 }, true],
    ['States.ArrayRange', 'States.ArrayRange(1, 9, 2)', {}, [1, 3, 5, 7, 9]],
    ['States.ArrayGetItem', 'States.ArrayGetItem($.inputArray, $.index)', { inputArray: [1, 2, 3, 4, 5, 6, 7, 8, 9], index: 5 }, 6],
    ['States.ArrayLength', 'States.ArrayLength($.inputArray)', { inputArray: [1, 2, 3, 4, 5, 6, 7, 8, 9] }, 9],
    ['States.ArrayUnique', 'States.ArrayUnique($.inputArray)', { inputArray: [1, 2, 3, 3, 3, 3, 3, 3, 4] }, [1, 2, 3, 4]],
    ['States.Base64Encode', 'States.Base64Encode($.input)', { input: 'Data to encode' }, 'RGF0YSB0byBlbmNvZGU='],
    ['States.Base64Decode', 'States.Base64Decode($.base64)', { base64: 'RGF0YSB0byBlbmNvZGU=' }, 'Data to encode'],
    ['States.Hash', 'States.Hash($.Data, $.Algorithm)', { Data: 'input data', Algorithm: 'SHA-1' }, 'aaff4a450a104cd177d28d18d74485e8cae074b7'],
    ['States.JsonMerge (shallow)', 'States.JsonMerge($.json1, $.json2, false)', { json1: { a: { a1: 1, a2: 2 }, b: 2 }, json2: { a: { a3: 1, a4: 2 }, c: 3 } }, { a: { a3: 1, a4: 2 }, b: 2, c: 3 }],
    ['States.MathAdd', 'States.MathAdd($.value1, $.step)', { value1: 111, step: -1 }, 110],
    ['States.StringSplit', 'States.StringSplit($.inputString, $.splitter)', { inputString: '1,2,3,4,5', splitter: ',' }, ['1', '2', '3', '4', '5']],
    ['States.StringSplit (several delimiter characters)', 'States.StringSplit($.inputString, $.splitter)', { inputString: 'This.is+a,test=string', splitter: '.+,=' }, ['This', 'is', 'a', 'test', 'string']],
  ])('%s', async (_name, intrinsic, input, expected) => {
    expect(await evaluate(intrinsic, input)).toEqual(expected);
  });

  it('States.MathRandom(1, 999): an integer from 1 (inclusive) to 999 (exclusive)', async () => {
    const value = await evaluate('States.MathRandom($.start, $.end)', { start: 1, end: 999 });
    expect(Number.isInteger(value)).toBe(true);
    expect(value).toBeGreaterThanOrEqual(1);
    expect(value).toBeLessThan(999);
  });

  it('States.MathRandom with a seed gives the same number every time', async () => {
    const first = await evaluate('States.MathRandom(1, 1000, 42)');
    expect(await evaluate('States.MathRandom(1, 1000, 42)')).toBe(first);
  });

  it('States.UUID: a version 4 UUID', async () => {
    expect(await evaluate('States.UUID()')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  // The DG's own myArn example has three '{}' for two values (it would fail); this keeps its nesting with two.
  it('DG: up to 10 nested intrinsics in one field (the myArn example, two placeholders)', async () => {
    const intrinsic =
      "States.Format('{}.{}', States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 0), States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 1))";
    const value = await evaluate(intrinsic, { ImageRecipe: { Arn: 'arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/my-recipe/1.0.3' } });
    expect(value).toBe('1.0');
  });

  it('DG: intrinsics also work in ResultSelector', async () => {
    const definition = machine({ P: { Type: 'Parallel', Branches: [{ StartAt: 'A', States: { A: { Type: 'Pass', Result: 'x', End: true } } }], ResultSelector: { 'n.$': 'States.ArrayLength($)' }, End: true } });
    expect(outputOf(await runDefinition(definition, {}))).toEqual({ n: 1 });
  });

  it('DG States.Format: escaped braces and quotes in a literal', async () => {
    // The string value holds `\{`, which a definition's JSON text writes as `\\{` (DG "Reserved characters").
    expect(await evaluate("States.Format('\\{\\} and \\' and {}', $.v)", { v: 1 })).toBe("{} and ' and 1");
  });
});

describe('States.IntrinsicFailure (SPEC Appendix A)', () => {
  it.each<[string, string, unknown]>([
    ['States.ArrayGetItem index out of range', 'States.ArrayGetItem($.a, 10)', { a: [1] }],
    ['States.Format with too few arguments', "States.Format('{} {}', $.v)", { v: 1 }],
    ['States.ArrayRange over the DG limit of 1000 items', 'States.ArrayRange(1, 2000, 1)', {}],
    ['States.Hash with an unknown algorithm', "States.Hash('x', 'SHA-999')", {}],
    ['States.MathAdd on a string', "States.MathAdd('a', 1)", {}],
  ])('%s', async (_name, intrinsic, input) => {
    expect(await failure(intrinsic, input)).toBe('States.IntrinsicFailure');
  });
});
