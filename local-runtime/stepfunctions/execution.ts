import type { ExecutionStatus, HistoryEvent, HistoryEventType } from '@aws-sdk/client-sfn';
import type { Clock, TimerHandle } from '../clock';
import { createContextObject, type LiveState } from './context-object';
import type { AslState } from './definition';
import type { Engine, EngineEvent } from './engine';
import { TaskFailure, type Integration, type TaskAttempt } from './integrations';
import type { LocalStateMachine } from './state-machine';
import type { TaskTokens } from './task-tokens';

export interface ExecutionDependencies {
  readonly engine: Engine;
  readonly clock: Clock;
  readonly tokens: TaskTokens;
  readonly region: string;
  /** Called for every history event, in order, as it is recorded. */
  readonly onHistory: (execution: Execution, event: HistoryEvent) => void;
}

type HistoryDetails = Omit<HistoryEvent, 'timestamp' | 'type' | 'id' | 'previousEventId'>;

const resourceParts = (resource: string): { resourceType: string; resource: string } => {
  const match = /^arn:aws:states:::([^:]+):(.+)$/.exec(resource);
  return { resourceType: match?.[1] ?? '', resource: match?.[2] ?? resource };
};
/** JSON text of a value; JSON.stringify gives undefined for undefined. */
const json = (value: unknown): string => (value === undefined ? 'null' : JSON.stringify(value));

/** The payload quota of Step Functions: a state's input after Parameters, a task's result. */
const MAX_PAYLOAD_BYTES = 256 * 1024;

/**
 * An error no Retry or Catch may take, not even States.ALL: States.DataLimitExceeded, and the
 * settling of a task whose execution already ended.
 */
const terminal = (error: string, cause: string): TaskFailure => Object.assign(new TaskFailure(error, cause), { isRetryable: false, isCatchable: false });

const overQuota = (what: string, value: unknown): TaskFailure | undefined => {
  const bytes = Buffer.byteLength(json(value));
  return bytes > MAX_PAYLOAD_BYTES
    ? terminal('States.DataLimitExceeded', `The ${what} (${bytes} bytes) is larger than the Step Functions payload quota of ${MAX_PAYLOAD_BYTES} bytes`)
    : undefined;
};

/**
 * One execution of a state machine on the engine, with its history as GetExecutionHistory
 * returns it, its status as DescribeExecution returns it, and its Task states run by the
 * runtime's integrations, with task tokens, TimeoutSeconds and HeartbeatSeconds.
 */
export class Execution {
  public status: ExecutionStatus = 'RUNNING';
  public stopDate: Date | undefined;
  public output: string | undefined;
  public error: string | undefined;
  public cause: string | undefined;
  public readonly startDate = new Date();
  public readonly history: HistoryEvent[] = [];
  /** Resolves when the execution has ended, whatever its status. */
  public readonly ended: Promise<Execution>;

  private endedResolve!: (execution: Execution) => void;
  private abortRun: (() => void) | undefined;
  private stopRequest: { error: string; cause: string } | undefined;
  private readonly tasksAbort = new AbortController();
  private currentState: LiveState | undefined;
  private pendingTaskToken: string | undefined;

  public constructor(
    private readonly deps: ExecutionDependencies,
    public readonly stateMachine: LocalStateMachine,
    public readonly arn: string,
    public readonly name: string,
    public readonly input: string,
    public readonly parentExecutionArn?: string,
  ) {
    this.ended = new Promise((resolve) => {
      this.endedResolve = resolve;
    });
  }

  public start(): void {
    const { engine } = this.deps;
    const machine = new engine.StateMachine(this.stateMachine.engineDefinition as never, { validationOptions: { noValidate: true } });
    const taskResourceLocalHandlers = Object.fromEntries(
      [...this.stateMachine.tasks].map(([name, task]) => [name, (parameters: unknown) => this.runTask(name, task, parameters)]),
    );
    const context = createContextObject(
      {
        executionArn: this.arn,
        name: this.name,
        startTime: this.startDate.toISOString(),
        roleArn: this.stateMachine.roleArn,
        stateMachineArn: this.stateMachine.arn,
        stateMachineName: this.stateMachine.name,
      },
      () => this.currentState,
      () => (this.pendingTaskToken ??= this.deps.tokens.mint(this.arn, this.currentState?.name ?? '')),
    );
    engine.observe(context, (event, nested) => {
      // A branch's or an iteration's own start and end are not the execution's.
      if (!(nested && event.type.startsWith('Execution'))) this.onEngineEvent(event);
    });
    const run = machine.run(JSON.parse(this.input) as never, { overrides: { taskResourceLocalHandlers: taskResourceLocalHandlers as never }, context });
    this.abortRun = run.abort;
    // The outcome is read from the engine's events; the result promise only needs settling.
    run.result.catch(() => undefined);
  }

