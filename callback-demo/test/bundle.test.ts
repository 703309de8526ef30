import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { buildFunction, esbuildFunction } from '../../local-runtime/lambda/sam-esbuild';
import { loadStack } from '../../local-runtime/template/load-stack';

const BUDGET_BYTES = 64 * 1024;

describe('the worker bundle, built as sam build builds it', () => {
  // Inside the project, so that the external @aws-sdk/* resolves from node_modules as it does
  // from the Lambda runtime.
  const scratch = join(__dirname, '..', '.aws-sam');
  mkdirSync(scratch, { recursive: true });
  const outDir = mkdtempSync(join(scratch, 'bundle-test-'));
  afterAll(() => {
    rmSync(outDir, { recursive: true, force: true });
  });

  it('fits the budget, keeps the AWS SDK external, loads, and exports the handler', async () => {
    const stack = loadStack(join(__dirname, '..'));
    const fn = esbuildFunction(stack, 'CallbackWorkerFunction', stack.template.Resources.CallbackWorkerFunction!);
    const outputs = await buildFunction(fn!, outDir);

    const bundle = outputs.find((output) => output.path.endsWith('handler.js'))!;
    expect(bundle.bytes).toBeLessThanOrEqual(BUDGET_BYTES);
    const source = readFileSync(bundle.path, 'utf8');
    expect(source).toMatch(/require\("@aws-sdk\/client-sfn"\)/);

    process.env.AWS_REGION ??= 'us-east-1';
    // Node's own require, as Lambda loads it, not jest's module registry.
    const loaded = createRequire(__filename)(bundle.path) as { handler?: unknown };
    expect(typeof loaded.handler).toBe('function');
  });
});
