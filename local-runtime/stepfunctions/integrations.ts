import { randomUUID } from 'node:crypto';
import type { SendMessageRequest, SendMessageResult } from '@aws-sdk/client-sqs';
import { DefinitionError, StatesError, StatesErrorName, UnsupportedDefinitionError, type State, type TaskRequest, type TaskResource, type TaskResources } from '../interpreter';
import { SqsServiceError } from '../sqs/in-process-request';
import { StepFunctionsApiError } from './api-errors';
import { lambdaInvoke, legacyLambdaFunction, type InvokeFunction } from './lambda-integration';
import type { TaskCompletion, TaskTokens } from './task-tokens';

/**
 * Service integrations: what a Task state's `Resource` does on the local runtime, as the
 * interpreter's TaskResources. Each Task is mapped from its Resource when the state machine is
 * loaded, so an unsupported one is refused before anything runs.
 */

/** A child execution, as DescribeExecution describes it (Input and Output as JSON text). */
export interface ChildExecution {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly name: string;
  readonly status: string;
  readonly startDate: Date;
  readonly stopDate?: Date;
  readonly input: string;
  readonly output?: string;
  readonly error?: string;
  readonly cause?: string;
}

export interface IntegrationServices {
  readonly sendMessage: (request: SendMessageRequest) => Promise<SendMessageResult>;
  readonly publish: (topicArn: string, message: string, subject?: string) => Promise<{ MessageId: string }>;
  readonly startExecution: (stateMachineArn: string, input: string, name: string | undefined, parentExecutionArn: string) => ChildExecution;
  readonly executionEnded: (executionArn: string) => Promise<ChildExecution>;
  readonly stopExecution: (executionArn: string, error: string, cause: string) => void;
  readonly invokeFunction: InvokeFunction;
  readonly tokens: TaskTokens;
}

type Request = (request: TaskRequest) => Promise<unknown>;

const RESOURCE = /^arn:aws:states:::([a-z]+):([A-Za-z]+)(\.waitForTaskToken|\.sync(?::2)?)?$/;
/** A Resource that is a Lambda function's ARN (the legacy Lambda integration). */
const FUNCTION_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9_$-]+)?$/;

/**
 * The parameters each request of an integration takes: those of the service's API that the local
 * runtime passes on. Another API parameter is refused by name, when the state machine loads if
 * the state names it, else when the task runs: never dropped without a word.
 */
const PARAMETERS: Readonly<Record<string, readonly string[]>> = {
  'sqs:sendMessage': ['QueueUrl', 'MessageBody', 'DelaySeconds', 'MessageAttributes', 'MessageSystemAttributes', 'MessageGroupId', 'MessageDeduplicationId'],
  'sns:publish': ['TopicArn', 'Message', 'Subject'],
  'lambda:invoke': ['FunctionName', 'Payload', 'InvocationType', 'Qualifier', 'LogType', 'ClientContext'],
  'states:startExecution': ['StateMachineArn', 'Input', 'Name', 'TraceHeader'],
};

const unsupportedParameter = (resource: string, name: string): string =>
  `the parameter ${name} of ${resource} is not emulated by the local runtime (it passes on ${(PARAMETERS[resourceKey(resource)] ?? []).join(', ')})`;

/** `service:action` of an integration's Resource. */
const resourceKey = (resource: string): string => {
  const [, service = '', action = ''] = RESOURCE.exec(resource) ?? [];
  return `${service}:${action}`;
};

const parametersOf = (parameters: unknown, resource: string): Record<string, unknown> => {
  if (typeof parameters !== 'object' || parameters === null || Array.isArray(parameters)) {
    throw new StatesError(StatesErrorName.TaskFailed, `The parameters of ${resource} must be a JSON object`);
  }
  const allowed = PARAMETERS[resourceKey(resource)] ?? [];
  const unknown = Object.keys(parameters).find((name) => !allowed.includes(name));
  if (unknown !== undefined) throw new StatesError(StatesErrorName.Runtime, unsupportedParameter(resource, unknown));
  return parameters as Record<string, unknown>;
};

const required = (parameters: Record<string, unknown>, field: string, resource: string): unknown => {
  const value = parameters[field];
  if (value === undefined) throw new StatesError(StatesErrorName.TaskFailed, `${resource} requires the parameter ${field}`);
  return value;
};
const text = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));
const requiredString = (parameters: Record<string, unknown>, field: string, resource: string): string => {
  const value = parameters[field];
  if (typeof value !== 'string' || value === '') throw new StatesError(StatesErrorName.TaskFailed, `${resource} requires the string parameter ${field}`);
  return value;
};

