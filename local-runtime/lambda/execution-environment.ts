import { randomUUID } from 'node:crypto';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { Worker } from 'node:worker_threads';

/**
 * One Lambda execution environment: a worker thread with its own process.env (the variables
 * Lambda sets, then the function's), which loads the handler module once, in its init phase, and
 * runs one invocation at a time, as Lambda does. A handler that crashes or runs past its timeout
 * takes its environment with it.
 *
 * As on Lambda:
 * - the AWS SDK for JavaScript v3 is provided: a bare `@aws-sdk/...` import or require that the
 *   handler's own folders do not resolve is resolved from the runtime's own node_modules (Lambda's
 *   /var/runtime/node_modules), for CommonJS (a Module._resolveFilename fallback) and ES modules
 *   (a module.register resolve hook); nothing else is provided;
 * - an init failure (a module that cannot be found, a syntax error, a missing export, a
 *   callback-style handler on nodejs24.x) fails every invocation at once with Lambda's error
 *   type (Runtime.ImportModuleError, ...), logged once as Lambda logs it;
 * - callback-style handlers, `(event, context, callback)`, run on nodejs22.x and earlier; on
 *   nodejs24.x, which removed them, the init fails with Runtime.CallbackHandlerDeprecated;
 * - a thrown error answers Lambda's error payload: errorType, errorMessage and trace.
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
  | { readonly ok: false; readonly errorType: string; readonly errorMessage: string; readonly trace?: readonly string[] };

export interface EnvironmentSpec {
  readonly code: FunctionCode;
  readonly functionArn: string;
  /** The Lambda runtime identifier, e.g. nodejs22.x. */
  readonly runtime: string;
  /** The handler setting, e.g. app.handler, for Lambda's error messages. */
  readonly handler: string;
  readonly env: Readonly<Record<string, string>>;
  readonly memorySizeMb: number;
}

/**
 * The folder whose node_modules provide the AWS SDK to every handler: the runtime's own (the
 * one @aws-sdk/client-sfn resolves from here).
 */
const providedModulesRoot = (): string => dirname(dirname(dirname(dirname(require.resolve('@aws-sdk/client-sfn/package.json')))));

// The ES module resolve hook, registered in each worker: a bare @aws-sdk/ specifier that the
// handler's folders do not resolve is resolved from the runtime's node_modules.
const ESM_HOOKS = `
let parentURL;
export async function initialize(data) { parentURL = data.parentURL; }
export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    if (error && error.code === 'ERR_MODULE_NOT_FOUND' && specifier.startsWith('@aws-sdk/')) {
      try { return await nextResolve(specifier, { ...context, parentURL }); } catch { /* the original error */ }
    }
    throw error;
  }
}
`;

