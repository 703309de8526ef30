/**
 * Payload Templates (SPEC "Payload Template"): Parameters, ItemSelector, ResultSelector and the
 * JSONPath form of Assign. Objects and arrays are walked at any depth; a field whose name ends in
 * `.$` takes the value of its path (`$...`, `$$...`, `$var...`) or intrinsic function and loses
 * the suffix; every other value is copied as it is (a string like "$x" without `.$` stays text).
 */
import { compactJson, isJsonObject, type JsonObject } from './json-values';
import { cachedPath, runtimeError, type Evaluation } from './evaluation';
import { parseIntrinsic, type IntrinsicCall } from './intrinsic-parser';
import { evaluateIntrinsic } from './intrinsics';
import { looksLikePath, lookUpPath, parsePath, type Path } from './paths';

/** The suffix that marks a dynamic field. */
export const DYNAMIC_SUFFIX = '.$';

/** A bad Payload Template, with where in it (`greeting.$`, `parts/first.$`). */
export class PayloadTemplateError extends Error {
  public override readonly name = 'PayloadTemplateError';
  public constructor(
    message: string,
    public readonly location: string,
  ) {
    super(message);
  }
}

const parsedIntrinsics = new Map<string, IntrinsicCall>();

/** Parses an intrinsic, once per text. */
function cachedIntrinsic(text: string): IntrinsicCall {
  let call = parsedIntrinsics.get(text);
  if (call === undefined) {
    call = parseIntrinsic(text);
    parsedIntrinsics.set(text, call);
  }
  return call;
}

/** The parsed form of a `.$` value: a path or an intrinsic. Throws PathSyntaxError or IntrinsicSyntaxError. */
export function parseDynamicValue(text: string): Path | IntrinsicCall {
  return looksLikePath(text) ? parsePath(text) : parseIntrinsic(text);
}

/** Evaluates a Payload Template with `$` = `evaluation.sources.data`. Never changes the template or the data. */
export function evaluatePayloadTemplate(template: unknown, evaluation: Evaluation): unknown {
  if (Array.isArray(template)) return template.map((item) => evaluatePayloadTemplate(item, evaluation));
  if (!isJsonObject(template)) return template;
  const payload: JsonObject = {};
  for (const [key, value] of Object.entries(template)) {
    if (key.endsWith(DYNAMIC_SUFFIX) && typeof value === 'string') {
      payload[key.slice(0, -DYNAMIC_SUFFIX.length)] = evaluateDynamicValue(value, key, evaluation);
    } else {
      payload[key] = evaluatePayloadTemplate(value, evaluation);
    }
  }
  return payload;
}

/**
 * The value of a `.$` field: its path's value or its intrinsic's result. A path that finds
 * nothing fails with States.Runtime, as AWS reports it:
 * `The JSONPath '$.x' specified for the field 'x.$' could not be found in the input '{...}'`.
 */
export function evaluateDynamicValue(text: string, key: string, evaluation: Evaluation): unknown {
  const readPath = (path: Path): unknown => {
    const lookup = lookUpPath(path, evaluation.sources);
    if (lookup.found) return lookup.value;
    const input = path.root.kind === 'context' ? evaluation.sources.context : evaluation.sources.data;
    throw runtimeError(evaluation, `The JSONPath '${path.text}' specified for the field '${key}' could not be found in the input '${compactJson(input)}'`);
  };
  return looksLikePath(text) ? readPath(cachedPath(text)) : evaluateIntrinsic(cachedIntrinsic(text), readPath);
}

/**
 * Load-time check of a Payload Template: every `.$` value is a string holding a valid path or
 * intrinsic, and no object has two fields of the same name once `.$` is stripped.
 * Throws PayloadTemplateError.
 */
export function checkPayloadTemplate(template: unknown, location = ''): void {
  if (Array.isArray(template)) {
    template.forEach((item, index) => {
      checkPayloadTemplate(item, join(location, String(index)));
    });
    return;
  }
  if (!isJsonObject(template)) return;
  const names = new Set<string>();
  for (const [key, value] of Object.entries(template)) {
    const dynamic = key.endsWith(DYNAMIC_SUFFIX);
    const name = dynamic ? key.slice(0, -DYNAMIC_SUFFIX.length) : key;
    const where = join(location, key);
    if (names.has(name)) throw new PayloadTemplateError(`the field '${name}' appears twice once '.$' is stripped`, where);
    names.add(name);
    if (!dynamic) {
      checkPayloadTemplate(value, where);
    } else if (typeof value !== 'string') {
      throw new PayloadTemplateError(`the value of '${key}' must be a string holding a path or an intrinsic function`, where);
    } else {
      try {
        parseDynamicValue(value);
      } catch (error) {
        throw new PayloadTemplateError(error instanceof Error ? error.message : String(error), where);
      }
    }
  }
}

function join(location: string, key: string): string {
  return location === '' ? key : `${location}/${key}`;
}
