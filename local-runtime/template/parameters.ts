import { TemplateError } from '../errors';
import type { SamTemplate, TemplateParameter } from './sam-template';

/**
 * The values of a template's Parameters, as `sam deploy --parameter-overrides Name=Value ...`
 * gives them: an override, else the parameter's Default. Refused, with everything wrong at once:
 * an override whose name the template does not declare, parameters left without a value, and
 * values that break the parameter's constraints (AllowedValues, AllowedPattern, MinLength,
 * MaxLength, MinValue, MaxValue, a Number that is not a number), with its ConstraintDescription
 * when it has one, as CloudFormation words it.
 *
 * A list parameter (CommaDelimitedList, List<...>) is a list of strings, as Ref gives it.
 */
export const resolveParameters = (template: SamTemplate, overrides: Readonly<Record<string, string>>, file: string): Record<string, unknown> => {
  const declared = template.Parameters ?? {};
  const problems: string[] = [];

  const unknown = Object.keys(overrides).filter((name) => !(name in declared));
  if (unknown.length > 0) {
    const names = Object.keys(declared);
    problems.push(`--parameter-overrides names ${unknown.join(', ')}, which the template does not declare (its parameters: ${names.length > 0 ? names.join(', ') : 'none'})`);
  }

  const values: Record<string, unknown> = {};
  const missing: string[] = [];
  for (const [name, parameter] of Object.entries(declared)) {
    if (parameter.Type.startsWith('AWS::SSM::Parameter::Value<') && overrides[name] === undefined) {
      // Its Default is the name of an SSM parameter, whose value the local runtime cannot read.
      problems.push(`parameter ${name} is read from SSM Parameter Store (${parameter.Type}), which the local runtime does not emulate: give its value with --parameter-overrides ${name}=<value>`);
      continue;
    }
    const given = overrides[name] ?? parameter.Default;
    if (given === undefined) {
      missing.push(name);
      continue;
    }
    const value = isList(parameter) ? (Array.isArray(given) ? given.map(String) : scalarText(given).split(',').map((item) => item.trim())) : given;
    const broken = constraintProblem(name, parameter, value);
    if (broken !== undefined) problems.push(broken);
    values[name] = value;
  }
  if (missing.length > 0) {
    problems.push(
      `${missing.length === 1 ? 'parameter' : 'parameters'} without a value (no Default): ${missing.join(', ')}; ` +
        `give ${missing.length === 1 ? 'it' : 'them'} with --parameter-overrides ${missing.map((name) => `${name}=<value>`).join(' ')}`,
    );
  }
  if (problems.length > 0) throw new TemplateError(problems.join('; '), file);
  return values;
};

/** A parameter value as text: YAML gives a Default as a string, a number or a boolean. */
const scalarText = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

const isList = (parameter: TemplateParameter): boolean => parameter.Type === 'CommaDelimitedList' || parameter.Type.startsWith('List<');

const constraintProblem = (name: string, parameter: TemplateParameter, value: unknown): string | undefined => {
  const items = Array.isArray(value) ? value.map(String) : [String(value)];
  const broken = (what: string): string => `parameter ${name}: ${parameter.ConstraintDescription ?? what}`;
  for (const item of items) {
    if ((parameter.Type === 'Number' || parameter.Type === 'List<Number>') && (item.trim() === '' || !Number.isFinite(Number(item)))) return broken(`'${item}' is not a number`);
    if (parameter.AllowedValues !== undefined && !parameter.AllowedValues.map(String).includes(item)) {
      return broken(`'${item}' is not one of the AllowedValues (${parameter.AllowedValues.map(String).join(', ')})`);
    }
    if (parameter.AllowedPattern !== undefined && !new RegExp(`^(?:${parameter.AllowedPattern})$`, 'u').test(item)) {
      return broken(`'${item}' does not match the AllowedPattern ${parameter.AllowedPattern}`);
    }
    if (parameter.MinLength !== undefined && item.length < Number(parameter.MinLength)) return broken(`'${item}' is shorter than MinLength ${parameter.MinLength}`);
    if (parameter.MaxLength !== undefined && item.length > Number(parameter.MaxLength)) return broken(`'${item}' is longer than MaxLength ${parameter.MaxLength}`);
    if (parameter.MinValue !== undefined && Number(item) < Number(parameter.MinValue)) return broken(`${item} is less than MinValue ${parameter.MinValue}`);
    if (parameter.MaxValue !== undefined && Number(item) > Number(parameter.MaxValue)) return broken(`${item} is more than MaxValue ${parameter.MaxValue}`);
  }
  return undefined;
};
