/**
 * Choice state with JSONata Conditions.
 * Sources: AWS DG "Choice workflow state" (Choice Rules (JSONata) examples), SPEC "JSONata Choice
 * Rules", reference §2 (rule Assign/Output replace the state's; LS test_assign_in_choice) and §3.
 */
import { detailsOf, exitedOutput, failureOf, jsonataMachine, outputOf, runDefinition, statesEntered } from './helpers';

const END = { Type: 'Pass', End: true };

describe('Choice (JSONata)', () => {
  const dgExamples = jsonataMachine({
    Init: { Type: 'Pass', Assign: { foo: '{% $states.input.foo %}', type: '{% $states.input.type %}' }, Next: 'C' },
    C: {
      Type: 'Choice',
      Choices: [
        { Condition: '{% $foo = 1 %}', Next: 'NumericMatchState' },
        { Condition: "{% $type = 'local' %}", Next: 'StringMatchState' },
        { Condition: "{% $foo > 'MyStringABC' %}", Next: 'StringGreaterMatchState' },
      ],
      Default: 'DefaultState',
    },
    NumericMatchState: END,
    StringMatchState: END,
    StringGreaterMatchState: END,
    DefaultState: END,
  });

  it.each([
    [{ foo: 1, type: 'x' }, 'NumericMatchState'],
    [{ foo: 2, type: 'local' }, 'StringMatchState'],
    [{ foo: 'MyStringABD', type: 'x' }, 'StringGreaterMatchState'],
    [{ foo: 'A', type: 'x' }, 'DefaultState'],
  ])('AWS DG Choice Rules (JSONata) examples: %j goes to %s', async (input, next) => {
    const result = await runDefinition(dgExamples, input);
    expect(statesEntered(result)).toEqual(['Init', 'C', next]);
  });

  it('AWS DG example "$possiblyNullValue != null and $possiblyNullValue = 42"', async () => {
    const definition = jsonataMachine({
      Init: { Type: 'Pass', Assign: { possiblyNullValue: '{% $states.input.v %}' }, Next: 'C' },
      C: { Type: 'Choice', Choices: [{ Condition: '{% $possiblyNullValue != null and $possiblyNullValue = 42 %}', Next: 'NotNullAnd42' }], Default: 'Other' },
      NotNullAnd42: END,
      Other: END,
    });
    expect(statesEntered(await runDefinition(definition, { v: 42 }))[2]).toBe('NotNullAnd42');
    expect(statesEntered(await runDefinition(definition, { v: null }))[2]).toBe('Other');
  });

  it('SPEC: Conditions read $states.input; the output defaults to the input', async () => {
    const definition = jsonataMachine({ C: { Type: 'Choice', Choices: [{ Condition: '{% $states.input.n > 5 %}', Next: 'X' }] }, X: END });
    const result = await runDefinition(definition, { n: 6 });
    expect(outputOf(result)).toEqual({ n: 6 });
  });

  it('reference §2: the matched rule\'s Output and Assign are used, the state-level ones are not', async () => {
    const definition = jsonataMachine({
      C: {
        Type: 'Choice',
        Output: { from: 'state' },
        Assign: { which: 'state' },
        Choices: [{ Condition: '{% $states.input.go %}', Next: 'X', Output: { from: 'rule' }, Assign: { which: 'rule' } }],
        Default: 'X',
      },
      X: { Type: 'Pass', Output: { out: '{% $states.input.from %}', which: '{% $which %}' }, End: true },
    });
    expect(outputOf(await runDefinition(definition, { go: true }))).toEqual({ out: 'rule', which: 'rule' });
    const viaDefault = await runDefinition(definition, { go: false });
    expect(outputOf(viaDefault)).toEqual({ out: 'state', which: 'state' });
    expect(detailsOf(viaDefault, 'ChoiceStateExited')).toMatchObject({ assignedVariables: { which: '"state"' } });
  });

  it('reference §2: no match and no Default is States.NoChoiceMatched', async () => {
    const definition = jsonataMachine({ C: { Type: 'Choice', Choices: [{ Condition: '{% false %}', Next: 'X' }] }, X: END });
    const result = await runDefinition(definition, {});
    expect(failureOf(result).error).toBe('States.NoChoiceMatched');
  });

  it('SPEC JSONata Choice Rules: a Condition that is not boolean is States.QueryEvaluationError', async () => {
    const definition = jsonataMachine({ C: { Type: 'Choice', Choices: [{ Condition: '{% $states.input.n %}', Next: 'X' }], Default: 'X' }, X: END });
    const result = await runDefinition(definition, { n: 1 });
    const { error, cause } = failureOf(result);
    expect(error).toBe('States.QueryEvaluationError');
    expect(cause).toContain("returned an unexpected result type. Expected 'boolean', but was 'number' for value: 1");
    expect(detailsOf(result, 'EvaluationFailed')).toMatchObject({ state: 'C' });
  });

  it('SPEC: a state-level Output applies when the Default is taken', async () => {
    const definition = jsonataMachine({
      C: { Type: 'Choice', Output: '{% $states.input.n * 2 %}', Choices: [{ Condition: '{% false %}', Next: 'X' }], Default: 'X' },
      X: END,
    });
    const result = await runDefinition(definition, { n: 4 });
    expect(exitedOutput(result, 'C')).toBe(8);
  });
});

describe('values the schema check once refused, which AWS accepts', () => {
  // Reference §1/§2: "A literal `\"Condition\": true` is accepted" (SPEC "JSONata Choice Rules";
  // LS choice_state_condition_constant_jsonata, AWS-recorded). The loader's schema requires a string.
  it('reference §1 (LS choice_state_condition_constant_jsonata): a literal "Condition": true matches', async () => {
    const definition = jsonataMachine({ C: { Type: 'Choice', Choices: [{ Condition: true, Next: 'X' }] }, X: END });
    expect(statesEntered(await runDefinition(definition, {}))).toEqual(['C', 'X']);
  });
});
