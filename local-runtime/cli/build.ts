/**
 * `npm run build [stack-folder...]`: bundles every esbuild function of the stacks (all the
 * `*\/template.yaml` folders by default) exactly as `sam build` would, into
 * `<stack>/.aws-sam/esbuild/<LogicalId>/`, and prints each bundle's size against the budget.
 * Exit 1 when a bundle is over budget or a build fails.
 */
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { buildFunction, esbuildFunction } from '../lambda/sam-esbuild';
import { loadStack } from '../template/load-stack';
import { resourcesOfType } from '../template/sam-template';
import { findStackFolders } from './stack-folders';

/** 64 KB minified, with `@aws-sdk/*` external (the Lambda runtime provides it). */
export const BUNDLE_BUDGET_BYTES = 64 * 1024;

const main = async (): Promise<number> => {
  const folders = process.argv.length > 2 ? process.argv.slice(2) : findStackFolders(process.cwd());
  let overBudget = 0;
  for (const folder of folders) {
    const stack = loadStack(folder);
    for (const [logicalId, resource] of resourcesOfType(stack.template, 'AWS::Serverless::Function')) {
      const fn = esbuildFunction(stack, logicalId, resource);
      if (!fn) continue;
      const outputs = await buildFunction(fn, join(stack.dir, '.aws-sam', 'esbuild', logicalId));
      for (const output of outputs.filter((o) => o.path.endsWith('.js') || o.path.endsWith('.mjs'))) {
        const gzip = gzipSync(readFileSync(output.path)).length;
        const ok = output.bytes <= BUNDLE_BUDGET_BYTES;
        if (!ok) overBudget += 1;
        console.log(
          `${logicalId}: ${relative(process.cwd(), output.path)} ${output.bytes.toLocaleString('en')} bytes ` +
            `(gzip ${gzip.toLocaleString('en')}), budget ${BUNDLE_BUDGET_BYTES.toLocaleString('en')}: ${ok ? 'ok' : 'OVER BUDGET'}`,
        );
      }
    }
  }
  return overBudget === 0 ? 0 : 1;
};

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
