/**
 * Reference paths read without JSONata: `$name.member...` gives JSONata 2.0.6's own answer, or
 * leaves the text to JSONata. Checked against jsonata itself on any JSON the variables may hold.
 */
import fc from 'fast-check';
import jsonata from 'jsonata';
import { evaluate } from '../../jsonata/expression';
import { toJsonResult } from '../../jsonata/json-result';
import { readReference, referencePath } from '../../jsonata/reference-path';

describe('referencePath', () => {
  it.each([
    ['$states', ['states']],
    ['$states.input', ['states', 'input']],
    ['$states.context.Task.Token', ['states', 'context', 'Task', 'Token']],
    ['$_x.a_1', ['_x', 'a_1']],
  ])('%s is a reference path', (text, names) => {
    expect(referencePath(text)).toEqual(names);
  });

  it.each(['$', '$states.input[0]', '$states.`a b`', '$states.input.and', '$x.true', '$x.null', '$x.function', '$states .input', '$string($x)', 'states.input', '$x.1', '$x.é'])(
    '%s is not: JSONata reads it',
    (text) => {
      expect(referencePath(text)).toBeNull();
    },
  );
});

describe('readReference', () => {
  const variables = { states: { input: { list: [1], one: [5], n: null, s: 'text', o: { k: 1 } } }, count: 3, fn: () => 1 };

  it('reads a plain object member, null included', () => {
    expect(readReference(['states', 'input', 's'], variables)).toBe('text');
    expect(readReference(['states', 'input', 'o'], variables)).toBe(variables.states.input.o);
    expect(readReference(['states', 'input', 'n'], variables)).toBeNull();
    expect(readReference(['count'], variables)).toBe(3);
  });

  it('leaves to JSONata the members of an object it takes for a function', () => {
    expect(readReference(['x', 'a'], { x: { _jsonata_function: true, a: 1 } })).toBeUndefined();
    expect(readReference(['x', 'a'], { x: { _jsonata_lambda: true, a: 1 } })).toBeUndefined();
    expect(readReference(['x', 'a'], { x: { _jsonata_lambda: false, a: 1 } })).toBe(1);
  });

  it('leaves to JSONata arrays, missing and inherited members, members of non-objects and functions', () => {
    for (const names of [['states', 'input', 'list'], ['states', 'input', 'one'], ['states', 'input', 'missing'], ['states', 'input', 'constructor'], ['count', 'x'], ['states', 'input', 's', 'length'], ['fn'], ['nothing']]) {
      expect(readReference(names, variables)).toBeUndefined();
    }
  });
});

/** What jsonata 2.0.6 itself makes of a text, as a field sees it. */
const byJsonata = async (text: string, variables: Record<string, unknown>): Promise<unknown> => {
  try {
    return toJsonResult(await jsonata(text).evaluate(undefined, variables));
  } catch (error) {
    return { kind: 'error', code: (error as { code?: string }).code };
  }
};

describe('evaluate of a reference path', () => {
  // _jsonata_function and _jsonata_lambda: an object with either true is a function to JSONata.
  const key = fc.constantFrom('a', 'b', 'and', '_c', '_jsonata_function', '_jsonata_lambda');
  const json = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small' }, fc.constant(null), fc.constant(true), fc.boolean(), fc.integer(), fc.string({ maxLength: 3 }), tie('array'), tie('object')),
    array: fc.array(tie('value'), { maxLength: 3 }),
    object: fc.dictionary(key, tie('value'), { maxKeys: 4 }),
  })).value;

  it('gives what jsonata gives, for any JSON and any path', async () => {
    await fc.assert(
      fc.asyncProperty(fc.dictionary(key, json, { maxKeys: 3 }), key, fc.array(key, { maxLength: 4 }), async (variables, name, steps) => {
        const text = ['$' + name, ...steps].join('.');
        const ours = await evaluate(text, variables);
        const theirs = await byJsonata(text, variables);
        if (ours.kind === 'error') expect({ kind: 'error', code: ours.failure.code }).toEqual(theirs);
        else expect(ours).toEqual(theirs);
      }),
      { numRuns: 2000 },
    );
  });
});
