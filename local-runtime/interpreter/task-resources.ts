import type { State } from './asl';

/**
 * The one interface through which the interpreter reaches the world: a Task state's Resource.
 * The services (SQS, SNS, Lambda, Step Functions' own startExecution) implement it; the
 * interpreter knows nothing of them. A resource is resolved once, when the state machine is
 * loaded, so that an unsupported one is refused before anything runs.
 */

/** One attempt of a Task state, as its resource sees it. */
export interface TaskRequest {
  readonly executionArn: string;
  readonly stateName: string;
  /** The task's parameters: its effective input (Parameters or Arguments). */
  readonly parameters: unknown;
  /** The attempt's task token, when the state reads `$$.Task.Token` or `$states.context.Task.Token`. */
  readonly taskToken: string | undefined;
  /** Aborted when the task ends before its resource does: a timeout, a stop, a failed branch. */
  readonly signal: AbortSignal;
  /** The request reached its service and the task now waits for it to end (`TaskSubmitted`). */
  submitted(output: unknown): void;
  /** A heartbeat reached the task (SendTaskHeartbeat): HeartbeatSeconds starts again. */
  heartbeat(): void;
}

/** What a Task state's Resource does. */
export interface TaskResource {
  /**
   * How the history shows the task: `task` events (`TaskScheduled`, ...) for a service
   * integration, `lambdaFunction` events (`LambdaFunctionScheduled`, ...) for a Resource that is
   * a function's ARN.
   */
  readonly events: 'task' | 'lambdaFunction';
  /** `TaskScheduled`'s resourceType and resource: `sqs` and `sendMessage.waitForTaskToken`. */
  readonly resourceType: string;
  readonly resource: string;
  /** Runs one attempt: resolves with the task's result, or rejects with a StatesError. */
  run(request: TaskRequest): Promise<unknown>;
}

export interface TaskResources {
  /**
   * The resource of a Task state. Throws a DefinitionError (or UnsupportedDefinitionError)
   * naming the state and its Resource when it cannot be run.
   */
  resolve(stateName: string, state: State): TaskResource;
}
