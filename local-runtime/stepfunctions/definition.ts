import aslValidator from 'asl-validator';
import { TemplateError, UnsupportedFeatureError } from '../errors';

/** An Amazon States Language definition, as far as the runtime looks into it. */
export interface AslDefinition {
  readonly StartAt: string;
  readonly States: Readonly<Record<string, AslState>>;
  readonly QueryLanguage?: string;
  readonly TimeoutSeconds?: number;
  readonly Comment?: string;
}

export interface AslState {
  readonly Type: string;
  readonly Resource?: string;
  readonly QueryLanguage?: string;
  readonly TimeoutSeconds?: number;
  readonly TimeoutSecondsPath?: string;
  readonly HeartbeatSeconds?: number;
  readonly HeartbeatSecondsPath?: string;
  readonly Branches?: readonly AslDefinition[];
  readonly Iterator?: AslDefinition;
  readonly ItemProcessor?: AslDefinition;
  readonly [field: string]: unknown;
}

export const parseDefinition = (text: string, file: string): AslDefinition => {
  try {
    return JSON.parse(text) as AslDefinition;
  } catch (error) {
    throw new TemplateError(`the state machine definition is not JSON: ${(error as Error).message}`, file);
  }
};

/** Every state of a definition, those inside Parallel branches and Map processors included. */
export function* allStates(definition: AslDefinition): Generator<[name: string, state: AslState]> {
  for (const [name, state] of Object.entries(definition.States)) {
    yield [name, state];
    for (const branch of state.Branches ?? []) yield* allStates(branch);
    const processor = state.ItemProcessor ?? state.Iterator;
    if (processor) yield* allStates(processor);
  }
}

/**
 * Checks a definition with asl-validator, then refuses JSONata: the local engine evaluates only
 * JSONPath and would silently ignore JSONata expressions, so it must not be asked to run them.
 */
export const validateDefinition = (definition: AslDefinition, file: string): void => {
  // asl-validator writes a default QueryLanguage into the states it checks: give it a copy.
  const result = aslValidator(structuredClone(definition), { checkPaths: true, checkArn: true });
  if (!result.isValid) {
    throw new TemplateError(`invalid state machine definition: ${result.errorsText('; ')}`, file);
  }
  if (definition.QueryLanguage === 'JSONata') {
    throw new UnsupportedFeatureError('QueryLanguage JSONata (write the definition in JSONPath)', file);
  }
  for (const [name, state] of allStates(definition)) {
    if (state.QueryLanguage === 'JSONata') {
      throw new UnsupportedFeatureError(`state ${name}: QueryLanguage JSONata (write the definition in JSONPath)`, file);
    }
  }
};
