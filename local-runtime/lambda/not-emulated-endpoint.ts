import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The endpoint a function's AWS SDK clients reach for every service the local runtime does not
 * serve (AWS_ENDPOINT_URL, see lambda-environment.ts): each call fails at once with an error that
 * names the service and the operation, and the stack's resources of that service that the runtime
 * skipped, instead of reaching AWS with local credentials, or hanging without a network.
 *
 * The error is answered in the protocol the client speaks: JSON for the JSON protocols (an
 * X-Amz-Target header or a JSON body), XML otherwise (query and REST-XML services: S3, SNS, ...).
 */
export const NOT_EMULATED_ERROR_CODE = 'NotEmulatedByLocalRuntime';

export interface NotEmulatedEndpoint {
  readonly url: string;
  readonly stop: () => Promise<void>;
}

/** The service a request is signed for (`Credential=KEY/date/region/<service>/aws4_request`). */
const signingService = (request: IncomingMessage): string => {
  const authorization = request.headers.authorization ?? '';
  return /Credential=[^/]+\/[^/]+\/[^/]+\/([^/]+)\/aws4_request/.exec(authorization)?.[1] ?? 'unknown';
};

const operation = (request: IncomingMessage, body: string): string => {
  const target = request.headers['x-amz-target'];
  if (typeof target === 'string') return target.split('.').pop() ?? target;
  const action = /(?:^|&)Action=([^&]+)/.exec(body)?.[1];
  return action ?? `${request.method ?? 'GET'} ${(request.url ?? '/').split('?')[0] ?? '/'}`;
};

const xmlEscape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * @param skippedOf the stack's skipped resources of a service (by its signing name, e.g.
 *   dynamodb), as text for the message ('' when none).
 */
export const startNotEmulatedEndpoint = async (skippedOf: (service: string) => string): Promise<NotEmulatedEndpoint> => {
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const service = signingService(request);
      const skipped = skippedOf(service);
      const message =
        `The local runtime does not emulate ${service}: ${operation(request, body)} cannot run here ` +
        `(functions reach Step Functions, SQS and Lambda's Invoke only)${skipped === '' ? '' : `; the stack's ${skipped} skipped`}`;
      const json = request.headers['x-amz-target'] !== undefined || (request.headers['content-type'] ?? '').includes('json');
      response.writeHead(400, {
        'content-type': json ? 'application/x-amz-json-1.0' : 'text/xml',
        'x-amzn-errortype': NOT_EMULATED_ERROR_CODE,
        'x-amzn-requestid': 'local-runtime',
      });
      response.end(
        json
          ? JSON.stringify({ __type: NOT_EMULATED_ERROR_CODE, message })
          : `<ErrorResponse><Error><Type>Sender</Type><Code>${NOT_EMULATED_ERROR_CODE}</Code><Message>${xmlEscape(message)}</Message></Error><RequestId>local-runtime</RequestId></ErrorResponse>`,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => { resolve(); }));
    },
  };
};
