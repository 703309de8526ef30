/**
 * The JSONata query language of Step Functions (QueryLanguage "JSONata"): `{% %}` expressions in
 * Arguments, Output, Assign, Items, ItemSelector, Choice Conditions and the value fields, over the
 * reserved `$states` variable and the state machine's variables. [SPEC "Query Languages",
 * "JSONata Evaluation"; DG "Transforming data with JSONata in Step Functions"; DG "Passing data
 * between states with variables"]
 */
import type { Catcher, ChoiceRule, Json, State, StateType } from '../asl';
import type { Outcome, QueryLanguage, StateScope, ValueField } from '../query-language';
import { mapInputNotArray, unexpectedType, type ExpressionSite } from './causes';
import { checkState } from './check';
import { expressionText, isExpression, type StatesVariable } from './expression';
import { evaluateAssign, evaluateExpression, evaluateTemplate, memberLocation, type FieldEnvironment } from './template';
import { valueError, valueProblem } from './values';

/** The states that have a result (`$states.result`, and the default output). */
const RESULT_STATES: ReadonlySet<StateType> = new Set<StateType>(['Task', 'Map', 'Parallel']);

/** The states whose Arguments give the effective input: what a Task sends, what each branch gets. */
const ARGUMENTS_STATES: ReadonlySet<StateType> = new Set<StateType>(['Task', 'Parallel']);

/** A field environment: `$states.input` and `$states.context`, plus `result`/`errorOutput` where given. */
function environment(scope: StateScope, extra: Partial<Pick<StatesVariable, 'result' | 'errorOutput'>> = {}): FieldEnvironment {
  return { scope, states: { input: scope.input, context: scope.context, ...extra } };
}

/** A site for type errors about the result of the expression `expression` in `location`. */
function site(scope: StateScope, location: string, expression: string): ExpressionSite {
  return { scope, location, text: expressionText(expression) };
}

/** Arguments for Task and Parallel when present, else the state's input. */
async function effectiveInput(state: State, scope: StateScope): Promise<unknown> {
  if (!ARGUMENTS_STATES.has(state.Type) || state.Arguments === undefined) {
    return scope.input;
  }
  return evaluateTemplate(state.Arguments, 'Arguments', environment(scope));
}

/** A value field: its literal (checked at load time), or its expression's result checked against its type. */
async function value(state: State, field: ValueField, scope: StateScope): Promise<unknown> {
  const raw = state[field];
  if (!isExpression(raw)) {
    return raw;
  }
  const result = await evaluateExpression(raw, field, environment(scope));
  const problem = valueProblem(field, result);
  if (problem !== undefined) {
    throw valueError(site(scope, field, raw), problem, result);
  }
  return result;
}

/** Map: Items (an array template or an expression giving an array), default the input. */
async function items(state: State, scope: StateScope, effectiveInputValue: unknown): Promise<unknown[]> {
  if (state.Items === undefined) {
    if (!Array.isArray(effectiveInputValue)) {
      throw mapInputNotArray(scope, effectiveInputValue);
    }
    return [...(effectiveInputValue as readonly unknown[])];
  }
  const result = await evaluateTemplate(state.Items, 'Items', environment(scope));
  if (!Array.isArray(result)) {
    // Only an expression can give something else: an array template gives an array.
    throw unexpectedType(site(scope, 'Items', isExpression(state.Items) ? state.Items : '{%%}'), 'array', result);
  }
  return result;
}

/** Map: ItemSelector, with `$states.context.Map.Item` as the runtime set it in the scope; default the item. */
async function itemInput(state: State, scope: StateScope, item: unknown): Promise<unknown> {
  if (state.ItemSelector === undefined) {
    return item;
  }
  return evaluateTemplate(state.ItemSelector, 'ItemSelector', environment(scope));
}

/** Whether one Choice rule matches: its Condition, a literal boolean or an expression giving one. */
async function matches(rule: ChoiceRule, index: number, scope: StateScope): Promise<boolean> {
  const condition = rule.Condition;
  if (typeof condition === 'boolean') {
    return condition;
  }
  if (!isExpression(condition)) {
    return false; // refused at load time (check)
  }
  const location = memberLocation(`Choices[${index}]`, 'Condition');
  const result = await evaluateExpression(condition, location, environment(scope));
  if (typeof result !== 'boolean') {
    throw unexpectedType(site(scope, location, condition), 'boolean', result);
  }
  return result;
}

/** Choice: the first rule whose Condition is true. */
async function choose(state: State, scope: StateScope): Promise<ChoiceRule | undefined> {
  for (const [index, rule] of (state.Choices ?? []).entries()) {
    if (await matches(rule, index, scope)) {
      return rule;
    }
  }
  return undefined;
}

/** Output and Assign of one block (a state, a matched Choice rule, a Catcher), under `prefix` (`''`, `Choices[1]/`, `Catch[0]/`). */
async function outcome(
  block: { readonly Output?: unknown; readonly Assign?: Readonly<Record<string, unknown>> },
  prefix: string,
  fieldEnvironment: FieldEnvironment,
  defaultOutput: unknown,
): Promise<Outcome> {
  const assigned = block.Assign === undefined ? {} : await evaluateAssign(block.Assign, `${prefix}Assign`, fieldEnvironment);
  const output = block.Output === undefined ? defaultOutput : await evaluateTemplate(block.Output, `${prefix}Output`, fieldEnvironment);
  return { output, assigned };
}

/**
 * The state's output and assignments. Output defaults to the result for Task, Map and Parallel,
 * else to the input; a matched Choice rule's Output and Assign replace the state's.
 */
async function complete(state: State, scope: StateScope, result: unknown, rule?: ChoiceRule): Promise<Outcome> {
  const hasResult = RESULT_STATES.has(state.Type);
  const fieldEnvironment = environment(scope, hasResult ? { result } : {});
  const defaultOutput = hasResult ? result : scope.input;
  if (rule === undefined) {
    return outcome(state, '', fieldEnvironment, defaultOutput);
  }
  const index = (state.Choices ?? []).indexOf(rule);
  return outcome(rule, `Choices[${index}]/`, fieldEnvironment, defaultOutput);
}

/** A Catcher's output (default: the error output) and assignments, with `$states.errorOutput`. */
async function caught(catcher: Catcher, state: State, scope: StateScope, errorOutput: { Error: string; Cause: string }): Promise<Outcome> {
  const index = (state.Catch ?? []).indexOf(catcher);
  const errorJson: Json = { Error: errorOutput.Error, Cause: errorOutput.Cause };
  return outcome(catcher, `Catch[${index}]/`, environment(scope, { errorOutput: errorJson }), errorJson);
}

/** The JSONata query language. */
export const jsonataLanguage: QueryLanguage = {
  name: 'JSONata',
  check: checkState,
  effectiveInput,
  value: (state, field, scope) => value(state, field, scope),
  items,
  itemInput: (state, scope, _effectiveInput, item) => itemInput(state, scope, item),
  choose: (state, scope) => choose(state, scope),
  complete: (state, scope, _effectiveInput, result, rule) => complete(state, scope, result, rule),
  caught,
};

export { jsonataLanguage as jsonata };
