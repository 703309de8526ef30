/**
 * Workflow variables (Assign): evaluation order, scopes, history representation.
 * Sources: AWS DG "Passing data between states with variables" (Assign, $name references,
 * scopes, Catch Assign), SPEC "Assigning State Machine Variables", "Using Assign", "Variable
 * Scope", BLOG (Nov 2024), reference §4 (LS BASE_EVALUATION_ORDER_PASS_STATE, BASE_SCOPE_MAP,
 * BASE_SCOPE_PARALLEL, test_mixed_query_language).
 */
import { block, details, detailsOf, eventsOf, exitedOutput, jsonataMachine, machine, outputOf, runDefinition, ECHO, echo, FAIL } from './helpers';
import { StatesError } from '../..';

describe('assigning and reading (DG variables)', () => {
  it('DG: a variable assigned in one state is readable in any later state (not only the next)', async () => {
    const definition = jsonataMachine({
      A: { Type: 'Pass', Assign: { customerName: '{% $states.input.name %}' }, Output: {}, Next: 'B' },
      B: { Type: 'Pass', Output: { other: 1 }, Next: 'C' },
      C: { Type: 'Pass', Output: { hello: '{% $customerName %}' }, End: true },
    });
    expect(outputOf(await runDefinition(definition, { name: 'Ana' }))).toEqual({ hello: 'Ana' });
  });

  it('DG JSONPath: "name.$": "$customerName" in Parameters; "$customerName" without .$ stays text', async () => {
    const definition = machine({
      A: { Type: 'Pass', Assign: { customerName: 'Ana' }, Next: 'B' },
      B: { Type: 'Pass', Parameters: { 'name.$': '$customerName', 'not-evaluated': '$customerName' }, End: true },
    });
    expect(outputOf(await runDefinition(definition, {}))).toEqual({ name: 'Ana', 'not-evaluated': '$customerName' });
  });

  it('SPEC "Using Assign": in a JSONPath Task Assign, $ is the result ("x.$": "$.v")', async () => {
    const definition = machine({
      T: { Type: 'Task', Resource: ECHO, Assign: { 'fromResult.$': '$.v', 'fromInput.$': '$$.Execution.Input.k' }, ResultPath: null, Next: 'P' },
      P: { Type: 'Pass', Parameters: { 'r.$': '$fromResult', 'i.$': '$fromInput' }, End: true },
    });
    const result = await runDefinition(definition, { k: 'in' }, { resources: { [ECHO]: () => ({ v: 'res' }) } });
    expect(outputOf(result)).toEqual({ r: 'res', i: 'in' });
  });

  it('SPEC "Using Assign": in a JSONPath Pass Assign, $ is the Result', async () => {
    const definition = machine({ A: { Type: 'Pass', Result: { r: 1 }, Assign: { 'v.$': '$.r' }, Next: 'B' }, B: { Type: 'Pass', Parameters: { 'v.$': '$v' }, End: true } });
    expect(outputOf(await runDefinition(definition, { r: 'input' }))).toEqual({ v: 1 });
  });

  it('DG: JSONPath InputPath may read a variable ("InputPath": "$answer")', async () => {
    const definition = machine({ A: { Type: 'Pass', Assign: { answer: { x: 42 } }, Next: 'B' }, B: { Type: 'Pass', InputPath: '$answer', End: true } });
    expect(outputOf(await runDefinition(definition, {}))).toEqual({ x: 42 });
  });

  it('reference §4 (LS test_mixed_query_language): JSONPath and JSONata states share variables both ways', async () => {
    const definition = machine({
      A: { Type: 'Pass', Assign: { fromPath: 1 }, Next: 'B' },
      B: { Type: 'Pass', QueryLanguage: 'JSONata', Assign: { fromAta: '{% $fromPath + 1 %}' }, Next: 'C' },
      C: { Type: 'Pass', Parameters: { 'a.$': '$fromPath', 'b.$': '$fromAta' }, End: true },
    });
    expect(outputOf(await runDefinition(definition, {}))).toEqual({ a: 1, b: 2 });
  });

  it('SPEC: only whole variables are assigned; a later Assign replaces the value', async () => {
    const definition = jsonataMachine({
      A: { Type: 'Pass', Assign: { obj: { a: 1, b: 2 } }, Next: 'B' },
      B: { Type: 'Pass', Assign: { obj: { c: 3 } }, Next: 'C' },
      C: { Type: 'Pass', Output: '{% $obj %}', End: true },
    });
    expect(outputOf(await runDefinition(definition, {}))).toEqual({ c: 3 });
  });
});

