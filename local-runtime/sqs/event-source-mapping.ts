import type { Message } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSRecord } from 'aws-lambda';
import type { Clock } from '../clock';
import type { LocalFunction } from '../lambda/local-function';
import type { InvocationResult } from '../lambda/execution-environment';
import type { LocalSqs } from './local-sqs';

const SHORT_POLL_MS = 40;

export interface EventSourceMappingConfig {
  readonly queueUrl: string;
  readonly queueArn: string;
  readonly region: string;
  readonly batchSize: number;
  readonly maximumBatchingWindowInSeconds: number;
  readonly reportBatchItemFailures: boolean;
  readonly maximumConcurrency: number;
  /** The queue's VisibilityTimeout: how long a received message stays hidden. */
  readonly visibilityTimeoutSeconds: number;
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
}

/**
 * The SQS event source mapping of a function, as Lambda runs it: pollers receive batches of up
 * to BatchSize messages (waiting up to MaximumBatchingWindowInSeconds to fill one), invoke the
 * function, and delete what succeeded. A failed invocation returns the whole batch; with
 * ReportBatchItemFailures, only the records the function lists return. Returned messages are
 * delivered again after the visibility timeout, and the queue's RedrivePolicy moves them to the
 * dead-letter queue after maxReceiveCount receives.
 */
export class EventSourceMapping {
  /** Set while enabled; aborted on shutdown, which also abandons the receives in flight. */
  private abort: AbortController | undefined;
  private enabled = false;
  private readonly pollers: Promise<void>[] = [];

  public constructor(
    private readonly sqs: Pick<LocalSqs, 'receiveMessage' | 'deleteMessageBatch'>,
    private readonly fn: LocalFunction,
    private readonly config: EventSourceMappingConfig,
    private readonly clock: Clock,
    private readonly onBatch: (outcome: BatchOutcome) => void,
  ) {}

  public get functionLogicalId(): string {
    return this.fn.spec.logicalId;
  }

  /** Enabled: pollers receive and invoke (UpdateEventSourceMapping Enabled: true). */
  public start(): void {
    if (this.enabled) return;
    this.enabled = true;
    this.abort ??= new AbortController();
    const { signal } = this.abort;
    for (let i = 0; i < this.config.maximumConcurrency; i += 1) this.pollers.push(this.poll(signal));
  }

  /**
   * Disabled: no new receive starts; the receives in flight finish and their batches are
   * processed. (A receive cut short would still take its message on local-aws-sqs, hidden and
   * counted as a receive, which could send it to the dead-letter queue unprocessed.)
   */
  public async disable(): Promise<void> {
    this.enabled = false;
    await Promise.allSettled(this.pollers);
    this.pollers.length = 0;
  }

  /** Shutdown: the queue goes away with the runtime, so requests in flight are cut short. */
  public async stop(): Promise<void> {
    this.enabled = false;
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
        backlog = batch.length === this.config.batchSize;
        if (batch.length > 0) await this.process(batch);
      } catch (error) {
        if (stopped()) return;
        // The queue could not be read: back off as Lambda's pollers do, then try again.
        console.error(`event source mapping ${this.config.queueArn}: ${(error as Error).message}`);
        await this.clock.sleep(1000, signal);
      }
    }
  }

  /**
   * A long poll for one message first: local-aws-sqs answers a long poll for several messages
   * only when they all arrived or the wait is over. It lasts a second, so that disabling the
   * mapping waits no longer. Then short polls fill the batch until it is full or the batching
   * window closes. After a full batch, the queue likely holds another: one short poll for a
   * whole batch takes it at once.
   */
  private async receiveBatch(signal: AbortSignal, backlog: boolean): Promise<Message[]> {
    const { batchSize } = this.config;
    const windowMs = this.clock.scale(this.config.maximumBatchingWindowInSeconds * 1000);
    const closes = Date.now() + windowMs;
    // A short poll of local-aws-sqs answers after up to 40 ms when the queue has fewer messages
    // than asked for: not worth starting when the window closes sooner.
    const first = backlog && windowMs >= SHORT_POLL_MS ? await this.receive(batchSize, 0, signal) : await this.receive(1, 1, signal);
    if (first.length === 0) return first;
    const batch = [...first];
    while (batch.length < batchSize && closes - Date.now() >= SHORT_POLL_MS && !signal.aborted) {
      const more = await this.receive(batchSize - batch.length, 0, signal);
      if (more.length === 0) break;
      batch.push(...more);
    }
    return batch;
  }

  private receive(count: number, waitTimeSeconds: number, signal: AbortSignal): Promise<Message[]> {
    return this.sqs.receiveMessage(
      {
        QueueUrl: this.config.queueUrl,
        MaxNumberOfMessages: count,
        WaitTimeSeconds: waitTimeSeconds,
        // The queue's visibility timeout on the runtime's clock, so that redelivery is scaled too.
        VisibilityTimeout: this.clock.scale(this.config.visibilityTimeoutSeconds * 1000) / 1000,
        // local-aws-sqs reads the older AttributeNames, not MessageSystemAttributeNames.
        // eslint-disable-next-line @typescript-eslint/no-deprecated
        AttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      },
      signal,
    );
  }

  private async process(messages: Message[]): Promise<void> {
    const records = messages.map((message) => this.toRecord(message));
    const result = await this.fn.invoke({ Records: records });
    const ids = records.map((record) => record.messageId);
    const returned = new Set(result.ok ? this.failedItems(result.payload, ids) : ids);
    const toDelete = records.filter((record) => !returned.has(record.messageId));
    for (let i = 0; i < toDelete.length; i += 10) {
      await this.sqs.deleteMessageBatch({
        QueueUrl: this.config.queueUrl,
        Entries: toDelete.slice(i, i + 10).map((record, index) => ({ Id: String(index), ReceiptHandle: record.receiptHandle })),
      });
    }
    this.onBatch({
      functionLogicalId: this.fn.spec.logicalId,
      messageIds: ids,
      result,
      deleted: toDelete.map((record) => record.messageId),
      returned: [...returned],
    });
  }

  /**
   * The records to return, from a ReportBatchItemFailures response. As in Lambda, a response
   * that names an unknown or empty itemIdentifier fails the whole batch.
   */
  private failedItems(payload: unknown, ids: readonly string[]): string[] {
    if (!this.config.reportBatchItemFailures || payload === null || typeof payload !== 'object') return [];
    const failures: unknown = (payload as Partial<SQSBatchResponse>).batchItemFailures;
    if (failures === undefined || failures === null) return [];
    if (!Array.isArray(failures)) return [...ids];
    const listed = failures.map((failure: unknown) => (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier);
    return listed.every((id) => typeof id === 'string' && ids.includes(id)) ? (listed as string[]) : [...ids];
  }

  private toRecord(message: Message): SQSRecord {
    const attributes = message.Attributes ?? {};
    return {
      messageId: message.MessageId ?? '',
      receiptHandle: message.ReceiptHandle ?? '',
      body: message.Body ?? '',
      attributes: {
        ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
        SentTimestamp: attributes.SentTimestamp ?? String(Date.now()),
        SenderId: attributes.SenderId ?? '',
        ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
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
