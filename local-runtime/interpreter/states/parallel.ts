import { stateScope, type StateHandler } from '../state-run';
import { runSubRuns } from './branches';
import { nextOf, withRetryAndCatch } from './error-handlers';

/**
 * Parallel: every branch gets the state's effective input and runs at once; the result is the
 * array of the branches' outputs, in the order of Branches. A failed branch fails the state with
 * its own error and cause.
 */
export const runParallel: StateHandler = (run) =>
  withRetryAndCatch(run, async (retryCount) => {
    const { state, language } = run;
    const scope = stateScope(run, { retryCount });
    const effectiveInput = await language.effectiveInput(state, scope);
    const branches = state.Branches ?? [];
    const outputs = await runSubRuns(
      run,
      'Parallel',
      branches.map((block) => ({ block, input: () => Promise.resolve(effectiveInput) })),
      branches.length,
    );
    const completed = await language.complete(state, scope, effectiveInput, outputs);
    return { ...completed, next: nextOf(run) };
  });
