/**
 * `npm run demo`: runs every stack's demo scenarios (`<stack>/demo.json`) on the local runtime,
 * with a live timeline for each, and exits 0 only if every scenario ends as expected. The runtime
 * is on virtual time: a 10-second job or a 300-second timeout costs no wall time, and the
 * timeline shows workflow time.
 */
import { join } from 'node:path';
import { LocalStack, type RuntimeActivity } from '..';
import { parseCommandLine, UsageError } from './arguments';
import { checkScenario, readStackDemo, type StackDemo } from './demo-scenarios';
import { followStack } from './follow-stack';
import { runCli, type CliIo } from './run-cli';
import { findStackFolders } from './stack-folders';
import { describeActivity } from './timeline';

const USAGE = 'npm run demo [--no-function-logs]';

export const demo = async (argv: string[], io: CliIo, root = process.cwd()): Promise<number> => {
  const { values, positionals } = parseCommandLine(argv, { 'no-function-logs': { type: 'boolean', default: false } }, USAGE);
  const functionLogs = !values['no-function-logs'];
  if (positionals.length > 0) throw new UsageError(`unexpected ${positionals.join(' ')} (usage: ${USAGE})`);
  const demos = findStackFolders(root)
    .map((folder) => readStackDemo(folder))
    .filter((stackDemo): stackDemo is StackDemo => stackDemo !== undefined)
    .sort((a, b) => a.order - b.order);
  if (demos.length === 0) throw new UsageError(`no stack with a demo.json under ${root}`);

  const started = Date.now();
  let follow: ((activity: RuntimeActivity) => void) | undefined;
  const stacks = await Promise.all(
    demos.map(async (stackDemo) => {
      const stack = await LocalStack.start(stackDemo.folder, {
        onActivity: (activity) => {
          // What the runtime skips is said once, as the stack comes up.
          if (activity.kind === 'skipped') io.stdout(`${stackDemo.folder}: ${describeActivity(activity) ?? ''}`);
          follow?.(activity);
        },
      });
      return { stackDemo, stack };
    }),
  );

  let failures = 0;
  let count = 0;
  try {
    io.stdout('Both patterns on the local runtime, from their template.yaml, on virtual time: the timeline shows workflow time, and its waits cost no wall time.');
    for (const { stackDemo, stack } of stacks) {
      if (!stack.stateMachines.includes(stackDemo.stateMachine)) throw new UsageError(`${join(stackDemo.folder, 'demo.json')}: no state machine ${stackDemo.stateMachine} in the stack`);
      for (const scenario of stackDemo.scenarios) {
        count += 1;
        const input = JSON.stringify(scenario.input);
        io.stdout(`\n■ ${stack.stackName}: ${scenario.name}   input ${input}`);
        follow = followStack(() => stack, io.stdout, { functionLogs });
        const execution = await stack.run(stackDemo.stateMachine, input);
        // What the execution set going (the worker's last batch) is reported once the runtime is idle.
        await stack.settled();
        follow = undefined;
        const problem = checkScenario(scenario, execution.status, execution.error);
        if (problem) failures += 1;
        io.stdout(problem ? `  ✘ not as expected: ${problem}` : `  ✔ as expected: ${execution.status}${execution.error ? ` with ${execution.error}` : ''}`);
      }
    }
  } finally {
    await Promise.all(stacks.map(({ stack }) => stack.stop()));
  }
  io.stdout(`\n${count - failures} of ${count} scenarios ended as expected, in ${((Date.now() - started) / 1000).toFixed(2)} s.`);
  return failures === 0 ? 0 : 1;
};

if (require.main === module) runCli((argv, io) => demo(argv, io));
