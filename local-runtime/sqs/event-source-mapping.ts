import type { Message } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSRecord } from 'aws-lambda';
import type { LocalFunction } from '../lambda/local-function';
import type { InvocationResult } from '../lambda/execution-environment';
import type { VirtualClock } from '../virtual-clock';
import type { LocalSqs } from './local-sqs';
import { HIDDEN_SECONDS, Redelivery } from './redelivery';

const SHORT_POLL_MS = 40;

export interface EventSourceMappingConfig {
  readonly queueName: string;
  readonly queueUrl: string;
  readonly queueArn: string;
  readonly region: string;
  readonly batchSize: number;
  readonly maximumBatchingWindowInSeconds: number;
  readonly reportBatchItemFailures: boolean;
  readonly maximumConcurrency: number;
  /** The queue's VisibilityTimeout: how long a received message stays hidden. */
  readonly visibilityTimeoutSeconds: number;
  /** The queue's RedrivePolicy maxReceiveCount; undefined without a RedrivePolicy. */
  readonly maxReceiveCount: number | undefined;
}

/** A batch the mapping holds: work in flight on the clock until `release`. */
interface HeldBatch {
  readonly messages: Message[];
  readonly release: () => void;
}

/** What the mapping did with a batch, for the timeline and the tests. */
export interface BatchOutcome {
  readonly functionLogicalId: string;
  readonly messageIds: readonly string[];
  readonly result: InvocationResult;
  /** Deleted from the queue: processed. */
  readonly deleted: readonly string[];
  /** Left for redelivery after the visibility timeout (then the dead-letter queue). */
  readonly returned: readonly string[];
  /** Why records returned to the queue; undefined when none did. */
  readonly returnReason?: ReturnReason;
}

/** Why an event source mapping returns records to the queue. */
export interface ReturnReason {
  readonly kind: 'thrownError' | 'timeout' | 'crash' | 'reportedFailure' | 'malformedResponse';
  /** One line, for the timeline. */
  readonly description: string;
}

/** Why a failed invocation returns its whole batch. */
const failedInvocation = (result: Extract<InvocationResult, { ok: false }>): ReturnReason => {
  if (result.errorType === 'Sandbox.Timedout') return { kind: 'timeout', description: `the function timed out (${result.errorType})` };
  if (result.errorType === 'Runtime.ExitError') return { kind: 'crash', description: `the execution environment crashed (${result.errorType})` };
  return { kind: 'thrownError', description: `the function failed: ${result.errorType}: ${result.errorMessage.split('\n')[0] ?? ''}` };
};

/** The records a ReportBatchItemFailures response returns, or why it is malformed. */
type ItemFailures = { readonly failed: readonly string[] } | { readonly malformed: string };

/**
 * The SQS event source mapping of a function, as Lambda runs it: pollers receive batches of up
 * to BatchSize messages (waiting up to MaximumBatchingWindowInSeconds to fill one), invoke the
 * function, and delete what succeeded. A failed invocation returns the whole batch; with
 * ReportBatchItemFailures, only the records the function lists return. Returned messages are
 * delivered again after the visibility timeout, and the queue's RedrivePolicy moves them to the
 * dead-letter queue after maxReceiveCount receives (see redelivery.ts).
 *
 * On the clock: a batch is work in flight from the receive that returns its first message until
 * its messages are deleted or returned; while enabled, a message ready in the queue is ready work
 * (a probe), so that the clock does not jump over it. The visibility timeout, the batching window
 * and the back-off after a failed receive are on the clock.
 */
export class EventSourceMapping {
  /** Set while enabled; aborted on shutdown, which also abandons the receives in flight. */
  private abort: AbortController | undefined;
  private enabled = false;
  private readonly pollers: Promise<void>[] = [];
  private readonly redelivery: Redelivery;
  private removeProbe: (() => void) | undefined;

  public constructor(
    private readonly sqs: Pick<LocalSqs, 'receiveMessage' | 'deleteMessageBatch' | 'changeMessageVisibility' | 'pendingMessages'>,
    private readonly fn: LocalFunction,
    private readonly config: EventSourceMappingConfig,
    private readonly clock: VirtualClock,
    private readonly onBatch: (outcome: BatchOutcome) => void,
  ) {
    this.redelivery = new Redelivery(sqs, clock, config);
  }

  public get functionLogicalId(): string {
    return this.fn.spec.logicalId;
  }

