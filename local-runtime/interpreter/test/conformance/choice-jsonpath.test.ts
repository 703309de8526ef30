/**
 * Choice state with JSONPath Choice Rules.
 * Sources: AWS DG "Choice workflow state" (Choice Rules (JSONPath), the ChoiceStateX example,
 * StringMatches, IsPresent, Timestamp operators), SPEC "Choice State", reference §5
 * (States.NoChoiceMatched, States.Runtime).
 */
import { exitedOutput, failureOf, machine, outputOf, runDefinition, statesEntered } from './helpers';

const END = { Type: 'Pass', End: true };

/** A Choice whose rules go to 'Yes'; Default 'No'. */
const decide = async (rule: Record<string, unknown>, input: unknown): Promise<string> => {
  const result = await runDefinition(machine({ C: { Type: 'Choice', Choices: [{ ...rule, Next: 'Yes' }], Default: 'No' }, Yes: END, No: END }), input);
  outputOf(result);
  return statesEntered(result)[1]!;
};

describe('AWS DG Choice state example (ChoiceStateX)', () => {
  const definition = machine({
    ChoiceStateX: {
      Type: 'Choice',
      Choices: [
        { Not: { Variable: '$.type', StringEquals: 'Private' }, Next: 'Public' },
        { Variable: '$.value', NumericEquals: 0, Next: 'ValueIsZero' },
        { And: [{ Variable: '$.value', NumericGreaterThanEquals: 20 }, { Variable: '$.value', NumericLessThan: 30 }], Next: 'ValueInTwenties' },
      ],
      Default: 'DefaultState',
    },
    Public: END,
    ValueIsZero: END,
    ValueInTwenties: END,
    DefaultState: END,
  });

  it.each([
    [{ type: 'Public' }, 'Public'],
    [{ type: 'Private', value: 0 }, 'ValueIsZero'],
    [{ type: 'Private', value: 22 }, 'ValueInTwenties'],
    [{ type: 'Private', value: 30 }, 'DefaultState'],
    [{ type: 'Private', value: 19.5 }, 'DefaultState'],
  ])('input %j goes to %s', async (input, next) => {
    const result = await runDefinition(definition, input);
    expect(statesEntered(result)).toEqual(['ChoiceStateX', next]);
    expect(outputOf(result)).toEqual(input);
  });
});

describe('comparison operators (DG Choice Rules (JSONPath))', () => {
  it.each<[string, Record<string, unknown>, unknown, string]>([
    ['StringEquals', { Variable: '$.s', StringEquals: 'abc' }, { s: 'abc' }, 'Yes'],
    ['StringEquals is case-sensitive', { Variable: '$.s', StringEquals: 'ABC' }, { s: 'abc' }, 'No'],
    ['StringLessThan', { Variable: '$.s', StringLessThan: 'b' }, { s: 'a' }, 'Yes'],
    ['StringGreaterThanEquals', { Variable: '$.s', StringGreaterThanEquals: 'b' }, { s: 'b' }, 'Yes'],
    ['NumericEquals 1 matches 1.0', { Variable: '$.n', NumericEquals: 1 }, { n: 1.0 }, 'Yes'],
    ['NumericLessThanEquals', { Variable: '$.n', NumericLessThanEquals: 5 }, { n: 6 }, 'No'],
    ['NumericGreaterThan', { Variable: '$.n', NumericGreaterThan: -1 }, { n: 0 }, 'Yes'],
    ['BooleanEquals', { Variable: '$.b', BooleanEquals: false }, { b: false }, 'Yes'],
    ['TimestampEquals (same instant)', { Variable: '$.t', TimestampEquals: '2016-03-14T01:59:00Z' }, { t: '2016-03-14T01:59:00Z' }, 'Yes'],
    ['TimestampLessThan', { Variable: '$.t', TimestampLessThan: '2016-03-14T01:59:00Z' }, { t: '2016-03-14T01:58:59Z' }, 'Yes'],
    ['TimestampGreaterThanEquals', { Variable: '$.t', TimestampGreaterThanEquals: '2016-03-14T01:59:00Z' }, { t: '2015-01-01T00:00:00Z' }, 'No'],
    ['NumericLessThanPath (two fields of the input)', { Variable: '$.a', NumericLessThanPath: '$.b' }, { a: 1, b: 2 }, 'Yes'],
    ['StringEqualsPath', { Variable: '$.a', StringEqualsPath: '$.b' }, { a: 'x', b: 'y' }, 'No'],
    ['TimestampLessThanPath', { Variable: '$.a', TimestampLessThanPath: '$.b' }, { a: '2020-01-01T00:00:00Z', b: '2021-01-01T00:00:00Z' }, 'Yes'],
  ])('%s', async (_name, rule, input, expected) => {
    expect(await decide(rule, input)).toBe(expected);
  });
});

