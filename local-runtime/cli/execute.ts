/**
 * `npm run execute -- <stack-folder> [--input '<json>' | --input-file <path>]
 *   [--state-machine <LogicalId>] [--time-scale <factor>] [--json]`
 *
 * One execution on the local runtime. The timeline goes to stderr; with --json the last line of
 * stdout is {"executionArn", "status", "output", "error", "cause"}. Exit 0 when the execution
 * SUCCEEDED, 1 for any other final status, 2 for a command line, input or stack that cannot be used.
 */
import type { Execution } from '../stepfunctions/execution';
import { StackRuntime } from '../stack-runtime';
import { parseCommandLine, parseTimeScale, readExecutionInput, UsageError } from './arguments';
import { runCli, type CliIo } from './run-cli';
import { followStack } from './follow-stack';

const USAGE = "npm run execute -- <stack-folder> [--input '<json>' | --input-file <path>] [--state-machine <LogicalId>] [--time-scale <factor>] [--json]";

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

export const execute = async (argv: string[], io: CliIo): Promise<number> => {
  const { values, positionals } = parseCommandLine(
    argv,
    {
      input: { type: 'string' },
      'input-file': { type: 'string' },
      'state-machine': { type: 'string' },
      'time-scale': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    USAGE,
  );
  if (positionals.length !== 1) throw new UsageError(`expected one stack folder (usage: ${USAGE})`);
  const input = readExecutionInput(values.input, values['input-file']);
  const timeScale = parseTimeScale(values['time-scale'], 1);

  const runtime = await StackRuntime.start(positionals[0] ?? '', { timeScale, onActivity: followStack(() => runtime, io.stderr) });
  try {
    const logicalId = values['state-machine'] ?? runtime.mainStateMachine();
    const stateMachine = logicalId === undefined ? undefined : runtime.stateMachines.get(logicalId);
    if (!stateMachine) {
      const known = [...runtime.stateMachines.keys()].join(', ');
      throw new UsageError(
        logicalId === undefined
          ? `the stack has several main state machines: pass --state-machine with one of ${known}`
          : `no state machine ${logicalId} in the stack (it has ${known || 'none'})`,
      );
    }
    const execution = runtime.stepFunctions.startExecution({ stateMachineArn: stateMachine.arn, input });
    await execution.ended;
    const result = executionResult(execution);
    if (values.json) io.stdout(JSON.stringify(result));
    else io.stdout(result.status === 'SUCCEEDED' ? JSON.stringify(result.output, null, 2) : `${result.status}: ${result.error ?? ''}: ${result.cause ?? ''}`);
    return result.status === 'SUCCEEDED' ? 0 : 1;
  } finally {
    await runtime.stop();
  }
};

if (require.main === module) runCli(execute);
