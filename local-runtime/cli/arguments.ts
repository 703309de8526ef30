import { readFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A command line that cannot be run: exit 2 with a one-line message. */
export class UsageError extends Error {
  public override readonly name = 'UsageError';
}

export const parseCommandLine = <T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T, usage: string) => {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message} (usage: ${usage})`);
  }
};

export const parsePort = (value: string | undefined): number | undefined => {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new UsageError(`--port must be a port number, got '${value}'`);
  return port;
};

/** The execution input: --input or --input-file, which must hold JSON; `{}` when neither is given. */
export const readExecutionInput = (input: string | undefined, inputFile: string | undefined): string => {
  if (input !== undefined && inputFile !== undefined) throw new UsageError('give --input or --input-file, not both');
  let text = input ?? '{}';
  if (inputFile !== undefined) {
    try {
      text = readFileSync(inputFile, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read --input-file ${inputFile}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  }
  try {
    JSON.parse(text);
  } catch (error) {
    throw new UsageError(`the input is not JSON: ${(error as Error).message}`);
  }
  return text;
};

/** The flag that gives template parameter values, as `sam deploy` takes it. */
export const PARAMETER_OVERRIDES_FLAG = '--parameter-overrides';
const PARAMETER_NAME = /^[A-Za-z0-9]+$/;
/** Where a pair starts in a `--parameter-overrides` argument: `Name=` or `ParameterKey=Name,ParameterValue=`. */
const PAIR_START = /(?:^|\s+)(?:ParameterKey=([A-Za-z0-9]+),ParameterValue=|([A-Za-z0-9]+)=)/g;

const unquote = (value: string): string => (/^(["']).*\1$/s.test(value) ? value.slice(1, -1) : value);

/** The pairs of one `--parameter-overrides` argument: `A=1 B=2`, `Greeting=hello world`, `ParameterKey=A,ParameterValue=1`. */
const parsePairs = (argument: string): [string, string][] => {
  const starts = [...argument.matchAll(PAIR_START)];
  if (starts.length === 0 || starts[0]?.index !== 0) throw new UsageError(`${PARAMETER_OVERRIDES_FLAG}: '${argument}' is not Name=Value`);
  return starts.map((match, i) => {
    const name = match[1] ?? match[2] ?? '';
    const end = starts[i + 1]?.index ?? argument.length;
    return [name, unquote(argument.slice((match.index) + match[0].length, end).trim())];
  });
};

/**
 * Takes `--parameter-overrides Name=Value [Name=Value ...]` out of a command line, as `sam deploy`
 * reads it: the pairs are the arguments after the flag that look like `Name=Value` (several may
 * share one argument, `'A=1 B=2'`), or `ParameterKey=Name,ParameterValue=Value`. The flag may be
 * given more than once; a later value wins. Returns the other arguments and the values by name.
 */
export const extractParameterOverrides = (argv: readonly string[]): { argv: string[]; overrides: Record<string, string> } => {
  const rest: string[] = [];
  const overrides: Record<string, string> = {};
  const looksLikePair = (argument: string | undefined): argument is string =>
    argument !== undefined && !argument.startsWith('--') && (argument.startsWith('ParameterKey=') || (PARAMETER_NAME.test(argument.split('=')[0] ?? '') && argument.includes('=')));
  for (let i = 0; i < argv.length; i += 1) {
    const argument = argv[i] ?? '';
    const inline = argument.startsWith(`${PARAMETER_OVERRIDES_FLAG}=`) ? argument.slice(PARAMETER_OVERRIDES_FLAG.length + 1) : undefined;
    if (argument !== PARAMETER_OVERRIDES_FLAG && inline === undefined) {
      rest.push(argument);
      continue;
    }
    const values: string[] = inline === undefined ? [] : [inline];
    while (looksLikePair(argv[i + 1])) values.push(argv[(i += 1)] ?? '');
    if (values.length === 0) throw new UsageError(`${PARAMETER_OVERRIDES_FLAG} takes Name=Value pairs, as sam deploy does`);
    for (const value of values) for (const [name, text] of parsePairs(value)) overrides[name] = text;
  }
  return { argv: rest, overrides };
};
