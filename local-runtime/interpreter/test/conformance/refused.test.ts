/**
 * What loading a definition refuses, before anything runs: a DefinitionError (or, for what the
 * local runtime does not emulate, an UnsupportedDefinitionError) naming the state and the field.
 * Sources: the brief's list (Distributed Map fields, Activities, Credentials); reference §1
 * (JSONPath-only / JSONata-only fields; "'QueryLanguage' can not be 'JSONPath' if set to
 * 'JSONata' for whole state machine", AWS-recorded validation message; $eval; $$; $states.result
 * and $states.errorOutput placement), §4 (inner scope must not assign an outer variable; names:
 * identifiers, <= 80 chars, `states` reserved); SPEC "Reference Paths" (ResultPath not $$ / not a
 * variable); DG Wait (exactly one of Seconds/SecondsPath/Timestamp/TimestampPath); AWS
 * ValidateStateMachineDefinition (unreachable states, duplicate names, missing targets).
 */
import { DefinitionError, loadStateMachine, UnsupportedDefinitionError } from '../..';
import { testResources } from '../harness';
import { block, ECHO, jsonataMachine, machine } from './helpers';

const refusal = (definition: unknown): DefinitionError => {
  try {
    loadStateMachine(JSON.stringify(definition), testResources({ [ECHO]: () => 1 }));
  } catch (error) {
    if (error instanceof DefinitionError) return error;
    throw error;
  }
  throw new Error('the definition was loaded');
};

const PASS_END = { Type: 'Pass', End: true };
const map = (extra: Record<string, unknown>): Record<string, unknown> => ({ Type: 'Map', ItemProcessor: block({ P: PASS_END }), End: true, ...extra });

describe('what the local runtime does not emulate (UnsupportedDefinitionError)', () => {
  it.each<[string, Record<string, unknown>]>([
    ['ItemReader', { ItemReader: { Resource: 'arn:aws:states:::s3:getObject', Parameters: { Bucket: 'b', Key: 'k' } } }],
    ['ItemBatcher', { ItemBatcher: { MaxItemsPerBatch: 2 } }],
    ['ResultWriter', { ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: 'b', Prefix: 'p' } } }],
    ['ToleratedFailureCount', { ToleratedFailureCount: 1 }],
    ['ToleratedFailurePercentage', { ToleratedFailurePercentage: 10 }],
    ['Label', { Label: 'lbl' }],
  ])('Distributed Map field %s', (field, extra) => {
    const error = refusal(machine({ M: map(extra) }));
    expect(error).toBeInstanceOf(UnsupportedDefinitionError);
    expect(error).toMatchObject({ stateName: 'M', field });
  });

  it('an Activity resource', () => {
    const error = refusal(machine({ A: { Type: 'Task', Resource: 'arn:aws:states:us-east-1:123456789012:activity:MyActivity', End: true } }));
    expect(error).toBeInstanceOf(UnsupportedDefinitionError);
    expect(error).toMatchObject({ stateName: 'A', field: 'Resource' });
  });

  it('Credentials (cross-account role)', () => {
    const error = refusal(machine({ T: { Type: 'Task', Resource: ECHO, Credentials: { RoleArn: 'arn:aws:iam::111122223333:role/Other' }, End: true } }));
    expect(error).toBeInstanceOf(UnsupportedDefinitionError);
    expect(error).toMatchObject({ stateName: 'T', field: 'Credentials' });
  });
});

/**
 * Fields of the other query language (reference §1). Each is refused, and the error names the
 * state and the field (DefinitionError.stateName / .field): the interpreter's own checks run
 * before asl-validator's schema, whose messages name neither.
 */
