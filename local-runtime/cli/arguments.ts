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
