/**
 * The Amazon States Language, as the interpreter reads it: a definition is JSON, checked when it
 * is loaded (definition-check.ts), so these types describe what a checked definition may hold.
 * Field names are the States Language's own.
 */

export type QueryLanguageName = 'JSONPath' | 'JSONata';

export type StateType = 'Task' | 'Pass' | 'Choice' | 'Wait' | 'Succeed' | 'Fail' | 'Parallel' | 'Map';

/** A JSON value as it appears in a definition or flows between states. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A `States` block with its `StartAt`: the top level, a Parallel branch, a Map's ItemProcessor. */
export interface StatesBlock {
  readonly StartAt: string;
  readonly States: Readonly<Record<string, State>>;
  readonly QueryLanguage?: QueryLanguageName;
  readonly Comment?: string;
  readonly ProcessorConfig?: { readonly Mode?: string; readonly ExecutionType?: string };
}

export interface Definition extends StatesBlock {
  readonly TimeoutSeconds?: number;
  readonly Version?: string;
}

export interface Retrier {
  readonly ErrorEquals: readonly string[];
  readonly IntervalSeconds?: number;
  readonly MaxAttempts?: number;
  readonly BackoffRate?: number;
  readonly MaxDelaySeconds?: number;
  readonly JitterStrategy?: 'FULL' | 'NONE';
  readonly Comment?: string;
}

export interface Catcher {
  readonly ErrorEquals: readonly string[];
  readonly Next: string;
  readonly ResultPath?: string | null;
  readonly Output?: unknown;
  readonly Assign?: Readonly<Record<string, unknown>>;
  readonly Comment?: string;
}

/** A Choice rule. JSONPath: `Variable` with one comparison operator, or And/Or/Not. JSONata: `Condition`. */
export interface ChoiceRule {
  readonly Next?: string;
  readonly Condition?: unknown;
  readonly Variable?: string;
  readonly And?: readonly ChoiceRule[];
  readonly Or?: readonly ChoiceRule[];
  readonly Not?: ChoiceRule;
  readonly Assign?: Readonly<Record<string, unknown>>;
  readonly Output?: unknown;
  readonly Comment?: string;
  /** The comparison operator (StringEquals, NumericLessThanPath, IsPresent, ...) and its operand. */
  readonly [operator: string]: unknown;
}

/**
 * Any state. Which fields a state may have depends on its Type and on its query language;
 * definition-check.ts refuses the others when the definition is loaded.
 */
export interface State {
  readonly Type: StateType;
  readonly Comment?: string;
  readonly QueryLanguage?: QueryLanguageName;
  readonly Next?: string;
  readonly End?: boolean;
  // Data flow: JSONPath
  readonly InputPath?: string | null;
  readonly OutputPath?: string | null;
  readonly Parameters?: unknown;
  readonly ResultSelector?: unknown;
  readonly ResultPath?: string | null;
  readonly Result?: unknown;
  // Data flow: JSONata
  readonly Arguments?: unknown;
  readonly Output?: unknown;
  // Both
  readonly Assign?: Readonly<Record<string, unknown>>;
  // Task
  readonly Resource?: string;
  readonly TimeoutSeconds?: unknown;
  readonly TimeoutSecondsPath?: string;
  readonly HeartbeatSeconds?: unknown;
  readonly HeartbeatSecondsPath?: string;
  readonly Credentials?: unknown;
  readonly Retry?: readonly Retrier[];
  readonly Catch?: readonly Catcher[];
  // Choice
  readonly Choices?: readonly ChoiceRule[];
  readonly Default?: string;
  // Wait
  readonly Seconds?: unknown;
  readonly SecondsPath?: string;
  readonly Timestamp?: unknown;
  readonly TimestampPath?: string;
  // Fail
  readonly Error?: unknown;
  readonly ErrorPath?: string;
  readonly Cause?: unknown;
  readonly CausePath?: string;
  // Parallel
  readonly Branches?: readonly StatesBlock[];
  // Map
  readonly Items?: unknown;
  readonly ItemsPath?: string;
  readonly ItemSelector?: unknown;
  readonly ItemProcessor?: StatesBlock;
  readonly Iterator?: StatesBlock;
  readonly MaxConcurrency?: unknown;
  readonly MaxConcurrencyPath?: string;
  readonly ItemReader?: unknown;
  readonly ItemBatcher?: unknown;
  readonly ResultWriter?: unknown;
  readonly ToleratedFailureCount?: unknown;
  readonly ToleratedFailureCountPath?: string;
  readonly ToleratedFailurePercentage?: unknown;
  readonly ToleratedFailurePercentagePath?: string;
  readonly Label?: string;
}
