/**
 * The functions Step Functions adds to JSONata, through the evaluator (as a definition uses
 * them). Sources: DG "Transforming data with JSONata in Step Functions" (function list);
 * reference section 3 (AWS-recorded LocalStack snapshots, test_array_jsonata, and ASL-LS examples).
 */
import { createHash } from 'node:crypto';
import { bindings, evaluate } from '../../jsonata/expression';
import { hash, partition, random, range } from '../../jsonata/functions';

/** Evaluates an expression with no variables. */
async function run(text: string): Promise<unknown> {
  return evaluate(text, bindings({}, { input: {}, context: {} }, Date.parse('2025-01-01T00:00:00.000Z')));
}

describe('$partition (DG; ASL-LS examples; AWS-recorded [0,1,2,3],3)', () => {
  it.each([
    ['$partition([1,2,3,4,5], 2)', [[1, 2], [3, 4], [5]]],
    ['$partition([1,2,3,4,5], 1)', [[1], [2], [3], [4], [5]]],
    ['$partition([1,2,3,4,5], 5)', [[1, 2, 3, 4, 5]]],
    ['$partition([1,2,3,4,5], 6)', [[1, 2, 3, 4, 5]]],
    ['$partition([0,1,2,3], 3)', [[0, 1, 2], [3]]],
    ['$partition([], 2)', []],
  ])('%s', async (text, expected) => {
    expect(await run(text)).toEqual({ kind: 'value', value: expected });
  });

  it('truncates a fractional size (third-party observation: 2.6 chunks by 2)', () => {
    expect(partition([1, 2, 3, 4, 5], 2.6)).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('gives nothing for a size below 1, which fails the field', async () => {
    expect(await run('$partition([1,2,3], 0)')).toEqual({ kind: 'undefined' });
  });

  it('refuses a first argument that is not an array', async () => {
    expect(await run('$partition("abc", 2)')).toEqual({
      kind: 'error',
      failure: expect.objectContaining({ code: 'T0410' }),
    });
  });

  it('refuses a size that is not a number (JSONata signature)', async () => {
    expect(await run('$partition([1,2], "2")')).toEqual({ kind: 'error', failure: expect.objectContaining({ code: 'T0410' }) });
  });
});

describe('$range (AWS-recorded test_array_jsonata; ASL-LS examples)', () => {
  it.each([
    ['$range(0, 9, 3)', [0, 3, 6, 9]],
    ['$range(0, 10, 3)', [0, 3, 6, 9]],
    ['$range(1, 9, 2)', [1, 3, 5, 7, 9]],
    ['$range(0, 10, 1)', [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]],
    ['$range(1, -5, -1)', [1, 0, -1, -2, -3, -4, -5]],
    ['$range(1, 9, 3)', [1, 4, 7]],
    ['$range(1, 9, 0)', []],
  ])('%s', async (text, expected) => {
    expect(await run(text)).toEqual({ kind: 'value', value: expected });
  });

  it('$range(1, 9, 9) is the scalar 1, not [1] (AWS-recorded singleton unwrapping)', async () => {
    expect(await run('$range(1, 9, 9)')).toEqual({ kind: 'value', value: 1 });
  });

  it('a step moving away from the end gives an empty sequence: nothing', async () => {
    expect(await run('$range(5, 1, 1)')).toEqual({ kind: 'undefined' });
  });

  it('truncates fractional arguments', () => {
    expect([...range(1.4, 5.6, 2.2)]).toEqual([1, 3, 5]);
  });

  it('needs its three numbers (JSONata signature)', async () => {
    expect(await run('$range(1, 5)')).toEqual({ kind: 'error', failure: expect.objectContaining({ code: 'T0410' }) });
  });
});

describe('$hash (DG: MD5, SHA-1, SHA-256, SHA-384, SHA-512)', () => {
  it('SHA-256 of "hello" is the well-known lowercase hex digest', async () => {
    expect(await run('$hash("hello", "SHA-256")')).toEqual({
      kind: 'value',
      value: '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824',
    });
  });

  it.each([
    ['MD5', 'md5'],
    ['SHA-1', 'sha1'],
    ['SHA-384', 'sha384'],
    ['SHA-512', 'sha512'],
  ])('%s', (algorithm, nodeName) => {
    expect(hash('input data', algorithm)).toBe(createHash(nodeName).update('input data').digest('hex'));
  });

  it('hashes UTF-8 (the checkmark, SHA-256)', () => {
    expect(hash('✓', 'SHA-256')).toBe('1dabba21cdad44541f6b15796f8d22978fc7ea10c46aeceeeeb66c23b3ac7604');
  });

  it('refuses another algorithm, or the wrong case', async () => {
    expect(await run('$hash("hello", "sha-256")')).toEqual({ kind: 'error', failure: { message: expect.stringContaining("'sha-256' is not supported") } });
    expect(await run('$hash("hello", "SHA-224")')).toMatchObject({ kind: 'error' });
  });

  it('refuses a number to hash (JSONata signature)', async () => {
    expect(await run('$hash(123, "SHA-256")')).toEqual({ kind: 'error', failure: expect.objectContaining({ code: 'T0410' }) });
  });
});

describe('$random (DG: optional seed; same seed, same number)', () => {
  it('without a seed: a number in [0, 1)', async () => {
    const outcome = await run('$random()');
    expect(outcome).toEqual({ kind: 'value', value: expect.any(Number) });
    const value = (outcome as { value: number }).value;
    expect(value).toBeGreaterThanOrEqual(0);
    expect(value).toBeLessThan(1);
  });

  it('with a seed: repeatable, within and across evaluations', async () => {
    expect(await run('$random(77) = $random(77)')).toEqual({ kind: 'value', value: true });
    expect(random(77)).toBe(random(77));
    expect(random(77)).not.toBe(random(78));
    expect(random(80)).toBeGreaterThanOrEqual(0);
    expect(random(80)).toBeLessThan(1);
  });

  it('refuses a string or null seed (JSONata signature)', async () => {
    expect(await run('$random("seed")')).toEqual({ kind: 'error', failure: expect.objectContaining({ code: 'T0410' }) });
    expect(await run('$random(null)')).toEqual({ kind: 'error', failure: expect.objectContaining({ code: 'T0410' }) });
  });
});

describe('$uuid (DG: a v4 UUID)', () => {
  it('returns a fresh v4 UUID each time', async () => {
    const first = await run('$uuid()');
    const second = await run('$uuid()');
    expect(first).toEqual({ kind: 'value', value: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/) });
    expect(second).not.toEqual(first);
  });

  it('takes no argument', async () => {
    expect(await run('$uuid("x")')).toEqual({ kind: 'error', failure: expect.objectContaining({ code: 'T0410' }) });
  });
});

describe('$parse (DG: replaces $eval; AWS-recorded examples)', () => {
  it("$parse('-0') is 0 (AWS-recorded)", async () => {
    const outcome = await run("$parse('-0')");
    expect(outcome).toEqual({ kind: 'value', value: 0 });
    expect(Object.is((outcome as { value: number }).value, 0)).toBe(true);
  });

  it('$parse(\'[1, 2, "HelloWorld"]\') is the array (AWS-recorded)', async () => {
    expect(await run('$parse(\'[1, 2, "HelloWorld"]\')')).toEqual({ kind: 'value', value: [1, 2, 'HelloWorld'] });
  });

  it('parses an object', async () => {
    expect(await run('$parse(\'{"foo": "bar"}\')')).toEqual({ kind: 'value', value: { foo: 'bar' } });
  });

  it('fails on malformed JSON', async () => {
    expect(await run("$parse('{bad json}')")).toEqual({ kind: 'error', failure: { message: expect.stringContaining('Unable to parse the string as JSON') } });
  });
});

describe('functions that do not exist', () => {
  it('$randomSeeded: T1006 Attempted to invoke a non-function (AWS-recorded)', async () => {
    expect(await run('$randomSeeded(1)')).toEqual({
      kind: 'error',
      failure: { code: 'T1006', message: 'Attempted to invoke a non-function' },
    });
  });

  it('$eval is not available (DG "Supported JSONata version")', async () => {
    expect(await run('$eval("1 + 1")')).toEqual({ kind: 'error', failure: { code: 'T1006', message: 'Attempted to invoke a non-function' } });
  });
});
