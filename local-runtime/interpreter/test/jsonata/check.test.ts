/**
 * Load-time checks. Sources: DG "Transforming data with JSONata" ($eval not available, use
 * $parse); SPEC "JSONata Restrictions" ($$ must not be used), "Using Arguments and Output" and
 * "JSONata Catchers" ($states.result only in Task/Map/Parallel Output and Assign, never in
 * Arguments; $states.errorOutput only in a Catcher), "JSONata Choice Rules" (Condition boolean or
 * expression). Message codes: third-party observation of AWS validation (floci docs).
 */
import type { State } from '../../asl';
import { DefinitionError } from '../../errors';
import { checkState } from '../../jsonata/check';
import { compile } from '../../jsonata/expression';
import { findReferences } from '../../jsonata/references';

/** The DefinitionError that checking `state` throws. */
function refusal(state: State): DefinitionError {
  try {
    checkState('S', state);
  } catch (error) {
    expect(error).toBeInstanceOf(DefinitionError);
    return error as DefinitionError;
  }
  throw new Error('the state was accepted');
}

describe('findReferences', () => {
  const references = (text: string) => findReferences(compile(text).ast());

  it('finds $eval, called or passed around', () => {
    expect(references('$eval("1")').eval).toBe(true);
    expect(references('($f := $eval; $f("1"))').eval).toBe(true);
    expect(references('$evaluate').eval).toBe(false);
  });

  it('finds $$ anywhere', () => {
    expect(references('$$').rootContext).toBe(true);
    expect(references('$states.input[$$.x = 1]').rootContext).toBe(true);
    expect(references('$states.input').rootContext).toBe(false);
  });

  it('finds $states.result and $states.errorOutput, also deep inside', () => {
    expect(references('$states.result.Payload[x > 1]').statesResult).toBe(true);
    expect(references('{"a": $count($states.result)}').statesResult).toBe(true);
    expect(references('$states.errorOutput.Cause').statesErrorOutput).toBe(true);
    expect(references('$states.input.result').statesResult).toBe(false);
    expect(references('$result').statesResult).toBe(false);
  });
});

describe('checkState', () => {
  it('accepts a well-formed Task with Arguments, Output, Assign, Retry and Catch', () => {
    expect(() => {
      checkState('S', {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Arguments: { FunctionName: 'f', Payload: { token: '{% $states.context.Task.Token %}', input: '{% $states.input %}' } },
        Output: { r: '{% $states.result.Payload %}' },
        Assign: { last: '{% $states.result %}' },
        TimeoutSeconds: '{% $timeout %}',
        HeartbeatSeconds: 5,
        Catch: [{ ErrorEquals: ['States.ALL'], Next: 'F', Output: '{% $states.errorOutput %}', Assign: { e: '{% $states.errorOutput.Error %}' } }],
        End: true,
      });
    }).not.toThrow();
  });

  it('refuses a syntax error, naming state and field', () => {
    const error = refusal({ Type: 'Pass', Output: { a: [1, '{% a[1,2) %}'] }, End: true });
    expect(error.stateName).toBe('S');
    expect(error.field).toBe('Output/a[1]');
    expect(error.message).toContain('INVALID_JSONATA_EXPRESSION');
  });

  it('refuses $eval (DG: use $parse)', () => {
    const error = refusal({ Type: 'Pass', Assign: { v: '{% $eval("1 + 1") %}' }, End: true });
    expect(error.field).toBe('Assign/v');
    expect(error.message).toContain("'$eval'");
  });

  it('refuses $$', () => {
    const error = refusal({ Type: 'Pass', Output: '{% $$.x %}', End: true });
    expect(error.message).toContain("Reference to '$$' is not supported.");
  });

  it('refuses $states.result in Arguments (SPEC "Using Arguments and Output")', () => {
    const error = refusal({ Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Arguments: { Payload: '{% $states.result %}' }, End: true });
    expect(error.field).toBe('Arguments/Payload');
    expect(error.message).toContain('$states.result');
  });

  it.each([
    ['Pass Output', { Type: 'Pass', Output: '{% $states.result %}', End: true }, 'Output'],
    ['Choice rule Output', { Type: 'Choice', Choices: [{ Condition: true, Next: 'A', Output: '{% $states.result %}' }] }, 'Choices[0]/Output'],
    ['Catcher Output', { Type: 'Task', Resource: 'r', Catch: [{ ErrorEquals: ['States.ALL'], Next: 'F', Output: '{% $states.result %}' }], End: true }, 'Catch[0]/Output'],
    ['Map ItemSelector', { Type: 'Map', ItemSelector: { v: '{% $states.result %}' }, End: true }, 'ItemSelector/v'],
    ['Wait Seconds', { Type: 'Wait', Seconds: '{% $states.result %}', End: true }, 'Seconds'],
  ] as const)('refuses $states.result in a %s', (_name, state, field) => {
    expect(refusal(state as State).field).toBe(field);
  });

  it('refuses $states.errorOutput outside a Catcher (Task Output)', () => {
    const error = refusal({ Type: 'Task', Resource: 'r', Output: '{% $states.errorOutput %}', End: true });
    expect(error.field).toBe('Output');
    expect(error.message).toContain('$states.errorOutput');
  });

  it('accepts a literal boolean Condition, refuses a Condition that is neither (SPEC "JSONata Choice Rules")', () => {
    expect(() => {
      checkState('S', { Type: 'Choice', Choices: [{ Condition: true, Next: 'A' }, { Condition: '{% $x > 1 %}', Next: 'B' }], Default: 'C' });
    }).not.toThrow();
    expect(refusal({ Type: 'Choice', Choices: [{ Condition: 'true', Next: 'A' }] }).field).toBe('Choices[0]/Condition');
    expect(refusal({ Type: 'Choice', Choices: [{ Variable: '$.x', IsPresent: true, Next: 'A' }] }).field).toBe('Choices[0]/Condition');
  });

  it('refuses literal value fields of the wrong type', () => {
    expect(refusal({ Type: 'Task', Resource: 'r', TimeoutSeconds: 0, End: true }).field).toBe('TimeoutSeconds');
    expect(refusal({ Type: 'Wait', Seconds: '10', End: true }).field).toBe('Seconds');
    expect(refusal({ Type: 'Wait', Timestamp: '2024-01-01 00:00:00', End: true }).field).toBe('Timestamp');
    expect(refusal({ Type: 'Map', ToleratedFailurePercentage: 101, End: true }).field).toBe('ToleratedFailurePercentage');
    expect(refusal({ Type: 'Fail', Error: 42 }).field).toBe('Error');
  });

  it('refuses Items that are neither an array nor an expression, and a non-object Assign', () => {
    expect(refusal({ Type: 'Map', Items: { a: 1 }, End: true }).field).toBe('Items');
    expect(refusal({ Type: 'Pass', Assign: [1] as never, End: true }).field).toBe('Assign');
  });
});
