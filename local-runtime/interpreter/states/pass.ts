import { stateScope, type StateHandler } from '../state-run';
import { nextOf } from './error-handlers';

/** Pass: hands its input on, shaped by its Parameters, Result, Output and Assign. */
export const runPass: StateHandler = async (run) => {
  const scope = stateScope(run);
  const effectiveInput = await run.language.effectiveInput(run.state, scope);
  const outcome = await run.language.complete(run.state, scope, effectiveInput, undefined);
  return { ...outcome, next: nextOf(run) };
};
