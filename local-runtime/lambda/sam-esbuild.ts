import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { BuildOptions, Format } from 'esbuild';
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

/** A file's content hash, or `undefined` when it cannot be read. */
const hashFile = (path: string): string | undefined => {
  try {
    return createHash('sha256').update(readFileSync(path)).digest('hex');
  } catch {
    return undefined;
  }
};

/** What a build was made from and what it wrote, kept in `<outDir>/.build-inputs.json`. */
interface BuildRecord {
  /** The esbuild options, with esbuild's version. */
  readonly options: string;
  /** Content hashes of every file esbuild read, by path relative to the code folder. */
  readonly inputs: Record<string, string>;
  readonly outputs: { readonly path: string; readonly bytes: number; readonly hash: string }[];
}

const RECORD_FILE = '.build-inputs.json';

/**
 * Builds into `outDir` and returns the files written, with their sizes. A build is reused when
 * nothing it was made from changed (the options, esbuild's version, the content of every file
 * it read, its sources and the packages it bundled) and its outputs are as it wrote them: the
 * same bytes as a new build would write, without loading esbuild at all.
 */
export const buildFunction = async (fn: EsbuildFunction, outDir: string): Promise<{ path: string; bytes: number }[]> => {
  const esbuildVersion = esbuildPackageVersion();
  const options = JSON.stringify({ esbuildVersion, options: fn.options, outDir });
  const recordFile = join(outDir, RECORD_FILE);
  const previous = readRecord(recordFile);
  if (
    previous?.options === options &&
    Object.entries(previous.inputs).every(([path, hash]) => hashFile(join(fn.codeDir, path)) === hash) &&
    previous.outputs.every((output) => hashFile(output.path) === output.hash)
  ) {
    return previous.outputs.map(({ path, bytes }) => ({ path, bytes }));
  }
  // Loaded only to build (CommonJS, as everywhere in the runtime).
  const { build } = createRequire(__filename)('esbuild') as typeof import('esbuild');
  const result = await build({ ...fn.options, outdir: outDir, write: true, metafile: true });
  const outputs = Object.entries(result.metafile.outputs).map(([path, output]) => ({
    path: join(fn.codeDir, path),
    bytes: output.bytes,
  }));
  const record: BuildRecord = {
    options,
    inputs: Object.fromEntries(Object.keys(result.metafile.inputs).map((path) => [path, hashFile(join(fn.codeDir, path)) ?? ''])),
    outputs: outputs.map((output) => ({ ...output, hash: hashFile(output.path) ?? '' })),
  };
  try {
    writeFileSync(recordFile, JSON.stringify(record));
  } catch {
    // Not recorded: the next start builds again.
  }
  return outputs;
};

const readRecord = (file: string): BuildRecord | undefined => {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as BuildRecord;
  } catch {
    return undefined;
  }
};

/** esbuild's version, read from its package.json (cheaper than loading esbuild). */
const esbuildPackageVersion = (): string => {
  try {
    return (JSON.parse(readFileSync(require.resolve('esbuild/package.json'), 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
};
