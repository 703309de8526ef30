import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { optionalString, StepFunctionsApiError } from './api-errors';
import type { Execution } from './execution';
import type { StepFunctionsService } from './service';

/**
 * The Step Functions endpoint: AWS's JSON 1.0 protocol on node:http, so that an unchanged
 * SFNClient (through AWS_ENDPOINT_URL_SFN or `endpoint`) and the AWS CLI (`--endpoint-url`) work
 * against the local runtime. Timestamps are epoch seconds, as on the wire; errors carry AWS's
 * codes in `__type`, which the SDK turns into its exception classes.
 */
type Request = Record<string, unknown>;
type Action = (service: StepFunctionsService, request: Request) => unknown;

const seconds = (date: Date | undefined): number | undefined => (date ? date.getTime() / 1000 : undefined);

const summary = (execution: Execution): Record<string, unknown> => ({
  executionArn: execution.arn,
  stateMachineArn: execution.stateMachine.arn,
  name: execution.name,
  status: execution.status,
  startDate: seconds(execution.startDate),
  stopDate: seconds(execution.stopDate),
});

const wireEvent = (event: HistoryEvent): Record<string, unknown> => ({ ...event, timestamp: seconds(event.timestamp) });

/** Pagination with an opaque token: here, the offset. */
const page = <T>(items: T[], request: Request, defaultSize: number): { items: T[]; nextToken?: string } => {
  const start = Number(optionalString(request.nextToken, 'nextToken') ?? '0');
  const size = typeof request.maxResults === 'number' && request.maxResults > 0 ? request.maxResults : defaultSize;
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
    return { stateMachineArn: sm.arn, name: sm.name, status: 'ACTIVE', definition: sm.definitionText, roleArn: sm.roleArn, type: sm.type, creationDate: seconds(sm.creationDate) };
  },
  ListExecutions: (service, r) => {
    const { items, nextToken } = page(service.listExecutions(r.stateMachineArn, r.statusFilter), r, 100);
    return { executions: items.map(summary), ...(nextToken && { nextToken }) };
  },
  GetExecutionHistory: (service, r) => {
    const history = [...service.execution(r.executionArn).history];
    if (r.reverseOrder === true) history.reverse();
    const { items, nextToken } = page(history, r, 100);
    return { events: items.map(wireEvent), ...(nextToken && { nextToken }) };
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

export const handleRequest = (service: StepFunctionsService, target: string | undefined, body: string): { status: number; payload: unknown } => {
  const name = target?.startsWith('AWSStepFunctions.') ? target.slice('AWSStepFunctions.'.length) : '';
  const action = ACTIONS[name];
  const fault = action ? service.faults.take(name) : undefined;
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
    return { status: 200, payload: action(service, request as Request) };
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

/**
 * `inFlight`, when given, marks work in flight on the runtime's clock (VirtualClock.busy): each
 * request is, from its arrival until its response is sent.
 */
export const startStepFunctionsEndpoint = async (service: StepFunctionsService, port = 0, inFlight?: () => () => void): Promise<{ server: Server; url: string }> => {
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    if (inFlight) {
      const release = inFlight();
      response.once('finish', release).once('close', release);
    }
    void readBody(request).then((body) => {
      const { status, payload } = handleRequest(service, request.headers['x-amz-target'] as string | undefined, body);
      response.writeHead(status, { 'Content-Type': 'application/x-amz-json-1.0', 'x-amzn-RequestId': crypto.randomUUID() });
      response.end(JSON.stringify(payload));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => { resolve(); });
  });
  const address = server.address();
  return { server, url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}` };
};
