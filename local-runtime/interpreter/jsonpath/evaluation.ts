/**
 * What evaluating the JSONPath fields of one state needs: the values paths read, and the state's
 * name and entered event id that AWS quotes in its States.Runtime causes
 * ("An error occurred while executing the state 'X' (entered at the event id #2). ...").
 */
import { StatesError, StatesErrorName } from '../errors';
import type { StateScope } from '../query-language';
import { lookUpPath, parsePath, type Path, type PathSources } from './paths';

export interface Evaluation {
  readonly sources: PathSources;
  readonly stateName: string;
  readonly enteredEventId: number;
}

/** An Evaluation over `data` as `$`, with the scope's context object and variables. */
export function evaluationOf(scope: StateScope, data: unknown, context: unknown = scope.context): Evaluation {
  return { sources: { data, context, variables: scope.variables }, stateName: scope.stateName, enteredEventId: scope.enteredEventId };
}

/** The same evaluation with other data as `$`. */
export function withData(evaluation: Evaluation, data: unknown): Evaluation {
  return { ...evaluation, sources: { ...evaluation.sources, data } };
}

/** States.Runtime (not retried, not caught), its cause prefixed as AWS prefixes it. */
export function runtimeError(evaluation: Pick<Evaluation, 'stateName' | 'enteredEventId'>, cause: string): StatesError {
  return new StatesError(StatesErrorName.Runtime, `An error occurred while executing the state '${evaluation.stateName}' (entered at the event id #${evaluation.enteredEventId}). ${cause}`);
}

const parsedPaths = new Map<string, Path>();

/** Parses a path, once per text (the definition check has already refused bad ones). */
export function cachedPath(text: string): Path {
  let path = parsedPaths.get(text);
  if (path === undefined) {
    path = parsePath(text);
    parsedPaths.set(text, path);
  }
  return path;
}

/**
 * Reads a path of a field such as InputPath, OutputPath, ItemsPath or a `...Path` value field.
 * Nothing found: States.Runtime, `Invalid path '$.x' : No results for path: $['x']`.
 */
export function readFieldPath(text: string, evaluation: Evaluation): unknown {
  const lookup = lookUpPath(cachedPath(text), evaluation.sources);
  if (lookup.found) return lookup.value;
  throw runtimeError(evaluation, lookup.nullInput ? lookup.reason : `Invalid path '${text}' : ${lookup.reason}`);
}
