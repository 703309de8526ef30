/**
 * The pending timers of a clock, earliest first; timers due at the same instant in the order
 * they were added.
 *
 * A binary heap: adding and taking the earliest cost O(log n). A cancelled timer lets go of its
 * callback at once and stays in the heap until it reaches the top, or until the cancelled ones
 * outnumber the others and the heap is rebuilt without them: cancelling costs O(1) amortized. A
 * runtime with a thousand executions in flight holds a timer or two for each (TimeoutSeconds, a
 * message's visibility timeout), and cancels most of them long before they are due.
 */
export interface QueuedTimer {
  readonly due: number;
  readonly callback: () => void;
}

interface Entry {
  readonly due: number;
  readonly order: number;
  /** Undefined once cancelled or taken. */
  callback: (() => void) | undefined;
}

/** Below this many entries the heap is not worth rebuilding. */
const MIN_REBUILD = 64;

/** Cancels a queued timer; calling it again, or after the timer was taken, does nothing. */
export type CancelTimer = () => void;

export class TimerQueue {
  private heap: Entry[] = [];
  private order = 0;
  private live = 0;

  /** How many timers are queued and not cancelled. */
  public get size(): number {
    return this.live;
  }

  public add(due: number, callback: () => void): CancelTimer {
    const entry: Entry = { due, callback, order: this.order++ };
    this.heap.push(entry);
    this.live += 1;
    this.up(this.heap.length - 1);
    return () => {
      if (entry.callback === undefined) return;
      entry.callback = undefined;
      this.live -= 1;
      if (this.heap.length >= MIN_REBUILD && this.live * 2 < this.heap.length) this.rebuild();
    };
  }

  /** When the earliest timer is due; undefined when none is queued. */
  public get nextDue(): number | undefined {
    this.dropCancelled();
    return this.heap[0]?.due;
  }

  /** Takes the earliest timer: it can no longer be cancelled. */
  public take(): QueuedTimer | undefined {
    this.dropCancelled();
    const top = this.pop();
    const callback = top?.callback;
    if (top === undefined || callback === undefined) return undefined;
    top.callback = undefined;
    this.live -= 1;
    return { due: top.due, callback };
  }

  private dropCancelled(): void {
    while (this.heap.length > 0 && this.heap[0]?.callback === undefined) this.pop();
  }

  /** Drops every cancelled entry and restores the heap's order. */
  private rebuild(): void {
    this.heap = this.heap.filter((entry) => entry.callback !== undefined);
    for (let index = (this.heap.length >>> 1) - 1; index >= 0; index -= 1) this.down(index);
  }

  private pop(): Entry | undefined {
    const top = this.heap[0];
    const last = this.heap.pop();
    if (top !== undefined && last !== undefined && last !== top) {
      this.heap[0] = last;
      this.down(0);
    }
    return top;
  }

  private up(index: number): void {
    const { heap } = this;
    const entry = heap[index];
    if (entry === undefined) return;
    while (index > 0) {
      const parentIndex = (index - 1) >>> 1;
      const parent = heap[parentIndex];
      if (parent === undefined || !before(entry, parent)) break;
      heap[index] = parent;
      index = parentIndex;
    }
    heap[index] = entry;
  }

  private down(index: number): void {
    const { heap } = this;
    const entry = heap[index];
    if (entry === undefined) return;
    for (;;) {
      const leftIndex = 2 * index + 1;
      const left = heap[leftIndex];
      if (left === undefined) break;
      const right = heap[leftIndex + 1];
      const rightFirst = right !== undefined && before(right, left);
      const child = rightFirst ? right : left;
      if (!before(child, entry)) break;
      heap[index] = child;
      index = rightFirst ? leftIndex + 1 : leftIndex;
    }
    heap[index] = entry;
  }
}

/** Whether `a` comes out before `b`: earlier due, or due at the same instant and added earlier. */
const before = (a: Entry, b: Entry): boolean => a.due < b.due || (a.due === b.due && a.order < b.order);
