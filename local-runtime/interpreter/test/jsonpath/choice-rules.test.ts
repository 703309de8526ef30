import type { ChoiceRule } from '../../asl';
import { StatesError } from '../../errors';
import { checkChoiceRule, ChoiceRuleError, matchesChoiceRule, stringMatches } from '../../jsonpath/choice-rules';
import type { Evaluation } from '../../jsonpath/evaluation';
import { parseTimestamp } from '../../jsonpath/timestamps';

const input = {
  name: 'beta',
  count: 5,
  flag: true,
  nothing: null,
  when: '2024-03-14T01:59:00Z',
  other: 'alpha',
  limit: 10,
  later: '2024-03-14T02:00:00.5+00:00',
  list: [1, 2],
};
const evaluation: Evaluation = { sources: { data: input, context: { Execution: { Name: 'beta' } }, variables: { threshold: 5 } }, stateName: 'Choose', enteredEventId: 4 };
const matches = (rule: ChoiceRule): boolean => matchesChoiceRule(rule, evaluation);

describe('comparison operators', () => {
  it.each([
    [{ Variable: '$.name', StringEquals: 'beta' }, true],
    [{ Variable: '$.name', StringEquals: 'Beta' }, false],
    [{ Variable: '$.name', StringLessThan: 'gamma' }, true],
    [{ Variable: '$.name', StringGreaterThan: 'alpha' }, true],
    [{ Variable: '$.name', StringLessThanEquals: 'beta' }, true],
    [{ Variable: '$.name', StringGreaterThanEquals: 'c' }, false],
    [{ Variable: '$.count', NumericEquals: 5 }, true],
    [{ Variable: '$.count', NumericLessThan: 5 }, false],
    [{ Variable: '$.count', NumericGreaterThan: 4.5 }, true],
    [{ Variable: '$.count', NumericLessThanEquals: 5 }, true],
    [{ Variable: '$.count', NumericGreaterThanEquals: 6 }, false],
    [{ Variable: '$.flag', BooleanEquals: true }, true],
    [{ Variable: '$.flag', BooleanEquals: false }, false],
    [{ Variable: '$.when', TimestampEquals: '2024-03-14T02:59:00+01:00' }, true],
    [{ Variable: '$.when', TimestampLessThan: '2024-03-14T01:59:00.001Z' }, true],
    [{ Variable: '$.when', TimestampGreaterThan: '2024-03-14T01:58:59Z' }, true],
    [{ Variable: '$.when', TimestampLessThanEquals: '2024-03-14T01:59:00Z' }, true],
    [{ Variable: '$.when', TimestampGreaterThanEquals: '2024-03-15T00:00:00Z' }, false],
  ])('%j matches: %s', (rule, expected) => {
    expect(matches(rule as ChoiceRule)).toBe(expected);
  });

  it.each([
    [{ Variable: '$.name', StringEqualsPath: '$$.Execution.Name' }, true],
    [{ Variable: '$.name', StringLessThanPath: '$.other' }, false],
    [{ Variable: '$.name', StringGreaterThanPath: '$.other' }, true],
    [{ Variable: '$.name', StringLessThanEqualsPath: '$.name' }, true],
    [{ Variable: '$.name', StringGreaterThanEqualsPath: '$.other' }, true],
    [{ Variable: '$.count', NumericEqualsPath: '$threshold' }, true],
    [{ Variable: '$.count', NumericLessThanPath: '$.limit' }, true],
    [{ Variable: '$.count', NumericGreaterThanPath: '$.limit' }, false],
    [{ Variable: '$.count', NumericLessThanEqualsPath: '$threshold' }, true],
    [{ Variable: '$.count', NumericGreaterThanEqualsPath: '$.limit' }, false],
    [{ Variable: '$.flag', BooleanEqualsPath: '$.flag' }, true],
    [{ Variable: '$.when', TimestampEqualsPath: '$.when' }, true],
    [{ Variable: '$.when', TimestampLessThanPath: '$.later' }, true],
    [{ Variable: '$.when', TimestampGreaterThanPath: '$.later' }, false],
    [{ Variable: '$.when', TimestampLessThanEqualsPath: '$.later' }, true],
    [{ Variable: '$.later', TimestampGreaterThanEqualsPath: '$.when' }, true],
  ])('path form %j matches: %s', (rule, expected) => {
    expect(matches(rule as ChoiceRule)).toBe(expected);
  });

  it('does not match (and does not fail) when the types differ', () => {
    expect(matches({ Variable: '$.name', NumericEquals: 5 })).toBe(false);
    expect(matches({ Variable: '$.count', StringEquals: '5' })).toBe(false);
    expect(matches({ Variable: '$.name', BooleanEquals: true })).toBe(false);
    expect(matches({ Variable: '$.name', TimestampEquals: '2024-03-14T01:59:00Z' })).toBe(false);
    expect(matches({ Variable: '$.count', NumericEqualsPath: '$.name' })).toBe(false);
    expect(matches({ Variable: '$.count', StringMatches: '5' })).toBe(false);
  });

  it('fails with States.Runtime when the Variable (or a ...Path operand) finds nothing', () => {
    expect(() => matches({ Variable: '$.missing', StringEquals: 'x' })).toThrow(StatesError);
    expect(() => matches({ Variable: '$.missing', IsNull: false })).toThrow(expect.objectContaining({ error: 'States.Runtime', cause: expect.stringContaining("Invalid path '$.missing' : No results for path: $['missing']") }) as Error);
    expect(() => matches({ Variable: '$.count', NumericEqualsPath: '$.missing' })).toThrow(expect.objectContaining({ error: 'States.Runtime' }) as Error);
  });
});

