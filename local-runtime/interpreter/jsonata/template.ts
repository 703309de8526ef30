/**
 * JSON templates: the value of Arguments, Output, Assign, Items, ItemSelector... A string
 * `{% %}` is replaced by its expression's result (any JSON type), objects and arrays are walked
 * (their keys are never evaluated), any other value is taken as it is. An expression that
 * returns nothing fails the field, at any depth, naming where it sits: `Output`,
 * `Output/result`, `Assign/result`, `Arguments/FunctionName`, `Items[2]`. [SPEC "JSONata
 * Evaluation"; reference section 3, AWS-recorded locations]
 */
import type { Json } from '../asl';
import type { StateScope } from '../query-language';
import { returnedNothing, threwError, unsupportedType, type ExpressionSite } from './causes';
import { bindings, describeFailure, evaluate, expressionText, isExpression, type StatesVariable } from './expression';

/** What the expressions of one field can read: the state's scope and `$states`. */
export interface FieldEnvironment {
  readonly scope: StateScope;
  readonly states: StatesVariable;
}

/** The JSON value of one expression string, or a QueryEvaluationError naming `location`. */
export async function evaluateExpression(expression: string, location: string, environment: FieldEnvironment): Promise<Json> {
  const site: ExpressionSite = { scope: environment.scope, location, text: expressionText(expression) };
  const outcome = await evaluate(site.text, bindings(environment.scope.variables, environment.states, environment.scope.now));
  switch (outcome.kind) {
    case 'value':
      return outcome.value;
    case 'undefined':
      throw returnedNothing(site);
    case 'unsupported':
      throw unsupportedType(site);
    case 'error':
      throw threwError(site, describeFailure(outcome.failure));
  }
}

/** The location of a member: `Output` + `result` is `Output/result`. */
export function memberLocation(location: string, key: string): string {
  return `${location}/${key}`;
}

/** The location of an element: `Items` + 2 is `Items[2]`. */
export function elementLocation(location: string, index: number): string {
  return `${location}[${index}]`;
}

/**
 * Evaluates a template, building new arrays and objects (the definition is never shared or
 * changed). Members are evaluated one after another so that the first failure is reported.
 */
export async function evaluateTemplate(template: unknown, location: string, environment: FieldEnvironment): Promise<Json> {
  if (isExpression(template)) {
    return evaluateExpression(template, location, environment);
  }
  if (Array.isArray(template)) {
    const elements: readonly unknown[] = template;
    const values: Json[] = [];
    for (const [index, element] of elements.entries()) {
      values.push(await evaluateTemplate(element, elementLocation(location, index), environment));
    }
    return values;
  }
  if (typeof template === 'object' && template !== null) {
    const result: Record<string, Json> = {};
    for (const [key, member] of Object.entries(template)) {
      result[key] = await evaluateTemplate(member, memberLocation(location, key), environment);
    }
    return result;
  }
  return template as Json;
}

/**
 * An Assign block: each key names a variable, each value is a template. All values see the
 * variables as they were when the state was entered (`environment.scope.variables`), never each
 * other's new values: `{"x": 42, "old": "{% $x %}"}` with x=5 gives x=42, old=5.
 * [SPEC "Using Assign"; DG "Passing data between states with variables"]
 */
export async function evaluateAssign(
  assign: Readonly<Record<string, unknown>>,
  location: string,
  environment: FieldEnvironment,
): Promise<Record<string, Json>> {
  const assigned: Record<string, Json> = {};
  for (const [name, template] of Object.entries(assign)) {
    assigned[name] = await evaluateTemplate(template, memberLocation(location, name), environment);
  }
  return assigned;
}