describe('type tests and IsPresent (DG Choice Rules)', () => {
  it.each<[string, Record<string, unknown>, unknown, string]>([
    ['IsNull true on null', { Variable: '$.v', IsNull: true }, { v: null }, 'Yes'],
    ['IsNull true on a number', { Variable: '$.v', IsNull: true }, { v: 0 }, 'No'],
    ['IsNumeric', { Variable: '$.v', IsNumeric: true }, { v: 3.5 }, 'Yes'],
    ['IsNumeric on a numeric string', { Variable: '$.v', IsNumeric: true }, { v: '3' }, 'No'],
    ['IsString false', { Variable: '$.v', IsString: false }, { v: 3 }, 'Yes'],
    ['IsBoolean', { Variable: '$.v', IsBoolean: true }, { v: true }, 'Yes'],
    ['IsTimestamp on RFC 3339', { Variable: '$.v', IsTimestamp: true }, { v: '2016-03-14T01:59:00Z' }, 'Yes'],
    ['IsTimestamp on a date only', { Variable: '$.v', IsTimestamp: true }, { v: '2016-03-14' }, 'No'],
    ['IsPresent true on a present field', { Variable: '$.v', IsPresent: true }, { v: null }, 'Yes'],
    ['IsPresent false on a missing field (no States.Runtime)', { Variable: '$.missing', IsPresent: false }, {}, 'Yes'],
    ['IsPresent true on a missing field', { Variable: '$.missing', IsPresent: true }, {}, 'No'],
  ])('%s', async (_name, rule, input, expected) => {
    expect(await decide(rule, input)).toBe(expected);
  });
});

describe('StringMatches (DG: * wildcard, \\\\* literal star)', () => {
  it.each<[string, string, string]>([
    ['log-*.txt', 'log-2024-01.txt', 'Yes'],
    ['log-*.txt', 'log-.txt', 'Yes'],
    ['log-*.txt', 'log-1.csv', 'No'],
    ['*', '', 'Yes'],
    ['a\\*b', 'a*b', 'Yes'],
    ['a\\*b', 'axxb', 'No'],
  ])('pattern %j on %j', async (pattern, value, expected) => {
    expect(await decide({ Variable: '$.s', StringMatches: pattern }, { s: value })).toBe(expected);
  });
});

describe('Boolean operators (DG: And, Or, Not)', () => {
  it('Or matches when any nested rule matches', async () => {
    const rule = { Or: [{ Variable: '$.a', NumericEquals: 1 }, { Variable: '$.b', StringEquals: 'x' }] };
    expect(await decide(rule, { a: 0, b: 'x' })).toBe('Yes');
    expect(await decide(rule, { a: 0, b: 'y' })).toBe('No');
  });

  it('nested And inside Not', async () => {
    const rule = { Not: { And: [{ Variable: '$.a', IsPresent: true }, { Variable: '$.a', NumericGreaterThan: 10 }] } };
    expect(await decide(rule, { a: 11 })).toBe('No');
    expect(await decide(rule, { a: 5 })).toBe('Yes');
    expect(await decide(rule, {})).toBe('Yes');
  });
});

describe('Choice behaviour', () => {
  it('SPEC: rules are tried in order; the first match wins', async () => {
    const definition = machine({
      C: { Type: 'Choice', Choices: [{ Variable: '$.n', NumericGreaterThan: 0, Next: 'First' }, { Variable: '$.n', NumericGreaterThan: 5, Next: 'Second' }] },
      First: END,
      Second: END,
    });
    expect(statesEntered(await runDefinition(definition, { n: 10 }))).toEqual(['C', 'First']);
  });

  it('reference §5: no match and no Default fails with States.NoChoiceMatched', async () => {
    const definition = machine({ C: { Type: 'Choice', Choices: [{ Variable: '$.n', NumericEquals: 1, Next: 'X' }] }, X: END });
    const result = await runDefinition(definition, { n: 2 });
    expect(failureOf(result).error).toBe('States.NoChoiceMatched');
    expect(result.types).toEqual(['ExecutionStarted', 'ChoiceStateEntered', 'ExecutionFailed']);
  });

  it('reference §5: a Variable path that finds nothing is States.Runtime (not a non-match)', async () => {
    const definition = machine({ C: { Type: 'Choice', Choices: [{ Variable: '$.missing', StringEquals: 'x', Next: 'X' }], Default: 'X' }, X: END });
    const result = await runDefinition(definition, {});
    expect(failureOf(result).error).toBe('States.Runtime');
  });

  it('SPEC: Choice InputPath/OutputPath shape its output; the output is passed on (not the rule)', async () => {
    const definition = machine({
      C: { Type: 'Choice', InputPath: '$.data', OutputPath: '$.inner', Choices: [{ Variable: '$.flag', BooleanEquals: true, Next: 'X' }] },
      X: END,
    });
    const result = await runDefinition(definition, { data: { flag: true, inner: { v: 1 } } });
    expect(exitedOutput(result, 'C')).toEqual({ v: 1 });
    expect(outputOf(result)).toEqual({ v: 1 });
  });

  it('DG variables: a Choice Rule Variable may read a variable ($name)', async () => {
    const definition = machine({
      A: { Type: 'Pass', Assign: { limit: 3 }, Next: 'C' },
      C: { Type: 'Choice', Choices: [{ Variable: '$limit', NumericEquals: 3, Next: 'X' }] },
      X: END,
    });
    expect(statesEntered(await runDefinition(definition, {}))).toEqual(['A', 'C', 'X']);
  });
});
