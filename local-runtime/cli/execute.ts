/**
 * `npm run execute -- <stack-folder> [--input '<json>' | --input-file <path>]
 *   [--state-machine <LogicalId>] [--json]`
 *   on the local runtime (on virtual time: its waits cost no wall time), or on a deployed stack:
 * `npm run execute -- <stack-folder> --stack <stack-name> [--region <r>] [--profile <p>] ...`
 * `npm run execute -- <stack-folder> --state-machine-arn <arn> | --endpoint-url <url> ...`
 *
 * One execution. The timeline goes to stderr; with --json the last line of stdout is
 * {"executionArn", "status", "output", "error", "cause"}. Exit 0 when the execution SUCCEEDED, 1
 * for any other final status, 2 for a command line, input, stack or AWS setup that cannot be used.
 */
import type { Execution } from '../stepfunctions/execution';
import { StackRuntime } from '../stack-runtime';
import { loadStack } from '../template/load-stack';
import { parseCommandLine, readExecutionInput, UsageError } from './arguments';
import { followStack } from './follow-stack';
import { runRemoteExecution } from './remote-execution';
import { runCli, type CliIo } from './run-cli';

const USAGE =
  "npm run execute -- <stack-folder> [--input '<json>' | --input-file <path>] [--state-machine <LogicalId>] [--json] " +
  '[--stack <stack-name> [--region <r>] [--profile <p>] | --state-machine-arn <arn> | --endpoint-url <url>]';

export interface ExecutionResult {
  readonly executionArn: string;
  readonly status: string;
  readonly output: unknown;
  readonly error: string | null;
  readonly cause: string | null;
}

export const executionResult = (execution: Execution): ExecutionResult => ({
  executionArn: execution.arn,
  status: execution.status,
  output: execution.output === undefined ? null : (JSON.parse(execution.output) as unknown),
  error: execution.error ?? null,
  cause: execution.cause ?? null,
});

const runLocally = async (folder: string, input: string, logicalId: string | undefined, io: CliIo): Promise<ExecutionResult> => {
  const runtime = await StackRuntime.start(folder, { onActivity: followStack(() => runtime, io.stderr) });
  try {
    const chosen = logicalId ?? runtime.mainStateMachine();
    const stateMachine = chosen === undefined ? undefined : runtime.stateMachines.get(chosen);
    if (!stateMachine) {
      const known = [...runtime.stateMachines.keys()].join(', ');
      throw new UsageError(
        chosen === undefined
          ? `the stack has several main state machines: pass --state-machine with one of ${known}`
          : `no state machine ${chosen} in the stack (it has ${known || 'none'})`,
      );
    }
    const execution = runtime.stepFunctions.startExecution({ stateMachineArn: stateMachine.arn, input });
    await execution.ended;
    return executionResult(execution);
  } finally {
    await runtime.stop();
  }
};

export const execute = async (argv: string[], io: CliIo): Promise<number> => {
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
    },
    USAGE,
  );
  if (positionals.length !== 1) throw new UsageError(`expected one stack folder (usage: ${USAGE})`);
  const folder = positionals[0] ?? '';
  const input = readExecutionInput(values.input, values['input-file']);
  const remote = values.stack !== undefined || values['state-machine-arn'] !== undefined || values['endpoint-url'] !== undefined;
  if (!remote && (values.region !== undefined || values.profile !== undefined)) throw new UsageError('--region and --profile go with --stack, --state-machine-arn or --endpoint-url');

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
    : await runLocally(folder, input, values['state-machine'], io);

  if (values.json) io.stdout(JSON.stringify(result));
  else io.stdout(result.status === 'SUCCEEDED' ? JSON.stringify(result.output, null, 2) : `${result.status}: ${result.error ?? ''}: ${result.cause ?? ''}`);
  return result.status === 'SUCCEEDED' ? 0 : 1;
};

if (require.main === module) runCli(execute);
