/**
 * The Amazon States Language interpreter of the local runtime, as AWS Step Functions runs
 * STANDARD workflows: JSONPath and JSONata, variables, every state type, Retry and Catch,
 * the execution history. It does no I/O and has no clock of its own: Task resources and time
 * come from the runtime (TaskResources, InterpreterClock).
 */
export type { Definition, State, StatesBlock, Json } from './asl';
export type { InterpreterClock, TimerHandle } from './clock';
export type { ExecutionIdentity } from './context-object';
export { DefinitionError, QueryEvaluationError, StatesError, StatesErrorName, UnsupportedDefinitionError } from './errors';
export { Execution, type ExecutionOutcome, type ExecutionOptions } from './execution';
export { jsonText, type HistoryEvent } from './history';
export type { ExecutionHost } from './state-run';
export { checkStateMachine, loadStateMachine, type LoadedStateMachine } from './state-machine';
export { allStates, type SchemaVerdicts } from './definition-check';
export type { TaskRequest, TaskResource, TaskResources } from './task-resources';
export { MAX_PAYLOAD_BYTES } from './payload';
