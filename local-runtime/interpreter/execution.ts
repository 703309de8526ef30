import { runBlock } from './block';
import type { ExecutionIdentity } from './context-object';
import { Flow, History, jsonText, type HistoryEvent } from './history';
import { ExecutionStopped, FlowFailure, type ExecutionHost } from './state-run';
import type { LoadedStateMachine } from './state-machine';
import { VariableScope, VariableStore } from './variables';
import { StatesErrorName } from './errors';

/** How an execution ended, as DescribeExecution reports it. */
export type ExecutionOutcome =
  | { readonly status: 'SUCCEEDED'; readonly output: unknown }
  | { readonly status: 'FAILED' | 'ABORTED' | 'TIMED_OUT'; readonly error: string; readonly cause: string };

export interface ExecutionOptions {
  readonly machine: LoadedStateMachine;
  readonly identity: ExecutionIdentity;
  readonly host: ExecutionHost;
  /** Every history event, in order, as it is recorded. */
  readonly onEvent: (event: HistoryEvent) => void;
}

/**
 * One execution of a state machine: runs its states from StartAt, records its history, and ends
 * SUCCEEDED, FAILED, TIMED_OUT (the definition's TimeoutSeconds) or ABORTED (`stop`).
 */
export class Execution {
  /** Resolves once the execution has ended, with how it ended. */
  public readonly outcome: Promise<ExecutionOutcome>;
  private readonly abort = new AbortController();

  public constructor(private readonly options: ExecutionOptions) {
    this.outcome = this.run();
  }

  /** StopExecution: the execution ends ABORTED with this error and cause. */
  public stop(error = '', cause = ''): void {
    if (!this.abort.signal.aborted) this.abort.abort(new ExecutionStopped('ABORTED', error, cause));
  }

  private async run(): Promise<ExecutionOutcome> {
    const { machine, identity, host, onEvent } = this.options;
    const history = new History(() => host.clock.now(), onEvent);
    // ExecutionStarted is event 1, and the first state's Entered event also follows event 0.
    history.record(new Flow(0), 'ExecutionStarted', { input: jsonText(identity.input), inputDetails: { truncated: false }, roleArn: identity.roleArn });
    const flow = new Flow(0);
    const { TimeoutSeconds } = machine.definition;
    const timeout =
      TimeoutSeconds === undefined
        ? undefined
        : host.clock.after(TimeoutSeconds * 1000, () => {
            this.abort.abort(new ExecutionStopped('TIMED_OUT', StatesErrorName.Timeout, `The execution ran longer than its TimeoutSeconds (${TimeoutSeconds}).`));
          });
    // Ends at the first of: the last state, a failure, a stop or the timeout.
    const stopped = new Promise<ExecutionStopped>((resolve) => {
      this.abort.signal.addEventListener('abort', () => { resolve(this.abort.signal.reason as ExecutionStopped); }, { once: true });
    });
    const context = { machine, identity, host, history, variableStore: new VariableStore() };
    const running = runBlock(context, machine.definition, identity.input, flow, new VariableScope(context.variableStore), this.abort.signal).then(
      (output): ExecutionOutcome => ({ status: 'SUCCEEDED', output }),
      (thrown: unknown): ExecutionOutcome | undefined => {
        if (thrown instanceof FlowFailure) return { status: 'FAILED', error: thrown.error.error, cause: thrown.error.cause };
        if (thrown instanceof ExecutionStopped) return undefined;
        return { status: 'FAILED', error: StatesErrorName.Runtime, cause: thrown instanceof Error ? thrown.message : String(thrown) };
      },
    );
    const outcome = await Promise.race([running, stopped]);
    timeout?.cancel();
    const ended: ExecutionOutcome =
      outcome instanceof ExecutionStopped ? { status: outcome.status, error: outcome.error, cause: outcome.cause } : (outcome ?? { status: 'ABORTED', error: '', cause: '' });
    this.recordEnd(history, flow, ended);
    return ended;
  }

  private recordEnd(history: History, flow: Flow, outcome: ExecutionOutcome): void {
    if (outcome.status === 'SUCCEEDED') {
      history.record(flow, 'ExecutionSucceeded', { output: jsonText(outcome.output), outputDetails: { truncated: false } });
      return;
    }
    const details = { ...(outcome.error !== '' && { error: outcome.error }), ...(outcome.cause !== '' && { cause: outcome.cause }) };
    const type = { FAILED: 'ExecutionFailed', ABORTED: 'ExecutionAborted', TIMED_OUT: 'ExecutionTimedOut' }[outcome.status];
    history.record(flow, type, details);
  }
}
