import { StatesError } from '../errors';
import { stateScope, type StateHandler } from '../state-run';

/** The failure a Fail state raises: its Error and Cause, each of which may be absent. */
export class FailStateError extends StatesError {
  public override readonly name = 'FailStateError';
}

/** Fail: ends the execution (or its branch or iteration) with its Error and Cause. */
export const runFail: StateHandler = async (run) => {
  const scope = stateScope(run);
  const error = await run.language.value(run.state, 'Error', scope, run.input);
  const cause = await run.language.value(run.state, 'Cause', scope, run.input);
  throw new FailStateError(typeof error === 'string' ? error : '', typeof cause === 'string' ? cause : '');
};