  /** Enabled: pollers receive and invoke (UpdateEventSourceMapping Enabled: true). */
  public start(): void {
    if (this.enabled) return;
    this.enabled = true;
    this.abort ??= new AbortController();
    const { signal } = this.abort;
    // Delayed messages count too: local-aws-sqs counts DelaySeconds down in real time, which
    // the clock must let pass rather than jump over.
    this.removeProbe ??= this.clock.addProbe(() => {
      const pending = this.sqs.pendingMessages(this.config.queueName);
      return this.redelivery.hasReady || pending.visible > 0 || pending.delayed > 0;
    });
    for (let i = 0; i < this.config.maximumConcurrency; i += 1) this.pollers.push(this.poll(signal));
  }

  /**
   * Disabled: no new receive starts; the receives in flight finish and their batches are
   * processed. (A receive cut short would still take its message on local-aws-sqs, hidden and
   * counted as a receive, which could send it to the dead-letter queue unprocessed.)
   */
  public async disable(): Promise<void> {
    this.enabled = false;
    this.removeProbe?.();
    this.removeProbe = undefined;
    await Promise.allSettled(this.pollers);
    this.pollers.length = 0;
  }

  /** Shutdown: the queue goes away with the runtime, so requests in flight are cut short. */
  public async stop(): Promise<void> {
    this.enabled = false;
    this.removeProbe?.();
    this.removeProbe = undefined;
    this.redelivery.stop();
    this.abort?.abort();
    this.abort = undefined;
    await Promise.allSettled(this.pollers);
    this.pollers.length = 0;
  }

  private async poll(signal: AbortSignal): Promise<void> {
    const stopped = (): boolean => signal.aborted || !this.enabled;
    let backlog = false;
    while (!stopped()) {
      try {
        const batch = await this.receiveBatch(signal, backlog);
        backlog = batch?.messages.length === this.config.batchSize;
        if (batch) await this.process(batch);
      } catch (error) {
        if (stopped()) return;
        // The queue could not be read: back off as Lambda's pollers do, then try again.
        console.error(`event source mapping ${this.config.queueArn}: ${(error as Error).message}`);
        await this.clock.sleep(1000, signal);
      }
    }
  }

  /**
   * Messages kept for redelivery first (see redelivery.ts); else a long poll for one message:
   * local-aws-sqs answers a long poll for several messages only when they all arrived or the
   * wait is over. It lasts a second, so that disabling the mapping waits no longer. Then short
   * polls fill the batch until it is full or the batching window closes. After a full batch, the
   * queue likely holds another: one short poll for a whole batch takes it at once.
   *
   * The batch is in flight from the moment its first message is taken: the clock does not jump
   * while the mapping holds messages, so the batching window passes in real time then.
   */
  private async receiveBatch(signal: AbortSignal, backlog: boolean): Promise<HeldBatch | undefined> {
    const { batchSize } = this.config;
    const windowMs = this.config.maximumBatchingWindowInSeconds * 1000;
    let first = this.redelivery.takeReady(batchSize);
    if (first.length === 0) {
      // A short poll of local-aws-sqs answers after up to 40 ms when the queue has fewer messages
      // than asked for: not worth starting when the window closes sooner.
      first = backlog && windowMs >= SHORT_POLL_MS ? await this.receive(batchSize, 0, signal) : await this.receive(1, 1, signal);
      if (first.length === 0) return undefined;
    }
    const release = this.clock.busy();
    const batch = [...first];
    try {
      const closes = this.clock.now() + windowMs;
      while (batch.length < batchSize && closes - this.clock.now() >= SHORT_POLL_MS && !signal.aborted) {
        // Nothing more to take now: on virtual time the rest of the window would pass at once, so
        // the batch goes without waiting for a short poll that can only come back empty.
        if (this.sqs.pendingMessages(this.config.queueName).visible === 0) break;
        const more = await this.receive(batchSize - batch.length, 0, signal);
        if (more.length === 0) break;
        batch.push(...more);
      }
      return { messages: batch, release };
    } catch (error) {
      // What was taken goes back, as after a failed invocation: none stays hidden for good.
      for (const message of batch) this.redelivery.returned(message);
      release();
      throw error;
    }
  }

  private async receive(count: number, waitTimeSeconds: number, signal: AbortSignal): Promise<Message[]> {
    const messages = await this.sqs.receiveMessage(
      {
        QueueUrl: this.config.queueUrl,
        MaxNumberOfMessages: count,
        WaitTimeSeconds: waitTimeSeconds,
        // Hidden for good in real time: redelivery is on the clock (see redelivery.ts).
        VisibilityTimeout: HIDDEN_SECONDS,
        // local-aws-sqs reads the older AttributeNames, not MessageSystemAttributeNames.
        // eslint-disable-next-line @typescript-eslint/no-deprecated
        AttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      },
      signal,
    );
    return messages.map((message) => this.redelivery.received(message));
  }

