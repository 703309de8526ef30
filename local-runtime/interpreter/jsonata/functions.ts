/**
 * The functions Step Functions adds to JSONata 2.0.6 (DG "Transforming data with JSONata in Step
 * Functions", section "JSONata functions provided by Step Functions"): `$partition`, `$range`,
 * `$hash`, `$random` (with an optional seed), `$uuid` and `$parse`. They replace the JSONPath
 * intrinsics; `$eval` is not available (see expression.ts).
 */
import { createHash, randomUUID } from 'node:crypto';
import type jsonata from 'jsonata';

/**
 * A failure raised inside a function, shaped like JSONata's own errors. `code` is set only for a
 * JSONata code with the same meaning: JSONata rewrites the message of any code it knows, and AWS's
 * codes for these functions' own failures are not documented.
 */
export interface FunctionFailure {
  readonly code?: string;
  readonly message: string;
}

/** Throws a JSONata-shaped error: the cause then reads `<code>: <message>`, or just the message. */
function fail(code: string | undefined, message: string): never {
  const failure: FunctionFailure = code === undefined ? { message } : { code, message };
  // JSONata itself throws plain objects carrying a code; the evaluator handles both shapes.
  // eslint-disable-next-line @typescript-eslint/only-throw-error
  throw failure;
}

/**
 * A JSONata sequence: an array that JSONata unwraps when it holds a single value and treats as
 * nothing (undefined) when empty. AWS-recorded: `$range(1, 9, 9)` returns `1`, not `[1]`.
 */
function sequence(values: number[]): number[] {
  Object.defineProperty(values, 'sequence', { value: true });
  return values;
}

/**
 * `$partition(array, size)`: the array in chunks of `size`, the last one possibly shorter.
 * `$partition([1,2,3,4,5], 2)` is `[[1,2],[3,4],[5]]`; `[]` gives `[]` (ASL-LS examples). A
 * fractional size is truncated (`2.6` chunks by 2); a size below 1 gives nothing (undefined).
 * Without a size the whole array is one chunk.
 */
export function partition(array: unknown, size: number | undefined): unknown[][] | undefined {
  if (!Array.isArray(array)) {
    fail('T0410', 'Argument 1 of function "partition" does not match function signature');
  }
  const items: readonly unknown[] = array;
  const chunkSize = size === undefined ? Math.max(items.length, 1) : Math.trunc(size);
  if (chunkSize < 1) {
    return undefined;
  }
  const chunks: unknown[][] = [];
  for (let start = 0; start < items.length; start += chunkSize) {
    chunks.push(items.slice(start, start + chunkSize));
  }
  return chunks;
}

/**
 * `$range(start, end, step)`: the integers from `start` by `step`, including `end` when a step
 * lands on it. AWS-recorded: `(0,10,3)` is `[0,3,6,9]`, `(1,9,2)` is `[1,3,5,7,9]`, `(1,9,9)` is
 * `1`. A negative step counts down; step 0 gives `[]` (ASL-LS example). Fractional arguments are
 * truncated; a step that moves away from `end` gives an empty sequence, i.e. nothing.
 */
export function range(start: number, end: number, step: number): number[] {
  const [from, to, by] = [Math.trunc(start), Math.trunc(end), Math.trunc(step)];
  if (by === 0) {
    return [];
  }
  const values: number[] = [];
  for (let value = from; by > 0 ? value <= to : value >= to; value += by) {
    values.push(value);
  }
  return sequence(values);
}

/** The algorithms `$hash` accepts, as Step Functions spells them (case-sensitive), and Node's names. */
const hashAlgorithms: Readonly<Record<string, string>> = {
  MD5: 'md5',
  'SHA-1': 'sha1',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};

/** `$hash(value, algorithm)`: the lowercase hex digest of the UTF-8 string `value`. */
export function hash(value: string, algorithm: string): string {
  const nodeAlgorithm = Object.hasOwn(hashAlgorithms, algorithm) ? hashAlgorithms[algorithm] : undefined;
  if (nodeAlgorithm === undefined) {
    fail(undefined, `The hashing algorithm '${algorithm}' is not supported: use one of ${Object.keys(hashAlgorithms).join(', ')}`);
  }
  return createHash(nodeAlgorithm).update(value, 'utf8').digest('hex');
}

/**
 * The first `nextDouble()` of a linear congruential generator seeded with `seed` (the
 * generator of java.util.Random): the same seed always gives the same number in [0, 1).
 */
function seededRandom(seed: number): number {
  const mask = (1n << 48n) - 1n;
  const multiplier = 0x5deece66dn;
  let state = (BigInt(Math.trunc(seed)) ^ multiplier) & mask;
  const next = (bits: bigint): bigint => {
    state = (state * multiplier + 0xbn) & mask;
    return state >> (48n - bits);
  };
  return Number((next(26n) << 27n) + next(27n)) / 2 ** 53;
}

/** `$random([seed])`: a number in [0, 1); with a seed, the same number every time. */
export function random(seed?: number): number {
  return seed === undefined ? Math.random() : seededRandom(seed);
}

/** `$uuid()`: a random version 4 UUID. */
export function uuid(): string {
  return randomUUID();
}

/** `$parse(jsonString)`: the JSON value the string holds. AWS-recorded: `$parse('-0')` is `0`. */
export function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return fail(undefined, `Unable to parse the string as JSON: ${reason}`);
  }
}

/** Registers the Step Functions functions on a compiled expression, with JSONata signatures. */
export function registerStepFunctionsFunctions(expression: jsonata.Expression): void {
  expression.registerFunction('partition', (array: unknown, size: number | undefined) => partition(array, size), '<jn?:a>');
  expression.registerFunction('range', (start: number, end: number, step: number) => range(start, end, step), '<nnn:a<n>>');
  expression.registerFunction('hash', (value: string, algorithm: string) => hash(value, algorithm), '<ss:s>');
  expression.registerFunction('random', (seed: number | undefined) => random(seed), '<n?:n>');
  expression.registerFunction('uuid', () => uuid(), '<:s>');
  expression.registerFunction('parse', (text: string) => parse(text), '<s:j>');
}