describe('evaluation order: every expression sees the values at state entry (SPEC "Using Assign")', () => {
  it('SPEC example: {"x": 42, "old": "{% $x %}"} with x = 5 on entry gives x = 42, old = 5', async () => {
    const definition = jsonataMachine({
      Init: { Type: 'Pass', Assign: { x: 5 }, Next: 'S' },
      S: { Type: 'Pass', Assign: { x: 42, old: '{% $x %}' }, Next: 'Read' },
      Read: { Type: 'Pass', Output: { x: '{% $x %}', old: '{% $old %}' }, End: true },
    });
    expect(outputOf(await runDefinition(definition, {}))).toEqual({ x: 42, old: 5 });
  });

  it('SPEC: {"x": "{% $y %}", "y": "{% $x %}"} swaps', async () => {
    const definition = jsonataMachine({
      Init: { Type: 'Pass', Assign: { x: 'X', y: 'Y' }, Next: 'Swap' },
      Swap: { Type: 'Pass', Assign: { x: '{% $y %}', y: '{% $x %}' }, Next: 'Read' },
      Read: { Type: 'Pass', Output: { x: '{% $x %}', y: '{% $y %}' }, End: true },
    });
    expect(outputOf(await runDefinition(definition, {}))).toEqual({ x: 'Y', y: 'X' });
  });

  it('SPEC: Output of the same state still sees the entry value of a variable it assigns', async () => {
    const definition = jsonataMachine({
      Init: { Type: 'Pass', Assign: { n: 1 }, Next: 'S' },
      S: { Type: 'Pass', Assign: { n: 2 }, Output: { seen: '{% $n %}' }, End: true },
    });
    expect(outputOf(await runDefinition(definition, {}))).toEqual({ seen: 1 });
  });

  it('reference §4 (LS BASE_EVALUATION_ORDER_PASS_STATE): JSONPath InputPath/OutputPath "$answer" in the state that assigns answer read the old value', async () => {
    const definition = machine({
      Init: { Type: 'Pass', Assign: { answer: { v: 'old' } }, Next: 'S' },
      S: { Type: 'Pass', InputPath: '$answer', Assign: { answer: { v: 'new' } }, Next: 'T' },
      T: { Type: 'Pass', OutputPath: '$answer', End: true },
    });
    const result = await runDefinition(definition, {});
    expect(exitedOutput(result, 'S')).toEqual({ v: 'old' });
    expect(outputOf(result)).toEqual({ v: 'new' });
  });
});

