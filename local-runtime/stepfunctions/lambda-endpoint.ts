import { randomUUID } from 'node:crypto';
import type { FunctionInvocation, InvokeRequest } from '../lambda/lambda-service';
import { LambdaServiceError } from '../lambda/lambda-service';

/**
 * Lambda's Invoke on the local endpoint, in Lambda's REST-JSON protocol, so that `aws lambda
 * invoke --endpoint-url` and `@aws-sdk/client-lambda` reach the stack's functions:
 * `POST /2015-03-31/functions/{FunctionName}/invocations[?Qualifier=...]`, the event as the body,
 * `X-Amz-Invocation-Type` (RequestResponse, Event, DryRun) and `X-Amz-Log-Type` (None, Tail) as
 * headers. The answer is the function's response with `X-Amz-Executed-Version`, and
 * `X-Amz-Function-Error: Unhandled` when the function failed; Lambda's own errors come as Lambda
 * sends them: the status, the `x-amzn-ErrorType` header and `{"Type":"User","Message":...}`.
 *
 * With `X-Amz-Log-Type: Tail`, `X-Amz-Log-Result` holds the START, END and REPORT lines of the
 * invocation: the function's own log lines are shown in the runtime's timeline, not here.
 */

/** What the endpoint needs of the Lambda service (LambdaService.invoke). */
export interface LambdaInvoker {
  invoke(request: InvokeRequest): Promise<FunctionInvocation>;
}

export interface LambdaAnswer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;
const INVOCATION_TYPES = ['RequestResponse', 'Event', 'DryRun'] as const;
const LOG_TYPES = ['None', 'Tail'] as const;
// Invoke's payload limits: 6 MB for a synchronous invocation, 1 MB for an asynchronous one.
const MAX_SYNC_PAYLOAD = 6 * 1024 * 1024;
const MAX_ASYNC_PAYLOAD = 1024 * 1024;

/** Whether a request is for Lambda's REST API (rather than Step Functions' `POST /`). */
export const isLambdaPath = (path: string): boolean => path.startsWith('/2015-03-31/');

const lambdaError = (status: number, exception: string, message: string, type: 'User' | 'Service' = 'User'): LambdaAnswer => ({
  status,
  headers: { 'Content-Type': 'application/json', 'x-amzn-ErrorType': exception, 'x-amzn-RequestId': randomUUID() },
  body: JSON.stringify({ Type: type, Message: message }),
});

const enumError = (value: string, field: string, values: readonly string[]): LambdaAnswer =>
  lambdaError(400, 'ValidationException', `1 validation error detected: Value '${value}' at '${field}' failed to satisfy constraint: Member must satisfy enum value set: [${values.join(', ')}]`);

const header = (headers: Record<string, string | string[] | undefined>, name: string): string | undefined => {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
};

export const handleLambdaRequest = async (
  lambda: LambdaInvoker | undefined,
  method: string,
  url: string,
  headers: Record<string, string | string[] | undefined>,
  body: string,
): Promise<LambdaAnswer> => {
  const { pathname, searchParams } = new URL(url, 'http://localhost');
  const match = INVOKE_PATH.exec(pathname);
  if (!match || method !== 'POST') return lambdaError(404, 'UnknownOperationException', `Unknown operation ${method} ${pathname}: the local endpoint serves Lambda's Invoke only`);
  if (!lambda) return lambdaError(404, 'UnknownOperationException', 'This endpoint serves no Lambda functions');
  const functionName = decodeURIComponent(match[1] ?? '');
  const invocationType = header(headers, 'X-Amz-Invocation-Type') ?? 'RequestResponse';
  if (!(INVOCATION_TYPES as readonly string[]).includes(invocationType)) return enumError(invocationType, 'invocationType', INVOCATION_TYPES);
  const logType = header(headers, 'X-Amz-Log-Type') ?? 'None';
  if (!(LOG_TYPES as readonly string[]).includes(logType)) return enumError(logType, 'logType', LOG_TYPES);
  const limit = invocationType === 'Event' ? MAX_ASYNC_PAYLOAD : MAX_SYNC_PAYLOAD;
  if (Buffer.byteLength(body) > limit) {
    return lambdaError(413, 'RequestEntityTooLargeException', `${invocationType === 'Event' ? 'Request' : 'Request must be smaller than'} ${limit} bytes for the InvokeFunction operation`);
  }
  const qualifier = searchParams.get('Qualifier') ?? undefined;
  const started = Date.now();
  let invocation: FunctionInvocation;
  try {
    invocation = await lambda.invoke({ functionName, payload: body, invocationType: invocationType as InvokeRequest['invocationType'], ...(qualifier !== undefined && { qualifier }) });
  } catch (error) {
    if (error instanceof LambdaServiceError) return lambdaError(error.statusCode, error.exception, error.message, error.statusCode >= 500 ? 'Service' : 'User');
    return lambdaError(500, 'ServiceException', (error as Error).message, 'Service');
  }
  const responseHeaders: Record<string, string> = {
    'Content-Type': 'application/json',
    'x-amzn-RequestId': invocation.requestId,
    'X-Amz-Executed-Version': invocation.executedVersion,
    ...(invocation.functionError !== undefined && { 'X-Amz-Function-Error': invocation.functionError }),
  };
  if (logType === 'Tail' && invocationType === 'RequestResponse') {
    const { requestId, executedVersion } = invocation;
    const duration = (Date.now() - started).toFixed(2);
    const tail = `START RequestId: ${requestId} Version: ${executedVersion}\nEND RequestId: ${requestId}\nREPORT RequestId: ${requestId}\tDuration: ${duration} ms\t\n`;
    responseHeaders['X-Amz-Log-Result'] = Buffer.from(tail).toString('base64');
  }
  return { status: invocation.statusCode, headers: responseHeaders, body: invocation.payload };
};
