import { TemplateError } from '../errors';
import { checkStateMachine, type Definition, type State } from '../interpreter';
import { schemaVerdicts } from './schema-verdicts';
import { definitionFileError } from './state-machine';

/** An Amazon States Language definition, as the interpreter reads it. */
export type AslDefinition = Definition;
export type AslState = State;

export const parseDefinition = (text: string, file: string): AslDefinition => {
  try {
    return JSON.parse(text) as AslDefinition;
  } catch (error) {
    throw new TemplateError(`the state machine definition is not JSON: ${(error as Error).message}`, file);
  }
};

/** Checks a definition as the local runtime loads it (its Task resources aside); throws naming the file. */
export const validateDefinition = (text: string, file: string): void => {
  try {
    checkStateMachine(text, schemaVerdicts);
  } catch (error) {
    throw definitionFileError(error, file);
  }
};
