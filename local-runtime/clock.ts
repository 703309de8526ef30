/**
 * The runtime's clock. Every duration the emulated services wait (Wait states, retry intervals,
 * task and heartbeat timeouts, visibility timeouts, batching windows) goes through it, scaled by
 * `timeScale`: 0.01 makes 10 s take 100 ms, so that demos and tests do not sleep for real.
 * Timestamps stay real.
 */
export interface TimerHandle {
  cancel: () => void;
}

/** Node's setTimeout fires at once beyond this (with a warning); longer waits are chained. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class Clock {
  public constructor(public readonly timeScale = 1) {
    if (!Number.isFinite(timeScale) || timeScale <= 0) {
      throw new RangeError(`time scale must be a positive number, got ${timeScale}`);
    }
  }

  /** Real milliseconds for `ms` of emulated time. */
  public scale(ms: number): number {
    return Math.max(0, ms * this.timeScale);
  }

  /** Calls `callback` after `ms` of emulated time. */
  public after(ms: number, callback: () => void): TimerHandle {
    let remaining = this.scale(ms);
    let timer: NodeJS.Timeout;
    const arm = (): void => {
      const step = Math.min(remaining, MAX_TIMER_MS);
      remaining -= step;
      timer = setTimeout(remaining > 0 ? arm : callback, step);
    };
    arm();
    return { cancel: () => { clearTimeout(timer); } };
  }

  /** Resolves after `ms` of emulated time, or at once when `signal` aborts. */
  public sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal?.aborted) {
        resolve();
        return;
      }
      const timer = this.after(ms, () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      });
      const onAbort = (): void => {
        timer.cancel();
        resolve();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /**
   * setTimeout and clearTimeout with this clock's scale, for code that takes them as globals
   * (the ASL engine: see stepfunctions/engine.ts).
   */
  public timerGlobals(): { setTimeout: (callback: () => void, ms?: number) => TimerHandle; clearTimeout: (handle?: TimerHandle) => void } {
    return {
      setTimeout: (callback, ms = 0) => this.after(ms, callback),
      clearTimeout: (handle) => handle?.cancel(),
    };
  }
}