describe('scopes (SPEC "Variable Scope"; reference §4 LS BASE_SCOPE_MAP / BASE_SCOPE_PARALLEL)', () => {
  it('a Map iteration reads an outer variable', async () => {
    const definition = jsonataMachine({
      Init: { Type: 'Pass', Assign: { factor: 10 }, Next: 'M' },
      M: { Type: 'Map', ItemProcessor: block({ P: { Type: 'Pass', Output: '{% $states.input * $factor %}', End: true } }), End: true },
    });
    expect(outputOf(await runDefinition(definition, [1, 2]))).toEqual([10, 20]);
  });

  it('a Parallel branch reads an outer variable (JSONPath)', async () => {
    const definition = machine({
      Init: { Type: 'Pass', Assign: { who: 'outer' }, Next: 'P' },
      P: { Type: 'Parallel', Branches: [block({ B: { Type: 'Pass', Parameters: { 'who.$': '$who' }, End: true } })], End: true },
    });
    expect(outputOf(await runDefinition(definition, {}))).toEqual([{ who: 'outer' }]);
  });

  it('Parallel branches do not see each other\'s variables', async () => {
    const definition = jsonataMachine({
      P: {
        Type: 'Parallel',
        Branches: [
          block({ A1: { Type: 'Pass', Assign: { mine: 'a' }, Next: 'A2' }, A2: { Type: 'Wait', Seconds: 5, Output: { own: '{% $mine %}' }, End: true } }),
          block({ B1: { Type: 'Wait', Seconds: 1, Next: 'B2' }, B2: { Type: 'Pass', Output: { other: '{% $exists($mine) %}' }, End: true } }),
        ],
        End: true,
      },
    });
    expect(outputOf(await runDefinition(definition, {}))).toEqual([{ own: 'a' }, { other: false }]);
  });

  it('Map iterations do not see each other\'s variables; inner variables vanish after the Map', async () => {
    const definition = jsonataMachine({
      M: {
        Type: 'Map',
        MaxConcurrency: 1,
        ItemProcessor: block({ Check: { Type: 'Pass', Output: '{% $exists($seen) %}', Assign: { seen: '{% $states.input %}' }, End: true } }),
        Next: 'After',
      },
      After: { Type: 'Pass', Output: { results: '{% $states.input %}', leaked: '{% $exists($seen) %}' }, End: true },
    });
    expect(outputOf(await runDefinition(definition, [1, 2]))).toEqual({ results: [false, false], leaked: false });
  });

  it('AWS-SKILL: a Catcher on a Map assigns in the outer scope (readable after the Map)', async () => {
    const definition = jsonataMachine({
      M: {
        Type: 'Map',
        ItemProcessor: block({ F: { Type: 'Fail', Error: 'ItemFailed', Cause: 'bad item' } }),
        Catch: [{ ErrorEquals: ['States.ALL'], Assign: { failure: '{% $states.errorOutput.Error %}' }, Next: 'After' }],
        End: true,
      },
      After: { Type: 'Pass', Output: { failure: '{% $failure %}' }, End: true },
    });
    expect(outputOf(await runDefinition(definition, [1]))).toEqual({ failure: 'ItemFailed' });
  });

  it('AWS-SKILL: a Catcher on a Parallel (JSONPath) assigns in the outer scope', async () => {
    const definition = machine({
      P: {
        Type: 'Parallel',
        Branches: [block({ T: { Type: 'Task', Resource: FAIL, End: true } })],
        Catch: [{ ErrorEquals: ['States.ALL'], Assign: { 'failure.$': '$.Cause' }, Next: 'After' }],
        End: true,
      },
      After: { Type: 'Pass', Parameters: { 'failure.$': '$failure' }, End: true },
    });
    const result = await runDefinition(definition, {}, { resources: { [FAIL]: () => { throw new StatesError('E', 'the cause'); } } });
    expect(outputOf(result)).toEqual({ failure: 'the cause' });
  });
});

describe('history: assignedVariables (API StateExitedEventDetails; reference §4)', () => {
  it('StateExited carries assignedVariables as JSON text and assignedVariablesDetails {truncated: false}', async () => {
    const definition = jsonataMachine({ S: { Type: 'Pass', Assign: { n: 42, s: 'text', o: { a: [1] } }, End: true } });
    const result = await runDefinition(definition, {});
    expect(detailsOf(result, 'PassStateExited')).toEqual({
      name: 'S',
      output: '{}',
      outputDetails: { truncated: false },
      assignedVariables: { n: '42', s: '"text"', o: '{"a":[1]}' },
      assignedVariablesDetails: { truncated: false },
    });
  });

  it('the key is absent when the state assigns nothing', async () => {
    const result = await runDefinition(machine({ S: { Type: 'Pass', End: true } }), {});
    expect(Object.keys(detailsOf(result, 'PassStateExited'))).toEqual(['name', 'output', 'outputDetails']);
  });

  it('a Task\'s Assign appears on its TaskStateExited, after TaskSucceeded', async () => {
    const definition = jsonataMachine({ T: { Type: 'Task', Resource: ECHO, Assign: { got: '{% $states.result.v %}' }, End: true } });
    const result = await runDefinition(definition, { v: 7 }, { resources: { [ECHO]: echo } });
    expect(details(eventsOf(result, 'TaskStateExited')[0]!).assignedVariables).toEqual({ got: '7' });
  });

  it('a JSONPath Choice rule\'s Assign appears on ChoiceStateExited', async () => {
    const definition = machine({
      C: { Type: 'Choice', Choices: [{ Variable: '$.n', NumericEquals: 1, Assign: { 'picked.$': '$.n' }, Next: 'X' }], Default: 'X' },
      X: { Type: 'Pass', End: true },
    });
    const result = await runDefinition(definition, { n: 1 });
    expect(detailsOf(result, 'ChoiceStateExited')).toMatchObject({ assignedVariables: { picked: '1' } });
  });
});
