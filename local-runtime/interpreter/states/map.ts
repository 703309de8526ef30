import { StatesError, StatesErrorName } from '../errors';
import { asStatesError } from '../error-handling';
import type { Flow } from '../history';
import { recordEvaluationFailed, stateScope, type StateHandler } from '../state-run';
import { runSubRuns } from './branches';
import { nextOf, withRetryAndCatch } from './error-handlers';

/** An inline Map runs at most 40 iterations at once, whatever its MaxConcurrency (AWS DG, "Map state in Inline mode"). */
export const INLINE_MAP_CONCURRENCY = 40;

/**
 * Map (inline): runs its ItemProcessor once per item, each with the input that ItemSelector
 * makes of it; the result is the array of the iterations' outputs, in item order. MaxConcurrency
 * 0 sets no limit of the state's own. A failed iteration fails the state with its own error.
 */
export const runMap: StateHandler = (run) =>
  withRetryAndCatch(run, async (retryCount) => {
    const { state, language, execution, flow, name } = run;
    const { history } = execution;
    const scope = stateScope(run, { retryCount });
    let effectiveInput: unknown;
    let items: unknown[];
    let maxConcurrency: number | undefined;
    try {
      effectiveInput = await language.effectiveInput(state, scope);
      items = await language.items(state, scope, effectiveInput);
      maxConcurrency = (await language.value(state, 'MaxConcurrency', scope, effectiveInput)) as number | undefined;
    } catch (thrown) {
      // The state fails before any iteration: its evaluation failure, then MapStateFailed.
      const error = asStatesError(thrown);
      recordEvaluationFailed(run, error);
      history.record(flow, 'MapStateFailed');
      throw error;
    }
    const concurrency = maxConcurrency === undefined || maxConcurrency === 0 ? INLINE_MAP_CONCURRENCY : Math.min(maxConcurrency, INLINE_MAP_CONCURRENCY);
    const processor = state.ItemProcessor ?? state.Iterator;
    if (!processor) throw new StatesError(StatesErrorName.Runtime, `The Map state '${name}' has no ItemProcessor`);
    const iteration = (kind: string, index: number) => (iterationFlow: Flow, previousEventId?: number): void => {
      history.record(iterationFlow, `MapIteration${kind}`, { name, index }, previousEventId);
    };
    const outputs = await runSubRuns(
      run,
      'Map',
      items.map((item, index) => ({
        block: processor,
        input: () => language.itemInput(state, stateScope(run, { retryCount, mapItem: { index, value: item } }), effectiveInput, item),
        started: iteration('Started', index),
        succeeded: iteration('Succeeded', index),
        failed: iteration('Failed', index),
        aborted: iteration('Aborted', index),
      })),
      concurrency,
      { length: items.length },
    );
    const completed = await language.complete(state, scope, effectiveInput, outputs);
    return { ...completed, next: nextOf(run) };
  });