// Runs inside the worker: plain CommonJS, so that it needs no compilation.
const BOOTSTRAP = `
// Evaluated as node -e evaluates, with require, module, exports, __filename and __dirname as
// globals, which a handler must not see (an ES module has none of them on Lambda).
const runtimeRequire = require;
for (const name of ['require', 'module', 'exports', '__filename', '__dirname']) delete globalThis[name];
const { parentPort, workerData } = runtimeRequire('node:worker_threads');
const { pathToFileURL } = runtimeRequire('node:url');
const { join } = runtimeRequire('node:path');
const Module = runtimeRequire('node:module');
if ((process.env.NODE_OPTIONS || '').includes('--enable-source-maps')) process.setSourceMapsEnabled(true);

// The function's output: each write to stdout or stderr, or its end(), goes to the runtime as it
// is written, one message on the environment's port, in order with the invocation's result. (A
// worker's own stdio streams wait for the runtime's go-ahead after every write: two messages a
// log line.) Bytes are decoded as a stream decodes them: a character split across writes stays
// whole; a string in another encoding (hex, base64) is decoded first.
const { StringDecoder } = runtimeRequire('node:string_decoder');
for (const name of ['stdout', 'stderr']) {
  const stream = process[name];
  const decoder = new StringDecoder('utf8');
  const post = (chunk, encoding) => {
    const utf8String = typeof chunk === 'string' && (typeof encoding !== 'string' || /^utf-?8$/i.test(encoding));
    const text = utf8String ? chunk : decoder.write(typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk);
    if (text !== '') parentPort.postMessage({ output: name, text });
  };
  stream.write = function (chunk, encoding, callback) {
    if (typeof encoding === 'function') callback = encoding;
    post(chunk, encoding);
    if (typeof callback === 'function') process.nextTick(callback);
    return true;
  };
  stream.end = function (chunk, encoding, callback) {
    if (typeof chunk === 'function') callback = chunk;
    else if (typeof encoding === 'function') callback = encoding;
    if (chunk !== undefined && chunk !== null && typeof chunk !== 'function') post(chunk, encoding);
    if (typeof callback === 'function') process.nextTick(callback);
    return this;
  };
}

// The AWS SDK, provided as on Lambda.
const providedFrom = workerData.providedFrom;
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, parent, isMain, options) {
  try {
    return resolveFilename.call(this, request, parent, isMain, options);
  } catch (error) {
    if (error && error.code === 'MODULE_NOT_FOUND' && typeof request === 'string' && request.startsWith('@aws-sdk/')) {
      try { return resolveFilename.call(this, request, parent, isMain, { paths: [providedFrom] }); } catch { /* the original error */ }
    }
    throw error;
  }
};
// Only for an ES module handler: module.register starts a hooks thread in each environment, which
// cost a CommonJS handler's cold start about 300 ms of CPU for nothing (its requires use the
// fallback above).
if (workerData.esm && typeof Module.register === 'function') {
  Module.register('data:text/javascript,' + encodeURIComponent(workerData.esmHooks), { data: { parentURL: pathToFileURL(join(providedFrom, 'index.js')).href } });
}

const runtimeVersion = Number((/^nodejs(\\d+)/.exec(workerData.runtime) || [])[1] || 0);
const callbacksRemoved = runtimeVersion >= 24;
const initError = (errorType, errorMessage, stack) => Object.assign(new Error(errorMessage), { lambdaErrorType: errorType, stack: stack || errorType + ': ' + errorMessage });

const load = async () => {
  let mod;
  try {
    mod = workerData.esm ? await import(pathToFileURL(workerData.modulePath).href) : runtimeRequire(workerData.modulePath);
  } catch (error) {
    if (error && (error.code === 'MODULE_NOT_FOUND' || error.code === 'ERR_MODULE_NOT_FOUND')) throw initError('Runtime.ImportModuleError', String(error), error.stack);
    if (error instanceof SyntaxError) throw initError('Runtime.UserCodeSyntaxError', String(error), error.stack);
    throw error;
  }
  const handler = mod[workerData.exportName] ?? (mod.default && mod.default[workerData.exportName]);
  if (typeof handler !== 'function') {
    throw initError('Runtime.HandlerNotFound', workerData.handler + ' is undefined or not exported');
  }
  if (callbacksRemoved && handler.length >= 3) {
    throw initError(
      'Runtime.CallbackHandlerDeprecated',
      'ERROR: AWS Lambda has removed support for callback-based function handlers starting with Node.js 24. You need to modify this function to use a supported handler signature to use Node.js 24 or later. For more information see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html.',
    );
  }
  return handler;
};

const errorPayload = (error) => {
  const isError = error instanceof Error || (error && typeof error === 'object' && 'message' in error);
  const errorType = (error && error.lambdaErrorType) || (isError && error.name) || 'Error';
  const errorMessage = isError ? String(error.message) : String(error);
  const trace = isError && typeof error.stack === 'string' ? error.stack.split('\\n') : [];
  return { errorType, errorMessage, trace };
};

// The init phase: the module loads when the environment starts, before its first invocation.
const handler = load();
handler.then(
  () => parentPort.postMessage({ initialized: true }),
  (error) => {
    console.error('ERROR\\tUncaught Exception\\t' + JSON.stringify(errorPayload(error)));
    // A failed init is over too: each invocation then answers its error at once.
    parentPort.postMessage({ initialized: true });
  },
);

const run = (fn, event, context) => {
  if (fn.length < 3) return Promise.resolve().then(() => fn(event, context));
  // A callback-style handler (nodejs22.x and earlier): its callback, or the promise it returns.
  return new Promise((resolve, reject) => {
    const callback = (error, result) => (error === undefined || error === null ? resolve(result) : reject(error));
    Object.assign(context, { succeed: (result) => resolve(result), fail: (error) => reject(error), done: callback });
    const returned = fn(event, context, callback);
    if (returned && typeof returned.then === 'function') returned.then(resolve, reject);
  });
};

parentPort.on('message', async ({ requestId, event, deadline }) => {
  try {
    const context = {
      functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
      functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
      invokedFunctionArn: workerData.functionArn,
      memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
      awsRequestId: requestId,
      logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
      logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    };
    if (!callbacksRemoved) context.callbackWaitsForEmptyEventLoop = true;
    const result = await run(await handler, event, context);
    parentPort.postMessage({ requestId, ok: true, payload: result === undefined ? null : JSON.parse(JSON.stringify(result)) });
  } catch (error) {
    parentPort.postMessage({ requestId, ok: false, ...errorPayload(error) });
  }
});
`;

/** A write of the function to its stdout or stderr. */
interface FunctionOutput {
  readonly output: 'stdout' | 'stderr';
  readonly text: string;
}

/**
 * Cuts a stream of writes into lines as readline does: at each LF, CRLF or lone CR (a CR at the
 * end of a write waits for the next, which may start with its LF); the last line may lack its own.
 */
class LineSplitter {
  private partial = '';

  public constructor(private readonly onLine: (line: string) => void) {}

