import { asStatesError, errorOutput, findCatcher, RetryCounts } from '../error-handling';
import { recordEvaluationFailed, sleep, stateScope, type StateRun, type Transition } from '../state-run';

/**
 * Retry, then Catch, around the attempts of a Task, Map or Parallel state. `attempt` runs the
 * state once, from its input to its transition; it is given the retries so far
 * (`$$.State.RetryCount`). Each Retrier counts its own attempts for the whole stay in the state.
 */
export const withRetryAndCatch = async (run: StateRun, attempt: (retryCount: number) => Promise<Transition>): Promise<Transition> => {
  const { state, execution, signal } = run;
  const counts = new RetryCounts();
  for (;;) {
    try {
      return await attempt(counts.total);
    } catch (thrown) {
      if (signal.aborted) throw signal.reason as Error;
      const error = asStatesError(thrown);
      recordEvaluationFailed(run, error);
      const delay = counts.nextDelay(state.Retry, error, execution.host.random);
      if (delay !== undefined) {
        await sleep(execution.host.clock, delay, signal);
        continue;
      }
      const catcher = findCatcher(state.Catch, error);
      if (!catcher) throw error;
      const outcome = await run.language.caught(catcher, state, stateScope(run, { retryCount: counts.total }), errorOutput(error));
      return { ...outcome, next: catcher.Next };
    }
  }
};

/** The state's Next, or undefined when it is an End state. */
export const nextOf = (run: StateRun): string | undefined => (run.state.End === true ? undefined : run.state.Next);
