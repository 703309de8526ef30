import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { StackRuntime, type RuntimeActivity, type StackRuntimeOptions } from './stack-runtime';
import type { Execution } from './stepfunctions/execution';
import type { LocalStateMachine } from './stepfunctions/state-machine';
import { ApiFaults } from './api-faults';
import type { ApiFault } from './stepfunctions/endpoint';
import type { TaskMock, TaskMockOptions } from './stepfunctions/task-mocks';

/**
 * A SAM stack on the local runtime, as a library: what the CLI, the bench and the tests use, and
 * what a user's own tests use to run their stack with no AWS account.
 *
 *   const stack = await LocalStack.start('my-stack');
 *   stack.mock('ChargeCard', { error: 'Payment.Declined', cause: 'insufficient funds' });
 *   const run = await stack.run('OrderStateMachine', { orderId: 42 });
 *   expect(run.status).toBe('FAILED');
 *   await stack.stop();
 *
 * Time is virtual: a 1-hour Wait or a 300 s timeout costs no wall time.
 */
export interface LocalStackOptions extends Omit<StackRuntimeOptions, 'onActivity' | 'interceptApiCall'> {
  /** Called with everything that happens on the runtime, as it happens (the CLI's timeline). */
  readonly onActivity?: (activity: RuntimeActivity) => void;
}

/** How an execution ended, as DescribeExecution says, with its output parsed and its history. */
export interface ExecutionResult {
  readonly executionArn: string;
  readonly name: string;
  readonly status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED' | 'PENDING_REDRIVE';
  /** The output, parsed (SUCCEEDED only). */
  readonly output?: unknown;
  readonly error?: string;
  readonly cause?: string;
  readonly startDate: Date;
  readonly stopDate?: Date;
  readonly history: readonly HistoryEvent[];
}

export interface StartOptions {
  /** The execution's name; by default a UUID. */
  readonly name?: string;
}

/** Mocks of a stack's Task states, by state name (see TaskMock). */
export type TaskMocksByState = Readonly<Record<string, TaskMock>>;

export class LocalStack {
  private constructor(
    /** The runtime underneath, for the CLI: its services, queues, functions and clock. */
    public readonly runtime: StackRuntime,
    private readonly apiFaults: ApiFaults,
    private readonly activities: readonly RuntimeActivity[],
  ) {}

  /** Brings up the stack in `folder` (its template.yaml, .yml or .json). */
  public static async start(folder: string, options: LocalStackOptions = {}): Promise<LocalStack> {
    const apiFaults = new ApiFaults();
    const activities: RuntimeActivity[] = [];
    const runtime = await StackRuntime.start(folder, {
      ...options,
      interceptApiCall: (action) => apiFaults.take(action),
      onActivity: (activity) => {
        activities.push(activity);
        options.onActivity?.(activity);
      },
    });
    return new LocalStack(runtime, apiFaults, activities);
  }

  /** The stack's name: its folder's, as `sam deploy` would name it. */
  public get stackName(): string {
    return this.runtime.stackName;
  }

  /** The stack's state machines, by logical id. */
  public get stateMachines(): readonly string[] {
    return [...this.runtime.stateMachines.keys()];
  }

  /** The ARN of each state machine, by logical id. */
  public get stateMachineArns(): Readonly<Record<string, string>> {
    return Object.fromEntries([...this.runtime.stateMachines].map(([logicalId, stateMachine]) => [logicalId, stateMachine.arn]));
  }

  /** The URL of each queue, by logical id. */
  public get queueUrls(): Readonly<Record<string, string>> {
    return Object.fromEntries([...this.runtime.queues].map(([logicalId, queue]) => [logicalId, queue.url]));
  }

  /** The state machine that no other state machine of the stack starts, when there is exactly one. */
  public mainStateMachine(): string | undefined {
    return this.runtime.mainStateMachine();
  }

  /** The runtime's time: workflow time, under virtual time (ms since the epoch). */
  public now(): number {
    return this.runtime.clock.now();
  }

  /** Resolves once nothing is in flight on the runtime: what an execution set going has been reported. */
  public settled(): Promise<void> {
    return this.runtime.clock.settled();
  }

