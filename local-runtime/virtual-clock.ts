import type { InterpreterClock, TimerHandle } from './interpreter/clock';
import { TimerQueue } from './timer-queue';

export type { TimerHandle };

/**
 * How the runtime's time passes.
 * - `virtual`: real time plus skipped gaps. When nothing is in flight, the clock jumps to its
 *   next timer, so that a 1-hour Wait or a 300 s timeout costs no wall time (`npm run demo`,
 *   `npm run execute`, the tests).
 * - `real`: real time only, for `npm run local`, where clients outside the runtime act at their
 *   own pace and the runtime cannot know what they are about to do.
 */
export type TimeMode = 'virtual' | 'real';

/**
 * Reports whether work is ready for the runtime to do although nothing is in flight yet (a
 * message visible in a queue that an event source mapping polls). While one does, the clock
 * does not jump. Probes are called often: they must be cheap and synchronous.
 */
export type ReadyWorkProbe = () => boolean;

/** An argument the clock cannot work with. */
export class ClockUsageError extends Error {
  public override readonly name = 'ClockUsageError';
}

/** Node's setTimeout fires at once beyond this (with a warning): longer waits are re-armed. */
const MAX_REAL_DELAY_MS = 2 ** 31 - 1;
/** setImmediate rounds the event loop must stay unchanged for, before and after a timers round. */
const SETTLE_ROUNDS = 3;
/** While a probe reports ready work, how often (real ms) the clock looks again. */
const PROBE_RECHECK_MS = 5;

/**
 * The runtime's clock: every duration the emulated services wait goes through it (Wait states,
 * retry intervals, TimeoutSeconds, HeartbeatSeconds, visibility timeouts, back-offs, batching
 * windows).
 *
 * Time is real time plus the gaps skipped so far. In `virtual` mode the clock skips a gap only
 * when the runtime is idle:
 * - nothing is in flight: every `busy()` has been released, every `track()`ed promise settled
 *   (a function invocation, an HTTP request being served, a batch being processed);
 * - no registered probe reports ready work;
 * - the event loop has settled: the state above held, unchanged, over SETTLE_ROUNDS setImmediate
 *   rounds, a timers round (setTimeout 0) and SETTLE_ROUNDS more rounds, so that promise chains,
 *   process.nextTick callbacks, completed I/O and zero-delay timers have all run.
 * Then it jumps to its earliest timer. While anything is in flight, time passes at the real rate.
 *
 * Timers due at the same instant fire in the order they were created, each in its own macrotask
 * (as Node's do, with microtasks in between); a timer set for the past fires at once. `now()`
 * never goes back, even if the system clock does.
 */
export class VirtualClock implements InterpreterClock {
  /** Milliseconds skipped so far: virtual time minus real time. */
  private skipped = 0;
  private latest = 0;
  /** Pending timers, earliest first; equal due times in creation order. */
  private readonly timers = new TimerQueue();
  private inFlight = 0;
  /** Changes whenever something that decides idleness changes: a settle restarts. */
  private epoch = 0;
  private readonly probes = new Set<ReadyWorkProbe>();
  private readonly settledWaiters: (() => void)[] = [];
  private realTimer: NodeJS.Timeout | undefined;
  private realTimerDue = Number.POSITIVE_INFINITY;
  private firing = false;
  private checking = false;

  public constructor(public readonly mode: TimeMode = 'virtual') {}

  /** The current time, in milliseconds since the epoch. */
  public now(): number {
    this.latest = Math.max(this.latest, Date.now() + this.skipped);
    return this.latest;
  }

  /** Calls `callback` once `ms` milliseconds have passed on this clock (at once for ms <= 0). */
  public after(ms: number, callback: () => void): TimerHandle {
    if (Number.isNaN(ms)) throw new ClockUsageError('a timer needs a number of milliseconds, got NaN');
    const cancelTimer = this.timers.add(this.now() + Math.max(0, ms), callback);
    this.changed();
    this.armRealTimer();
    let cancelled = false;
    return {
      cancel: () => {
        if (cancelled) return;
        cancelled = true;
        cancelTimer();
        this.changed();
      },
    };
  }

