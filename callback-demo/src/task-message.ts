/**
 * The message the state machine sends through SQS: the task token and the execution input.
 *
 * The state machine's `MessageBody` builds it (see ../statemachine/callback.asl.json); the worker
 * must not trust it further than that, so every field is checked before use.
 */
export interface TaskMessage {
  /** The task token that completes the waiting task: a bearer credential, never logged whole. */
  readonly taskToken: string;
  /** The execution input, any JSON value. */
  readonly input: unknown;
  /** The execution that waits for this token, when the state machine sent it (for the logs). */
  readonly executionArn?: string;
}

/** A message body the worker cannot use: it goes back to the queue, then to the dead-letter queue. */
export class MalformedTaskMessageError extends Error {
  public override readonly name = 'MalformedTaskMessageError';
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const parseTaskMessage = (body: string): TaskMessage => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new MalformedTaskMessageError('The message body is not JSON');
  }
  if (!isObject(parsed)) {
    throw new MalformedTaskMessageError(`The message body is ${describeJsonType(parsed)}, not a JSON object`);
  }
  const { taskToken, input, executionArn } = parsed;
  if (typeof taskToken !== 'string' || taskToken.length === 0) {
    throw new MalformedTaskMessageError('The message body has no taskToken string');
  }
  return {
    taskToken,
    input,
    ...(typeof executionArn === 'string' && { executionArn }),
  };
};

/** The JSON type of a value, in words: "an array", "a string", "null". */
export const describeJsonType = (value: unknown): string => {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value === undefined) return 'missing';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
};
