import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';

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
 * One SQS JSON-protocol request (`AmazonSQS.<action>`) handed to the request handler directly,
 * without a socket, for the runtime's own calls (sendMessage tasks, event source mapping polls)
 * on the hot path, where HTTP, SigV4 and the SDK's middleware cost more than the queue itself.
 * The handler answers exactly as it does over HTTP: the same validation, the same errors.
 *
 * local-aws-sqs reads only the request's headers and body stream, and writes only the response's
 * statusCode, a header and end(): those are what the two stand-ins provide.
 */
export const inProcessRequest = async <Output>(handler: RequestHandler, action: string, input: object): Promise<Output> => {
  const request = Object.assign(Readable.from([Buffer.from(JSON.stringify(input))]), {
    headers: { 'content-type': JSON_1_0, 'x-amz-target': `AmazonSQS.${action}` },
  });
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