  /** StopExecution: ends the execution ABORTED and stops what its tasks wait for. */
  public stop(error = '', cause = ''): void {
    if (this.status !== 'RUNNING') return;
    this.stopRequest = { error, cause };
    this.abortRun?.();
  }

  private onEngineEvent(event: EngineEvent): void {
    // After a stop or a timeout the engine may still finish the state it was in: not history.
    if (this.status !== 'RUNNING') return;
    const time = new Date(event.timestamp);
    const state = event.state;
    switch (event.type) {
      case 'ExecutionStarted':
        this.record('ExecutionStarted', { executionStartedEventDetails: { input: this.input, inputDetails: { truncated: false }, roleArn: this.stateMachine.roleArn } }, time);
        break;
      case 'StateEntered':
        this.currentState = { name: state?.name ?? '', enteredTime: time.toISOString(), retryCount: 0 };
        this.record(`${state?.type ?? ''}StateEntered` as HistoryEventType, { stateEnteredEventDetails: { name: state?.name, input: json(state?.input), inputDetails: { truncated: false } } }, time);
        break;
      case 'StateRetried':
        if (this.currentState?.name === state?.name && this.currentState) this.currentState = { ...this.currentState, retryCount: this.currentState.retryCount + 1 };
        break;
      case 'StateExited':
        this.record(`${state?.type ?? ''}StateExited` as HistoryEventType, { stateExitedEventDetails: { name: state?.name, output: json(state?.output), outputDetails: { truncated: false } } }, time);
        break;
      case 'MapIterationStarted':
      case 'MapIterationSucceeded':
      case 'MapIterationFailed':
        this.record(event.type, { [`${event.type.charAt(0).toLowerCase()}${event.type.slice(1)}EventDetails`]: { name: state?.name, index: event.index } }, time);
        break;
      case 'ExecutionSucceeded':
        this.end('SUCCEEDED', time, { output: json(event.output) });
        this.record('ExecutionSucceeded', { executionSucceededEventDetails: { output: this.output, outputDetails: { truncated: false } } }, time);
        break;
      case 'ExecutionFailed':
        this.end('FAILED', time, { error: event.Error ?? '', cause: typeof event.Cause === 'string' ? event.Cause : json(event.Cause) });
        this.record('ExecutionFailed', { executionFailedEventDetails: { error: this.error, cause: this.cause } }, time);
        break;
      case 'ExecutionAborted':
        this.end('ABORTED', time, this.stopRequest ?? {});
        this.record('ExecutionAborted', { executionAbortedEventDetails: { error: this.error, cause: this.cause } }, time);
        break;
      case 'ExecutionTimeout':
        this.end('TIMED_OUT', time, { error: 'States.Timeout', cause: `The execution ran longer than its TimeoutSeconds (${this.stateMachine.definition.TimeoutSeconds ?? 0})` });
        this.record('ExecutionTimedOut', { executionTimedOutEventDetails: { error: this.error, cause: this.cause } }, time);
        break;
      default:
        // StateFailed and StateCaught have no history event of their own in Step Functions: the
        // task's TaskFailed or TaskTimedOut says it; Parallel branch events are not recorded.
        break;
    }
  }

  private end(status: ExecutionStatus, time: Date, result: { output?: string; error?: string; cause?: string }): void {
    this.status = status;
    this.stopDate = time;
    this.output = result.output;
    this.error = result.error;
    this.cause = result.cause;
    // Whatever a task still waits for (a token, a child execution) is stopped with it.
    this.tasksAbort.abort();
    queueMicrotask(() => {
      this.endedResolve(this);
    });
  }

  private record(type: HistoryEventType, details: HistoryDetails, timestamp = new Date()): void {
    const event: HistoryEvent = { timestamp, type, id: this.history.length + 1, previousEventId: this.history.length, ...details };
    this.history.push(event);
    this.deps.onHistory(this, event);
  }

