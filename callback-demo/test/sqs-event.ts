import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';

/** An SQS record as the event source mapping delivers it. */
export const sqsRecord = (messageId: string, body: string): SQSRecord => ({
  messageId,
  receiptHandle: `receipt-${messageId}`,
  body,
  attributes: {
    ApproximateReceiveCount: '1',
    SentTimestamp: '1700000000000',
    SenderId: 'AIDAEXAMPLE',
    ApproximateFirstReceiveTimestamp: '1700000000001',
  },
  messageAttributes: {},
  md5OfBody: '',
  eventSource: 'aws:sqs',
  eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:TaskQueue',
  awsRegion: 'us-east-1',
});

/** The body the state machine sends: `{taskToken, executionArn, input}`. */
export const taskBody = (taskToken: string, input: unknown): string =>
  JSON.stringify({ taskToken, executionArn: 'arn:aws:states:us-east-1:123456789012:execution:Callback:run-1', input });

export const sqsEvent = (...records: SQSRecord[]): SQSEvent => ({ Records: records });

/** A Lambda context object; the deprecated callback-era methods exist only to satisfy the type. */
export const lambdaContext = (): Context => ({
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'CallbackWorkerFunction',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:CallbackWorkerFunction',
  memoryLimitInMB: '256',
  awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
  logGroupName: '/aws/lambda/CallbackWorkerFunction',
  logStreamName: '2026/11/23/[$LATEST]abcdef',
  getRemainingTimeInMillis: () => 30_000,
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- required by the Context type, never called
  ...{ done: () => undefined, fail: () => undefined, succeed: () => undefined },
});
