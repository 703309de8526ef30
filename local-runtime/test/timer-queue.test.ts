import fc from 'fast-check';
import { TimerQueue } from '../timer-queue';

/** Takes every timer, earliest first, and calls it. */
const drain = (queue: TimerQueue): void => {
  for (let timer = queue.take(); timer; timer = queue.take()) timer.callback();
};

describe('TimerQueue', () => {
  it('gives timers earliest first, and those due at the same instant in the order they were added', () => {
    const queue = new TimerQueue();
    const fired: string[] = [];
    queue.add(20, () => fired.push('a: 20'));
    queue.add(20, () => fired.push('b: 20'));
    queue.add(10, () => fired.push('c: 10'));
    queue.add(30, () => fired.push('d: 30'));
    queue.add(10, () => fired.push('e: 10'));
    expect(queue.nextDue).toBe(10);
    expect(queue.size).toBe(5);
    drain(queue);
    expect(fired).toEqual(['c: 10', 'e: 10', 'a: 20', 'b: 20', 'd: 30']);
    expect(queue.size).toBe(0);
    expect(queue.nextDue).toBeUndefined();
  });

  it('never gives a cancelled timer, and cancelling twice or after it was taken changes nothing', () => {
    const queue = new TimerQueue();
    const fired: string[] = [];
    const cancelFirst = queue.add(1, () => fired.push('first'));
    queue.add(2, () => fired.push('second'));
    const cancelThird = queue.add(3, () => fired.push('third'));
    cancelFirst();
    cancelFirst();
    expect(queue.size).toBe(2);
    expect(queue.nextDue).toBe(2);
    queue.take()?.callback();
    cancelThird();
    cancelThird();
    expect(queue.size).toBe(0);
    expect(queue.take()).toBeUndefined();
    expect(fired).toEqual(['second']);
  });

  it('keeps its order when most timers are cancelled and the heap is rebuilt without them', () => {
    const queue = new TimerQueue();
    const fired: number[] = [];
    const cancels = Array.from({ length: 500 }, (_, i) => queue.add(1000 - i, () => fired.push(1000 - i)));
    cancels.forEach((cancel, i) => { if (i % 5 !== 0) cancel(); });
    expect(queue.size).toBe(100);
    drain(queue);
    expect(fired).toEqual(Array.from({ length: 100 }, (_, i) => 1000 - 5 * (99 - i)));
  });

  it('gives any mix of added and cancelled timers in (due, creation) order', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ due: fc.integer({ min: 0, max: 20 }), cancel: fc.boolean() }), { maxLength: 300 }), (timers) => {
        const queue = new TimerQueue();
        const fired: number[] = [];
        const cancels = timers.map((timer, index) => queue.add(timer.due, () => fired.push(index)));
        timers.forEach((timer, index) => { if (timer.cancel) cancels[index]?.(); });
        drain(queue);
        const expected = timers
          .map((timer, index) => ({ ...timer, index }))
          .filter((timer) => !timer.cancel)
          .sort((a, b) => a.due - b.due || a.index - b.index)
          .map((timer) => timer.index);
        expect(fired).toEqual(expected);
      }),
    );
  });
});
