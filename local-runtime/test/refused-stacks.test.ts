import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { TemplateError, UnsupportedFeatureError } from '../errors';
import { LocalStack, type RuntimeActivity } from '..';

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
  const attempt = LocalStack.start(dir);
  await expect(attempt).rejects.toBeInstanceOf(ErrorType);
  await expect(attempt).rejects.toThrow(message);
};

describe('stack folders and templates that cannot be used', () => {
  it('a folder that does not exist', () => refuses(join(scratch, 'nowhere'), TemplateError, /nowhere: no such stack folder/));
  it('a folder without a template', () => refuses(mkdtempSync(join(scratch, 'empty-')), TemplateError, /no template \(template\.yaml, template\.yml, template\.json\)/));
  it('a template that is not YAML', () => refuses(stack('Resources: [unclosed'), TemplateError, /template\.yaml: not valid YAML/));
  it('a template without resources', () => refuses(stack(`${header}Resources: {}\n`), TemplateError, /no Resources/));
  it('parameters without a value: all of them, and how to give them', () =>
    refuses(
      stack(`${header}Parameters:\n  Email:\n    Type: String\n  Stage:\n    Type: String\n  Size:\n    Type: Number\n    Default: 3\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n`),
      TemplateError,
      /parameters without a value \(no Default\): Email, Stage; give them with --parameter-overrides Email=<value> Stage=<value>/,
    ));
});

describe('parameter overrides that cannot be used', () => {
  const parameters = `${header}Parameters:\n  Stage:\n    Type: String\n    AllowedPattern: '[a-z]+'\n    ConstraintDescription: lower-case letters only\n  Size:\n    Type: Number\n    Default: 3\n    MaxValue: 10\n  Secret:\n    Type: AWS::SSM::Parameter::Value<String>\n    Default: /app/secret\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n`;
  const refusesOverrides = async (overrides: Record<string, string>, message: RegExp): Promise<void> => {
    const attempt = LocalStack.start(stack(parameters), { parameterOverrides: overrides });
    await expect(attempt).rejects.toBeInstanceOf(TemplateError);
    await expect(attempt).rejects.toThrow(message);
  };
  it('a name the template does not declare', () => refusesOverrides({ Stage: 'dev', Secret: 's', Stag: 'x' }, /--parameter-overrides names Stag, which the template does not declare \(its parameters: Stage, Size, Secret\)/));
  it('a value its AllowedPattern refuses, with its ConstraintDescription', () => refusesOverrides({ Stage: 'Dev 1', Secret: 's' }, /parameter Stage: lower-case letters only/));
  it('a Number that is not one, or too big', async () => {
    await refusesOverrides({ Stage: 'dev', Secret: 's', Size: 'ten' }, /parameter Size: 'ten' is not a number/);
    await refusesOverrides({ Stage: 'dev', Secret: 's', Size: '11' }, /parameter Size: 11 is more than MaxValue 10/);
  });
  it('an SSM parameter type without an override', () => refusesOverrides({ Stage: 'dev' }, /parameter Secret is read from SSM Parameter Store .* give its value with --parameter-overrides Secret=<value>/));
  it('accepts good values', async () => {
    const runtime = (await LocalStack.start(stack(parameters), { parameterOverrides: { Stage: 'dev', Secret: 's3cret', Size: '7' } })).runtime;
    await runtime.stop();
  });
});

describe('features the runtime does not emulate', () => {
  it('an intrinsic function', () =>
    refuses(stack(`${header}Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      DelaySeconds: !ImportValue Other\n`), UnsupportedFeatureError, /Fn::ImportValue/));
  it('a runtime other than Node.js', () =>
    refuses(stack(`${header}Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: .\n      Handler: app.handler\n      Runtime: python3.13\n`), UnsupportedFeatureError, /Runtime python3\.13 \(the local runtime runs nodejs18\.x, nodejs20\.x, nodejs22\.x, nodejs24\.x\)/));
  it('a Node.js runtime Lambda no longer runs', () =>
    refuses(stack(`${header}Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: .\n      Handler: app.handler\n      Runtime: nodejs16.x\n`), UnsupportedFeatureError, /Fn: Runtime nodejs16\.x/));
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

describe('resources the runtime does not emulate: skipped, and the rest runs', () => {
  it('lists them once with their type; Ref and Fn::GetAtt to them give placeholders', async () => {
    const activities: RuntimeActivity[] = [];
    const dir = stack(
      `${header}Resources:\n  Table:\n    Type: AWS::DynamoDB::Table\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: my-bucket\n` +
        `  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: .\n      Handler: index.handler\n      Runtime: nodejs24.x\n` +
        `      Environment:\n        Variables:\n          TABLE: !Ref Table\n          TABLE_ARN: !GetAtt Table.Arn\n          BUCKET: !Ref Bucket\n          BUCKET_ARN: !GetAtt Bucket.Arn\n` +
        `      Events:\n        Api:\n          Type: Api\n          Properties:\n            Path: /\n            Method: get\n`,
      { 'index.js': 'exports.handler = async () => ({ table: process.env.TABLE, tableArn: process.env.TABLE_ARN, bucket: process.env.BUCKET, bucketArn: process.env.BUCKET_ARN });' },
    );
    const runtime = (await LocalStack.start(dir, { onActivity: (activity) => activities.push(activity) })).runtime;
    try {
      expect(runtime.skipped).toEqual([
        { logicalId: 'Table', type: 'AWS::DynamoDB::Table' },
        { logicalId: 'Bucket', type: 'AWS::S3::Bucket' },
        { logicalId: 'Fn.Events.Api', type: 'Api event' },
      ]);
      expect(activities.filter((a) => a.kind === 'skipped')).toHaveLength(1);
      const invocation = await runtime.lambda.invoke({ functionName: `${basename(dir)}-Fn`, payload: '{}', invocationType: 'RequestResponse' });
      expect(JSON.parse(invocation.payload)).toEqual({
        table: `${basename(dir)}-Table`,
        tableArn: `arn:aws:dynamodb:us-east-1:123456789012:table/${basename(dir)}-Table`,
        bucket: 'my-bucket',
        bucketArn: 'arn:aws:s3:us-east-1:123456789012:bucket/my-bucket',
      });
    } finally {
      await runtime.stop();
    }
  });
});
