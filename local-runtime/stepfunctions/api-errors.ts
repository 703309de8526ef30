/**
 * Errors of the Step Functions API, with AWS's error codes: the endpoint sends the code as the
 * JSON protocol's `__type`, so that the SDK raises its own exception class (TaskTimedOut,
 * ExecutionDoesNotExist, ...).
 */
export type StepFunctionsErrorCode =
  | 'ExecutionAlreadyExists'
  | 'ExecutionDoesNotExist'
  | 'InvalidArn'
  | 'InvalidDefinition'
  | 'InvalidExecutionInput'
  | 'InvalidName'
  | 'InvalidOutput'
  | 'InvalidToken'
  | 'ResourceNotFound'
  | 'StateMachineDoesNotExist'
  | 'TaskDoesNotExist'
  | 'TaskTimedOut'
  | 'TooManyTags'
  | 'UnknownOperationException'
  | 'ValidationException';

/** A request field that must be a string when given. */
export const optionalString = (value: unknown, field: string): string | undefined => {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new StepFunctionsApiError('ValidationException', `${field} must be a string`);
  return value;
};

/**
 * A request field that breaks a constraint of the API's model, worded as AWS words it:
 * `1 validation error detected: Value '1001' at 'maxResults' failed to satisfy constraint: Member
 * must have value less than or equal to 1000`.
 */
export const constraintError = (value: unknown, field: string, constraint: string): StepFunctionsApiError =>
  new StepFunctionsApiError(
    'ValidationException',
    `1 validation error detected: Value '${typeof value === 'string' ? value : JSON.stringify(value)}' at '${field}' failed to satisfy constraint: ${constraint}`,
  );

/** An optional integer field within [min, max]. */
export const optionalInteger = (value: unknown, field: string, min: number, max: number): number | undefined => {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new StepFunctionsApiError('ValidationException', `${field} must be an integer`);
  if (value < min) throw constraintError(value, field, `Member must have value greater than or equal to ${min}`);
  if (value > max) throw constraintError(value, field, `Member must have value less than or equal to ${max}`);
  return value;
};

/** An optional field that must be one of `values` (an enum of the API's model). */
export const optionalEnum = <T extends string>(value: unknown, field: string, values: readonly T[]): T | undefined => {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || !(values as readonly string[]).includes(value)) {
    throw constraintError(value, field, `Member must satisfy enum value set: [${values.join(', ')}]`);
  }
  return value as T;
};

export class StepFunctionsApiError extends Error {
  public override readonly name = 'StepFunctionsApiError';
  public constructor(
    public readonly code: StepFunctionsErrorCode,
    message: string,
  ) {
    super(message);
  }
}