/** The service ids that the SDK's error causes name. */
const SERVICE_IDS = { SQS: 'AmazonSQS', SNS: 'AmazonSNS', StepFunctions: 'AWSStepFunctions' } as const;

/**
 * Errors of a service call, named as Step Functions names them: `SQS.QueueDoesNotExistException`,
 * `StepFunctions.ExecutionAlreadyExistsException`, with the SDK's cause text
 * (`... (Service: AWSStepFunctions; Status Code: 400; Error Code: ExecutionAlreadyExists; ...)`).
 */
const serviceError = (service: keyof typeof SERVICE_IDS, errorCode: string, message: string, statusCode = 400): StatesError =>
  new StatesError(
    `${service}.${errorCode.endsWith('Exception') ? errorCode : `${errorCode}Exception`}`,
    `${message} (Service: ${SERVICE_IDS[service]}; Status Code: ${statusCode}; Error Code: ${errorCode}; Request ID: ${randomUUID()}; Proxy: null)`,
  );

/** A failed call of the local SQS: its JSON-protocol error name (QueueDoesNotExist). */
const sqsError = (error: unknown): StatesError => {
  if (error instanceof StatesError) return error;
  if (error instanceof SqsServiceError) return serviceError('SQS', error.name, error.message, error.statusCode);
  return serviceError('SQS', 'AmazonSQS', error instanceof Error ? error.message : String(error), 500);
};

/** A failed call of the local Step Functions service: its API error code (ExecutionAlreadyExists). */
const stepFunctionsError = (error: unknown): StatesError => {
  if (error instanceof StatesError) return error;
  if (error instanceof StepFunctionsApiError) return serviceError('StepFunctions', error.code, error.message);
  return serviceError('StepFunctions', 'AWSStepFunctions', error instanceof Error ? error.message : String(error), 500);
};

/** DescribeExecution as the `.sync` integrations return it; `:2` parses Input and Output. */
export const describeForSync = (child: ChildExecution, parseJson: boolean): Record<string, unknown> => ({
  ExecutionArn: child.executionArn,
  StateMachineArn: child.stateMachineArn,
  Name: child.name,
  Status: child.status,
  StartDate: child.startDate.getTime(),
  ...(child.stopDate && { StopDate: child.stopDate.getTime() }),
  Input: parseJson ? (JSON.parse(child.input) as unknown) : child.input,
  InputDetails: { Included: true },
  ...(child.output !== undefined && {
    Output: parseJson ? (JSON.parse(child.output) as unknown) : child.output,
    OutputDetails: { Included: true },
  }),
  ...(child.error !== undefined && { Error: child.error }),
  ...(child.cause !== undefined && { Cause: child.cause }),
});

/** The task waits for SendTaskSuccess or SendTaskFailure with its token; heartbeats reach it. */
const waitForToken = async (services: IntegrationServices, request: TaskRequest): Promise<unknown> => {
  const token = request.taskToken ?? '';
  services.tokens.onHeartbeat(token, () => { request.heartbeat(); });
  const completion: TaskCompletion = await services.tokens.completion(token);
  if (completion.kind === 'failure') throw new StatesError(completion.error, completion.cause);
  return completion.output;
};

/** Service calls, by `service:action`. */
const requests = (services: IntegrationServices, resource: string): Record<string, Request> => ({
  'sqs:sendMessage': async ({ parameters }) => {
    const p = parametersOf(parameters, resource);
    requiredString(p, 'QueueUrl', resource);
    // Every SendMessage parameter reaches SQS (attributes, FIFO ids, delay); the body as text.
    const request = { ...p, MessageBody: text(required(p, 'MessageBody', resource)) } as SendMessageRequest;
    try {
      return await services.sendMessage(request);
    } catch (error) {
      throw sqsError(error);
    }
  },
  'sns:publish': async ({ parameters }) => {
    const p = parametersOf(parameters, resource);
    const topicArn = requiredString(p, 'TopicArn', resource);
    const message = text(required(p, 'Message', resource));
    try {
      return await services.publish(topicArn, message, typeof p.Subject === 'string' ? p.Subject : undefined);
    } catch (error) {
      throw serviceError('SNS', 'NotFound', error instanceof Error ? error.message : String(error), 404);
    }
  },
  'lambda:invoke': lambdaInvoke(services.invokeFunction),
  'states:startExecution': ({ parameters, executionArn }) => {
    try {
      const p = parametersOf(parameters, resource);
      const input = p.Input === undefined ? '{}' : text(p.Input);
      const child = services.startExecution(requiredString(p, 'StateMachineArn', resource), input, typeof p.Name === 'string' ? p.Name : undefined, executionArn);
      return Promise.resolve({ ExecutionArn: child.executionArn, StartDate: child.startDate.getTime() });
    } catch (error) {
      return Promise.reject(stepFunctionsError(error));
    }
  },
});

