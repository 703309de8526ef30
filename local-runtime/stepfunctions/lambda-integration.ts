import { randomUUID } from 'node:crypto';
import { jsonText, StatesError, type TaskRequest } from '../interpreter';
import { LambdaServiceError, type FunctionInvocation, type InvokeRequest } from '../lambda/lambda-service';

/**
 * The Lambda integrations of Step Functions (AWS DG "Invoke an AWS Lambda function with Step
 * Functions"): the optimized `arn:aws:states:::lambda:invoke`, whose result is Lambda's Invoke
 * response with the Payload parsed, and the legacy Resource that is a function's ARN, whose
 * result is the function's own. A function error fails the task with Error = the payload's
 * errorType and Cause = the error payload.
 */

/** Invokes a function of the stack (the local Lambda service's Invoke). */
export type InvokeFunction = (request: InvokeRequest) => Promise<FunctionInvocation>;

const INVOCATION_TYPES = new Set(['RequestResponse', 'Event', 'DryRun']);

const parsePayload = (payload: string): unknown => {
  if (payload === '') return payload;
  try {
    return JSON.parse(payload) as unknown;
  } catch {
    return payload;
  }
};

/** The task's failure for a function error: Error = errorType, Cause = the error payload. */
const functionFailure = (invocation: FunctionInvocation): StatesError => {
  const parsed = parsePayload(invocation.payload) as { errorType?: unknown } | null;
  const errorType = typeof parsed?.errorType === 'string' ? parsed.errorType : 'Lambda.Unknown';
  return new StatesError(errorType, invocation.payload);
};

/** A Lambda service error, as Step Functions names it: `Lambda.<ExceptionName>`, with the SDK's cause text. */
const lambdaServiceError = (error: LambdaServiceError): StatesError =>
  new StatesError(`Lambda.${error.exception}`, `${error.message} (Service: AWSLambda; Status Code: ${error.statusCode}; Error Code: ${error.exception}; Request ID: ${randomUUID()}; Proxy: null)`);

/** Invokes, with Lambda's own refusals turned into the task's `Lambda.*` errors. */
const invokeForTask = async (invoke: InvokeFunction, request: InvokeRequest): Promise<FunctionInvocation> => {
  try {
    return await invoke(request);
  } catch (error) {
    throw error instanceof LambdaServiceError ? lambdaServiceError(error) : error;
  }
};

const invokeRequest = (parameters: unknown): InvokeRequest => {
  const p = (typeof parameters === 'object' && parameters !== null && !Array.isArray(parameters) ? parameters : {}) as Record<string, unknown>;
  if (typeof p.FunctionName !== 'string' || p.FunctionName === '') {
    throw lambdaServiceError(new LambdaServiceError('InvalidParameterValueException', 'lambda:invoke requires the string parameter FunctionName'));
  }
  const invocationType = p.InvocationType ?? 'RequestResponse';
  if (typeof invocationType !== 'string' || !INVOCATION_TYPES.has(invocationType)) {
    throw lambdaServiceError(new LambdaServiceError('InvalidParameterValueException', `InvocationType must be RequestResponse, Event or DryRun, not ${JSON.stringify(invocationType)}`));
  }
  return {
    functionName: p.FunctionName,
    payload: p.Payload === undefined ? '{}' : jsonText(p.Payload),
    invocationType: invocationType as InvokeRequest['invocationType'],
    ...(typeof p.Qualifier === 'string' && { qualifier: p.Qualifier }),
  };
};

/** `arn:aws:states:::lambda:invoke`: the result is Invoke's response, Payload parsed. */
export const lambdaInvoke = (invoke: InvokeFunction) => async (request: TaskRequest): Promise<unknown> => {
  const invocation = await invokeForTask(invoke, invokeRequest(request.parameters));
  if (invocation.functionError !== undefined) throw functionFailure(invocation);
  return {
    ExecutedVersion: invocation.executedVersion,
    Payload: parsePayload(invocation.payload),
    SdkHttpMetadata: {
      AllHttpHeaders: { 'X-Amz-Executed-Version': [invocation.executedVersion], 'x-amzn-RequestId': [invocation.requestId], 'Content-Type': ['application/json'] },
      HttpHeaders: { 'X-Amz-Executed-Version': invocation.executedVersion, 'x-amzn-RequestId': invocation.requestId, 'Content-Type': 'application/json' },
      HttpStatusCode: invocation.statusCode,
    },
    SdkResponseMetadata: { RequestId: invocation.requestId },
    StatusCode: invocation.statusCode,
  };
};

/** A Resource that is a function's ARN: the task's input is the payload, its result the function's. */
export const legacyLambdaFunction = (invoke: InvokeFunction, functionArn: string) => async (request: TaskRequest): Promise<unknown> => {
  const invocation = await invokeForTask(invoke, { functionName: functionArn, payload: jsonText(request.parameters), invocationType: 'RequestResponse' });
  if (invocation.functionError !== undefined) throw functionFailure(invocation);
  return parsePayload(invocation.payload);
};
