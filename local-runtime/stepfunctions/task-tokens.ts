import { randomBytes } from 'node:crypto';
import { optionalString, StepFunctionsApiError } from './api-errors';

/** How a task waiting for its token ended. */
export type TaskCompletion =
  | { readonly kind: 'success'; readonly output: unknown }
  | { readonly kind: 'failure'; readonly error: string; readonly cause: string };

/** What the token's owner hears about it: completions and heartbeats. */
export interface TaskTokenActivity {
  readonly token: string;
  readonly executionArn: string;
  readonly stateName: string;
  readonly action: 'SendTaskSuccess' | 'SendTaskFailure' | 'SendTaskHeartbeat';
  readonly completion?: TaskCompletion;
}

interface TokenRecord {
  readonly executionArn: string;
  readonly stateName: string;
  open: boolean;
  readonly completion: Promise<TaskCompletion>;
  readonly settle: (completion: TaskCompletion) => void;
  heartbeat?: () => void;
}

// Step Functions API limits (SendTaskSuccess, SendTaskFailure).
const MAX_OUTPUT_BYTES = 256 * 1024;
const MAX_ERROR_LENGTH = 256;
const MAX_CAUSE_LENGTH = 32_768;
const TOKEN_FORMAT = /^AQ[A-Za-z0-9_-]{96}$/;

/**
 * The task tokens of the executions: a fresh one for every task attempt, usable once.
 *
 * A token is InvalidToken when it is not one this runtime could have made, TaskDoesNotExist when
 * it is well-formed but unknown, and TaskTimedOut once its task has ended, however it ended.
 */
export class TaskTokens {
  private readonly tokens = new Map<string, TokenRecord>();

  public constructor(private readonly onActivity: (activity: TaskTokenActivity) => void = () => undefined) {}

  public mint(executionArn: string, stateName: string): string {
    const token = `AQ${randomBytes(72).toString('base64url')}`;
    let settle!: (completion: TaskCompletion) => void;
    const completion = new Promise<TaskCompletion>((resolve) => {
      settle = resolve;
    });
    this.tokens.set(token, { executionArn, stateName, open: true, completion, settle });
    return token;
  }

  /** Resolves when the token's task is completed by SendTaskSuccess or SendTaskFailure. */
  public completion(token: string): Promise<TaskCompletion> {
    return this.record(token).completion;
  }

  /** Calls `onHeartbeat` on each SendTaskHeartbeat for this token. */
  public onHeartbeat(token: string, onHeartbeat: () => void): void {
    this.record(token).heartbeat = onHeartbeat;
  }

  /** The task ended another way (timeout, stop, a failure): the token can no longer be used. */
  public close(token: string): void {
    const record = this.tokens.get(token);
    if (!record?.open) return;
    record.open = false;
    // What still waits for it lets go (its task has ended), and its heartbeat listener goes.
    record.heartbeat = undefined;
    record.settle({ kind: 'failure', error: 'States.Runtime', cause: 'The task of this token has ended' });
  }

  public sendTaskSuccess(token: unknown, output: unknown): void {
    const record = this.openRecord(token);
    if (typeof output !== 'string') throw new StepFunctionsApiError('ValidationException', 'output is required');
    if (Buffer.byteLength(output) > MAX_OUTPUT_BYTES) {
      throw new StepFunctionsApiError('ValidationException', `output is longer than ${MAX_OUTPUT_BYTES} bytes`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(output);
    } catch {
      throw new StepFunctionsApiError('InvalidOutput', 'Invalid JSON in output');
    }
    this.complete(token as string, record, 'SendTaskSuccess', { kind: 'success', output: parsed });
  }

  public sendTaskFailure(token: unknown, error: unknown, cause: unknown): void {
    const record = this.openRecord(token);
    const errorText = optionalString(error, 'error') ?? '';
    const causeText = optionalString(cause, 'cause') ?? '';
    if (errorText.length > MAX_ERROR_LENGTH) {
      throw new StepFunctionsApiError('ValidationException', `error is longer than ${MAX_ERROR_LENGTH} characters`);
    }
    if (causeText.length > MAX_CAUSE_LENGTH) {
      throw new StepFunctionsApiError('ValidationException', `cause is longer than ${MAX_CAUSE_LENGTH} characters`);
    }
    this.complete(token as string, record, 'SendTaskFailure', { kind: 'failure', error: errorText, cause: causeText });
  }

  public sendTaskHeartbeat(token: unknown): void {
    const record = this.openRecord(token);
    record.heartbeat?.();
    this.onActivity({ token: token as string, executionArn: record.executionArn, stateName: record.stateName, action: 'SendTaskHeartbeat' });
  }

  private complete(token: string, record: TokenRecord, action: TaskTokenActivity['action'], completion: TaskCompletion): void {
    record.open = false;
    // Its task goes on without it: the heartbeat listener (and the task it holds) goes.
    record.heartbeat = undefined;
    record.settle(completion);
    this.onActivity({ token, executionArn: record.executionArn, stateName: record.stateName, action, completion });
  }

  private record(token: string): TokenRecord {
    const record = this.tokens.get(token);
    if (!record) throw new Error('unknown task token');
    return record;
  }

  private openRecord(token: unknown): TokenRecord {
    if (typeof token !== 'string' || token.length === 0) throw new StepFunctionsApiError('ValidationException', 'taskToken is required');
    if (!TOKEN_FORMAT.test(token)) throw new StepFunctionsApiError('InvalidToken', 'Invalid token');
    const record = this.tokens.get(token);
    if (!record) throw new StepFunctionsApiError('TaskDoesNotExist', 'Task does not exist');
    if (!record.open) throw new StepFunctionsApiError('TaskTimedOut', 'Task Timed Out');
    return record;
  }
}
