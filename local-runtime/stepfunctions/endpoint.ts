import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { optionalInteger, optionalString, StepFunctionsApiError } from './api-errors';
import type { Execution } from './execution';
import { handleLambdaRequest, isLambdaPath, type LambdaInvoker } from './lambda-endpoint';
import type { StepFunctionsService } from './service';
import type { LocalStateMachine } from './state-machine';

/**
 * The Step Functions endpoint: AWS's JSON 1.0 protocol on node:http, so that an unchanged
 * SFNClient (through AWS_ENDPOINT_URL_SFN or `endpoint`) and the AWS CLI (`--endpoint-url`) work
 * against the local runtime. Timestamps are epoch seconds, as on the wire; errors carry AWS's
 * codes in `__type`, which the SDK turns into its exception classes. The same server answers
 * Lambda's Invoke (REST-JSON, `POST /2015-03-31/functions/{name}/invocations`, lambda-endpoint.ts)
 * when it is given the Lambda service.
 *
 * TestState: the SDKs and the CLI send it to the host `sync-<endpoint host>` (its hostPrefix);
 * against a local endpoint, turn that off: `disableHostPrefix: true` in an SDK v3 client,
 * AWS_DISABLE_HOST_PREFIX_INJECTION=true for the AWS CLI.
 */
type Request = Record<string, unknown>;
type Action = (service: StepFunctionsService, request: Request) => unknown;

/** The fields of history events that hold execution data, dropped when includeExecutionData is false. */
const EXECUTION_DATA = new Set(['input', 'output', 'parameters', 'assignedVariables']);


const seconds = (date: Date | undefined): number | undefined => (date ? date.getTime() / 1000 : undefined);

const summary = (execution: Execution): Record<string, unknown> => ({
  executionArn: execution.arn,
  stateMachineArn: execution.stateMachine.arn,
  name: execution.name,
  status: execution.status,
  startDate: seconds(execution.startDate),
  stopDate: seconds(execution.stopDate),
});

const withoutData = (details: unknown): unknown =>
  typeof details === 'object' && details !== null ? Object.fromEntries(Object.entries(details).filter(([key]) => !EXECUTION_DATA.has(key))) : details;

const wireEvent = (event: HistoryEvent, includeData: boolean): Record<string, unknown> => {
  const wire: Record<string, unknown> = { ...event, timestamp: seconds(event.timestamp) };
  if (!includeData) for (const key of Object.keys(wire)) if (key.endsWith('EventDetails')) wire[key] = withoutData(wire[key]);
  return wire;
};

const describeStateMachine = (sm: LocalStateMachine): Record<string, unknown> => ({
  stateMachineArn: sm.arn,
  name: sm.name,
  definition: sm.definitionText,
  roleArn: sm.roleArn,
  loggingConfiguration: sm.loggingConfiguration,
  tracingConfiguration: sm.tracingConfiguration,
});

/** Pagination with an opaque token: here, the offset. maxResults: 0 to 1000, 0 for the default. */
const page = <T>(items: T[], request: Request, defaultSize: number): { items: T[]; nextToken?: string } => {
  const maxResults = optionalInteger(request.maxResults, 'maxResults', 0, 1000);
  const start = Number(optionalString(request.nextToken, 'nextToken') ?? '0');
  const size = maxResults === undefined || maxResults === 0 ? defaultSize : maxResults;
  if (!Number.isInteger(start) || start < 0) throw new StepFunctionsApiError('ValidationException', 'Invalid nextToken');
  const end = start + size;
  return { items: items.slice(start, end), ...(end < items.length && { nextToken: String(end) }) };
};