const otherLanguage: [string, Record<string, unknown>, string, string][] = [
  ['JSONPath InputPath in a JSONata state', jsonataMachine({ JsonataState: { Type: 'Pass', InputPath: '$.a', End: true } }), 'JsonataState', 'InputPath'],
  ['JSONPath Parameters in a JSONata state', jsonataMachine({ JsonataState: { Type: 'Pass', Parameters: { a: 1 }, End: true } }), 'JsonataState', 'Parameters'],
  ['JSONPath ResultPath in a JSONata state', jsonataMachine({ JsonataState: { Type: 'Pass', ResultPath: '$.a', End: true } }), 'JsonataState', 'ResultPath'],
  ['JSONPath OutputPath in a JSONata state', jsonataMachine({ JsonataState: { Type: 'Pass', OutputPath: '$.a', End: true } }), 'JsonataState', 'OutputPath'],
  ['JSONPath Result in a JSONata state', jsonataMachine({ JsonataState: { Type: 'Pass', Result: 1, End: true } }), 'JsonataState', 'Result'],
  ['JSONPath ResultSelector in a JSONata state', jsonataMachine({ JsonataState: { Type: 'Task', Resource: ECHO, ResultSelector: { a: 1 }, End: true } }), 'JsonataState', 'ResultSelector'],
  ['JSONPath TimeoutSecondsPath in a JSONata state', jsonataMachine({ JsonataState: { Type: 'Task', Resource: ECHO, TimeoutSecondsPath: '$.t', End: true } }), 'JsonataState', 'TimeoutSecondsPath'],
  ['JSONPath SecondsPath in a JSONata state', jsonataMachine({ JsonataState: { Type: 'Wait', SecondsPath: '$.s', End: true } }), 'JsonataState', 'SecondsPath'],
  ['JSONPath ItemsPath in a JSONata state', jsonataMachine({ JsonataState: { Type: 'Map', ItemsPath: '$.items', ItemProcessor: block({ P: PASS_END }), End: true } }), 'JsonataState', 'ItemsPath'],
  ['JSONPath ErrorPath in a JSONata Fail state', jsonataMachine({ JsonataState: { Type: 'Fail', ErrorPath: '$.e' } }), 'JsonataState', 'ErrorPath'],
  ['JSONata Arguments in a JSONPath state', machine({ JsonPathState: { Type: 'Task', Resource: ECHO, Arguments: { a: 1 }, End: true } }), 'JsonPathState', 'Arguments'],
  ['JSONata Output in a JSONPath state', machine({ JsonPathState: { Type: 'Pass', Output: { a: 1 }, End: true } }), 'JsonPathState', 'Output'],
  ['JSONata Items in a JSONPath state', machine({ JsonPathState: { Type: 'Map', Items: [1], ItemProcessor: block({ P: PASS_END }), End: true } }), 'JsonPathState', 'Items'],
  ['a JSONPath Choice rule (Variable/StringEquals) in a JSONata Choice', jsonataMachine({ JsonataChoice: { Type: 'Choice', Choices: [{ Variable: '$.a', StringEquals: 'x', Next: 'X' }], Default: 'X' }, X: PASS_END }), 'JsonataChoice', 'Choices[0].Variable'],
  ['a Condition in a JSONPath Choice', machine({ JsonPathChoice: { Type: 'Choice', Choices: [{ Condition: '{% true %}', Next: 'X' }], Default: 'X' }, X: PASS_END }), 'JsonPathChoice', 'Choices[0].Condition'],
  [
    "SPEC: a Map's QueryLanguage does not reach its ItemProcessor (Output in the inner state of a JSONata Map in a JSONPath machine)",
    machine({ M: { Type: 'Map', QueryLanguage: 'JSONata', ItemProcessor: block({ InnerState: { Type: 'Pass', Output: { a: 1 }, End: true } }), End: true } }),
    'InnerState',
    'Output',
  ],
  ['a JSONata syntax error', jsonataMachine({ BadSyntax: { Type: 'Pass', Output: '{% 1 + %}', End: true } }), 'BadSyntax', 'Output'],
  ['a .$ field whose value is not a string', machine({ BadTemplate: { Type: 'Pass', Parameters: { 'x.$': 1 }, End: true } }), 'BadTemplate', 'Parameters/x.$'],
];

