import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { Worker } from 'node:worker_threads';

/**
 * One Lambda execution environment: a worker thread with its own process.env (the variables
 * Lambda sets, then the function's), which loads the handler module once, at its first
 * invocation, and runs one invocation at a time, as Lambda does. A handler that crashes or runs
 * past its timeout takes its environment with it.
 */
export interface FunctionCode {
  /** Absolute path of the module to load. */
  readonly modulePath: string;
  /** The exported function to call: `handler` of `handler.handler`. */
  readonly exportName: string;
  readonly esm: boolean;
}

export type InvocationResult =
  | { readonly ok: true; readonly payload: unknown }
  | { readonly ok: false; readonly errorType: string; readonly errorMessage: string };

// Runs inside the worker: plain CommonJS, so that it needs no compilation.
const BOOTSTRAP = `
const { parentPort, workerData } = require('node:worker_threads');
const { pathToFileURL } = require('node:url');
if ((process.env.NODE_OPTIONS || '').includes('--enable-source-maps')) process.setSourceMapsEnabled(true);
const load = async () => {
  const mod = workerData.esm ? await import(pathToFileURL(workerData.modulePath).href) : require(workerData.modulePath);
  const handler = mod[workerData.exportName] ?? (mod.default && mod.default[workerData.exportName]);
  if (typeof handler !== 'function') {
    throw Object.assign(new Error(workerData.modulePath + ' does not export a function ' + workerData.exportName), { name: 'Runtime.HandlerNotFound' });
  }
  return handler;
};
// The init phase: the module loads when the environment starts, before its first invocation.
const handler = load();
handler.catch(() => undefined);
parentPort.on('message', async ({ requestId, event, deadline }) => {
  try {
    const context = {
      callbackWaitsForEmptyEventLoop: true,
      functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
      functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
      invokedFunctionArn: workerData.functionArn,
      memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
      awsRequestId: requestId,
      logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
      logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    };
    const result = await (await handler)(event, context);
    parentPort.postMessage({ requestId, ok: true, payload: result === undefined ? null : JSON.parse(JSON.stringify(result)) });
  } catch (error) {
    parentPort.postMessage({ requestId, ok: false, errorType: (error && error.name) || 'Error', errorMessage: (error && error.message) || String(error) });
  }
});
`;

export class ExecutionEnvironment {
  private readonly worker: Worker;
  private pending: ((result: InvocationResult) => void) | undefined;
  private alive = true;

  public constructor(code: FunctionCode, functionArn: string, env: Readonly<Record<string, string>>, memorySizeMb: number, onLog: (line: string) => void) {
    this.worker = new Worker(BOOTSTRAP, {
      eval: true,
      env: { ...env },
      workerData: { ...code, functionArn },
      stdout: true,
      stderr: true,
      resourceLimits: { maxOldGenerationSizeMb: memorySizeMb },
    });
    for (const stream of [this.worker.stdout, this.worker.stderr]) {
      createInterface({ input: stream }).on('line', onLog);
    }
    this.worker.on('message', (message: InvocationResult) => {
      this.settle(message);
    });
    const die = (errorType: string, errorMessage: string): void => {
      this.alive = false;
      this.settle({ ok: false, errorType, errorMessage });
    };
    this.worker.on('error', (error) => {
      die('Runtime.ExitError', `The execution environment crashed: ${error.message}`);
    });
    this.worker.on('exit', (code) => {
      die('Runtime.ExitError', `The execution environment exited with code ${code}`);
    });
  }

  public get isAlive(): boolean {
    return this.alive;
  }

  public get isBusy(): boolean {
    return this.pending !== undefined;
  }

  public invoke(event: unknown, deadline: number): Promise<InvocationResult> {
    return new Promise((resolve) => {
      this.pending = resolve;
      this.worker.postMessage({ requestId: randomUUID(), event, deadline });
    });
  }

  public async destroy(): Promise<void> {
    this.alive = false;
    await this.worker.terminate();
  }

  private settle(result: InvocationResult): void {
    const pending = this.pending;
    this.pending = undefined;
    pending?.(result);
  }
}
