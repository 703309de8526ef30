import { build, type BuildOptions, type Format } from 'esbuild';
import { join } from 'node:path';
import { TemplateError, UnsupportedFeatureError } from '../errors';
import type { StackSource, TemplateResource } from '../template/sam-template';

/**
 * Bundles a function the way `sam build` does for `Metadata: BuildMethod: esbuild`: the same
 * entry points, target, format, minification, source maps and externals, read from the
 * template's `BuildProperties`, so that what is measured and run locally is what Lambda runs.
 */
export interface EsbuildFunction {
  readonly logicalId: string;
  /** The folder `CodeUri` names, absolute. */
  readonly codeDir: string;
  readonly options: BuildOptions;
}

const SUPPORTED_PROPERTIES = new Set(['EntryPoints', 'Format', 'Minify', 'Sourcemap', 'Target', 'External', 'MainFields', 'OutExtension', 'Banner', 'Footer', 'Loader']);

const stringList = (value: unknown, name: string, file: string): string[] => {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new TemplateError(`BuildProperties.${name} must be a list of strings`, file);
  }
  return value;
};

/** `ext=value` pairs, as SAM writes Loader, OutExtension, Banner and Footer. */
const pairs = (value: unknown, name: string, file: string): Record<string, string> =>
  Object.fromEntries(
    stringList(value, name, file).map((pair) => {
      const at = pair.indexOf('=');
      if (at <= 0) throw new TemplateError(`BuildProperties.${name} entry '${pair}' is not key=value`, file);
      return [pair.slice(0, at), pair.slice(at + 1)];
    }),
  );

/** Reads a function's esbuild settings from the template; `undefined` when it is not built with esbuild. */
export const esbuildFunction = (stack: StackSource, logicalId: string, resource: TemplateResource): EsbuildFunction | undefined => {
  const metadata = resource.Metadata ?? {};
  if (metadata.BuildMethod === undefined) return undefined;
  const file = stack.templateFile;
  if (metadata.BuildMethod !== 'esbuild') {
    throw new UnsupportedFeatureError(`${logicalId}: BuildMethod ${JSON.stringify(metadata.BuildMethod)}`, file);
  }
  const properties = (metadata.BuildProperties ?? {}) as Record<string, unknown>;
  for (const name of Object.keys(properties)) {
    if (!SUPPORTED_PROPERTIES.has(name)) throw new UnsupportedFeatureError(`${logicalId}: BuildProperties.${name}`, file);
  }
  const codeUri = resource.Properties?.CodeUri;
  if (typeof codeUri !== 'string') throw new TemplateError(`${logicalId}: CodeUri must be a local folder`, file);
  const codeDir = join(stack.dir, codeUri);
  const entryPoints = stringList(properties.EntryPoints, 'EntryPoints', file);
  if (entryPoints.length === 0) throw new TemplateError(`${logicalId}: BuildProperties.EntryPoints is empty`, file);

  // SAM's defaults (aws-lambda-builders' esbuild workflow): bundle for node, target es2020, cjs.
  const options: BuildOptions = {
    absWorkingDir: codeDir,
    entryPoints,
    bundle: true,
    platform: 'node',
    target: typeof properties.Target === 'string' ? properties.Target : 'es2020',
    format: (properties.Format ?? 'cjs') as Format,
    minify: properties.Minify === true,
    sourcemap: properties.Sourcemap === true,
    external: stringList(properties.External, 'External', file),
    logLevel: 'silent',
  };
  const mainFields = stringList(properties.MainFields, 'MainFields', file);
  if (mainFields.length > 0) options.mainFields = mainFields;
  if (properties.OutExtension !== undefined) options.outExtension = pairs(properties.OutExtension, 'OutExtension', file);
  if (properties.Banner !== undefined) options.banner = pairs(properties.Banner, 'Banner', file);
  if (properties.Footer !== undefined) options.footer = pairs(properties.Footer, 'Footer', file);
  if (properties.Loader !== undefined) options.loader = pairs(properties.Loader, 'Loader', file) as BuildOptions['loader'];
  return { logicalId, codeDir, options };
};

/** Builds into `outDir` and returns the files written, with their sizes. */
export const buildFunction = async (fn: EsbuildFunction, outDir: string): Promise<{ path: string; bytes: number }[]> => {
  const result = await build({ ...fn.options, outdir: outDir, write: true, metafile: true });
  return Object.entries(result.metafile.outputs).map(([path, output]) => ({
    path: join(fn.codeDir, path),
    bytes: output.bytes,
  }));
};
