import type { Message } from '@aws-sdk/client-sqs';
import type { TimerHandle, VirtualClock } from '../virtual-clock';
import type { LocalSqs } from './local-sqs';

export interface RedeliveryConfig {
  readonly queueUrl: string;
  readonly visibilityTimeoutSeconds: number;
  /** The queue's RedrivePolicy maxReceiveCount; undefined without a RedrivePolicy. */
  readonly maxReceiveCount: number | undefined;
}

interface Counts {
  /** ApproximateReceiveCount as local-aws-sqs holds it. */
  local: number;
  /** Increments of `local` caused by ChangeMessageVisibility. */
  bumps: number;
  /** Deliveries made from `kept`, which local-aws-sqs did not count. */
  kept: number;
}

/** The real visibility timeout of the mapping's receives: SQS's maximum, 12 hours. */
export const HIDDEN_SECONDS = 43_200;

const trueCount = (counts: Counts): number => counts.local - counts.bumps + counts.kept;

/**
 * Redelivery of the messages an event source mapping returns, after the queue's visibility
 * timeout on the runtime's (virtual) clock, with SQS's ApproximateReceiveCount and RedrivePolicy.
 *
 * local-aws-sqs counts visibility timeouts down with real timers, which the virtual clock cannot
 * skip. So the mapping receives with the longest real visibility timeout there is (12 h, longer
 * than any local run) and this class makes a returned message visible again when the queue's
 * visibility timeout has passed on the virtual clock, with ChangeMessageVisibility to 0, through
 * the queue's public API.
 *
 * local-aws-sqs has a known bug there: ChangeMessageVisibility adds one to the message's
 * ApproximateReceiveCount, and when the new timeout ends it moves the message to the dead-letter
 * queue if that inflated count reached maxReceiveCount. This class compensates:
 * - it counts, per message, the increments it caused (`bumps`) and the deliveries it made itself
 *   (`kept`, below), and reports the true count to the function: receives by local-aws-sqs
 *   minus bumps plus kept deliveries;
 * - it reveals with ChangeMessageVisibility only when the inflated count cannot trigger a wrong
 *   redrive: when there is no RedrivePolicy, when the inflated count stays under maxReceiveCount,
 *   or when the true count has reached it (then local-aws-sqs's own redrive moves the message to
 *   the dead-letter queue, body, attributes and MessageId intact, exactly when SQS would);
 * - otherwise (true count under maxReceiveCount, inflated count not) it keeps the message, still
 *   hidden in local-aws-sqs, and delivers it to the mapping again itself (`takeReady`). Once the
 *   true count reaches maxReceiveCount, the next return reveals it and local-aws-sqs redrives it.
 * A kept message is visible to this mapping only, not to other consumers of the queue: the
 * stacks' queues have the mapping as their only consumer. Nothing is lost: a kept message waits
 * for the mapping, even while it is disabled.
 */
export class Redelivery {
  private readonly counts = new Map<string, Counts>();
  private readonly ready: Message[] = [];
  private readonly timers = new Set<TimerHandle>();

  public constructor(
    private readonly sqs: Pick<LocalSqs, 'changeMessageVisibility'>,
    private readonly clock: VirtualClock,
    private readonly config: RedeliveryConfig,
  ) {}

  /** Returned messages due again that this class keeps for the mapping. */
  public get hasReady(): boolean {
    return this.ready.length > 0;
  }

  /** A message as a receive returned it, with its true ApproximateReceiveCount. */
  public received(message: Message): Message {
    const local = Number(message.Attributes?.ApproximateReceiveCount ?? '1');
    const id = message.MessageId ?? '';
    const known = this.counts.get(id);
    const counts: Counts = known ? { ...known, local } : { local, bumps: 0, kept: 0 };
    this.counts.set(id, counts);
    return this.withCount(message, counts);
  }

  /** Up to `max` of the kept messages that are due again, each counted as delivered. */
  public takeReady(max: number): Message[] {
    return this.ready.splice(0, max).map((message) => {
      const counts = this.counts.get(message.MessageId ?? '') ?? { local: 1, bumps: 0, kept: 0 };
      counts.kept += 1;
      this.counts.set(message.MessageId ?? '', counts);
      return this.withCount(message, counts);
    });
  }

  /** The message was deleted: nothing more to count. */
  public deleted(messageId: string): void {
    this.counts.delete(messageId);
  }

  /** The message goes back: due again after the visibility timeout, on the clock. */
  public returned(message: Message): void {
    const timer = this.clock.after(this.config.visibilityTimeoutSeconds * 1000, () => {
      this.timers.delete(timer);
      void this.reveal(message);
    });
    this.timers.add(timer);
  }

  /** Shutdown: the queue goes away with the runtime. */
  public stop(): void {
    for (const timer of this.timers) timer.cancel();
    this.timers.clear();
    this.ready.length = 0;
  }

  private async reveal(message: Message): Promise<void> {
    const id = message.MessageId ?? '';
    const counts = this.counts.get(id) ?? { local: 1, bumps: 0, kept: 0 };
    const max = this.config.maxReceiveCount;
    const redriven = max !== undefined && trueCount(counts) >= max;
    if (max !== undefined && !redriven && counts.local + 1 >= max) {
      this.ready.push(message);
      return;
    }
    // Until local-aws-sqs has made the message visible (or moved it), in a zero-delay timer of
    // its own, the message is neither hidden nor ready: the clock must not jump meanwhile.
    const release = this.clock.busy();
    try {
      await this.sqs.changeMessageVisibility({ QueueUrl: this.config.queueUrl, ReceiptHandle: message.ReceiptHandle ?? '', VisibilityTimeout: 0 });
      counts.local += 1;
      counts.bumps += 1;
      if (redriven) this.counts.delete(id);
    } catch (error) {
      // The message is gone (deleted by someone else, or the queue with the runtime).
      this.counts.delete(id);
      console.error(`redelivery of ${id}: ${(error as Error).message}`);
    } finally {
      // Timers of equal delay fire in the order they were set: this one after local-aws-sqs's.
      setTimeout(release, 0);
    }
  }

  private withCount(message: Message, counts: Counts): Message {
    return { ...message, Attributes: { ...message.Attributes, ApproximateReceiveCount: String(trueCount(counts)) } };
  }
}
