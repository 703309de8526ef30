import { ClockUsageError, VirtualClock } from '../virtual-clock';

// The clock's contract, asserted by order and by the clock's own time, never by wall time: a
// 1-hour timer that fires within the test's run shows that the clock skipped the gap.
const HOUR = 3_600_000;

/** A few turns of the event loop: promise chains, immediates and a timers round. */
const turns = async (count = 3): Promise<void> => {
  for (let i = 0; i < count; i += 1) {
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
};

describe('virtual mode', () => {
  it('jumps to the next timer when nothing is in flight', async () => {
    const clock = new VirtualClock('virtual');
    const started = clock.now();
    await clock.sleep(HOUR);
    expect(clock.now() - started).toBeGreaterThanOrEqual(HOUR);
  });

  it('fires timers in order of due time, and those due at the same instant in order of creation', async () => {
    const clock = new VirtualClock('virtual');
    const fired: string[] = [];
    const base = clock.now();
    // Timers created at different instants but due at the same one: a second timer at +2 h
    // created after the first at +2 h, and one at +1 h created last.
    clock.after(2 * HOUR, () => fired.push('a: +2h'));
    clock.after(2 * HOUR, () => fired.push('b: +2h'));
    clock.after(HOUR, () => fired.push('c: +1h'));
    clock.after(0, () => fired.push('d: now'));
    await clock.sleep(3 * HOUR);
    expect(fired).toEqual(['d: now', 'c: +1h', 'a: +2h', 'b: +2h']);
    expect(clock.now() - base).toBeGreaterThanOrEqual(3 * HOUR);
  });

  it('fires a timer set for the past, or for no time, at once: without waiting for idleness', async () => {
    const clock = new VirtualClock('virtual');
    const release = clock.busy();
    const fired: string[] = [];
    clock.after(-5_000, () => fired.push('past'));
    clock.after(0, () => fired.push('zero'));
    await turns();
    expect(fired).toEqual(['past', 'zero']);
    release();
  });

  it('does not jump while work is in flight, and jumps once it is released', async () => {
    const clock = new VirtualClock('virtual');
    const events: string[] = [];
    const release = clock.busy();
    void clock.sleep(HOUR).then(() => events.push('timer'));
    await turns(5);
    events.push('released');
    release();
    await clock.sleep(2 * HOUR);
    expect(events).toEqual(['released', 'timer']);
  });

  it('does not jump until a tracked promise settles, rejected ones included', async () => {
    const clock = new VirtualClock('virtual');
    const events: string[] = [];
    let fail!: (error: Error) => void;
    const work = clock.track(new Promise<void>((_, reject) => { fail = reject; }));
    work.catch(() => events.push('work failed'));
    void clock.sleep(HOUR).then(() => events.push('timer'));
    await turns(5);
    fail(new Error('boom'));
    await clock.sleep(2 * HOUR);
    expect(events).toEqual(['work failed', 'timer']);
  });

  it('does not jump while a probe reports ready work', async () => {
    const clock = new VirtualClock('virtual');
    const events: string[] = [];
    let ready = true;
    const remove = clock.addProbe(() => ready);
    void clock.sleep(HOUR).then(() => events.push('timer'));
    await turns(5);
    events.push('work taken');
    ready = false;
    await clock.sleep(2 * HOUR);
    expect(events).toEqual(['work taken', 'timer']);
    remove();
  });

  it('lets a promise chain started by a timer run before it jumps again', async () => {
    const clock = new VirtualClock('virtual');
    const events: string[] = [];
    // Work that a timer starts through several promise hops and an immediate, without marking
    // itself busy: the loop must settle before the next jump.
    void clock.sleep(HOUR).then(async () => {
      await Promise.resolve();
      await new Promise((resolve) => setImmediate(resolve));
      events.push('chain done');
    });
    void clock.sleep(2 * HOUR).then(() => events.push('next timer'));
    await clock.sleep(3 * HOUR);
    expect(events).toEqual(['chain done', 'next timer']);
  });

  it('never fires a cancelled timer, and sleep ends at once when its signal aborts', async () => {
    const clock = new VirtualClock('virtual');
    const fired: string[] = [];
    clock.after(HOUR, () => fired.push('cancelled')).cancel();
    const abort = new AbortController();
    const sleeping = clock.sleep(10 * HOUR, abort.signal).then(() => fired.push('aborted sleep'));
    const release = clock.busy();
    abort.abort();
    await sleeping;
    release();
    await clock.sleep(2 * HOUR);
    expect(fired).toEqual(['aborted sleep']);
  });

  it('keeps now() monotonic', async () => {
    const clock = new VirtualClock('virtual');
    const readings: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      readings.push(clock.now());
      await clock.sleep(i * 1000);
      readings.push(clock.now());
    }
    expect(readings).toEqual([...readings].sort((a, b) => a - b));
  });

  it('resolves settled() when the runtime is idle, before it jumps', async () => {
    const clock = new VirtualClock('virtual');
    const events: string[] = [];
    void clock.sleep(HOUR).then(() => events.push('timer'));
    await clock.settled();
    events.push('settled');
    await clock.sleep(2 * HOUR);
    expect(events).toEqual(['settled', 'timer']);
  });

  it('refuses a timer of NaN milliseconds', () => {
    expect(() => new VirtualClock().after(Number.NaN, () => undefined)).toThrow(ClockUsageError);
  });
});

describe('real mode', () => {
  it('never skips: a timer fires only when its real time has come', async () => {
    const clock = new VirtualClock('real');
    const events: string[] = [];
    clock.after(HOUR, () => events.push('an hour'));
    await clock.sleep(5);
    await clock.settled();
    events.push('short sleep and idle');
    expect(events).toEqual(['short sleep and idle']);
  });
});
