/**
 * The 18 intrinsic functions of JSONPath states, as the Step Functions developer guide
 * ("Intrinsic functions for JSONPath states in Step Functions") and the SPEC (Appendix B)
 * describe them. A function given arguments of the wrong number or type fails with
 * States.IntrinsicFailure and a cause naming the function and the argument.
 */
import { createHash, randomUUID } from 'node:crypto';
import { StatesError, StatesErrorName } from '../errors';
import { compactJson, isInteger, isJsonObject, jsonEquals, jsonTypeName, type JsonObject } from './json-values';
import type { IntrinsicArgument, IntrinsicCall, IntrinsicFunctionName } from './intrinsic-parser';
import type { Path } from './paths';

/** How an intrinsic reads a path argument (the caller decides what a missing path means). */
export type PathReader = (path: Path) => unknown;

/** DG: the largest array States.ArrayRange may build. */
export const ARRAY_RANGE_LIMIT = 1000;
/** DG: the longest string States.Base64Encode, States.Base64Decode and States.Hash accept. */
export const ENCODING_INPUT_LIMIT = 10_000;

/** The hash algorithms of States.Hash, by their AWS names, with Node's names. */
const HASH_ALGORITHMS: Readonly<Record<string, string>> = {
  MD5: 'md5',
  'SHA-1': 'sha1',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};

/** An evaluated argument: its value, and for a string literal its `{}`-cut pieces (States.Format). */
interface Argument {
  readonly value: unknown;
  readonly formatPieces?: readonly string[];
}

type IntrinsicFunction = (args: readonly Argument[], name: IntrinsicFunctionName) => unknown;

/** Invokes an intrinsic function, its arguments evaluated first (nested calls included). */
export function evaluateIntrinsic(call: IntrinsicCall, readPath: PathReader): unknown {
  const args = call.args.map((argument) => evaluateArgument(argument, readPath));
  return INTRINSIC_FUNCTIONS[call.name](args, call.name);
}

function evaluateArgument(argument: IntrinsicArgument, readPath: PathReader): Argument {
  switch (argument.kind) {
    case 'string':
      return { value: argument.value, formatPieces: argument.formatPieces };
    case 'number':
    case 'boolean':
      return { value: argument.value };
    case 'null':
      return { value: null };
    case 'path':
      return { value: readPath(argument.path) };
    case 'call':
      return { value: evaluateIntrinsic(argument, readPath) };
  }
}

/** States.IntrinsicFailure with a cause naming the function. */
function failure(name: IntrinsicFunctionName, reason: string): StatesError {
  return new StatesError(StatesErrorName.IntrinsicFailure, `${name}: ${reason}`);
}

function describe(value: unknown): string {
  return `${jsonTypeName(value)} ${compactJson(value)}`;
}

/** Checks the number of arguments: exactly `min`, or between `min` and `max`. */
function expectArgumentCount(name: IntrinsicFunctionName, args: readonly Argument[], min: number, max = min): void {
  if (args.length >= min && args.length <= max) return;
  const expected = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
  throw failure(name, `expected ${expected} argument${expected === '1' ? '' : 's'}, but got ${args.length}`);
}

/** The value of argument `position` (1-based), checked with `accepts`. */
function argumentOf<T>(name: IntrinsicFunctionName, args: readonly Argument[], position: number, what: string, accepts: (value: unknown) => value is T): T {
  const value = args[position - 1]?.value;
  if (!accepts(value)) throw failure(name, `argument ${position} must be ${what}, but was ${describe(value)}`);
  return value;
}

const isString = (value: unknown): value is string => typeof value === 'string';
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isBoolean = (value: unknown): value is boolean => typeof value === 'boolean';
const isArray = (value: unknown): value is unknown[] => Array.isArray(value);
const isAny = (value: unknown): value is unknown => value !== undefined;

/** Rounds to the nearest integer, halves away from zero (AWS, in Java, rounds 2.5 to 3 and -2.5 to -3). */
export function roundHalfAwayFromZero(value: number): number {
  return Math.sign(value) * Math.round(Math.abs(value));
}

/** States.Format: the template with each `{}` replaced by the next argument (string, number, boolean or null). */
function format(args: readonly Argument[], name: IntrinsicFunctionName): string {
  expectArgumentCount(name, args, 1, Infinity);
  const template = argumentOf(name, args, 1, 'a string', isString);
  const pieces = args[0]?.formatPieces ?? template.split('{}');
  const values = args.slice(1);
  if (values.length !== pieces.length - 1) {
    throw failure(name, `the template has ${pieces.length - 1} placeholder(s) '{}' but ${values.length} value argument(s) were given`);
  }
  return pieces.reduce((text, piece, index) => {
    if (index === 0) return piece;
    const value = values[index - 1]?.value;
    if (typeof value === 'object' && value !== null) throw failure(name, `argument ${index + 1} must be a string, number, boolean or null, but was ${describe(value)}`);
    return `${text}${typeof value === 'string' ? value : compactJson(value)}${piece}`;
  }, '');
}

