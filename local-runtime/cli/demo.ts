/**
 * `npm run demo [-- --time-scale <factor>]`: runs every stack's demo scenarios (`<stack>/demo.json`)
 * on the local runtime, with a live timeline for each, and exits 0 only if every scenario ends as
 * expected. Time runs 100 times faster by default, so that a 10-second job takes 100 ms.
 */
import { join } from 'node:path';
import { StackRuntime, type RuntimeActivity } from '../stack-runtime';
import { parseCommandLine, parseTimeScale, UsageError } from './arguments';
import { checkScenario, readStackDemo, type StackDemo } from './demo-scenarios';
import { followStack } from './follow-stack';
import { runCli, type CliIo } from './run-cli';
import { findStackFolders } from './stack-folders';

const USAGE = 'npm run demo [-- --time-scale <factor>]';
const DEFAULT_TIME_SCALE = 0.01;

/** Resolves once the runtime has been quiet for a moment: the last worker batch is reported. */
const quiet = (lastActivity: () => number, quietMs = 30, maxMs = 1000): Promise<void> =>
  new Promise((resolve) => {
    const started = Date.now();
    const check = (): void => {
      if (Date.now() - lastActivity() >= quietMs || Date.now() - started >= maxMs) resolve();
      else setTimeout(check, 5);
    };
    check();
  });

export const demo = async (argv: string[], io: CliIo, root = process.cwd()): Promise<number> => {
  const { values, positionals } = parseCommandLine(argv, { 'time-scale': { type: 'string' } }, USAGE);
  if (positionals.length > 0) throw new UsageError(`unexpected ${positionals.join(' ')} (usage: ${USAGE})`);
  const timeScale = parseTimeScale(values['time-scale'], DEFAULT_TIME_SCALE);
  const demos = findStackFolders(root)
    .map((folder) => readStackDemo(folder))
    .filter((stackDemo): stackDemo is StackDemo => stackDemo !== undefined)
    .sort((a, b) => a.order - b.order);
  if (demos.length === 0) throw new UsageError(`no stack with a demo.json under ${root}`);

  const started = Date.now();
  let lastActivity = Date.now();
  let follow: ((activity: RuntimeActivity) => void) | undefined;
  const runtimes = await Promise.all(
    demos.map(async (stackDemo) => {
      const runtime: StackRuntime = await StackRuntime.start(stackDemo.folder, {
        timeScale,
        onActivity: (activity) => {
          lastActivity = Date.now();
          follow?.(activity);
        },
      });
      return { stackDemo, runtime };
    }),
  );

  let failures = 0;
  let count = 0;
  try {
    io.stdout(`Both patterns on the local runtime, from their template.yaml (time scale ${timeScale}: 1 s of workflow time takes ${1000 * timeScale} ms).`);
    for (const { stackDemo, runtime } of runtimes) {
      const stateMachine = runtime.stateMachines.get(stackDemo.stateMachine);
      if (!stateMachine) throw new UsageError(`${join(stackDemo.folder, 'demo.json')}: no state machine ${stackDemo.stateMachine} in the stack`);
      for (const scenario of stackDemo.scenarios) {
        count += 1;
        const input = JSON.stringify(scenario.input);
        io.stdout(`\n■ ${runtime.stackName}: ${scenario.name}   input ${input}`);
        follow = followStack(() => runtime, io.stdout);
        const execution = runtime.stepFunctions.startExecution({ stateMachineArn: stateMachine.arn, input });
        await execution.ended;
        await quiet(() => lastActivity);
        follow = undefined;
        const problem = checkScenario(scenario, execution.status, execution.error);
        if (problem) failures += 1;
        io.stdout(problem ? `  ✘ not as expected: ${problem}` : `  ✔ as expected: ${execution.status}${execution.error ? ` with ${execution.error}` : ''}`);
      }
    }
  } finally {
    await Promise.all(runtimes.map(({ runtime }) => runtime.stop()));
  }
  io.stdout(`\n${count - failures} of ${count} scenarios ended as expected, in ${((Date.now() - started) / 1000).toFixed(2)} s.`);
  return failures === 0 ? 0 : 1;
};

if (require.main === module) runCli((argv, io) => demo(argv, io));
