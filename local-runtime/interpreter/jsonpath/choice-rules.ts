/**
 * JSONPath Choice Rules (SPEC "Choice State"; DG "Choice workflow state"): a `Variable` path
 * with one comparison operator, or the Boolean `And`, `Or` and `Not` over nested rules.
 *
 * - A comparison whose Variable value (or `...Path` operand) is not of the operator's type does
 *   not match: NumericEquals on a string is false, not an error.
 * - A Variable path that finds nothing is States.Runtime, except for IsPresent (IsPresent: false
 *   matches it).
 * - Timestamps are compared as RFC 3339 instants; StringMatches takes `*` as a wildcard and
 *   `\*`, `\\` (JSON `\\*`, `\\\\`) as a literal star and backslash.
 */
import type { ChoiceRule } from '../asl';
import { cachedPath, readFieldPath, runtimeError, type Evaluation } from './evaluation';
import { checkPayloadTemplate, PayloadTemplateError } from './payload-template';
import { lookUpPath, parsePath, PathSyntaxError } from './paths';
import { compareInstants, parseTimestamp } from './timestamps';

/** The operand type of a comparison operator. */
type OperandType = 'string' | 'number' | 'boolean' | 'timestamp';

/** How a comparison reads the order of Variable value and operand (negative, zero, positive). */
type Verdict = (order: number) => boolean;

const EQUALS: Verdict = (order) => order === 0;
const LESS_THAN: Verdict = (order) => order < 0;
const GREATER_THAN: Verdict = (order) => order > 0;
const LESS_THAN_EQUALS: Verdict = (order) => order <= 0;
const GREATER_THAN_EQUALS: Verdict = (order) => order >= 0;

/** The comparison operators (without their `...Path` forms), with operand type and verdict. */
const COMPARISONS: Readonly<Record<string, { readonly type: OperandType; readonly verdict: Verdict }>> = {
  StringEquals: { type: 'string', verdict: EQUALS },
  StringLessThan: { type: 'string', verdict: LESS_THAN },
  StringGreaterThan: { type: 'string', verdict: GREATER_THAN },
  StringLessThanEquals: { type: 'string', verdict: LESS_THAN_EQUALS },
  StringGreaterThanEquals: { type: 'string', verdict: GREATER_THAN_EQUALS },
  NumericEquals: { type: 'number', verdict: EQUALS },
  NumericLessThan: { type: 'number', verdict: LESS_THAN },
  NumericGreaterThan: { type: 'number', verdict: GREATER_THAN },
  NumericLessThanEquals: { type: 'number', verdict: LESS_THAN_EQUALS },
  NumericGreaterThanEquals: { type: 'number', verdict: GREATER_THAN_EQUALS },
  BooleanEquals: { type: 'boolean', verdict: EQUALS },
  TimestampEquals: { type: 'timestamp', verdict: EQUALS },
  TimestampLessThan: { type: 'timestamp', verdict: LESS_THAN },
  TimestampGreaterThan: { type: 'timestamp', verdict: GREATER_THAN },
  TimestampLessThanEquals: { type: 'timestamp', verdict: LESS_THAN_EQUALS },
  TimestampGreaterThanEquals: { type: 'timestamp', verdict: GREATER_THAN_EQUALS },
};

/** The type-test operators: their operand is `true` or `false`. */
const TYPE_TESTS: Readonly<Record<string, (value: unknown) => boolean>> = {
  IsNull: (value) => value === null,
  IsNumeric: (value) => typeof value === 'number',
  IsString: (value) => typeof value === 'string',
  IsBoolean: (value) => typeof value === 'boolean',
  IsTimestamp: (value) => typeof value === 'string' && parseTimestamp(value) !== undefined,
};

const STRING_MATCHES = 'StringMatches';
const IS_PRESENT = 'IsPresent';
const PATH_SUFFIX = 'Path';

