/**
 * What a JSONata expression returns, turned into the JSON a state can carry. JSONata 2.x returns
 * sequences (arrays flagged `sequence`), may return functions, and drops nothing by itself;
 * Step Functions' fields only hold JSON. [DG "Transforming data with JSONata in Step Functions";
 * reference section 3, "Errors from JSONata"]
 */
import type { Json } from '../asl';

/** The result of an expression, as a field sees it. */
export type JsonResult =
  | { readonly kind: 'value'; readonly value: Json }
  /** Nothing: JSON cannot represent undefined, so the field fails ("returned nothing"). */
  | { readonly kind: 'undefined' }
  /** A function (lambda, built-in, regex): "returned an unsupported result type". */
  | { readonly kind: 'unsupported' };

/** Thrown inside the conversion when a function is found at any depth. */
class UnsupportedValue extends Error {}

/** True for a JSONata function value: a JS function, a lambda or a built-in function object. */
function isFunctionValue(value: object): boolean {
  return typeof value === 'function' || '_jsonata_lambda' in value || '_jsonata_function' in value || value instanceof RegExp;
}

/**
 * One value as JSON: arrays (sequences too) become plain arrays, objects plain objects; `-0`
 * becomes `0` (AWS-recorded `$parse('-0')` is `0`); a non-finite number becomes the string
 * JavaScript names it by, as AWS writes it (third-party observation: floci docs); undefined
 * members are dropped, as JSON.stringify drops them.
 */
function toJson(value: unknown): Json | undefined {
  switch (typeof value) {
    case 'undefined':
      return undefined;
    case 'boolean':
    case 'string':
      return value;
    case 'number':
      if (!Number.isFinite(value)) {
        return String(value);
      }
      return value === 0 ? 0 : value;
    case 'bigint':
      return Number(value);
    case 'symbol':
      throw new UnsupportedValue();
    case 'function':
      throw new UnsupportedValue();
    case 'object':
      return objectToJson(value);
  }
}

/** An object, array or null as JSON. */
function objectToJson(value: object | null): Json {
  if (value === null) {
    return null;
  }
  if (isFunctionValue(value)) {
    throw new UnsupportedValue();
  }
  if (Array.isArray(value)) {
    const items: readonly unknown[] = value;
    return items.map(toJson).filter((item): item is Json => item !== undefined);
  }
  const result: Record<string, Json> = {};
  for (const [key, member] of Object.entries(value)) {
    const converted = toJson(member);
    if (converted !== undefined) {
      result[key] = converted;
    }
  }
  return result;
}

/** The result of an evaluation as a field sees it: a JSON value, nothing, or unsupported. */
export function toJsonResult(value: unknown): JsonResult {
  try {
    const json = toJson(value);
    return json === undefined ? { kind: 'undefined' } : { kind: 'value', value: json };
  } catch (error) {
    if (error instanceof UnsupportedValue) {
      return { kind: 'unsupported' };
    }
    throw error;
  }
}

/** The JSONata type word AWS uses in its causes: `array`, `object`, `string`, `number`, `boolean`, `null`. */
export function typeWord(value: Json): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'array';
  }
  return typeof value;
}