/** The Task resources of the local runtime's services. */
export const integrations = (services: IntegrationServices, stateMachineType: 'STANDARD' | 'EXPRESS'): TaskResources => ({
  resolve: (stateName: string, state: State): TaskResource => {
    const resource = state.Resource ?? '';
    if (FUNCTION_ARN.test(resource)) {
      return { events: 'lambdaFunction', resourceType: 'lambda', resource, run: legacyLambdaFunction(services.invokeFunction, resource) };
    }
    const match = RESOURCE.exec(resource);
    const [, service = '', action = '', pattern] = match ?? [];
    const request = match ? requests(services, resource)[`${service}:${action}`] : undefined;
    if (!request || (pattern?.startsWith('.sync') === true && service !== 'states')) {
      throw new UnsupportedDefinitionError(`the Resource ${resource} is not supported by the local runtime`, stateName, 'Resource');
    }
    // Parameters the state names that the runtime would not pass on: refused now, by name.
    const named = [state.Parameters, state.Arguments].flatMap((fields) => (typeof fields === 'object' && fields !== null && !Array.isArray(fields) ? Object.keys(fields).map((key) => key.replace(/\.\$$/, '')) : []));
    const notPassed = named.find((name) => !(PARAMETERS[`${service}:${action}`] ?? []).includes(name));
    if (notPassed !== undefined) {
      throw new UnsupportedDefinitionError(`${unsupportedParameter(resource, notPassed)} is not supported by the local runtime`, stateName, `${state.Parameters === undefined ? 'Arguments' : 'Parameters'}.${notPassed}`);
    }
    if (pattern !== undefined && stateMachineType === 'EXPRESS') {
      throw new DefinitionError(`${resource} works only in STANDARD workflows, not EXPRESS`, stateName, 'Resource');
    }
    const names = { events: 'task' as const, resourceType: service, resource: `${action}${pattern ?? ''}` };
    if (pattern === undefined) return { ...names, run: request };
    if (pattern === '.waitForTaskToken') {
      const passed = JSON.stringify([state.Parameters, state.Arguments]);
      if (!/\$\$\.Task\.Token|\$states\.context\.Task\.Token/.test(passed)) {
        throw new DefinitionError('a .waitForTaskToken task must pass its task token ($$.Task.Token, or $states.context.Task.Token in JSONata) in its parameters', stateName, 'Resource');
      }
      return {
        ...names,
        run: async (taskRequest) => {
          taskRequest.submitted(await request(taskRequest));
          return waitForToken(services, taskRequest);
        },
      };
    }
    // .sync and .sync:2: wait for the child to end; a parent that stops waiting stops the child.
    return {
      ...names,
      run: async (taskRequest) => {
        const started = (await request(taskRequest)) as { ExecutionArn: string };
        taskRequest.submitted(started);
        const stopChild = (): void => {
          services.stopExecution(started.ExecutionArn, 'States.Aborted', `The parent execution ${taskRequest.executionArn} stopped waiting for it`);
        };
        // The parent may have stopped waiting while the child started.
        if (taskRequest.signal.aborted) stopChild();
        taskRequest.signal.addEventListener('abort', stopChild, { once: true });
        let child: ChildExecution;
        try {
          child = await services.executionEnded(started.ExecutionArn);
        } finally {
          taskRequest.signal.removeEventListener('abort', stopChild);
        }
        const description = describeForSync(child, pattern === '.sync:2');
        if (child.status !== 'SUCCEEDED') throw new StatesError(StatesErrorName.TaskFailed, JSON.stringify(description));
        return description;
      },
    };
  },
});
