import type { State } from './asl';
import type { InterpreterClock } from './clock';
import { contextObject, type ExecutionIdentity } from './context-object';
import { InterpreterOutcome, QueryEvaluationError, StatesError } from './errors';
import { Flow, type History } from './history';
import type { QueryLanguage, StateScope } from './query-language';
import type { LoadedStateMachine } from './state-machine';
import type { VariableScope, VariableStore } from './variables';

/**
 * What the states of one execution share, and what one state is given to run.
 */

/** What the runtime lends an execution: its clock, task tokens and the history's listener. */
export interface ExecutionHost {
  readonly clock: InterpreterClock;
  /** The region that `TaskScheduled` events name. */
  readonly region: string;
  /** A new task token for an attempt of `stateName`, registered so that SendTask* can use it. */
  mintTaskToken(stateName: string): string;
  /** The attempt ended (however it ended): the token can no longer be used. */
  closeTaskToken(token: string): void;
  /** Random numbers for JitterStrategy FULL. */
  readonly random?: () => number;
}

export interface ExecutionContext {
  readonly machine: LoadedStateMachine;
  readonly identity: ExecutionIdentity;
  readonly host: ExecutionHost;
  readonly history: History;
  readonly variableStore: VariableStore;
}

/** One state being run: its input, its flow of history events, its variables. */
export interface StateRun {
  readonly execution: ExecutionContext;
  readonly name: string;
  readonly state: State;
  readonly input: unknown;
  readonly flow: Flow;
  readonly variables: VariableScope;
  /** Aborted when the state must stop: the execution stopped or timed out, a sibling branch failed. */
  readonly signal: AbortSignal;
  readonly language: QueryLanguage;
  readonly enteredEventId: number;
  /** The previousEventId of the state's Entered event (where AWS chains EvaluationFailed). */
  readonly enteredPreviousEventId: number;
  readonly enteredTime: string;
  /** The variables as they were when the state was entered. */
  readonly visibleVariables: Readonly<Record<string, unknown>>;
}

/** Where a state goes once it succeeded (or an error was caught). */
export interface Transition {
  readonly output: unknown;
  readonly assigned: Readonly<Record<string, unknown>>;
  /** The next state; undefined when the state ends its States block. */
  readonly next: string | undefined;
}

export type StateHandler = (run: StateRun) => Promise<Transition>;

/** The scope of a state's expressions, with what its context object holds at that point. */
export const stateScope = (
  run: StateRun,
  extra: { readonly retryCount?: number; readonly taskToken?: string; readonly mapItem?: { readonly index: number; readonly value: unknown } } = {},
): StateScope => ({
  stateName: run.name,
  input: run.input,
  context: contextObject(run.execution.identity, { name: run.name, enteredTime: run.enteredTime, retryCount: extra.retryCount ?? 0 }, extra),
  variables: run.visibleVariables,
  enteredEventId: run.enteredEventId,
  now: run.execution.host.clock.now(),
});

/** Why a running state was told to stop. */
export class ExecutionStopped extends InterpreterOutcome {
  public override readonly name = 'ExecutionStopped';
  public constructor(
    public readonly status: 'ABORTED' | 'TIMED_OUT',
    public readonly error: string,
    public override readonly cause: string,
  ) {
    super(`${status}: ${error}`);
  }
}

/**
 * A sibling branch or iteration failed: the others stop, and record that they were aborted,
 * each aborted event following the event where the sibling failed.
 */
export class BranchAborted extends InterpreterOutcome {
  public override readonly name = 'BranchAborted';
  public constructor(public readonly failureEventId: number) {
    super('a sibling branch or iteration failed');
  }
}

/** A failure leaving a flow: the error, and the id of the event where the flow failed. */
export class FlowFailure extends InterpreterOutcome {
  public override readonly name = 'FlowFailure';
  public constructor(
    public readonly error: StatesError,
    public readonly lastEventId: number,
  ) {
    super(error.message);
  }
}

/** Records the `EvaluationFailed` event of a JSONata failure, once per error. */
const recorded = new WeakSet<StatesError>();
export const recordEvaluationFailed = (run: StateRun, error: StatesError): void => {
  if (!(error instanceof QueryEvaluationError) || recorded.has(error)) return;
  recorded.add(error);
  run.execution.history.record(
    run.flow,
    'EvaluationFailed',
    { state: run.name, error: error.error, cause: error.cause, location: error.location },
    run.enteredPreviousEventId,
  );
};

/** Resolves after `ms` on the execution's clock; rejects with the signal's reason when it aborts first. */
export const sleep = (clock: InterpreterClock, ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const onAbort = (): void => {
      timer.cancel();
      reject(signal.reason as Error);
    };
    const timer = clock.after(ms, () => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
    signal.addEventListener('abort', onAbort, { once: true });
  });

/** A new Flow for a branch or iteration, whose first event follows `previous`. */
export const flowAfter = (previous: number): Flow => new Flow(previous);