describe('fields of the other query language, and malformed fields (reference §1)', () => {
  it.each(otherLanguage)('%s is refused; the message names the state', (_label, definition, stateName) => {
    const error = refusal(definition);
    expect(error).toBeInstanceOf(DefinitionError);
    expect(error.message).toContain(stateName);
  });

  it('a Catcher with ResultPath in a JSONata state', () => {
    const error = refusal(jsonataMachine({ S: { Type: 'Task', Resource: ECHO, Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.e', Next: 'R' }], End: true }, R: PASS_END }));
    expect(error).toMatchObject({ stateName: 'S' });
    expect(error.field).toContain('ResultPath');
  });

  it('a Catcher with Output in a JSONPath state', () => {
    const error = refusal(machine({ S: { Type: 'Task', Resource: ECHO, Catch: [{ ErrorEquals: ['States.ALL'], Output: { a: 1 }, Next: 'R' }], End: true }, R: PASS_END }));
    expect(error).toMatchObject({ stateName: 'S' });
    expect(error.field).toContain('Output');
  });
});

describe('QueryLanguage combinations (reference §1, AWS-recorded message)', () => {
  it('a JSONPath state under a JSONata top level', () => {
    const error = refusal(jsonataMachine({ S: { Type: 'Pass', QueryLanguage: 'JSONPath', End: true } }));
    expect(error).toMatchObject({ stateName: 'S', field: 'QueryLanguage' });
    expect(error.message).toContain("'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine");
  });

  it('a JSONPath state inside a Map branch under a JSONata top level', () => {
    const error = refusal(jsonataMachine({ M: { Type: 'Map', ItemProcessor: block({ Inner: { Type: 'Pass', QueryLanguage: 'JSONPath', End: true } }), End: true } }));
    expect(error).toMatchObject({ stateName: 'Inner', field: 'QueryLanguage' });
  });
});

describe('variables (reference §4)', () => {
  it('an inner scope (Map) assigning a variable of the outer scope', () => {
    const definition = jsonataMachine({
      Init: { Type: 'Pass', Assign: { total: 0 }, Next: 'M' },
      M: { Type: 'Map', ItemProcessor: block({ Inner: { Type: 'Pass', Assign: { total: 1 }, End: true } }), End: true },
    });
    expect(refusal(definition)).toMatchObject({ stateName: 'Inner', field: 'Assign' });
  });

  it('an inner scope (Parallel branch, JSONPath "x.$") assigning a variable of the outer scope', () => {
    const definition = machine({
      Init: { Type: 'Pass', Assign: { x: 0 }, Next: 'P' },
      P: { Type: 'Parallel', Branches: [block({ Inner: { Type: 'Pass', Assign: { 'x.$': '$' }, End: true } })], End: true },
    });
    expect(refusal(definition)).toMatchObject({ stateName: 'Inner', field: 'Assign' });
  });

  it('two sibling branches may each assign the same name (separate scopes)', () => {
    const definition = machine({
      P: { Type: 'Parallel', Branches: [block({ A: { Type: 'Pass', Assign: { x: 1 }, End: true } }), block({ B: { Type: 'Pass', Assign: { x: 2 }, End: true } })], End: true },
    });
    expect(() => loadStateMachine(JSON.stringify(definition), testResources({}))).not.toThrow();
  });

  it.each<[string, string]>([
    ['the reserved name states', 'states'],
    ['a name longer than 80 characters', 'v'.repeat(81)],
    ['a name that is not an identifier', 'my-var'],
  ])('%s', (_name, variable) => {
    expect(refusal(jsonataMachine({ S: { Type: 'Pass', Assign: { [variable]: 1 }, End: true } }))).toMatchObject({ stateName: 'S', field: 'Assign' });
  });
});

describe('JSONata expressions checked at load (reference §1-§3)', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['$eval is not available (DG: use $parse)', { Type: 'Pass', Output: "{% $eval('1') %}", End: true }, 'Output'],
    ['$$ is not supported in JSONata', { Type: 'Pass', Output: '{% $$ %}', End: true }, 'Output'],
    ['$states.result in a Pass state', { Type: 'Pass', Output: '{% $states.result %}', End: true }, 'Output'],
    ['$states.result in Arguments', { Type: 'Task', Resource: ECHO, Arguments: { r: '{% $states.result %}' }, End: true }, 'Arguments/r'],
    ['$states.errorOutput outside a Catcher', { Type: 'Task', Resource: ECHO, Output: '{% $states.errorOutput %}', End: true }, 'Output'],
  ])('%s', (_name, state, field) => {
    expect(refusal(jsonataMachine({ S: state }))).toMatchObject({ stateName: 'S', field });
  });
});

describe('JSONPath syntax checked at load', () => {
  it('SPEC Reference Paths: ResultPath must not start with $$', () => {
    expect(refusal(machine({ S: { Type: 'Pass', ResultPath: '$$.Execution', End: true } }))).toMatchObject({ stateName: 'S', field: 'ResultPath' });
  });

  it('DG variables: ResultPath must not reference a variable', () => {
    expect(refusal(machine({ S: { Type: 'Pass', ResultPath: '$var', End: true } }))).toMatchObject({ stateName: 'S', field: 'ResultPath' });
  });

  it('an unknown intrinsic function', () => {
    const error = refusal(machine({ S: { Type: 'Pass', Parameters: { 'x.$': 'States.Nope(1)' }, End: true } }));
    expect(error).toMatchObject({ stateName: 'S' });
    expect(error.field).toContain('Parameters');
  });
});

describe('structure (AWS ValidateStateMachineDefinition / asl-validator)', () => {
  it.each<[string, Record<string, unknown>]>([
    ['an unreachable state', machine({ A: PASS_END, B: PASS_END })],
    ['a Next naming no state', machine({ A: { Type: 'Pass', Next: 'Nowhere' } })],
    ['two states with the same name in different blocks', machine({ P: { Type: 'Parallel', Branches: [block({ X: PASS_END }), block({ X: PASS_END })], End: true } })],
    ['a Wait with both Seconds and SecondsPath', machine({ W: { Type: 'Wait', Seconds: 1, SecondsPath: '$.s', End: true } })],
    ['a Wait with a negative Seconds', machine({ W: { Type: 'Wait', Seconds: -1, End: true } })],
    ['an unknown top-level QueryLanguage', machine({ A: PASS_END }, { QueryLanguage: 'XPath' })],
  ])('%s', (_name, definition) => {
    expect(refusal(definition)).toBeInstanceOf(DefinitionError);
  });
});

describe('load errors name the state and the field', () => {
  // `Result` in a JSONata state is the one case the interpreter's own check reaches first (it passes; kept out of this list).
  it.each(otherLanguage.filter(([, , , field]) => field !== 'Result'))('%s: the DefinitionError names the state and the field', (_label, definition, stateName, field) => {
    expect(refusal(definition)).toMatchObject({ stateName, field });
  });

  it('brief: ProcessorConfig.Mode DISTRIBUTED is refused naming the Map state (the error names no state)', () => {
    const error = refusal(machine({ M: { Type: 'Map', ItemProcessor: { ...block({ P: PASS_END }), ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' } }, End: true } }));
    expect(error).toBeInstanceOf(UnsupportedDefinitionError);
    expect(error).toMatchObject({ stateName: 'M', field: 'ItemProcessor.ProcessorConfig.Mode' });
  });
});
