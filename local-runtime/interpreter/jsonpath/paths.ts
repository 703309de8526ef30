/**
 * Paths and Reference Paths of the States Language (SPEC "Paths", "Reference Paths").
 *
 * A Path starts with `$` and reads one of three roots:
 * - `$`, `$.a.b[0]`, `$['a']`: the data the field works on (a state's input, effective input or result);
 * - `$$`, `$$.Execution.Id`: the context object;
 * - `$name`, `$name.a[0]`: the variable `name` (a `$` followed by an identifier).
 *
 * A definite path (only `.name`, `['name']` and `[index]` steps) yields one value or nothing;
 * any other JSONPath (`..`, `*`, `[0,1]`, `[1:3]`, `[?(...)]`) is evaluated with jsonpath-plus
 * and yields the array of its matches, as Jayway (which AWS uses) does for indefinite paths.
 * A Reference Path (ResultPath) is a definite path on the data.
 */
import { JSONPath } from 'jsonpath-plus';
import { isJsonObject, jsonTypeName } from './json-values';

/** What a path reads: the data `$`, the context object `$$` or a variable `$name`. */
export type PathRoot = { readonly kind: 'data' } | { readonly kind: 'context' } | { readonly kind: 'variable'; readonly name: string };

/** One step of a definite path. */
export type PathStep = { readonly kind: 'property'; readonly name: string } | { readonly kind: 'index'; readonly index: number };

/** A parsed Path. */
export interface Path {
  /** The path as written in the definition. */
  readonly text: string;
  readonly root: PathRoot;
  /** The JSONPath applied to the root's value: the text with its root replaced by `$`. */
  readonly query: string;
  /** The steps of a definite path; undefined for an indefinite one (its value is an array of matches). */
  readonly steps: readonly PathStep[] | undefined;
}

/** Bad path syntax (the definition check turns it into a DefinitionError). */
export class PathSyntaxError extends Error {
  public override readonly name = 'PathSyntaxError';
}

/** The values a path can read. */
export interface PathSources {
  /** `$`: the data the field works on. */
  readonly data: unknown;
  /** `$$`: the context object. */
  readonly context: unknown;
  /** `$name`: the variables in scope. */
  readonly variables: Readonly<Record<string, unknown>>;
}

/** The outcome of reading a path: its value, or why it found nothing. */
export type PathLookup =
  | { readonly found: true; readonly value: unknown }
  | {
      readonly found: false;
      /** Jayway's words for the failure, e.g. `No results for path: $['x']`. */
      readonly reason: string;
      /** The path was applied to null data: AWS says `Unable to apply Path transformation to null or empty input.` */
      readonly nullInput: boolean;
    };

/** AWS's cause when a path is applied to null input. */
export const NULL_INPUT_CAUSE = 'Unable to apply Path transformation to null or empty input.';

const VARIABLE_ROOT = /^\$([\p{ID_Start}_][\p{ID_Continue}]*)/u;

/** True when a string is meant as a path: it starts with `$`. */
export function looksLikePath(text: string): boolean {
  return text.startsWith('$');
}

/** Parses a Path (`$...`, `$$...`, `$name...`). Throws PathSyntaxError. */
export function parsePath(text: string): Path {
  const { root, rest } = splitRoot(text);
  const query = `$${rest}`;
  const steps = parseSteps(rest, text);
  if (steps === undefined) checkWithJsonPathPlus(query, text);
  return { text, root, query, steps };
}

/**
 * Parses a Reference Path for ResultPath: definite, on the data only (SPEC: "MUST NOT begin with
 * `$$`"; DG: ResultPath cannot reference variables). Throws PathSyntaxError.
 */
export function parseReferencePath(text: string): Path {
  const path = parsePath(text);
  if (path.root.kind === 'context') throw new PathSyntaxError(`The Reference Path '${text}' must not refer to the context object ($$)`);
  if (path.root.kind === 'variable') throw new PathSyntaxError(`The Reference Path '${text}' must not refer to a variable`);
  if (path.steps === undefined) throw new PathSyntaxError(`'${text}' is not a Reference Path: it must identify a single node (no '..', '*', ',', ':' or filters)`);
  return path;
}

