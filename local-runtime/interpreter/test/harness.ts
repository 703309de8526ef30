import { randomBytes } from 'node:crypto';
import {
  Execution,
  loadStateMachine,
  StatesError,
  type ExecutionOutcome,
  type HistoryEvent,
  type InterpreterClock,
  type State,
  type TaskRequest,
  type TaskResource,
  type TaskResources,
  type TimerHandle,
} from '..';
import { detailsKey } from '../history';

/**
 * Runs definitions on the interpreter for the tests, with a clock of the tests' own: virtual
 * time that starts at a fixed instant and jumps to the next timer whenever the event loop has
 * nothing else to do. No test waits for real time or depends on this machine's speed.
 */
export class TestClock implements InterpreterClock {
  private time = Date.parse('2025-01-01T00:00:00.000Z');
  private readonly timers: { due: number; seq: number; callback: () => void; cancelled: boolean }[] = [];
  private seq = 0;
  private scheduled = false;

  public now(): number {
    return this.time;
  }

  public after(ms: number, callback: () => void): TimerHandle {
    const timer = { due: this.time + Math.max(0, ms), seq: (this.seq += 1), callback, cancelled: false };
    this.timers.push(timer);
    this.timers.sort((a, b) => a.due - b.due || a.seq - b.seq);
    this.schedule();
    return { cancel: () => { timer.cancelled = true; } };
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // Two turns of the event loop: whatever promise chains are under way settle first.
    setImmediate(() => {
      setImmediate(() => {
        this.scheduled = false;
        const next = this.timers.shift();
        if (!next) return;
        if (!next.cancelled) {
          this.time = Math.max(this.time, next.due);
          next.callback();
        }
        if (this.timers.length > 0) this.schedule();
      });
    });
  }
}

/** What a test's task resource does with a request. */
export type TaskBehaviour = (request: TaskRequest) => unknown;

export interface RunResult {
  readonly outcome: ExecutionOutcome;
  readonly history: HistoryEvent[];
  /** The history's event types, in order. */
  readonly types: string[];
  readonly requests: TaskRequest[];
  readonly clock: TestClock;
}

export interface RunOptions {
  /** The task resources, by Resource ARN; a behaviour's return value (or promise) is the result. */
  readonly resources?: Readonly<Record<string, TaskBehaviour>>;
  /** Called with the execution once it started, e.g. to stop it. */
  readonly started?: (execution: Execution) => void;
  readonly name?: string;
  /** The clock to run on, when a test's resources set timers of their own on it. */
  readonly clock?: TestClock;
}

/** Test resources: each Resource ARN named in `behaviours` runs its behaviour. */
export const testResources = (behaviours: Readonly<Record<string, TaskBehaviour>>, requests: TaskRequest[] = []): TaskResources => ({
  resolve: (stateName: string, state: State): TaskResource => {
    const resource = state.Resource ?? '';
    const behaviour = behaviours[resource];
    if (!behaviour) throw new StatesError('Test.NoResource', `no test behaviour for ${resource} (state ${stateName})`);
    const lambda = resource.startsWith('arn:aws:lambda:');
    return {
      events: lambda ? 'lambdaFunction' : 'task',
      resourceType: lambda ? 'lambda' : (resource.split(':')[5] ?? ''),
      resource: lambda ? resource : (resource.split(':').slice(6).join(':')),
      run: (request) => {
        requests.push(request);
        return Promise.resolve().then(() => behaviour(request));
      },
    };
  },
});

export const definitionText = (definition: unknown): string => (typeof definition === 'string' ? definition : JSON.stringify(definition));

/** Runs `definition` once with `input`, to its end. */
export const runDefinition = async (definition: unknown, input: unknown = {}, options: RunOptions = {}): Promise<RunResult> => {
  const requests: TaskRequest[] = [];
  const machine = loadStateMachine(definitionText(definition), testResources(options.resources ?? {}, requests));
  const clock = options.clock ?? new TestClock();
  const history: HistoryEvent[] = [];
  const name = options.name ?? 'test-execution';
  const execution = new Execution({
    machine,
    identity: {
      executionArn: `arn:aws:states:us-east-1:123456789012:execution:TestMachine:${name}`,
      name,
      roleArn: 'arn:aws:iam::123456789012:role/TestRole',
      stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:TestMachine',
      stateMachineName: 'TestMachine',
      startTime: new Date(clock.now()).toISOString(),
      input,
    },
    host: {
      clock,
      region: 'us-east-1',
      mintTaskToken: () => `AQ${randomBytes(72).toString('base64url')}`,
      closeTaskToken: () => undefined,
      random: () => 0.5,
    },
    onEvent: (event) => history.push(event),
  });
  options.started?.(execution);
  const outcome = await execution.outcome;
  return { outcome, history, types: history.map((event) => event.type), requests, clock };
};

/** The details of the first event of `type`. */
export const detailsOf = (result: RunResult, type: string, nth = 0): Record<string, unknown> => {
  const event = result.history.filter((e) => e.type === type)[nth];
  if (!event) throw new Error(`no ${type} event #${nth} in ${result.types.join(', ')}`);
  return event[detailsKey(type)] as Record<string, unknown>;
};
