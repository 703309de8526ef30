import aslValidator from 'asl-validator';
import type { Definition, QueryLanguageName, State, StatesBlock } from './asl';
import { DefinitionError, UnsupportedDefinitionError } from './errors';

/**
 * The load-time check of a definition, before anything runs: the States Language's structure
 * (asl-validator), then what the interpreter adds: each state's query language, fields of the
 * other language, variable names and scopes, and what the local runtime does not emulate.
 * Expressions themselves are checked by their query language (QueryLanguage.check).
 */

/** Fields that only JSONPath states may have. */
const JSONPATH_ONLY = [
  'InputPath', 'OutputPath', 'Parameters', 'ResultSelector', 'ResultPath', 'Result', 'ItemsPath', 'Iterator',
  'MaxConcurrencyPath', 'TimeoutSecondsPath', 'HeartbeatSecondsPath', 'SecondsPath', 'TimestampPath', 'ErrorPath', 'CausePath',
  'ToleratedFailureCountPath', 'ToleratedFailurePercentagePath',
] as const;
/** Fields that only JSONata states may have. */
const JSONATA_ONLY = ['Arguments', 'Output', 'Items'] as const;

/** What the local runtime refuses: Distributed Map, Activities, cross-account Credentials. */
const DISTRIBUTED_MAP_FIELDS = ['ItemReader', 'ItemBatcher', 'ResultWriter', 'ToleratedFailureCount', 'ToleratedFailureCountPath', 'ToleratedFailurePercentage', 'ToleratedFailurePercentagePath', 'Label'] as const;

/** asl-validator's options: paths and ARNs are checked by the query languages and the task resources. */
const VALIDATOR_OPTIONS = { checkPaths: false, checkArn: false };
/**
 * Where asl-validator's "valid" verdicts are remembered: asl-validator compiles its whole schema
 * on every call (100 to 150 ms of CPU), and its verdict depends only on the text it checks.
 * The runtime may keep them across processes (stepfunctions/schema-verdicts.ts); by default they
 * are remembered in this process. Only "valid" is remembered, so that an invalid definition's
 * errors are always asl-validator's own.
 */
export interface SchemaVerdicts {
  isKnownValid(checkedText: string): boolean;
  rememberValid(checkedText: string): void;
}

const verdictsInThisProcess = ((): SchemaVerdicts => {
  const valid = new Set<string>();
  return { isKnownValid: (text) => valid.has(text), rememberValid: (text) => { valid.add(text); } };
})();

/** Variable names: an identifier of at most 80 characters; `states` is reserved. */
const VARIABLE_NAME = /^[\p{ID_Start}_][\p{ID_Continue}]*$/u;
const MAX_VARIABLE_NAME = 80;

export interface CheckedState {
  readonly name: string;
  readonly state: State;
  readonly language: QueryLanguageName;
}

/**
 * Parses and checks a definition; returns every state with its query language.
 * `checkState` checks a state's expressions (QueryLanguage.check). The interpreter's own checks
 * run first, so that their errors name the state and the field; asl-validator's schema then
 * checks the rest of the structure.
 */
