import type { ApiFault } from './stepfunctions/endpoint';

/**
 * Step Functions API errors to answer with, for tests that prove a client loses nothing when the
 * service fails: the next calls of an action fail with an AWS error (throttling, a 500) instead
 * of being served. LocalStack hands `take` to the endpoint as its action interceptor.
 */
export class ApiFaults {
  private readonly pending = new Map<string, { fault: ApiFault; remaining: number }>();

  /** The next `count` calls of `action` (e.g. SendTaskSuccess) fail with `fault`. */
  public failNext(action: string, count: number, fault: ApiFault): void {
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`count must be a positive integer, got ${count}`);
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
