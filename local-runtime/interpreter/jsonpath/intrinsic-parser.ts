/**
 * The syntax of intrinsic functions (SPEC "Intrinsic Functions"; DG "Intrinsic functions for
 * JSONPath states"): `States.Name(arg, ...)` where an argument is a string in single quotes, a
 * number, `true`, `false`, `null`, a Path (`$.x`, `$$.x`, `$var`) or a nested intrinsic.
 *
 * Inside a string literal the characters `'`, `{`, `}` and `\` are reserved and are written
 * escaped with a backslash: `\'`, `\{`, `\}`, `\\` (in the JSON text of a definition: `\\'`,
 * `\\{`, `\\}`, `\\\\`). An unescaped `{}` in a literal is a States.Format placeholder; any other
 * backslash is an "open escape" and refused.
 */
import { parsePath, PathSyntaxError, type Path } from './paths';

/** The intrinsic functions of the States Language (SPEC Appendix B; DG). */
export const INTRINSIC_FUNCTION_NAMES = [
  'States.Format',
  'States.StringToJson',
  'States.JsonToString',
  'States.Array',
  'States.ArrayPartition',
  'States.ArrayContains',
  'States.ArrayRange',
  'States.ArrayGetItem',
  'States.ArrayLength',
  'States.ArrayUnique',
  'States.Base64Encode',
  'States.Base64Decode',
  'States.Hash',
  'States.JsonMerge',
  'States.MathRandom',
  'States.MathAdd',
  'States.StringSplit',
  'States.UUID',
] as const;

export type IntrinsicFunctionName = (typeof INTRINSIC_FUNCTION_NAMES)[number];

/** DG: "You can nest up to 10 intrinsic functions within a field." */
export const MAX_INTRINSIC_NESTING = 10;

/** A string literal: its value, and the same text cut at its unescaped `{}` placeholders. */
export interface StringLiteral {
  readonly kind: 'string';
  readonly value: string;
  readonly formatPieces: readonly string[];
}

export type IntrinsicArgument =
  | StringLiteral
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'null' }
  | { readonly kind: 'path'; readonly path: Path }
  | IntrinsicCall;

/** One invocation of an intrinsic function. */
export interface IntrinsicCall {
  readonly kind: 'call';
  readonly name: IntrinsicFunctionName;
  readonly args: readonly IntrinsicArgument[];
}

/** Bad intrinsic syntax or an unknown function (the definition check turns it into a DefinitionError). */
export class IntrinsicSyntaxError extends Error {
  public override readonly name = 'IntrinsicSyntaxError';
}

