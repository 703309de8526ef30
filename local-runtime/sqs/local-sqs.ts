import { createServer, type IncomingMessage, type Server } from 'node:http';
import type {
  CreateQueueResult,
  DeleteMessageBatchRequest,
  DeleteMessageBatchResult,
  Message,
  ReceiveMessageRequest,
  SendMessageRequest,
  SendMessageResult,
} from '@aws-sdk/client-sqs';
import { createRequestHandler } from 'local-aws-sqs';
import type { VirtualClock } from '../virtual-clock';
import { inProcessRequest, type RequestHandler } from './in-process-request';

/** Static credentials for the local endpoints: they check none, but the SDK signs every request. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'LOCALRUNTIMEKEY', secretAccessKey: 'local-runtime-secret' };

/** What a queue holds that nobody has received yet. */
export interface PendingMessages {
  /** Visible: a receive would return them now. */
  readonly visible: number;
  /** Not visible yet because of DelaySeconds (local-aws-sqs counts those down in real time). */
  readonly delayed: number;
}

type SqsService = ReturnType<typeof createRequestHandler>['service'];

/**
 * A ReceiveMessage waits for messages rather than doing work: an outside client's long poll must
 * not stop the runtime's clock while it waits (see `clock` below).
 */
const isReceive = (request: IncomingMessage): boolean => request.headers['x-amz-target'] === 'AmazonSQS.ReceiveMessage';

/**
 * The SQS service of the local runtime: local-aws-sqs, which keeps the queues and speaks SQS's
 * JSON protocol (RedrivePolicy, visibility timeouts and validation are its own). Clients outside
 * the runtime reach it over HTTP at `endpoint`; the runtime's own calls go to the same request
 * handler in process.
 *
 * With a clock, every request being served, over HTTP or in process, is work in flight for it,
 * except ReceiveMessage, which waits: the caller that gets messages from it is the one in flight.
 */
export class LocalSqs {
  private constructor(
    private readonly server: Server,
    private readonly handler: RequestHandler,
    private readonly service: SqsService,
    private readonly clock: VirtualClock | undefined,
    public readonly endpoint: string,
    public readonly accountId: string,
    public readonly region: string,
  ) {}

  public static async start(options: { region: string; accountId: string; port?: number; clock?: VirtualClock }): Promise<LocalSqs> {
    const hostname = '127.0.0.1';
    const port = options.port ?? 0;
    const { clock } = options;
    const { service, requestHandler } = createRequestHandler({ port, hostname, region: options.region, accountId: options.accountId });
    const server = createServer((request, response) => {
      if (clock && !isReceive(request)) {
        const release = clock.busy();
        response.once('finish', release).once('close', release);
      }
      void requestHandler(request, response);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject).listen(port, hostname, resolve);
    });
    const address = server.address();
    // Queue URLs carry the port: the service learns it once the server listens.
    service.PORT = typeof address === 'object' && address ? address.port : 0;
    return new LocalSqs(server, requestHandler, service, clock, `http://${hostname}:${service.PORT}`, options.accountId, options.region);
  }

  /**
   * The messages of a queue that no receive has taken yet, read synchronously from local-aws-sqs
   * (GetQueueAttributes' figures): the clock's ready-work probes call it.
   */
  public pendingMessages(queueName: string): PendingMessages {
    const queue = this.service.Queues.find((candidate) => candidate.QueueName === queueName);
    if (!queue) return { visible: 0, delayed: 0 };
    const attributes = queue.getAttributes(['All']) as Record<string, string>;
    // local-aws-sqs counts every message that is not delayed in ApproximateNumberOfMessages,
    // the ones in flight included.
    const notDelayed = Number(attributes.ApproximateNumberOfMessages ?? 0);
    const notVisible = Number(attributes.ApproximateNumberOfMessagesNotVisible ?? 0);
    return { visible: Math.max(0, notDelayed - notVisible), delayed: Number(attributes.ApproximateNumberOfMessagesDelayed ?? 0) };
  }

  public queueUrl(queueName: string): string {
    return `${this.endpoint}/${this.accountId}/${queueName}`;
  }

  public queueArn(queueName: string): string {
    return `arn:aws:sqs:${this.region}:${this.accountId}:${queueName}`;
  }

  public async createQueue(queueName: string, attributes: Record<string, string>): Promise<string> {
    const { QueueUrl } = await this.call<CreateQueueResult>('CreateQueue', { QueueName: queueName, Attributes: attributes });
    return QueueUrl ?? this.queueUrl(queueName);
  }

  public sendMessage(request: SendMessageRequest): Promise<SendMessageResult> {
    return this.call<SendMessageResult>('SendMessage', request);
  }

  /**
   * ReceiveMessage. A receive cannot be taken back once the queue serves it, so an aborted one is
   * only abandoned: the runtime aborts its receives when it shuts down, with the queues.
   */
  public async receiveMessage(input: ReceiveMessageRequest, signal?: AbortSignal): Promise<Message[]> {
    signal?.throwIfAborted();
    const received = inProcessRequest<{ Messages?: Message[] }>(this.handler, 'ReceiveMessage', input);
    if (!signal) return (await received).Messages ?? [];
    received.catch(() => undefined); // an abandoned receive may still fail: nobody is listening
    let onAbort = (): void => undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => { reject(signal.reason as Error); };
      signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      return (await Promise.race([received, aborted])).Messages ?? [];
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  public deleteMessageBatch(input: DeleteMessageBatchRequest): Promise<DeleteMessageBatchResult> {
    return this.call<DeleteMessageBatchResult>('DeleteMessageBatch', input);
  }

  /**
   * ChangeMessageVisibility. Beware: local-aws-sqs counts it as a receive (it adds one to the
   * message's ApproximateReceiveCount, and checks the RedrivePolicy against that count when the
   * new timeout ends); see sqs/redelivery.ts.
   */
  public async changeMessageVisibility(input: { QueueUrl: string; ReceiptHandle: string; VisibilityTimeout: number }): Promise<void> {
    await this.call('ChangeMessageVisibility', input);
  }

  public async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => { resolve(); }));
  }

  private call<Output>(action: string, input: object): Promise<Output> {
    const request = inProcessRequest<Output>(this.handler, action, input);
    return this.clock ? this.clock.track(request) : request;
  }
}
