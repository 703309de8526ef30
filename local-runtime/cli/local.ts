/**
 * `npm run local -- <stack-folder> [--port <n>] [--json] [--parameter-overrides Name=Value ...] [--no-function-logs]`
 *
 * Serves a stack on the local runtime until SIGINT or SIGTERM, on real time: clients outside the
 * runtime act at their own pace, so it cannot skip ahead (see ../virtual-clock.ts). When ready it prints the Step
 * Functions and SQS endpoints and each state machine's ARN and queue's URL (with --json, one JSON
 * line); then the live timeline goes to stderr. Any Step Functions client works against it:
 *   aws stepfunctions start-execution --endpoint-url <url> --state-machine-arn <arn> --input '{}'
 */
import { LocalStack } from '..';
import { extractParameterOverrides, parseCommandLine, parsePort, UsageError } from './arguments';
import { followStack } from './follow-stack';
import { runCli, type CliIo } from './run-cli';

const USAGE = 'npm run local -- <stack-folder> [--port <n>] [--json] [--parameter-overrides Name=Value ...] [--no-function-logs]';

export const serve = async (commandLine: string[], io: CliIo, stopped: Promise<unknown> = untilSignal()): Promise<number> => {
  const { argv, overrides } = extractParameterOverrides(commandLine);
  const { values, positionals } = parseCommandLine(
    argv,
    { port: { type: 'string' }, json: { type: 'boolean', default: false }, 'no-function-logs': { type: 'boolean', default: false } },
    USAGE,
  );
  if (positionals.length !== 1) throw new UsageError(`expected one stack folder (usage: ${USAGE})`);
  const port = parsePort(values.port);

  // Activities come while the stack starts (what it skips), before `stack` is set.
  const started: { stack?: LocalStack } = {};
  const stack = await LocalStack.start(positionals[0] ?? '', {
    time: 'real',
    ...(port !== undefined && { port }),
    parameterOverrides: overrides,
    onActivity: followStack(() => started.stack, io.stderr, { functionLogs: !values['no-function-logs'] }),
  });
  started.stack = stack;
  const description = { endpoints: stack.endpoints, stateMachines: stack.stateMachineArns, queues: stack.queueUrls };
  if (values.json) {
    io.stdout(JSON.stringify(description));
  } else {
    io.stdout(`${stack.stackName} is running on the local runtime, on real time. Stop it with Ctrl+C.`);
    io.stdout(`  Step Functions endpoint  ${description.endpoints.stepfunctions}`);
    io.stdout(`  SQS endpoint             ${description.endpoints.sqs}`);
    for (const [id, arn] of Object.entries(description.stateMachines)) io.stdout(`  state machine ${id.padEnd(24)} ${arn}`);
    for (const [id, url] of Object.entries(description.queues)) io.stdout(`  queue ${id.padEnd(32)} ${url}`);
    const main = stack.mainStateMachine();
    if (main !== undefined) {
      io.stdout(`\nTry: aws stepfunctions start-execution --endpoint-url ${description.endpoints.stepfunctions} --region us-east-1 --state-machine-arn ${description.stateMachines[main] ?? ''} --input '{}'`);
    }
  }
  await stopped;
  await stack.stop();
  return 0;
};

const untilSignal = (): Promise<NodeJS.Signals> =>
  new Promise((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });

if (require.main === module) runCli((argv, io) => serve(argv, io));