/** Every operator name a rule may use. */
export const CHOICE_OPERATORS: readonly string[] = [
  ...Object.keys(COMPARISONS),
  ...Object.keys(COMPARISONS).map((operator) => `${operator}${PATH_SUFFIX}`),
  STRING_MATCHES,
  ...Object.keys(TYPE_TESTS),
  IS_PRESENT,
];

/** The operators a rule uses. */
function operatorsOf(rule: ChoiceRule): string[] {
  return Object.keys(rule).filter((key) => CHOICE_OPERATORS.includes(key));
}

/** Whether a Choice Rule matches, with `$` = the Choice state's effective input. */
export function matchesChoiceRule(rule: ChoiceRule, evaluation: Evaluation): boolean {
  if (rule.And !== undefined) return rule.And.every((nested) => matchesChoiceRule(nested, evaluation));
  if (rule.Or !== undefined) return rule.Or.some((nested) => matchesChoiceRule(nested, evaluation));
  if (rule.Not !== undefined) return !matchesChoiceRule(rule.Not, evaluation);
  const [operator] = operatorsOf(rule);
  if (operator === undefined || rule.Variable === undefined) throw runtimeError(evaluation, 'A Choice Rule has neither a comparison nor And, Or or Not');
  const operand: unknown = rule[operator];
  const lookup = lookUpPath(cachedPath(rule.Variable), evaluation.sources);
  if (operator === IS_PRESENT) return lookup.found === operand;
  if (!lookup.found) throw runtimeError(evaluation, lookup.nullInput ? lookup.reason : `Invalid path '${rule.Variable}' : ${lookup.reason}`);
  return compare(operator, lookup.value, operand, evaluation);
}

/** Applies one operator to the Variable's value. */
function compare(operator: string, value: unknown, operand: unknown, evaluation: Evaluation): boolean {
  const typeTest = TYPE_TESTS[operator];
  if (typeTest !== undefined) return typeTest(value) === operand;
  if (operator === STRING_MATCHES) return typeof value === 'string' && typeof operand === 'string' && stringMatches(value, operand);
  const isPathForm = operator.endsWith(PATH_SUFFIX) && COMPARISONS[operator] === undefined;
  const comparison = COMPARISONS[isPathForm ? operator.slice(0, -PATH_SUFFIX.length) : operator];
  if (comparison === undefined) return false;
  const against = isPathForm && typeof operand === 'string' ? readFieldPath(operand, evaluation) : operand;
  const order = orderOf(comparison.type, value, against);
  return order !== undefined && comparison.verdict(order);
}

/** The order of two values of the operator's type; undefined when either is not of that type. */
function orderOf(type: OperandType, value: unknown, against: unknown): number | undefined {
  switch (type) {
    case 'string':
      return typeof value === 'string' && typeof against === 'string' ? order(value, against) : undefined;
    case 'number':
      return typeof value === 'number' && typeof against === 'number' ? order(value, against) : undefined;
    case 'boolean':
      return typeof value === 'boolean' && typeof against === 'boolean' ? (value === against ? 0 : 1) : undefined;
    case 'timestamp': {
      const left = typeof value === 'string' ? parseTimestamp(value) : undefined;
      const right = typeof against === 'string' ? parseTimestamp(against) : undefined;
      return left !== undefined && right !== undefined ? compareInstants(left, right) : undefined;
    }
  }
}

function order<T extends string | number>(left: T, right: T): number {
  if (left < right) return -1;
  return left > right ? 1 : 0;
}

/** StringMatches: `*` matches any run of characters; `\*` is a star and `\\` a backslash. */
export function stringMatches(value: string, pattern: string): boolean {
  let source = '';
  for (let position = 0; position < pattern.length; position += 1) {
    const char = pattern[position] ?? '';
    if (char === '\\' && position + 1 < pattern.length) {
      position += 1;
      source += escapeRegExp(pattern[position] ?? '');
    } else {
      source += char === '*' ? '[\\s\\S]*' : escapeRegExp(char);
    }
  }
  return new RegExp(`^${source}$`, 'u').test(value);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}

