/**
 * Load-time checks of a JSONata state's expressions (not of the states in its branches or item
 * processor): every `{% %}` must parse, must not use `$eval` or `$$`, and may read
 * `$states.result` only in the top-level Output and Assign of Task, Map and Parallel, and
 * `$states.errorOutput` only in a Catcher's Output and Assign. Literal Conditions, Items and
 * value fields must have their field's type. Messages follow the validation codes AWS reports
 * (INVALID_JSONATA_EXPRESSION, UNSUPPORTED_JSONATA_EXPRESSION; third-party observation, the exact
 * AWS wording is not documented).
 */
import type { State, StateType } from '../asl';
import { DefinitionError } from '../errors';
import type { ValueField } from '../query-language';
import { asJsonataFailure, compile, expressionText, isExpression } from './expression';
import { findReferences } from './references';
import { elementLocation, memberLocation } from './template';
import { describeProblem, valueProblem } from './values';

/** Which `$states` members a field may read besides `input` and `context`. */
interface Allowed {
  readonly result: boolean;
  readonly errorOutput: boolean;
}

const NONE: Allowed = { result: false, errorOutput: false };

/** The states whose top-level Output and Assign may read `$states.result`. */
const RESULT_STATES: ReadonlySet<StateType> = new Set<StateType>(['Task', 'Map', 'Parallel']);

/** Every value field, in the order AWS's SPEC lists them. */
export const VALUE_FIELDS: readonly ValueField[] = [
  'TimeoutSeconds',
  'HeartbeatSeconds',
  'Seconds',
  'Timestamp',
  'MaxConcurrency',
  'ToleratedFailureCount',
  'ToleratedFailurePercentage',
  'Error',
  'Cause',
];

/** Checks one expression string found at `location`. */
function checkExpression(stateName: string, location: string, expression: string, allowed: Allowed): void {
  const text = expressionText(expression);
  let ast: unknown;
  try {
    ast = compile(text).ast();
  } catch (error) {
    throw new DefinitionError(`INVALID_JSONATA_EXPRESSION: ${asJsonataFailure(error).message} in '${text}'`, stateName, location);
  }
  const references = findReferences(ast);
  if (references.eval) {
    throw new DefinitionError(`UNSUPPORTED_JSONATA_EXPRESSION: the function '$eval' is not supported in Step Functions, use '$parse'`, stateName, location);
  }
  if (references.rootContext) {
    throw new DefinitionError(`UNSUPPORTED_JSONATA_EXPRESSION: Reference to '$$' is not supported.`, stateName, location);
  }
  if (references.statesResult && !allowed.result) {
    throw new DefinitionError(
      `UNSUPPORTED_JSONATA_EXPRESSION: '$states.result' can only be used in the Output and Assign of Task, Map and Parallel states`,
      stateName,
      location,
    );
  }
  if (references.statesErrorOutput && !allowed.errorOutput) {
    throw new DefinitionError(`UNSUPPORTED_JSONATA_EXPRESSION: '$states.errorOutput' can only be used in the Output and Assign of a Catcher`, stateName, location);
  }
}

/** Checks every expression of a template (keys are never expressions). */
function checkTemplate(stateName: string, location: string, template: unknown, allowed: Allowed): void {
  if (isExpression(template)) {
    checkExpression(stateName, location, template, allowed);
  } else if (Array.isArray(template)) {
    const elements: readonly unknown[] = template;
    elements.forEach((element, index) => {
      checkTemplate(stateName, elementLocation(location, index), element, allowed);
    });
  } else if (typeof template === 'object' && template !== null) {
    for (const [key, member] of Object.entries(template)) {
      checkTemplate(stateName, memberLocation(location, key), member, allowed);
    }
  }
}

/** Checks an Assign block: an object whose keys name variables. */
function checkAssign(stateName: string, location: string, assign: unknown, allowed: Allowed): void {
  if (assign === undefined) {
    return;
  }
  if (typeof assign !== 'object' || assign === null || Array.isArray(assign)) {
    throw new DefinitionError('Assign must be an object whose keys name the variables', stateName, location);
  }
  checkTemplate(stateName, location, assign, allowed);
}

/** Checks a value field: an expression, or a literal of the field's type. */
function checkValueField(stateName: string, state: State, field: ValueField): void {
  const value = state[field];
  if (value === undefined) {
    return;
  }
  if (isExpression(value)) {
    checkExpression(stateName, field, value, NONE);
    return;
  }
  const problem = valueProblem(field, value);
  if (problem !== undefined) {
    throw new DefinitionError(describeProblem(field, problem), stateName, field);
  }
}

/** Checks a Map's Items: an array (whose elements may be expressions) or one expression. */
function checkItems(stateName: string, items: unknown): void {
  if (items === undefined) {
    return;
  }
  if (!isExpression(items) && !Array.isArray(items)) {
    throw new DefinitionError('Items must be a JSON array or a JSONata expression', stateName, 'Items');
  }
  checkTemplate(stateName, 'Items', items, NONE);
}

/** Checks the Choice rules: Condition (a boolean or an expression), Assign and Output. */
function checkChoices(stateName: string, state: State): void {
  (state.Choices ?? []).forEach((rule, index) => {
    const location = `Choices[${index}]`;
    const condition = rule.Condition;
    if (typeof condition !== 'boolean' && !isExpression(condition)) {
      throw new DefinitionError('a JSONata Choice rule needs a Condition: true, false or a JSONata expression', stateName, memberLocation(location, 'Condition'));
    }
    checkTemplate(stateName, memberLocation(location, 'Condition'), condition, NONE);
    checkAssign(stateName, memberLocation(location, 'Assign'), rule.Assign, NONE);
    checkTemplate(stateName, memberLocation(location, 'Output'), rule.Output, NONE);
  });
}

/** Checks the Catchers' Output and Assign, where `$states.errorOutput` is available. */
function checkCatchers(stateName: string, state: State): void {
  const allowed: Allowed = { result: false, errorOutput: true };
  (state.Catch ?? []).forEach((catcher, index) => {
    const location = `Catch[${index}]`;
    checkTemplate(stateName, memberLocation(location, 'Output'), catcher.Output, allowed);
    checkAssign(stateName, memberLocation(location, 'Assign'), catcher.Assign, allowed);
  });
}

/** The load-time check of one JSONata state (QueryLanguage.check). */
export function checkState(stateName: string, state: State): void {
  const outputAllowed: Allowed = { result: RESULT_STATES.has(state.Type), errorOutput: false };
  checkTemplate(stateName, 'Arguments', state.Arguments, NONE);
  checkTemplate(stateName, 'Output', state.Output, outputAllowed);
  checkAssign(stateName, 'Assign', state.Assign, outputAllowed);
  checkItems(stateName, state.Items);
  checkTemplate(stateName, 'ItemSelector', state.ItemSelector, NONE);
  for (const field of VALUE_FIELDS) {
    checkValueField(stateName, state, field);
  }
  checkChoices(stateName, state);
  checkCatchers(stateName, state);
}
