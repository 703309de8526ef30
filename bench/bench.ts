/**
 * `npm run bench`: measures the project against its targets and prints the figures. A report,
 * not a test: it always exits 0 unless it cannot run.
 *
 * - the worker bundle's size, and its cold load time against a bare handler that only creates
 *   an SFNClient;
 * - callback and sync round trips on the local runtime (p50, p99);
 * - executions per second and peak memory with 1,000 concurrent callback executions, and the CPU
 *   time each execution costs: on the runtime's (main) thread, the execution environments' threads
 *   and the other threads, mostly V8's helpers (Linux; elsewhere all threads, and the main thread's
 *   busy time): in the runs right after the first, while V8 still compiles the environments'
 *   code, and once it has (the target); the heap that the runtime keeps per ended execution;
 * - the wall time of `npm run demo`, as a whole process.
 *
 * Figures that vary from run to run are measured RUNS times: the median is printed, with the
 * lowest and highest (min–max), so that the README can quote them with their spread.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
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

/**
 * CPU time (ms) of each thread of this process, by thread id, where the system tells it (Linux:
 * /proc/self/task/<tid>/stat, in clock ticks: USER_HZ, 100 a second on Linux); undefined
 * elsewhere. Node.js 20 has no per-thread CPU clock of its own.
 */
const threadCpuMs = (): Map<string, number> | undefined => {
  const tasks = '/proc/self/task';
  if (!existsSync(tasks)) return undefined;
  const times = new Map<string, number>();
  for (const tid of readdirSync(tasks)) {
    try {
      const stat = readFileSync(join(tasks, tid, 'stat'), 'utf8');
      // After the command name, in parentheses: utime and stime are fields 14 and 15 of stat.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      times.set(tid, (Number(fields[11]) + Number(fields[12])) * 10);
    } catch {
      // The thread ended meanwhile.
    }
  }
  return times;
};

/** What one run of 1,000 executions cost, per execution. */
interface LoadRun {
  readonly perSecond: number;
  readonly asExpected: number;
  /** CPU time of every thread. */
  readonly cpuMsPerExecution: number;
  /** The runtime's (main) thread: its CPU time where the system tells it, else its event loop's busy time. */
  readonly mainThreadMsPerExecution: number;
  /** The threads that the stack started (its execution environments), when the system tells. */
  readonly environmentsMsPerExecution: number | undefined;
}

/**
 * 1,000 concurrent callback executions, half success and half failure, to their end.
 * `processThreads`: the ids of the threads this process had before the stack started (the main
 * thread, V8's compiler and garbage-collector helpers); those started since are taken for the
 * stack's execution environments, and an environment's thread that ended during the run counts
 * with the other threads.
 */
const thousandExecutions = async (stack: LocalStack, logicalId: string, processThreads: ReadonlySet<string>): Promise<LoadRun> => {
  const cpuBefore = process.cpuUsage();
  const threadsBefore = threadCpuMs();
  const loopBefore = performance.eventLoopUtilization();
  const started = performance.now();
  const results = await Promise.all(Array.from({ length: 1000 }, (_, i) => stack.run(logicalId, { status: i % 2 === 0 ? 'success' : 'fail' })));
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const threadsAfter = threadCpuMs();
  const spent = (tid: string): number => (threadsAfter?.get(tid) ?? 0) - (threadsBefore?.get(tid) ?? 0);
  const main = String(process.pid);
  return {
    perSecond: 1000 / seconds,
    asExpected: results.filter((result, i) => result.status === (i % 2 === 0 ? 'SUCCEEDED' : 'FAILED')).length,
    cpuMsPerExecution: (cpu.user + cpu.system) / 1000 / 1000,
    mainThreadMsPerExecution: threadsAfter ? spent(main) / 1000 : performance.eventLoopUtilization(loopBefore).active / 1000,
    environmentsMsPerExecution: threadsAfter ? [...threadsAfter.keys()].filter((tid) => !processThreads.has(tid)).reduce((sum, tid) => sum + spent(tid), 0) / 1000 : undefined,
  };
};

