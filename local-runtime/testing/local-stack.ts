import { DescribeExecutionCommand, SFNClient, StartExecutionCommand, type DescribeExecutionCommandOutput } from '@aws-sdk/client-sfn';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { LOCAL_CREDENTIALS, LocalStack, type BatchOutcome, type PublishedMessage, type RuntimeActivity, type StackRuntime } from '..';

/** Resolves once `condition` holds; rejects, naming `what`, after `timeoutMs`. */
export const until = async (condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

/**
 * A stack on the local runtime for end-to-end tests, reached through the real SDK clients, as an
 * application would reach it in AWS. The runtime is on virtual time: waits cost no wall time, and
 * a test asserts the order and outcome of what happens, never a wall-clock window. A test that
 * plays an outside client and must not let time jump between two of its steps (receive a task
 * token, then answer it) holds the clock meanwhile: `const release = stack.stack.holdClock()`.
 */
export interface LocalStackUnderTest {
  /** The stack, through the runtime's public entry: mocks, faults, results. */
  readonly stack: LocalStack;
  readonly runtime: StackRuntime;
  readonly sfn: SFNClient;
  readonly sqs: SQSClient;
  readonly activities: RuntimeActivity[];
  /** StartExecution, then DescribeExecution until the execution has ended. */
  readonly run: (stateMachineLogicalId: string, input: unknown) => Promise<DescribeExecutionCommandOutput>;
  readonly waitForEnd: (executionArn: string) => Promise<DescribeExecutionCommandOutput>;
  /** Messages in a queue of the stack, visible, in flight or delayed. */
  readonly queueDepth: (logicalId: string) => Promise<number>;
  /** What the runtime reported so far: event source mapping batches, SNS messages, function log lines. */
  readonly batches: () => BatchOutcome[];
  readonly published: () => PublishedMessage[];
  readonly logs: () => string[];
  readonly stop: () => Promise<void>;
}

export const startLocalStack = async (folder: string): Promise<LocalStackUnderTest> => {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const activities: RuntimeActivity[] = [];
  const stack = await LocalStack.start(folder, { onActivity: (activity) => activities.push(activity) });
  const { runtime } = stack;
  const config = { region: 'us-east-1', credentials: LOCAL_CREDENTIALS };
  const sfn = new SFNClient({ ...config, endpoint: runtime.endpoints.stepfunctions });
  const sqs = new SQSClient({ ...config, endpoint: runtime.endpoints.sqs });

  const waitForEnd = async (executionArn: string): Promise<DescribeExecutionCommandOutput> => {
    for (;;) {
      const description = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      if (description.status !== 'RUNNING') return description;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };
  const run = async (stateMachineLogicalId: string, input: unknown): Promise<DescribeExecutionCommandOutput> => {
    const stateMachine = runtime.stateMachines.get(stateMachineLogicalId);
    if (!stateMachine) throw new Error(`no state machine ${stateMachineLogicalId}`);
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: stateMachine.arn, input: typeof input === 'string' ? input : JSON.stringify(input) }));
    return waitForEnd(executionArn ?? '');
  };
  const queueDepth = async (logicalId: string): Promise<number> => {
    const queue = runtime.queues.get(logicalId);
    if (!queue) throw new Error(`no queue ${logicalId}`);
    const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queue.url, AttributeNames: ['All'] }));
    return ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'].reduce((sum, name) => sum + Number(Attributes[name as keyof typeof Attributes] ?? 0), 0);
  };
  const stop = async (): Promise<void> => {
    sfn.destroy();
    sqs.destroy();
    await runtime.stop();
  };
  return {
    stack,
    runtime,
    sfn,
    sqs,
    activities,
    run,
    waitForEnd,
    queueDepth,
    batches: () => activities.flatMap((a) => (a.kind === 'batch' ? [a.outcome] : [])),
    published: () => activities.flatMap((a) => (a.kind === 'published' ? [a.message] : [])),
    logs: () => activities.flatMap((a) => (a.kind === 'log' ? [a.line] : [])),
    stop,
  };
};
