import { StatesError } from '../../errors';
import { parseIntrinsic, IntrinsicSyntaxError, INTRINSIC_FUNCTION_NAMES } from '../../jsonpath/intrinsic-parser';
import { evaluateIntrinsic, roundHalfAwayFromZero } from '../../jsonpath/intrinsics';
import { lookUpPath, type Path } from '../../jsonpath/paths';

/** Evaluates an intrinsic (as written after JSON decoding) against `data` as `$`. */
function run(text: string, data: unknown = {}, variables: Record<string, unknown> = {}, context: unknown = {}): unknown {
  return evaluateIntrinsic(parseIntrinsic(text), (path: Path) => {
    const lookup = lookUpPath(path, { data, context, variables });
    if (!lookup.found) throw new Error(`missing ${path.text}`);
    return lookup.value;
  });
}

/** The intrinsic text of a `.$` field as it is written in a definition's JSON text. */
function fromJson(jsonText: string): string {
  return (JSON.parse(`{"v.$": "${jsonText}"}`) as { 'v.$': string })['v.$'];
}

function failureOf(text: string, data: unknown = {}): StatesError {
  try {
    run(text, data);
  } catch (error) {
    if (error instanceof StatesError) return error;
    throw error;
  }
  throw new Error(`${text} did not fail`);
}

describe('parseIntrinsic', () => {
  it('knows exactly the 18 intrinsic functions', () => {
    expect(INTRINSIC_FUNCTION_NAMES).toHaveLength(18);
    for (const name of INTRINSIC_FUNCTION_NAMES) expect(() => parseIntrinsic(`${name}()`)).not.toThrow();
    expect(() => parseIntrinsic('States.Nope(1)')).toThrow(/unknown intrinsic function 'States.Nope'/);
  });

  it('parses every kind of argument, nested calls included', () => {
    const call = parseIntrinsic("States.Array('a', -1.5, 2e3, true, false, null, $.x, $$.Execution.Id, $myVar.a[0], States.UUID())");
    expect(call.args.map((argument) => argument.kind)).toEqual(['string', 'number', 'number', 'boolean', 'boolean', 'null', 'path', 'path', 'path', 'call']);
    expect(call.args[1]).toEqual({ kind: 'number', value: -1.5 });
    expect(call.args[2]).toEqual({ kind: 'number', value: 2000 });
  });

  it('reads path arguments with brackets, quotes and commas inside them', () => {
    expect(run("States.Array($['a,b'], $.list[0,1])", { 'a,b': 1, list: [7, 8, 9] })).toEqual([1, [7, 8]]);
  });

  it('applies AWS escapes in string literals: \\\', \\{, \\}, \\\\ (DG "Reserved characters in intrinsic functions")', () => {
    expect(run(String.raw`States.Format('It\'s \{\} {}', 'x')`)).toBe("It's {} x");
  });

  it("keeps the backslash of States.Format('a\\\\\\\\b') written in the JSON file: a\\b (previous engine's bug)", () => {
    const text = fromJson(String.raw`States.Format('a\\\\b')`);
    expect(text).toBe(String.raw`States.Format('a\\b')`);
    expect(run(text)).toBe('a\\b');
    expect((run(text) as string).length).toBe(3);
  });

  it("parses an escaped backslash right before the closing quote: States.StringSplit('1\\\\2\\\\3', '\\\\') (previous engine's bug)", () => {
    const text = fromJson(String.raw`States.StringSplit('1\\\\2\\\\3', '\\\\')`);
    expect(run(text)).toEqual(['1', '2', '3']);
  });

  it('refuses bad syntax: open escapes, unterminated strings, missing parentheses, trailing text', () => {
    expect(() => parseIntrinsic(String.raw`States.Format('a\nb')`)).toThrow(/open escape/);
    expect(() => parseIntrinsic("States.Format('abc")).toThrow(/unterminated/);
    expect(() => parseIntrinsic("States.Format('abc'")).toThrow(IntrinsicSyntaxError);
    expect(() => parseIntrinsic('States.Array(1,)')).toThrow(/missing argument/);
    expect(() => parseIntrinsic('States.Array(1) x')).toThrow(/after the closing/);
    expect(() => parseIntrinsic('States.Array($.a[)')).toThrow(IntrinsicSyntaxError);
    expect(() => parseIntrinsic('hello')).toThrow(IntrinsicSyntaxError);
  });

  it('allows 10 levels of nesting and refuses 11 (DG: "You can nest up to 10 intrinsic functions")', () => {
    const nest = (depth: number): string => (depth === 1 ? 'States.Array(1)' : `States.Array(${nest(depth - 1)})`);
    expect(() => parseIntrinsic(nest(10))).not.toThrow();
    expect(() => parseIntrinsic(nest(11))).toThrow(/nested at most 10/);
  });

  it('parses the DG example with nine nested functions (DG "Intrinsic functions": myArn)', () => {
    const text =
      "States.Format('{}.{}.{}', States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 0), States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 1))";
    const input = { ImageRecipe: { Arn: 'arn:aws:imagebuilder:us-east-1:1:image-recipe/recipe.name/1.0.0' } };
    expect(() => parseIntrinsic(text)).not.toThrow();
    // As printed, the DG example has three {} for two values, which States.Format refuses.
    expect(failureOf(text, input).cause).toMatch(/3 placeholder/);
    expect(run(text.replace("'{}.{}.{}'", "'{}.{}'"), input)).toBe('1.0'); // item 2 of the '/' split is '1.0.0'
  });
});

