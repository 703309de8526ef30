import { lookUpPath, parsePath, parseReferencePath, placeAtReferencePath, PathSyntaxError, NULL_INPUT_CAUSE, type PathSources } from '../../jsonpath/paths';

const sources = (data: unknown, extra: Partial<PathSources> = {}): PathSources => ({ data, context: {}, variables: {}, ...extra });
const read = (path: string, data: unknown, extra: Partial<PathSources> = {}) => lookUpPath(parsePath(path), sources(data, extra));

describe('parsePath', () => {
  it('tells the three roots apart: $ (data), $$ (context), $name (variable)', () => {
    expect(parsePath('$.a').root).toEqual({ kind: 'data' });
    expect(parsePath('$').root).toEqual({ kind: 'data' });
    expect(parsePath('$[0]').root).toEqual({ kind: 'data' });
    expect(parsePath('$$.Execution.Id').root).toEqual({ kind: 'context' });
    expect(parsePath('$customerName').root).toEqual({ kind: 'variable', name: 'customerName' });
    expect(parsePath('$order.items[0]')).toMatchObject({ root: { kind: 'variable', name: 'order' }, query: '$.items[0]' });
  });

  it('parses definite steps, bracket names and escapes (SPEC "Reference Paths" examples)', () => {
    expect(parsePath('$.ledgers.branch[0].pending.count').steps).toEqual([
      { kind: 'property', name: 'ledgers' },
      { kind: 'property', name: 'branch' },
      { kind: 'index', index: 0 },
      { kind: 'property', name: 'pending' },
      { kind: 'property', name: 'count' },
    ]);
    expect(parsePath("$['store'][0]['book']").steps).toEqual([
      { kind: 'property', name: 'store' },
      { kind: 'index', index: 0 },
      { kind: 'property', name: 'book' },
    ]);
    expect(parsePath('$.store\\.book').steps).toEqual([{ kind: 'property', name: 'store.book' }]);
  });

  it('marks indefinite paths (no steps) and refuses what is not a path', () => {
    expect(parsePath('$..price').steps).toBeUndefined();
    expect(parsePath('$.a[*]').steps).toBeUndefined();
    expect(parsePath('$.a[0,1]').steps).toBeUndefined();
    expect(parsePath('$.vals[-3:]').steps).toBeUndefined();
    expect(parsePath('$.s[?(@.p > 10)]').steps).toBeUndefined();
    expect(() => parsePath('a.b')).toThrow(PathSyntaxError);
    expect(() => parsePath('$.')).toThrow(PathSyntaxError);
    expect(() => parsePath('$.a[0')).toThrow(/unbalanced/);
    expect(() => parsePath('$.a b[]')).toThrow(PathSyntaxError);
  });

  it('refuses Reference Paths into the context object, a variable, or with wildcards', () => {
    expect(() => parseReferencePath('$$.Execution')).toThrow(/context object/);
    expect(() => parseReferencePath('$x.y')).toThrow(/variable/);
    expect(() => parseReferencePath('$.a[*]')).toThrow(/single node/);
    expect(parseReferencePath('$.a.b').steps).toHaveLength(2);
  });
});