  /** The endpoints that SDK clients and the AWS CLI reach the stack at. */
  public get endpoints(): { readonly stepfunctions: string; readonly sqs: string } {
    return this.runtime.endpoints;
  }

  /** What happened on the runtime so far: history events, batches, SNS messages, function logs. */
  public get activity(): readonly RuntimeActivity[] {
    return this.activities;
  }

  /** Starts an execution of the state machine `logicalId`; resolves with its ARN. */
  public start(logicalId: string, input: unknown = {}, options: StartOptions = {}): string {
    const execution = this.runtime.stepFunctions.startExecution({
      stateMachineArn: this.stateMachineArn(logicalId),
      input: typeof input === 'string' ? input : JSON.stringify(input),
      ...(options.name !== undefined && { name: options.name }),
    });
    return execution.arn;
  }

  /** Resolves once the execution has ended. */
  public async result(executionArn: string): Promise<ExecutionResult> {
    return describe(await this.runtime.stepFunctions.execution(executionArn).ended);
  }

  /** Starts an execution and resolves once it has ended. */
  public run(logicalId: string, input: unknown = {}, options: StartOptions = {}): Promise<ExecutionResult> {
    return this.result(this.start(logicalId, input, options));
  }

  /** The execution as it is now (RUNNING or ended). */
  public describe(executionArn: string): ExecutionResult {
    return describe(this.runtime.stepFunctions.execution(executionArn));
  }

  /**
   * Mocks the Task state `stateName`: its attempts answer with `mock`'s result or error instead
   * of calling the resource (in every state machine of the stack, or in `stateMachine` only).
   */
  public mock(stateName: string, mock: TaskMock, options: { readonly stateMachine?: string; readonly times?: number } = {}): void {
    const mockOptions: TaskMockOptions = {
      ...(options.stateMachine !== undefined && { stateMachineName: this.stateMachine(options.stateMachine).name }),
      ...(options.times !== undefined && { times: options.times }),
    };
    this.runtime.stepFunctions.mocks.set(stateName, mock, mockOptions);
  }

  /** Removes every mock: each Task state calls its resource again. */
  public clearMocks(): void {
    this.runtime.stepFunctions.mocks.clear();
  }

  /** Faults to inject, for tests that prove a stack loses nothing when its services fail. */
  public get faults(): {
    /** The next `count` calls of a Step Functions API action (e.g. SendTaskSuccess) fail with `fault`. */
    readonly failApiCalls: (action: string, count: number, fault: ApiFault) => void;
    /** Ends every execution environment of the function that is running an invocation, as a crash would. */
    readonly crashBusyEnvironments: (functionLogicalId: string) => Promise<void>;
  } {
    return {
      failApiCalls: (action, count, fault) => {
        this.apiFaults.failNext(action, count, fault);
      },
      crashBusyEnvironments: async (functionLogicalId) => {
        const fn = this.runtime.functions.get(functionLogicalId);
        if (!fn) throw new Error(`no function ${functionLogicalId} in the stack`);
        await Promise.all(fn.environments.filter((environment) => environment.isBusy).map((environment) => environment.destroy()));
      },
    };
  }

  /**
   * Holds the virtual clock until the returned function is called: for a test that plays an
   * outside client and must not let time jump between two of its steps.
   */
  public holdClock(): () => void {
    return this.runtime.clock.busy();
  }

  public stop(): Promise<void> {
    return this.runtime.stop();
  }

  private stateMachineArn(logicalId: string): string {
    return this.stateMachine(logicalId).arn;
  }

  private stateMachine(logicalId: string): LocalStateMachine {
    const stateMachine = this.runtime.stateMachines.get(logicalId);
    if (!stateMachine) throw new Error(`no state machine ${logicalId} in the stack (it has ${this.stateMachines.join(', ') || 'none'})`);
    return stateMachine;
  }
}

const describe = (execution: Execution): ExecutionResult => ({
  executionArn: execution.arn,
  name: execution.name,
  status: execution.status,
  ...(execution.output !== undefined && { output: JSON.parse(execution.output) as unknown }),
  ...(execution.error !== undefined && { error: execution.error }),
  ...(execution.cause !== undefined && { cause: execution.cause }),
  startDate: execution.startDate,
  ...(execution.stopDate && { stopDate: execution.stopDate }),
  history: execution.history,
});
