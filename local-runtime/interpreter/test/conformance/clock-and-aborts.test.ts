import { StatesError } from '../..';
import { TestClock } from '../harness';
import { block, ECHO, echo, FAIL, jsonataMachine, machine, outputOf, runDefinition } from './helpers';

// What depends on the execution's clock, and how a stop or a failing sibling ends what runs.
// Sources: reference §3 ("$now() is constant within one expression evaluation"), §5 (Lambda
// .waitForTaskToken: HeartbeatSeconds counts after a synchronous invoke returns), §6 (Map failure
// order, aborted iterations follow the first failure, EvaluationFailed first).

describe('JSONata $now() and $millis() read the execution\'s clock', () => {
  it('after a 1-hour Wait, $now() is the workflow time, an hour after the start, not the machine\'s time', async () => {
    const definition = jsonataMachine({
      W: { Type: 'Wait', Seconds: 3600, Next: 'P' },
      P: { Type: 'Pass', Output: { now: '{% $now() %}', millis: '{% $millis() %}', entered: '{% $states.context.State.EnteredTime %}' }, End: true },
    });
    const result = await runDefinition(definition);

    expect(outputOf(result)).toEqual({ now: '2025-01-01T01:00:00.000Z', millis: Date.parse('2025-01-01T01:00:00.000Z'), entered: '2025-01-01T01:00:00.000Z' });
  });
});

const CALLBACK = 'arn:aws:states:::test:invoke.waitForTaskToken';

describe('HeartbeatSeconds of a callback task', () => {
  it('counts from the submission: a resource that takes longer than HeartbeatSeconds to submit does not time out', async () => {
    const clock = new TestClock();
    const definition = machine({ T: { Type: 'Task', Resource: CALLBACK, Parameters: { 'token.$': '$$.Task.Token' }, HeartbeatSeconds: 5, TimeoutSeconds: 600, End: true } });
    const result = await runDefinition(definition, {}, {
      clock,
      resources: {
        // 8 s before the request is submitted (a synchronous invoke's run time), then the callback 3 s later.
        [CALLBACK]: (request) => new Promise((resolve) => {
          clock.after(8000, () => {
            request.submitted({ StatusCode: 200 });
            clock.after(3000, () => { resolve({ done: true }); });
          });
        }),
      },
    });

    expect(outputOf(result)).toEqual({ done: true });
  });

  it('and it still times out when no heartbeat follows the submission', async () => {
    const definition = machine({ T: { Type: 'Task', Resource: CALLBACK, Parameters: { 'token.$': '$$.Task.Token' }, HeartbeatSeconds: 5, TimeoutSeconds: 600, End: true } });
    const result = await runDefinition(definition, {}, {
      resources: {
        [CALLBACK]: (request) => {
          request.submitted({ StatusCode: 202 });
          return new Promise(() => undefined);
        },
      },
    });

    expect(result.outcome).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
  });
});

describe('Map: failures and aborts, in AWS\'s order', () => {
  it('an ItemSelector that fails: EvaluationFailed first, then the iteration and the state fail', async () => {
    const definition = jsonataMachine({
      M: { Type: 'Map', Items: [1], ItemSelector: { v: '{% $nope %}' }, ItemProcessor: block({ P: { Type: 'Pass', End: true } }), End: true },
    });
    const result = await runDefinition(definition);

    expect(result.types).toEqual(['ExecutionStarted', 'MapStateEntered', 'MapStateStarted', 'MapIterationStarted', 'EvaluationFailed', 'MapIterationFailed', 'MapStateFailed', 'ExecutionFailed']);
    expect(result.outcome).toMatchObject({ status: 'FAILED', error: 'States.QueryEvaluationError' });
  });

  it('two iterations failing in the same turn: the second ends aborted by the first, and every iteration has its closing event', async () => {
    const definition = machine({
      M: { Type: 'Map', ItemProcessor: block({ F: { Type: 'Fail', Error: 'Item.Failed' } }), End: true },
    });
    const result = await runDefinition(definition, [1, 2]);

    const closing = result.history.filter((event) => event.type.startsWith('MapIteration') && event.type !== 'MapIterationStarted').map((event) => event.type);
    expect(closing.sort()).toEqual(['MapIterationAborted', 'MapIterationFailed']);
    expect(result.outcome).toMatchObject({ status: 'FAILED', error: 'Item.Failed' });
  });
});

describe('a stop ends the history', () => {
  it('nothing is recorded after ExecutionAborted, even by a state that was finishing', async () => {
    let stop: (() => void) | undefined;
    const definition = machine({ T: { Type: 'Task', Resource: FAIL, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'P' }], Next: 'P' }, P: { Type: 'Pass', End: true } });
    const result = await runDefinition(definition, {}, {
      started: (execution) => { stop = () => { execution.stop('Stopped.ByTest', 'now'); }; },
      resources: {
        [FAIL]: () => Promise.reject(new StatesError('E')).finally(() => { queueMicrotask(() => stop?.()); }),
        [ECHO]: echo,
      },
    });

    expect(result.outcome).toMatchObject({ status: 'ABORTED', error: 'Stopped.ByTest' });
    expect(result.types.at(-1)).toBe('ExecutionAborted');
  });
});
