/**
 * Faults the Step Functions endpoint can be told to answer with, for the tests that prove the
 * worker loses nothing: the next calls of an action fail with an AWS error (throttling, a 500)
 * instead of being served. Nothing is injected unless a test asks: behaviour is unchanged.
 */
export interface ApiFault {
  readonly code: string;
  readonly status: number;
  readonly message: string;
}

export class FaultInjection {
  private readonly pending = new Map<string, { fault: ApiFault; remaining: number }>();

  /** The next `count` calls of `action` (e.g. SendTaskSuccess) fail with this error. */
  public failNext(action: string, count: number, fault: ApiFault): void {
    this.pending.set(action, { fault, remaining: count });
  }

  /** The fault for this call of `action`, if one is pending; it counts as used. */
  public take(action: string): ApiFault | undefined {
    const entry = this.pending.get(action);
    if (!entry) return undefined;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.pending.delete(action);
    return entry.fault;
  }
}

export const THROTTLING: ApiFault = { code: 'ThrottlingException', status: 400, message: 'Rate exceeded' };
export const INTERNAL_FAILURE: ApiFault = { code: 'InternalFailure', status: 500, message: 'The request processing has failed because of an unknown error' };
