import type { ExecutionStatus, HistoryEvent } from '@aws-sdk/client-sfn';
import { Execution as InterpretedExecution, jsonText, type ExecutionHost } from '../interpreter';
import type { LocalStateMachine } from './state-machine';

export interface ExecutionDependencies {
  readonly host: ExecutionHost;
  /** Called for every history event, in order, as it is recorded. */
  readonly onHistory: (execution: Execution, event: HistoryEvent) => void;
}

/**
 * One execution on the Step Functions service: the interpreter runs it; this keeps what
 * DescribeExecution and GetExecutionHistory return.
 */
export class Execution {
  public status: ExecutionStatus = 'RUNNING';
  public stopDate: Date | undefined;
  public output: string | undefined;
  public error: string | undefined;
  public cause: string | undefined;
  public readonly startDate: Date;
  public readonly history: HistoryEvent[] = [];
  /** Resolves when the execution has ended, whatever its status. */
  public readonly ended: Promise<Execution>;
  /** The interpreter's run, while the execution runs: an ended execution keeps only what the API returns. */
  private run: InterpretedExecution | undefined;

  public constructor(
    deps: ExecutionDependencies,
    public readonly stateMachine: LocalStateMachine,
    public readonly arn: string,
    public readonly name: string,
    public readonly input: string,
    public readonly parentExecutionArn?: string,
  ) {
    this.startDate = new Date(deps.host.clock.now());
    const run = new InterpretedExecution({
      machine: stateMachine.machine,
      identity: {
        executionArn: arn,
        name,
        roleArn: stateMachine.roleArn,
        stateMachineArn: stateMachine.arn,
        stateMachineName: stateMachine.name,
        startTime: this.startDate.toISOString(),
        input: JSON.parse(input) as unknown,
      },
      host: deps.host,
      onEvent: (event) => {
        const recorded = event as unknown as HistoryEvent;
        this.history.push(recorded);
        deps.onHistory(this, recorded);
      },
    });
    this.run = run;
    this.ended = run.outcome.then((outcome) => {
      this.run = undefined;
      this.status = outcome.status;
      this.stopDate = new Date(deps.host.clock.now());
      if (outcome.status === 'SUCCEEDED') {
        this.output = jsonText(outcome.output);
      } else {
        this.error = outcome.error;
        this.cause = outcome.cause;
      }
      return this;
    });
  }

  /** StopExecution: ends the execution ABORTED and stops what its tasks wait for. */
  public stop(error = '', cause = ''): void {
    if (this.status === 'RUNNING') this.run?.stop(error, cause);
  }
}
