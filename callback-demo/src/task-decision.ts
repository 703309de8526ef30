import { describeJsonType } from './task-message';

/**
 * What the worker decides for a task, from the execution input alone: a pure function, so that
 * every rule is tested without AWS.
 */
export type TaskDecision =
  | { readonly kind: 'success'; readonly output: TaskSuccessOutput }
  | { readonly kind: 'failure'; readonly error: string; readonly cause: string };

export interface TaskSuccessOutput {
  readonly status: 'success';
  readonly message: string;
  readonly processedAt: string;
}

/** The error name of SendTaskFailure: stable, so that a Catch or an alarm can match it. */
export const STATUS_NOT_SUCCESS = 'CallbackDemo.StatusNotSuccess';

/** SendTaskFailure limits (Step Functions API reference): error 256 characters, cause 32,768. */
export const MAX_ERROR_LENGTH = 256;
export const MAX_CAUSE_LENGTH = 32_768;

export const decideTask = (input: unknown, now: Date): TaskDecision => {
  const status = typeof input === 'object' && input !== null && !Array.isArray(input)
    ? (input as Record<string, unknown>).status
    : undefined;
  if (status === 'success') {
    return {
      kind: 'success',
      output: { status: 'success', message: 'The worker completed the task', processedAt: now.toISOString() },
    };
  }
  return { kind: 'failure', error: STATUS_NOT_SUCCESS, cause: truncate(failureCause(input, status), MAX_CAUSE_LENGTH) };
};

const failureCause = (input: unknown, status: unknown): string => {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return `Expected the execution input to be a JSON object with "status": "success", received ${describeJsonType(input)}`;
  }
  if (status === undefined) return 'Expected "status": "success" in the execution input, received no status';
  return `Expected "status": "success" in the execution input, received "status": ${JSON.stringify(status)}`;
};

/** Cuts text to at most `max` UTF-16 code units, marking the cut. */
export const truncate = (text: string, max: number): string =>
  text.length <= max ? text : `${text.slice(0, max - 1)}…`;
