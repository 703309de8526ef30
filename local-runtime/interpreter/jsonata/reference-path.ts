/**
 * The commonest JSONata expression of a definition reads a member of a variable and nothing
 * more: `$states.input`, `$states.context.Task.Token`, `$states.errorOutput.Error`, `$order`.
 * JSONata 2.0.6 evaluates each step of one asynchronously; here such a text is read directly,
 * when the answer is certainly JSONata's own: every step goes through a plain object's own
 * member (not one JSONata takes for a function: `_jsonata_function` or `_jsonata_lambda` true),
 * and the value found is neither an array (JSONata's sequences flatten and unwrap them)
 * nor undefined nor a function. Anything else, `undefined` tells the caller to ask JSONata, which
 * then also gives the errors and causes.
 */

/** `$name` then `.name` steps: ASCII names only (backquoted names and the rest go to JSONata). */
const REFERENCE = /^\$([A-Za-z_][A-Za-z0-9_]*)((?:\.[A-Za-z_][A-Za-z0-9_]*)*)$/;
/** Words that JSONata reads as operators or literals, not as names, in a step. */
const NOT_NAMES = new Set(['and', 'or', 'in', 'true', 'false', 'null', 'function']);

/** The names of a reference path, by text; null when the text is not one. */
const parsed = new Map<string, readonly string[] | null>();

/** The variable and member names of `text` when it is a reference path, else null. */
export const referencePath = (text: string): readonly string[] | null => {
  let names = parsed.get(text);
  if (names === undefined) {
    const match = REFERENCE.exec(text);
    const steps = match?.[2] ? match[2].slice(1).split('.') : [];
    names = match?.[1] !== undefined && !steps.some((step) => NOT_NAMES.has(step)) ? [match[1], ...steps] : null;
    parsed.set(text, names);
  }
  return names;
};

/** An object whose members JSONata reads: not an array, and not one it takes for a function. */
const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  (value as { _jsonata_function?: unknown })._jsonata_function !== true &&
  (value as { _jsonata_lambda?: unknown })._jsonata_lambda !== true;

/**
 * The value of a reference path in `variables` (the expression's bindings), or undefined when
 * only JSONata can say what it is.
 */
export const readReference = (names: readonly string[], variables: Readonly<Record<string, unknown>>): unknown => {
  let value: unknown = variables;
  for (const name of names) {
    if (!isPlainObject(value) || !Object.hasOwn(value, name)) return undefined;
    value = value[name];
  }
  if (value === undefined || Array.isArray(value) || typeof value === 'function') return undefined;
  return value;
};