  /** One attempt of a Task state: the engine calls it with the state's effective parameters. */
  private runTask(stateName: string, task: { state: AslState; integration: Integration }, parameters: unknown): Promise<unknown> {
    const { clock, tokens, engine } = this.deps;
    const { state } = task;
    // The token minted while this attempt's Parameters were evaluated, if they read it.
    const taskToken = this.pendingTaskToken;
    this.pendingTaskToken = undefined;
    const resource = resourceParts(state.Resource ?? '');
    const attemptAbort = new AbortController();

    this.record('TaskScheduled', {
      taskScheduledEventDetails: {
        ...resource,
        region: this.deps.region,
        parameters: json(parameters),
        ...(state.TimeoutSeconds !== undefined && { timeoutInSeconds: state.TimeoutSeconds }),
        ...(state.HeartbeatSeconds !== undefined && { heartbeatInSeconds: state.HeartbeatSeconds }),
      },
    });
    this.record('TaskStarted', { taskStartedEventDetails: resource });

    const tooLarge = overQuota("state's input after Parameters", parameters);
    if (tooLarge) {
      this.record('TaskFailed', { taskFailedEventDetails: { ...resource, error: tooLarge.name, cause: tooLarge.message } });
      return Promise.reject(tooLarge);
    }

    return new Promise((resolve, reject) => {
      const timers: TimerHandle[] = [];
      let settled = false;
      const settle = (conclude: () => void): void => {
        if (settled) return;
        settled = true;
        for (const timer of timers) timer.cancel();
        this.tasksAbort.signal.removeEventListener('abort', onExecutionEnd);
        if (taskToken) tokens.close(taskToken);
        conclude();
      };
      const timeOut = (error: string, cause: string, thrown: () => Error) => (): void => {
        settle(() => {
          this.record('TaskTimedOut', { taskTimedOutEventDetails: { ...resource, error, cause } });
          attemptAbort.abort();
          reject(thrown());
        });
      };
      // The execution ended (stopped, timed out) while the task ran. The engine no longer waits
      // for the result, but its own timer for the task lives until the task settles: settle it
      // with an error that no Retry or Catch may take.
      const onExecutionEnd = (): void => {
        settle(() => {
          attemptAbort.abort();
          reject(terminal('States.Runtime', 'The execution ended'));
        });
      };
      this.tasksAbort.signal.addEventListener('abort', onExecutionEnd, { once: true });

      if (state.TimeoutSeconds !== undefined) {
        const cause = `The task did not end within its TimeoutSeconds (${state.TimeoutSeconds})`;
        timers.push(clock.after(state.TimeoutSeconds * 1000, timeOut('States.Timeout', cause, () => engine.newTimeoutError())));
      }
      if (state.HeartbeatSeconds !== undefined) {
        const heartbeatSeconds = state.HeartbeatSeconds;
        const cause = `No heartbeat within HeartbeatSeconds (${heartbeatSeconds})`;
        let heartbeat: TimerHandle | undefined;
        const arm = (): void => {
          heartbeat?.cancel();
          heartbeat = clock.after(heartbeatSeconds * 1000, timeOut('States.HeartbeatTimeout', cause, () => new TaskFailure('States.HeartbeatTimeout', cause)));
        };
        arm();
        timers.push({ cancel: () => heartbeat?.cancel() });
        if (taskToken) tokens.onHeartbeat(taskToken, arm);
      }

      const attempt: TaskAttempt = {
        executionArn: this.arn,
        stateName,
        taskToken,
        signal: attemptAbort.signal,
        submitted: (output) => {
          if (!settled) this.record('TaskSubmitted', { taskSubmittedEventDetails: { ...resource, output: json(output), outputDetails: { truncated: false } } });
        },
      };
      task.integration(parameters, attempt).then(
        (output) => {
          settle(() => {
            const tooLargeOutput = overQuota("task's result", output);
            if (tooLargeOutput) {
              this.record('TaskFailed', { taskFailedEventDetails: { ...resource, error: tooLargeOutput.name, cause: tooLargeOutput.message } });
              reject(tooLargeOutput);
              return;
            }
            this.record('TaskSucceeded', { taskSucceededEventDetails: { ...resource, output: json(output), outputDetails: { truncated: false } } });
            resolve(output);
          });
        },
        (error: unknown) => {
          const { name = 'States.TaskFailed', message = String(error) } = error as { name?: string; message?: string };
          settle(() => {
            this.record('TaskFailed', { taskFailedEventDetails: { ...resource, error: name, cause: message } });
            reject(new TaskFailure(name, message));
          });
        },
      );
    });
  }
}
