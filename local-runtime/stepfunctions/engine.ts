/**
 * Loads aws-local-stepfunctions, the ASL engine, once per clock.
 *
 * The engine waits (Wait states, Retry intervals, its own timers) with the global setTimeout, so
 * its module code is evaluated with the clock's scaled setTimeout and clearTimeout in their
 * place: one mechanism scales every interval exactly as the engine computes it.
 *
 * Two internals are exported alongside the public API:
 * - EventLogger, whose dispatch is observed synchronously: the engine hands out its events only
 *   through an async generator, too late to fill `$$.State` before a state's Parameters are
 *   evaluated, and too late to keep the history in order with the task events. Parallel branches
 *   and Map iterations run as nested state machines with loggers of their own, which forward to
 *   the root logger only asynchronously; they are observed directly too, through the run options
 *   (the context object) that the engine hands down to them;
 * - StatesTimeoutError, thrown for `TimeoutSeconds`: the engine recognises it by class (a Catch
 *   on States.TaskFailed must not match a timeout).
 * The version is pinned, and the loader checks that what it relies on is there.
 *
 * One fix is applied to the source: the engine strips every backslash from the string result of
 * an intrinsic function, which breaks States.JsonToString of any text holding a quote
 * ("say \"hi\"" became "say "hi""). Step Functions returns valid JSON there.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import vm from 'node:vm';
import type { StateMachine as EngineStateMachine } from 'aws-local-stepfunctions';
import type { Clock } from '../clock';

export type { EngineStateMachine };

const SOURCE_FIXES = [
  {
    find: 'if (typeof result === "string") {\n      result = result.replaceAll("\\\\", "");',
    replace: 'if (typeof result === "string" && this.funcDefinition.name !== "States.JsonToString") {\n      result = result.replaceAll("\\\\", "");',
  },
];

/** An event as the engine dispatches it (see its EventLogger). */
export interface EngineEvent {
  readonly type: string;
  readonly timestamp: number;
  readonly state?: { readonly name: string; readonly type: string; readonly input: unknown; readonly output?: unknown };
  readonly Error?: string;
  readonly Cause?: unknown;
  readonly output?: unknown;
  readonly input?: unknown;
  readonly index?: number;
  readonly retry?: { readonly attempt: number };
}

interface EventLoggerInstance {
  dispatch(event: EngineEvent): void;
}

/** The run options the engine hands down to nested runs. */
interface RunOptions {
  readonly context?: object;
  readonly _rootAbortSignal?: AbortSignal;
}

type Run = (input: unknown, options?: RunOptions) => unknown;

/** `nested`: dispatched by a Parallel branch or a Map iteration, whose Execution* events are its own. */
export type EngineListener = (event: EngineEvent, nested: boolean) => void;

export interface Engine {
  readonly StateMachine: typeof EngineStateMachine;
  readonly newTimeoutError: () => Error;
  /**
   * Routes every event of the runs given this context object, the root run and its nested ones,
   * to `listener`, synchronously as the engine dispatches it, each event once.
   */
  observe(context: object, listener: EngineListener): void;
}

const require_ = createRequire(__filename);
const ENGINE_ENTRY = require_.resolve('aws-local-stepfunctions');
const EXPECTED_VERSION = '3.0.0';

// The engine uses Promise.withResolvers (Node 22+); provide it on Node 20.
if (typeof (Promise as { withResolvers?: unknown }).withResolvers !== 'function') {
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    value: function withResolvers<T>() {
      let resolve!: (value: T | PromiseLike<T>) => void;
      let reject!: (reason?: unknown) => void;
      const promise = new Promise<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}

const engines = new Map<number, Engine>();

export const loadEngine = (clock: Clock): Engine => {
  const cached = engines.get(clock.timeScale);
  if (cached) return cached;

  // The package's exports hide package.json: read it from beside the entry (build/..).
  const { version } = JSON.parse(readFileSync(join(dirname(ENGINE_ENTRY), '..', 'package.json'), 'utf8')) as { version: string };
  if (version !== EXPECTED_VERSION) {
    throw new Error(`aws-local-stepfunctions ${version} is installed; the local runtime is written for ${EXPECTED_VERSION} (run npm ci)`);
  }
  let source = readFileSync(ENGINE_ENTRY, 'utf8');
  for (const fix of SOURCE_FIXES) {
    if (!source.includes(fix.find)) throw new Error(`aws-local-stepfunctions: the code that the local runtime fixes has changed (${fix.find.split('\n')[0] ?? ''})`);
    source = source.replace(fix.find, fix.replace);
  }
  source += '\n;module.exports.__internals = { EventLogger, StatesTimeoutError };';
  // Promise is passed too: under a test runner the module is compiled in another realm, whose
  // Promise may lack the withResolvers provided above.
  const factory = vm.compileFunction(source, ['exports', 'require', 'module', '__filename', '__dirname', 'setTimeout', 'clearTimeout', 'Promise'], {
    filename: ENGINE_ENTRY,
  });
  const module = { exports: {} as Record<string, unknown> };
  const timers = clock.timerGlobals();
  // eslint-disable-next-line @typescript-eslint/no-unsafe-call -- the engine's CommonJS module function
  factory(module.exports, createRequire(ENGINE_ENTRY), module, ENGINE_ENTRY, dirname(ENGINE_ENTRY), timers.setTimeout, timers.clearTimeout, Promise);

  const exports = module.exports as {
    StateMachine: typeof EngineStateMachine;
    __internals: { EventLogger: { prototype: EventLoggerInstance }; StatesTimeoutError: new () => Error };
  };
  const { EventLogger, StatesTimeoutError } = exports.__internals;

  // Every run, root or nested, creates its EventLogger and dispatches ExecutionStarted before
  // run() returns: the first logger to dispatch during run() is that run's. Nested runs get the
  // root's run options, with _rootAbortSignal added.
  interface Binding {
    readonly listener: EngineListener;
    readonly nested: boolean;
  }
  const byContext = new WeakMap<object, EngineListener>();
  const byLogger = new WeakMap<EventLoggerInstance, Binding>();
  const delivered = new WeakSet<EngineEvent>();
  let starting: Binding | undefined;

  const prototype = exports.StateMachine.prototype as unknown as { run: Run };
  const originalRun = prototype.run;
  prototype.run = function run(this: unknown, input: unknown, options?: RunOptions) {
    const listener = options?.context ? byContext.get(options.context) : undefined;
    const previous = starting;
    starting = listener && { listener, nested: options?._rootAbortSignal !== undefined };
    try {
      return originalRun.call(this, input, options);
    } finally {
      starting = previous;
    }
  };
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called with its logger as this
  const originalDispatch = EventLogger.prototype.dispatch;
  EventLogger.prototype.dispatch = function dispatch(this: EventLoggerInstance, event: EngineEvent) {
    if (starting && !byLogger.has(this)) {
      byLogger.set(this, starting);
      starting = undefined;
    }
    const binding = byLogger.get(this);
    // A nested run's events reach the root logger again later, forwarded: deliver each once.
    if (binding && !delivered.has(event)) {
      delivered.add(event);
      binding.listener(event, binding.nested);
    }
    originalDispatch.call(this, event);
  };

  const engine: Engine = {
    StateMachine: exports.StateMachine,
    newTimeoutError: () => new StatesTimeoutError(),
    observe: (context, listener) => {
      byContext.set(context, listener);
    },
  };
  engines.set(clock.timeScale, engine);
  return engine;
};