/** A bad Choice Rule, with where it is (`Choices/0/And/1`). */
export class ChoiceRuleError extends Error {
  public override readonly name = 'ChoiceRuleError';
  public constructor(
    message: string,
    public readonly location: string,
  ) {
    super(message);
  }
}

/** Load-time check of a Choice Rule and the rules nested in it. Throws ChoiceRuleError. */
export function checkChoiceRule(rule: ChoiceRule, location: string): void {
  if (rule.Assign !== undefined) checkRuleAssign(rule, location);
  if (rule.And !== undefined || rule.Or !== undefined) {
    const nested: readonly ChoiceRule[] = rule.And ?? rule.Or ?? [];
    const name = rule.And === undefined ? 'Or' : 'And';
    if (!isNonEmptyList(nested)) throw new ChoiceRuleError(`'${name}' must be a non-empty array of Choice Rules`, location);
    nested.forEach((inner, index) => {
      checkChoiceRule(inner, `${location}/${name}/${index}`);
    });
    return;
  }
  if (rule.Not !== undefined) {
    checkChoiceRule(rule.Not, `${location}/Not`);
    return;
  }
  checkComparison(rule, location);
}

/** True for an array with at least one element (a definition may hold anything). */
function isNonEmptyList(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0;
}

function checkRuleAssign(rule: ChoiceRule, location: string): void {
  try {
    checkPayloadTemplate(rule.Assign);
  } catch (error) {
    if (error instanceof PayloadTemplateError) throw new ChoiceRuleError(error.message, `${location}/Assign/${error.location}`);
    throw error;
  }
}

/** A comparison: a Variable path and exactly one operator with an operand of the right type. */
function checkComparison(rule: ChoiceRule, location: string): void {
  if (typeof rule.Variable !== 'string') throw new ChoiceRuleError("a comparison needs a 'Variable' path (or use And, Or, Not)", location);
  checkPath(rule.Variable, `${location}/Variable`);
  const operators = operatorsOf(rule);
  if (operators.length !== 1) {
    throw new ChoiceRuleError(operators.length === 0 ? 'a comparison needs one comparison operator' : `a comparison has one operator, not ${operators.join(', ')}`, location);
  }
  const operator = operators[0] ?? '';
  const operand: unknown = rule[operator];
  const where = `${location}/${operator}`;
  const problem = operandProblem(operator, operand);
  if (problem !== undefined) throw new ChoiceRuleError(`${operator} ${problem}`, where);
  if (operator.endsWith(PATH_SUFFIX) && COMPARISONS[operator] === undefined && typeof operand === 'string') checkPath(operand, where);
}

/** What is wrong with an operator's operand, or undefined. */
function operandProblem(operator: string, operand: unknown): string | undefined {
  if (operator === IS_PRESENT || TYPE_TESTS[operator] !== undefined) return typeof operand === 'boolean' ? undefined : 'must be true or false';
  if (operator === STRING_MATCHES) return typeof operand === 'string' ? undefined : 'must be a string';
  const comparison = COMPARISONS[operator];
  if (comparison === undefined) return typeof operand === 'string' ? undefined : 'must be a path';
  switch (comparison.type) {
    case 'string':
      return typeof operand === 'string' ? undefined : 'must be a string';
    case 'number':
      return typeof operand === 'number' ? undefined : 'must be a number';
    case 'boolean':
      return typeof operand === 'boolean' ? undefined : 'must be true or false';
    case 'timestamp':
      return typeof operand === 'string' && parseTimestamp(operand) !== undefined ? undefined : 'must be an RFC 3339 timestamp string';
  }
}

function checkPath(text: string, location: string): void {
  try {
    parsePath(text);
  } catch (error) {
    if (error instanceof PathSyntaxError) throw new ChoiceRuleError(error.message, location);
    throw error;
  }
}