  /** Resolves after `ms` on this clock, or at once when `signal` aborts. */
  public sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal?.aborted) {
        resolve();
        return;
      }
      const onAbort = (): void => {
        timer.cancel();
        resolve();
      };
      const timer = this.after(ms, () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      });
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /**
   * Marks one piece of work in flight: the clock does not jump until the returned function is
   * called (calling it again does nothing).
   */
  public busy(): () => void {
    this.inFlight += 1;
    this.changed();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inFlight -= 1;
      this.changed();
    };
  }

  /** Keeps the clock from jumping until `promise` settles; returns it. */
  public track<T>(promise: Promise<T>): Promise<T> {
    const release = this.busy();
    promise.then(release, release);
    return promise;
  }

  /** Registers a ready-work probe; returns the function that removes it. */
  public addProbe(probe: ReadyWorkProbe): () => void {
    this.probes.add(probe);
    this.changed();
    return () => {
      this.probes.delete(probe);
      this.changed();
    };
  }

  /**
   * Resolves the next time the runtime is idle (nothing in flight, no ready work, the event loop
   * settled), in either mode: the point where a virtual clock would jump.
   */
  public settled(): Promise<void> {
    return new Promise((resolve) => {
      this.settledWaiters.push(resolve);
      this.scheduleCheck();
    });
  }

  // ---- Timers ---------------------------------------------------------------------------------

  /** One real timer, for the earliest virtual timer: time passes at the real rate meanwhile. */
  private armRealTimer(): void {
    const due = this.timers.nextDue;
    if (due === undefined) {
      this.clearRealTimer();
      return;
    }
    if (this.firing || (this.realTimer !== undefined && this.realTimerDue === due)) return;
    this.clearRealTimer();
    this.realTimerDue = due;
    this.realTimer = setTimeout(() => {
      this.realTimer = undefined;
      this.realTimerDue = Number.POSITIVE_INFINITY;
      this.fireDue();
    }, Math.min(MAX_REAL_DELAY_MS, Math.max(0, due - this.now())));
    // Pending timers alone do not keep the process alive, as a stopped runtime has none it needs.
    this.realTimer.unref();
  }

  private clearRealTimer(): void {
    if (this.realTimer !== undefined) clearTimeout(this.realTimer);
    this.realTimer = undefined;
    this.realTimerDue = Number.POSITIVE_INFINITY;
  }

  /** Fires the earliest timer if it is due, then the next due one in a later macrotask. */
  private fireDue(): void {
    const due = this.timers.nextDue;
    const next = due !== undefined && due <= this.now() ? this.timers.take() : undefined;
    if (!next) {
      this.armRealTimer();
      return;
    }
    this.changed();
    this.firing = true;
    try {
      next.callback();
    } finally {
      this.firing = false;
      if ((this.timers.nextDue ?? Number.POSITIVE_INFINITY) <= this.now()) {
        this.clearRealTimer();
        setImmediate(() => { this.fireDue(); });
      } else {
        this.armRealTimer();
      }
    }
  }

  // ---- Idleness and jumps ---------------------------------------------------------------------

  private changed(): void {
    this.epoch += 1;
    this.scheduleCheck();
  }

  private wantsCheck(): boolean {
    return this.settledWaiters.length > 0 || (this.mode === 'virtual' && this.timers.size > 0);
  }

  private quiet(): boolean {
    if (this.inFlight > 0) return false;
    for (const probe of this.probes) if (probe()) return false;
    return true;
  }

  /**
   * Starts a settle when the clock may be idle. A settle follows the event loop through
   * setImmediate rounds and a timers round; any change (epoch) restarts it, work in flight ends
   * it (the release that ends the work starts the next one), ready work polls again shortly.
   */
  private scheduleCheck(): void {
    if (this.checking || this.inFlight > 0 || !this.wantsCheck()) return;
    this.checking = true;
    let epoch = this.epoch;
    let step = 0;
    const stepsBeforeTimersRound = SETTLE_ROUNDS;
    const totalSteps = 2 * SETTLE_ROUNDS + 1;
    const next = (): void => {
      if (!this.wantsCheck() || this.inFlight > 0) {
        this.checking = false;
        return;
      }
      if (!this.quiet()) {
        epoch = this.epoch;
        step = 0;
        setTimeout(next, PROBE_RECHECK_MS).unref();
        return;
      }
      if (epoch !== this.epoch) {
        epoch = this.epoch;
        step = 0;
      }
      step += 1;
      if (step < totalSteps) {
        if (step === stepsBeforeTimersRound) setTimeout(next, 0).unref();
        else setImmediate(next);
        return;
      }
      this.checking = false;
      this.onIdle();
    };
    setImmediate(next);
  }

  private onIdle(): void {
    for (const resolve of this.settledWaiters.splice(0)) resolve();
    if (this.mode !== 'virtual') return;
    const due = this.timers.nextDue;
    if (due === undefined) return;
    const gap = due - this.now();
    if (gap > 0) this.skipped += gap;
    this.clearRealTimer();
    this.fireDue();
  }
}
