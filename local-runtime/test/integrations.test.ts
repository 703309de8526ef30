import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { LocalStack, LOCAL_CREDENTIALS, UnsupportedFeatureError } from '..';

// The SQS, SNS and Step Functions integrations: what reaches the service, and the error names
// Step Functions gives a failed call (`<Service>.<Error>Exception`, with the SDK's cause text).
jest.setTimeout(30_000);
const scratch = mkdtempSync(join(tmpdir(), 'integrations-'));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

const stackWith = (name: string, definition: unknown): string => {
  const dir = join(scratch, name);
  mkdirSync(dir);
  writeFileSync(
    join(dir, 'template.yaml'),
    [
      "AWSTemplateFormatVersion: '2010-09-09'",
      'Transform: AWS::Serverless-2016-10-31',
      'Resources:',
      '  Queue:',
      '    Type: AWS::SQS::Queue',
      '  Topic:',
      '    Type: AWS::SNS::Topic',
      '  Machine:',
      '    Type: AWS::Serverless::StateMachine',
      '    Properties:',
      '      DefinitionUri: machine.asl.json',
      '      DefinitionSubstitutions:',
      '        QueueUrl: !Ref Queue',
      '        TopicArn: !Ref Topic',
    ].join('\n'),
  );
  writeFileSync(join(dir, 'machine.asl.json'), JSON.stringify(definition));
  return dir;
};
const task = (fields: Record<string, unknown>): unknown => ({ StartAt: 'T', States: { T: { Type: 'Task', End: true, ...fields } } });

it('sqs:sendMessage passes every SendMessage parameter on: the worker gets the message attributes', async () => {
  const stack = await LocalStack.start(stackWith('attributes', task({
    Resource: 'arn:aws:states:::sqs:sendMessage',
    Parameters: { QueueUrl: '${QueueUrl}', MessageBody: { orderId: 1 }, MessageAttributes: { Priority: { DataType: 'String', StringValue: 'high' } } },
  })));
  const sqs = new SQSClient({ region: 'us-east-1', credentials: LOCAL_CREDENTIALS, endpoint: stack.endpoints.sqs });
  try {
    expect((await stack.run('Machine')).status).toBe('SUCCEEDED');
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: stack.runtime.queues.get('Queue')!.url, MessageAttributeNames: ['All'] }));
    expect(Messages[0]).toMatchObject({ Body: '{"orderId":1}', MessageAttributes: { Priority: { DataType: 'String', StringValue: 'high' } } });
  } finally {
    sqs.destroy();
    await stack.stop();
  }
});

it('a queue that does not exist: SQS.QueueDoesNotExistException, with the SDK\'s cause text', async () => {
  const stack = await LocalStack.start(stackWith('no-queue', task({
    Resource: 'arn:aws:states:::sqs:sendMessage',
    Parameters: { QueueUrl: 'http://127.0.0.1:1/123456789012/nowhere', MessageBody: 'x' },
  })));
  try {
    const result = await stack.run('Machine');
    expect(result).toMatchObject({ status: 'FAILED', error: 'SQS.QueueDoesNotExistException' });
    expect(result.cause).toMatch(/\(Service: AmazonSQS; Status Code: 400; Error Code: QueueDoesNotExist; Request ID: .+; Proxy: null\)$/);
  } finally {
    await stack.stop();
  }
});

it('a state machine that does not exist: StepFunctions.StateMachineDoesNotExistException', async () => {
  const stack = await LocalStack.start(stackWith('no-child', task({
    Resource: 'arn:aws:states:::states:startExecution.sync:2',
    Parameters: { StateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:nowhere' },
  })));
  try {
    const result = await stack.run('Machine');
    expect(result).toMatchObject({ status: 'FAILED', error: 'StepFunctions.StateMachineDoesNotExistException' });
    expect(result.cause).toMatch(/\(Service: AWSStepFunctions; Status Code: 400; Error Code: StateMachineDoesNotExist;/);
  } finally {
    await stack.stop();
  }
});

it('a parameter the runtime would not pass on is refused when the stack loads, naming the state and the field', async () => {
  const dir = stackWith('sns-attributes', task({
    Resource: 'arn:aws:states:::sns:publish',
    Parameters: { TopicArn: '${TopicArn}', Message: 'm', MessageAttributes: { a: { DataType: 'String', StringValue: 'b' } } },
  }));
  const attempt = LocalStack.start(dir);
  await expect(attempt).rejects.toBeInstanceOf(UnsupportedFeatureError);
  await expect(attempt).rejects.toThrow(/state 'T', field 'Parameters\.MessageAttributes': the parameter MessageAttributes of arn:aws:states:::sns:publish is not emulated/);
});