const NAME = /[A-Za-z0-9._]+/y;
const NUMBER = /-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;
const KEYWORD = /(true|false|null)(?![A-Za-z0-9._(])/y;
const RESERVED_ESCAPES = new Set(["'", '{', '}', '\\']);

/** True when a name is one of the intrinsic functions. */
function isIntrinsicFunctionName(name: string): name is IntrinsicFunctionName {
  return (INTRINSIC_FUNCTION_NAMES as readonly string[]).includes(name);
}

/** Parses an intrinsic function invocation. Throws IntrinsicSyntaxError. */
export function parseIntrinsic(text: string): IntrinsicCall {
  const parser = new IntrinsicParser(text);
  return parser.parseWhole();
}

/** A recursive-descent parser over the text of one invocation. */
class IntrinsicParser {
  private position = 0;

  public constructor(private readonly text: string) {}

  public parseWhole(): IntrinsicCall {
    this.skipSpaces();
    const call = this.parseCall(1);
    this.skipSpaces();
    if (this.position < this.text.length) this.fail(`unexpected '${this.rest().slice(0, 10)}' after the closing ')'`);
    return call;
  }

  private parseCall(depth: number): IntrinsicCall {
    if (depth > MAX_INTRINSIC_NESTING) this.fail(`intrinsic functions can be nested at most ${MAX_INTRINSIC_NESTING} deep`);
    const name = this.match(NAME);
    if (name === undefined) this.fail('expected an intrinsic function name');
    if (!isIntrinsicFunctionName(name)) this.fail(`unknown intrinsic function '${name}'`);
    this.skipSpaces();
    this.expect('(');
    const args: IntrinsicArgument[] = [];
    this.skipSpaces();
    if (this.peek() === ')') {
      this.position += 1;
      return { kind: 'call', name, args };
    }
    for (;;) {
      args.push(this.parseArgument(depth));
      this.skipSpaces();
      const separator = this.peek();
      this.position += 1;
      if (separator === ')') return { kind: 'call', name, args };
      if (separator !== ',') this.fail(separator === undefined ? "missing ')'" : `expected ',' or ')' but found '${separator}'`);
    }
  }

  private parseArgument(depth: number): IntrinsicArgument {
    this.skipSpaces();
    const char = this.peek();
    if (char === "'") return this.parseString();
    if (char === '$') return this.parsePathArgument();
    const number = this.match(NUMBER);
    if (number !== undefined) return { kind: 'number', value: Number(number) };
    const keyword = this.match(KEYWORD);
    if (keyword === 'null') return { kind: 'null' };
    if (keyword !== undefined) return { kind: 'boolean', value: keyword === 'true' };
    if (char === undefined || char === ')' || char === ',') this.fail('missing argument');
    return this.parseCall(depth + 1);
  }

  /** A string literal in single quotes, with the reserved characters escaped by a backslash. */
  private parseString(): StringLiteral {
    this.expect("'");
    const pieces: string[] = [];
    let piece = '';
    for (;;) {
      const char = this.peek();
      if (char === undefined) this.fail('unterminated string literal');
      this.position += 1;
      if (char === "'") break;
      if (char === '\\') {
        const escaped = this.peek();
        if (escaped === undefined || !RESERVED_ESCAPES.has(escaped)) {
          this.fail(`open escape backslash: only \\', \\{, \\} and \\\\ are escapes in a string literal`);
        }
        piece += escaped;
        this.position += 1;
      } else if (char === '{' && this.peek() === '}') {
        pieces.push(piece);
        piece = '';
        this.position += 1;
      } else {
        piece += char;
      }
    }
    pieces.push(piece);
    return { kind: 'string', value: pieces.join('{}'), formatPieces: pieces };
  }

  /** A path argument: up to the `,` or `)` that ends it, outside brackets, parentheses and quotes. */
  private parsePathArgument(): IntrinsicArgument {
    const start = this.position;
    let depth = 0;
    let quote: string | undefined;
    for (; this.position < this.text.length; this.position += 1) {
      const char = this.text[this.position];
      if (quote !== undefined) {
        if (char === '\\') this.position += 1;
        else if (char === quote) quote = undefined;
      } else if (char === "'" || char === '"') quote = char;
      else if (char === '[' || char === '(') depth += 1;
      else if (char === ']' || (char === ')' && depth > 0)) depth -= 1;
      else if (depth === 0 && (char === ',' || char === ')')) break;
    }
    const text = this.text.slice(start, this.position).trim();
    try {
      return { kind: 'path', path: parsePath(text) };
    } catch (error) {
      if (error instanceof PathSyntaxError) this.fail(error.message);
      throw error;
    }
  }

  private match(pattern: RegExp): string | undefined {
    pattern.lastIndex = this.position;
    const found = pattern.exec(this.text);
    if (found === null) return undefined;
    this.position += found[0].length;
    return found[0];
  }

  private expect(char: string): void {
    if (this.peek() !== char) this.fail(`expected '${char}'`);
    this.position += 1;
  }

  private peek(): string | undefined {
    return this.text[this.position];
  }

  private rest(): string {
    return this.text.slice(this.position);
  }

  private skipSpaces(): void {
    while (this.peek() === ' ' || this.peek() === '\t' || this.peek() === '\n' || this.peek() === '\r') this.position += 1;
  }

  private fail(reason: string): never {
    throw new IntrinsicSyntaxError(`Invalid intrinsic function '${this.text}': ${reason} (at position ${this.position})`);
  }
}