describe('StringMatches', () => {
  it('DG example: "log-*.txt" matches "log-2024.txt"; * matches any run, even an empty one', () => {
    expect(stringMatches('log-2024.txt', 'log-*.txt')).toBe(true);
    expect(stringMatches('log-.txt', 'log-*.txt')).toBe(true);
    expect(stringMatches('log-2024.csv', 'log-*.txt')).toBe(false);
    expect(stringMatches('anything', '*')).toBe(true);
    expect(stringMatches('a.b', 'a?b')).toBe(false);
  });

  it('takes \\* as a literal star and \\\\ as a backslash (JSON "\\\\*", "\\\\\\\\")', () => {
    const pattern = (JSON.parse('"a\\\\*b"') as string);
    expect(pattern).toBe('a\\*b');
    expect(stringMatches('a*b', pattern)).toBe(true);
    expect(stringMatches('axxb', pattern)).toBe(false);
    expect(stringMatches('a\\b', 'a\\\\b')).toBe(true);
    expect(matches({ Variable: '$.name', StringMatches: 'b*a' })).toBe(true);
  });
});

describe('type tests', () => {
  it.each([
    ['IsNull', '$.nothing', '$.name'],
    ['IsNumeric', '$.count', '$.name'],
    ['IsString', '$.name', '$.count'],
    ['IsBoolean', '$.flag', '$.nothing'],
    ['IsTimestamp', '$.when', '$.name'],
    ['IsPresent', '$.name', '$.missing'],
  ])('%s: true matches %s, false matches %s', (operator, yes, no) => {
    expect(matches({ Variable: yes, [operator]: true })).toBe(true);
    expect(matches({ Variable: yes, [operator]: false })).toBe(false);
    expect(matches({ Variable: no, [operator]: false })).toBe(true);
    expect(matches({ Variable: no, [operator]: true })).toBe(false);
  });

  it("IsPresent: false matches a missing Variable (previous engine's bug)", () => {
    expect(matches({ Variable: '$.missing.deeper', IsPresent: false })).toBe(true);
    expect(matches({ Variable: '$undefinedVariable', IsPresent: false })).toBe(true);
  });

  it("IsNumeric: false and the other Is...: false match values of another type (previous engine's bug)", () => {
    expect(matches({ Variable: '$.name', IsNumeric: false })).toBe(true);
    expect(matches({ Variable: '$.list', IsString: false })).toBe(true);
    expect(matches({ Variable: '$.count', IsBoolean: false })).toBe(true);
    expect(matches({ Variable: '$.count', IsTimestamp: false })).toBe(true);
  });
});