describe('States.Format', () => {
  it('DG example: Hello, my name is Arnav. from a literal template or a path template', () => {
    const input = { name: 'Arnav', template: 'Hello, my name is {}.' };
    expect(run("States.Format('Hello, my name is {}.', $.name)", input)).toBe('Hello, my name is Arnav.');
    expect(run('States.Format($.template, $.name)', input)).toBe('Hello, my name is Arnav.');
  });

  it("SPEC example: 'Your name is {}, we are in the year {}' with a number; SPEC Welcome to {} {}\\'s playlist", () => {
    expect(run("States.Format('Your name is {}, we are in the year {}', $.name, 2020)", { name: 'Foo' })).toBe('Your name is Foo, we are in the year 2020');
    expect(run(String.raw`States.Format('Welcome to {} {}\'s playlist.', $.firstName, $.lastName)`, { firstName: 'Ann', lastName: 'Lee' })).toBe("Welcome to Ann Lee's playlist.");
  });

  it('prints booleans, null and numbers naturally and refuses arrays, objects and a wrong number of values', () => {
    expect(run("States.Format('{} {} {}', true, null, 1.5)")).toBe('true null 1.5');
    expect(failureOf("States.Format('{}', $.a)", { a: [1] })).toMatchObject({ error: 'States.IntrinsicFailure', cause: expect.stringContaining('argument 2 must be a string, number, boolean or null') });
    expect(failureOf("States.Format('{} {}', 1)").cause).toMatch(/2 placeholder\(s\) '\{\}' but 1 value argument/);
    expect(failureOf('States.Format(1)').cause).toMatch(/argument 1 must be a string/);
  });
});

describe('JSON intrinsics', () => {
  it('DG example: States.StringToJson parses an escaped JSON string', () => {
    expect(run('States.StringToJson($.escapedJsonString)', { escapedJsonString: '{"foo": "bar"}' })).toEqual({ foo: 'bar' });
    expect(failureOf('States.StringToJson($.s)', { s: '{oops' })).toMatchObject({ error: 'States.IntrinsicFailure' });
  });

  it('SPEC example: States.JsonToString gives compact JSON text', () => {
    expect(run('States.JsonToString($.someJson)', { someJson: { name: 'Foo', year: 2020 } })).toBe('{"name":"Foo","year":2020}');
  });

  it('DG example: States.JsonMerge($.json1, $.json2, false) is a shallow merge', () => {
    const input = { json1: { a: { a1: 1, a2: 2 }, b: 2 }, json2: { a: { a3: 1, a4: 2 }, c: 3 } };
    expect(run('States.JsonMerge($.json1, $.json2, false)', input)).toEqual({ a: { a3: 1, a4: 2 }, b: 2, c: 3 });
  });

  it("States.JsonMerge does not change its first argument (previous engine's bug)", () => {
    const first = { a: 1, nested: { x: 1 } };
    const variables = { first };
    const merged = run('States.JsonMerge($first, $.second, false)', { second: { b: 2 } }, variables) as Record<string, unknown>;
    expect(merged).toEqual({ a: 1, nested: { x: 1 }, b: 2 });
    expect(first).toEqual({ a: 1, nested: { x: 1 } });
  });

  it('States.JsonMerge refuses the deep mode and non-objects (DG: only the shallow merging mode is supported)', () => {
    expect(failureOf("States.JsonMerge($.a, $.b, true)", { a: {}, b: {} }).cause).toMatch(/third argument must be false/);
    expect(failureOf("States.JsonMerge($.a, 'x', false)", { a: {} }).cause).toMatch(/argument 2 must be a JSON object/);
    expect(failureOf('States.JsonMerge($.a, $.a)', { a: {} }).cause).toMatch(/expected 3 arguments, but got 2/);
  });
});

