import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListStateMachinesCommand,
  SFNClient,
  StartExecutionCommand,
  type DescribeExecutionCommandOutput,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import { mainStateMachines, stateMachineArnOutput } from '../template/main-state-machine';
import type { StackSource } from '../template/sam-template';
import { explainAwsError, RemoteSetupError } from './aws-errors';
import type { ExecutionResult } from './execute';
import { describeHistoryEvent, Timeline } from './timeline';

/**
 * One execution on a deployed stack (or any Step Functions endpoint): find the state machine,
 * start the execution, follow its history live with the same timeline as the local runtime, and
 * return the same result.
 */
export interface RemoteTarget {
  readonly stack: StackSource;
  readonly stateMachineLogicalId?: string;
  readonly stackName?: string;
  readonly stateMachineArn?: string;
  readonly region?: string;
  readonly profile?: string;
  readonly endpointUrl?: string;
  /** How often the history is read: GetExecutionHistory is throttled in AWS. */
  readonly pollMs?: number;
}

const clientConfig = (target: RemoteTarget): Record<string, string> => ({
  ...(target.region !== undefined && { region: target.region }),
  ...(target.profile !== undefined && { profile: target.profile }),
});

const chooseStateMachine = (target: RemoteTarget): string => {
  if (target.stateMachineLogicalId !== undefined) return target.stateMachineLogicalId;
  const main = mainStateMachines(target.stack.template);
  if (main.length !== 1) throw new RemoteSetupError(`the stack has ${main.length} main state machines: pass --state-machine with one of ${main.join(', ')}`);
  return main[0] ?? '';
};

const findStateMachineArn = async (target: RemoteTarget, sfn: SFNClient): Promise<string> => {
  if (target.stateMachineArn !== undefined) return target.stateMachineArn;
  const logicalId = chooseStateMachine(target);
  if (target.stackName === undefined) {
    // No stack to read outputs from: find it on the endpoint by name. CloudFormation names a
    // state machine LogicalId-SUFFIX; the local runtime, stack-LogicalId.
    const { stateMachines = [] } = await sfn.send(new ListStateMachinesCommand({}));
    const matches = stateMachines.filter((sm) => sm.name?.includes(logicalId));
    if (matches.length !== 1) throw new RemoteSetupError(`${matches.length} state machines on the endpoint match ${logicalId}: pass --state-machine-arn or --stack`);
    return matches[0]?.stateMachineArn ?? '';
  }
  const outputKey = stateMachineArnOutput(target.stack.template, logicalId);
  if (outputKey === undefined) throw new RemoteSetupError(`${target.stack.templateFile} has no output with the ARN of ${logicalId}: pass --state-machine-arn`);
  const cloudFormation = new CloudFormationClient(clientConfig(target));
  try {
    const { Stacks = [] } = await cloudFormation.send(new DescribeStacksCommand({ StackName: target.stackName }));
    const value = Stacks[0]?.Outputs?.find((output) => output.OutputKey === outputKey)?.OutputValue;
    if (value === undefined) {
      throw new RemoteSetupError(`Stack ${target.stackName} has no output ${outputKey}: is it deployed from ${target.stack.templateFile}? Run sam deploy again, or pass --state-machine-arn`);
    }
    return value;
  } finally {
    cloudFormation.destroy();
  }
};

const history = async (sfn: SFNClient, executionArn: string): Promise<HistoryEvent[]> => {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, nextToken }));
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return events;
};

/** The execution a startExecution task started, from its TaskSubmitted event. */
const childExecutionArn = (event: HistoryEvent): string | undefined => {
  const details = event.taskSubmittedEventDetails;
  if (event.type !== 'TaskSubmitted' || details?.resourceType !== 'states' || details.output === undefined) return undefined;
  const { ExecutionArn } = JSON.parse(details.output) as { ExecutionArn?: unknown };
  return typeof ExecutionArn === 'string' ? ExecutionArn : undefined;
};

export const runRemoteExecution = async (target: RemoteTarget, input: string, writeTimeline: (line: string) => void): Promise<ExecutionResult> => {
  const sfn = new SFNClient({ ...clientConfig(target), ...(target.endpointUrl !== undefined && { endpoint: target.endpointUrl }) });
  try {
    const stateMachineArn = await findStateMachineArn(target, sfn);
    const { executionArn = '' } = await sfn.send(new StartExecutionCommand({ stateMachineArn, input }));
    const timeline = new Timeline(writeTimeline);
    // The execution, and the child executions its .sync tasks start, as the local timeline shows them.
    const followed = new Map<string, Set<number>>([[executionArn, new Set()]]);
    const show = async (): Promise<void> => {
      for (const [arn, shown] of followed) {
        const who = arn.split(':').at(-2) ?? '';
        let events: HistoryEvent[];
        try {
          events = await history(sfn, arn);
        } catch (error) {
          // A child's history is a bonus: if it cannot be read, follow the execution alone.
          if (arn === executionArn) throw error;
          followed.delete(arn);
          continue;
        }
        for (const event of events) {
          if (event.id === undefined || shown.has(event.id)) continue;
          shown.add(event.id);
          timeline.line(who, describeHistoryEvent(event));
          const child = childExecutionArn(event);
          if (child !== undefined && !followed.has(child)) followed.set(child, new Set());
        }
      }
    };
    let description: DescribeExecutionCommandOutput;
    for (;;) {
      await show();
      description = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      if (description.status !== 'RUNNING') break;
      await new Promise((resolve) => setTimeout(resolve, target.pollMs ?? 1000));
    }
    await show();
    return {
      executionArn,
      status: description.status ?? 'UNKNOWN',
      output: description.output === undefined ? null : (JSON.parse(description.output) as unknown),
      error: description.error ?? null,
      cause: description.cause ?? null,
    };
  } catch (error) {
    throw explainAwsError(error, { ...(target.stackName !== undefined && { stackName: target.stackName }), ...(target.region !== undefined && { region: target.region }), endpoint: target.endpointUrl ?? 'AWS' }) ?? error;
  } finally {
    sfn.destroy();
  }
};
