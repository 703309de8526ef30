import { extractParameterOverrides } from '../cli/arguments';
import { execute } from '../cli/execute';
import { exitCode, type CliIo } from '../cli/run-cli';
import { describeLogLine } from '../cli/timeline';
import { copyFixture } from './fixture-copy';

jest.setTimeout(30_000);

const captured = (): CliIo & { out: string[]; err: string[] } => {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (line) => out.push(line), stderr: (line) => err.push(line) };
};

describe('--parameter-overrides, as sam deploy takes it', () => {
  it.each([
    [['stack', '--parameter-overrides', 'Stage=dev', 'Size=3', '--json'], ['stack', '--json'], { Stage: 'dev', Size: '3' }],
    [['--parameter-overrides', 'Stage=dev Size=3', 'stack'], ['stack'], { Stage: 'dev', Size: '3' }],
    [['stack', '--parameter-overrides=Greeting=hello world'], ['stack'], { Greeting: 'hello world' }],
    [['stack', '--parameter-overrides', 'A="x y" B=\'z\''], ['stack'], { A: 'x y', B: 'z' }],
    [['stack', '--parameter-overrides', 'ParameterKey=Stage,ParameterValue=prod', 'ParameterKey=Size,ParameterValue=9'], ['stack'], { Stage: 'prod', Size: '9' }],
    [['stack', '--parameter-overrides', 'Stage=dev', '--parameter-overrides', 'Stage=prod'], ['stack'], { Stage: 'prod' }],
    [['stack', '--parameter-overrides', 'Url=https://x.example/?a=b'], ['stack'], { Url: 'https://x.example/?a=b' }],
  ])('%j', (argv, rest, overrides) => {
    expect(extractParameterOverrides(argv)).toEqual({ argv: rest, overrides });
  });

  it('needs at least one pair', () => {
    expect(() => extractParameterOverrides(['stack', '--parameter-overrides', '--json'])).toThrow(/--parameter-overrides takes Name=Value pairs/);
  });
});

describe('function log lines in the timeline', () => {
  it.each([
    ['plain text', 'plain text'],
    ['{"level":"INFO","message":"order placed","timestamp":"2025-01-01T00:00:00Z","service":"orders","cold_start":true,"function_name":"f","xray_trace_id":"1","orderId":42}', 'INFO order placed {"orderId":42}'],
    ['{"level":"error","message":{"code":7}}', 'ERROR {"code":7}'],
    ['{"not":"a log record"}', '{"not":"a log record"}'],
    ['{broken', '{broken'],
  ])('%s', (line, shown) => {
    expect(describeLogLine(line)).toBe(shown);
  });
});

describe('npm run execute on a stack written as most SAM examples are', () => {
  const fixture = copyFixture('sam-style');
  afterAll(() => {
    fixture.remove();
  });

  it('without the parameter: exit 2, naming it', async () => {
    const io = captured();
    expect(await exitCode(execute, [fixture.dir], io)).toBe(2);
    expect(io.err).toEqual([expect.stringMatching(/parameter without a value \(no Default\): Stage; give it with --parameter-overrides Stage=<value>/)]);
  });

  it('with it: runs, shows what it skips, the function logs prefixed by the function, and the caught failure', async () => {
    const io = captured();
    const code = await exitCode(execute, [fixture.dir, '--parameter-overrides', 'Stage=prod', 'GreetingPrefix=Hi', '--input', '{"name":"Ada","orderId":"o-9","quantity":0}', '--json'], io);
    expect({ code, err: code === 0 ? [] : io.err }).toEqual({ code: 0, err: [] });

    expect(JSON.parse(io.out.at(-1)!)).toMatchObject({ status: 'SUCCEEDED', output: { status: 'REJECTED', error: 'OrderValidationError' } });
    expect(io.err.filter((line) => line.includes('⊘ not emulated, skipped: OrdersTable (AWS::DynamoDB::Table)'))).toHaveLength(1);
    expect(io.err.some((line) => /GreetFunction\s+│ INFO greeting \{"name":"Ada"\}/.test(line))).toBe(true);
    expect(io.err.some((line) => line.includes('✗ task failed  OrderValidationError'))).toBe(true);
  });

  it('--no-function-logs hides the function logs, nothing else', async () => {
    const io = captured();
    expect(await exitCode(execute, [fixture.dir, '--parameter-overrides', 'Stage=dev', '--no-function-logs', '--input', '{"name":"Ada","orderId":"o-9","quantity":1}'], io)).toBe(0);

    expect(io.err.some((line) => line.includes('│'))).toBe(false);
    expect(io.err.some((line) => line.includes('✓ SUCCEEDED'))).toBe(true);
  });
});
