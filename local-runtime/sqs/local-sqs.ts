import { createServer, type Server } from 'node:http';
import type {
  CreateQueueResult,
  DeleteMessageBatchRequest,
  DeleteMessageBatchResult,
  Message,
  ReceiveMessageRequest,
  SendMessageResult,
} from '@aws-sdk/client-sqs';
import { createRequestHandler } from 'local-aws-sqs';
import { inProcessRequest, type RequestHandler } from './in-process-request';

/** Static credentials for the local endpoints: they check none, but the SDK signs every request. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'LOCALRUNTIMEKEY', secretAccessKey: 'local-runtime-secret' };

/**
 * The SQS service of the local runtime: local-aws-sqs, which keeps the queues and speaks SQS's
 * JSON protocol (RedrivePolicy, visibility timeouts and validation are its own). Clients outside
 * the runtime reach it over HTTP at `endpoint`; the runtime's own calls go to the same request
 * handler in process.
 */
export class LocalSqs {
  private constructor(
    private readonly server: Server,
    private readonly handler: RequestHandler,
    public readonly endpoint: string,
    public readonly accountId: string,
    public readonly region: string,
  ) {}

  public static async start(options: { region: string; accountId: string; port?: number }): Promise<LocalSqs> {
    const hostname = '127.0.0.1';
    const port = options.port ?? 0;
    const { service, requestHandler } = createRequestHandler({ port, hostname, region: options.region, accountId: options.accountId });
    const server = createServer((request, response) => void requestHandler(request, response));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject).listen(port, hostname, resolve);
    });
    const address = server.address();
    // Queue URLs carry the port: the service learns it once the server listens.
    service.PORT = typeof address === 'object' && address ? address.port : 0;
    return new LocalSqs(server, requestHandler, `http://${hostname}:${service.PORT}`, options.accountId, options.region);
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

  public sendMessage(queueUrl: string, body: string, delaySeconds?: number): Promise<SendMessageResult> {
    return this.call<SendMessageResult>('SendMessage', { QueueUrl: queueUrl, MessageBody: body, ...(delaySeconds !== undefined && { DelaySeconds: delaySeconds }) });
  }

  /**
   * ReceiveMessage. A receive cannot be taken back once the queue serves it, so an aborted one is
   * only abandoned: the runtime aborts its receives when it shuts down, with the queues.
   */
  public async receiveMessage(input: ReceiveMessageRequest, signal?: AbortSignal): Promise<Message[]> {
    signal?.throwIfAborted();
    const received = this.call<{ Messages?: Message[] }>('ReceiveMessage', input);
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

  public async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => { resolve(); }));
  }

  private call<Output>(action: string, input: object): Promise<Output> {
    return inProcessRequest<Output>(this.handler, action, input);
  }
}
