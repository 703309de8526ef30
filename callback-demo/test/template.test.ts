import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadStack } from '../../local-runtime/template/load-stack';
import { walkObjects } from '../../local-runtime/template/walk';
import { definitionPlaceholders } from '../../local-runtime/stepfunctions/definition-substitutions';
import type { AslDefinition } from '../../local-runtime/stepfunctions/definition';

const stack = loadStack(join(__dirname, '..'));
const { Resources: resources, Outputs: outputs = {}, Parameters: parameters = {} } = stack.template;
const properties = (logicalId: string): Record<string, any> => {
  const resource = resources[logicalId];
  if (!resource) throw new Error(`no resource ${logicalId}`);
  return resource.Properties ?? {};
};
const definitionText = readFileSync(join(stack.dir, properties('CallbackStateMachine').DefinitionUri as string), 'utf8');
const definition = JSON.parse(definitionText) as AslDefinition;
const worker = properties('CallbackWorkerFunction');

describe('the state machine', () => {
  const stateMachine = properties('CallbackStateMachine');

  it('is STANDARD, from a definition file, with every ${...} substituted by a resource of the stack', () => {
    expect(stateMachine.Type).toBe('STANDARD');
    expect(existsSync(join(stack.dir, stateMachine.DefinitionUri as string))).toBe(true);
    const substitutions = stateMachine.DefinitionSubstitutions as Record<string, { Ref?: string; 'Fn::GetAtt'?: string[] }>;
    expect(Object.keys(substitutions).sort()).toEqual(definitionPlaceholders(definitionText));
    for (const value of Object.values(substitutions)) {
      const target = value.Ref ?? value['Fn::GetAtt']?.[0];
      expect(target !== undefined && target in resources).toBe(true);
    }
  });

  it('logs everything to a log group with a retention period, and traces with X-Ray', () => {
    expect(stateMachine.Logging).toMatchObject({ Level: 'ALL', IncludeExecutionData: true });
    const logGroupId = stateMachine.Logging.Destinations[0].CloudWatchLogsLogGroup.LogGroupArn['Fn::GetAtt'][0] as string;
    expect(resources[logGroupId]?.Type).toBe('AWS::Logs::LogGroup');
    expect(properties(logGroupId).RetentionInDays).toEqual({ Ref: 'LogRetentionInDays' });
    expect(stateMachine.Tracing).toEqual({ Enabled: true });
    const logDelivery = (stateMachine.Policies as Record<string, any>[]).find((policy) => 'Statement' in policy);
    expect(logDelivery?.Statement[0].Action).toEqual(expect.arrayContaining(['logs:CreateLogDelivery', 'logs:PutResourcePolicy', 'logs:DescribeLogGroups']));
  });

  it('may only send to its queue and publish to its topic', () => {
    expect(stateMachine.Policies).toEqual(
      expect.arrayContaining([
        { SQSSendMessagePolicy: { QueueName: { 'Fn::GetAtt': ['TaskQueue', 'QueueName'] } } },
        { SNSPublishMessagePolicy: { TopicName: { 'Fn::GetAtt': ['ResultTopic', 'TopicName'] } } },
      ]),
    );
  });
});

describe('the definition', () => {
  const waitTask = definition.States[definition.StartAt]!;

  it('sends the task token and the execution input through SQS and waits for the callback', () => {
    expect(waitTask.Resource).toBe('arn:aws:states:::sqs:sendMessage.waitForTaskToken');
    expect(waitTask.Parameters).toMatchObject({
      QueueUrl: '${TaskQueueUrl}',
      MessageBody: { 'taskToken.$': '$$.Task.Token', 'input.$': '$' },
    });
  });

  it('never waits for ever: the wait task has a timeout', () => {
    expect(waitTask.TimeoutSeconds).toBeGreaterThan(0);
  });

  it('retries only transient SQS errors, with backoff and jitter, never the worker’s failure', () => {
    const retry = waitTask.Retry ?? [];
    expect(retry).toHaveLength(1);
    expect(retry[0]).toMatchObject({ BackoffRate: 2, JitterStrategy: 'FULL' });
    expect(retry[0]?.ErrorEquals).not.toEqual(expect.arrayContaining(['States.ALL']));
    expect(retry[0]?.ErrorEquals).not.toEqual(expect.arrayContaining(['States.TaskFailed']));
  });

  it('sends every failure to a notification, then to a Fail state that carries the error and cause', () => {
    expect(waitTask.Catch).toEqual([expect.objectContaining({ ErrorEquals: ['States.ALL'], Next: 'NotifyFailure' })]);
    expect(definition.States.NotifyFailure).toMatchObject({ Resource: 'arn:aws:states:::sns:publish', Next: 'Failed' });
    expect(definition.States.Failed).toMatchObject({ Type: 'Fail', ErrorPath: '$.Error', CausePath: '$.Cause' });
    expect(waitTask.Next).toBe('NotifySuccess');
    expect(definition.States.NotifySuccess).toMatchObject({ Resource: 'arn:aws:states:::sns:publish', ResultPath: null, Next: 'Succeeded' });
  });
});

