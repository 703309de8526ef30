import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TemplateError, UnsupportedFeatureError } from '../errors';
import { StackRuntime } from '../stack-runtime';

// Whatever the runtime cannot run is refused with a message that names it and its file.
const scratch = mkdtempSync(join(tmpdir(), 'refused-stacks-'));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

let count = 0;
const stack = (template: string, files: Record<string, string> = {}): string => {
  const dir = join(scratch, `stack${(count += 1)}`);
  mkdirSync(dir);
  writeFileSync(join(dir, 'template.yaml'), template);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
};
const header = "AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\n";
const stateMachine = (definition: unknown, extra = ''): string =>
  stack(`${header}Resources:\n  Machine:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n      DefinitionUri: machine.asl.json\n${extra}`, {
    'machine.asl.json': JSON.stringify(definition),
  });
const task = (fields: Record<string, unknown>): unknown => ({ StartAt: 'T', States: { T: { Type: 'Task', End: true, ...fields } } });

const refuses = async (dir: string, ErrorType: typeof TemplateError | typeof UnsupportedFeatureError, message: RegExp): Promise<void> => {
  const attempt = StackRuntime.start(dir);
  await expect(attempt).rejects.toBeInstanceOf(ErrorType);
  await expect(attempt).rejects.toThrow(message);
};

describe('stack folders and templates that cannot be used', () => {
  it('a folder that does not exist', () => refuses(join(scratch, 'nowhere'), TemplateError, /nowhere: no such stack folder/));
  it('a folder without a template', () => refuses(mkdtempSync(join(scratch, 'empty-')), TemplateError, /no template \(template\.yaml, template\.yml, template\.json\)/));
  it('a template that is not YAML', () => refuses(stack('Resources: [unclosed'), TemplateError, /template\.yaml: not valid YAML/));
  it('a template without resources', () => refuses(stack(`${header}Resources: {}\n`), TemplateError, /no Resources/));
  it('a parameter without a default', () =>
    refuses(stack(`${header}Parameters:\n  Email:\n    Type: String\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n`), TemplateError, /parameter Email has no Default/));
});

describe('features the runtime does not emulate', () => {
  it('a resource type', () =>
    refuses(stack(`${header}Resources:\n  Table:\n    Type: AWS::DynamoDB::Table\n`), UnsupportedFeatureError, /template\.yaml: resource Table of type AWS::DynamoDB::Table is not supported/));
  it('an intrinsic function', () =>
    refuses(stack(`${header}Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      DelaySeconds: !ImportValue Other\n`), UnsupportedFeatureError, /Fn::ImportValue/));
  it('a function event other than SQS', () =>
    refuses(
      stack(`${header}Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: .\n      Handler: index.handler\n      Runtime: nodejs24.x\n      Events:\n        Api:\n          Type: Api\n`, {
        'index.js': 'exports.handler = async () => ({});',
      }),
      UnsupportedFeatureError,
      /Fn\.Events\.Api: event Type Api/,
    ));
  it('a runtime other than Node.js', () =>
    refuses(stack(`${header}Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: .\n      Handler: app.handler\n      Runtime: python3.13\n`), UnsupportedFeatureError, /Runtime python3\.13/));
  it('a Distributed Map', () =>
    refuses(
      stateMachine({
        StartAt: 'M',
        States: { M: { Type: 'Map', ItemReader: { Resource: 'arn:aws:states:::s3:getObject', Parameters: { Bucket: 'b', Key: 'k' } }, ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, End: true } },
      }),
      UnsupportedFeatureError,
      /machine\.asl\.json: state 'M', field 'ItemReader': ItemReader \(Distributed Map\)/,
    ));
  it('an Activity', () =>
    refuses(stateMachine(task({ Resource: 'arn:aws:states:us-east-1:123456789012:activity:Approve' })), UnsupportedFeatureError, /state 'T', field 'Resource': Activities/));
  it('Credentials', () =>
    refuses(stateMachine(task({ Resource: 'arn:aws:states:::sns:publish', Credentials: { RoleArn: 'arn:aws:iam::1:role/x' }, Parameters: { TopicArn: 't', Message: 'm' } })), UnsupportedFeatureError, /state 'T', field 'Credentials'/));
  it('an integration', () =>
    refuses(stateMachine(task({ Resource: 'arn:aws:states:::dynamodb:putItem', Parameters: { TableName: 't' } })), UnsupportedFeatureError, /state 'T', field 'Resource': the Resource arn:aws:states:::dynamodb:putItem/));
});

describe('definitions that would fail in AWS', () => {
  it('an invalid definition', () => refuses(stateMachine({ StartAt: 'Nowhere', States: {} }), TemplateError, /machine\.asl\.json: invalid definition/));
  it('a field of the other query language', () =>
    refuses(stateMachine({ QueryLanguage: 'JSONata', StartAt: 'P', States: { P: { Type: 'Pass', InputPath: '$.x', End: true } } }), TemplateError, /state 'P', field 'InputPath': InputPath is a field of JSONPath states/));
  it('a ${placeholder} without a substitution', () =>
    refuses(stateMachine(task({ Resource: 'arn:aws:states:::sns:publish', Parameters: { TopicArn: '${Topic}', Message: 'm' } })), TemplateError, /\$\{Topic\} has no DefinitionSubstitutions entry/));
  it('.waitForTaskToken without the token in the parameters', () =>
    refuses(stateMachine(task({ Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken', Parameters: { QueueUrl: 'q', MessageBody: 'm' } })), TemplateError, /state 'T', field 'Resource': a \.waitForTaskToken task must pass its task token/));
  it('.sync in an EXPRESS workflow', () =>
    refuses(
      stateMachine(task({ Resource: 'arn:aws:states:::states:startExecution.sync:2', Parameters: { StateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:x' } }), '      Type: EXPRESS\n'),
      TemplateError,
      /state 'T', field 'Resource': .*works only in STANDARD workflows/,
    ));
  it('a queue that hides messages for less than the function timeout', () =>
    refuses(
      stack(
        `${header}Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      VisibilityTimeout: 10\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: .\n      Handler: index.handler\n      Runtime: nodejs24.x\n      Timeout: 30\n      Events:\n        Q:\n          Type: SQS\n          Properties:\n            Queue: !GetAtt Q.Arn\n`,
        { 'index.js': 'exports.handler = async () => ({});' },
      ),
      TemplateError,
      /VisibilityTimeout \(10 s\) is less than the function's Timeout \(30 s\)/,
    ));
  it('a TypeScript handler without an esbuild build', () =>
    refuses(
      stack(`${header}Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: .\n      Handler: app.handler\n      Runtime: nodejs24.x\n`, { 'app.ts': 'export const handler = async () => ({});' }),
      TemplateError,
      /app\.ts is TypeScript; add Metadata BuildMethod: esbuild/,
    ));
});
