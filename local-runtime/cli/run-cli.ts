import { TemplateError, UnsupportedFeatureError } from '../errors';
import { UsageError } from './arguments';
import { RemoteSetupError } from './aws-errors';

export interface CliIo {
  readonly stdout: (line: string) => void;
  readonly stderr: (line: string) => void;
}

export const processIo: CliIo = {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
};

/**
 * Runs a command and exits with its code. A usage error, or a stack the runtime cannot use, is
 * one line on stderr and exit 2; anything unexpected is one line and exit 1: no stack traces.
 */
export type Command = (argv: string[], io: CliIo) => Promise<number>;

export const exitCode = async (command: Command, argv: string[], io: CliIo): Promise<number> => {
  try {
    return await command(argv, io);
  } catch (error) {
    io.stderr(cliErrorMessage(error));
    return isUsageProblem(error) ? 2 : 1;
  }
};

export const runCli = (command: Command): void => {
  // Lambda runs nodejs24.x; emulated on an older local Node, the SDK would warn on every start.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  void exitCode(command, process.argv.slice(2), processIo).then((code) => {
    process.exitCode = code;
  });
};

export const isUsageProblem = (error: unknown): boolean =>
  error instanceof UsageError || error instanceof TemplateError || error instanceof UnsupportedFeatureError || error instanceof RemoteSetupError;

export const cliErrorMessage = (error: unknown): string => {
  const message = error instanceof Error ? error.message : String(error);
  return isUsageProblem(error) ? message : `error: ${message.split('\n')[0] ?? ''}`;
};
