/**
 * The JSONPath query language (SPEC "JSONPath Concepts"; DG "Processing input and output"):
 * InputPath, Parameters, ResultSelector, ResultPath, OutputPath, `.$` fields with paths and
 * intrinsic functions, the context object `$$`, variables `$name`, the Choice comparison
 * operators and the `...Path` forms of the value fields. See ../query-language.ts.
 */
import type { Catcher, ChoiceRule, State } from '../asl';
import type { Outcome, QueryLanguage, StateScope, ValueField } from '../query-language';
import { checkJsonPathState } from './check';
import { matchesChoiceRule } from './choice-rules';
import { applyInputPath, applyOutputPath, applyResultPath } from './data-flow';
import { evaluationOf, readFieldPath, runtimeError, withData, type Evaluation } from './evaluation';
import { compactJson, isJsonObject } from './json-values';
import { evaluatePayloadTemplate } from './payload-template';
import { readValueField } from './value-fields';

export { parseIntrinsic, INTRINSIC_FUNCTION_NAMES, IntrinsicSyntaxError, type IntrinsicCall } from './intrinsic-parser';
export { evaluateIntrinsic } from './intrinsics';
export { parsePath, parseReferencePath, lookUpPath, PathSyntaxError, type Path, type PathSources } from './paths';
export { evaluatePayloadTemplate } from './payload-template';
export { matchesChoiceRule } from './choice-rules';

/** Runs `compute` as a promise: what it throws becomes the rejection. */
function settle<T>(compute: () => T): Promise<T> {
  return new Promise<T>((resolve) => {
    resolve(compute());
  });
}

/** The effective input: InputPath, then Parameters for Task, Pass and Parallel; a Fail state's input as it is. */
function effectiveInputOf(state: State, scope: StateScope): unknown {
  if (state.Type === 'Fail') return scope.input;
  const evaluation = evaluationOf(scope, scope.input);
  const input = applyInputPath(state.InputPath, evaluation);
  const takesParameters = state.Type === 'Task' || state.Type === 'Pass' || state.Type === 'Parallel';
  return takesParameters && state.Parameters !== undefined ? evaluatePayloadTemplate(state.Parameters, withData(evaluation, input)) : input;
}

/** Map: the items that ItemsPath (default `$`) selects from the effective input; they must be an array. */
function itemsOf(state: State, scope: StateScope, effectiveInput: unknown): unknown[] {
  const evaluation = evaluationOf(scope, effectiveInput);
  const items = readFieldPath(state.ItemsPath ?? '$', evaluation);
  if (!Array.isArray(items)) throw runtimeError(evaluation, `Map state input must be an array but was: ${compactJson(items)}`);
  return items;
}

/**
 * The context object of one Map iteration: the scope's, with `Map.Item.Value` = the item (and
 * `Map.Item.Index` as the caller set it). Copies property descriptors, so lazy fields stay lazy.
 */
function iterationContext(context: Readonly<Record<string, unknown>>, item: unknown): Record<string, unknown> {
  const copy = Object.defineProperties({}, Object.getOwnPropertyDescriptors(context)) as Record<string, unknown>;
  const map = isJsonObject(context.Map) ? context.Map : {};
  const mapItem = isJsonObject(map.Item) ? map.Item : {};
  copy.Map = { ...map, Item: { ...mapItem, Value: item } };
  return copy;
}

/** Map: ItemSelector (or the legacy Parameters) with `$$.Map.Item` set; no selector: the item. */
function itemInputOf(state: State, scope: StateScope, effectiveInput: unknown, item: unknown): unknown {
  const selector = state.ItemSelector ?? state.Parameters;
  if (selector === undefined) return item;
  return evaluatePayloadTemplate(selector, evaluationOf(scope, effectiveInput, iterationContext(scope.context, item)));
}

/** Choice: the first rule that matches the effective input. */
function chooseRule(state: State, scope: StateScope, effectiveInput: unknown): ChoiceRule | undefined {
  const evaluation = evaluationOf(scope, effectiveInput);
  return state.Choices?.find((rule) => matchesChoiceRule(rule, evaluation));
}

