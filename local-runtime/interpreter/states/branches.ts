import type { StatesBlock } from '../asl';
import { runBlock } from '../block';
import { asStatesError } from '../error-handling';
import { StatesError } from '../errors';
import { Flow } from '../history';
import { BranchAborted, FlowFailure, recordEvaluationFailed, type StateRun } from '../state-run';

/**
 * The branches of a Parallel state and the iterations of a Map state: each runs a States block
 * in a flow and a variable scope of its own, at most `concurrency` at once. The first to fail
 * stops the others, which record that they were aborted; the state then fails with that first
 * failure's own error and cause (AWS-recorded: not States.BranchFailed).
 */
export interface SubRun {
  readonly block: StatesBlock;
  /** The input of the branch or iteration; evaluated when it starts. */
  readonly input: () => Promise<unknown>;
  /** Records the branch's or iteration's own events (MapIterationStarted, ...), if it has them. */
  readonly started?: (flow: Flow) => void;
  readonly succeeded?: (flow: Flow) => void;
  readonly failed?: (flow: Flow) => void;
  /** `failureEventId`: the event where the sibling failed, which the aborted event follows. */
  readonly aborted?: (flow: Flow, failureEventId: number) => void;
}

/**
 * Runs the sub-runs of a `Map` or `Parallel` state between its `<kind>StateStarted` and its
 * `<kind>StateSucceeded` or `<kind>StateFailed` events, and resolves with their outputs in order.
 * On failure, throws the first failure's StatesError.
 */
export const runSubRuns = async (run: StateRun, kind: 'Map' | 'Parallel', subRuns: readonly SubRun[], concurrency: number, startedDetails?: object): Promise<unknown[]> => {
  const { execution, flow: stateFlow } = run;
  const { history } = execution;
  const startEventId = history.record(stateFlow, `${kind}StateStarted`, startedDetails);
  const stop = new AbortController();
  const onParentAbort = (): void => {
    stop.abort(run.signal.reason);
  };
  run.signal.addEventListener('abort', onParentAbort, { once: true });
  const outputs: unknown[] = new Array<unknown>(subRuns.length);
  let lastEventId = startEventId;
  let failure: FlowFailure | undefined;
  let nextIndex = 0;

  const runOne = async (index: number, subRun: SubRun): Promise<void> => {
    const flow = new Flow(concurrency >= subRuns.length ? startEventId : lastEventId);
    subRun.started?.(flow);
    const variables = run.variables.child();
    try {
      const input = await subRun.input().catch((thrown: unknown) => {
        // An iteration whose input could not be evaluated: its EvaluationFailed comes first.
        const error = asStatesError(thrown);
        recordEvaluationFailed(run, error);
        throw new FlowFailure(error, stateFlow.last);
      });
      outputs[index] = await runBlock(execution, subRun.block, input, flow, variables, stop.signal);
      lastEventId = flow.last;
      subRun.succeeded?.(flow);
    } catch (thrown) {
      const stopped = stop.signal.aborted && !(thrown instanceof FlowFailure) && !(thrown instanceof StatesError);
      if (thrown instanceof BranchAborted || stopped) {
        const reason: unknown = stop.signal.reason;
        if (reason instanceof BranchAborted) subRun.aborted?.(flow, reason.failureEventId);
        return;
      }
      if (failure === undefined) {
        failure = thrown instanceof FlowFailure ? thrown : new FlowFailure(asStatesError(thrown), flow.last);
        subRun.failed?.(flow);
        stop.abort(new BranchAborted(failure.lastEventId));
      } else {
        // Another one failed first: this one ends as aborted by it.
        subRun.aborted?.(flow, failure.lastEventId);
      }
    } finally {
      variables.release();
    }
  };

  const worker = async (): Promise<void> => {
    while (nextIndex < subRuns.length && !stop.signal.aborted) {
      const index = nextIndex;
      nextIndex += 1;
      const subRun = subRuns[index];
      if (subRun) await runOne(index, subRun);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, subRuns.length) }, worker));
  } finally {
    run.signal.removeEventListener('abort', onParentAbort);
  }
  if (run.signal.aborted) throw run.signal.reason as Error;
  if (failure) {
    history.record(stateFlow, `${kind}StateFailed`, undefined, failure.lastEventId);
    throw failure.error;
  }
  // AWS chains both <kind>StateSucceeded and <kind>StateExited to the last event inside.
  history.record(stateFlow, `${kind}StateSucceeded`, undefined, lastEventId);
  stateFlow.last = lastEventId;
  return outputs;
};