describe('And, Or, Not', () => {
  it('DG example: Not StringEquals, And of numeric bounds, Or', () => {
    expect(matches({ Not: { Variable: '$.name', StringEquals: 'beta' } })).toBe(false);
    expect(matches({ And: [{ Variable: '$.count', NumericGreaterThanEquals: 1 }, { Variable: '$.count', NumericLessThan: 10 }] })).toBe(true);
    expect(matches({ And: [{ Variable: '$.count', NumericGreaterThanEquals: 6 }, { Variable: '$.count', NumericLessThan: 10 }] })).toBe(false);
    expect(matches({ Or: [{ Variable: '$.name', StringEquals: 'x' }, { Not: { Variable: '$.flag', BooleanEquals: false } }] })).toBe(true);
  });

  it('guards a comparison with IsPresent inside And (short-circuit)', () => {
    expect(matches({ And: [{ Variable: '$.missing', IsPresent: true }, { Variable: '$.missing', StringEquals: 'x' }] })).toBe(false);
  });
});

describe('timestamps', () => {
  it('accepts RFC 3339 with uppercase T and Z or an offset, and compares to the nanosecond', () => {
    expect(parseTimestamp('2016-03-14T01:59:00Z')).toEqual({ epochSeconds: 1457920740, nanos: 0 });
    expect(parseTimestamp('2016-03-14T01:59:00.123456789-02:30')).toEqual({ epochSeconds: 1457920740 + 9000, nanos: 123456789 });
    expect(parseTimestamp('2016-03-14t01:59:00z')).toBeUndefined();
    expect(parseTimestamp('2016-02-30T01:59:00Z')).toBeUndefined();
    expect(parseTimestamp('2016-03-14 01:59:00Z')).toBeUndefined();
    expect(matches({ Variable: '$.when', TimestampLessThan: '2024-03-14T01:59:00.000000001Z' })).toBe(true);
    expect(matches({ Variable: '$.when', TimestampGreaterThanEquals: '2024-03-14T01:59:00.000000001Z' })).toBe(false);
  });
});

describe('checkChoiceRule', () => {
  const problem = (rule: unknown): string | undefined => {
    try {
      checkChoiceRule(rule as ChoiceRule, 'Choices/0');
    } catch (error) {
      if (error instanceof ChoiceRuleError) return `${error.location}: ${error.message}`;
      throw error;
    }
    return undefined;
  };

  it('accepts well-formed rules', () => {
    expect(problem({ Variable: '$.a', NumericEquals: 1, Next: 'X' })).toBeUndefined();
    expect(problem({ And: [{ Variable: '$.a', IsPresent: true }, { Not: { Variable: '$v', StringMatches: 'a*' } }], Next: 'X', Assign: { 'x.$': '$.a' } })).toBeUndefined();
  });

  it('refuses bad operands, bad paths, missing or doubled operators, empty And', () => {
    expect(problem({ Variable: '$.a', NumericEquals: '1' })).toBe('Choices/0/NumericEquals: NumericEquals must be a number');
    expect(problem({ Variable: '$.a', TimestampEquals: 'yesterday' })).toMatch(/RFC 3339/);
    expect(problem({ Variable: '$.a', IsNull: 'true' })).toMatch(/must be true or false/);
    expect(problem({ Variable: '$.a', StringEqualsPath: 'nope' })).toMatch(/^Choices\/0\/StringEqualsPath/);
    expect(problem({ Variable: 'a', StringEquals: 'x' })).toMatch(/^Choices\/0\/Variable/);
    expect(problem({ Variable: '$.a' })).toMatch(/needs one comparison operator/);
    expect(problem({ Variable: '$.a', StringEquals: 'x', IsNull: true })).toMatch(/not StringEquals, IsNull/);
    expect(problem({ And: [] })).toMatch(/'And' must be a non-empty array/);
    expect(problem({ Or: [{ Variable: '$.a', NumericEquals: 'x' }] })).toMatch(/^Choices\/0\/Or\/0\/NumericEquals/);
    expect(problem({ Variable: '$.a', IsNull: true, Assign: { 'x.$': 'States.Bad()' } })).toMatch(/^Choices\/0\/Assign\/x\.\$/);
  });
});
