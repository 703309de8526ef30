import { UnsupportedFeatureError } from '../errors';

/**
 * The context object (`$$`) of an execution.
 *
 * The engine fills only `$$.Execution.Input` and `$$.Execution.StartTime`, and copies the rest
 * of what it is given once, when the execution starts. So `State` and `Task` are objects whose
 * getters read the execution's live state: `$$.State.*` from the state entered last (entered
 * states are observed synchronously, before their Parameters are evaluated), and
 * `$$.Task.Token` from a token minted for the task attempt whose Parameters are being evaluated.
 */
export interface ExecutionIdentity {
  readonly executionArn: string;
  readonly name: string;
  readonly startTime: string;
  readonly roleArn: string;
  readonly stateMachineArn: string;
  readonly stateMachineName: string;
}

export interface LiveState {
  readonly name: string;
  readonly enteredTime: string;
  readonly retryCount: number;
}

export const createContextObject = (
  identity: ExecutionIdentity,
  currentState: () => LiveState | undefined,
  taskToken: () => string,
): Record<string, unknown> => ({
  Execution: {
    Id: identity.executionArn,
    Name: identity.name,
    StartTime: identity.startTime,
    RoleArn: identity.roleArn,
    RedriveCount: 0,
  },
  StateMachine: { Id: identity.stateMachineArn, Name: identity.stateMachineName },
  State: Object.defineProperties({}, {
    Name: { enumerable: true, get: () => currentState()?.name },
    EnteredTime: { enumerable: true, get: () => currentState()?.enteredTime },
    RetryCount: { enumerable: true, get: () => currentState()?.retryCount },
  }),
  Task: Object.defineProperty({}, 'Token', { enumerable: true, get: taskToken }),
});

/** The `$$` paths this runtime fills in; any other is refused rather than evaluated to nothing. */
const SUPPORTED_CONTEXT_PATH =
  /^\$\$\.(Execution(\.(Id|Name|StartTime|RoleArn|RedriveCount|Input([.[].*)?))?|StateMachine(\.(Id|Name))?|State(\.(Name|EnteredTime|RetryCount))?|Task\.Token|Map\.Item\.(Index|Value([.[].*)?))$/;

export const checkContextPaths = (definitionText: string, file: string): void => {
  for (const [path] of definitionText.matchAll(/\$\$(?:\.[A-Za-z0-9_]+|\[[^\]]*\])*/g)) {
    if (!SUPPORTED_CONTEXT_PATH.test(path)) throw new UnsupportedFeatureError(`the context object path ${path}`, file);
  }
};
