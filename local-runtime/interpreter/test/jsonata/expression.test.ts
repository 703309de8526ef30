/**
 * Recognising, compiling and evaluating `{% %}` expressions, and the JSON their results become.
 * Sources: SPEC "Expressions" / "JSONata Restrictions"; AWS-SKILL transforming-data.md (no
 * leading/trailing spaces, no interpolation); DG "Transforming data with JSONata" ($eval not
 * available; $states); reference section 3 (function result: unsupported result type).
 */
import { asJsonataFailure, bindings, compile, describeFailure, evaluate, expressionText, isExpression } from '../../jsonata/expression';
import { toJsonResult, typeWord } from '../../jsonata/json-result';
import { deepFreeze } from './scope';

describe('isExpression (SPEC "Expressions"; AWS-SKILL: whole string, no spaces outside)', () => {
  it.each(['{% $x %}', '{%$x%}', '{% %}', '{%%}'])('%j is an expression', (text) => {
    expect(isExpression(text)).toBe(true);
  });

  it.each([' {% $x %}', '{% $x %} ', 'a {% $x %}', '{% $x', '$x %}', '{%}', 42, null, { x: '{% $x %}' }])('%j is not', (value) => {
    expect(isExpression(value)).toBe(false);
  });

  it('expressionText drops the delimiters and the blanks around the JSONata (as AWS quotes it)', () => {
    expect(expressionText('{%  $states.input.pushLocation  %}')).toBe('$states.input.pushLocation');
  });
});

describe('compile', () => {
  it('compiles a text once (cache)', () => {
    expect(compile('$a + $b')).toBe(compile('$a + $b'));
  });

  it('throws the JSONata syntax error, with its code', () => {
    expect(() => compile('a[1,2)')).toThrow(expect.objectContaining({ code: 'S0202' }));
  });
});

/** The runtime's time in these tests: not the machine's. */
const NOW = Date.parse('2025-01-01T00:00:00.000Z');

describe('evaluate', () => {
  const states = { input: { n: 2, items: [{ a: 1 }, { a: 2 }] }, context: { Execution: { Name: 'run' } } };

  it('binds $states and every variable as $name; there is no input document ($ is nothing)', async () => {
    const variables = bindings({ x: 40 }, states, NOW);
    expect(await evaluate('$x + $states.input.n', variables)).toEqual({ kind: 'value', value: 42 });
    expect(await evaluate('$states.context.Execution.Name', variables)).toEqual({ kind: 'value', value: 'run' });
    expect(await evaluate('$', variables)).toEqual({ kind: 'undefined' });
    expect(await evaluate('n', variables)).toEqual({ kind: 'undefined' });
  });

  it('$now() and $millis() read the runtime\'s time, not the machine\'s (virtual time skips gaps)', async () => {
    expect(await evaluate('$millis()', bindings({}, states, NOW))).toEqual({ kind: 'value', value: NOW });
    expect(await evaluate('$now()', bindings({}, states, NOW))).toEqual({ kind: 'value', value: '2025-01-01T00:00:00.000Z' });
    expect(await evaluate("$now('[Y0001]-[M01]-[D01]')", bindings({}, states, NOW))).toEqual({ kind: 'value', value: '2025-01-01' });
  });

  it('$states wins over a variable named states', () => {
    expect(bindings({ states: 1 }, states, NOW).states).toBe(states);
  });

  it('an unknown variable gives nothing', async () => {
    expect(await evaluate('$nope', bindings({}, states, NOW))).toEqual({ kind: 'undefined' });
  });

  it('turns sequences into plain arrays', async () => {
    const outcome = await evaluate('$states.input.items.a', bindings({}, states, NOW));
    expect(outcome).toEqual({ kind: 'value', value: [1, 2] });
    const value = (outcome as { value: unknown }).value;
    expect(Object.keys(value as object)).toEqual(['0', '1']);
  });

  it('a single match is unwrapped, as in JSONata (third-party AWS observation); [] keeps the array', async () => {
    expect(await evaluate('$states.input.items[a = 2]', bindings({}, states, NOW))).toEqual({ kind: 'value', value: { a: 2 } });
    expect(await evaluate('$states.input.items[a = 2][]', bindings({}, states, NOW))).toEqual({ kind: 'value', value: [{ a: 2 }] });
  });

  it('a function result is unsupported (reference: "returned an unsupported result type")', async () => {
    expect(await evaluate('function($v) { $v }', bindings({}, states, NOW))).toEqual({ kind: 'unsupported' });
    expect(await evaluate('$sum', bindings({}, states, NOW))).toEqual({ kind: 'unsupported' });
    expect(await evaluate('{"f": $sum}', bindings({}, states, NOW))).toEqual({ kind: 'unsupported' });
  });

  it('a JSONata error is reported with its code (T2002 for arithmetic on a string)', async () => {
    const outcome = await evaluate('$states.input.n + "a"', bindings({}, states, NOW));
    expect(outcome).toEqual({ kind: 'error', failure: { code: 'T2002', message: expect.stringContaining('right side') } });
  });

  it('a syntax error found at run time is an error too', async () => {
    expect(await evaluate('a[1,2)', bindings({}, states, NOW))).toMatchObject({ kind: 'error', failure: { code: 'S0202' } });
  });

  it('$x := ... inside an expression never changes the state machine variables (SPEC "Expressions")', async () => {
    const variables = { x: 1 };
    expect(await evaluate('($x := 5; $x)', bindings(variables, states, NOW))).toEqual({ kind: 'value', value: 5 });
    expect(variables).toEqual({ x: 1 });
  });

  it('never mutates $states or the variables (frozen inputs)', async () => {
    const frozen = deepFreeze({ input: { list: [3, 1, 2], obj: { k: [1] } }, context: {} });
    const variables = deepFreeze({ v: [[1, 2], [3]] });
    const text = '{"sorted": $sort($states.input.list), "merged": $merge([$states.input.obj, {"z": 1}]), "flat": $v.$, "appended": $append($states.input.list, 4)}';
    expect(await evaluate(text, bindings(variables, frozen, NOW))).toEqual({
      kind: 'value',
      value: { sorted: [1, 2, 3], merged: { k: [1], z: 1 }, flat: [1, 2, 3], appended: [3, 1, 2, 4] },
    });
  });
});

describe('toJsonResult and typeWord', () => {
  it('drops undefined members, turns -0 into 0, and non-finite numbers into their names', () => {
    expect(toJsonResult({ a: undefined, b: -0, c: [Infinity, NaN] })).toEqual({ kind: 'value', value: { b: 0, c: ['Infinity', 'NaN'] } });
    expect(toJsonResult(undefined)).toEqual({ kind: 'undefined' });
    expect(toJsonResult(null)).toEqual({ kind: 'value', value: null });
  });

  it('names the JSON types as AWS does', () => {
    expect([[], {}, 'a', 1, true, null].map((value) => typeWord(value))).toEqual(['array', 'object', 'string', 'number', 'boolean', 'null']);
  });
});

describe('JSONata failures', () => {
  it('reads the code and message of JSONata errors and of plain Errors', () => {
    expect(asJsonataFailure({ code: 'T1006', message: 'Attempted to invoke a non-function' })).toEqual({ code: 'T1006', message: 'Attempted to invoke a non-function' });
    expect(asJsonataFailure(new Error('boom'))).toEqual({ message: 'boom' });
    expect(describeFailure({ code: 'T1006', message: 'Attempted to invoke a non-function' })).toBe('T1006: Attempted to invoke a non-function');
    expect(describeFailure({ message: 'boom' })).toBe('boom');
  });
});
