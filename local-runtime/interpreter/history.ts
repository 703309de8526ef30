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
    const event: Record<string, unknown> = { id, previousEventId, timestamp: new Date(this.now()), type };
    if (details) event[detailsKey(type)] = details;
    flow.last = id;
    this.onEvent(event as HistoryEvent);
    return id;
  }
}

/** detailsKey's answers so far: there are a few dozen event types, and every event needs one. */
const DETAILS_KEYS = new Map<string, string>();

/**
 * The field of an event's details, as the API names it: `stateEnteredEventDetails` for every
 * `<X>StateEntered`, `stateExitedEventDetails` for every `<X>StateExited`, else the type's own
 * (`taskScheduledEventDetails`, `mapIterationStartedEventDetails`).
 */
export const detailsKey = (type: string): string => {
  let key = DETAILS_KEYS.get(type);
  if (key === undefined) {
    if (type.endsWith('StateEntered')) key = 'stateEnteredEventDetails';
    else if (type.endsWith('StateExited')) key = 'stateExitedEventDetails';
    else key = `${type.charAt(0).toLowerCase()}${type.slice(1)}EventDetails`;
    DETAILS_KEYS.set(type, key);
  }
  return key;
};

/** JSON text of a value, as the history's input, output and parameters are. */
export const jsonText = (value: unknown): string => (value === undefined ? 'null' : JSON.stringify(value));
