/**
 * The causes of States.QueryEvaluationError, worded as AWS words them (reference section 3,
 * "Errors from JSONata": AWS-recorded in LocalStack's snapshot tests). Each starts with the state
 * and the id of its `...StateEntered` event; the expression is quoted without `{% %}`.
 */
import type { Json } from '../asl';
import { QueryEvaluationError } from '../errors';
import type { StateScope } from '../query-language';
import { typeWord } from './json-result';

/** `An error occurred while executing the state '<State>' (entered at the event id #<n>).` */
export function statePrefix(scope: Pick<StateScope, 'stateName' | 'enteredEventId'>): string {
  return `An error occurred while executing the state '${scope.stateName}' (entered at the event id #${scope.enteredEventId}).`;
}

/** Where a failing expression sits: its state, its field (`Output/result`) and its JSONata text. */
export interface ExpressionSite {
  readonly scope: Pick<StateScope, 'stateName' | 'enteredEventId'>;
  readonly location: string;
  readonly text: string;
}

/** A QueryEvaluationError about one expression: `<prefix> The JSONata expression '<expr>' specified for the field '<Location>' <problem>`. */
function expressionError(site: ExpressionSite, problem: string): QueryEvaluationError {
  const cause = `${statePrefix(site.scope)} The JSONata expression '${site.text}' specified for the field '${site.location}' ${problem}`;
  return new QueryEvaluationError(cause, site.location);
}

/** `... returned nothing (undefined).` (AWS-recorded) */
export function returnedNothing(site: ExpressionSite): QueryEvaluationError {
  return expressionError(site, 'returned nothing (undefined).');
}

/** `... threw an error during evaluation. T1006: Attempted to invoke a non-function` (AWS-recorded) */
export function threwError(site: ExpressionSite, description: string): QueryEvaluationError {
  return expressionError(site, `threw an error during evaluation. ${description}`);
}

/** `... returned an unexpected result type. Expected 'array', but was 'number' for value: 1` (AWS-recorded) */
export function unexpectedType(site: ExpressionSite, expected: string, value: Json): QueryEvaluationError {
  return expressionError(site, `returned an unexpected result type. Expected '${expected}', but was '${typeWord(value)}' for value: ${JSON.stringify(value)}`);
}

/** `... returned an unsupported result type.` (reference: a function result) */
export function unsupportedType(site: ExpressionSite): QueryEvaluationError {
  return expressionError(site, 'returned an unsupported result type.');
}

/**
 * A value of the right JSON type but outside the field's range (a negative Seconds, a fractional
 * TimeoutSeconds, a percentage over 100). AWS's wording is not recorded; this follows its
 * Timestamp cause: `<prefix> The <Field> field must be <rule> but was: <json>`.
 */
export function outOfRange(site: ExpressionSite, rule: string, value: Json): QueryEvaluationError {
  return new QueryEvaluationError(`${statePrefix(site.scope)} The ${site.location} field must be ${rule} but was: ${JSON.stringify(value)}`, site.location);
}

/** `<prefix> The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: <value>` (AWS-recorded) */
export function unparseableTimestamp(site: ExpressionSite, value: string): QueryEvaluationError {
  return new QueryEvaluationError(
    `${statePrefix(site.scope)} The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: ${value}`,
    site.location,
  );
}

/** JSON text of any value (`undefined` for nothing, which JSON.stringify does not write). */
function jsonText(value: unknown): string {
  return value === undefined ? 'undefined' : JSON.stringify(value);
}

/** `<prefix> Map state input must be an array but was: {"foo":"bar"}` (AWS-recorded; Map without Items). */
export function mapInputNotArray(scope: Pick<StateScope, 'stateName' | 'enteredEventId'>, input: unknown): QueryEvaluationError {
  return new QueryEvaluationError(`${statePrefix(scope)} Map state input must be an array but was: ${jsonText(input)}`, 'Items');
}