/** Splits the root (`$$`, `$name`, `$`) from the rest of the path. */
function splitRoot(text: string): { root: PathRoot; rest: string } {
  if (!text.startsWith('$')) throw new PathSyntaxError(`'${text}' is not a path: a path starts with '$'`);
  if (text.startsWith('$$')) return { root: { kind: 'context' }, rest: text.slice(2) };
  const variable = VARIABLE_ROOT.exec(text);
  if (variable?.[1] !== undefined) return { root: { kind: 'variable', name: variable[1] }, rest: text.slice(variable[0].length) };
  return { root: { kind: 'data' }, rest: text.slice(1) };
}

/**
 * The steps of a definite path, or undefined when the path is indefinite (then jsonpath-plus
 * evaluates it). Throws PathSyntaxError for what is not JSONPath at all.
 */
function parseSteps(rest: string, text: string): PathStep[] | undefined {
  const steps: PathStep[] = [];
  let position = 0;
  while (position < rest.length) {
    const char = rest[position];
    if (char === '.') {
      const next = rest[position + 1];
      if (next === '.' || next === '*') return undefined;
      const { name, end } = readDotName(rest, position + 1, text);
      steps.push({ kind: 'property', name });
      position = end;
    } else if (char === '[') {
      const bracket = readBracket(rest, position, text);
      if (bracket.step === undefined) return undefined;
      steps.push(bracket.step);
      position = bracket.end;
    } else {
      throw new PathSyntaxError(`Invalid path '${text}': unexpected '${char ?? ''}' at position ${position + text.length - rest.length}`);
    }
  }
  return steps;
}

/** Reads a `.name` step (a backslash escapes the next character, as in `$.store\.book`). */
function readDotName(rest: string, start: number, text: string): { name: string; end: number } {
  let name = '';
  let position = start;
  while (position < rest.length && rest[position] !== '.' && rest[position] !== '[') {
    const char = rest[position] ?? '';
    if (char === '\\' && position + 1 < rest.length) {
      name += rest[position + 1] ?? '';
      position += 2;
    } else {
      name += char;
      position += 1;
    }
  }
  if (name === '') throw new PathSyntaxError(`Invalid path '${text}': a '.' must be followed by a field name`);
  return { name, end: position };
}

