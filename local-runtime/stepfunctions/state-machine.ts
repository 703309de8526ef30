import { TemplateError, UnsupportedFeatureError } from '../errors';
import { checkContextPaths } from './context-object';
import { allStates, parseDefinition, validateDefinition, type AslDefinition, type AslState } from './definition';
import { resolveIntegration, type Integration, type IntegrationServices } from './integrations';

/** A state machine as the local runtime runs it: its definition, checked and mapped once. */
export interface LocalStateMachine {
  readonly arn: string;
  readonly name: string;
  readonly type: 'STANDARD' | 'EXPRESS';
  readonly roleArn: string;
  readonly definitionText: string;
  readonly definition: AslDefinition;
  /** The definition handed to the engine: Task timeouts are the runtime's, not the engine's. */
  readonly engineDefinition: AslDefinition;
  readonly tasks: ReadonlyMap<string, { readonly state: AslState; readonly integration: Integration }>;
  readonly creationDate: Date;
  readonly file: string;
}

/** The largest TimeoutSeconds Step Functions accepts: the engine must never time a task out itself. */
const ENGINE_TASK_TIMEOUT_SECONDS = 99_999_999;

export interface StateMachineSpec {
  readonly arn: string;
  readonly name: string;
  readonly type: 'STANDARD' | 'EXPRESS';
  readonly roleArn: string;
  /** The definition after DefinitionSubstitutions. */
  readonly definitionText: string;
  /** Where the definition comes from, for messages. */
  readonly file: string;
}

export const createStateMachine = (spec: StateMachineSpec, services: IntegrationServices): LocalStateMachine => {
  const { file } = spec;
  const definition = parseDefinition(spec.definitionText, file);
  validateDefinition(definition, file);
  checkContextPaths(spec.definitionText, file);

  const tasks = new Map<string, { state: AslState; integration: Integration }>();
  for (const [name, state] of allStates(definition)) {
    if (state.Type !== 'Task') continue;
    for (const field of ['TimeoutSecondsPath', 'HeartbeatSecondsPath'] as const) {
      if (state[field] !== undefined) throw new UnsupportedFeatureError(`state ${name}: ${field}`, file);
    }
    const integration = resolveIntegration(name, state, services, file);
    if (spec.type === 'EXPRESS' && /\.(sync(:2)?|waitForTaskToken)$/.test(state.Resource ?? '')) {
      throw new TemplateError(`state ${name}: ${state.Resource ?? ''} works only in STANDARD workflows, not EXPRESS`, file);
    }
    tasks.set(name, { state, integration });
  }

  const engineDefinition = structuredClone(definition);
  for (const [name, state] of allStates(engineDefinition)) {
    const writable = state as { TimeoutSeconds?: number; ResultPath?: unknown; Catch?: { ResultPath?: unknown }[] };
    if (tasks.has(name)) writable.TimeoutSeconds = ENGINE_TASK_TIMEOUT_SECONDS;
    // The engine reads ResultPath "$" as a field named "$"; it means the default: the result
    // replaces the input.
    if (writable.ResultPath === '$') delete writable.ResultPath;
    for (const catcher of writable.Catch ?? []) if (catcher.ResultPath === '$') delete catcher.ResultPath;
  }
  return { ...spec, definition, engineDefinition, tasks, creationDate: new Date() };
};
