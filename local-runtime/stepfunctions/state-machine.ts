import { TemplateError, UnsupportedFeatureError } from '../errors';
import { DefinitionError, loadStateMachine, UnsupportedDefinitionError, type Definition, type LoadedStateMachine } from '../interpreter';
import { integrations, type IntegrationServices } from './integrations';

/** A state machine as the local runtime runs it: its definition, checked and loaded once. */
export interface LocalStateMachine {
  readonly arn: string;
  readonly name: string;
  readonly type: 'STANDARD' | 'EXPRESS';
  readonly roleArn: string;
  readonly definitionText: string;
  readonly definition: Definition;
  readonly machine: LoadedStateMachine;
  readonly creationDate: Date;
  readonly file: string;
}

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

/** A definition error as the runtime reports it: naming the definition's file. */
export const definitionFileError = (error: unknown, file: string): unknown => {
  if (error instanceof UnsupportedDefinitionError) return new UnsupportedFeatureError(error.message.replace(/ is not supported by the local runtime$/, ''), file);
  if (error instanceof DefinitionError) return new TemplateError(error.message, file);
  return error;
};

export const createStateMachine = (spec: StateMachineSpec, services: IntegrationServices): LocalStateMachine => {
  let machine: LoadedStateMachine;
  try {
    machine = loadStateMachine(spec.definitionText, integrations(services, spec.type));
  } catch (error) {
    throw definitionFileError(error, spec.file);
  }
  return { ...spec, definition: machine.definition, machine, creationDate: new Date() };
};
