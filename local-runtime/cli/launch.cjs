#!/usr/bin/env node
'use strict';
/**
 * The launcher of the npm scripts that run TypeScript (`npm run demo`, `execute`, `local`,
 * `build`, `diagrams`, `validate:asl`, `bench`): `node local-runtime/cli/launch.cjs <command> [args]`.
 *
 * Compiling TypeScript at every start (tsx) cost half a second before anything ran. The launcher
 * runs the command from one CommonJS bundle of it instead, built by esbuild (already installed,
 * with tsx) into node_modules/.cache/local-runtime/cli/<command>.cjs, with the npm packages left
 * as they are, in node_modules. The bundle is built again only when a source file it was built
 * from changed (their content hashes are kept beside it in <command>.json), or esbuild did: a
 * fresh clone builds it on its first run, every later run starts it at once. esbuild is loaded
 * only to build.
 *
 * Plain CommonJS, so that it needs no compilation itself.
 */
const { createHash } = require('node:crypto');
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { join, relative, resolve } = require('node:path');

const root = resolve(__dirname, '..', '..');
/** The commands, and the TypeScript file each runs. */
const COMMANDS = {
  demo: 'local-runtime/cli/demo.ts',
  execute: 'local-runtime/cli/execute.ts',
  local: 'local-runtime/cli/local.ts',
  build: 'local-runtime/cli/build.ts',
  diagrams: 'local-runtime/cli/diagrams.ts',
  'validate-asl': 'local-runtime/cli/validate-asl.ts',
  bench: 'bench/bench.ts',
};
const cacheDir = join(root, 'node_modules', '.cache', 'local-runtime', 'cli');

const hashFile = (file) => {
  try {
    return createHash('sha256').update(readFileSync(file)).digest('hex');
  } catch {
    return 'missing';
  }
};

const esbuildVersion = () => {
  try {
    return JSON.parse(readFileSync(require.resolve('esbuild/package.json'), 'utf8')).version;
  } catch {
    return 'unknown';
  }
};

/** Whether the bundle was built from the sources as they are now (and by this launcher and esbuild). */
const isFresh = (manifestFile) => {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  } catch {
    return false;
  }
  if (manifest.launcher !== hashFile(__filename) || manifest.esbuild !== esbuildVersion()) return false;
  return Object.entries(manifest.inputs).every(([file, hash]) => hashFile(join(root, file)) === hash);
};

/** Bundles the command's entry with esbuild; records the hashes of the files it was built from. */
const build = (entry, bundleFile, manifestFile) => {
  const { buildSync } = require('esbuild');
  mkdirSync(cacheDir, { recursive: true });
  // Built beside the bundle, then renamed over it: a run that starts meanwhile never reads half a file.
  const temporary = `${bundleFile}.${process.pid}.tmp`;
  const result = buildSync({
    absWorkingDir: root,
    entryPoints: [entry],
    outfile: temporary,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: `node${process.versions.node.split('.')[0]}`,
    packages: 'external',
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
  });
  const inputs = Object.fromEntries(Object.keys(result.metafile.inputs).map((file) => [file, hashFile(join(root, file))]));
  renameSync(`${temporary}.map`, `${bundleFile}.map`);
  renameSync(temporary, bundleFile);
  const manifest = { launcher: hashFile(__filename), esbuild: esbuildVersion(), inputs };
  writeFileSync(`${manifestFile}.${process.pid}.tmp`, JSON.stringify(manifest));
  renameSync(`${manifestFile}.${process.pid}.tmp`, manifestFile);
};

const [command, ...args] = process.argv.slice(2);
const entry = COMMANDS[command];
if (entry === undefined) {
  process.stderr.write(`usage: node ${relative(process.cwd(), __filename)} <${Object.keys(COMMANDS).join('|')}> [arguments]\n`);
  process.exit(2);
}
const bundleFile = join(cacheDir, `${command}.cjs`);
const manifestFile = join(cacheDir, `${command}.json`);
// The bundle keeps the source map esbuild wrote, for --enable-source-maps: pass it in NODE_OPTIONS.
if (!isFresh(manifestFile)) build(entry, bundleFile, manifestFile);
// Run as the main module, with the command's own arguments, as `node <bundle> [args]` would.
process.argv = [process.argv[0], bundleFile, ...args];
Module.runMain(bundleFile);