describe('the task queue', () => {
  const queue = properties('TaskQueue');
  const deadLetterQueue = properties('TaskDeadLetterQueue');

  it('has no fixed name and is encrypted, like its dead-letter queue', () => {
    for (const q of [queue, deadLetterQueue]) {
      expect(q.QueueName).toBeUndefined();
      expect(q.SqsManagedSseEnabled).toBe(true);
    }
  });

  it('moves a message to the dead-letter queue after a few receives; the dead-letter queue keeps it 14 days', () => {
    expect(queue.RedrivePolicy.deadLetterTargetArn).toEqual({ 'Fn::GetAtt': ['TaskDeadLetterQueue', 'Arn'] });
    expect(queue.RedrivePolicy.maxReceiveCount).toBeGreaterThanOrEqual(2);
    expect(queue.RedrivePolicy.maxReceiveCount).toBeLessThanOrEqual(5);
    expect(deadLetterQueue.MessageRetentionPeriod).toBe(1_209_600);
  });

  it('hides a message for at least 6x the worker’s timeout', () => {
    expect(queue.VisibilityTimeout).toBeGreaterThanOrEqual(6 * (worker.Timeout as number));
  });

  it('refuses access without TLS, on both queues', () => {
    const policy = properties('TaskQueuesPolicy');
    expect(policy.Queues).toEqual([{ Ref: 'TaskQueue' }, { Ref: 'TaskDeadLetterQueue' }]);
    expect(policy.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Principal: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
  });

  it('raises an alarm when the dead-letter queue holds messages', () => {
    expect(properties('DeadLetterQueueAlarm')).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': ['TaskDeadLetterQueue', 'QueueName'] } }],
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });
});

describe('the worker', () => {
  it('runs on nodejs24.x, arm64, with an explicit timeout, memory and a log group with retention', () => {
    expect(worker).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], Timeout: expect.any(Number), MemorySize: expect.any(Number) });
    expect(worker.LoggingConfig.LogGroup).toEqual({ Ref: 'WorkerLogGroup' });
    expect(properties('WorkerLogGroup').RetentionInDays).toEqual({ Ref: 'LogRetentionInDays' });
  });

  it('is built by esbuild for Node 24, minified, with the AWS SDK left to the runtime', () => {
    const metadata = resources.CallbackWorkerFunction?.Metadata as Record<string, any>;
    expect(metadata.BuildMethod).toBe('esbuild');
    expect(metadata.BuildProperties).toMatchObject({ EntryPoints: ['handler.ts'], Minify: true, Sourcemap: true, Target: 'node24', External: ['@aws-sdk/*'] });
    expect(existsSync(join(stack.dir, worker.CodeUri as string, 'handler.ts'))).toBe(true);
    expect(worker.Handler).toBe('handler.handler');
  });

  it('consumes the task queue in batches and reports batch item failures', () => {
    expect(worker.Events.TaskQueue).toEqual({
      Type: 'SQS',
      Properties: {
        Queue: { 'Fn::GetAtt': ['TaskQueue', 'Arn'] },
        BatchSize: expect.any(Number),
        MaximumBatchingWindowInSeconds: expect.any(Number),
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        ScalingConfig: { MaximumConcurrency: expect.any(Number) },
      },
    });
  });

  it('may complete tasks of this state machine only', () => {
    expect(worker.Policies).toEqual([{ StepFunctionsCallbackPolicy: { StateMachineName: { 'Fn::GetAtt': ['CallbackStateMachine', 'Name'] } } }]);
  });
});

describe('the stack', () => {
  it('grants no states: action on Resource "*"', () => {
    for (const [, node] of walkObjects(resources)) {
      if (!('Action' in node) || node.Resource !== '*') continue;
      const actions = ([] as unknown[]).concat(node.Action);
      expect(actions.filter((action) => String(action).startsWith('states:'))).toEqual([]);
    }
  });

  it('announces results on an encrypted topic, with an email subscription only when an address is given', () => {
    expect(properties('ResultTopic').KmsMasterKeyId).toBe('alias/aws/sns');
    expect(parameters.NotificationEmail?.Default).toBe('');
    expect(resources.NotificationSubscription?.Condition).toBe('HasNotificationEmail');
  });

  it('outputs the state machine, both queues and the topic', () => {
    expect(Object.keys(outputs).sort()).toEqual(['CallbackStateMachineArn', 'ResultTopicArn', 'TaskDeadLetterQueueUrl', 'TaskQueueUrl']);
  });
});
