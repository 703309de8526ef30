import { execFile } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { startLocalStack, type LocalStackUnderTest } from '../testing/local-stack';

// The AWS CLI drives a served stack through --endpoint-url, as a user would: the Step Functions
// API (old and new operations, its errors) and Lambda's Invoke on the same endpoint. Skipped,
// saying so, when `aws` is not on PATH. Nothing leaves 127.0.0.1.

const which = (command: string): string | undefined =>
  (process.env.PATH ?? '')
    .split(delimiter)
    .map((dir) => join(dir, command))
    .find((path) => {
      try {
        accessSync(path, constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });

const aws = which('aws');
const cli = aws ? describe : describe.skip;
if (!aws) console.warn('aws-cli.test.ts: skipped, the AWS CLI (`aws`) is not on PATH');

jest.setTimeout(120_000);

interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

cli('the AWS CLI against the local endpoint', () => {
  let stack: LocalStackUnderTest;
  let home: string;
  let v2 = false;

  const run = (args: string[]): Promise<CliResult> =>
    new Promise((resolve) => {
      execFile(
        aws ?? 'aws',
        [...args, '--endpoint-url', stack.runtime.endpoints.stepfunctions, '--output', 'json'],
        {
          env: {
            PATH: process.env.PATH,
            HOME: home,
            AWS_ACCESS_KEY_ID: 'local',
            AWS_SECRET_ACCESS_KEY: 'local',
            AWS_REGION: 'us-east-1',
            AWS_DEFAULT_REGION: 'us-east-1',
            AWS_CONFIG_FILE: join(home, 'config'),
            AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
            AWS_EC2_METADATA_DISABLED: 'true',
            AWS_PAGER: '',
            // TestState's hostPrefix (`sync-`) cannot reach 127.0.0.1.
            AWS_DISABLE_HOST_PREFIX_INJECTION: 'true',
          },
        },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
          resolve({ code, stdout, stderr });
        },
      );
    });
  const json = async (args: string[]): Promise<Record<string, unknown>> => {
    const result = await run(args);
    if (result.code !== 0) throw new Error(`aws ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
    return (result.stdout.trim() === '' ? {} : JSON.parse(result.stdout)) as Record<string, unknown>;
  };
  const sfn = (...args: string[]): Promise<Record<string, unknown>> => json(['stepfunctions', ...args]);
  const refused = async (args: string[], error: string): Promise<string> => {
    const result = await run(args);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`An error occurred (${error})`);
    return result.stderr;
  };
  const child = (): string => stack.runtime.stateMachines.get('Child')?.arn ?? '';

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'aws-cli-test-'));
    stack = await startLocalStack(join(__dirname, 'fixtures', 'nested'));
    v2 = (await run(['--version'])).stdout.startsWith('aws-cli/2');
  });
  afterAll(async () => {
    await stack.stop();
    rmSync(home, { recursive: true, force: true });
  });

  it('start-execution, describe-execution, get-execution-history, describe-state-machine-for-execution', async () => {
    const started = await sfn('start-execution', '--state-machine-arn', child(), '--name', 'from-cli', '--input', '{"x":1}');
    expect(started.executionArn).toBe('arn:aws:states:us-east-1:123456789012:execution:nested-Child:from-cli');
    const executionArn = String(started.executionArn);
    let description = await sfn('describe-execution', '--execution-arn', executionArn);
    while (description.status === 'RUNNING') description = await sfn('describe-execution', '--execution-arn', executionArn);
    expect(description).toMatchObject({ status: 'SUCCEEDED', name: 'from-cli', input: '{"x":1}' });
    expect(JSON.parse(String(description.output))).toEqual({ received: { x: 1 } });

    const history = (await sfn('get-execution-history', '--execution-arn', executionArn)).events as Record<string, unknown>[];
    expect(history.map((event) => event.type)).toEqual(['ExecutionStarted', 'PassStateEntered', 'PassStateExited', 'ExecutionSucceeded']);
    const bare = (await sfn('get-execution-history', '--execution-arn', executionArn, '--no-include-execution-data')).events as Record<string, unknown>[];
    expect(bare[1]).toMatchObject({ stateEnteredEventDetails: { name: 'Answer' } });
    expect(bare[1]?.stateEnteredEventDetails).not.toHaveProperty('input');

    expect(await sfn('describe-state-machine-for-execution', '--execution-arn', executionArn)).toMatchObject({
      stateMachineArn: child(),
      name: 'nested-Child',
      loggingConfiguration: { level: expect.any(String) },
      tracingConfiguration: { enabled: expect.any(Boolean) },
    });
    expect(await sfn('describe-state-machine', '--state-machine-arn', child())).toMatchObject({ status: 'ACTIVE', loggingConfiguration: expect.any(Object), tracingConfiguration: expect.any(Object) });
  });

  it('tag-resource, list-tags-for-resource, untag-resource', async () => {
    await sfn('tag-resource', '--resource-arn', child(), '--tags', 'key=team,value=payments', 'key=env,value=test');
    await sfn('untag-resource', '--resource-arn', child(), '--tag-keys', 'env');
    const { tags } = await sfn('list-tags-for-resource', '--resource-arn', child());
    expect(tags).toEqual(expect.arrayContaining([{ key: 'team', value: 'payments' }]));
    expect(tags).not.toEqual(expect.arrayContaining([expect.objectContaining({ key: 'env' })]));
    await refused(['stepfunctions', 'list-tags-for-resource', '--resource-arn', `${child()}-nope`], 'ResourceNotFound');
  });

  it('validate-state-machine-definition: OK, or FAIL with diagnostics', async () => {
    expect(await sfn('validate-state-machine-definition', '--definition', '{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}')).toMatchObject({ result: 'OK', diagnostics: [] });
    expect(await sfn('validate-state-machine-definition', '--definition', '{"StartAt":"A","States":{"A":{"Type":"Pass","QueryLanguage":"JSONata","ResultPath":"$.x","End":true}}}')).toMatchObject({
      result: 'FAIL',
      diagnostics: [{ severity: 'ERROR', code: 'SCHEMA_VALIDATION_FAILED', location: '/States/A/ResultPath' }],
    });
  });

  it('test-state: a state run alone, mocked or not', async () => {
    const task = JSON.stringify({ Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'charge' }, ResultSelector: { 'ok.$': '$.Payload.ok' }, ResultPath: '$.charge', Next: 'Ship' });
    expect(await sfn('test-state', '--definition', task, '--input', '{"id":7}', '--mock', JSON.stringify({ result: '{"Payload":{"ok":true}}' }), '--inspection-level', 'DEBUG')).toMatchObject({
      status: 'SUCCEEDED',
      nextState: 'Ship',
      output: '{"id":7,"charge":{"ok":true}}',
      inspectionData: { afterParameters: '{"FunctionName":"charge"}', result: '{"Payload":{"ok":true}}', afterResultSelector: '{"ok":true}' },
    });
    const worker = JSON.stringify({ Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:nested-CjsWorker', End: true });
    expect(await sfn('test-state', '--definition', worker, '--input', '{"Records":[]}')).toMatchObject({ status: 'SUCCEEDED', output: 'null' });
    await refused(['stepfunctions', 'test-state', '--definition', '{"Type":"Pass","End":true}', '--inspection-level', 'LOUD'], 'ValidationException');
  });

  it('errors as AWS gives them: a bogus status filter, maxResults 1001, a bogus task token, an unknown execution', async () => {
    expect(await refused(['stepfunctions', 'list-executions', '--state-machine-arn', child(), '--status-filter', 'BOGUS'], 'ValidationException')).toContain(
      "Value 'BOGUS' at 'statusFilter' failed to satisfy constraint: Member must satisfy enum value set",
    );
    expect(await refused(['stepfunctions', 'list-executions', '--state-machine-arn', child(), '--max-results', '1001', '--no-paginate'], 'ValidationException')).toContain(
      'Member must have value less than or equal to 1000',
    );
    await refused(['stepfunctions', 'send-task-success', '--task-token', 'not-a-token', '--task-output', '{}'], 'InvalidToken');
    await refused(['stepfunctions', 'describe-execution', '--execution-arn', 'arn:aws:states:us-east-1:123456789012:execution:nested-Child:nope'], 'ExecutionDoesNotExist');
    expect(await refused(['stepfunctions', 'describe-execution', '--execution-arn', 'nope'], 'InvalidArn')).toContain("Invalid Arn: 'Invalid ARN prefix: nope'");
  });

  it('lambda invoke: the function’s response, a function error, an unknown function', async () => {
    const out = join(home, 'response.json');
    const binary = v2 ? ['--cli-binary-format', 'raw-in-base64-out'] : [];
    expect(await json(['lambda', 'invoke', '--function-name', 'nested-CjsWorker', '--payload', '{"Records":[]}', ...binary, out])).toEqual({ StatusCode: 200, ExecutedVersion: '$LATEST' });
    expect(readFileSync(out, 'utf8')).toBe('null');

    expect(await json(['lambda', 'invoke', '--function-name', 'nested-CjsWorker', '--payload', '{}', ...binary, out])).toEqual({ StatusCode: 200, FunctionError: 'Unhandled', ExecutedVersion: '$LATEST' });
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({ errorType: 'TypeError' });

    expect(await refused(['lambda', 'invoke', '--function-name', 'nope', out], 'ResourceNotFoundException')).toContain('Function not found: arn:aws:lambda:us-east-1:123456789012:function:nope');
  });
});
