import { stateScope, type StateHandler } from '../state-run';
import { runSubRuns } from './branches';
import { nextOf, withRetryAndCatch } from './error-handlers';
import { FlowFailure } from '../state-run';

/**
 * Parallel: every branch gets the state's effective input and runs at once; the result is the
 * array of the branches' outputs, in the order of Branches. A failed branch fails the state with
 * its own error and cause.
 */
export const runParallel: StateHandler = (run) =>
  withRetryAndCatch(run, async (retryCount) => {
    const { state, language, execution, flow } = run;
    const { history } = execution;
    const scope = stateScope(run, { retryCount });
    const effectiveInput = await language.effectiveInput(state, scope);
    const startedId = history.record(flow, 'ParallelStateStarted');
    const branches = state.Branches ?? [];
    let outcome;
    try {
      outcome = await runSubRuns(
        run,
        branches.map((block) => ({ block, input: () => Promise.resolve(effectiveInput) })),
        branches.length,
        startedId,
      );
    } catch (thrown) {
      if (thrown instanceof FlowFailure) {
        history.record(flow, 'ParallelStateFailed', undefined, thrown.lastEventId);
        throw thrown.error;
      }
      throw thrown;
    }
    // AWS chains both ParallelStateSucceeded and ParallelStateExited to the last event inside.
    history.record(flow, 'ParallelStateSucceeded', undefined, outcome.lastEventId);
    flow.last = outcome.lastEventId;
    const completed = await language.complete(state, scope, effectiveInput, outcome.outputs);
    return { ...completed, next: nextOf(run) };
  });
