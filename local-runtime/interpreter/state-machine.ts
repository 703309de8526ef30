import type { Definition, State } from './asl';
import { allStates, checkDefinition, type SchemaVerdicts } from './definition-check';
import { UnsupportedDefinitionError } from './errors';
import { queryLanguages } from './languages';
import type { QueryLanguage } from './query-language';
import type { TaskResource, TaskResources } from './task-resources';

/**
 * A state machine loaded for the interpreter: its definition checked, each state's query
 * language and expressions checked, each Task's resource resolved. Loading throws a
 * DefinitionError naming the state and the field; what loads, runs.
 */
export interface LoadedStateMachine {
  readonly definition: Definition;
  languageOf(state: State): QueryLanguage;
  resourceOf(state: State): TaskResource;
  /** Whether a Task state reads its task token (then each attempt gets one). */
  readsTaskToken(state: State): boolean;
}

/** Fields of a Task whose text can read the task token. */
const TOKEN_READER = /\$\$\.Task\.Token|\$states\.context\.Task\.Token|"\$\$"|\$states\.context(?![.\w])/;

/**
 * Checks a definition as loading it would, short of its Task resources: what
 * ValidateStateMachineDefinition and `npm run validate:asl` report.
 */
export const checkStateMachine = (definitionText: string, verdicts?: SchemaVerdicts): { definition: Definition; languages: Map<State, QueryLanguage> } => {
  const { definition, states } = checkDefinition(
    definitionText,
    ({ name, state, language }) => {
      queryLanguages[language].check(name, state);
    },
    verdicts,
  );
  const languages = new Map<State, QueryLanguage>(states.map(({ state, language }) => [state, queryLanguages[language]]));
  return { definition, languages };
};

export const loadStateMachine = (definitionText: string, resources: TaskResources, verdicts?: SchemaVerdicts): LoadedStateMachine => {
  const { definition, languages } = checkStateMachine(definitionText, verdicts);
  const taskResources = new Map<State, TaskResource>();
  const tokenReaders = new Set<State>();
  for (const { name, state } of allStates(definition)) {
    if (state.Type !== 'Task') continue;
    taskResources.set(state, resources.resolve(name, state));
    if (TOKEN_READER.test(JSON.stringify([state.Parameters, state.Arguments]))) tokenReaders.add(state);
  }
  return {
    definition,
    languageOf: (state) => languages.get(state) ?? queryLanguages.JSONPath,
    resourceOf: (state) => {
      const resource = taskResources.get(state);
      if (!resource) throw new UnsupportedDefinitionError('a Task state that was not loaded');
      return resource;
    },
    readsTaskToken: (state) => tokenReaders.has(state),
  };
};
