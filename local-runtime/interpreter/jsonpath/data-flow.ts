/**
 * InputPath, ResultPath and OutputPath (SPEC "Input and Output Processing with JSONPath"):
 * - InputPath selects the effective input from the raw input; `null` gives `{}`.
 * - ResultPath places the (effective) result into a copy of the raw input; `null` discards the
 *   result (the output is the input); absent means `$` (the result replaces the input).
 * - OutputPath selects the state output; `null` gives `{}`.
 * Inputs are never changed: every step returns new values.
 */
import { StatesError, StatesErrorName } from '../errors';
import { compactJson } from './json-values';
import { readFieldPath, type Evaluation } from './evaluation';
import { parseReferencePath, placeAtReferencePath } from './paths';

/** InputPath applied to `evaluation.sources.data` (the raw input). */
export function applyInputPath(inputPath: string | null | undefined, evaluation: Evaluation): unknown {
  if (inputPath === undefined) return evaluation.sources.data;
  if (inputPath === null) return {};
  return readFieldPath(inputPath, evaluation);
}

/** OutputPath applied to `evaluation.sources.data` (the output after ResultPath). */
export function applyOutputPath(outputPath: string | null | undefined, evaluation: Evaluation): unknown {
  return applyInputPath(outputPath, evaluation);
}

/**
 * ResultPath: `result` placed into `rawInput`. A path that cannot be applied (into a string, an
 * array index past the end, ...) fails with States.ResultPathMatchFailure.
 */
export function applyResultPath(resultPath: string | null | undefined, rawInput: unknown, result: unknown): unknown {
  if (resultPath === undefined) return result;
  if (resultPath === null) return rawInput;
  const placed = placeAtReferencePath(rawInput, parseReferencePath(resultPath), result);
  if (placed === undefined) {
    throw new StatesError(StatesErrorName.ResultPathMatchFailure, `Unable to apply ResultPath '${resultPath}' to input '${compactJson(rawInput)}'`);
  }
  return placed.output;
}