  /**
   * Invokes the function with a batch, deletes what succeeded and returns the rest. Every message
   * ends deleted or returned, even when a delete fails: none stays hidden for good.
   */
  private async process({ messages, release }: HeldBatch): Promise<void> {
    const settled = new Set<string>();
    try {
      const records = messages.map((message) => this.toRecord(message));
      const result = await this.fn.invoke({ Records: records });
      const ids = records.map((record) => record.messageId);
      let returnReason: ReturnReason | undefined;
      let failed: readonly string[];
      if (!result.ok) {
        failed = ids;
        returnReason = failedInvocation(result);
      } else {
        const failures = this.failedItems(result.payload, ids);
        if ('malformed' in failures) {
          failed = ids;
          returnReason = { kind: 'malformedResponse', description: `the response is not a valid ReportBatchItemFailures response (${failures.malformed}): the whole batch fails` };
        } else {
          failed = failures.failed;
          if (failed.length > 0) returnReason = { kind: 'reportedFailure', description: `the function reported ${failed.length} failure(s) in batchItemFailures` };
        }
      }
      const returned = new Set(failed);
      for (const message of messages) {
        if (!returned.has(message.MessageId ?? '')) continue;
        settled.add(message.MessageId ?? '');
        this.redelivery.returned(message);
      }
      const toDelete = records.filter((record) => !returned.has(record.messageId));
      for (let i = 0; i < toDelete.length; i += 10) {
        const chunk = toDelete.slice(i, i + 10);
        const { Failed = [] } = await this.sqs.deleteMessageBatch({
          QueueUrl: this.config.queueUrl,
          Entries: chunk.map((record, index) => ({ Id: String(index), ReceiptHandle: record.receiptHandle })),
        });
        // A delete that failed leaves its message unsettled: it is returned for redelivery below.
        const notDeleted = new Set(Failed.map((entry) => entry.Id));
        for (const [index, record] of chunk.entries()) {
          if (notDeleted.has(String(index))) continue;
          settled.add(record.messageId);
          this.redelivery.deleted(record.messageId);
        }
      }
      this.onBatch({
        functionLogicalId: this.fn.spec.logicalId,
        messageIds: ids,
        result,
        deleted: toDelete.map((record) => record.messageId),
        returned: [...returned],
        ...(returnReason && { returnReason }),
      });
    } finally {
      for (const message of messages) if (!settled.has(message.MessageId ?? '')) this.redelivery.returned(message);
      release();
    }
  }

  /**
   * The records to return, from a ReportBatchItemFailures response. As in Lambda, a null or empty
   * response or batchItemFailures is a success, and a response whose batchItemFailures is not a
   * list, or names an empty, unknown or missing itemIdentifier, fails the whole batch.
   */
  private failedItems(payload: unknown, ids: readonly string[]): ItemFailures {
    if (!this.config.reportBatchItemFailures || payload === null || typeof payload !== 'object') return { failed: [] };
    const failures: unknown = (payload as Partial<SQSBatchResponse>).batchItemFailures;
    if (failures === undefined || failures === null) return { failed: [] };
    if (!Array.isArray(failures)) return { malformed: `batchItemFailures is ${JSON.stringify(failures)}, not a list` };
    const listed: unknown[] = failures.map((failure: unknown) => (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier);
    const wrong = listed.findIndex((id) => typeof id !== 'string' || !ids.includes(id));
    if (wrong >= 0) {
      const id = listed[wrong];
      const what = typeof id === 'string' ? (id === '' ? 'is empty' : `${JSON.stringify(id)} is not a message of the batch`) : 'is missing';
      return { malformed: `batchItemFailures[${wrong}].itemIdentifier ${what}` };
    }
    return { failed: [...new Set(listed as string[])] };
  }

  private toRecord(message: Message): SQSRecord {
    const attributes = message.Attributes ?? {};
    return {
      messageId: message.MessageId ?? '',
      receiptHandle: message.ReceiptHandle ?? '',
      body: message.Body ?? '',
      attributes: {
        ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
        SentTimestamp: attributes.SentTimestamp ?? String(this.clock.now()),
        SenderId: attributes.SenderId ?? '',
        ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? String(this.clock.now()),
      },
      messageAttributes: Object.fromEntries(
        Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [
          name,
          { dataType: value.DataType ?? 'String', stringValue: value.StringValue, stringListValues: [], binaryListValues: [] },
        ]),
      ),
      md5OfBody: message.MD5OfBody ?? '',
      eventSource: 'aws:sqs',
      eventSourceARN: this.config.queueArn,
      awsRegion: this.config.region,
    };
  }
}
