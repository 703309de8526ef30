/**
 * `npm run execute -- <stack-folder> [--input '<json>' | --input-file <path>]
 *   [--state-machine <LogicalId>] [--json] [--parameter-overrides Name=Value ...] [--no-function-logs]`
 *   on the local runtime (on virtual time: its waits cost no wall time), or on a deployed stack:
 * `npm run execute -- <stack-folder> --stack <stack-name> [--region <r>] [--profile <p>] ...`
 * `npm run execute -- <stack-folder> --state-machine-arn <arn> | --endpoint-url <url> ...`
 *
 * One execution. The timeline goes to stderr; with --json the last line of stdout is
 * {"executionArn", "status", "output", "error", "cause"}. Exit 0 when the execution SUCCEEDED, 1
 * for any other final status, 2 for a command line, input, stack or AWS setup that cannot be used.
 */
import { LocalStack, type ExecutionResult as StackExecutionResult } from '..';
import { loadStack } from '../template/load-stack';
import { extractParameterOverrides, parseCommandLine, readExecutionInput, UsageError } from './arguments';
import { followStack } from './follow-stack';
import { runRemoteExecution } from './remote-execution';
import { runCli, type CliIo } from './run-cli';

const USAGE =
  "npm run execute -- <stack-folder> [--input '<json>' | --input-file <path>] [--state-machine <LogicalId>] [--json] " +
  '[--parameter-overrides Name=Value ...] [--no-function-logs] ' +
  '[--stack <stack-name> [--region <r>] [--profile <p>] | --state-machine-arn <arn> | --endpoint-url <url>]';

export interface ExecutionResult {
  readonly executionArn: string;
  readonly status: string;
  readonly output: unknown;
  readonly error: string | null;
  readonly cause: string | null;
}

export const executionResult = (execution: StackExecutionResult): ExecutionResult => ({
  executionArn: execution.executionArn,
  status: execution.status,
  output: execution.output ?? null,
  error: execution.error ?? null,
  cause: execution.cause ?? null,
});

interface LocalOptions {
  readonly stateMachine: string | undefined;
  readonly parameterOverrides: Readonly<Record<string, string>>;
  readonly functionLogs: boolean;
}

const runLocally = async (folder: string, input: string, options: LocalOptions, io: CliIo): Promise<ExecutionResult> => {
  const logicalId = options.stateMachine;
  // Activities come while the stack starts (what it skips), before `stack` is set.
  const started: { stack?: LocalStack } = {};
  const stack = await LocalStack.start(folder, {
    parameterOverrides: options.parameterOverrides,
    onActivity: followStack(() => started.stack, io.stderr, { functionLogs: options.functionLogs }),
  });
  started.stack = stack;
  try {
    const chosen = logicalId ?? stack.mainStateMachine();
    if (chosen === undefined || !stack.stateMachines.includes(chosen)) {
      const known = stack.stateMachines.join(', ');
      throw new UsageError(
        chosen === undefined
          ? `the stack has several main state machines: pass --state-machine with one of ${known}`
          : `no state machine ${chosen} in the stack (it has ${known || 'none'})`,
      );
    }
    return executionResult(await stack.run(chosen, input));
  } finally {
    await stack.stop();
  }
};

export const execute = async (commandLine: string[], io: CliIo): Promise<number> => {
  const { argv, overrides } = extractParameterOverrides(commandLine);
  const { values, positionals } = parseCommandLine(
    argv,
    {
      input: { type: 'string' },
      'input-file': { type: 'string' },
      'state-machine': { type: 'string' },
      json: { type: 'boolean', default: false },
      stack: { type: 'string' },
      region: { type: 'string' },
      profile: { type: 'string' },
      'state-machine-arn': { type: 'string' },
      'endpoint-url': { type: 'string' },
      'no-function-logs': { type: 'boolean', default: false },
    },
    USAGE,
  );
  if (positionals.length !== 1) throw new UsageError(`expected one stack folder (usage: ${USAGE})`);
  const folder = positionals[0] ?? '';
  const input = readExecutionInput(values.input, values['input-file']);
  const remote = values.stack !== undefined || values['state-machine-arn'] !== undefined || values['endpoint-url'] !== undefined;
  if (!remote && (values.region !== undefined || values.profile !== undefined)) throw new UsageError('--region and --profile go with --stack, --state-machine-arn or --endpoint-url');
  if (remote && Object.keys(overrides).length > 0) throw new UsageError('--parameter-overrides goes with the local runtime: a deployed stack has its parameters already');

  const result = remote
    ? await runRemoteExecution(
        {
          stack: loadStack(folder),
          ...(values['state-machine'] !== undefined && { stateMachineLogicalId: values['state-machine'] }),
          ...(values.stack !== undefined && { stackName: values.stack }),
          ...(values['state-machine-arn'] !== undefined && { stateMachineArn: values['state-machine-arn'] }),
          ...(values.region !== undefined && { region: values.region }),
          ...(values.profile !== undefined && { profile: values.profile }),
          ...(values['endpoint-url'] !== undefined && { endpointUrl: values['endpoint-url'], pollMs: 50 }),
        },
        input,
        io.stderr,
      )
    : await runLocally(folder, input, { stateMachine: values['state-machine'], parameterOverrides: overrides, functionLogs: !values['no-function-logs'] }, io);

  if (values.json) io.stdout(JSON.stringify(result));
  else io.stdout(result.status === 'SUCCEEDED' ? JSON.stringify(result.output, null, 2) : `${result.status}: ${result.error ?? ''}: ${result.cause ?? ''}`);
  return result.status === 'SUCCEEDED' ? 0 : 1;
};

if (require.main === module) runCli(execute);
