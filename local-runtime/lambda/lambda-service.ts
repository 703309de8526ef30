import { randomUUID } from 'node:crypto';
import type { LocalFunction } from './local-function';

/** Lambda's Invoke request. */
export interface InvokeRequest {
  readonly functionName: string;
  /** The event as JSON text. */
  readonly payload: string;
  readonly invocationType: 'RequestResponse' | 'Event' | 'DryRun';
  readonly qualifier?: string;
}

/** Lambda's Invoke response. */
export interface FunctionInvocation {
  readonly statusCode: number;
  readonly executedVersion: string;
  readonly requestId: string;
  /** The response payload as JSON text ('' for Event and DryRun). */
  readonly payload: string;
  /** 'Unhandled' when the function threw, timed out or crashed. */
  readonly functionError?: string;
}

/** An error of the Lambda service itself (not of the function), named as Lambda's API names it. */
export class LambdaServiceError extends Error {
  public override readonly name = 'LambdaServiceError';
  public constructor(
    public readonly exception: string,
    message: string,
    public readonly statusCode = 400,
  ) {
    super(message);
  }
}

/**
 * The Lambda service of the local runtime: the stack's functions by name, and Invoke as Lambda
 * answers it, for the Step Functions integrations and for SDK clients.
 *
 * FunctionName may be a name (`my-function`), a name with a qualifier (`my-function:live`), a
 * partial ARN (`123456789012:function:my-function`) or an ARN; the local runtime has only
 * `$LATEST`, so any qualifier runs it (aliases are not emulated: every alias is $LATEST).
 */
const FUNCTION_NAME = /^(?:(?:arn:aws[a-z-]*:lambda:([a-z0-9-]+):)?(\d{12}):function:)?([A-Za-z0-9_-]{1,64})(?::([A-Za-z0-9_$-]{1,128}))?$/;

export class LambdaService {
  private readonly byName = new Map<string, LocalFunction>();

  public constructor(
    private readonly region: string,
    private readonly accountId: string,
  ) {}

  public add(fn: LocalFunction): void {
    this.byName.set(fn.spec.functionName, fn);
  }

  /** The function that FunctionName names, or Lambda's ResourceNotFoundException. */
  public resolve(functionName: string, qualifier?: string): LocalFunction {
    const match = FUNCTION_NAME.exec(functionName);
    const [, region, accountId, name = functionName, nameQualifier] = match ?? [];
    const version = qualifier ?? nameQualifier ?? '$LATEST';
    const fn = match && (region ?? this.region) === this.region && (accountId ?? this.accountId) === this.accountId ? this.byName.get(name) : undefined;
    if (!fn) throw new LambdaServiceError('ResourceNotFoundException', `Function not found: arn:aws:lambda:${region ?? this.region}:${accountId ?? this.accountId}:function:${name}:${version}`, 404);
    return fn;
  }

  /** Invoke: RequestResponse waits for the function; Event queues it and answers 202; DryRun only checks. */
  public async invoke(request: InvokeRequest): Promise<FunctionInvocation> {
    const fn = this.resolve(request.functionName, request.qualifier);
    // Over its ReservedConcurrentExecutions (0 included), Lambda throttles the invocation.
    if (request.invocationType !== 'DryRun' && fn.isThrottled) throw new LambdaServiceError('TooManyRequestsException', 'Rate Exceeded.', 429);
    const requestId = randomUUID();
    let event: unknown;
    try {
      event = request.payload === '' ? {} : JSON.parse(request.payload);
    } catch {
      throw new LambdaServiceError('InvalidRequestContentException', 'Could not parse request body into json');
    }
    const answer = { executedVersion: '$LATEST', requestId };
    if (request.invocationType === 'DryRun') return { ...answer, statusCode: 204, payload: '' };
    if (request.invocationType === 'Event') {
      void fn.invoke(event);
      return { ...answer, statusCode: 202, payload: '' };
    }
    const result = await fn.invoke(event);
    if (result.ok) return { ...answer, statusCode: 200, payload: JSON.stringify(result.payload) };
    return { ...answer, statusCode: 200, functionError: 'Unhandled', payload: JSON.stringify({ errorType: result.errorType, errorMessage: result.errorMessage, trace: result.trace ?? [] }) };
  }
}
