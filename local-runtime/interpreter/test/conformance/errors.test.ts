/**
 * Every error name the interpreter raises, and which Retriers and Catchers take it.
 * Sources: AWS DG "Handling errors in Step Functions workflows" (error names; States.TaskFailed
 * matches all but States.Timeout; States.Runtime not retriable/catchable), SPEC Appendix A,
 * aws-semantics.md "Errors, Retry, Catch", reference §3 (QueryEvaluationError, EvaluationFailed),
 * §5 (States.Runtime uncatchable, LS-recorded; DataLimitExceeded caught by States.ALL,
 * LS-recorded; heartbeat reported as States.Timeout, LS-recorded; task timeout Error Output).
 */
import type { TaskRequest } from '../..';
import { StatesError } from '../..';
import { block, detailsOf, ECHO, echo, eventsOf, FAIL, failureOf, HANG, hang, jsonataMachine, machine, outputOf, runDefinition, secondsAt, START } from './helpers';

const RECOVER = { Type: 'Pass', End: true };
const catchAll = (errors: string[], extra: Record<string, unknown> = {}) => ({ Catch: [{ ErrorEquals: errors, Next: 'Recover', ...extra }] });

describe('States.Runtime (uncatchable)', () => {
  it('reference §5 (LS test_catch_states_runtime): a Catch on States.ALL does not take States.Runtime (failing OutputPath)', async () => {
    const definition = machine({ T: { Type: 'Task', Resource: ECHO, OutputPath: '$.no.such.result.path', End: true, ...catchAll(['States.ALL']) }, Recover: RECOVER });
    const result = await runDefinition(definition, {}, { resources: { [ECHO]: echo } });
    expect(failureOf(result).error).toBe('States.Runtime');
    expect(result.types).not.toContain('PassStateEntered');
  });

  it('reference §5: not even a Catcher naming States.Runtime takes it', async () => {
    const definition = machine({ T: { Type: 'Task', Resource: ECHO, InputPath: '$.missing', End: true, ...catchAll(['States.Runtime']) }, Recover: RECOVER });
    const result = await runDefinition(definition, {}, { resources: { [ECHO]: echo } });
    expect(failureOf(result).error).toBe('States.Runtime');
  });

  it('DG: States.Runtime is not retried, even by a States.ALL Retrier', async () => {
    const definition = machine({ T: { Type: 'Task', Resource: ECHO, ResultSelector: { 'x.$': '$.missing' }, Retry: [{ ErrorEquals: ['States.ALL'] }], End: true } });
    const result = await runDefinition(definition, {}, { resources: { [ECHO]: echo } });
    expect(failureOf(result).error).toBe('States.Runtime');
    expect(eventsOf(result, 'TaskScheduled')).toHaveLength(1);
  });
});

describe('States.TaskFailed, States.ALL, custom errors', () => {
  it('DG: States.TaskFailed matches a custom error of a task', async () => {
    const definition = machine({ T: { Type: 'Task', Resource: FAIL, End: true, ...catchAll(['States.TaskFailed']) }, Recover: RECOVER });
    const result = await runDefinition(definition, {}, { resources: { [FAIL]: () => { throw new StatesError('Custom.Error', 'c'); } } });
    expect(outputOf(result)).toEqual({ Error: 'Custom.Error', Cause: 'c' });
  });

  it('DG: ErrorEquals matching is exact and case-sensitive', async () => {
    const definition = machine({ T: { Type: 'Task', Resource: FAIL, End: true, ...catchAll(['custom.error']) }, Recover: RECOVER });
    const result = await runDefinition(definition, {}, { resources: { [FAIL]: () => { throw new StatesError('Custom.Error', 'c'); } } });
    expect(failureOf(result).error).toBe('Custom.Error');
  });

  it('DG: States.TaskFailed does NOT match States.Timeout', async () => {
    const definition = machine({ T: { Type: 'Task', Resource: HANG, TimeoutSeconds: 5, End: true, ...catchAll(['States.TaskFailed']) }, Recover: RECOVER });
    const result = await runDefinition(definition, {}, { resources: { [HANG]: hang } });
    expect(failureOf(result).error).toBe('States.Timeout');
  });

  it('DG: States.ALL matches States.Timeout', async () => {
    const definition = machine({ T: { Type: 'Task', Resource: HANG, TimeoutSeconds: 5, End: true, ...catchAll(['States.ALL']) }, Recover: RECOVER });
    const result = await runDefinition(definition, {}, { resources: { [HANG]: hang } });
    expect(outputOf(result)).toEqual({ Error: 'States.Timeout', Cause: '' });
  });
});