describe('lookUpPath', () => {
  const input = { foo: 123, bar: ['a', 'b', 'c'], car: { cdr: true }, nothing: null, vals: [0, 10, 20, 30, 40, 50] };

  it('reads definite paths (SPEC "Reference Paths": $.foo, $.bar, $.car.cdr)', () => {
    expect(read('$.foo', input)).toEqual({ found: true, value: 123 });
    expect(read('$.bar', input)).toEqual({ found: true, value: ['a', 'b', 'c'] });
    expect(read('$.car.cdr', input)).toEqual({ found: true, value: true });
    expect(read('$.nothing', input)).toEqual({ found: true, value: null });
    expect(read('$.bar[-1]', input)).toEqual({ found: true, value: 'c' });
    expect(read('$', input)).toEqual({ found: true, value: input });
  });

  it('gathers the matches of an indefinite path into an array (SPEC: $.a[0,1] gives [1, 2]; $.vals[-3:])', () => {
    expect(read('$.a[0,1]', { a: [1, 2, 3, 4] })).toEqual({ found: true, value: [1, 2] });
    expect(read('$.vals[-3:]', input)).toEqual({ found: true, value: [30, 40, 50] });
    expect(read('$..cdr', input)).toEqual({ found: true, value: [true] });
    expect(read('$.s[?(@.p > 10)]', { s: [{ p: 5 }, { p: 15 }] })).toEqual({ found: true, value: [{ p: 15 }] });
    expect(read('$.bar[*]', { bar: [] })).toEqual({ found: true, value: [] });
  });

  it("says why nothing was found in Jayway's words (AWS-recorded causes)", () => {
    expect(read('$.x', input)).toEqual({ found: false, reason: "No results for path: $['x']", nullInput: false });
    expect(read('$.no.such.result.path', input)).toEqual({ found: false, reason: "Missing property in path $['no']", nullInput: false });
    expect(read('$.car.x', input)).toMatchObject({ found: false, reason: "No results for path: $['car']['x']" });
    expect(read('$.bar[7]', input)).toMatchObject({ found: false, reason: "Index out of bounds when evaluating path $['bar'][7]" });
    expect(read('$.foo.x', input)).toMatchObject({ found: false, reason: expect.stringContaining("property ['x'] in path $['foo']") });
  });

  it('reports a path applied to null input as AWS does', () => {
    expect(read('$.a', null)).toEqual({ found: false, reason: NULL_INPUT_CAUSE, nullInput: true });
    expect(NULL_INPUT_CAUSE).toBe('Unable to apply Path transformation to null or empty input.');
    expect(read('$', null)).toEqual({ found: true, value: null });
  });

  it('reads $$ from the context object and $name from the variables', () => {
    const extra = { context: { Execution: { Id: 'arn:exec' } }, variables: { order: { items: [{ sku: 'A' }] } } };
    expect(read('$$.Execution.Id', {}, extra)).toEqual({ found: true, value: 'arn:exec' });
    expect(read('$order.items[0].sku', {}, extra)).toEqual({ found: true, value: 'A' });
    expect(read('$order', {}, extra)).toEqual({ found: true, value: { items: [{ sku: 'A' }] } });
    expect(read('$missing', {}, extra)).toMatchObject({ found: false, reason: expect.stringContaining("'$missing' is not defined") });
  });

  it('returns the value found, and leaves the data as it was (values are immutable: shared, never copied)', () => {
    const data = { a: { b: [1] } };
    const lookup = read('$.a', data);
    expect(lookup.found && lookup.value).toBe(data.a);
    expect(data).toEqual({ a: { b: [1] } });
  });
});

describe('placeAtReferencePath (ResultPath)', () => {
  const place = (input: unknown, path: string, value: unknown) => placeAtReferencePath(input, parseReferencePath(path), value);

  it('overwrites a field or creates the chain of fields (SPEC "ResultPath" examples)', () => {
    const input = { master: { detail: [1, 2, 3] } };
    expect(place(input, '$.master.detail', 6)).toEqual({ output: { master: { detail: 6 } } });
    expect(place(input, '$.master.result.sum', 6)).toEqual({ output: { master: { detail: [1, 2, 3], result: { sum: 6 } } } });
    expect(place({ a: 1 }, '$.b.greeting', 'Hi!')).toEqual({ output: { a: 1, b: { greeting: 'Hi!' } } });
    expect(place({ a: 1 }, '$', 'Hi!')).toEqual({ output: 'Hi!' });
    expect(place({ list: [1, 2] }, '$.list[1]', 'x')).toEqual({ output: { list: [1, 'x'] } });
  });

  it('never changes the input', () => {
    const input = { master: { detail: [1, 2, 3] } };
    const snapshot = structuredClone(input);
    const placed = place(input, '$.master.result', { sum: 6 });
    expect(input).toEqual(snapshot);
    expect((placed?.output as { master: unknown }).master).not.toBe(input.master);
  });

  it('cannot place into a string, a number or past an array (SPEC: input "foo" with ResultPath $.x)', () => {
    expect(place('foo', '$.x', 1)).toBeUndefined();
    expect(place({ a: 5 }, '$.a.b', 1)).toBeUndefined();
    expect(place({ list: [] }, '$.list[3]', 1)).toBeUndefined();
  });
});