/** States.StringToJson: the JSON value that a string holds. */
function stringToJson(args: readonly Argument[], name: IntrinsicFunctionName): unknown {
  expectArgumentCount(name, args, 1);
  const text = argumentOf(name, args, 1, 'a string', isString);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw failure(name, `argument 1 is not valid JSON text: ${compactJson(text)}`);
  }
}

/** States.JsonToString: the compact JSON text of a value. */
function jsonToString(args: readonly Argument[], name: IntrinsicFunctionName): string {
  expectArgumentCount(name, args, 1);
  return compactJson(argumentOf(name, args, 1, 'a JSON value', isAny));
}

/** States.Array: its arguments as an array. */
function array(args: readonly Argument[]): unknown[] {
  return args.map((argument) => argument.value);
}

/** States.ArrayPartition: the array in chunks of the given size, the last one possibly shorter. */
function arrayPartition(args: readonly Argument[], name: IntrinsicFunctionName): unknown[][] {
  expectArgumentCount(name, args, 2);
  const items = argumentOf(name, args, 1, 'an array', isArray);
  const size = argumentOf(name, args, 2, 'a positive integer (the chunk size)', (value): value is number => isInteger(value) && value > 0);
  const chunks: unknown[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

/** States.ArrayContains: whether the array holds the value (JSON equality). */
function arrayContains(args: readonly Argument[], name: IntrinsicFunctionName): boolean {
  expectArgumentCount(name, args, 2);
  const items = argumentOf(name, args, 1, 'an array', isArray);
  const wanted = argumentOf(name, args, 2, 'a JSON value', isAny);
  return items.some((item) => jsonEquals(item, wanted));
}

/** States.ArrayRange: the integers from start to end (inclusive) by step; at most 1000 of them. */
function arrayRange(args: readonly Argument[], name: IntrinsicFunctionName): number[] {
  expectArgumentCount(name, args, 3);
  const start = argumentOf(name, args, 1, 'an integer (the first element)', isInteger);
  const end = argumentOf(name, args, 2, 'an integer (the final element)', isInteger);
  const step = argumentOf(name, args, 3, 'a non-zero integer (the increment)', (value): value is number => isInteger(value) && value !== 0);
  const count = (end - start) / step < 0 ? 0 : Math.floor((end - start) / step) + 1;
  if (count > ARRAY_RANGE_LIMIT) throw failure(name, `the array would have ${count} elements; at most ${ARRAY_RANGE_LIMIT} are allowed`);
  return Array.from({ length: count }, (_, index) => start + index * step);
}

/** States.ArrayGetItem: the element at a (zero-based) index. */
function arrayGetItem(args: readonly Argument[], name: IntrinsicFunctionName): unknown {
  expectArgumentCount(name, args, 2);
  const items = argumentOf(name, args, 1, 'an array', isArray);
  const index = argumentOf(name, args, 2, 'a non-negative integer (the index)', (value): value is number => isInteger(value) && value >= 0);
  if (index >= items.length) throw failure(name, `index ${index} is out of bounds for an array of length ${items.length}`);
  return items[index];
}

/** States.ArrayLength: the number of elements. */
function arrayLength(args: readonly Argument[], name: IntrinsicFunctionName): number {
  expectArgumentCount(name, args, 1);
  return argumentOf(name, args, 1, 'an array', isArray).length;
}

/** States.ArrayUnique: the elements without duplicates (JSON equality), first occurrences in order. */
function arrayUnique(args: readonly Argument[], name: IntrinsicFunctionName): unknown[] {
  expectArgumentCount(name, args, 1);
  const items = argumentOf(name, args, 1, 'an array', isArray);
  const unique: unknown[] = [];
  for (const item of items) if (!unique.some((kept) => jsonEquals(kept, item))) unique.push(item);
  return unique;
}

/** A string argument of at most ENCODING_INPUT_LIMIT characters. */
function limitedString(name: IntrinsicFunctionName, args: readonly Argument[]): string {
  expectArgumentCount(name, args, 1);
  const text = argumentOf(name, args, 1, 'a string', isString);
  if (text.length > ENCODING_INPUT_LIMIT) throw failure(name, `the input has ${text.length} characters; at most ${ENCODING_INPUT_LIMIT} are allowed`);
  return text;
}

/** States.Base64Encode: the MIME Base64 encoding of the string's UTF-8 bytes. */
function base64Encode(args: readonly Argument[], name: IntrinsicFunctionName): string {
  return Buffer.from(limitedString(name, args), 'utf8').toString('base64');
}

/** States.Base64Decode: the UTF-8 string whose Base64 encoding is given. */
function base64Decode(args: readonly Argument[], name: IntrinsicFunctionName): string {
  const encoded = limitedString(name, args);
  if (encoded.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/u.test(encoded)) throw failure(name, `argument 1 is not Base64: ${compactJson(encoded)}`);
  return Buffer.from(encoded, 'base64').toString('utf8');
}

/** States.Hash: the hex digest of the data (a string, or the JSON text of another value). */
function hash(args: readonly Argument[], name: IntrinsicFunctionName): string {
  expectArgumentCount(name, args, 2);
  const data = argumentOf(name, args, 1, 'a JSON value', isAny);
  const algorithm = argumentOf(name, args, 2, `one of ${Object.keys(HASH_ALGORITHMS).join(', ')}`, (value): value is string => typeof value === 'string' && Object.hasOwn(HASH_ALGORITHMS, value));
  const text = typeof data === 'string' ? data : compactJson(data);
  if (text.length > ENCODING_INPUT_LIMIT) throw failure(name, `the data has ${text.length} characters; at most ${ENCODING_INPUT_LIMIT} are allowed`);
  return createHash(HASH_ALGORITHMS[algorithm] ?? algorithm).update(text, 'utf8').digest('hex');
}

/** States.JsonMerge: a new object with the second object's fields over the first's (shallow only). */
function jsonMerge(args: readonly Argument[], name: IntrinsicFunctionName): JsonObject {
  expectArgumentCount(name, args, 3);
  const first = argumentOf(name, args, 1, 'a JSON object', isJsonObject);
  const second = argumentOf(name, args, 2, 'a JSON object', isJsonObject);
  const deep = argumentOf(name, args, 3, 'a boolean', isBoolean);
  if (deep) throw failure(name, 'only the shallow merge is supported: the third argument must be false');
  return { ...first, ...second };
}

/** A deterministic generator in [0, 1) for a seed (mulberry32): the same seed, the same number. */
function seededRandom(seed: number): number {
  let state = (seed | 0) + 0x6d2b79f5;
  state = Math.imul(state ^ (state >>> 15), state | 1);
  state ^= state + Math.imul(state ^ (state >>> 7), state | 61);
  return ((state ^ (state >>> 14)) >>> 0) / 4_294_967_296;
}

/** States.MathRandom: a random integer from start (inclusive) to end (exclusive); a seed makes it repeatable. */
function mathRandom(args: readonly Argument[], name: IntrinsicFunctionName): number {
  expectArgumentCount(name, args, 2, 3);
  const start = roundHalfAwayFromZero(argumentOf(name, args, 1, 'a number (the start)', isNumber));
  const end = roundHalfAwayFromZero(argumentOf(name, args, 2, 'a number (the end)', isNumber));
  if (end < start) throw failure(name, `the end (${end}) must not be less than the start (${start})`);
  const random = args.length === 3 ? seededRandom(argumentOf(name, args, 3, 'an integer (the seed)', isInteger)) : Math.random();
  return end === start ? start : start + Math.floor(random * (end - start));
}

/** States.MathAdd: the sum of two numbers, each rounded to an integer first (DG: non-integers are rounded). */
function mathAdd(args: readonly Argument[], name: IntrinsicFunctionName): number {
  expectArgumentCount(name, args, 2);
  const first = argumentOf(name, args, 1, 'a number', isNumber);
  const second = argumentOf(name, args, 2, 'a number', isNumber);
  return roundHalfAwayFromZero(first) + roundHalfAwayFromZero(second);
}

/**
 * States.StringSplit: the string cut at EACH character of the delimiter string (DG example:
 * "This.is+a,test=string" split by ".+,=" gives ["This","is","a","test","string"]). Empty
 * pieces are dropped, as Java's StringTokenizer does.
 */
function stringSplit(args: readonly Argument[], name: IntrinsicFunctionName): string[] {
  expectArgumentCount(name, args, 2);
  const text = argumentOf(name, args, 1, 'a string', isString);
  const delimiters = new Set(argumentOf(name, args, 2, 'a string (the delimiting characters)', isString));
  const pieces: string[] = [];
  let piece = '';
  for (const char of text) {
    if (delimiters.has(char)) {
      if (piece !== '') pieces.push(piece);
      piece = '';
    } else {
      piece += char;
    }
  }
  if (piece !== '') pieces.push(piece);
  return pieces;
}

/** States.UUID: a random version 4 UUID. */
function uuid(args: readonly Argument[], name: IntrinsicFunctionName): string {
  expectArgumentCount(name, args, 0);
  return randomUUID();
}

const INTRINSIC_FUNCTIONS: Readonly<Record<IntrinsicFunctionName, IntrinsicFunction>> = {
  'States.Format': format,
  'States.StringToJson': stringToJson,
  'States.JsonToString': jsonToString,
  'States.Array': array,
  'States.ArrayPartition': arrayPartition,
  'States.ArrayContains': arrayContains,
  'States.ArrayRange': arrayRange,
  'States.ArrayGetItem': arrayGetItem,
  'States.ArrayLength': arrayLength,
  'States.ArrayUnique': arrayUnique,
  'States.Base64Encode': base64Encode,
  'States.Base64Decode': base64Decode,
  'States.Hash': hash,
  'States.JsonMerge': jsonMerge,
  'States.MathRandom': mathRandom,
  'States.MathAdd': mathAdd,
  'States.StringSplit': stringSplit,
  'States.UUID': uuid,
};
