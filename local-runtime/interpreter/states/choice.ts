import { StatesError, StatesErrorName } from '../errors';
import { stateScope, type StateHandler } from '../state-run';

/** Choice: the first rule that matches names the next state; else Default; else States.NoChoiceMatched. */
export const runChoice: StateHandler = async (run) => {
  const scope = stateScope(run);
  const effectiveInput = await run.language.effectiveInput(run.state, scope);
  const rule = await run.language.choose(run.state, scope, effectiveInput);
  const next = rule?.Next ?? run.state.Default;
  if (next === undefined) {
    throw new StatesError(StatesErrorName.NoChoiceMatched, `No Choice Rule matched and no Default is specified in the state '${run.name}'.`);
  }
  const outcome = await run.language.complete(run.state, scope, effectiveInput, undefined, rule);
  return { ...outcome, next };
};
