/**
 * `npm run bench`: measures the project against its targets and prints the figures. A report,
 * not a test: it always exits 0 unless it cannot run.
 *
 * - the worker bundle's size, and its cold load time against a bare handler that only creates
 *   an SFNClient;
 * - callback and sync round trips on the local runtime (p50, p99);
 * - executions per second and peak memory with 1,000 concurrent callback executions, and the CPU
 *   time each execution costs;
 * - the wall time of `npm run demo`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildFunction, esbuildFunction } from '../local-runtime/lambda/sam-esbuild';
import { LocalStack, type StackRuntime } from '../local-runtime';
import { loadStack } from '../local-runtime/template/load-stack';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const root = join(__dirname, '..');
const rows: [figure: string, value: string, target: string, met: boolean | undefined][] = [];
const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};
const median = (values: number[]): number => percentile(values, 50);
const required = <T>(value: T | undefined, what: string): T => {
  if (value === undefined) throw new Error(`no ${what}`);
  return value;
};

/** Milliseconds to require a module in a fresh Node.js process, median of `runs`. */
const coldLoad = (modulePath: string, runs: number): number => {
  const script = `const t = process.hrtime.bigint(); require(${JSON.stringify(modulePath)}); process.stdout.write(String(Number(process.hrtime.bigint() - t) / 1e6));`;
  const env = { ...process.env, AWS_REGION: 'us-east-1' };
  return median(Array.from({ length: runs }, () => Number(execFileSync(process.execPath, ['-e', script], { env, encoding: 'utf8' }))));
};

const bundle = async (): Promise<void> => {
  const stack = loadStack(join(root, 'callback-demo'));
  const fn = required(esbuildFunction(stack, 'CallbackWorkerFunction', required(stack.template.Resources.CallbackWorkerFunction, 'CallbackWorkerFunction')), 'esbuild Metadata');
  const outDir = join(stack.dir, '.aws-sam', 'bench');
  const built = required((await buildFunction(fn, outDir)).find((output) => output.path.endsWith('handler.js')), 'handler.js in the build');
  const gzip = gzipSync(readFileSync(built.path)).length;
  rows.push(['worker bundle', `${built.bytes.toLocaleString('en')} B (gzip ${gzip.toLocaleString('en')} B)`, '≤ 65,536 B', built.bytes <= 65_536]);

  // The bare handler lives beside the bundle, so both resolve @aws-sdk/* from node_modules.
  const bare = join(outDir, 'bare.js');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(bare, "const { SFNClient } = require('@aws-sdk/client-sfn');\nconst client = new SFNClient({});\nexports.handler = async () => client.config.serviceId;\n");
  const bundleMs = coldLoad(built.path, 15);
  const bareMs = coldLoad(bare, 15);
  rows.push(['cold load: bundle / bare SFNClient handler', `${bundleMs.toFixed(1)} ms / ${bareMs.toFixed(1)} ms = ${(bundleMs / bareMs).toFixed(2)}x`, '≤ 1.5x', bundleMs / bareMs <= 1.5]);
};

const roundTrips = async (folder: string, logicalId: string, input: string, count: number): Promise<number[]> => {
  const runtime = (await LocalStack.start(join(root, folder))).runtime;
  try {
    const arn = required(runtime.stateMachines.get(logicalId), logicalId).arn;
    await runtime.stepFunctions.startExecution({ stateMachineArn: arn, input }).ended; // warm
    const times: number[] = [];
    for (let i = 0; i < count; i += 1) {
      const started = performance.now();
      await runtime.stepFunctions.startExecution({ stateMachineArn: arn, input }).ended;
      times.push(performance.now() - started);
    }
    return times;
  } finally {
    await runtime.stop();
  }
};

const roundTripRows = async (): Promise<void> => {
  const callback = await roundTrips('callback-demo', 'CallbackStateMachine', '{"status":"success"}', 100);
  rows.push(['callback round trip p50 / p99', `${median(callback).toFixed(1)} ms / ${percentile(callback, 99).toFixed(1)} ms`, 'p50 ≤ 10 ms', median(callback) <= 10]);
  const sync = await roundTrips('sync-demo', 'MainStateMachine', '{"durationSeconds":0}', 50);
  rows.push(['sync round trip p50 / p99 (durationSeconds 0)', `${median(sync).toFixed(1)} ms / ${percentile(sync, 99).toFixed(1)} ms`, '', undefined]);
};