/** The variables an Assign template gives, with `$` = `data` and the variables as of state entry. */
function assignedBy(assign: unknown, evaluation: Evaluation, data: unknown): Record<string, unknown> {
  if (assign === undefined) return {};
  const assigned = evaluatePayloadTemplate(assign, withData(evaluation, data));
  return isJsonObject(assigned) ? assigned : {};
}

/** Pass: its Result, else its effective input. */
function passResult(state: State, effectiveInput: unknown): unknown {
  return Object.hasOwn(state, 'Result') ? state.Result : effectiveInput;
}

/**
 * A state's output and assignments once it succeeded:
 * - Task, Map, Parallel: ResultSelector on the result, ResultPath onto the raw input, OutputPath; Assign `$` = the result.
 * - Pass: the same with its Result (or effective input) and no ResultSelector; Assign `$` = that result.
 * - Choice, Wait, Succeed: OutputPath on the effective input; Assign `$` = the effective input
 *   (a matched Choice Rule's Assign replaces the state's).
 */
function completeState(state: State, scope: StateScope, effectiveInput: unknown, result: unknown, rule: ChoiceRule | undefined): Outcome {
  const evaluation = evaluationOf(scope, scope.input);
  switch (state.Type) {
    case 'Task':
    case 'Map':
    case 'Parallel': {
      const effectiveResult = state.ResultSelector === undefined ? result : evaluatePayloadTemplate(state.ResultSelector, withData(evaluation, result));
      const assigned = assignedBy(state.Assign, evaluation, result);
      const combined = applyResultPath(state.ResultPath, scope.input, effectiveResult);
      return { output: applyOutputPath(state.OutputPath, withData(evaluation, combined)), assigned };
    }
    case 'Pass': {
      const stateResult = passResult(state, effectiveInput);
      const assigned = assignedBy(state.Assign, evaluation, stateResult);
      const combined = applyResultPath(state.ResultPath, scope.input, stateResult);
      return { output: applyOutputPath(state.OutputPath, withData(evaluation, combined)), assigned };
    }
    case 'Choice':
    case 'Wait':
    case 'Succeed': {
      const assign = state.Type === 'Choice' && rule !== undefined ? rule.Assign : state.Assign;
      const assigned = assignedBy(assign, evaluation, effectiveInput);
      return { output: applyOutputPath(state.OutputPath, withData(evaluation, effectiveInput)), assigned };
    }
    case 'Fail':
      return { output: effectiveInput, assigned: {} };
  }
}

/** A caught error: the catcher's ResultPath (default `$`) puts the error output onto the raw input; Assign `$` = the error output. */
function caughtOutcome(catcher: Catcher, scope: StateScope, errorOutput: { Error: string; Cause: string }): Outcome {
  const evaluation = evaluationOf(scope, scope.input);
  const assigned = assignedBy(catcher.Assign, evaluation, errorOutput);
  return { output: applyResultPath(catcher.ResultPath, scope.input, errorOutput), assigned };
}

export const jsonPath: QueryLanguage = {
  name: 'JSONPath',
  check: (stateName: string, state: State): void => {
    checkJsonPathState(stateName, state);
  },
  effectiveInput: (state, scope) => settle(() => effectiveInputOf(state, scope)),
  value: (state: State, field: ValueField, scope, effectiveInput) => settle(() => readValueField(state, field, evaluationOf(scope, effectiveInput))),
  items: (state, scope, effectiveInput) => settle(() => itemsOf(state, scope, effectiveInput)),
  itemInput: (state, scope, effectiveInput, item) => settle(() => itemInputOf(state, scope, effectiveInput, item)),
  choose: (state, scope, effectiveInput) => settle(() => chooseRule(state, scope, effectiveInput)),
  complete: (state, scope, effectiveInput, result, rule) => settle(() => completeState(state, scope, effectiveInput, result, rule)),
  caught: (catcher, _state, scope, errorOutput) => settle(() => caughtOutcome(catcher, scope, errorOutput)),
};

