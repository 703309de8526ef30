/**
 * The execution history, as GetExecutionHistory returns it: events numbered from 1, each with
 * the id of the event it follows in its own flow (`previousEventId`). A flow is the top level, a
 * Parallel branch or a Map iteration: branches run side by side, so each keeps its own last event.
 */
export interface HistoryEvent {
  readonly id: number;
  readonly previousEventId: number;
  readonly timestamp: Date;
  readonly type: string;
  /** `<type>EventDetails` with the type's first letter in lower case, as the API names it. */
  readonly [details: string]: unknown;
}

/** A flow of events: its last event is what the next one follows. */
export class Flow {
  public constructor(public last: number) {}
}

/** The events that end an execution: nothing is recorded after one. */
const TERMINAL = new Set(['ExecutionSucceeded', 'ExecutionFailed', 'ExecutionAborted', 'ExecutionTimedOut']);

export class History {
  private count = 0;
  private ended = false;

  public constructor(
    private readonly now: () => number,
    private readonly onEvent: (event: HistoryEvent) => void,
  ) {}

  /** Records an event of `type` after the last event of `flow`, which it then becomes. */
  public record(flow: Flow, type: string, details?: object, previousEventId = flow.last): number {
    // What a stopped branch still reports after the execution ended is not part of its history.
    if (this.ended) return this.count;
    this.ended = TERMINAL.has(type);
    this.count += 1;
    const id = this.count;
    const event: HistoryEvent = { id, previousEventId, timestamp: new Date(this.now()), type, ...(details && { [detailsKey(type)]: details }) };
    flow.last = id;
    this.onEvent(event);
    return id;
  }
}

/**
 * The field of an event's details, as the API names it: `stateEnteredEventDetails` for every
 * `<X>StateEntered`, `stateExitedEventDetails` for every `<X>StateExited`, else the type's own
 * (`taskScheduledEventDetails`, `mapIterationStartedEventDetails`).
 */
export const detailsKey = (type: string): string => {
  if (type.endsWith('StateEntered')) return 'stateEnteredEventDetails';
  if (type.endsWith('StateExited')) return 'stateExitedEventDetails';
  return `${type.charAt(0).toLowerCase()}${type.slice(1)}EventDetails`;
};

/** JSON text of a value, as the history's input, output and parameters are. */
export const jsonText = (value: unknown): string => (value === undefined ? 'null' : JSON.stringify(value));
