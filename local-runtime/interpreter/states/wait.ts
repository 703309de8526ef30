import { StatesError, StatesErrorName } from '../errors';
import { BranchAborted, sleep, stateScope, type StateHandler } from '../state-run';
import { nextOf } from './error-handlers';

/** Wait: for Seconds, or until Timestamp, on the execution's clock. */
export const runWait: StateHandler = async (run) => {
  const { clock } = run.execution.host;
  const scope = stateScope(run);
  const effectiveInput = await run.language.effectiveInput(run.state, scope);
  const seconds = await run.language.value(run.state, 'Seconds', scope, effectiveInput);
  let ms: number;
  if (typeof seconds === 'number') {
    ms = seconds * 1000;
  } else {
    const timestamp = await run.language.value(run.state, 'Timestamp', scope, effectiveInput);
    // Step Functions reads a Timestamp to the second: milliseconds are truncated (AWS DG, Wait state).
    const until = typeof timestamp === 'string' ? Math.floor(Date.parse(timestamp) / 1000) * 1000 : Number.NaN;
    if (Number.isNaN(until)) throw new StatesError(StatesErrorName.Runtime, `The state '${run.name}' has no Seconds or Timestamp to wait for`);
    ms = Math.max(0, until - clock.now());
  }
  try {
    await sleep(clock, ms, run.signal);
  } catch (reason) {
    if (reason instanceof BranchAborted) run.execution.history.record(run.flow, 'WaitStateAborted', undefined, reason.failureEventId);
    throw reason;
  }
  const outcome = await run.language.complete(run.state, scope, effectiveInput, undefined);
  return { ...outcome, next: nextOf(run) };
};
