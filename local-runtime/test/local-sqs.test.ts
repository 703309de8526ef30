import { GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { SqsServiceError } from '../sqs/in-process-request';
import { LOCAL_CREDENTIALS, LocalSqs } from '../sqs/local-sqs';

// The runtime's own calls reach local-aws-sqs in process; clients outside it, over HTTP. Both
// must see the same queues and get the same answers.
let sqs: LocalSqs;
let client: SQSClient;
beforeAll(async () => {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  sqs = await LocalSqs.start({ region: 'us-east-1', accountId: '123456789012' });
  client = new SQSClient({ region: 'us-east-1', endpoint: sqs.endpoint, credentials: LOCAL_CREDENTIALS });
});
afterAll(async () => {
  client.destroy();
  await sqs.stop();
});

const depth = async (queueUrl: string): Promise<number> => {
  const { Attributes = {} } = await client.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
  return Number(Attributes.ApproximateNumberOfMessages) + Number(Attributes.ApproximateNumberOfMessagesNotVisible);
};

it('serves the URL that it listens on, and what is sent in process is received over HTTP', async () => {
  const queueUrl = await sqs.createQueue('shared', {});
  expect(queueUrl).toBe(`${sqs.endpoint}/123456789012/shared`);
  const { MessageId, MD5OfMessageBody } = await sqs.sendMessage({ QueueUrl: queueUrl, MessageBody: '{"hello":"wörld"}' });
  const { Messages = [] } = await client.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 1 }));
  expect(Messages.map((m) => [m.MessageId, m.MD5OfBody, m.Body])).toEqual([[MessageId, MD5OfMessageBody, '{"hello":"wörld"}']]);
});

it('receives and deletes in process what an HTTP client sent', async () => {
  const queueUrl = await sqs.createQueue('inbound', {});
  await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'from outside' }));
  // eslint-disable-next-line @typescript-eslint/no-deprecated
  const messages = await sqs.receiveMessage({ QueueUrl: queueUrl, MaxNumberOfMessages: 1, WaitTimeSeconds: 1, AttributeNames: ['All'] });
  expect(messages.map((m) => [m.Body, m.Attributes?.ApproximateReceiveCount])).toEqual([['from outside', '1']]);
  const { Successful = [], Failed = [] } = await sqs.deleteMessageBatch({ QueueUrl: queueUrl, Entries: [{ Id: 'a', ReceiptHandle: messages[0]?.ReceiptHandle }] });
  expect([Successful.map((s) => s.Id), Failed]).toEqual([['a'], []]);
  expect(await depth(queueUrl)).toBe(0);
});

it('answers an invalid request with the error SQS names, as over HTTP', async () => {
  const missing = sqs.queueUrl('no-such-queue');
  const inProcess = sqs.sendMessage({ QueueUrl: missing, MessageBody: 'x' });
  await expect(inProcess).rejects.toBeInstanceOf(SqsServiceError);
  await expect(inProcess).rejects.toMatchObject({ name: 'QueueDoesNotExist', code: 'AWS.SimpleQueueService.NonExistentQueue', statusCode: 400 });
  await expect(client.send(new SendMessageCommand({ QueueUrl: missing, MessageBody: 'x' }))).rejects.toMatchObject({ name: 'QueueDoesNotExist' });

  const queueUrl = await sqs.createQueue('small', { MaximumMessageSize: '1024' });
  await expect(sqs.sendMessage({ QueueUrl: queueUrl, MessageBody: 'x'.repeat(1025) })).rejects.toMatchObject({ name: 'InvalidParameterValue', message: expect.stringContaining('1024 bytes') });
  expect(await depth(queueUrl)).toBe(0);
});

it('abandons a receive when its signal aborts, without waiting for the long poll to end', async () => {
  const queueUrl = await sqs.createQueue('empty', {});
  const abort = new AbortController();
  const events: string[] = [];
  // The long poll would answer (empty) after 20 s: the abort must win the race, whatever the machine's speed.
  const receive = sqs.receiveMessage({ QueueUrl: queueUrl, WaitTimeSeconds: 20 }, abort.signal).then(
    () => events.push('long poll answered'),
    (error: unknown) => events.push(`rejected: ${(error as Error).message}`),
  );
  abort.abort(new Error('shutting down'));
  await receive;
  expect(events).toEqual(['rejected: shutting down']);
});