/** 1,000 concurrent callback executions, half success and half failure, to their end. */
const thousandExecutions = async (runtime: StackRuntime, stateMachineArn: string) => {
  const cpuBefore = process.cpuUsage();
  const loopBefore = performance.eventLoopUtilization();
  const started = performance.now();
  const executions = Array.from({ length: 1000 }, (_, i) =>
    runtime.stepFunctions.startExecution({ stateMachineArn, input: JSON.stringify({ status: i % 2 === 0 ? 'success' : 'fail' }) }),
  );
  await Promise.all(executions.map((execution) => execution.ended));
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  return {
    perSecond: 1000 / seconds,
    asExpected: executions.filter((execution, i) => execution.status === (i % 2 === 0 ? 'SUCCEEDED' : 'FAILED')).length,
    // CPU time of every thread (the runtime's and the worker's), and the main thread's busy time.
    cpuMsPerExecution: (cpu.user + cpu.system) / 1000 / 1000,
    mainThreadMsPerExecution: performance.eventLoopUtilization(loopBefore).active / 1000,
  };
};

const load = async (): Promise<void> => {
  const runtime = (await LocalStack.start(join(root, 'callback-demo'))).runtime;
  try {
    const arn = required(runtime.stateMachines.get('CallbackStateMachine'), 'CallbackStateMachine').arn;
    await runtime.stepFunctions.startExecution({ stateMachineArn: arn, input: '{"status":"success"}' }).ended;
    let peak = process.memoryUsage().rss;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 20);
    // The first run starts the worker's other execution environments (MaximumConcurrency 5) cold;
    // the second finds them all warm.
    const first = await thousandExecutions(runtime, arn);
    const warm = await thousandExecutions(runtime, arn);
    clearInterval(sampler);
    rows.push(['1,000 callback executions', `${first.perSecond.toFixed(0)} executions/s, ${first.asExpected} as expected`, '≥ 1,000/s', first.perSecond >= 1000]);
    rows.push(['  again, execution environments warm', `${warm.perSecond.toFixed(0)} executions/s, ${warm.asExpected} as expected`, '≥ 1,000/s', warm.perSecond >= 1000]);
    const ceiling = (cpus().length * 1000) / warm.cpuMsPerExecution;
    rows.push([
      '  CPU per execution, warm: all threads / main',
      `${warm.cpuMsPerExecution.toFixed(2)} ms / ${warm.mainThreadMsPerExecution.toFixed(2)} ms: at most ${ceiling.toFixed(0)}/s on ${cpus().length} cores`,
      '',
      undefined,
    ]);
    rows.push(['peak memory (RSS, runtime and worker)', `${(peak / 2 ** 20).toFixed(0)} MiB`, '', undefined]);
  } finally {
    await runtime.stop();
  }
};

const demo = (): void => {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const times = Array.from({ length: 3 }, () => {
    const started = performance.now();
    const result = spawnSync(npm, ['run', '--silent', 'demo'], { cwd: root, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`npm run demo failed: ${result.stderr}`);
    return (performance.now() - started) / 1000;
  });
  rows.push(['npm run demo, wall time (median of 3)', `${median(times).toFixed(2)} s`, '< 2 s', median(times) < 2]);
};

const main = async (): Promise<void> => {
  console.log(`Benchmark on Node.js ${process.version}, ${cpus().length} cores\n`);
  await bundle();
  await roundTripRows();
  await load();
  demo();
  const width = Math.max(...rows.map(([figure]) => figure.length));
  const valueWidth = Math.max(...rows.map(([, value]) => value.length));
  for (const [figure, value, target, met] of rows) {
    const verdict = met === undefined ? '' : met ? '  ✔' : '  ✘ below target';
    console.log(`${figure.padEnd(width)}  ${value.padEnd(valueWidth)}  ${target.padEnd(12)}${verdict}`);
  }
};

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
