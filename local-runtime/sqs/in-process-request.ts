import type { IncomingMessage, ServerResponse } from 'node:http';

/** A request handler of node:http, as local-aws-sqs serves SQS's JSON protocol with one. */
export type RequestHandler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

/** An error response of SQS's JSON protocol, named as the SDK names it: `QueueDoesNotExist`. */
export class SqsServiceError extends Error {
  public constructor(
    public override readonly name: string,
    message: string,
    /** The Query protocol's code (x-amzn-query-error): `AWS.SimpleQueueService.NonExistentQueue`. */
    public readonly code: string | undefined,
    public readonly statusCode: number,
  ) {
    super(message);
  }
}

const JSON_1_0 = 'application/x-amz-json-1.0';

/**
 * The request: its headers, and its body given as a stream gives it, to the `data` and `end`
 * listeners attached in the same tick, on the next one. A Readable stream cost more than the
 * queue's own work on every send and receive.
 */
const requestStandIn = (action: string, body: Buffer) => {
  type Listener = (chunk?: Buffer) => void;
  const listeners = { data: [] as Listener[], end: [] as Listener[] };
  let scheduled = false;
  return {
    headers: { 'content-type': JSON_1_0, 'x-amz-target': `AmazonSQS.${action}` },
    on(event: string, listener: Listener) {
      if (event === 'data' || event === 'end') listeners[event].push(listener);
      if (!scheduled) {
        scheduled = true;
        process.nextTick(() => {
          for (const onData of listeners.data) onData(body);
          for (const onEnd of listeners.end) onEnd();
        });
      }
      return this;
    },
  };
};

/**
 * One SQS JSON-protocol request (`AmazonSQS.<action>`) handed to the request handler directly,
 * without a socket, for the runtime's own calls (sendMessage tasks, event source mapping polls)
 * on the hot path, where HTTP, SigV4 and the SDK's middleware cost more than the queue itself.
 * The handler answers exactly as it does over HTTP: the same validation, the same errors.
 *
 * local-aws-sqs (2.0.2, pinned) reads only the request's headers and its body through `data` and
 * `end` listeners, and writes only the response's statusCode, a header and end(): those are what
 * the two stand-ins provide.
 */
export const inProcessRequest = async <Output>(handler: RequestHandler, action: string, input: object): Promise<Output> => {
  const request = requestStandIn(action, Buffer.from(JSON.stringify(input)));
  const { statusCode, headers, body } = await new Promise<{ statusCode: number; headers: Record<string, string>; body: string }>((resolve, reject) => {
    const response = {
      statusCode: 200,
      headers: {} as Record<string, string>,
      setHeader(name: string, value: string) {
        this.headers[name.toLowerCase()] = value;
        return this;
      },
      end(text?: string) {
        resolve({ statusCode: this.statusCode, headers: this.headers, body: text ?? '' });
        return this;
      },
    };
    handler(request as unknown as IncomingMessage, response as unknown as ServerResponse).catch(reject);
  });
  const parsed: unknown = body === '' ? {} : JSON.parse(body);
  if (statusCode < 300) return parsed as Output;
  const { __type: type = 'UnknownError', message = body } = parsed as { __type?: string; message?: string };
  // `com.amazonaws.sqs#QueueDoesNotExist`, `com.amazon.coral.service#InvalidParameterValueException`
  const name = type.slice(type.lastIndexOf('#') + 1).replace(/Exception$/, '');
  throw new SqsServiceError(name, message, headers['x-amzn-query-error']?.split(';')[0], statusCode);
};
