import {
  InvalidToken,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  TaskDoesNotExist,
  TaskTimedOut,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import type { TaskDecision } from './task-decision';

/**
 * - `completed`: Step Functions took the result.
 * - `task-closed`: the task can no longer take a result (it timed out, was completed already,
 *   or the token is invalid). Retrying never helps, so the message is done with.
 */
export type CompletionOutcome =
  | { readonly kind: 'completed' }
  | { readonly kind: 'task-closed'; readonly reason: string };

/**
 * Sends the decision to Step Functions with the task token.
 *
 * Throttling, 5xx and network errors are retried by the SDK; when it gives up, the error is
 * thrown so that the message is reported as a batch item failure and delivered again.
 */
export const completeTask = async (
  client: SFNClient,
  taskToken: string,
  decision: TaskDecision,
): Promise<CompletionOutcome> => {
  try {
    if (decision.kind === 'success') {
      await client.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(decision.output) }));
    } else {
      await client.send(new SendTaskFailureCommand({ taskToken, error: decision.error, cause: decision.cause }));
    }
    return { kind: 'completed' };
  } catch (error) {
    if (error instanceof TaskTimedOut || error instanceof TaskDoesNotExist || error instanceof InvalidToken) {
      return { kind: 'task-closed', reason: `${error.name}: ${error.message}` };
    }
    throw error;
  }
};