  public write(text: string): void {
    const buffered = this.partial + text;
    const waitsForLf = buffered.endsWith('\r');
    const lines = (waitsForLf ? buffered.slice(0, -1) : buffered).split(/\r\n|\r|\n/);
    this.partial = (lines.pop() ?? '') + (waitsForLf ? '\r' : '');
    for (const line of lines) this.onLine(line);
  }

  public end(): void {
    const line = this.partial.endsWith('\r') ? this.partial.slice(0, -1) : this.partial;
    if (this.partial !== '') this.onLine(line);
    this.partial = '';
  }
}

export class ExecutionEnvironment {
  private worker: Worker | undefined;
  private pending: ((result: InvocationResult) => void) | undefined;
  private alive = true;
  private destroying = false;
  private ready = false;
  /**
   * Resolves when the init phase is over (the handler module loaded, or failed to), or the
   * environment ended: Lambda's Timeout counts from there, not from the cold start.
   */
  public readonly initialized: Promise<void>;
  private initDone: () => void = () => undefined;

  /**
   * @param onEnded called once when the environment ends on its own (a crash, process.exit),
   *   not when it is destroyed; `busy` tells whether an invocation was running.
   * @param startAfter when given, the environment's thread starts once it settles (or at its
   *   first invocation, if that comes sooner): environments warmed ahead start one after the
   *   other, so that the first is ready as soon as it can be rather than sharing the CPU with
   *   the others' init phases.
   */
  public constructor(
    private readonly spec: EnvironmentSpec,
    private readonly onLog: (line: string) => void,
    private readonly onEnded: (reason: string, busy: boolean) => void,
    startAfter?: Promise<unknown>,
  ) {
    this.initialized = new Promise((resolve) => {
      this.initDone = () => {
        this.ready = this.alive;
        resolve();
      };
    });
    if (startAfter) void startAfter.then(() => { this.start(); });
    else this.start();
  }

  public get isAlive(): boolean {
    return this.alive;
  }

  public get isBusy(): boolean {
    return this.pending !== undefined;
  }

  /** Initialized and alive: an invocation would run at once. */
  public get isReady(): boolean {
    return this.ready && this.alive;
  }

  /** Whether its thread has started (an environment warmed ahead may wait for the one before it). */
  public get isStarted(): boolean {
    return this.worker !== undefined;
  }

  /** Starts the environment's thread, and so its init phase, unless it has started or ended. */
  public start(): void {
    if (this.worker !== undefined || !this.alive) return;
    const spec = this.spec;
    const worker = new Worker(BOOTSTRAP, {
      eval: true,
      env: { ...spec.env },
      workerData: { ...spec.code, functionArn: spec.functionArn, runtime: spec.runtime, handler: spec.handler, providedFrom: providedModulesRoot(), esmHooks: ESM_HOOKS },
      stdout: true,
      stderr: true,
      resourceLimits: { maxOldGenerationSizeMb: spec.memorySizeMb },
    });
    this.worker = worker;
    // The worker's own stdio streams still carry what bypasses the replaced write and end
    // (Writable.prototype.write called on process.stdout directly).
    for (const stream of [worker.stdout, worker.stderr]) {
      createInterface({ input: stream }).on('line', this.onLog);
    }
    const output = { stdout: new LineSplitter(this.onLog), stderr: new LineSplitter(this.onLog) };
    worker.on('message', (message: InvocationResult | { initialized: true } | FunctionOutput) => {
      if ('output' in message) output[message.output].write(message.text);
      else if ('initialized' in message) this.initDone();
      else this.settle(message);
    });
    let crash: string | undefined;
    worker.on('error', (error) => {
      crash = `${error.name}: ${error.message}`;
    });
    worker.on('exit', (code) => {
      output.stdout.end();
      output.stderr.end();
      const busy = this.pending !== undefined;
      const reason = crash === undefined ? `exited with code ${code}` : `crashed: ${crash}`;
      this.alive = false;
      this.initDone();
      this.settle({ ok: false, errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${randomUUID()} Error: Runtime exited ${crash === undefined ? `with error: exit status ${code}` : `with error: ${crash}`}` });
      if (!this.destroying) this.onEnded(reason, busy);
    });
  }

  public invoke(event: unknown, deadline: number): Promise<InvocationResult> {
    this.start();
    const worker = this.worker;
    if (!this.alive || worker === undefined) return Promise.resolve({ ok: false, errorType: 'Runtime.ExitError', errorMessage: 'The execution environment has ended' });
    return new Promise((resolve) => {
      this.pending = resolve;
      worker.postMessage({ requestId: randomUUID(), event, deadline });
    });
  }

  public async destroy(): Promise<void> {
    this.alive = false;
    this.destroying = true;
    if (this.worker === undefined) {
      // Never started: nothing runs; whoever waits for its init phase learns it ended.
      this.initDone();
      return;
    }
    await this.worker.terminate();
  }

  private settle(result: InvocationResult): void {
    const pending = this.pending;
    this.pending = undefined;
    pending?.(result);
  }
}