describe('array intrinsics', () => {
  const inputArray = [1, 2, 3, 4, 5, 6, 7, 8, 9];

  it("SPEC example: States.Array('Foo', 2020, $.someJson, null)", () => {
    expect(run("States.Array('Foo', 2020, $.someJson, null)", { someJson: { random: 'abcdefg' } })).toEqual(['Foo', 2020, { random: 'abcdefg' }, null]);
    expect(run('States.Array($.Id)', { Id: 123456 })).toEqual([123456]);
    expect(run('States.Array()')).toEqual([]);
  });

  it('DG example: States.ArrayPartition($.inputArray,4)', () => {
    expect(run('States.ArrayPartition($.inputArray,4)', { inputArray })).toEqual([[1, 2, 3, 4], [5, 6, 7, 8], [9]]);
    expect(failureOf('States.ArrayPartition($.inputArray, 0)', { inputArray }).cause).toMatch(/positive integer/);
    expect(failureOf("States.ArrayPartition('x', 2)").cause).toMatch(/argument 1 must be an array/);
  });

  it('DG example: States.ArrayContains($.inputArray, $.lookingFor), with JSON equality', () => {
    expect(run('States.ArrayContains($.inputArray, $.lookingFor)', { inputArray, lookingFor: 5 })).toBe(true);
    expect(run('States.ArrayContains($.inputArray, 10)', { inputArray })).toBe(false);
    expect(run('States.ArrayContains($.a, $.b)', { a: [{ x: [1] }], b: { x: [1] } })).toBe(true);
  });

  it('DG example: States.ArrayRange(1, 9, 2), inclusive end, negative steps, at most 1000 elements', () => {
    expect(run('States.ArrayRange(1, 9, 2)')).toEqual([1, 3, 5, 7, 9]);
    expect(run('States.ArrayRange(0, 10, 3)')).toEqual([0, 3, 6, 9]);
    expect(run('States.ArrayRange(5, 1, -2)')).toEqual([5, 3, 1]);
    expect(run('States.ArrayRange(1, 1000, 1)')).toHaveLength(1000);
    expect(failureOf('States.ArrayRange(1, 1001, 1)').cause).toMatch(/1001 elements; at most 1000/);
    expect(failureOf('States.ArrayRange(1, 9, 0)').cause).toMatch(/non-zero integer/);
    expect(failureOf('States.ArrayRange(1.5, 9, 1)').cause).toMatch(/argument 1 must be an integer/);
  });

  it('DG example: States.ArrayGetItem($.inputArray, $.index) and out-of-bounds indexes', () => {
    expect(run('States.ArrayGetItem($.inputArray, $.index)', { inputArray, index: 5 })).toBe(6);
    expect(failureOf('States.ArrayGetItem($.inputArray, 9)', { inputArray }).cause).toMatch(/out of bounds/);
    expect(failureOf('States.ArrayGetItem($.inputArray, -1)', { inputArray }).cause).toMatch(/non-negative integer/);
  });

  it('DG examples: States.ArrayLength and States.ArrayUnique', () => {
    expect(run('States.ArrayLength($.inputArray)', { inputArray })).toBe(9);
    expect(run('States.ArrayUnique($.inputArray)', { inputArray: [1, 2, 3, 3, 3, 3, 3, 3, 4] })).toEqual([1, 2, 3, 4]);
    expect(run('States.ArrayUnique($.a)', { a: [{ k: 1 }, { k: 1 }, 'x'] })).toEqual([{ k: 1 }, 'x']);
    expect(failureOf('States.ArrayLength($.a)', { a: 'nope' }).error).toBe('States.IntrinsicFailure');
  });
});

