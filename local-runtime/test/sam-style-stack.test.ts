import { TemplateError } from '../errors';
import { describeActivity, describeLogLine } from '../cli/timeline';
import { LocalStack, type StackRuntime, type RuntimeActivity } from '..';
import { copyFixture } from './fixture-copy';

// A stack written the way most SAM examples are (template.yml, plain JavaScript handlers that
// require the AWS SDK, lambda:invoke with Retry and Catch, a resource the runtime skips, a
// parameter without a Default), run from a copy in the temporary folder.
jest.setTimeout(30_000);
const fixture = copyFixture('sam-style');
afterAll(() => {
  fixture.remove();
});

describe('without its parameter', () => {
  it('is refused, naming the parameter and how to give it', async () => {
    const attempt = LocalStack.start(fixture.dir);
    await expect(attempt).rejects.toBeInstanceOf(TemplateError);
    await expect(attempt).rejects.toThrow(/template\.yml: parameter without a value \(no Default\): Stage; give it with --parameter-overrides Stage=<value>/);
  });

  it('refuses a value its AllowedValues do not allow', async () => {
    await expect(LocalStack.start(fixture.dir, { parameterOverrides: { Stage: 'qa' } })).rejects.toThrow(/parameter Stage: 'qa' is not one of the AllowedValues \(dev, prod\)/);
  });
});

describe('with --parameter-overrides Stage=dev', () => {
  let runtime: StackRuntime;
  const activities: RuntimeActivity[] = [];
  beforeAll(async () => {
    runtime = (await LocalStack.start(fixture.dir, { parameterOverrides: { Stage: 'dev' }, onActivity: (activity) => activities.push(activity) })).runtime;
  });
  afterAll(() => runtime.stop());

  const run = async (input: unknown) => {
    const stateMachine = runtime.stateMachines.get('OrderStateMachine')!;
    return runtime.stepFunctions.startExecution({ stateMachineArn: stateMachine.arn, input: JSON.stringify(input) }).ended;
  };

  it('lists the resource it does not emulate once, with its type, and runs the rest', () => {
    const skipped = activities.filter((a) => a.kind === 'skipped');
    expect(skipped).toEqual([{ kind: 'skipped', resources: [{ logicalId: 'OrdersTable', type: 'AWS::DynamoDB::Table' }] }]);
    expect(describeActivity(skipped[0]!)).toBe('⊘ not emulated, skipped: OrdersTable (AWS::DynamoDB::Table); what uses them fails');
    expect([...runtime.stateMachines.keys()]).toEqual(['OrderStateMachine']);
    expect([...runtime.functions.keys()].sort()).toEqual(['GreetFunction', 'ValidateFunction']);
  });

  it('runs the lambda:invoke chain: handlers load the AWS SDK from the runtime and reach its endpoint', async () => {
    const execution = await run({ name: 'Ada', orderId: 'o-1', quantity: 2 });

    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.output!)).toEqual({ status: 'ACCEPTED', orderId: 'o-1', greeting: 'Hello Ada' });
    const greeted = execution.history.find((event) => event.type === 'TaskSucceeded');
    const payload = JSON.parse(greeted!.taskSucceededEventDetails!.output!).Payload;
    // The parameter's override and the skipped table's placeholder name reach the function.
    expect(payload).toEqual({ text: 'Hello Ada', stage: 'dev', table: 'sam-style-orders', executionStatus: 'RUNNING', memoryLimitInMB: '256' });
  });

  it('catches the error of the function that fails on purpose: Error is its errorType, Cause its error payload', async () => {
    const execution = await run({ name: 'Bob', orderId: 'o-2', quantity: 0 });

    expect(execution.status).toBe('SUCCEEDED');
    const output = JSON.parse(execution.output!);
    expect(output).toMatchObject({ status: 'REJECTED', error: 'OrderValidationError' });
    const cause = JSON.parse(output.cause) as { trace: string[] };
    expect(cause).toEqual({ errorType: 'OrderValidationError', errorMessage: 'order o-2 has no quantity', trace: expect.arrayContaining([expect.stringContaining('OrderValidationError: order o-2 has no quantity')]) });
    expect(cause.trace.some((line) => line.includes('validate/app.js'))).toBe(true);
  });

  it("shows the functions' log lines, Powertools JSON rendered readably", () => {
    const line = activities.find((a) => a.kind === 'log' && a.functionLogicalId === 'GreetFunction');
    expect(line).toBeDefined();
    expect(describeLogLine((line as { line: string }).line)).toMatch(/^INFO greeting \{"name":"(Ada|Bob)"\}$/);
  });
});
