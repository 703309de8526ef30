/**
 * JSONata functions in Step Functions: JSONata 2.0.6 built-ins plus the functions Step Functions
 * adds. Sources: AWS DG "Transforming data with JSONata in Step Functions" ("JSONata functions
 * provided by Step Functions", "$eval is not supported"), reference §3 (LS test_array_jsonata,
 * AWS-recorded values; ASL-LS examples).
 */
import { failureOf, jsonataMachine, outputOf, runDefinition } from './helpers';

const evaluate = async (expression: string, input: unknown = {}): Promise<unknown> => {
  const result = await runDefinition(jsonataMachine({ P: { Type: 'Pass', Output: { value: `{% ${expression} %}` }, End: true } }), input);
  return (outputOf(result) as { value: unknown }).value;
};

describe('functions provided by Step Functions', () => {
  it.each<[string, unknown]>([
    ['$partition([1,2,3,4,5], 2)', [[1, 2], [3, 4], [5]]],
    ['$partition([0,1,2,3], 3)', [[0, 1, 2], [3]]],
    ['$partition([1,2], 5)', [[1, 2]]],
    ['$partition([], 2)', []],
    ['$range(0, 9, 3)', [0, 3, 6, 9]],
    ['$range(0, 10, 3)', [0, 3, 6, 9]],
    ['$range(1, 9, 2)', [1, 3, 5, 7, 9]],
    ['$range(1, -5, -1)', [1, 0, -1, -2, -3, -4, -5]],
    ['$range(1, 9, 9)', 1],
    ['$parse(\'[1, 2, "HelloWorld"]\')', [1, 2, 'HelloWorld']],
    ['$parse(\'-0\')', 0],
    ['$hash("input data", "SHA-1")', 'aaff4a450a104cd177d28d18d74485e8cae074b7'],
    ['$hash("Hello World", "SHA-256")', 'a591a6d40bf420404a011733cfb7b190d62c65bf0bcda32b57b277d9ad9f146e'],
    ['$hash("abc", "MD5")', '900150983cd24fb0d6963f7d28e17f72'],
  ])('reference §3 / DG: %s', async (expression, expected) => {
    expect(await evaluate(expression)).toEqual(expected);
  });

  it('DG: $random() is a number 0 <= n < 1', async () => {
    const value = await evaluate('$random()');
    expect(typeof value).toBe('number');
    expect(value).toBeGreaterThanOrEqual(0);
    expect(value).toBeLessThan(1);
  });

  it('DG: $random(seed) gives the same value for the same seed', async () => {
    expect(await evaluate('$random(7)')).toBe(await evaluate('$random(7)'));
  });

  it('DG: $uuid() is a v4 UUID, new each call', async () => {
    const [a, b] = (await evaluate('[$uuid(), $uuid()]')) as string[];
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a).not.toBe(b);
  });

  it('reference §3 (LS-recorded): $randomSeeded does not exist (T1006)', async () => {
    const result = await runDefinition(jsonataMachine({ P: { Type: 'Pass', Output: '{% $randomSeeded(1) %}', End: true } }), {});
    expect(failureOf(result).cause).toContain('T1006: Attempted to invoke a non-function');
  });
});

describe('JSONata 2.0.6 built-ins (DG "Supported JSONata version")', () => {
  it.each<[string, unknown, unknown]>([
    ['$sum($states.input.prices)', { prices: [1, 2, 3.5] }, 6.5],
    ['$uppercase($states.input.s)', { s: 'abc' }, 'ABC'],
    ['$string($states.input.n)', { n: 42 }, '42'],
    ['$count($states.input.items[price > 10])', { items: [{ price: 5 }, { price: 15 }, { price: 20 }] }, 2],
    ['$join($states.input.parts, "-")', { parts: ['a', 'b'] }, 'a-b'],
    ['$merge([{"a": 1}, {"b": 2}])', {}, { a: 1, b: 2 }],
    ['$states.input.items.name', { items: [{ name: 'x' }, { name: 'y' }] }, ['x', 'y']],
    ['($x := 5; $x * 2)', {}, 10],
  ])('%s', async (expression, input, expected) => {
    expect(await evaluate(expression, input)).toEqual(expected);
  });

  it('ASL-LS: $now() is constant within one expression evaluation', async () => {
    expect(await evaluate('$now() = $now()')).toBe(true);
  });

  it('SPEC "Expressions": $x := 1 inside an expression never changes a state-machine variable', async () => {
    const definition = jsonataMachine({
      A: { Type: 'Pass', Assign: { x: 1 }, Next: 'B' },
      B: { Type: 'Pass', Output: '{% ($x := 99; $x) %}', Next: 'C' },
      C: { Type: 'Pass', Output: { local: '{% $states.input %}', x: '{% $x %}' }, End: true },
    });
    expect(outputOf(await runDefinition(definition, {}))).toEqual({ local: 99, x: 1 });
  });
});