/** Reads a `[...]` step: `['name']`, `["name"]`, `[3]`, `[-1]`; anything else is indefinite (step undefined). */
function readBracket(rest: string, start: number, text: string): { step: PathStep | undefined; end: number } {
  const end = findClosingBracket(rest, start, text);
  const inside = rest.slice(start + 1, end - 1).trim();
  const quoted = /^(['"])((?:\\.|(?!\1).)*)\1$/su.exec(inside);
  if (quoted?.[2] !== undefined) return { step: { kind: 'property', name: quoted[2].replace(/\\(.)/gsu, '$1') }, end };
  if (/^-?\d+$/u.test(inside)) return { step: { kind: 'index', index: Number(inside) }, end };
  if (inside === '') throw new PathSyntaxError(`Invalid path '${text}': empty brackets`);
  return { step: undefined, end };
}

/** The position after the `]` that closes the `[` at `start`, skipping quoted text and parentheses. */
function findClosingBracket(rest: string, start: number, text: string): number {
  let depth = 0;
  let quote: string | undefined;
  for (let position = start; position < rest.length; position += 1) {
    const char = rest[position];
    if (quote !== undefined) {
      if (char === '\\') position += 1;
      else if (char === quote) quote = undefined;
    } else if (char === "'" || char === '"') {
      quote = char;
    } else if (char === '[' || char === '(') {
      depth += 1;
    } else if (char === ']' || char === ')') {
      depth -= 1;
      if (depth === 0) {
        if (char !== ']') break;
        return position + 1;
      }
    }
  }
  throw new PathSyntaxError(`Invalid path '${text}': unbalanced brackets`);
}

/** Lets jsonpath-plus parse an indefinite path once, so that a bad one fails at load time. */
function checkWithJsonPathPlus(query: string, text: string): void {
  try {
    JSONPath({ path: query, json: {}, wrap: true });
  } catch (error) {
    throw new PathSyntaxError(`Invalid path '${text}': ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The value of the path's root among the sources, or the reason there is none. */
function rootValue(path: Path, sources: PathSources): { found: true; value: unknown } | { found: false; reason: string } {
  switch (path.root.kind) {
    case 'data':
      return { found: true, value: sources.data };
    case 'context':
      return { found: true, value: sources.context };
    case 'variable':
      return Object.hasOwn(sources.variables, path.root.name)
        ? { found: true, value: sources.variables[path.root.name] }
        : { found: false, reason: `The variable '$${path.root.name}' is not defined` };
  }
}

/** Reads a path. A definite path yields its value; an indefinite one the array of its matches. */
export function lookUpPath(path: Path, sources: PathSources): PathLookup {
  const root = rootValue(path, sources);
  if (!root.found) return { found: false, reason: root.reason, nullInput: false };
  if (path.steps === undefined) return { found: true, value: evaluateIndefinite(path.query, root.value) };
  if (path.steps.length > 0 && path.root.kind === 'data' && (root.value === null || root.value === undefined)) {
    return { found: false, reason: NULL_INPUT_CAUSE, nullInput: true };
  }
  return walkSteps(path.steps, root.value);
}

/** Evaluates an indefinite path with jsonpath-plus: the array of its matches (possibly empty). */
function evaluateIndefinite(query: string, value: unknown): unknown[] {
  if (value === null || typeof value !== 'object') return [];
  const matches: unknown = JSONPath({ path: query, json: value, wrap: true });
  return Array.isArray(matches) ? matches : [];
}

/** Follows definite steps; on failure, says why in Jayway's words (`$['a']['b']` notation). */
function walkSteps(steps: readonly PathStep[], start: unknown): PathLookup {
  let current = start;
  let walked = '$';
  for (const [position, step] of steps.entries()) {
    const last = position === steps.length - 1;
    if (step.kind === 'property') {
      const where = `${walked}['${step.name}']`;
      if (!isJsonObject(current)) {
        return missing(`Expected to find an object with property ['${step.name}'] in path ${walked} but found '${jsonTypeName(current)}'`);
      }
      if (!Object.hasOwn(current, step.name)) return missing(last ? `No results for path: ${where}` : `Missing property in path ${where}`);
      current = current[step.name];
      walked = where;
    } else {
      const where = `${walked}[${step.index}]`;
      if (!Array.isArray(current)) return missing(`Expected to find an array with index [${step.index}] in path ${walked} but found '${jsonTypeName(current)}'`);
      const index = step.index < 0 ? current.length + step.index : step.index;
      if (index < 0 || index >= current.length) return missing(`Index out of bounds when evaluating path ${where}`);
      current = current[index];
      walked = where;
    }
  }
  return { found: true, value: current };
}

function missing(reason: string): PathLookup {
  return { found: false, reason, nullInput: false };
}

/**
 * ResultPath: the input with `value` placed where the Reference Path points, creating the
 * objects on the way (SPEC "ResultPath"). The input is never changed: the objects and arrays
 * along the path are copied, the rest is shared (values are immutable in the interpreter).
 * `undefined` when the path cannot be applied (States.ResultPathMatchFailure).
 */
export function placeAtReferencePath(input: unknown, path: Path, value: unknown): { output: unknown } | undefined {
  return placeAt(input, path.steps ?? [], 0, value);
}

function placeAt(node: unknown, steps: readonly PathStep[], position: number, value: unknown): { output: unknown } | undefined {
  const step = steps[position];
  if (step === undefined) return { output: value };
  const last = position === steps.length - 1;
  if (step.kind === 'property') {
    if (!isJsonObject(node)) return undefined;
    const child = node[step.name];
    const placed = placeAt(child === undefined && !last ? {} : child, steps, position + 1, value);
    return placed && { output: { ...node, [step.name]: placed.output } };
  }
  if (!Array.isArray(node)) return undefined;
  const index = step.index < 0 ? node.length + step.index : step.index;
  if (index < 0 || index >= node.length) return undefined;
  const placed = placeAt(node[index], steps, position + 1, value);
  if (!placed) return undefined;
  const copy = node.slice();
  copy[index] = placed.output;
  return { output: copy };
}