export const checkDefinition = (
  text: string,
  checkState: (checked: CheckedState) => void = () => undefined,
  verdicts: SchemaVerdicts = verdictsInThisProcess,
): { definition: Definition; states: CheckedState[] } => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new DefinitionError(`the definition is not JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new DefinitionError('the definition must be a JSON object');
  const definition = parsed as Definition;
  const topLanguage = queryLanguageName(definition.QueryLanguage ?? 'JSONPath', null);
  const states: CheckedState[] = [];
  if (wellFormed(definition)) {
    checkBlock(definition, topLanguage, new Set(), states, null);
    for (const checked of states) {
      try {
        checkState(checked);
      } catch (error) {
        // What a query language cannot read is left to the schema check below to name.
        if (error instanceof DefinitionError) throw error;
      }
    }
  }
  // asl-validator writes defaults into what it checks: give it a copy. Paths and ARNs are
  // checked by the query languages and the task resources, which know AWS's rules.
  const copy = forValidator(definition);
  const checkedText = JSON.stringify({ options: VALIDATOR_OPTIONS, definition: copy });
  if (!verdicts.isKnownValid(checkedText)) {
    const result = aslValidator(copy, VALIDATOR_OPTIONS);
    if (!result.isValid) throw new DefinitionError(`invalid definition: ${result.errorsText('; ')}`);
    verdicts.rememberValid(checkedText);
  }
  return { definition, states };
};

/** Whether every States block has its StartAt and its States, each an object with a Type: what the checks below walk. */
const wellFormed = (block: unknown): block is StatesBlock => {
  const { StartAt, States } = block as { StartAt?: unknown; States?: unknown };
  if (typeof StartAt !== 'string' || typeof States !== 'object' || States === null || Array.isArray(States)) return false;
  return Object.values(States).every((state: unknown) => {
    if (typeof state !== 'object' || state === null || typeof (state as { Type?: unknown }).Type !== 'string') return false;
    const { Branches, ItemProcessor, Iterator } = state as State;
    if (Branches !== undefined && (!Array.isArray(Branches) || !Branches.every(wellFormed))) return false;
    const processor = ItemProcessor ?? Iterator;
    return processor === undefined || wellFormed(processor);
  });
};

/**
 * A copy of the definition for asl-validator, whose schema takes only objects and expressions
 * for Output and only expressions for a Condition, while the States Language allows any JSON
 * value in Output (`"Output": 42`) and a literal boolean Condition: such values are replaced by
 * an expression in the copy.
 */
const forValidator = (definition: Definition): Definition => {
  const copy = structuredClone(definition);
  const anyValue = (holder: Partial<Record<'Output', unknown>>): void => {
    const output = holder.Output;
    const objectOrExpression = (typeof output === 'object' && output !== null && !Array.isArray(output)) || (typeof output === 'string' && output.startsWith('{%'));
    if (output !== undefined && !objectOrExpression) {
      holder.Output = '{% $states.input %}';
    }
  };
  for (const { state } of allStates(copy)) {
    anyValue(state);
    for (const rule of state.Choices ?? []) {
      anyValue(rule);
      if (typeof rule.Condition === 'boolean') (rule as { Condition?: unknown }).Condition = `{% ${String(rule.Condition)} %}`;
    }
    for (const catcher of state.Catch ?? []) anyValue(catcher);
  }
  return copy;
};

/** `mapState`: the Map state whose ItemProcessor `block` is, if it is one. */
const checkBlock = (block: StatesBlock, topLanguage: QueryLanguageName, outerVariables: ReadonlySet<string>, states: CheckedState[], mapState: string | null): void => {
  const mode = block.ProcessorConfig?.Mode;
  if (mode !== undefined && mode !== 'INLINE') {
    throw new UnsupportedDefinitionError(`ProcessorConfig.Mode ${mode} (Distributed Map) is not supported by the local runtime`, mapState, 'ItemProcessor.ProcessorConfig.Mode');
  }
  const own = new Set<string>();
  for (const [name, state] of Object.entries(block.States)) {
    const language = languageOf(name, state, topLanguage);
    checkFields(name, state, language);
    for (const variable of assignedNames(state)) {
      checkVariableName(name, variable);
      if (outerVariables.has(variable)) {
        throw new DefinitionError(`assigns the variable '${variable}', which an outer scope assigns: a Parallel branch or Map iteration cannot assign a variable of an outer scope`, name, 'Assign');
      }
      own.add(variable);
    }
    states.push({ name, state, language });
  }
  const visible = new Set([...outerVariables, ...own]);
  for (const [name, state] of Object.entries(block.States)) {
    for (const branch of state.Branches ?? []) checkBlock(branch, topLanguage, visible, states, null);
    const processor = state.ItemProcessor ?? state.Iterator;
    if (processor) checkBlock(processor, topLanguage, visible, states, name);
  }
};

/** A QueryLanguage field's value, checked. */
const queryLanguageName = (value: string, stateName: string | null): QueryLanguageName => {
  if (value !== 'JSONPath' && value !== 'JSONata') throw new DefinitionError(`QueryLanguage must be JSONPath or JSONata, not '${value}'`, stateName, 'QueryLanguage');
  return value;
};

const languageOf = (name: string, state: State, topLanguage: QueryLanguageName): QueryLanguageName => {
  const language = queryLanguageName(state.QueryLanguage ?? topLanguage, name);
  if (topLanguage === 'JSONata' && language === 'JSONPath') {
    throw new DefinitionError("'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine", name, 'QueryLanguage');
  }
  return language;
};

const checkFields = (name: string, state: State, language: QueryLanguageName): void => {
  const foreign = language === 'JSONata' ? JSONPATH_ONLY : JSONATA_ONLY;
  for (const field of foreign) {
    if (state[field] !== undefined) throw new DefinitionError(`${field} is a field of ${language === 'JSONata' ? 'JSONPath' : 'JSONata'} states; this state's QueryLanguage is ${language}`, name, field);
  }
  for (const catcher of state.Catch ?? []) {
    if (language === 'JSONata' && catcher.ResultPath !== undefined) throw new DefinitionError('a Catcher of a JSONata state has Output, not ResultPath', name, 'Catch.ResultPath');
    if (language === 'JSONPath' && catcher.Output !== undefined) throw new DefinitionError('a Catcher of a JSONPath state has ResultPath, not Output', name, 'Catch.Output');
  }
  if (state.Type === 'Choice') checkChoiceRules(name, state, language);
  if (state.Credentials !== undefined) throw new UnsupportedDefinitionError('Credentials (a cross-account role) is not supported by the local runtime', name, 'Credentials');
  if (state.Type === 'Task' && typeof state.Resource === 'string' && /^arn:[^:]+:states:[^:]*:[^:]*:activity:/.test(state.Resource)) {
    throw new UnsupportedDefinitionError('Activities are not supported by the local runtime', name, 'Resource');
  }
  if (state.Type === 'Map') {
    for (const field of DISTRIBUTED_MAP_FIELDS) {
      if (state[field] !== undefined) throw new UnsupportedDefinitionError(`${field} (Distributed Map) is not supported by the local runtime`, name, field);
    }
  }
};

