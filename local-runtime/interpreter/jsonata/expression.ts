/**
 * JSONata expressions in a definition: a JSON string that starts with `{%` and ends with `%}`
 * (the whole string: no interpolation, nothing outside the delimiters) holds JSONata 2.0.6 text.
 * Each text is compiled once. An expression has no input document: it reads `$states` and the
 * state machine's variables, bound as `$name`. [SPEC "Expressions", "JSONata Restrictions";
 * DG "Transforming data with JSONata in Step Functions"; AWS-SKILL transforming-data.md]
 */
import jsonata from 'jsonata';
import { registerStepFunctionsFunctions } from './functions';
import { toJsonResult, type JsonResult } from './json-result';
import { readReference, referencePath } from './reference-path';

const OPEN = '{%';
const CLOSE = '%}';

/** True when a definition value is a JSONata expression string `{% ... %}`. */
export function isExpression(value: unknown): value is string {
  return typeof value === 'string' && value.length >= OPEN.length + CLOSE.length && value.startsWith(OPEN) && value.endsWith(CLOSE);
}

/** The JSONata text of an expression string, without its delimiters and surrounding blanks (as AWS quotes it in causes). */
export function expressionText(expression: string): string {
  return expression.slice(OPEN.length, expression.length - CLOSE.length).trim();
}

/** A JSONata error: a plain object or an Error carrying a code such as `T1006` and a message. */
export interface JsonataFailure {
  readonly code?: string;
  readonly message: string;
}

/** Reads the code and message of whatever JSONata (or a function it called) threw. */
export function asJsonataFailure(error: unknown): JsonataFailure {
  if (typeof error === 'object' && error !== null) {
    const code = 'code' in error && typeof error.code === 'string' ? error.code : undefined;
    const message = 'message' in error && typeof error.message === 'string' ? error.message : JSON.stringify(error);
    return code === undefined ? { message } : { code, message };
  }
  return { message: String(error) };
}

/** `<code>: <message>`, or the message alone, as AWS writes a JSONata error in a cause. */
export function describeFailure(failure: JsonataFailure): string {
  return failure.code === undefined ? failure.message : `${failure.code}: ${failure.message}`;
}

/** Compiled expressions by JSONata text: definitions repeat their expressions in every iteration. */
const compiled = new Map<string, jsonata.Expression>();

/**
 * The compiled form of a JSONata text, with Step Functions' functions registered. Throws
 * JSONata's syntax error (a `JsonataFailure`) when the text does not parse.
 */
export function compile(text: string): jsonata.Expression {
  let expression = compiled.get(text);
  if (expression === undefined) {
    expression = jsonata(text);
    registerStepFunctionsFunctions(expression);
    compiled.set(text, expression);
  }
  return expression;
}

/** The reserved `$states` variable: what it holds depends on the field (see bindings). */
export interface StatesVariable {
  readonly input: unknown;
  readonly context: Readonly<Record<string, unknown>>;
  /** Only in the top-level Output and Assign of Task, Map and Parallel. */
  readonly result?: unknown;
  /** Only in a Catcher's Output and Assign. */
  readonly errorOutput?: unknown;
}

/** jsonata's own `$fromMillis`, to format the runtime's time as `$now()` does. */
const FROM_MILLIS = jsonata('$fromMillis($millis, $picture, $timezone)');

/**
 * The variables an expression sees: the state machine's variables as `$name`, and `$states`.
 * `$eval` is bound to nothing, so calling it fails like any non-function (T1006): Step Functions
 * does not provide it (DG: "use $parse instead"). `$now()` and `$millis()` read the runtime's
 * clock (`now`), not the machine's: under virtual time they differ. A user variable named `eval`,
 * `now` or `millis` still wins.
 */
export function bindings(variables: Readonly<Record<string, unknown>>, states: StatesVariable, now: number): Record<string, unknown> {
  return {
    eval: undefined,
    now: (picture?: string, timezone?: string): Promise<unknown> => FROM_MILLIS.evaluate(undefined, { millis: now, picture, timezone }),
    millis: (): number => now,
    ...variables,
    states,
  };
}

/** How one evaluation ended: a JSON result (see JsonResult) or a JSONata error. */
export type EvaluationOutcome = JsonResult | { readonly kind: 'error'; readonly failure: JsonataFailure };

/** Evaluates a JSONata text (no input document) with the given bindings; never throws. */
export async function evaluate(text: string, variables: Record<string, unknown>): Promise<EvaluationOutcome> {
  const reference = referencePath(text);
  const direct = reference === null ? undefined : readReference(reference, variables);
  if (direct !== undefined) return toJsonResult(direct);
  try {
    const value: unknown = await compile(text).evaluate(undefined, variables);
    return toJsonResult(value);
  } catch (error) {
    return { kind: 'error', failure: asJsonataFailure(error) };
  }
}
