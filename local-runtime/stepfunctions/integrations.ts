import { UnsupportedFeatureError, TemplateError } from '../errors';
import type { AslState } from './definition';
import type { TaskCompletion, TaskTokens } from './task-tokens';

/**
 * Service integrations: what a Task state's `Resource` does on the local runtime. Each Task is
 * mapped from its Resource when the state machine is loaded, so an unsupported one is refused
 * before anything runs.
 */

/** One attempt of a Task state. */
export interface TaskAttempt {
  readonly executionArn: string;
  readonly stateName: string;
  /** The token minted for this attempt, when its Parameters read `$$.Task.Token`. */
  readonly taskToken: string | undefined;
  /** Aborted when the task ends before the integration does (timeout, heartbeat timeout, stop). */
  readonly signal: AbortSignal;
  /** The request reached the service and the task now waits (TaskSubmitted in the history). */
  readonly submitted: (output: unknown) => void;
}

export type Integration = (parameters: unknown, attempt: TaskAttempt) => Promise<unknown>;

/** A failure of the task, with the error name that Retry and Catch match. */
export class TaskFailure extends Error {
  public constructor(error: string, cause: string) {
    super(cause);
    this.name = error;
  }
}

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
  readonly tokens: TaskTokens;
}

const RESOURCE = /^arn:aws:states:::([a-z]+):([A-Za-z]+)(\.waitForTaskToken|\.sync(?::2)?)?$/;

const asObject = (parameters: unknown, resource: string): Record<string, unknown> => {
  if (typeof parameters !== 'object' || parameters === null || Array.isArray(parameters)) {
    throw new TaskFailure('States.Runtime', `The parameters of ${resource} must be a JSON object`);
  }
  return parameters as Record<string, unknown>;
};
const text = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));
const requiredString = (parameters: Record<string, unknown>, field: string, resource: string): string => {
  const value = parameters[field];
  if (typeof value !== 'string' || value === '') throw new TaskFailure('States.Runtime', `${resource} requires the string parameter ${field}`);
  return value;
};

/** Errors of a service call, named as Step Functions names them: `SQS.QueueDoesNotExist`. */
const serviceError = (service: string, error: unknown): TaskFailure => {
  const { code, name, message } = error as { code?: string; name?: string; message?: string };
  return new TaskFailure(`${service}.${code ?? name ?? 'Error'}`, message ?? String(error));
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

const waitForToken = async (services: IntegrationServices, attempt: TaskAttempt): Promise<unknown> => {
  const completion: TaskCompletion = await services.tokens.completion(attempt.taskToken ?? '');
  if (completion.kind === 'failure') throw new TaskFailure(completion.error, completion.cause);
  return completion.output;
};

export const resolveIntegration = (stateName: string, state: AslState, services: IntegrationServices, file: string): Integration => {
  const resource = state.Resource ?? '';
  const match = RESOURCE.exec(resource);
  const [, service, action, pattern] = match ?? [];
  const key = `${service}:${action}`;
  const unsupported = (): UnsupportedFeatureError => new UnsupportedFeatureError(`state ${stateName}: Resource ${resource}`, file);
  if (!match) throw unsupported();

  if (pattern === '.waitForTaskToken' && !JSON.stringify(state.Parameters ?? {}).includes('$$.Task.Token')) {
    throw new TemplateError(`state ${stateName}: a .waitForTaskToken task must pass $$.Task.Token in its Parameters`, file);
  }

  let request: Integration;
  switch (key) {
    case 'sqs:sendMessage':
      request = async (parameters) => {
        const p = asObject(parameters, resource);
        const delay = typeof p.DelaySeconds === 'number' ? p.DelaySeconds : undefined;
        try {
          return await services.sendMessage(requiredString(p, 'QueueUrl', resource), text(p.MessageBody), delay);
        } catch (error) {
          throw error instanceof TaskFailure ? error : serviceError('SQS', error);
        }
      };
      break;
    case 'sns:publish':
      request = async (parameters) => {
        const p = asObject(parameters, resource);
        try {
          return await services.publish(requiredString(p, 'TopicArn', resource), text(p.Message), typeof p.Subject === 'string' ? p.Subject : undefined);
        } catch (error) {
          throw error instanceof TaskFailure ? error : serviceError('SNS', error);
        }
      };
      break;
    case 'states:startExecution':
      request = (parameters, attempt) => {
        const p = asObject(parameters, resource);
        const input = p.Input === undefined ? '{}' : text(p.Input);
        try {
          const child = services.startExecution(requiredString(p, 'StateMachineArn', resource), input, typeof p.Name === 'string' ? p.Name : undefined, attempt.executionArn);
          return Promise.resolve({ ExecutionArn: child.executionArn, StartDate: child.startDate.getTime() });
        } catch (error) {
          return Promise.reject(error instanceof TaskFailure ? error : serviceError('StepFunctions', error));
        }
      };
      break;
    default:
      throw unsupported();
  }

  if (pattern === undefined) return request;
  if (pattern === '.waitForTaskToken') {
    return async (parameters, attempt) => {
      attempt.submitted(await request(parameters, attempt));
      return waitForToken(services, attempt);
    };
  }
  if (service !== 'states') throw unsupported();
  // .sync and .sync:2: wait for the child to end; a parent that stops waiting stops the child.
  return async (parameters, attempt) => {
    const started = (await request(parameters, attempt)) as { ExecutionArn: string };
    attempt.submitted(started);
    const stopChild = (): void => {
      services.stopExecution(started.ExecutionArn, 'States.Aborted', `The parent execution ${attempt.executionArn} stopped waiting for it`);
    };
    attempt.signal.addEventListener('abort', stopChild, { once: true });
    const child = await services.executionEnded(started.ExecutionArn);
    attempt.signal.removeEventListener('abort', stopChild);
    const description = describeForSync(child, pattern === '.sync:2');
    if (child.status !== 'SUCCEEDED') throw new TaskFailure('States.TaskFailed', JSON.stringify(description));
    return description;
  };
};
