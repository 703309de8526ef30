/**
 * The context object: `$$` in JSONPath, `$states.context` in JSONata. The same `Execution` and
 * `StateMachine` in every state, branch and iteration; `State` for the state being run, `Task`
 * in Task states, `Map.Item` while a Map state builds an iteration's input.
 */
export interface ExecutionIdentity {
  readonly executionArn: string;
  readonly name: string;
  readonly roleArn: string;
  readonly stateMachineArn: string;
  readonly stateMachineName: string;
  readonly startTime: string;
  /** The execution's input, parsed. */
  readonly input: unknown;
}

export interface ContextState {
  readonly name: string;
  readonly enteredTime: string;
  readonly retryCount: number;
}

export const contextObject = (
  identity: ExecutionIdentity,
  state: ContextState,
  extra: { readonly taskToken?: string; readonly mapItem?: { readonly index: number; readonly value: unknown } } = {},
): Readonly<Record<string, unknown>> => ({
  Execution: {
    Id: identity.executionArn,
    Input: identity.input,
    Name: identity.name,
    RoleArn: identity.roleArn,
    StartTime: identity.startTime,
    RedriveCount: 0,
  },
  State: { EnteredTime: state.enteredTime, Name: state.name, RetryCount: state.retryCount },
  StateMachine: { Id: identity.stateMachineArn, Name: identity.stateMachineName },
  ...(extra.taskToken !== undefined && { Task: { Token: extra.taskToken } }),
  ...(extra.mapItem && { Map: { Item: { Index: extra.mapItem.index, Value: extra.mapItem.value } } }),
});
