import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadStack } from '../../local-runtime/template/load-stack';
import { walkObjects } from '../../local-runtime/template/walk';
import { definitionPlaceholders } from '../../local-runtime/stepfunctions/definition-substitutions';
import type { AslDefinition } from '../../local-runtime/stepfunctions/definition';

// What the template and the definitions must keep true together, and what no other test would
// notice when it breaks (the local runtime does not check IAM). What the stack does is tested by
// running it (outcomes, e2e).
const stack = loadStack(join(__dirname, '..'));
const { Resources: resources } = stack.template;
const properties = (logicalId: string): Record<string, any> => resources[logicalId]?.Properties ?? {};
const definitionText = (logicalId: string): string => readFileSync(join(stack.dir, properties(logicalId).DefinitionUri as string), 'utf8');
const definition = (logicalId: string): AslDefinition => JSON.parse(definitionText(logicalId)) as AslDefinition;
const statements = (logicalId: string): Record<string, any>[] =>
  (properties(logicalId).Policies as Record<string, any>[]).flatMap((policy) => (policy.Statement as Record<string, any>[] | undefined) ?? []);

describe.each(['JobStateMachine', 'MainStateMachine'])('%s', (logicalId) => {
  it('has a substitution, naming a resource of the stack, for every ${...} in its definition', () => {
    const substitutions = (properties(logicalId).DefinitionSubstitutions ?? {}) as Record<string, { Ref?: string }>;
    expect(Object.keys(substitutions).sort()).toEqual(definitionPlaceholders(definitionText(logicalId)));
    for (const value of Object.values(substitutions)) expect(Object.keys(resources)).toContain(value.Ref);
  });

  it('raises no States.* error name from a Fail state', () => {
    for (const state of Object.values(definition(logicalId).States).filter((s) => s.Type === 'Fail')) expect(String(state.Error)).not.toMatch(/^States\./);
  });
});

it('never waits for ever: the task that runs the job has a timeout, shorter than the main execution’s', () => {
  const main = definition('MainStateMachine');
  const runJob = Object.values(main.States).find((state) => state.Resource?.includes('.sync'))!;
  expect(runJob.TimeoutSeconds).toBeGreaterThan(0);
  expect(runJob.TimeoutSeconds).toBeLessThan(main.TimeoutSeconds!);
});

it('gives the job more time than its longest work (3600 s)', () => {
  expect(definition('JobStateMachine').TimeoutSeconds).toBeGreaterThan(3600);
});

describe('IAM for .sync:2', () => {
  const main = statements('MainStateMachine');
  const job = statements('JobStateMachine');

  it('grants exactly StartExecution on the job, Describe/Stop on its executions and the managed rule', () => {
    expect(main.filter((statement) => statement.Sid)).toEqual([
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
        Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/StepFunctionsGetEventsForStepFunctionsExecutionRule' },
      },
    ]);
  });

  it('grants nothing else but log delivery, and the job no states: or events: action at all', () => {
    for (const statement of [...main.filter((s) => !s.Sid), ...job]) {
      expect(statement.Resource).toBe('*');
      for (const action of statement.Action as string[]) expect(action).toMatch(/^logs:/);
    }
  });

  it('puts no states: action on Resource "*" anywhere in the stack', () => {
    for (const [, node] of walkObjects(resources)) {
      if (!('Action' in node) || node.Resource !== '*') continue;
      expect(([] as unknown[]).concat(node.Action).filter((action) => String(action).startsWith('states:'))).toEqual([]);
    }
  });
});
