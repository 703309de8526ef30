import type { StatesBlock } from '../asl';
import { runBlock } from '../block';
import { asStatesError } from '../error-handling';
import { StatesError } from '../errors';
import { Flow } from '../history';
import { BranchAborted, FlowFailure, type StateRun } from '../state-run';

/**
 * The branches of a Parallel state and the iterations of a Map state: each runs a States block
 * in a flow and a variable scope of its own, at most `concurrency` at once. The first to fail
 * stops the others, which record that they were aborted.
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

export interface SubRunsOutcome {
  readonly outputs: unknown[];
  /** The last event of the sub-run that ended last: what the state's next event follows. */
  readonly lastEventId: number;
}

export const runSubRuns = async (run: StateRun, subRuns: readonly SubRun[], concurrency: number, startEventId: number): Promise<SubRunsOutcome> => {
  const { execution } = run;
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
      const input = await subRun.input();
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
      // A failed branch, or an iteration whose input could not be evaluated.
      if (failure === undefined) {
        failure = thrown instanceof FlowFailure ? thrown : new FlowFailure(asStatesError(thrown), flow.last);
        subRun.failed?.(flow);
        stop.abort(new BranchAborted(failure.lastEventId));
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
  if (failure) throw failure;
  return { outputs, lastEventId };
};
