/**
 * Execution history: event order, ids and previousEventId for every state type.
 * Sources: reference §6 "Ordering and previousEventId (all AWS-recorded in LS)": ExecutionStarted
 * id 1 prev 0; the first state's Entered also prev 0 (quirk); StateExited.prev = last event of the
 * state; Map/Parallel chaining; EvaluationFailed.prev = the Entered event's own prev (quirk);
 * API HistoryEvent (ids sequential from 1).
 */
import { StatesError } from '../..';
import { block, chain, details, ECHO, echo, eventsOf, FAIL, HANG, hang, jsonataMachine, LAMBDA_ARN, machine, runDefinition, secondsAt, type RunResult } from './helpers';

const byId = (result: RunResult, id: number) => result.history.find((e) => e.id === id)!;
const one = (result: RunResult, type: string, predicate: (d: Record<string, any>) => boolean = () => true) => {
  const found = result.history.filter((e) => e.type === type && predicate(details(e)));
  expect(found).toHaveLength(1);
  return found[0]!;
};

describe('simple states (reference §6)', () => {
  it('ids are sequential from 1; ExecutionStarted and the FIRST state\'s Entered both have prev 0', async () => {
    const result = await runDefinition(machine({ A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', End: true } }), {});
    expect(chain(result)).toEqual([
      ['ExecutionStarted', 1, 0],
      ['PassStateEntered', 2, 0],
      ['PassStateExited', 3, 2],
      ['PassStateEntered', 4, 3],
      ['PassStateExited', 5, 4],
      ['ExecutionSucceeded', 6, 5],
    ]);
  });

  it('Task: Entered -> Scheduled -> Started -> Succeeded -> Exited, each following the one before', async () => {
    const result = await runDefinition(machine({ T: { Type: 'Task', Resource: ECHO, End: true } }), {}, { resources: { [ECHO]: echo } });
    expect(chain(result)).toEqual([
      ['ExecutionStarted', 1, 0],
      ['TaskStateEntered', 2, 0],
      ['TaskScheduled', 3, 2],
      ['TaskStarted', 4, 3],
      ['TaskSucceeded', 5, 4],
      ['TaskStateExited', 6, 5],
      ['ExecutionSucceeded', 7, 6],
    ]);
  });

  it('legacy Lambda: LambdaFunctionScheduled/Started/Succeeded chain like task events', async () => {
    const result = await runDefinition(machine({ T: { Type: 'Task', Resource: LAMBDA_ARN, End: true } }), {}, { resources: { [LAMBDA_ARN]: () => 1 } });
    expect(chain(result)).toEqual([
      ['ExecutionStarted', 1, 0],
      ['TaskStateEntered', 2, 0],
      ['LambdaFunctionScheduled', 3, 2],
      ['LambdaFunctionStarted', 4, 3],
      ['LambdaFunctionSucceeded', 5, 4],
      ['TaskStateExited', 6, 5],
      ['ExecutionSucceeded', 7, 6],
    ]);
  });

  it('Choice, Wait and Succeed: Entered -> Exited; Wait\'s Exited is timestamped after the wait', async () => {
    const definition = machine({
      C: { Type: 'Choice', Choices: [{ Variable: '$.go', BooleanEquals: true, Next: 'W' }] },
      W: { Type: 'Wait', Seconds: 10, Next: 'S' },
      S: { Type: 'Succeed' },
    });
    const result = await runDefinition(definition, { go: true });
    expect(chain(result)).toEqual([
      ['ExecutionStarted', 1, 0],
      ['ChoiceStateEntered', 2, 0],
      ['ChoiceStateExited', 3, 2],
      ['WaitStateEntered', 4, 3],
      ['WaitStateExited', 5, 4],
      ['SucceedStateEntered', 6, 5],
      ['SucceedStateExited', 7, 6],
      ['ExecutionSucceeded', 8, 7],
    ]);
    expect(result.history.map(secondsAt)).toEqual([0, 0, 0, 0, 10, 10, 10, 10]);
  });

  it('Fail: FailStateEntered -> ExecutionFailed (no Exited)', async () => {
    const result = await runDefinition(machine({ A: { Type: 'Pass', Next: 'F' }, F: { Type: 'Fail', Error: 'E' } }), {});
    expect(chain(result)).toEqual([
      ['ExecutionStarted', 1, 0],
      ['PassStateEntered', 2, 0],
      ['PassStateExited', 3, 2],
      ['FailStateEntered', 4, 3],
      ['ExecutionFailed', 5, 4],
    ]);
  });

  it('a caught Task failure: TaskFailed -> TaskStateExited -> the Catch target', async () => {
    const definition = machine({ T: { Type: 'Task', Resource: FAIL, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'R' }], End: true }, R: { Type: 'Pass', End: true } });
    const result = await runDefinition(definition, {}, { resources: { [FAIL]: () => { throw new StatesError('E'); } } });
    expect(chain(result)).toEqual([
      ['ExecutionStarted', 1, 0],
      ['TaskStateEntered', 2, 0],
      ['TaskScheduled', 3, 2],
      ['TaskStarted', 4, 3],
      ['TaskFailed', 5, 4],
      ['TaskStateExited', 6, 5],
      ['PassStateEntered', 7, 6],
      ['PassStateExited', 8, 7],
      ['ExecutionSucceeded', 9, 8],
    ]);
  });

  it('an uncaught Task failure: TaskFailed -> ExecutionFailed (no Exited)', async () => {
    const result = await runDefinition(machine({ T: { Type: 'Task', Resource: FAIL, End: true } }), {}, { resources: { [FAIL]: () => { throw new StatesError('E'); } } });
    expect(chain(result).slice(-2)).toEqual([['TaskFailed', 5, 4], ['ExecutionFailed', 6, 5]]);
  });
});

describe('EvaluationFailed (reference §6 quirk: its prev is the Entered event\'s own prev)', () => {
  it('in a later state: Entered id 4 prev 3 -> EvaluationFailed id 5 prev 3 -> ExecutionFailed prev 5', async () => {
    const definition = jsonataMachine({ A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', Output: '{% $nope %}', End: true } });
    const result = await runDefinition(definition, {});
    expect(chain(result)).toEqual([
      ['ExecutionStarted', 1, 0],
      ['PassStateEntered', 2, 0],
      ['PassStateExited', 3, 2],
      ['PassStateEntered', 4, 3],
      ['EvaluationFailed', 5, 3],
      ['ExecutionFailed', 6, 5],
    ]);
  });

  it('in the first state: EvaluationFailed prev 0', async () => {
    const result = await runDefinition(jsonataMachine({ B: { Type: 'Pass', Output: '{% $nope %}', End: true } }), {});
    expect(chain(result)).toEqual([
      ['ExecutionStarted', 1, 0],
      ['PassStateEntered', 2, 0],
      ['EvaluationFailed', 3, 0],
      ['ExecutionFailed', 4, 3],
    ]);
  });

  it('in a Task: no TaskScheduled, no TaskStateExited', async () => {
    const definition = jsonataMachine({ T: { Type: 'Task', Resource: ECHO, Arguments: '{% $nope %}', End: true } });
    const result = await runDefinition(definition, {}, { resources: { [ECHO]: echo } });
    expect(result.types).toEqual(['ExecutionStarted', 'TaskStateEntered', 'EvaluationFailed', 'ExecutionFailed']);
  });
});

describe('Map (reference §6)', () => {
  const iteration = block({ P: { Type: 'Pass', End: true } });

  it('MaxConcurrency 1: each MapIterationStarted follows the previous iteration\'s last inner event; MapStateSucceeded and MapStateExited both follow the last inner event', async () => {
    const result = await runDefinition(machine({ M: { Type: 'Map', MaxConcurrency: 1, ItemProcessor: iteration, End: true } }), [1, 2]);
    expect(chain(result)).toEqual([
      ['ExecutionStarted', 1, 0],
      ['MapStateEntered', 2, 0],
      ['MapStateStarted', 3, 2],
      ['MapIterationStarted', 4, 3],
      ['PassStateEntered', 5, 4],
      ['PassStateExited', 6, 5],
      ['MapIterationSucceeded', 7, 6],
      ['MapIterationStarted', 8, 6],
      ['PassStateEntered', 9, 8],
      ['PassStateExited', 10, 9],
      ['MapIterationSucceeded', 11, 10],
      ['MapStateSucceeded', 12, 10],
      ['MapStateExited', 13, 10],
      ['ExecutionSucceeded', 14, 13],
    ]);
    expect(details(byId(result, 3))).toEqual({ length: 2 });
    expect(details(byId(result, 4))).toEqual({ name: 'M', index: 0 });
    expect(details(byId(result, 11))).toEqual({ name: 'M', index: 1 });
  });

  it('all at once: every MapIterationStarted follows MapStateStarted; each iteration chains from its own start', async () => {
    const result = await runDefinition(machine({ M: { Type: 'Map', ItemProcessor: iteration, End: true } }), [1, 2, 3]);
    const started = one(result, 'MapStateStarted');
    const iterationStarts = eventsOf(result, 'MapIterationStarted');
    expect(iterationStarts.map((e): [number, number] => [details(e).index as number, e.previousEventId])).toEqual([[0, started.id], [1, started.id], [2, started.id]]);
    for (const start of iterationStarts) {
      const index = details(start).index as number;
      const entered = result.history.find((e) => e.type === 'PassStateEntered' && e.previousEventId === start.id)!;
      expect(JSON.parse(details(entered).input as string)).toBe(index + 1);
      const exited = result.history.find((e) => e.type === 'PassStateExited' && e.previousEventId === entered.id)!;
      expect(one(result, 'MapIterationSucceeded', (d) => d.index === index).previousEventId).toBe(exited.id);
    }
    const last = one(result, 'MapStateSucceeded').previousEventId;
    expect(byId(result, last).type).toBe('PassStateExited');
    expect(one(result, 'MapStateExited').previousEventId).toBe(last);
  });

  it('a failed iteration: MapIterationFailed and MapStateFailed both follow the failing inner event; then ExecutionFailed', async () => {
    const definition = machine({ M: { Type: 'Map', ItemProcessor: block({ F: { Type: 'Fail', Error: 'E' } }), End: true } });
    const result = await runDefinition(definition, [1]);
    expect(chain(result)).toEqual([
      ['ExecutionStarted', 1, 0],
      ['MapStateEntered', 2, 0],
      ['MapStateStarted', 3, 2],
      ['MapIterationStarted', 4, 3],
      ['FailStateEntered', 5, 4],
      ['MapIterationFailed', 6, 5],
      ['MapStateFailed', 7, 5],
      ['ExecutionFailed', 8, 7],
    ]);
  });

  it('a caught Map failure: MapStateExited follows MapStateFailed', async () => {
    const definition = machine({
      M: { Type: 'Map', ItemProcessor: block({ F: { Type: 'Fail', Error: 'E' } }), Catch: [{ ErrorEquals: ['States.ALL'], Next: 'R' }], End: true },
      R: { Type: 'Pass', End: true },
    });
    const result = await runDefinition(definition, [1]);
    const failed = one(result, 'MapStateFailed');
    expect(one(result, 'MapStateExited').previousEventId).toBe(failed.id);
  });

  it('a failed iteration aborts the others: MapIterationAborted and TaskStateAborted are recorded for the running one', async () => {
    const definition = machine({ M: { Type: 'Map', ItemProcessor: block({ T: { Type: 'Task', Resource: ECHO, End: true } }), End: true } });
    const result = await runDefinition(definition, ['hang', 'fail'], {
      resources: { [ECHO]: (request) => { if (request.parameters === 'fail') throw new StatesError('E'); return hang(); } },
    });
    expect(result.types).toContain('TaskStateAborted');
    expect(one(result, 'MapIterationAborted').type).toBe('MapIterationAborted');
    expect(details(one(result, 'MapIterationAborted'))).toEqual({ name: 'M', index: 0 });
    expect(details(one(result, 'MapIterationFailed'))).toEqual({ name: 'M', index: 1 });
  });
});

describe('Parallel (reference §6)', () => {
  it('ParallelStateStarted follows Entered; each branch\'s first event follows ParallelStateStarted', async () => {
    const definition = machine({ P: { Type: 'Parallel', Branches: [block({ A: { Type: 'Pass', End: true } }), block({ B: { Type: 'Pass', End: true } })], End: true } });
    const result = await runDefinition(definition, {});
    const entered = one(result, 'ParallelStateEntered');
    const started = one(result, 'ParallelStateStarted');
    expect([entered.id, entered.previousEventId, started.previousEventId]).toEqual([2, 0, 2]);
    const branchEntered = eventsOf(result, 'PassStateEntered');
    expect(branchEntered.map((e) => e.previousEventId)).toEqual([started.id, started.id]);
  });

  it('ParallelStateSucceeded and ParallelStateExited follow the last branch event (reference §6: UNCERTAIN, by analogy with Map)', async () => {
    const definition = machine({
      P: { Type: 'Parallel', Branches: [block({ A: { Type: 'Wait', Seconds: 5, End: true } }), block({ B: { Type: 'Pass', End: true } })], End: true },
    });
    const result = await runDefinition(definition, {});
    const lastBranchEvent = one(result, 'WaitStateExited');
    expect(one(result, 'ParallelStateSucceeded').previousEventId).toBe(lastBranchEvent.id);
    expect(one(result, 'ParallelStateExited').previousEventId).toBe(lastBranchEvent.id);
    expect(result.types.at(-1)).toBe('ExecutionSucceeded');
  });

  it('a failing branch: ParallelStateFailed follows the failing event (FailStateEntered); ExecutionFailed follows ParallelStateFailed', async () => {
    const definition = machine({ P: { Type: 'Parallel', Branches: [block({ F: { Type: 'Fail', Error: 'FailureType' } })], End: true } });
    const result = await runDefinition(definition, {});
    const fail = one(result, 'FailStateEntered');
    const failed = one(result, 'ParallelStateFailed');
    expect(failed.previousEventId).toBe(fail.id);
    expect(result.history.at(-1)).toMatchObject({ type: 'ExecutionFailed', previousEventId: failed.id });
  });

  it('a caught branch failure: ParallelStateExited follows ParallelStateFailed', async () => {
    const definition = machine({
      P: { Type: 'Parallel', Branches: [block({ F: { Type: 'Fail', Error: 'E' } })], Catch: [{ ErrorEquals: ['States.ALL'], Next: 'R' }], End: true },
      R: { Type: 'Pass', End: true },
    });
    const result = await runDefinition(definition, {});
    expect(one(result, 'ParallelStateExited').previousEventId).toBe(one(result, 'ParallelStateFailed').id);
  });

  it('a failing branch aborts a running Task in the other branch (TaskStateAborted, no TaskStateExited)', async () => {
    const definition = machine({
      P: { Type: 'Parallel', Branches: [block({ T: { Type: 'Task', Resource: HANG, End: true } }), block({ W: { Type: 'Wait', Seconds: 1, Next: 'F' }, F: { Type: 'Fail', Error: 'E' } })], End: true },
    });
    const result = await runDefinition(definition, {}, { resources: { [HANG]: hang } });
    expect(result.types).toContain('TaskStateAborted');
    expect(result.types).not.toContain('TaskStateExited');
  });
});

describe('aborted iterations and evaluation failures in Map (AWS-recorded order)', () => {
  it('reference §6 (LS-recorded): when an iteration fails, MapIterationAborted and TaskStateAborted of the other iterations follow the first failure event', async () => {
    const definition = machine({ M: { Type: 'Map', ItemProcessor: block({ T: { Type: 'Task', Resource: ECHO, End: true } }), End: true } });
    const result = await runDefinition(definition, ['hang', 'fail'], {
      resources: { [ECHO]: (request) => { if (request.parameters === 'fail') throw new StatesError('E'); return hang(); } },
    });
    const firstFailure = one(result, 'TaskFailed');
    expect(one(result, 'TaskStateAborted').previousEventId).toBe(firstFailure.id);
    expect(one(result, 'MapIterationAborted').previousEventId).toBe(firstFailure.id);
  });

  it('reference §6 (LS-recorded): a JSONata failure of a Map (Items) records EvaluationFailed, then MapStateFailed, then ExecutionFailed', async () => {
    const definition = jsonataMachine({ M: { Type: 'Map', Items: '{% $nope %}', ItemProcessor: block({ P: { Type: 'Pass', End: true } }), End: true } });
    const result = await runDefinition(definition, {});
    expect(result.types).toEqual(['ExecutionStarted', 'MapStateEntered', 'EvaluationFailed', 'MapStateFailed', 'ExecutionFailed']);
  });
});
