import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { join } from 'node:path';
import { execute } from '../cli/execute';
import { exitCode, type CliIo } from '../cli/run-cli';
import { LOCAL_CREDENTIALS } from '../sqs/local-sqs';
import { LocalStack, type StackRuntime } from '..';

// `npm run execute --stack` on the same code path as against AWS: Step Functions is the local
// runtime's endpoint, CloudFormation is mocked.
jest.setTimeout(30_000);
const sync = join(__dirname, '..', '..', 'sync-demo');
const cloudFormation = mockClient(CloudFormationClient);
let runtime: StackRuntime;
let endpoint: string;
const saved = { ...process.env };

beforeAll(async () => {
  runtime = (await LocalStack.start(sync)).runtime;
  endpoint = runtime.endpoints.stepfunctions;
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey });
});
afterAll(async () => {
  process.env = saved;
  await runtime.stop();
});
beforeEach(() => {
  cloudFormation.reset();
});

const captured = (): CliIo & { out: string[]; err: string[] } => {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (line) => out.push(line), stderr: (line) => err.push(line) };
};
const deployedOutputs = (): void => {
  cloudFormation.on(DescribeStacksCommand, { StackName: 'my-sync-demo' }).resolves({
    Stacks: [
      {
        StackName: 'my-sync-demo',
        CreationTime: new Date(),
        StackStatus: 'CREATE_COMPLETE',
        Outputs: [
          { OutputKey: 'JobStateMachineArn', OutputValue: runtime.stateMachines.get('JobStateMachine')!.arn },
          { OutputKey: 'MainStateMachineArn', OutputValue: runtime.stateMachines.get('MainStateMachine')!.arn },
        ],
      },
    ],
  });
};

it('finds the main state machine in the stack outputs, follows the history live, and prints the same result', async () => {
  deployedOutputs();
  const io = captured();

  const code = await exitCode(execute, [sync, '--stack', 'my-sync-demo', '--region', 'us-east-1', '--endpoint-url', endpoint, '--input', '{"durationSeconds": 2}', '--json'], io);

  expect(code).toBe(0);
  expect(JSON.parse(io.out.at(-1)!)).toMatchObject({ status: 'SUCCEEDED', output: { status: 'SUCCEEDED', output: { durationSeconds: 2 } }, error: null, cause: null });
  expect(io.err[0]).toMatch(/sync-demo-MainStateMachine\s+▶ started/);
  expect(io.err.some((line) => line.includes('→ RunJob (Task)'))).toBe(true);
  // The job's execution, started by the .sync task, is followed too.
  expect(io.err.some((line) => /sync-demo-JobStateMachine\s+→ Work \(Wait\)/.test(line))).toBe(true);
  expect(io.err.at(-1)).toContain('✓ SUCCEEDED');
  expect(cloudFormation.commandCalls(DescribeStacksCommand)).toHaveLength(1);
});

it('exits 1 with the error and cause of a failed execution', async () => {
  deployedOutputs();
  const io = captured();

  expect(await exitCode(execute, [sync, '--stack', 'my-sync-demo', '--region', 'us-east-1', '--endpoint-url', endpoint, '--input', '{"fail": true}', '--json'], io)).toBe(1);
  expect(JSON.parse(io.out.at(-1)!)).toMatchObject({ status: 'FAILED', error: 'Job.Failed' });
});

it('--state-machine-arn skips the stack lookup; --endpoint-url alone finds the state machine by name', async () => {
  const io = captured();
  const arn = runtime.stateMachines.get('JobStateMachine')!.arn;
  expect(await exitCode(execute, [sync, '--state-machine-arn', arn, '--region', 'us-east-1', '--endpoint-url', endpoint, '--json'], io)).toBe(0);
  expect(await exitCode(execute, [sync, '--region', 'us-east-1', '--endpoint-url', endpoint, '--json'], io)).toBe(0);
  expect(io.out.map((line) => (JSON.parse(line) as { executionArn: string }).executionArn)).toEqual([
    expect.stringContaining(':execution:sync-demo-JobStateMachine:'),
    expect.stringContaining(':execution:sync-demo-MainStateMachine:'),
  ]);
  expect(cloudFormation.calls()).toHaveLength(0);
});

describe('what AWS can answer: one line with what to do, exit 2', () => {
  const run = async (): Promise<{ code: number; err: string[] }> => {
    const io = captured();
    const code = await exitCode(execute, [sync, '--stack', 'my-sync-demo', '--region', 'eu-west-1', '--endpoint-url', endpoint], io);
    return { code, err: io.err };
  };

  it.each([
    ['no such stack', Object.assign(new Error('Stack with id my-sync-demo does not exist'), { name: 'ValidationError' }), /Stack my-sync-demo does not exist in eu-west-1: deploy it with sam build && sam deploy --guided/],
    ['no credentials', Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }), /No AWS credentials found: run `aws configure`/],
    ['access denied', Object.assign(new Error('User is not authorized to perform: cloudformation:DescribeStacks'), { name: 'AccessDenied' }), /AWS refused the request \(AccessDenied/],
    ['throttling', Object.assign(new Error('Rate exceeded'), { name: 'Throttling' }), /AWS throttled the requests/],
  ])('%s', async (_case, error, message) => {
    cloudFormation.on(DescribeStacksCommand).rejects(error);
    const { code, err } = await run();
    expect(code).toBe(2);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(message);
  });

  it('a stack without the output', async () => {
    cloudFormation.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: 'my-sync-demo', CreationTime: new Date(), StackStatus: 'CREATE_COMPLETE', Outputs: [] }] });
    const { code, err } = await run();
    expect(code).toBe(2);
    expect(err[0]).toMatch(/Stack my-sync-demo has no output MainStateMachineArn/);
  });
});
