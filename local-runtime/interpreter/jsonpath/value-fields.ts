/**
 * The value fields with a literal and a `...Path` form (TimeoutSeconds/TimeoutSecondsPath,
 * Seconds/SecondsPath, Error/ErrorPath, ...). The path form reads the effective input (or, like
 * any path, `$$` and `$var`); ErrorPath and CausePath may also be an intrinsic function
 * (DG "Fail state"). A value of the wrong type is States.Runtime.
 */
import type { State } from '../asl';
import type { ValueField } from '../query-language';
import { compactJson, isInteger } from './json-values';
import { readFieldPath, runtimeError, type Evaluation } from './evaluation';
import { evaluateDynamicValue } from './payload-template';
import { looksLikePath } from './paths';
import { isTimestamp } from './timestamps';

/** How one value field is written and what its value must be. */
export interface ValueFieldRule {
  readonly pathField: keyof State;
  /** What the value must be, for error messages. */
  readonly expected: string;
  readonly accepts: (value: unknown) => boolean;
  /** ErrorPath and CausePath also take an intrinsic function. */
  readonly intrinsicAllowed: boolean;
}

const isPositiveInteger = (value: unknown): boolean => isInteger(value) && value > 0;
const isNonNegativeInteger = (value: unknown): boolean => isInteger(value) && value >= 0;
const isString = (value: unknown): boolean => typeof value === 'string';

export const VALUE_FIELDS: Readonly<Record<ValueField, ValueFieldRule>> = {
  TimeoutSeconds: { pathField: 'TimeoutSecondsPath', expected: 'a positive integer', accepts: isPositiveInteger, intrinsicAllowed: false },
  HeartbeatSeconds: { pathField: 'HeartbeatSecondsPath', expected: 'a positive integer', accepts: isPositiveInteger, intrinsicAllowed: false },
  Seconds: { pathField: 'SecondsPath', expected: 'a non-negative integer', accepts: isNonNegativeInteger, intrinsicAllowed: false },
  Timestamp: { pathField: 'TimestampPath', expected: 'an RFC 3339 timestamp string', accepts: isTimestamp, intrinsicAllowed: false },
  MaxConcurrency: { pathField: 'MaxConcurrencyPath', expected: 'a non-negative integer', accepts: isNonNegativeInteger, intrinsicAllowed: false },
  ToleratedFailureCount: { pathField: 'ToleratedFailureCountPath', expected: 'a non-negative integer', accepts: isNonNegativeInteger, intrinsicAllowed: false },
  ToleratedFailurePercentage: {
    pathField: 'ToleratedFailurePercentagePath',
    expected: 'a number from 0 to 100',
    accepts: (value) => typeof value === 'number' && value >= 0 && value <= 100,
    intrinsicAllowed: false,
  },
  Error: { pathField: 'ErrorPath', expected: 'a string', accepts: isString, intrinsicAllowed: true },
  Cause: { pathField: 'CausePath', expected: 'a string', accepts: isString, intrinsicAllowed: true },
};

/** A value field of a state, from its literal or its path form; undefined when the state sets neither. */
export function readValueField(state: State, field: ValueField, evaluation: Evaluation): unknown {
  const rule = VALUE_FIELDS[field];
  const literal: unknown = state[field];
  if (literal !== undefined) {
    if (!rule.accepts(literal)) throw runtimeError(evaluation, `The value of the field '${field}' must be ${rule.expected}, but was ${compactJson(literal)}`);
    return literal;
  }
  const source: unknown = state[rule.pathField];
  if (typeof source !== 'string') return undefined;
  const value = rule.intrinsicAllowed && !looksLikePath(source) ? evaluateDynamicValue(source, rule.pathField, evaluation) : readFieldPath(source, evaluation);
  if (!rule.accepts(value)) {
    throw runtimeError(evaluation, `The value of the field '${rule.pathField}' ('${source}') must be ${rule.expected}, but was ${compactJson(value)}`);
  }
  return value;
}
