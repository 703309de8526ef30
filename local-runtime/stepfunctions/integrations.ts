import { DefinitionError, StatesError, StatesErrorName, UnsupportedDefinitionError, type State, type TaskRequest, type TaskResource, type TaskResources } from '../interpreter';
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
  readonly sendMessage: (queueUrl: string, body: string, delaySeconds?: number) => Promise<{ MessageId?: string; MD5OfMessageBody?: string }>;
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

const asObject = (parameters: unknown, resource: string): Record<string, unknown> => {
  if (typeof parameters !== 'object' || parameters === null || Array.isArray(parameters)) {
    throw new StatesError(StatesErrorName.TaskFailed, `The parameters of ${resource} must be a JSON object`);
  }
  return parameters as Record<string, unknown>;
};
const text = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));
const requiredString = (parameters: Record<string, unknown>, field: string, resource: string): string => {
  const value = parameters[field];
  if (typeof value !== 'string' || value === '') throw new StatesError(StatesErrorName.TaskFailed, `${resource} requires the string parameter ${field}`);
  return value;
};

/** Errors of a service call, named as Step Functions names them: `SQS.QueueDoesNotExist`. */
const serviceError = (service: string, error: unknown): StatesError => {
  if (error instanceof StatesError) return error;
  const { code, name, message } = error as { code?: string; name?: string; message?: string };
  return new StatesError(`${service}.${code ?? name ?? 'Error'}`, message ?? String(error));
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
    const p = asObject(parameters, resource);
    const delay = typeof p.DelaySeconds === 'number' ? p.DelaySeconds : undefined;
    try {
      return await services.sendMessage(requiredString(p, 'QueueUrl', resource), text(p.MessageBody), delay);
    } catch (error) {
      throw serviceError('SQS', error);
    }
  },
  'sns:publish': async ({ parameters }) => {
    const p = asObject(parameters, resource);
    try {
      return await services.publish(requiredString(p, 'TopicArn', resource), text(p.Message), typeof p.Subject === 'string' ? p.Subject : undefined);
    } catch (error) {
      throw serviceError('SNS', error);
    }
  },
  'lambda:invoke': lambdaInvoke(services.invokeFunction),
  'states:startExecution': ({ parameters, executionArn }) => {
    try {
      const p = asObject(parameters, resource);
      const input = p.Input === undefined ? '{}' : text(p.Input);
      const child = services.startExecution(requiredString(p, 'StateMachineArn', resource), input, typeof p.Name === 'string' ? p.Name : undefined, executionArn);
      return Promise.resolve({ ExecutionArn: child.executionArn, StartDate: child.startDate.getTime() });
    } catch (error) {
      return Promise.reject(serviceError('StepFunctions', error));
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
        taskRequest.signal.addEventListener('abort', stopChild, { once: true });
        const child = await services.executionEnded(started.ExecutionArn);
        taskRequest.signal.removeEventListener('abort', stopChild);
        const description = describeForSync(child, pattern === '.sync:2');
        if (child.status !== 'SUCCEEDED') throw new StatesError(StatesErrorName.TaskFailed, JSON.stringify(description));
        return description;
      },
    };
  },
});
