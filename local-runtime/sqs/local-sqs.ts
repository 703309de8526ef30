import type { Server } from 'node:http';
import { CreateQueueCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { createSqsServer } from 'local-aws-sqs';

/** Static credentials for the local endpoints: they check none, but the SDK signs every request. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'LOCALRUNTIMEKEY', secretAccessKey: 'local-runtime-secret' };

/**
 * An SQS endpoint of the local runtime: local-aws-sqs, an in-process server that speaks SQS's
 * JSON protocol, and a client for it. RedrivePolicy and visibility timeouts are its own.
 */
export class LocalSqs {
  private constructor(
    private readonly server: Server,
    public readonly endpoint: string,
    public readonly client: SQSClient,
    public readonly accountId: string,
    public readonly region: string,
  ) {}

  public static async start(options: { region: string; accountId: string; port?: number }): Promise<LocalSqs> {
    const hostname = '127.0.0.1';
    const server = await createSqsServer({ port: options.port ?? 0, hostname, region: options.region, accountId: options.accountId });
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const endpoint = `http://${hostname}:${port}`;
    const client = new SQSClient({ region: options.region, endpoint, credentials: LOCAL_CREDENTIALS });
    return new LocalSqs(server, endpoint, client, options.accountId, options.region);
  }

  public queueUrl(queueName: string): string {
    return `${this.endpoint}/${this.accountId}/${queueName}`;
  }

  public queueArn(queueName: string): string {
    return `arn:aws:sqs:${this.region}:${this.accountId}:${queueName}`;
  }

  public async createQueue(queueName: string, attributes: Record<string, string>): Promise<string> {
    const { QueueUrl } = await this.client.send(new CreateQueueCommand({ QueueName: queueName, Attributes: attributes }));
    return QueueUrl ?? this.queueUrl(queueName);
  }

  public async sendMessage(queueUrl: string, body: string, delaySeconds?: number): Promise<{ MessageId?: string; MD5OfMessageBody?: string }> {
    const { MessageId, MD5OfMessageBody } = await this.client.send(
      new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body, ...(delaySeconds !== undefined && { DelaySeconds: delaySeconds }) }),
    );
    return { MessageId, MD5OfMessageBody };
  }

  public async stop(): Promise<void> {
    this.client.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => { resolve(); }));
  }
}
