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
 *   evaluated, and too late to keep the history in order with the task events;
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

export interface Engine {
  readonly StateMachine: typeof EngineStateMachine;
  readonly newTimeoutError: () => Error;
  /**
   * Runs `start` and routes every event of the execution it starts, synchronously as the engine
   * dispatches it, to `listener`.
   */
  observe<T>(listener: (event: EngineEvent) => void, start: () => T): T;
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

  // Each run has a root EventLogger, created when the run starts; nested Parallel and Map runs
  // have their own loggers that forward to the root. The root is the first logger to dispatch
  // while `starting` is set.
  const listeners = new WeakMap<EventLoggerInstance, (event: EngineEvent) => void>();
  let starting: ((event: EngineEvent) => void) | undefined;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called with its logger as this
  const originalDispatch = EventLogger.prototype.dispatch;
  EventLogger.prototype.dispatch = function dispatch(this: EventLoggerInstance, event: EngineEvent) {
    if (starting && !listeners.has(this)) {
      listeners.set(this, starting);
      starting = undefined;
    }
    listeners.get(this)?.(event);
    originalDispatch.call(this, event);
  };

  const engine: Engine = {
    StateMachine: exports.StateMachine,
    newTimeoutError: () => new StatesTimeoutError(),
    observe: (listener, start) => {
      starting = listener;
      try {
        return start();
      } finally {
        starting = undefined;
      }
    },
  };
  engines.set(clock.timeScale, engine);
  return engine;
};
