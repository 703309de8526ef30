import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';
import { demo } from '../cli/demo';
import { execute } from '../cli/execute';
import { serve } from '../cli/local';
import { exitCode, type CliIo } from '../cli/run-cli';
import { LOCAL_CREDENTIALS } from '../sqs/local-sqs';
import { until } from '../testing/local-stack';

jest.setTimeout(30_000);
const root = join(__dirname, '..', '..');
const sync = join(root, 'sync-demo');
const callback = join(root, 'callback-demo');

const captured = (): CliIo & { out: string[]; err: string[] } => {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (line) => out.push(line), stderr: (line) => err.push(line) };
};

describe('npm run execute', () => {
  it.each([
    [[], /expected one stack folder/],
    [[sync, 'extra'], /expected one stack folder/],
    [[sync, '--bogus'], /Unknown option '--bogus'/],
    [[sync, '--input', '{not json'], /the input is not JSON/],
    [[sync, '--input', '{}', '--input-file', 'x.json'], /--input or --input-file, not both/],
    [[sync, '--input-file', join(root, 'nowhere.json')], /cannot read --input-file .*ENOENT/],
    // Time is virtual on the local runtime: there is no time scale to choose.
    [[sync, '--time-scale', '0.01'], /Unknown option '--time-scale'/],
    [[join(root, 'no-such-stack')], /no such stack folder/],
    [[callback, '--state-machine', 'Nope'], /no state machine Nope in the stack \(it has CallbackStateMachine\)/],
  ])('%j: exit 2 with a one-line message', async (argv, message) => {
    const io = captured();
    expect(await exitCode(execute, argv, io)).toBe(2);
    expect(io.err).toHaveLength(1);
    expect(io.err[0]).toMatch(message);
    expect(io.err[0]).not.toContain('\n');
  });

  it('a SUCCEEDED execution: exit 0, the timeline on stderr, the result as the last line of stdout', async () => {
    const io = captured();
    expect(await exitCode(execute, [sync, '--input', '{"durationSeconds": 3}', '--json'], io)).toBe(0);

    const result = JSON.parse(io.out.at(-1)!);
    expect(result).toEqual({ executionArn: expect.stringContaining(':execution:sync-demo-MainStateMachine:'), status: 'SUCCEEDED', output: expect.objectContaining({ status: 'SUCCEEDED' }), error: null, cause: null });
    expect(result.output.output.durationSeconds).toBe(3);
    expect(io.err.some((line) => line.includes('MainStateMachine') && line.includes('▶ started'))).toBe(true);
    expect(io.err.some((line) => line.includes('JobStateMachine') && line.includes('→ Work (Wait)'))).toBe(true);
  });

  it('a FAILED execution: exit 1 with its error and cause', async () => {
    const io = captured();
    expect(await exitCode(execute, [sync, '--input', '{"fail": true}', '--json'], io)).toBe(1);

    expect(JSON.parse(io.out.at(-1)!)).toMatchObject({ status: 'FAILED', output: null, error: 'Job.Failed', cause: expect.stringContaining('ended FAILED') });
  });

  it('runs as the npm script does, in its own process', async () => {
    const { stdout } = await promisify(execFile)(join(root, 'node_modules', '.bin', 'tsx'), ['local-runtime/cli/execute.ts', 'callback-demo', '--input', '{"status":"success"}', '--json'], { cwd: root });

    expect(JSON.parse(stdout.trim().split('\n').at(-1)!)).toMatchObject({ status: 'SUCCEEDED', output: { status: 'success' } });
  });
});

describe('npm run local', () => {
  it('prints its endpoints and ARNs as one JSON line, serves the Step Functions API, and stops cleanly', async () => {
    const io = captured();
    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => {
      stop = resolve;
    });
    const served = serve([sync, '--json'], io, stopped);
    await until(() => io.out.length > 0, 'the endpoints line');

    const ready = JSON.parse(io.out[0]!);
    expect(ready).toEqual({
      endpoints: { stepfunctions: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), sqs: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) },
      stateMachines: { JobStateMachine: expect.stringContaining(':stateMachine:sync-demo-JobStateMachine'), MainStateMachine: expect.stringContaining(':stateMachine:sync-demo-MainStateMachine') },
      queues: {},
    });
    const sfn = new SFNClient({ region: 'us-east-1', endpoint: ready.endpoints.stepfunctions, credentials: LOCAL_CREDENTIALS });
    const { stateMachines = [] } = await sfn.send(new ListStateMachinesCommand({}));
    expect(stateMachines.map((sm) => sm.stateMachineArn).sort()).toEqual([ready.stateMachines.JobStateMachine, ready.stateMachines.MainStateMachine]);
    sfn.destroy();

    stop();
    expect(await served).toBe(0);
  });

  it('refuses a bad port with exit 2', async () => {
    const io = captured();
    expect(await exitCode((argv, cliIo) => serve(argv, cliIo, Promise.resolve()), [sync, '--port', 'eighty'], io)).toBe(2);
    expect(io.err[0]).toMatch(/--port must be a port number/);
  });
});

describe('npm run demo', () => {
  it('runs every scenario of both stacks and exits 0 when all end as expected', async () => {
    const io = captured();
    expect(await exitCode((argv, cliIo) => demo(argv, cliIo, root), [], io)).toBe(0);

    const text = io.out.join('\n');
    expect(text).toMatch(/■ sync-demo: the job runs and succeeds[\s\S]*■ sync-demo: the job fails[\s\S]*■ callback-demo: the worker reports success[\s\S]*■ callback-demo: the worker reports failure/);
    expect(text).toContain('✉ SNS callback-demo-ResultTopic: "Callback task succeeded"');
    expect(text).toContain('↩ SendTaskFailure for WaitForWorker');
    expect(text).toContain('4 of 4 scenarios ended as expected');
  });
});
