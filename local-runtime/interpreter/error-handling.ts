import type { Catcher, Retrier } from './asl';
import { StatesError, StatesErrorName } from './errors';

/**
 * Retry and Catch: which Retrier or Catcher takes an error, and how long a retry waits.
 *
 * - `States.ALL` matches every error; `States.TaskFailed` every error but `States.Timeout`.
 * - `States.Runtime` is taken by nothing, not even by name.
 * - A heartbeat expiry is reported as `States.Timeout`, as AWS does; a Retrier or Catcher that
 *   names `States.HeartbeatTimeout` takes it too (see ../../shared reference, "Heartbeat").
 */

/** A StatesError raised by a missed heartbeat: its name is States.Timeout. */
export class HeartbeatTimeoutError extends StatesError {
  public override readonly name = 'HeartbeatTimeoutError';
  public constructor(cause = '') {
    super(StatesErrorName.Timeout, cause);
  }
}

export const matches = (errorEquals: readonly string[], error: StatesError): boolean => {
  if (error.isTerminal) return false;
  return errorEquals.some((name) => {
    if (name === error.error || name === StatesErrorName.ALL) return true;
    if (name === StatesErrorName.TaskFailed) return error.error !== StatesErrorName.Timeout;
    return name === StatesErrorName.HeartbeatTimeout && error instanceof HeartbeatTimeoutError;
  });
};

/** Attempts used per Retrier, for one stay in a state. */
export class RetryCounts {
  private readonly counts = new Map<Retrier, number>();

  /**
   * The delay before the next attempt, in milliseconds, or undefined when no Retrier takes the
   * error or the one that does has used its MaxAttempts.
   */
  public nextDelay(retriers: readonly Retrier[] | undefined, error: StatesError, random: () => number = Math.random): number | undefined {
    const retrier = retriers?.find((r) => matches(r.ErrorEquals, error));
    if (!retrier) return undefined;
    const used = this.counts.get(retrier) ?? 0;
    if (used >= (retrier.MaxAttempts ?? 3)) return undefined;
    this.counts.set(retrier, used + 1);
    const interval = (retrier.IntervalSeconds ?? 1) * (retrier.BackoffRate ?? 2) ** used;
    const capped = retrier.MaxDelaySeconds === undefined ? interval : Math.min(interval, retrier.MaxDelaySeconds);
    const seconds = retrier.JitterStrategy === 'FULL' ? random() * capped : capped;
    return Math.round(seconds * 1000);
  }

  /** Every retry so far: `$$.State.RetryCount`. */
  public get total(): number {
    let sum = 0;
    for (const count of this.counts.values()) sum += count;
    return sum;
  }
}

export const findCatcher = (catchers: readonly Catcher[] | undefined, error: StatesError): Catcher | undefined =>
  catchers?.find((catcher) => matches(catcher.ErrorEquals, error));

/** The Error Output of a caught error: `{ Error, Cause }`. */
export const errorOutput = (error: StatesError): { Error: string; Cause: string } => ({ Error: error.error, Cause: error.cause });

/** Any thrown value as a StatesError; what is not one is a fault of the runtime: States.Runtime. */
export const asStatesError = (thrown: unknown): StatesError =>
  thrown instanceof StatesError ? thrown : new StatesError(StatesErrorName.Runtime, thrown instanceof Error ? thrown.message : String(thrown));
