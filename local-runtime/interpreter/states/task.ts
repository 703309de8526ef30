import { HeartbeatTimeoutError, asStatesError } from '../error-handling';
import { StatesError, StatesErrorName } from '../errors';
import { jsonText } from '../history';
import { payloadTooLarge } from '../payload';
import { BranchAborted, stateScope, type StateHandler, type StateRun } from '../state-run';
import type { TaskRequest, TaskResource } from '../task-resources';
import type { TimerHandle } from '../clock';
import { nextOf, withRetryAndCatch } from './error-handlers';

/** The history event types of a task, by how its resource is shown (see TaskResource.events). */
const EVENTS = {
  task: { scheduled: 'TaskScheduled', started: 'TaskStarted', succeeded: 'TaskSucceeded', failed: 'TaskFailed', timedOut: 'TaskTimedOut' },
  lambdaFunction: { scheduled: 'LambdaFunctionScheduled', started: 'LambdaFunctionStarted', succeeded: 'LambdaFunctionSucceeded', failed: 'LambdaFunctionFailed', timedOut: 'LambdaFunctionTimedOut' },
} as const;

interface Limits {
  readonly timeoutSeconds: number | undefined;
  readonly heartbeatSeconds: number | undefined;
}

/**
 * Task: each attempt evaluates the task's parameters, schedules it on its resource, and waits
 * for its result, its TimeoutSeconds or a missed HeartbeatSeconds; then Retry and Catch.
 */
export const runTask: StateHandler = (run) =>
  withRetryAndCatch(run, async (retryCount) => {
    const { state, language, execution } = run;
    const resource = execution.machine.resourceOf(state);
    const taskToken = execution.machine.readsTaskToken(state) ? execution.host.mintTaskToken(run.name) : undefined;
    try {
      const scope = stateScope(run, { retryCount, ...(taskToken !== undefined && { taskToken }) });
      const parameters = await language.effectiveInput(state, scope);
      const limits: Limits = {
        timeoutSeconds: (await language.value(state, 'TimeoutSeconds', scope, run.input)) as number | undefined,
        heartbeatSeconds: (await language.value(state, 'HeartbeatSeconds', scope, run.input)) as number | undefined,
      };
      const result = await attempt(run, resource, parameters, taskToken, limits);
      const outcome = await language.complete(state, scope, parameters, result);
      return { ...outcome, next: nextOf(run) };
    } finally {
      if (taskToken !== undefined) execution.host.closeTaskToken(taskToken);
    }
  });

/** One attempt on the resource, with its history events and its timers. */
const attempt = (run: StateRun, resource: TaskResource, parameters: unknown, taskToken: string | undefined, limits: Limits): Promise<unknown> => {
  const { history, host, identity } = run.execution;
  const { flow } = run;
  const events = EVENTS[resource.events];
  const names = { resourceType: resource.resourceType, resource: resource.resource };
  const limitDetails = {
    ...(limits.timeoutSeconds !== undefined && { timeoutInSeconds: limits.timeoutSeconds }),
    ...(limits.heartbeatSeconds !== undefined && { heartbeatInSeconds: limits.heartbeatSeconds }),
  };
  const parametersText = jsonText(parameters);
  if (resource.events === 'task') {
    history.record(flow, events.scheduled, { ...names, region: host.region, parameters: parametersText, ...limitDetails });
    history.record(flow, events.started, names);
  } else {
    history.record(flow, events.scheduled, { resource: resource.resource, input: parametersText, ...limitDetails });
    history.record(flow, events.started);
  }
  const failureDetails = (error: StatesError): object => ({
    ...(resource.events === 'task' && names),
    error: error.error,
    ...(error.cause !== '' && { cause: error.cause }),
  });
  const fail = (error: StatesError, type: string = events.failed): StatesError => {
    history.record(flow, type, failureDetails(error));
    return error;
  };

  const tooLarge = payloadTooLarge(parametersText, `The state/task '${run.name}' has an input`);
  if (tooLarge) return Promise.reject(fail(tooLarge));

  return new Promise((resolve, reject) => {
    const abort = new AbortController();
    const timers: TimerHandle[] = [];
    let settled = false;
    const settle = (conclude: () => void): void => {
      if (settled) return;
      settled = true;
      for (const timer of timers) timer.cancel();
      run.signal.removeEventListener('abort', onStop);
      conclude();
    };
    const timeOut = (newError: () => StatesError) => (): void => {
      settle(() => {
        const error = newError();
        abort.abort(error);
        reject(fail(error, events.timedOut));
      });
    };
    const onStop = (): void => {
      settle(() => {
        const reason = run.signal.reason as Error;
        abort.abort(reason);
        if (reason instanceof BranchAborted) history.record(flow, 'TaskStateAborted', undefined, reason.failureEventId);
        reject(reason);
      });
    };
    run.signal.addEventListener('abort', onStop, { once: true });

    if (limits.timeoutSeconds !== undefined) timers.push(host.clock.after(limits.timeoutSeconds * 1000, timeOut(() => new StatesError(StatesErrorName.Timeout))));
    let heartbeat: TimerHandle | undefined;
    const armHeartbeat = (): void => {
      if (limits.heartbeatSeconds === undefined || settled) return;
      heartbeat?.cancel();
      heartbeat = host.clock.after(limits.heartbeatSeconds * 1000, timeOut(() => new HeartbeatTimeoutError()));
    };
    // A callback task's HeartbeatSeconds counts from its submission (see `submitted`); any other's from its start.
    if (!resource.resource.endsWith('.waitForTaskToken')) armHeartbeat();
    timers.push({ cancel: () => heartbeat?.cancel() });

    const request: TaskRequest = {
      executionArn: identity.executionArn,
      stateName: run.name,
      parameters,
      taskToken,
      signal: abort.signal,
      submitted: (output) => {
        if (settled) return;
        if (resource.events === 'task') history.record(flow, 'TaskSubmitted', { ...names, output: jsonText(output), outputDetails: { truncated: false } });
        // HeartbeatSeconds counts from the submission: a synchronous invoke's own run time is not a missed heartbeat (AWS DG, Lambda .waitForTaskToken).
        armHeartbeat();
      },
      heartbeat: armHeartbeat,
    };
    let running: Promise<unknown>;
    try {
      running = resource.run(request);
    } catch (thrown) {
      running = Promise.reject(asStatesError(thrown));
    }
    running.then(
      (result) => {
        settle(() => {
          const resultText = jsonText(result);
          const resultTooLarge = payloadTooLarge(resultText, `The state/task '${run.name}' returned a result`);
          if (resultTooLarge) {
            reject(fail(resultTooLarge));
            return;
          }
          history.record(flow, events.succeeded, { ...(resource.events === 'task' && names), output: resultText, outputDetails: { truncated: false } });
          resolve(result);
        });
      },
      (thrown: unknown) => {
        settle(() => {
          const error = asStatesError(thrown);
          // A resource's own States.Runtime is a task failure like any other, not a runtime fault.
          reject(fail(error.isTerminal ? new StatesError(StatesErrorName.TaskFailed, error.cause) : error));
        });
      },
    );
  });
};