/** The rows of CPU per execution of a set of runs. */
const cpuRows = (runs: readonly LoadRun[], indent: string): void => {
  const perThread = runs.every((run) => run.environmentsMsPerExecution !== undefined);
  const all = runs.map((run) => run.cpuMsPerExecution);
  const main = runs.map((run) => run.mainThreadMsPerExecution);
  rows.push([`${indent}CPU per execution: all threads`, spread(all, 2, ' ms'), '', undefined]);
  if (perThread) {
    const environments = runs.map((run) => run.environmentsMsPerExecution ?? 0);
    rows.push([`${indent}  the runtime (main thread)`, spread(main, 2, ' ms'), '', undefined]);
    rows.push([`${indent}  the execution environments (the worker's threads)`, spread(environments, 2, ' ms'), '', undefined]);
    rows.push([`${indent}  the other threads (V8's compiler and GC helpers)`, spread(runs.map((run, i) => (all[i] ?? 0) - (main[i] ?? 0) - (environments[i] ?? 0)), 2, ' ms'), '', undefined]);
  } else {
    // No per-thread CPU clock: the main thread's figure is its event loop's busy time, which
    // equals its CPU time only on an otherwise idle machine.
    rows.push([`${indent}  the runtime (main thread): busy time`, spread(main, 2, ' ms'), '', undefined]);
  }
  rows.push([`${indent}so at most, on ${cpus().length} cores`, `${((cpus().length * 1000) / median(all)).toFixed(0)} executions/s`, '', undefined]);
};

/**
 * Runs of 1,000 between the runs right after the first and the warm ones: each execution
 * environment is a V8 isolate of its own, which compiles the handler and the SDK for itself, and
 * V8 goes on compiling for several thousand executions.
 */
const WARM_UP_RUNS = 8;

/** A full garbage collection on demand: V8's gc(), exposed to a context made after the flag is set. */
const collectGarbage = (): (() => void) => {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
};

const load = async (): Promise<void> => {
  const processThreads = new Set(threadCpuMs()?.keys());
  const stack = await LocalStack.start(join(root, 'callback-demo'));
  const callback = 'CallbackStateMachine';
  const gc = collectGarbage();
  try {
    await stack.run(callback, { status: 'success' });
    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    let peak = process.memoryUsage().rss;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 20);
    const runs: LoadRun[] = [];
    const measure = async (): Promise<LoadRun> => {
      const run = await thousandExecutions(stack, callback, processThreads);
      runs.push(run);
      return run;
    };
    // The first run may find some of the worker's execution environments (MaximumConcurrency 5)
    // still in their init phase (they start one after the other); the next ones find them warm,
    // while V8 still compiles their code; after WARM_UP_RUNS more, it has compiled most of it.
    const first = await measure();
    const compiling: LoadRun[] = [];
    for (let run = 0; run < RUNS; run += 1) compiling.push(await measure());
    for (let run = 0; run < WARM_UP_RUNS; run += 1) await measure();
    const warm: LoadRun[] = [];
    for (let run = 0; run < RUNS; run += 1) warm.push(await measure());
    clearInterval(sampler);
    gc();
    const keptPerExecution = (process.memoryUsage().heapUsed - heapBefore) / (runs.length * 1000);
    const asExpected = (measured: readonly LoadRun[]): string =>
      measured.every((result) => result.asExpected === 1000) ? 'all 1,000 as expected in each' : `as expected: ${measured.map((result) => result.asExpected).join(', ')}`;
    const warmPerSecond = warm.map((result) => result.perSecond);
    rows.push(['1,000 callback executions, first run', `${first.perSecond.toFixed(0)} executions/s, ${first.asExpected} as expected`, '', undefined]);
    rows.push([`  the next ${RUNS} runs: environments warm, V8 compiling their code`, `${spread(compiling.map((result) => result.perSecond), 0, '/s')}, ${asExpected(compiling)}`, '', undefined]);
    cpuRows(compiling, '    ');
    rows.push([
      `  warm: after ${WARM_UP_RUNS} runs more, V8 has compiled it (${RUNS} runs)`,
      `${spread(warmPerSecond, 0, '/s')}, ${asExpected(warm)}`,
      '≥ 1,200/s',
      median(warmPerSecond) >= 1200 && warm.every((result) => result.asExpected === 1000),
    ]);
    cpuRows(warm, '    ');
    rows.push([`  executions/s run by run (${runs.length} runs of 1,000)`, runs.map((result) => result.perSecond.toFixed(0)).join(' '), '', undefined]);
    rows.push(['peak memory (RSS, runtime and worker)', `${(peak / 2 ** 20).toFixed(0)} MiB`, '', undefined]);
    rows.push(['heap kept per ended execution (history, activity)', `${(keptPerExecution / 1024).toFixed(1)} KiB`, '', undefined]);
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
