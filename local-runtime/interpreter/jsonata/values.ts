/**
 * The value fields of JSONata states: each is a literal or a `{% %}` expression whose result must
 * have the field's type. [SPEC "Timeouts", "JSONata Wait State", "JSONata Fail State", "Map State"]
 * - TimeoutSeconds, HeartbeatSeconds (Task): positive integer
 * - Seconds (Wait): non-negative integer; Timestamp (Wait): RFC 3339 string
 * - MaxConcurrency, ToleratedFailureCount (Map): non-negative integer
 * - ToleratedFailurePercentage (Map): number from 0 to 100
 * - Error, Cause (Fail): string
 */
import type { Json } from '../asl';
import type { ValueField } from '../query-language';
import { outOfRange, unexpectedType, unparseableTimestamp, type ExpressionSite } from './causes';

/** Why a value does not fit its field. */
export type ValueProblem =
  /** Not the JSON type the field needs (the word AWS prints: `number`, `string`). */
  | { readonly kind: 'type'; readonly expected: string }
  /** The right type, outside the field's range; `rule` completes "must be ...". */
  | { readonly kind: 'range'; readonly rule: string }
  /** Timestamp: a string that is not an RFC 3339 date-time. */
  | { readonly kind: 'timestamp' };

/** An integer field's rule: `minimum` 1 (positive) or 0 (non-negative). */
function integerProblem(value: unknown, minimum: 0 | 1): ValueProblem | undefined {
  if (typeof value !== 'number') {
    return { kind: 'type', expected: 'number' };
  }
  if (!Number.isInteger(value) || value < minimum) {
    return { kind: 'range', rule: minimum === 1 ? 'a positive integer' : 'a non-negative integer' };
  }
  return undefined;
}

/**
 * An RFC 3339 date-time: `2024-01-31T12:00:00Z`, `...T12:00:00.5+01:00` (uppercase `T`, `Z` or a
 * numeric offset), with a real calendar date. [SPEC "JSONata Wait State"]
 */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/** True when `text` is an RFC 3339 date-time that names a real instant. */
export function isRfc3339(text: string): boolean {
  const match = RFC3339.exec(text);
  if (match === null) {
    return false;
  }
  // Absent offset parts (a `Z`) read as 0.
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, offsetHours = 0, offsetMinutes = 0] = match.slice(1).map((part: string | undefined) => Number(part ?? 0));
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const dateFits = month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth;
  const timeFits = hour <= 23 && minute <= 59 && second <= 60 && offsetHours <= 23 && offsetMinutes <= 59;
  return dateFits && timeFits;
}

/** What is wrong with `value` for `field`, or undefined when it fits. */
export function valueProblem(field: ValueField, value: unknown): ValueProblem | undefined {
  switch (field) {
    case 'TimeoutSeconds':
    case 'HeartbeatSeconds':
      return integerProblem(value, 1);
    case 'Seconds':
    case 'MaxConcurrency':
    case 'ToleratedFailureCount':
      return integerProblem(value, 0);
    case 'ToleratedFailurePercentage':
      if (typeof value !== 'number') {
        return { kind: 'type', expected: 'number' };
      }
      return value >= 0 && value <= 100 ? undefined : { kind: 'range', rule: 'a number from 0 to 100' };
    case 'Timestamp':
      if (typeof value !== 'string') {
        return { kind: 'type', expected: 'string' };
      }
      return isRfc3339(value) ? undefined : { kind: 'timestamp' };
    case 'Error':
    case 'Cause':
      return typeof value === 'string' ? undefined : { kind: 'type', expected: 'string' };
  }
}

/** A one-line description of a problem, for definition errors about literal values. */
export function describeProblem(field: ValueField, problem: ValueProblem): string {
  switch (problem.kind) {
    case 'type':
      return `${field} must be a ${problem.expected} or a JSONata expression`;
    case 'range':
      return `${field} must be ${problem.rule}`;
    case 'timestamp':
      return `${field} must be an RFC 3339 date-time string (e.g. 2024-01-31T12:00:00Z)`;
  }
}

/** The QueryEvaluationError for an expression result that does not fit its field. */
export function valueError(site: ExpressionSite, problem: ValueProblem, value: Json): Error {
  switch (problem.kind) {
    case 'type':
      return unexpectedType(site, problem.expected, value);
    case 'range':
      return outOfRange(site, problem.rule, value);
    case 'timestamp':
      return unparseableTimestamp(site, typeof value === 'string' ? value : JSON.stringify(value));
  }
}
