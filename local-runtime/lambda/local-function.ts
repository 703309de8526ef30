import { randomUUID } from 'node:crypto';
import type { VirtualClock } from '../virtual-clock';
import { ExecutionEnvironment, type FunctionCode, type InvocationResult } from './execution-environment';

/** Lambda's limit on the init phase of an on-demand execution environment. */
const INIT_TIMEOUT_MS = 10_000;

export interface FunctionSpec {
  readonly logicalId: string;
  readonly functionName: string;
  readonly functionArn: string;
  readonly code: FunctionCode;
  /** The Lambda runtime identifier (nodejs18.x ... nodejs24.x). */
  readonly runtime: string;
  /** The Handler setting (`app.handler`). */
  readonly handler: string;
  readonly timeoutSeconds: number;
  readonly memorySizeMb: number;
  /** process.env of the environments: what Lambda sets, then the function's Environment. */
  readonly environment: Readonly<Record<string, string>>;
  /** ReservedConcurrentExecutions: at most this many invocations at once (Lambda throttles the rest). */
  readonly reservedConcurrency?: number;
}

/**
 * A function of the stack: invocations run in execution environments that are created on demand
 * (a cold start) or ahead of time (warm), kept warm between invocations, and replaced when one
 * crashes or times out. An environment that ends while idle (a crash after its response, a
 * process.exit) leaves the pool at once: the next invocation starts a fresh one.
 */
export class LocalFunction {
  private inFlight = 0;
  private readonly idle: ExecutionEnvironment[] = [];
  private readonly all = new Set<ExecutionEnvironment>();

  public constructor(
    public readonly spec: FunctionSpec,
    private readonly clock: VirtualClock,
    private readonly onLog: (line: string) => void,
  ) {}

  /** The function's execution environments now, busy or idle (a copy). */
  public get environments(): readonly ExecutionEnvironment[] {
    return [...this.all];
  }

  /**
   * One invocation, in flight on the clock from the call (a cold start included) until its
   * result. The function's Timeout is a timer of the clock too; since the clock never jumps
   * while an invocation is in flight, it is the handler's real elapsed time, as on Lambda, and
   * as the handler sees it in context.getRemainingTimeInMillis(), which runs on the worker's
   * real clock.
   */
  public async invoke(event: unknown): Promise<InvocationResult> {
    const release = this.clock.busy();
    this.inFlight += 1;
    try {
      return await this.run(event);
    } finally {
      this.inFlight -= 1;
      release();
    }
  }

  /** Whether another invocation now would go past the function's reserved concurrency. */
  public get isThrottled(): boolean {
    return this.spec.reservedConcurrency !== undefined && this.inFlight >= this.spec.reservedConcurrency;
  }

  /**
   * Starts environments ahead of the first invocations, up to `count` in all: as many as the
   * invocations that can run at once (an SQS mapping's MaximumConcurrency), so that none of them
   * pays a cold start. They start one after the other, each once the one before has initialized,
   * so that the first is ready as soon as it can be (an invocation that takes one not started
   * yet starts it at once).
   */
  public warm(count = 1): void {
    let previous: Promise<void> | undefined;
    while (this.all.size < count) {
      const environment = this.create(previous);
      this.idle.push(environment);
      previous = environment.initialized;
    }
  }

  public async close(): Promise<void> {
    await Promise.all([...this.all].map((environment) => environment.destroy()));
    this.all.clear();
    this.idle.length = 0;
  }

  /** An idle environment, the readiest first: initialized, else started, else any. */
  private takeIdle(): ExecutionEnvironment | undefined {
    for (const environment of this.idle) if (!environment.isAlive) this.all.delete(environment);
    const alive = this.idle.filter((environment) => environment.isAlive);
    const pick = alive.findLast((environment) => environment.isReady) ?? alive.findLast((environment) => environment.isStarted) ?? alive.at(-1);
    this.idle.length = 0;
    this.idle.push(...alive.filter((environment) => environment !== pick));
    return pick;
  }

  private async run(event: unknown): Promise<InvocationResult> {
    const environment = this.takeIdle() ?? this.create();
    environment.start();
    // The init phase (a cold start) has its own limit, as on Lambda: the Timeout counts from the invocation.
    const init = { timedOut: false };
    const initTimer = this.clock.after(INIT_TIMEOUT_MS, () => {
      init.timedOut = true;
      void this.discard(environment);
    });
    await environment.initialized;
    initTimer.cancel();
    if (init.timedOut) {
      return { ok: false, errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${randomUUID()} Error: the init phase did not end within ${INIT_TIMEOUT_MS / 1000} seconds` };
    }
    const timeoutMs = this.spec.timeoutSeconds * 1000;
    const invocation = { timedOut: false };
    const timer = this.clock.after(timeoutMs, () => {
      invocation.timedOut = true;
      void this.discard(environment);
    });
    const result = await environment.invoke(event, Date.now() + timeoutMs);
    timer.cancel();
    if (invocation.timedOut) {
      // Lambda's payload for a function that ran past its Timeout.
      return { ok: false, errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${randomUUID()} Error: Task timed out after ${this.spec.timeoutSeconds.toFixed(2)} seconds` };
    }
    if (environment.isAlive) this.idle.push(environment);
    else this.all.delete(environment);
    return result;
  }

  private create(startAfter?: Promise<void>): ExecutionEnvironment {
    const environment = new ExecutionEnvironment(
      {
        code: this.spec.code,
        functionArn: this.spec.functionArn,
        runtime: this.spec.runtime,
        handler: this.spec.handler,
        env: this.spec.environment,
        memorySizeMb: this.spec.memorySizeMb,
      },
      this.onLog,
      (reason, busy) => {
        this.remove(environment);
        if (!busy) this.onLog(`[local runtime] an idle execution environment ${reason}: it leaves the pool, and the next invocation starts a fresh one`);
      },
      startAfter,
    );
    this.all.add(environment);
    return environment;
  }

  private remove(environment: ExecutionEnvironment): void {
    this.all.delete(environment);
    const index = this.idle.indexOf(environment);
    if (index >= 0) this.idle.splice(index, 1);
  }

  private async discard(environment: ExecutionEnvironment): Promise<void> {
    this.remove(environment);
    await environment.destroy();
  }
}
