/**
 * The load-time check of one JSONPath state: the syntax of its paths, Reference Paths, Payload
 * Templates (with their intrinsic functions), value fields, Choice Rules and Catchers. What is
 * wrong is thrown as a DefinitionError naming the state and the field.
 */
import type { State } from '../asl';
import { DefinitionError } from '../errors';
import type { ValueField } from '../query-language';
import { checkChoiceRule, ChoiceRuleError } from './choice-rules';
import { compactJson } from './json-values';
import { checkPayloadTemplate, parseDynamicValue, PayloadTemplateError } from './payload-template';
import { parsePath, parseReferencePath } from './paths';
import { VALUE_FIELDS } from './value-fields';

const PATH_FIELDS = ['InputPath', 'OutputPath', 'ItemsPath'] as const;
const TEMPLATE_FIELDS = ['Parameters', 'ItemSelector', 'ResultSelector', 'Assign'] as const;

/** Checks a JSONPath state. Throws DefinitionError(message, stateName, field). */
export function checkJsonPathState(stateName: string, state: State): void {
  for (const field of PATH_FIELDS) checkField(stateName, field, () => { checkPathField(state[field]); });
  checkField(stateName, 'ResultPath', () => { checkReferencePathField(state.ResultPath); });
  for (const field of TEMPLATE_FIELDS) checkTemplateField(stateName, field, state[field]);
  for (const field of Object.keys(VALUE_FIELDS) as ValueField[]) checkValueField(stateName, state, field);
  state.Choices?.forEach((rule, index) => {
    const location = `Choices/${index}`;
    checkField(stateName, location, () => { checkChoiceRule(rule, location); });
  });
  state.Catch?.forEach((catcher, index) => {
    checkField(stateName, `Catch/${index}/ResultPath`, () => { checkReferencePathField(catcher.ResultPath); });
    checkTemplateField(stateName, `Catch/${index}/Assign`, catcher.Assign);
  });
}

/** Runs a check, turning what it throws into a DefinitionError for the field. */
function checkField(stateName: string, field: string, check: () => void): void {
  try {
    check();
  } catch (error) {
    if (error instanceof PayloadTemplateError) throw new DefinitionError(error.message, stateName, `${field}/${error.location}`);
    if (error instanceof ChoiceRuleError) throw new DefinitionError(error.message, stateName, error.location);
    if (error instanceof DefinitionError) throw error;
    throw new DefinitionError(error instanceof Error ? error.message : String(error), stateName, field);
  }
}

/** A Path field: absent, null, or a valid path string. */
function checkPathField(value: unknown): void {
  if (value === undefined || value === null) return;
  if (typeof value !== 'string') throw new Error(`must be a path string or null, not ${compactJson(value)}`);
  parsePath(value);
}

/** ResultPath: absent, null, or a Reference Path on the data. */
function checkReferencePathField(value: unknown): void {
  if (value === undefined || value === null) return;
  if (typeof value !== 'string') throw new Error(`must be a Reference Path string or null, not ${compactJson(value)}`);
  parseReferencePath(value);
}

function checkTemplateField(stateName: string, field: string, template: unknown): void {
  if (template === undefined) return;
  checkField(stateName, field, () => {
    if (field.endsWith('Assign') && (typeof template !== 'object' || template === null || Array.isArray(template))) throw new Error('must be a JSON object');
    checkPayloadTemplate(template);
  });
}

/** A value field: its literal of the right type, or its path form a valid path (or intrinsic, for ErrorPath/CausePath). */
function checkValueField(stateName: string, state: State, field: ValueField): void {
  const rule = VALUE_FIELDS[field];
  const literal: unknown = state[field];
  const source: unknown = state[rule.pathField];
  if (literal !== undefined && source !== undefined) throw new DefinitionError(`'${field}' and '${rule.pathField}' cannot both be set`, stateName, field);
  if (literal !== undefined && !rule.accepts(literal)) throw new DefinitionError(`must be ${rule.expected}, not ${compactJson(literal)}`, stateName, field);
  if (source === undefined) return;
  checkField(stateName, rule.pathField, () => {
    if (typeof source !== 'string') throw new Error(`must be a path string, not ${compactJson(source)}`);
    if (rule.intrinsicAllowed) parseDynamicValue(source);
    else parsePath(source);
  });
}