const checkChoiceRules = (name: string, state: State, language: QueryLanguageName): void => {
  for (const [index, rule] of (state.Choices ?? []).entries()) {
    const field = `Choices[${index}]`;
    if (language === 'JSONata') {
      const jsonPathKey = Object.keys(rule).find((key) => !['Condition', 'Next', 'Assign', 'Output', 'Comment'].includes(key));
      if (jsonPathKey !== undefined) throw new DefinitionError(`${jsonPathKey} is a JSONPath Choice rule field; this state's QueryLanguage is JSONata (use Condition)`, name, `${field}.${jsonPathKey}`);
      if (rule.Condition === undefined) throw new DefinitionError('a Choice rule of a JSONata state needs a Condition', name, field);
    } else {
      if (rule.Condition !== undefined) throw new DefinitionError("Condition is a JSONata Choice rule field; this state's QueryLanguage is JSONPath", name, `${field}.Condition`);
      if (rule.Output !== undefined) throw new DefinitionError("Output is a JSONata field; this state's QueryLanguage is JSONPath", name, `${field}.Output`);
    }
  }
};

/** Every variable name a state assigns: its own Assign, its Choice rules', its Catchers'. */
const assignedNames = (state: State): string[] => {
  const assigns = [state.Assign, ...(state.Choices ?? []).map((rule) => rule.Assign), ...(state.Catch ?? []).map((catcher) => catcher.Assign)];
  return assigns.flatMap((assign) => Object.keys(assign ?? {}).map((key) => key.replace(/\.\$$/, '')));
};

const checkVariableName = (stateName: string, variable: string): void => {
  if (variable === 'states') throw new DefinitionError("the variable name 'states' is reserved", stateName, 'Assign');
  if (variable.length > MAX_VARIABLE_NAME) throw new DefinitionError(`the variable name '${variable}' is longer than ${MAX_VARIABLE_NAME} characters`, stateName, 'Assign');
  if (!VARIABLE_NAME.test(variable)) throw new DefinitionError(`'${variable}' is not a valid variable name (a letter or _, then letters, digits or _)`, stateName, 'Assign');
};

/** Every state of a definition, with its name: those inside Parallel branches and Map processors too. */
export function* allStates(block: StatesBlock): Generator<{ name: string; state: State }> {
  for (const [name, state] of Object.entries(block.States)) {
    yield { name, state };
    for (const branch of state.Branches ?? []) yield* allStates(branch);
    const processor = state.ItemProcessor ?? state.Iterator;
    if (processor) yield* allStates(processor);
  }
}
