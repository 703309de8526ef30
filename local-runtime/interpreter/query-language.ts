import type { Catcher, ChoiceRule, QueryLanguageName, State } from './asl';

/**
 * The query languages behind one small interface: the states (states/*.ts) say WHEN data flows
 * (input, task, result, output, variables); a query language says HOW, with its own fields.
 *
 * - JSONPath (jsonpath/): InputPath, Parameters, ResultSelector, ResultPath, OutputPath, `.$`
 *   fields, the context object `$$`, intrinsic functions, `$var` variables, the Choice
 *   comparison operators, and the `*Path` forms of the value fields.
 * - JSONata (jsonata/): `{% %}` expressions in Arguments, Output, Assign, Items, ItemSelector,
 *   Condition and the value fields, over `$states` and the variables.
 *
 * Every method is pure: it reads the scope it is given and returns new values; it never
 * mutates its inputs. Values are immutable throughout the interpreter, so a result may share
 * structure with its inputs (nothing is copied but what changes). Failures are thrown as `StatesError`s named as AWS names them:
 * `States.Runtime` for a JSONPath path that finds nothing, `States.IntrinsicFailure`,
 * `QueryEvaluationError` (States.QueryEvaluationError, with the field) for JSONata.
 */

/** What the expressions of one state can read. */
export interface StateScope {
  readonly stateName: string;
  /** The state's input, as it entered (before InputPath). */
  readonly input: unknown;
  /**
   * The context object: `$$` in JSONPath, `$states.context` in JSONata. `Task.Token` is read
   * lazily: reading it mints the task token of the attempt.
   */
  readonly context: Readonly<Record<string, unknown>>;
  /** Every variable the state can see (its own scope's and the outer ones'), as they were when the state was entered. */
  readonly variables: Readonly<Record<string, unknown>>;
  /** The id of the state's `...StateEntered` event: AWS's JSONata error causes quote it. */
  readonly enteredEventId: number;
  /** The runtime's time (ms since the epoch) when the expressions are evaluated: JSONata's `$now()` and `$millis()`. */
  readonly now: number;
}

/** A state's output and the variables it assigns (empty when it assigns none). */
export interface Outcome {
  readonly output: unknown;
  readonly assigned: Readonly<Record<string, unknown>>;
}

/**
 * The value fields that have a literal form and a path (JSONPath `...Path`) or expression
 * (JSONata) form, with the type each must have.
 */
export type ValueField =
  | 'TimeoutSeconds' // positive integer
  | 'HeartbeatSeconds' // positive integer
  | 'Seconds' // non-negative integer (Wait)
  | 'Timestamp' // RFC 3339 string (Wait)
  | 'MaxConcurrency' // non-negative integer (Map)
  | 'ToleratedFailureCount' // non-negative integer (Map)
  | 'ToleratedFailurePercentage' // number 0-100 (Map)
  | 'Error' // string (Fail)
  | 'Cause'; // string (Fail)

export interface QueryLanguage {
  readonly name: QueryLanguageName;

  /**
   * Load-time check of the expressions of one state, its Choice rules, Retriers and Catchers
   * (not of the states inside its branches or item processor): path, intrinsic and JSONata
   * syntax, `$eval`, misplaced `$states.result`/`$states.errorOutput`. Throws a
   * DefinitionError naming the state and the field.
   */
  check(stateName: string, state: State): void;

  /**
   * The input the state works on. JSONPath: InputPath, then Parameters for Task, Pass and
   * Parallel (Map's Parameters are its legacy ItemSelector, see `itemInput`). JSONata: Arguments
   * for Task and Parallel when present, else the state's input. What a Task sends its
   * resource, and what each Parallel branch gets.
   */
  effectiveInput(state: State, scope: StateScope): Promise<unknown>;

  /**
   * A value field, from its literal, path or expression form, checked against its type
   * (see ValueField). `undefined` when the state sets none of its forms. JSONPath paths are
   * read from `effectiveInput` as the state passes it: Wait and Map their input after InputPath,
   * Fail (which has no InputPath) and Task (TimeoutSecondsPath, HeartbeatSecondsPath: "from the
   * state input", AWS Step Functions Data Science SDK) their input as it entered.
   */
  value(state: State, field: ValueField, scope: StateScope, effectiveInput: unknown): Promise<unknown>;

  /** Map: the items. JSONPath: ItemsPath on the effective input (default `$`). JSONata: Items, default the input. Must be an array. */
  items(state: State, scope: StateScope, effectiveInput: unknown): Promise<unknown[]>;

  /**
   * Map: the input of one iteration: ItemSelector (or JSONPath's legacy Parameters) evaluated
   * with `scope.context.Map.Item` set, or the item itself when there is none.
   */
  itemInput(state: State, scope: StateScope, effectiveInput: unknown, item: unknown): Promise<unknown>;

  /** Choice: the first rule of `Choices` that matches, or undefined (then Default). */
  choose(state: State, scope: StateScope, effectiveInput: unknown): Promise<ChoiceRule | undefined>;

  /**
   * The state's output and assignments once it succeeded.
   * - `result`: a Task's, Map's or Parallel's result; undefined for other states (JSONPath Pass
   *   uses its `Result`, or its effective input).
   * - `rule`: the Choice rule that matched; its Assign (and JSONata Output) replace the state's.
   * JSONPath: ResultSelector, ResultPath (on the state's input), OutputPath; Assign with `$` as
   * the SPEC says (the result for Task, Map, Parallel and Pass; the effective input for Choice
   * and Wait). JSONata: Output (default: the result for Task, Map and Parallel, else the
   * input) and Assign, with `$states.result`.
   */
  complete(state: State, scope: StateScope, effectiveInput: unknown, result: unknown, rule?: ChoiceRule): Promise<Outcome>;

  /**
   * The state's output and assignments when `catcher` took the error.
   * `errorOutput` is `{ Error, Cause }`. JSONPath: ResultPath of the catcher (default `$`) on the
   * state's input, no OutputPath; Assign with `$` = the error output. JSONata: Output (default
   * the error output) and Assign, with `$states.errorOutput`.
   */
  caught(catcher: Catcher, state: State, scope: StateScope, errorOutput: { Error: string; Cause: string }): Promise<Outcome>;
}
