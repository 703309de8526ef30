/**
 * The interpreter has no clock of its own: it reads the time and sets its timers (Wait states,
 * retry intervals, TimeoutSeconds, HeartbeatSeconds) through this interface, which the runtime
 * implements with virtual time (see ../virtual-clock.ts).
 */
export interface TimerHandle {
  cancel(): void;
}

export interface InterpreterClock {
  /** The current time, in milliseconds since the epoch. */
  now(): number;
  /** Calls `callback` once `ms` milliseconds have passed on this clock. */
  after(ms: number, callback: () => void): TimerHandle;
}
