import { EventEmitter } from 'node:events';
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import type { InterpreterClock } from '../interpreter';
import { optionalString, StepFunctionsApiError } from './api-errors';
import { FaultInjection } from './fault-injection';
import { Execution } from './execution';
import type { ChildExecution, IntegrationServices } from './integrations';
import { createStateMachine, type LocalStateMachine, type StateMachineSpec } from './state-machine';
import { TaskTokens, type TaskTokenActivity } from './task-tokens';

export interface StepFunctionsEvents {
  history: [execution: Execution, event: HistoryEvent];
  taskToken: [activity: TaskTokenActivity];
}

export interface AccountScope {
  readonly region: string;
  readonly accountId: string;
}

/** The services a Task state can call, besides Step Functions itself. */
export type ExternalServices = Pick<IntegrationServices, 'sendMessage' | 'publish' | 'invokeFunction'>;

const MAX_INPUT_BYTES = 256 * 1024;
// Step Functions execution names: 1-80 characters, no white space, none of these, no control characters.
const INVALID_NAME = /[\s<>{}[\]?*"#%\\^|~`$&,;:/]/;
const hasControlCharacter = (name: string): boolean =>
  Array.from({ length: name.length }, (_, i) => name.charCodeAt(i)).some((code) => code < 0x20 || (code >= 0x7f && code <= 0x9f));

/**
 * The Step Functions service of the local runtime: state machines, executions, task tokens.
 * The HTTP endpoint (endpoint.ts) and the CLI both use it.
 */
export class StepFunctionsService {
  public readonly events = new EventEmitter<StepFunctionsEvents>();
  public readonly tokens = new TaskTokens((activity) => this.events.emit('taskToken', activity));
  /** Errors the endpoint answers with instead of serving, when a test injects them. */
  public readonly faults = new FaultInjection();
  private readonly stateMachines = new Map<string, LocalStateMachine>();
  private readonly executions = new Map<string, Execution>();
  private readonly integrationServices: IntegrationServices;

  public constructor(
    private readonly clock: InterpreterClock,
    public readonly scope: AccountScope,
    external: ExternalServices,
  ) {
    this.integrationServices = {
      ...external,
      tokens: this.tokens,
      startExecution: (stateMachineArn, input, name, parentExecutionArn) =>
        describe(this.startExecution({ stateMachineArn, input, name, parentExecutionArn })),
      executionEnded: async (executionArn) => describe(await this.execution(executionArn).ended),
      stopExecution: (executionArn, error, cause) => {
        this.stopExecution(executionArn, error, cause);
      },
    };
  }

  public stateMachineArn(name: string): string {
    return `arn:aws:states:${this.scope.region}:${this.scope.accountId}:stateMachine:${name}`;
  }

  public addStateMachine(spec: Omit<StateMachineSpec, 'arn'>): LocalStateMachine {
    const stateMachine = createStateMachine({ ...spec, arn: this.stateMachineArn(spec.name) }, this.integrationServices);
    this.stateMachines.set(stateMachine.arn, stateMachine);
    return stateMachine;
  }

  public listStateMachines(): LocalStateMachine[] {
    return [...this.stateMachines.values()];
  }

  public stateMachine(arn: unknown): LocalStateMachine {
    if (typeof arn !== 'string' || !arn.startsWith('arn:')) throw new StepFunctionsApiError('InvalidArn', `Invalid Arn: '${String(arn)}'`);
    const stateMachine = this.stateMachines.get(arn);
    if (!stateMachine) throw new StepFunctionsApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
    return stateMachine;
  }

  public startExecution(request: { stateMachineArn: unknown; input?: unknown; name?: unknown; parentExecutionArn?: string }): Execution {
    const stateMachine = this.stateMachine(request.stateMachineArn);
    const input = request.input === undefined ? '{}' : request.input;
    if (typeof input !== 'string') throw new StepFunctionsApiError('InvalidExecutionInput', 'Invalid State Machine Execution Input: input must be a string of JSON');
    if (Buffer.byteLength(input) > MAX_INPUT_BYTES) {
      throw new StepFunctionsApiError('InvalidExecutionInput', `Invalid State Machine Execution Input: larger than ${MAX_INPUT_BYTES} bytes`);
    }
    try {
      JSON.parse(input);
    } catch (error) {
      throw new StepFunctionsApiError('InvalidExecutionInput', `Invalid State Machine Execution Input: '${(error as Error).message}'`);
    }
    const name = optionalString(request.name, 'name') ?? crypto.randomUUID();
    if (name.length === 0 || name.length > 80 || INVALID_NAME.test(name) || hasControlCharacter(name)) {
      throw new StepFunctionsApiError('InvalidName', `Invalid Name: '${name}'`);
    }
    const arn = `arn:aws:states:${this.scope.region}:${this.scope.accountId}:execution:${stateMachine.name}:${name}`;
    const existing = this.executions.get(arn);
    if (existing) {
      // StartExecution is idempotent for a running execution with the same name and input.
      if (existing.status === 'RUNNING' && existing.input === input) return existing;
      throw new StepFunctionsApiError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`);
    }
    const host = {
      clock: this.clock,
      region: this.scope.region,
      mintTaskToken: (stateName: string) => this.tokens.mint(arn, stateName),
      closeTaskToken: (token: string) => {
        this.tokens.close(token);
      },
    };
    const execution = new Execution(
      { host, onHistory: (e, event) => this.events.emit('history', e, event) },
      stateMachine,
      arn,
      name,
      input,
      request.parentExecutionArn,
    );
    this.executions.set(arn, execution);
    return execution;
  }

  public execution(arn: unknown): Execution {
    if (typeof arn !== 'string' || !arn.startsWith('arn:')) throw new StepFunctionsApiError('InvalidArn', `Invalid Arn: '${String(arn)}'`);
    const execution = this.executions.get(arn);
    if (!execution) throw new StepFunctionsApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
    return execution;
  }

  public listExecutions(stateMachineArn: unknown, statusFilter?: unknown): Execution[] {
    const stateMachine = this.stateMachine(stateMachineArn);
    return [...this.executions.values()]
      .filter((execution) => execution.stateMachine === stateMachine && (statusFilter === undefined || execution.status === statusFilter))
      .reverse();
  }

  public stopExecution(arn: unknown, error?: unknown, cause?: unknown): Execution {
    const execution = this.execution(arn);
    execution.stop(optionalString(error, 'error') ?? '', optionalString(cause, 'cause') ?? '');
    return execution;
  }

  /** Stops every running execution: the runtime is shutting down. */
  public stopAll(): void {
    for (const execution of this.executions.values()) execution.stop('States.Aborted', 'The local runtime stopped');
  }
}

const describe = (execution: Execution): ChildExecution => ({
  executionArn: execution.arn,
  stateMachineArn: execution.stateMachine.arn,
  name: execution.name,
  status: execution.status,
  startDate: execution.startDate,
  ...(execution.stopDate && { stopDate: execution.stopDate }),
  input: execution.input,
  ...(execution.output !== undefined && { output: execution.output }),
  ...(execution.error !== undefined && { error: execution.error }),
  ...(execution.cause !== undefined && { cause: execution.cause }),
});
