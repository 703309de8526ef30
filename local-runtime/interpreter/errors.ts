/**
 * Errors of the States Language, named as AWS Step Functions names them.
 *
 * A `StatesError` is what a state fails with: its `error` is the name that Retry and Catch match
 * (`States.TaskFailed`, `States.Timeout`, a function's `errorType`, ...), its `cause` the text
 * that the history and DescribeExecution show. A `DefinitionError` is raised when a state
 * machine is loaded, before anything runs: it names the state and the field.
 */

/** The error names that Step Functions itself raises (States Language, Appendix A). */
export const StatesErrorName = {
  ALL: 'States.ALL',
  TaskFailed: 'States.TaskFailed',
  Timeout: 'States.Timeout',
  HeartbeatTimeout: 'States.HeartbeatTimeout',
  Permissions: 'States.Permissions',
  QueryEvaluationError: 'States.QueryEvaluationError',
  DataLimitExceeded: 'States.DataLimitExceeded',
  Runtime: 'States.Runtime',
  ResultPathMatchFailure: 'States.ResultPathMatchFailure',
  ParameterPathFailure: 'States.ParameterPathFailure',
  IntrinsicFailure: 'States.IntrinsicFailure',
  BranchFailed: 'States.BranchFailed',
  NoChoiceMatched: 'States.NoChoiceMatched',
  ExceedToleratedFailureThreshold: 'States.ExceedToleratedFailureThreshold',
} as const;

/**
 * The base of the errors that the interpreter hands on as values (a state's failure, a stop):
 * outcomes of a run, not faults of the runtime. They capture no stack trace: it would show only
 * the interpreter's own frames, and capturing one is most of what constructing an error costs,
 * paid by every failed state of every execution.
 */
export abstract class InterpreterOutcome extends Error {
  protected constructor(message: string) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
  }
}

/** A failure of a state, with the error name that Retry and Catch match. */
export class StatesError extends InterpreterOutcome {
  public constructor(
    public readonly error: string,
    public override readonly cause = '',
  ) {
    super(cause === '' ? error : `${error}: ${cause}`);
    this.name = 'StatesError';
  }

  /** States.Runtime ends the execution: no Retrier or Catcher takes it, not even States.ALL. */
  public get isTerminal(): boolean {
    return this.error === StatesErrorName.Runtime;
  }
}

/**
 * A JSONata expression that failed (States.QueryEvaluationError). Besides the execution's
 * failure, Step Functions records it as an `EvaluationFailed` event naming the field.
 */
export class QueryEvaluationError extends StatesError {
  public override readonly name = 'QueryEvaluationError';
  public constructor(
    cause: string,
    /** The field whose expression failed, as AWS names it: `Output`, `Arguments/FunctionName`, `Items`. */
    public readonly location: string,
  ) {
    super(StatesErrorName.QueryEvaluationError, cause);
  }
}

/** A definition that cannot be run: invalid, or using what the local runtime does not emulate. */
export class DefinitionError extends Error {
  public override readonly name: string = 'DefinitionError';
  public constructor(
    message: string,
    /** The state, or `null` for a top-level field. */
    public readonly stateName: string | null = null,
    /** The field of the state (or of the definition), when one is at fault. */
    public readonly field: string | null = null,
  ) {
    super(DefinitionError.format(message, stateName, field));
  }

  private static format(message: string, stateName: string | null, field: string | null): string {
    const where = [stateName === null ? undefined : `state '${stateName}'`, field === null ? undefined : `field '${field}'`].filter(Boolean).join(', ');
    return where === '' ? message : `${where}: ${message}`;
  }
}

/** A feature of the States Language that the local runtime refuses rather than run wrongly. */
export class UnsupportedDefinitionError extends DefinitionError {
  public override readonly name: string = 'UnsupportedDefinitionError';
}
