import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadStack } from '../../local-runtime/template/load-stack';
import { walkObjects } from '../../local-runtime/template/walk';
import { definitionPlaceholders } from '../../local-runtime/stepfunctions/definition-substitutions';
import type { AslDefinition } from '../../local-runtime/stepfunctions/definition';
import { SDK_TIMEOUTS } from '../src/step-functions-client';
import { STATUS_NOT_SUCCESS } from '../src/task-decision';

// What the template and the definition must keep true together, and what no other test would
// notice when it breaks. What the stack does is tested by running it (outcomes, e2e, faults).
const stack = loadStack(join(__dirname, '..'));
const { Resources: resources } = stack.template;
const properties = (logicalId: string): Record<string, any> => {
  const resource = resources[logicalId];
  if (!resource) throw new Error(`no resource ${logicalId}`);
  return resource.Properties ?? {};
};
const definitionText = readFileSync(join(stack.dir, properties('CallbackStateMachine').DefinitionUri as string), 'utf8');
const definition = JSON.parse(definitionText) as AslDefinition;
const states = Object.values(definition.States);
const worker = properties('CallbackWorkerFunction');

it('substitutes every ${...} of the definition with a resource of the stack', () => {
  const substitutions = properties('CallbackStateMachine').DefinitionSubstitutions as Record<string, { Ref?: string; 'Fn::GetAtt'?: string[] }>;
  expect(Object.keys(substitutions).sort()).toEqual(definitionPlaceholders(definitionText));
  for (const value of Object.values(substitutions)) expect(Object.keys(resources)).toContain(value.Ref ?? value['Fn::GetAtt']?.[0]);
});

it('never waits for ever: every task that waits for a token has a timeout', () => {
  const waiting = states.filter((state) => state.Resource?.endsWith('.waitForTaskToken'));
  expect(waiting.length).toBeGreaterThan(0);
  for (const state of waiting) expect(state.TimeoutSeconds).toBeGreaterThan(0);
});

it('never retries the worker’s failure: a retry would send the message again and wait again', () => {
  for (const retrier of states.flatMap((state) => state.Retry ?? [])) {
    expect(retrier.ErrorEquals).not.toEqual(expect.arrayContaining(['States.ALL']));
    expect(retrier.ErrorEquals).not.toEqual(expect.arrayContaining(['States.TaskFailed']));
    expect(retrier.ErrorEquals).not.toEqual(expect.arrayContaining([STATUS_NOT_SUCCESS]));
  }
});

it('raises no States.* error name from a Fail state', () => {
  for (const state of states.filter((s) => s.Type === 'Fail')) expect(String(state.Error)).not.toMatch(/^States\./);
});

it('hides a message for at least 6x the worker’s timeout, and the worker’s SDK attempts end within that timeout', () => {
  expect(properties('TaskQueue').VisibilityTimeout).toBeGreaterThanOrEqual(6 * (worker.Timeout as number));
  // The SDK makes three attempts by default, each bounded by these timeouts.
  const attempt = SDK_TIMEOUTS.connectionTimeout + SDK_TIMEOUTS.requestTimeout;
  expect(3 * attempt).toBeLessThan((worker.Timeout as number) * 1000);
});

it('reports batch item failures, which the worker’s partial batch response needs', () => {
  expect(worker.Events.TaskQueue.Properties.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
});

it('watches the dead-letter queue that the task queue redrives to', () => {
  const deadLetterQueue = properties('TaskQueue').RedrivePolicy.deadLetterTargetArn['Fn::GetAtt'][0] as string;
  expect(properties('DeadLetterQueueAlarm').Dimensions).toEqual([{ Name: 'QueueName', Value: { 'Fn::GetAtt': [deadLetterQueue, 'QueueName'] } }]);
});

it('refuses access without TLS on every queue of the stack', () => {
  const queues = Object.entries(resources).filter(([, resource]) => resource.Type === 'AWS::SQS::Queue').map(([id]) => ({ Ref: id }));
  const policy = properties('TaskQueuesPolicy');
  expect(policy.Queues).toEqual(queues);
  expect(policy.PolicyDocument.Statement).toContainEqual(expect.objectContaining({ Effect: 'Deny', Principal: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
});

it('lets the worker complete the tasks of this state machine only, and grants no states: action on Resource "*"', () => {
  expect(worker.Policies).toEqual([{ StepFunctionsCallbackPolicy: { StateMachineName: { 'Fn::GetAtt': ['CallbackStateMachine', 'Name'] } } }]);
  for (const [, node] of walkObjects(resources)) {
    if (!('Action' in node) || node.Resource !== '*') continue;
    expect(([] as unknown[]).concat(node.Action).filter((action) => String(action).startsWith('states:'))).toEqual([]);
  }
});
