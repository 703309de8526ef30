import { StatesError, type TaskResources } from '../interpreter';

/**
 * Mocked Task states: a state whose attempts answer with a given result or error instead of
 * calling its resource, for tests of a stack's own logic (Retry, Catch, Choice on a result). As
 * with AWS's TestState mocks, the state's data flow (Parameters, ResultSelector, Output, ...)
 * still runs; only the call to the resource is replaced.
 */
export type TaskMock =
  | { readonly result: unknown }
  | { readonly error: string; readonly cause?: string };

export interface TaskMockOptions {
  /** Only in this state machine (its name); by default in every state machine of the stack. */
  readonly stateMachineName?: string;
  /** Only the next `times` attempts; then the resource runs again. By default every attempt. */
  readonly times?: number;
}

interface Entry {
  readonly mock: TaskMock;
  readonly stateMachineName: string | undefined;
  remaining: number;
}

export class TaskMocks {
  private readonly byState = new Map<string, Entry[]>();

  public set(stateName: string, mock: TaskMock, options: TaskMockOptions = {}): void {
    if (options.times !== undefined && (!Number.isInteger(options.times) || options.times < 1)) throw new RangeError(`times must be a positive integer, got ${options.times}`);
    const entries = (this.byState.get(stateName) ?? []).filter((entry) => entry.stateMachineName !== options.stateMachineName);
    entries.push({ mock, stateMachineName: options.stateMachineName, remaining: options.times ?? Number.POSITIVE_INFINITY });
    this.byState.set(stateName, entries);
  }

  public clear(): void {
    this.byState.clear();
  }

  /**
   * The answer of a mocked attempt of `stateName` in `stateMachineName`, counted as used, or
   * undefined when the state is not mocked: a promise of the result, or a rejection with its error.
   */
  public take(stateMachineName: string, stateName: string): Promise<unknown> | undefined {
    const entries = this.byState.get(stateName);
    const entry = entries?.find((e) => e.stateMachineName === stateMachineName && e.remaining > 0) ?? entries?.find((e) => e.stateMachineName === undefined && e.remaining > 0);
    if (!entry) return undefined;
    entry.remaining -= 1;
    const { mock } = entry;
    return 'result' in mock ? Promise.resolve(structuredClone(mock.result)) : Promise.reject(new StatesError(mock.error, mock.cause ?? ''));
  }
}

/** The Task resources of a state machine, with its mocked states answered by `mocks`. */
export const withMocks = (resources: TaskResources, mocks: TaskMocks, stateMachineName: string): TaskResources => ({
  resolve: (stateName, state) => {
    const resource = resources.resolve(stateName, state);
    return { ...resource, run: (request) => mocks.take(stateMachineName, stateName) ?? resource.run(request) };
  },
});