describe('States.Timeout: TimeoutSeconds', () => {
  it('reference §5 (LS test_timeouts): TaskTimedOut {error: States.Timeout} without cause, after TimeoutSeconds; ExecutionFailed States.Timeout', async () => {
    const definition = machine({ T: { Type: 'Task', Resource: HANG, TimeoutSeconds: 30, End: true } });
    const result = await runDefinition(definition, {}, { resources: { [HANG]: hang } });
    expect(result.types).toEqual(['ExecutionStarted', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskTimedOut', 'ExecutionFailed']);
    expect(detailsOf(result, 'TaskTimedOut')).toEqual({ resourceType: 'test', resource: 'hang', error: 'States.Timeout' });
    expect(secondsAt(eventsOf(result, 'TaskTimedOut')[0]!)).toBe(30);
    expect(failureOf(result).error).toBe('States.Timeout');
  });

  it('reference §5: a timed-out task\'s signal is aborted (the resource is told to stop)', async () => {
    let seen: TaskRequest | undefined;
    const definition = machine({ T: { Type: 'Task', Resource: HANG, TimeoutSeconds: 2, End: true } });
    await runDefinition(definition, {}, { resources: { [HANG]: (request) => { seen = request; return hang(); } } });
    expect(seen?.signal.aborted).toBe(true);
  });

  it('DG Retry example: a States.Timeout Retrier retries a timed-out task (each attempt times out after 5 s, 1 s apart)', async () => {
    const definition = machine({ T: { Type: 'Task', Resource: HANG, TimeoutSeconds: 5, Retry: [{ ErrorEquals: ['States.Timeout'], IntervalSeconds: 1, MaxAttempts: 1 }], End: true } });
    const result = await runDefinition(definition, {}, { resources: { [HANG]: hang } });
    expect(eventsOf(result, 'TaskScheduled').map(secondsAt)).toEqual([0, 6]);
    expect(eventsOf(result, 'TaskTimedOut').map(secondsAt)).toEqual([5, 11]);
  });

  it('SPEC Timeouts: a task that answers before TimeoutSeconds succeeds', async () => {
    const definition = machine({ T: { Type: 'Task', Resource: ECHO, TimeoutSeconds: 1, End: true } });
    expect(outputOf(await runDefinition(definition, { a: 1 }, { resources: { [ECHO]: echo } }))).toEqual({ a: 1 });
  });
});

describe('Heartbeat expiry (reported as States.Timeout, reference §5 "Heartbeat CONFLICT", LS-recorded)', () => {
  it('a task without heartbeats times out after HeartbeatSeconds with TaskTimedOut States.Timeout', async () => {
    const definition = machine({ T: { Type: 'Task', Resource: HANG, HeartbeatSeconds: 5, TimeoutSeconds: 600, End: true } });
    const result = await runDefinition(definition, {}, { resources: { [HANG]: hang } });
    expect(detailsOf(result, 'TaskTimedOut')).toMatchObject({ error: 'States.Timeout' });
    expect(secondsAt(eventsOf(result, 'TaskTimedOut')[0]!)).toBe(5);
    expect(failureOf(result).error).toBe('States.Timeout');
  });

  it('a Catcher naming States.HeartbeatTimeout takes it', async () => {
    const definition = machine({ T: { Type: 'Task', Resource: HANG, HeartbeatSeconds: 5, TimeoutSeconds: 600, End: true, ...catchAll(['States.HeartbeatTimeout']) }, Recover: RECOVER });
    const result = await runDefinition(definition, {}, { resources: { [HANG]: hang } });
    expect(outputOf(result)).toEqual({ Error: 'States.Timeout', Cause: '' });
  });

  it('a Catcher naming States.Timeout takes it', async () => {
    const definition = machine({ T: { Type: 'Task', Resource: HANG, HeartbeatSeconds: 5, TimeoutSeconds: 600, End: true, ...catchAll(['States.Timeout']) }, Recover: RECOVER });
    expect(outputOf(await runDefinition(definition, {}, { resources: { [HANG]: hang } }))).toEqual({ Error: 'States.Timeout', Cause: '' });
  });

  it('a Catcher naming States.TaskFailed does not take it', async () => {
    const definition = machine({ T: { Type: 'Task', Resource: HANG, HeartbeatSeconds: 5, TimeoutSeconds: 600, End: true, ...catchAll(['States.TaskFailed']) }, Recover: RECOVER });
    expect(failureOf(await runDefinition(definition, {}, { resources: { [HANG]: hang } })).error).toBe('States.Timeout');
  });

  it('a Catcher naming States.HeartbeatTimeout does not take a plain TimeoutSeconds expiry', async () => {
    const definition = machine({ T: { Type: 'Task', Resource: HANG, TimeoutSeconds: 5, End: true, ...catchAll(['States.HeartbeatTimeout']) }, Recover: RECOVER });
    expect(failureOf(await runDefinition(definition, {}, { resources: { [HANG]: hang } })).error).toBe('States.Timeout');
  });

  describe('SendTaskHeartbeat restarts HeartbeatSeconds (aws-semantics "Wait for a callback")', () => {
    const SLOW = 'arn:aws:states:::test:slow';
    const BEAT = 'arn:aws:states:::test:beat';
    const FINISH = 'arn:aws:states:::test:finish';
    /** Branch 1 waits on SLOW (HeartbeatSeconds 10); branch 2 sends heartbeats every 8 s (or not), then finishes SLOW at 24 s. */
    const definition = (beats: boolean) =>
      machine({
        P: {
          Type: 'Parallel',
          Branches: [
            block({ Slow: { Type: 'Task', Resource: SLOW, HeartbeatSeconds: 10, TimeoutSeconds: 100, End: true } }),
            block({
              W1: { Type: 'Wait', Seconds: 8, Next: 'Beat1' },
              Beat1: { Type: 'Task', Resource: beats ? BEAT : ECHO, Next: 'W2' },
              W2: { Type: 'Wait', Seconds: 8, Next: 'Beat2' },
              Beat2: { Type: 'Task', Resource: beats ? BEAT : ECHO, Next: 'W3' },
              W3: { Type: 'Wait', Seconds: 8, Next: 'Finish' },
              Finish: { Type: 'Task', Resource: FINISH, End: true },
            }),
          ],
          End: true,
        },
      });
    const resources = () => {
      let request: TaskRequest | undefined;
      let resolve: ((value: unknown) => void) | undefined;
      return {
        [SLOW]: (r: TaskRequest) => new Promise((done) => { request = r; resolve = done; }),
        [BEAT]: () => { request?.heartbeat(); return 'beat'; },
        [ECHO]: echo,
        [FINISH]: () => { resolve?.({ done: true }); return 'finished'; },
      };
    };

    it('with a heartbeat every 8 s the task outlives HeartbeatSeconds 10 and succeeds at 24 s', async () => {
      const result = await runDefinition(definition(true), {}, { resources: resources() });
      expect(outputOf(result)).toEqual([{ done: true }, 'finished']);
      expect(result.clock.now() - START).toBe(24_000);
    });

    it('without heartbeats the same task times out at 10 s (States.Timeout)', async () => {
      const result = await runDefinition(definition(false), {}, { resources: resources() });
      expect(failureOf(result).error).toBe('States.Timeout');
      expect(secondsAt(eventsOf(result, 'TaskTimedOut')[0]!)).toBe(10);
    });
  });
});

describe('States.NoChoiceMatched', () => {
  it('SPEC: raised in a Parallel branch, it can be caught by the Parallel state\'s Catcher naming it', async () => {
    const definition = machine({
      P: { Type: 'Parallel', Branches: [block({ C: { Type: 'Choice', Choices: [{ Variable: '$.x', IsPresent: true, Next: 'X' }] }, X: RECOVER })], End: true, ...catchAll(['States.NoChoiceMatched']) },
      Recover: { Type: 'Pass', End: true },
    });
    const result = await runDefinition(definition, {});
    expect((outputOf(result) as { Error: string }).Error).toBe('States.NoChoiceMatched');
  });
});

describe('States.QueryEvaluationError and the EvaluationFailed event (reference §3, §6)', () => {
  it('EvaluationFailed {state, error, cause, location}; ExecutionFailed repeats error and cause', async () => {
    const definition = jsonataMachine({ A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', Output: { v: '{% $states.input.nope %}' }, End: true } });
    const result = await runDefinition(definition, {});
    const cause = "An error occurred while executing the state 'B' (entered at the event id #4). The JSONata expression '$states.input.nope' specified for the field 'Output/v' returned nothing (undefined).";
    expect(detailsOf(result, 'EvaluationFailed')).toEqual({ state: 'B', error: 'States.QueryEvaluationError', cause, location: 'Output/v' });
    expect(detailsOf(result, 'ExecutionFailed')).toEqual({ error: 'States.QueryEvaluationError', cause });
    expect(result.types).toEqual(['ExecutionStarted', 'PassStateEntered', 'PassStateExited', 'PassStateEntered', 'EvaluationFailed', 'ExecutionFailed']);
  });

  it('SPEC Appendix A: a Task catches States.QueryEvaluationError raised by its Arguments', async () => {
    const definition = jsonataMachine({ T: { Type: 'Task', Resource: ECHO, Arguments: '{% $x.y %}', End: true, ...catchAll(['States.QueryEvaluationError']) }, Recover: RECOVER });
    const result = await runDefinition(definition, {}, { resources: { [ECHO]: echo } });
    expect((outputOf(result) as { Error: string }).Error).toBe('States.QueryEvaluationError');
    expect(result.types).toContain('EvaluationFailed');
  });

  it('reference §4 (LS BASE_UNDEFINED_ASSIGN): a failing Assign fails the state and assigns nothing', async () => {
    const definition = jsonataMachine({
      T: { Type: 'Task', Resource: ECHO, Assign: { ok: 1, bad: '{% $states.result.missing %}' }, End: true, ...catchAll(['States.ALL']) },
      Recover: { Type: 'Pass', Output: { ok: '{% $exists($ok) %}' }, End: true },
    });
    const result = await runDefinition(definition, {}, { resources: { [ECHO]: echo } });
    expect(outputOf(result)).toEqual({ ok: false });
    expect(detailsOf(result, 'EvaluationFailed')).toMatchObject({ location: 'Assign/bad' });
  });
});

describe('States.DataLimitExceeded (payloads over 256 KiB)', () => {
  const big = (): unknown => ({ data: 'x'.repeat(300 * 1024) });

  it('reference §5 (LS test_states_errors): a 300 KB task result fails the task with States.DataLimitExceeded', async () => {
    const definition = machine({ T: { Type: 'Task', Resource: ECHO, End: true } });
    const result = await runDefinition(definition, {}, { resources: { [ECHO]: big } });
    expect(detailsOf(result, 'TaskFailed')).toMatchObject({ error: 'States.DataLimitExceeded' });
    expect(failureOf(result).error).toBe('States.DataLimitExceeded');
    expect(failureOf(result).cause).toContain("The state/task 'T' returned a result with a size exceeding the maximum number of bytes service limit");
  });

  it('reference §5 (LS-recorded, CONFLICT with DG): a States.ALL Catcher takes States.DataLimitExceeded of a task result', async () => {
    const definition = machine({ T: { Type: 'Task', Resource: ECHO, End: true, ...catchAll(['States.ALL']) }, Recover: RECOVER });
    const result = await runDefinition(definition, {}, { resources: { [ECHO]: big } });
    expect((outputOf(result) as { Error: string }).Error).toBe('States.DataLimitExceeded');
  });

  it('DG: a state output over the quota (Pass building 300 KB) is States.DataLimitExceeded', async () => {
    const definition = jsonataMachine({ P: { Type: 'Pass', Output: "{% $pad('', 300 * 1024, 'x') %}", End: true } });
    expect(failureOf(await runDefinition(definition, {})).error).toBe('States.DataLimitExceeded');
  });
});

describe('Other States.* errors', () => {
  it('SPEC Appendix A: a failing intrinsic (States.StringToJson on non-JSON) is States.IntrinsicFailure, catchable', async () => {
    const definition = machine({ P: { Type: 'Pass', Parameters: { 'v.$': 'States.StringToJson($.s)' }, Next: 'Done' }, Done: RECOVER });
    const result = await runDefinition(definition, { s: 'not json' });
    expect(failureOf(result).error).toBe('States.IntrinsicFailure');
    const caught = machine({ T: { Type: 'Task', Resource: ECHO, Parameters: { 'v.$': 'States.StringToJson($.s)' }, End: true, ...catchAll(['States.IntrinsicFailure']) }, Recover: RECOVER });
    expect((outputOf(await runDefinition(caught, { s: 'not json' }, { resources: { [ECHO]: echo } })) as { Error: string }).Error).toBe('States.IntrinsicFailure');
  });

  it('SPEC Appendix A: States.ResultPathMatchFailure is catchable', async () => {
    const definition = machine({ T: { Type: 'Task', Resource: ECHO, ResultPath: '$.s.deeper', End: true, ...catchAll(['States.ResultPathMatchFailure'], { ResultPath: '$.err' }) }, Recover: RECOVER });
    const result = await runDefinition(definition, { s: 'text' }, { resources: { [ECHO]: () => 1 } });
    expect(outputOf(result)).toEqual({ s: 'text', err: { Error: 'States.ResultPathMatchFailure', Cause: expect.any(String) } });
  });

  it('reference §5: a Map iteration\'s error is passed on as itself; a Catcher naming States.BranchFailed does not take it', async () => {
    const definition = machine({
      M: { Type: 'Map', ItemProcessor: block({ T: { Type: 'Task', Resource: FAIL, End: true } }), End: true, ...catchAll(['States.BranchFailed']) },
      Recover: RECOVER,
    });
    const result = await runDefinition(definition, [1], { resources: { [FAIL]: () => { throw new StatesError('ItemError', 'c'); } } });
    expect(failureOf(result)).toEqual({ error: 'ItemError', cause: 'c' });
  });

  it('reference §5: a Parallel branch\'s error is caught by a Catcher naming that error', async () => {
    const definition = machine({
      P: { Type: 'Parallel', Branches: [block({ T: { Type: 'Task', Resource: FAIL, End: true } })], End: true, ...catchAll(['BranchSpecific']) },
      Recover: RECOVER,
    });
    const result = await runDefinition(definition, {}, { resources: { [FAIL]: () => { throw new StatesError('BranchSpecific', 'why'); } } });
    expect(outputOf(result)).toEqual({ Error: 'BranchSpecific', Cause: 'why' });
  });
});
