import { stateScope, type StateHandler } from '../state-run';

/** Succeed: ends its States block (the execution, a branch, an iteration) with its output. */
export const runSucceed: StateHandler = async (run) => {
  const scope = stateScope(run);
  const effectiveInput = await run.language.effectiveInput(run.state, scope);
  const { output } = await run.language.complete(run.state, scope, effectiveInput, undefined);
  return { output, assigned: {}, next: undefined };
};
