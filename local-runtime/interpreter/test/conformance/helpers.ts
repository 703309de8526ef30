/**
 * Helpers of the conformance suite: building definitions, reading outcomes and history events.
 * Nothing here decides what is right: every expected value is in the tests, with its source.
 */
import type { TaskRequest } from '../..';
import { detailsKey } from '../../history';
import { runDefinition, detailsOf, type RunOptions, type RunResult } from '../harness';

export { runDefinition, detailsOf };
export type { RunResult, RunOptions };

/** Resource ARNs the tests give behaviours to (test resources, see harness.ts). */
export const ECHO = 'arn:aws:states:::test:echo';
export const FAIL = 'arn:aws:states:::test:fail';
export const HANG = 'arn:aws:states:::test:hang';
export const LAMBDA_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:fn';

/** The execution's StartTime in the harness (TestClock's start). */
export const START = Date.parse('2025-01-01T00:00:00.000Z');
export const START_ISO = '2025-01-01T00:00:00.000Z';
export const EXECUTION_ARN = 'arn:aws:states:us-east-1:123456789012:execution:TestMachine:test-execution';

/** A JSONPath (default) state machine whose StartAt is the first state. */
export const machine = (states: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  StartAt: Object.keys(states)[0],
  States: states,
  ...extra,
});

/** A state machine with top-level QueryLanguage JSONata. */
export const jsonataMachine = (states: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> =>
  machine(states, { QueryLanguage: 'JSONata', ...extra });

/** A States block (branch or ItemProcessor). */
export const block = (states: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  StartAt: Object.keys(states)[0],
  States: states,
  ...extra,
});

/** The output of an execution that must have SUCCEEDED. */
export const outputOf = (result: RunResult): unknown => {
  if (result.outcome.status !== 'SUCCEEDED') throw new Error(`expected SUCCEEDED, got ${JSON.stringify(result.outcome)}\n${result.types.join(', ')}`);
  return result.outcome.output;
};

/** The error and cause of an execution that must have FAILED (or another status, when given). */
export const failureOf = (result: RunResult, status: 'FAILED' | 'ABORTED' | 'TIMED_OUT' = 'FAILED'): { error: string; cause: string } => {
  const { outcome } = result;
  if (outcome.status !== status) throw new Error(`expected ${status}, got ${JSON.stringify(outcome)}\n${result.types.join(', ')}`);
  return { error: outcome.error, cause: outcome.cause };
};

/** The history events of one type. */
export const eventsOf = (result: RunResult, type: string): RunResult['history'] => result.history.filter((event) => event.type === type);

/** The details of an event. */
export const details = (event: RunResult['history'][number]): Record<string, any> => (event[detailsKey(event.type)] ?? {}) as Record<string, any>;

/** The parsed `output` of the first `...StateExited` event of the state `name` (nth: which visit). */
export const exitedOutput = (result: RunResult, name: string, nth = 0): unknown => {
  const event = result.history.filter((e) => e.type.endsWith('StateExited') && details(e).name === name)[nth];
  if (!event) throw new Error(`state ${name} was not exited: ${result.types.join(', ')}`);
  return JSON.parse(details(event).output as string);
};

/** The parsed `input` of the `...StateEntered` event of the state `name`. */
export const enteredInput = (result: RunResult, name: string, nth = 0): unknown => {
  const event = result.history.filter((e) => e.type.endsWith('StateEntered') && details(e).name === name)[nth];
  if (!event) throw new Error(`state ${name} was not entered: ${result.types.join(', ')}`);
  return JSON.parse(details(event).input as string);
};

/** The names of the states entered, in order. */
export const statesEntered = (result: RunResult): string[] =>
  result.history.filter((e) => e.type.endsWith('StateEntered')).map((e) => details(e).name as string);

/** Seconds since the execution started, of an event. */
export const secondsAt = (event: RunResult['history'][number]): number => (event.timestamp.getTime() - START) / 1000;

/** Event ids paired with previousEventIds, `[type, id, previousEventId]`, for history-shape assertions. */
export const chain = (result: RunResult): [string, number, number][] => result.history.map((e) => [e.type, e.id, e.previousEventId]);

/** A resource that returns its parameters. */
export const echo = (request: TaskRequest): unknown => request.parameters;

/** A resource that never ends (for timeouts). */
export const hang = (): Promise<never> => new Promise<never>(() => undefined);
