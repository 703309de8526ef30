/**
 * Errors of the Step Functions API, with AWS's error codes: the endpoint sends the code as the
 * JSON protocol's `__type`, so that the SDK raises its own exception class (TaskTimedOut,
 * ExecutionDoesNotExist, ...).
 */
export type StepFunctionsErrorCode =
  | 'ExecutionAlreadyExists'
  | 'ExecutionDoesNotExist'
  | 'InvalidArn'
  | 'InvalidExecutionInput'
  | 'InvalidName'
  | 'InvalidOutput'
  | 'InvalidToken'
  | 'StateMachineDoesNotExist'
  | 'TaskDoesNotExist'
  | 'TaskTimedOut'
  | 'UnknownOperationException'
  | 'ValidationException';

/** A request field that must be a string when given. */
export const optionalString = (value: unknown, field: string): string | undefined => {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new StepFunctionsApiError('ValidationException', `${field} must be a string`);
  return value;
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
