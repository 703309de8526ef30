import { findCatcher, HeartbeatTimeoutError, matches, RetryCounts } from '../error-handling';
import { StatesError } from '../errors';

// Source: AWS DG "Handling errors in Step Functions workflows" and the shared reference §5.
describe('matching an error to ErrorEquals', () => {
  const failed = new StatesError('Lambda.ServiceException', 'boom');
  const timeout = new StatesError('States.Timeout');
  const runtime = new StatesError('States.Runtime', 'path not found');

  it('States.ALL matches every error but States.Runtime', () => {
    expect(matches(['States.ALL'], failed)).toBe(true);
    expect(matches(['States.ALL'], timeout)).toBe(true);
    expect(matches(['States.ALL'], runtime)).toBe(false);
  });

  it('States.TaskFailed matches every error except States.Timeout', () => {
    expect(matches(['States.TaskFailed'], failed)).toBe(true);
    expect(matches(['States.TaskFailed'], timeout)).toBe(false);
  });

  it('States.Runtime is taken by nothing, not even by its own name', () => {
    expect(matches(['States.Runtime'], runtime)).toBe(false);
  });

  it('names match exactly and case-sensitively', () => {
    expect(matches(['Lambda.ServiceException'], failed)).toBe(true);
    expect(matches(['lambda.serviceexception'], failed)).toBe(false);
  });

  it('a missed heartbeat is States.Timeout, and also matches States.HeartbeatTimeout', () => {
    const heartbeat = new HeartbeatTimeoutError();
    expect(heartbeat.error).toBe('States.Timeout');
    expect(matches(['States.Timeout'], heartbeat)).toBe(true);
    expect(matches(['States.HeartbeatTimeout'], heartbeat)).toBe(true);
    expect(matches(['States.HeartbeatTimeout'], timeout)).toBe(false);
    expect(matches(['States.TaskFailed'], heartbeat)).toBe(false);
  });

  it('the first Catcher that matches takes the error', () => {
    const catchers = [{ ErrorEquals: ['Other'], Next: 'A' }, { ErrorEquals: ['States.TaskFailed'], Next: 'B' }, { ErrorEquals: ['States.ALL'], Next: 'C' }];
    expect(findCatcher(catchers, failed)?.Next).toBe('B');
    expect(findCatcher(catchers, timeout)?.Next).toBe('C');
    expect(findCatcher(catchers, runtime)).toBeUndefined();
  });
});

describe('retry delays', () => {
  const error = new StatesError('Busy');

  it('IntervalSeconds times BackoffRate to the power of the attempts so far (DG: 3 s, then 6 s)', () => {
    const counts = new RetryCounts();
    const retriers = [{ ErrorEquals: ['Busy'], IntervalSeconds: 3, BackoffRate: 2, MaxAttempts: 2 }];
    expect(counts.nextDelay(retriers, error)).toBe(3000);
    expect(counts.nextDelay(retriers, error)).toBe(6000);
    expect(counts.nextDelay(retriers, error)).toBeUndefined();
    expect(counts.total).toBe(2);
  });

  it('defaults: 1 s, backoff 2.0, 3 attempts', () => {
    const counts = new RetryCounts();
    const retriers = [{ ErrorEquals: ['States.ALL'] }];
    expect([1, 2, 3, 4].map(() => counts.nextDelay(retriers, error))).toEqual([1000, 2000, 4000, undefined]);
  });

  it('MaxDelaySeconds caps each interval (DG: 3 s, then 4 s)', () => {
    const counts = new RetryCounts();
    const retriers = [{ ErrorEquals: ['Busy'], IntervalSeconds: 3, MaxDelaySeconds: 4 }];
    expect(counts.nextDelay(retriers, error)).toBe(3000);
    expect(counts.nextDelay(retriers, error)).toBe(4000);
  });

  it('MaxAttempts 0 never retries', () => {
    expect(new RetryCounts().nextDelay([{ ErrorEquals: ['Busy'], MaxAttempts: 0 }], error)).toBeUndefined();
  });

  it('JitterStrategy FULL waits a random part of the interval', () => {
    const counts = new RetryCounts();
    expect(counts.nextDelay([{ ErrorEquals: ['Busy'], IntervalSeconds: 10, JitterStrategy: 'FULL' }], error, () => 0.25)).toBe(2500);
  });

  it('each Retrier counts its own attempts', () => {
    const counts = new RetryCounts();
    const retriers = [{ ErrorEquals: ['A'], MaxAttempts: 1 }, { ErrorEquals: ['B'], MaxAttempts: 1 }];
    expect(counts.nextDelay(retriers, new StatesError('A'))).toBe(1000);
    expect(counts.nextDelay(retriers, new StatesError('B'))).toBe(1000);
    expect(counts.nextDelay(retriers, new StatesError('A'))).toBeUndefined();
    expect(counts.total).toBe(2);
  });
});