const ACTIONS: Record<string, Action> = {
  StartExecution: (service, r) => {
    const execution = service.startExecution({ stateMachineArn: r.stateMachineArn, input: r.input, name: r.name });
    return { executionArn: execution.arn, startDate: seconds(execution.startDate) };
  },
  DescribeExecution: (service, r) => {
    const execution = service.execution(r.executionArn);
    return {
      ...summary(execution),
      input: execution.input,
      inputDetails: { included: true },
      ...(execution.output !== undefined && { output: execution.output, outputDetails: { included: true } }),
      ...(execution.error !== undefined && { error: execution.error }),
      ...(execution.cause !== undefined && { cause: execution.cause }),
    };
  },
  StopExecution: (service, r) => ({ stopDate: seconds(service.stopExecution(r.executionArn, r.error, r.cause).stopDate ?? new Date()) }),
  ListStateMachines: (service, r) => {
    const { items, nextToken } = page(service.listStateMachines(), r, 100);
    return {
      stateMachines: items.map((sm) => ({ stateMachineArn: sm.arn, name: sm.name, type: sm.type, creationDate: seconds(sm.creationDate) })),
      ...(nextToken && { nextToken }),
    };
  },
  DescribeStateMachine: (service, r) => {
    const sm = service.stateMachine(r.stateMachineArn);
    return { ...describeStateMachine(sm), status: 'ACTIVE', type: sm.type, creationDate: seconds(sm.creationDate) };
  },
  DescribeStateMachineForExecution: (service, r) => {
    const sm = service.execution(r.executionArn).stateMachine;
    return { ...describeStateMachine(sm), updateDate: seconds(sm.creationDate) };
  },
  ListTagsForResource: (service, r) => ({ tags: service.listTags(r.resourceArn) }),
  TagResource: (service, r) => {
    service.tagResource(r.resourceArn, r.tags);
    return {};
  },
  UntagResource: (service, r) => {
    service.untagResource(r.resourceArn, r.tagKeys);
    return {};
  },
  ValidateStateMachineDefinition: (service, r) => service.validateDefinition(r),
  TestState: (service, r) => service.testState(r),
  ListExecutions: (service, r) => {
    const { items, nextToken } = page(service.listExecutions(r.stateMachineArn, r.statusFilter), r, 100);
    return { executions: items.map(summary), ...(nextToken && { nextToken }) };
  },
  GetExecutionHistory: (service, r) => {
    const history = [...service.execution(r.executionArn).history];
    if (r.reverseOrder === true) history.reverse();
    const { items, nextToken } = page(history, r, 100);
    const includeData = r.includeExecutionData !== false;
    return { events: items.map((event) => wireEvent(event, includeData)), ...(nextToken && { nextToken }) };
  },
  SendTaskSuccess: (service, r) => {
    service.tokens.sendTaskSuccess(r.taskToken, r.output);
    return {};
  },
  SendTaskFailure: (service, r) => {
    service.tokens.sendTaskFailure(r.taskToken, r.error, r.cause);
    return {};
  },
  SendTaskHeartbeat: (service, r) => {
    service.tokens.sendTaskHeartbeat(r.taskToken);
    return {};
  },
};

/** An AWS error that an action answers with instead of being served. */
export interface ApiFault {
  readonly code: string;
  readonly status: number;
  readonly message: string;
}

/** Decides, before an action is served, whether it answers with an error instead (fault injection). */
export type ActionInterceptor = (action: string) => ApiFault | undefined;

export const handleRequest = async (
  service: StepFunctionsService,
  target: string | undefined,
  body: string,
  intercept?: ActionInterceptor,
): Promise<{ status: number; payload: unknown }> => {
  const name = target?.startsWith('AWSStepFunctions.') ? target.slice('AWSStepFunctions.'.length) : '';
  const action = Object.hasOwn(ACTIONS, name) ? ACTIONS[name] : undefined;
  const fault = action ? intercept?.(name) : undefined;
  if (fault) return { status: fault.status, payload: { __type: fault.code, message: fault.message } };
  try {
    if (!action) throw new StepFunctionsApiError('UnknownOperationException', `Unknown operation ${target ?? '(no X-Amz-Target)'}`);
    let request: unknown;
    try {
      request = body === '' ? {} : JSON.parse(body);
    } catch {
      throw new StepFunctionsApiError('ValidationException', 'The request body is not JSON');
    }
    if (typeof request !== 'object' || request === null || Array.isArray(request)) throw new StepFunctionsApiError('ValidationException', 'The request body must be a JSON object');
    return { status: 200, payload: await action(service, request as Request) };
  } catch (error) {
    if (error instanceof StepFunctionsApiError) return { status: 400, payload: { __type: error.code, message: error.message } };
    return { status: 500, payload: { __type: 'InternalFailure', message: (error as Error).message } };
  }
};

const readBody = (request: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => { resolve(Buffer.concat(chunks).toString('utf8')); });
    request.on('error', reject);
  });

const serve = async (service: StepFunctionsService, options: EndpointOptions, request: IncomingMessage, response: ServerResponse): Promise<void> => {
  const body = await readBody(request);
  const url = request.url ?? '/';
  if (isLambdaPath(url)) {
    const answer = await handleLambdaRequest(options.lambda, request.method ?? 'GET', url, request.headers, body);
    response.writeHead(answer.status, answer.headers);
    response.end(answer.body);
    return;
  }
  const { status, payload } = await handleRequest(service, request.headers['x-amz-target'] as string | undefined, body, options.intercept);
  response.writeHead(status, { 'Content-Type': 'application/x-amz-json-1.0', 'x-amzn-RequestId': crypto.randomUUID() });
  response.end(JSON.stringify(payload));
};

export interface EndpointOptions {
  /** The port to listen on; default: any free port. */
  readonly port?: number;
  /**
   * Marks work in flight on the runtime's clock (VirtualClock.busy): each request is, from its
   * arrival until its response is sent.
   */
  readonly inFlight?: () => () => void;
  /** The Lambda service whose Invoke the endpoint also serves (LambdaService). */
  readonly lambda?: LambdaInvoker;
  /** Asked before each Step Functions action is served (fault injection for tests). */
  readonly intercept?: ActionInterceptor;
}

export const startStepFunctionsEndpoint = async (service: StepFunctionsService, options: EndpointOptions = {}): Promise<{ server: Server; url: string }> => {
  const { port = 0, inFlight } = options;
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    if (inFlight) {
      const release = inFlight();
      response.once('finish', release).once('close', release);
    }
    serve(service, options, request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify({ __type: 'InternalFailure', message: (error as Error).message }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => { resolve(); });
  });
  const address = server.address();
  return { server, url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}` };
};
