import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { TemplateError, UnsupportedFeatureError } from '../errors';
import type { StackSource, TemplateResource } from '../template/sam-template';
import type { FunctionCode } from './execution-environment';
import { buildFunction, esbuildFunction } from './sam-esbuild';

/**
 * The code a function runs, as `sam build` would prepare it: bundled with esbuild from the
 * template's Metadata into `<stack>/.aws-sam/local/<LogicalId>/` (inside the project, so that an
 * external `@aws-sdk/*` resolves from node_modules as it does from the Lambda runtime), or, without
 * Metadata, the JavaScript module that `CodeUri` and `Handler` name, as it is: `.js`, `.mjs` or
 * `.cjs`, in Lambda's order. A `.js` file is an ES module when the nearest package.json says
 * `"type": "module"`, as Node.js and Lambda decide.
 */
export const prepareFunctionCode = async (stack: StackSource, logicalId: string, resource: TemplateResource, handler: string): Promise<FunctionCode> => {
  const file = stack.templateFile;
  const dot = handler.lastIndexOf('.');
  if (dot <= 0) throw new TemplateError(`${logicalId}: Handler '${handler}' is not <file>.<export>`, file);
  const modulePathInCode = handler.slice(0, dot);
  const exportName = handler.slice(dot + 1);

  const esbuild = esbuildFunction(stack, logicalId, resource);
  if (esbuild) {
    const outDir = join(stack.dir, '.aws-sam', 'local', logicalId);
    const outputs = await buildFunction(esbuild, outDir);
    const bundle = outputs.find((output) => /\.(c|m)?js$/.test(output.path) && output.path.startsWith(join(outDir, modulePathInCode)));
    if (!bundle) throw new TemplateError(`${logicalId}: the esbuild output has no ${modulePathInCode}.js for Handler ${handler}`, file);
    return { modulePath: bundle.path, exportName, esm: bundle.path.endsWith('.mjs') || esbuild.options.format === 'esm' };
  }

  const codeUri = resource.Properties?.CodeUri;
  if (typeof codeUri !== 'string') throw new UnsupportedFeatureError(`${logicalId}: a CodeUri that is not a local folder`, file);
  for (const extension of ['.js', '.cjs', '.mjs']) {
    const modulePath = join(stack.dir, codeUri, `${modulePathInCode}${extension}`);
    if (existsSync(modulePath)) return { modulePath, exportName, esm: extension === '.mjs' || (extension === '.js' && nearestPackageType(modulePath) === 'module') };
  }
  if (existsSync(join(stack.dir, codeUri, `${modulePathInCode}.ts`))) {
    throw new TemplateError(`${logicalId}: ${modulePathInCode}.ts is TypeScript; add Metadata BuildMethod: esbuild so that it is built, as sam build needs too`, file);
  }
  throw new TemplateError(`${logicalId}: no module ${modulePathInCode}.js in CodeUri ${codeUri} for Handler ${handler}`, file);
};

/** The `type` of the package.json nearest to a file (Node's rule for `.js` files): `commonjs` by default. */
export const nearestPackageType = (file: string): string => {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    const packageJson = join(dir, 'package.json');
    if (existsSync(packageJson)) {
      try {
        const { type } = JSON.parse(readFileSync(packageJson, 'utf8')) as { type?: unknown };
        return type === 'module' ? 'module' : 'commonjs';
      } catch {
        return 'commonjs';
      }
    }
    if (dirname(dir) === dir) return 'commonjs';
  }
};
