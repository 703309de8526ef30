import { QueryEvaluationError } from '../../errors';
import type { StateScope } from '../../query-language';

/** A StateScope for the tests: state 'S' entered at event #7, unless told otherwise. */
export function scopeOf(overrides: Partial<StateScope> = {}): StateScope {
  return {
    stateName: 'S',
    input: {},
    context: { Execution: { Id: 'arn:aws:states:us-east-1:123456789012:execution:sm:run', Input: {} } },
    variables: {},
    enteredEventId: 7,
    now: Date.parse('2025-01-01T00:00:00.000Z'),
    ...overrides,
  };
}

/** The prefix of every AWS cause for state 'S' entered at event #7. */
export const PREFIX = "An error occurred while executing the state 'S' (entered at the event id #7).";

/** Freezes a value and everything in it, so that a mutation throws. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const member of Object.values(value)) {
      deepFreeze(member);
    }
    Object.freeze(value);
  }
  return value;
}

/** The QueryEvaluationError a promise rejects with. */
export async function failureOf(promise: Promise<unknown>): Promise<QueryEvaluationError> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(QueryEvaluationError);
  return error as QueryEvaluationError;
}