describe('encoding and hashing intrinsics', () => {
  it('DG examples: States.Base64Encode and States.Base64Decode', () => {
    expect(run('States.Base64Encode($.input)', { input: 'Data to encode' })).toBe('RGF0YSB0byBlbmNvZGU=');
    expect(run('States.Base64Decode($.base64)', { base64: 'RGF0YSB0byBlbmNvZGU=' })).toBe('Data to encode');
    expect(run("States.Base64Decode(States.Base64Encode('héllo ✓'))")).toBe('héllo ✓');
  });

  it('DG: Base64 input of up to 10,000 characters; invalid Base64 fails', () => {
    expect(run('States.Base64Decode($.b)', { b: 'A'.repeat(10_000) })).toEqual(expect.any(String));
    expect(failureOf('States.Base64Decode($.b)', { b: 'A'.repeat(10_004) }).cause).toMatch(/10004 characters; at most 10000/);
    expect(failureOf('States.Base64Encode($.b)', { b: 'x'.repeat(10_001) }).error).toBe('States.IntrinsicFailure');
    expect(failureOf("States.Base64Decode('not base64!')").cause).toMatch(/not Base64/);
  });

  it('DG example: States.Hash($.Data, $.Algorithm) with SHA-1, and every algorithm as hex', () => {
    // The DG prints "aaff4a450a104cd177d28d18d7485e8cae074b7": one digit short of the real SHA-1.
    expect(run('States.Hash($.Data, $.Algorithm)', { Data: 'input data', Algorithm: 'SHA-1' })).toBe('aaff4a450a104cd177d28d18d74485e8cae074b7');
    expect(run("States.Hash('input data', 'MD5')")).toBe('812f45842bc6d66ee14572ce20db8e86');
    expect(run("States.Hash('input data', 'SHA-256')")).toBe('b4a697a057313163aee33cd8d40c66e9f0f177e00cac2de32475ffff6169c3e3');
    expect(run("States.Hash('x', 'SHA-384')")).toMatch(/^[0-9a-f]{96}$/);
    expect(run("States.Hash('x', 'SHA-512')")).toMatch(/^[0-9a-f]{128}$/);
    expect(failureOf("States.Hash('x', 'SHA-3')").cause).toMatch(/MD5, SHA-1, SHA-256, SHA-384, SHA-512/);
  });
});

describe('math, string and UUID intrinsics', () => {
  it('DG example: States.MathAdd($.value1, $.step) gives 110; non-integers are rounded half away from zero', () => {
    expect(run('States.MathAdd($.value1, $.step)', { value1: 111, step: -1 })).toBe(110);
    expect(run('States.MathAdd(2.5, 0)')).toBe(3);
    expect(run('States.MathAdd(-2.5, 0)')).toBe(-3);
    expect(roundHalfAwayFromZero(1.49)).toBe(1);
    expect(failureOf("States.MathAdd('1', 2)").cause).toMatch(/argument 1 must be a number/);
  });

  it('DG example: States.MathRandom($.start, $.end) stays in range; the same seed gives the same number', () => {
    for (let attempt = 0; attempt < 50; attempt += 1) {
      const value = run('States.MathRandom($.start, $.end)', { start: 1, end: 999 }) as number;
      expect(Number.isInteger(value) && value >= 1 && value < 999).toBe(true);
    }
    expect(run('States.MathRandom(1, 999, 42)')).toBe(run('States.MathRandom(1, 999, 42)'));
    expect(new Set([1, 2, 3, 4, 5, 6].map((seed) => run(`States.MathRandom(0, 1000000, ${seed})`))).size).toBeGreaterThan(1);
    expect(failureOf("States.MathRandom('a', 2)").error).toBe('States.IntrinsicFailure');
  });

  it('DG example: States.StringSplit($.inputString, $.splitter) with ","', () => {
    expect(run('States.StringSplit($.inputString, $.splitter)', { inputString: '1,2,3,4,5', splitter: ',' })).toEqual(['1', '2', '3', '4', '5']);
  });

  it("DG example: States.StringSplit splits on EACH character of the delimiter string (previous engine's bug)", () => {
    expect(run('States.StringSplit($.inputString, $.splitter)', { inputString: 'This.is+a,test=string', splitter: '.+,=' })).toEqual(['This', 'is', 'a', 'test', 'string']);
    expect(run("States.StringSplit('a--b', '-')")).toEqual(['a', 'b']);
  });

  it('DG: States.UUID() returns a version 4 UUID and takes no argument', () => {
    expect(run('States.UUID()')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(run('States.UUID()')).not.toBe(run('States.UUID()'));
    expect(failureOf("States.UUID('x')").cause).toMatch(/expected 0 arguments/);
  });
});
