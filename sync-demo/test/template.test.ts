import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadStack } from '../../local-runtime/template/load-stack';
import { walkObjects } from '../../local-runtime/template/walk';
import { definitionPlaceholders } from '../../local-runtime/stepfunctions/definition-substitutions';
import type { AslDefinition } from '../../local-runtime/stepfunctions/definition';

const stack = loadStack(join(__dirname, '..'));
const { Resources: resources, Outputs: outputs = {} } = stack.template;
const properties = (logicalId: string): Record<string, any> => resources[logicalId]?.Properties ?? {};
const definitionText = (logicalId: string): string =>
  readFileSync(join(stack.dir, properties(logicalId).DefinitionUri as string), 'utf8');
const definition = (logicalId: string): AslDefinition => JSON.parse(definitionText(logicalId)) as AslDefinition;
const statements = (logicalId: string): Record<string, any>[] =>
  (properties(logicalId).Policies as Record<string, any>[]).flatMap((policy) => (policy.Statement as Record<string, any>[] | undefined) ?? []);

describe.each(['JobStateMachine', 'MainStateMachine'])('%s', (logicalId) => {
  it('is STANDARD, logs everything to a log group with retention, and traces with X-Ray', () => {
    const stateMachine = properties(logicalId);
    expect(resources[logicalId]?.Type).toBe('AWS::Serverless::StateMachine');
    expect(stateMachine.Type).toBe('STANDARD');
    expect(stateMachine.Logging).toMatchObject({ Level: 'ALL', IncludeExecutionData: true });
    const logGroupId = stateMachine.Logging.Destinations[0].CloudWatchLogsLogGroup.LogGroupArn['Fn::GetAtt'][0] as string;
    expect(resources[logGroupId]?.Type).toBe('AWS::Logs::LogGroup');
    expect(properties(logGroupId).RetentionInDays).toEqual({ Ref: 'LogRetentionInDays' });
    expect(stateMachine.Tracing).toEqual({ Enabled: true });
  });

  it('has a substitution, naming a resource of the stack, for every ${...} in its definition', () => {
    const substitutions = (properties(logicalId).DefinitionSubstitutions ?? {}) as Record<string, { Ref?: string }>;
    expect(Object.keys(substitutions).sort()).toEqual(definitionPlaceholders(definitionText(logicalId)));
    for (const value of Object.values(substitutions)) expect(Object.keys(resources)).toContain(value.Ref);
  });
});

describe('the main state machine', () => {
  const main = definition('MainStateMachine');
  const runJob = main.States.RunJob!;

  it('runs the job with startExecution.sync:2, by substitution, linked to this execution', () => {
    expect(runJob.Resource).toBe('arn:aws:states:::states:startExecution.sync:2');
    expect(runJob.Parameters).toEqual({ StateMachineArn: '${JobStateMachineArn}', 'Input.$': '$.jobInput' });
    expect(properties('MainStateMachine').DefinitionSubstitutions).toEqual({ JobStateMachineArn: { Ref: 'JobStateMachine' } });
    expect(main.States.PrepareJobInput?.Parameters).toMatchObject({
      link: { 'AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$': '$$.Execution.Id' },
    });
  });

  it('keeps the job output, execution ARN and status', () => {
    expect(runJob.ResultSelector).toEqual({ 'output.$': '$.Output', 'executionArn.$': '$.ExecutionArn', 'status.$': '$.Status' });
    expect(main.States[runJob.Next!]?.Type).toBe('Succeed');
  });

  it('has a task timeout and retries only a job that did not start, with backoff and jitter', () => {
    expect(runJob.TimeoutSeconds).toBeGreaterThan(0);
    expect(runJob.Retry).toEqual([
      expect.objectContaining({
        ErrorEquals: ['StepFunctions.ExecutionLimitExceededException', 'StepFunctions.ThrottlingException'],
        BackoffRate: expect.any(Number),
        JitterStrategy: 'FULL',
      }),
    ]);
  });

  it('catches every failure and ends in a Fail state with an error and a cause', () => {
    expect(runJob.Catch).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'WhyDidTheJobFail' }]);
    expect(main.States.Failed).toMatchObject({ Type: 'Fail', ErrorPath: '$.error', CausePath: '$.cause' });
  });
});

describe('the job', () => {
  const job = definition('JobStateMachine');

  it('fails with named errors, never by a crash: InvalidInput and JobFailed', () => {
    const errors = Object.values(job.States).flatMap((state) => [state.Error, (state.Parameters as Record<string, unknown> | undefined)?.error]);
    expect(errors).toEqual(expect.arrayContaining(['InvalidInput', 'JobFailed']));
  });

  it('waits durationSeconds, and ends within its own timeout', () => {
    expect(job.States.Work).toMatchObject({ Type: 'Wait', SecondsPath: '$.settings.durationSeconds' });
    expect(job.TimeoutSeconds).toBeGreaterThan(3600);
  });
});

describe('IAM for .sync:2', () => {
  const main = statements('MainStateMachine');
  const job = statements('JobStateMachine');

  it('grants exactly StartExecution on the job, Describe/Stop on its executions and the managed rule', () => {
    const grants = main.filter((statement) => statement.Sid);
    expect(grants).toEqual([
      { Sid: 'StartTheJob', Effect: 'Allow', Action: 'states:StartExecution', Resource: { Ref: 'JobStateMachine' } },
      {
        Sid: 'FollowAndStopTheJobExecutions',
        Effect: 'Allow',
        Action: ['states:DescribeExecution', 'states:StopExecution'],
        Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:execution:${JobStateMachine.Name}:*' },
      },
      {
        Sid: 'HearWhenTheJobEnds',
        Effect: 'Allow',
        Action: ['events:PutTargets', 'events:PutRule', 'events:DescribeRule'],
        Resource: {
          'Fn::Sub': 'arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/StepFunctionsGetEventsForStepFunctionsExecutionRule',
        },
      },
    ]);
  });

  it('grants nothing else but log delivery, and the job no states: or events: action at all', () => {
    const others = [...main.filter((statement) => !statement.Sid), ...job];
    for (const statement of others) {
      expect(statement.Resource).toBe('*');
      for (const action of statement.Action as string[]) expect(action).toMatch(/^logs:/);
    }
    expect(properties('MainStateMachine').Policies).toHaveLength(1);
  });

  it('puts no states: action on Resource "*" anywhere in the stack', () => {
    for (const [, node] of walkObjects(resources)) {
      if (!('Action' in node) || node.Resource !== '*') continue;
      expect(([] as unknown[]).concat(node.Action).filter((action) => String(action).startsWith('states:'))).toEqual([]);
    }
  });
});

it('outputs both state machine ARNs', () => {
  expect(outputs).toEqual({
    MainStateMachineArn: expect.objectContaining({ Value: { Ref: 'MainStateMachine' } }),
    JobStateMachineArn: expect.objectContaining({ Value: { Ref: 'JobStateMachine' } }),
  });
});
