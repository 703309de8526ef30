/**
 * `npm run bench`: measures the project against its targets and prints the figures. A report,
 * not a test: it always exits 0 unless it cannot run.
 *
 * - the worker bundle's size, and its cold load time against a bare handler that only creates
 *   an SFNClient;
 * - callback and sync round trips on the local runtime (p50, p99);
 * - executions per second and peak memory with 1,000 concurrent callback executions, and the CPU
 *   time each execution costs, on the runtime's (main) thread and on the others (the worker's);
 * - the wall time of `npm run demo`, as a whole process.
 *
 * Figures that vary from run to run are measured RUNS times: the median is printed, with the
 * lowest and highest (min–max), so that the README can quote them with their spread.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildFunction, esbuildFunction } from '../local-runtime/lambda/sam-esbuild';
import { LocalStack } from '../local-runtime';
import { loadStack } from '../local-runtime/template/load-stack';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
/** The project's folder: the bench runs from bench/ (tsx) or from its bundle under node_modules/.cache (npm run bench). */
const findRoot = (from: string): string => {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'bench', 'bench.ts')) && existsSync(join(dir, 'callback-demo'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no project folder above ${from}`);
  }
};
const root = findRoot(__dirname);
/** How many times a figure that varies from run to run is measured. */
const RUNS = 3;
const rows: [figure: string, value: string, target: string, met: boolean | undefined][] = [];
const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};
const median = (values: number[]): number => percentile(values, 50);
/** `median (min–max)` of figures measured RUNS times. */
const spread = (values: number[], digits: number, unit = ''): string => {
  const format = (value: number): string => value.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return `${format(median(values))}${unit} (${format(Math.min(...values))}–${format(Math.max(...values))})`;
};
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
  const stack = await LocalStack.start(join(root, folder));
  try {
    await stack.run(logicalId, input); // warm
    const times: number[] = [];
    for (let i = 0; i < count; i += 1) {
      const started = performance.now();
      await stack.run(logicalId, input);
      times.push(performance.now() - started);
    }
    return times;
  } finally {
    await stack.stop();
  }
};

const roundTripRows = async (): Promise<void> => {
  const callback: number[][] = [];
  for (let run = 0; run < RUNS; run += 1) callback.push(await roundTrips('callback-demo', 'CallbackStateMachine', '{"status":"success"}', 100));
  const callbackP50 = callback.map((times) => median(times));
  rows.push([`callback round trip p50 / p99 (${RUNS} runs of 100)`, `${spread(callbackP50, 1, ' ms')} / ${spread(callback.map((times) => percentile(times, 99)), 1, ' ms')}`, 'p50 ≤ 10 ms', median(callbackP50) <= 10]);
  const sync: number[][] = [];
  for (let run = 0; run < RUNS; run += 1) sync.push(await roundTrips('sync-demo', 'MainStateMachine', '{"durationSeconds":0}', 50));
  rows.push([`sync round trip p50 / p99 (durationSeconds 0, ${RUNS} runs of 50)`, `${spread(sync.map((times) => median(times)), 1, ' ms')} / ${spread(sync.map((times) => percentile(times, 99)), 1, ' ms')}`, '', undefined]);
};

/** 1,000 concurrent callback executions, half success and half failure, to their end. */
const thousandExecutions = async (stack: LocalStack, logicalId: string) => {
  const cpuBefore = process.cpuUsage();
  const loopBefore = performance.eventLoopUtilization();
  const started = performance.now();
  const results = await Promise.all(Array.from({ length: 1000 }, (_, i) => stack.run(logicalId, { status: i % 2 === 0 ? 'success' : 'fail' })));
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  return {
    perSecond: 1000 / seconds,
    asExpected: results.filter((result, i) => result.status === (i % 2 === 0 ? 'SUCCEEDED' : 'FAILED')).length,
    // CPU time of every thread (the runtime's and the worker's), and the main thread's busy time.
    cpuMsPerExecution: (cpu.user + cpu.system) / 1000 / 1000,
    mainThreadMsPerExecution: performance.eventLoopUtilization(loopBefore).active / 1000,
  };
};

const load = async (): Promise<void> => {
  const stack = await LocalStack.start(join(root, 'callback-demo'));
  const callback = 'CallbackStateMachine';
  try {
    await stack.run(callback, { status: 'success' });
    let peak = process.memoryUsage().rss;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 20);
    // The first run may find some of the worker's execution environments (MaximumConcurrency 5)
    // still in their init phase (they start one after the other); the next RUNS find them warm.
    const first = await thousandExecutions(stack, callback);
    const warm: Awaited<ReturnType<typeof thousandExecutions>>[] = [];
    for (let run = 0; run < RUNS; run += 1) warm.push(await thousandExecutions(stack, callback));
    clearInterval(sampler);
    const warmPerSecond = warm.map((result) => result.perSecond);
    const allExpected = warm.every((result) => result.asExpected === 1000);
    rows.push(['1,000 callback executions, first run', `${first.perSecond.toFixed(0)} executions/s, ${first.asExpected} as expected`, '', undefined]);
    rows.push([
      `  again, execution environments warm (${RUNS} runs)`,
      `${spread(warmPerSecond, 0, '/s')}, ${allExpected ? 'all 1,000 as expected in each' : `as expected: ${warm.map((result) => result.asExpected).join(', ')}`}`,
      '≥ 1,200/s',
      median(warmPerSecond) >= 1200 && allExpected,
    ]);
    const cpuAll = warm.map((result) => result.cpuMsPerExecution);
    const cpuMain = warm.map((result) => result.mainThreadMsPerExecution);
    rows.push(['  CPU per execution, warm: all threads', spread(cpuAll, 2, ' ms'), '', undefined]);
    // Node.js 20 has no per-thread CPU clock: the main thread's figure is its event loop's busy
    // time, which equals its CPU time only on an otherwise idle machine.
    rows.push(['    the runtime (main thread): busy time', spread(cpuMain, 2, ' ms'), '', undefined]);
    rows.push([`  so at most, on ${cpus().length} cores`, `${((cpus().length * 1000) / median(cpuAll)).toFixed(0)} executions/s`, '', undefined]);
    rows.push(['peak memory (RSS, runtime and worker)', `${(peak / 2 ** 20).toFixed(0)} MiB`, '', undefined]);
  } finally {
    await stack.stop();
  }
};

const demo = (): void => {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const times = Array.from({ length: RUNS }, () => {
    const started = performance.now();
    const result = spawnSync(npm, ['run', '--silent', 'demo'], { cwd: root, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`npm run demo failed: ${result.stderr}`);
    return (performance.now() - started) / 1000;
  });
  rows.push([`npm run demo, whole process (${RUNS} runs)`, spread(times, 2, ' s'), '≤ 1.2 s', median(times) <= 1.2]);
};

const main = async (): Promise<void> => {
  console.log(`Benchmark on Node.js ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}); figures measured ${RUNS} times are median (min–max)\n`);
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
