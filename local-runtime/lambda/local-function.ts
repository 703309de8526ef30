import type { VirtualClock } from '../virtual-clock';
import { ExecutionEnvironment, type FunctionCode, type InvocationResult } from './execution-environment';

export interface FunctionSpec {
  readonly logicalId: string;
  readonly functionName: string;
  readonly functionArn: string;
  readonly code: FunctionCode;
  readonly timeoutSeconds: number;
  readonly memorySizeMb: number;
  /** process.env of the environments: what Lambda sets, then the function's Environment. */
  readonly environment: Readonly<Record<string, string>>;
}

/**
 * A function of the stack: invocations run in execution environments that are created on demand
 * (a cold start), kept warm between invocations, and replaced when one crashes or times out.
 */
export class LocalFunction {
  private readonly idle: ExecutionEnvironment[] = [];
  private readonly all = new Set<ExecutionEnvironment>();

  public constructor(
    public readonly spec: FunctionSpec,
    private readonly clock: VirtualClock,
    private readonly onLog: (line: string) => void,
  ) {}

  /**
   * One invocation, in flight on the clock from the call (a cold start included) until its
   * result. The function's Timeout is a timer of the clock too; since the clock never jumps
   * while an invocation is in flight, it is the handler's real elapsed time, as on Lambda, and
   * as the handler sees it in context.getRemainingTimeInMillis(), which runs on the worker's
   * real clock.
   */
  public async invoke(event: unknown): Promise<InvocationResult> {
    const release = this.clock.busy();
    try {
      return await this.run(event);
    } finally {
      release();
    }
  }

  /**
   * Ends every environment that is running an invocation, as a crash would: a fault for the tests
   * that prove a batch cut short loses nothing. Never called otherwise.
   */
  public async crashBusyEnvironments(): Promise<void> {
    await Promise.all([...this.all].filter((environment) => environment.isBusy).map((environment) => this.discard(environment)));
  }

  /** Starts an environment ahead of the first invocation, as provisioned concurrency would. */
  public warm(): void {
    if (this.all.size === 0) this.idle.push(this.create());
  }

  public async close(): Promise<void> {
    await Promise.all([...this.all].map((environment) => environment.destroy()));
    this.all.clear();
    this.idle.length = 0;
  }

  private async run(event: unknown): Promise<InvocationResult> {
    const environment = this.idle.pop() ?? this.create();
    const timeoutMs = this.spec.timeoutSeconds * 1000;
    const invocation = { timedOut: false };
    const timer = this.clock.after(timeoutMs, () => {
      invocation.timedOut = true;
      void this.discard(environment);
    });
    const result = await environment.invoke(event, Date.now() + timeoutMs);
    timer.cancel();
    if (invocation.timedOut) {
      return { ok: false, errorType: 'Sandbox.Timedout', errorMessage: `Task timed out after ${this.spec.timeoutSeconds.toFixed(2)} seconds` };
    }
    if (environment.isAlive) this.idle.push(environment);
    else this.all.delete(environment);
    return result;
  }

  private create(): ExecutionEnvironment {
    const environment = new ExecutionEnvironment(this.spec.code, this.spec.functionArn, this.spec.environment, this.spec.memorySizeMb, this.onLog);
    this.all.add(environment);
    return environment;
  }

  private async discard(environment: ExecutionEnvironment): Promise<void> {
    this.all.delete(environment);
    await environment.destroy();
  }
}
