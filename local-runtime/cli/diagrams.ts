/**
 * `npm run diagrams [-- --check]`: rewrites the Mermaid diagram blocks of README.md from the ASL
 * files they name:
 *
 *   <!-- diagram: sync-demo/statemachine/main.asl.json -->
 *   ...generated...
 *   <!-- /diagram -->
 *
 * With --check it changes nothing and exits 1 when a block is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDefinition } from '../stepfunctions/definition';
import { mermaidFlowchart } from '../stepfunctions/mermaid';
import { parseCommandLine, UsageError } from './arguments';
import { runCli, type CliIo } from './run-cli';

const BLOCK = /(<!-- diagram: (\S+) -->\n)[\s\S]*?(<!-- \/diagram -->)/g;

/** The README with every diagram block regenerated from its ASL file. */
export const renderDiagrams = (readme: string, root: string): string =>
  readme.replace(BLOCK, (_block, open: string, file: string, close: string) => {
    const definition = parseDefinition(readFileSync(join(root, file), 'utf8'), file);
    return `${open}\`\`\`mermaid\n${mermaidFlowchart(definition)}\n\`\`\`\n${close}`;
  });

export const diagrams = (argv: string[], io: CliIo, root = process.cwd()): Promise<number> => {
  const { values, positionals } = parseCommandLine(argv, { check: { type: 'boolean', default: false } }, 'npm run diagrams [-- --check]');
  if (positionals.length > 0) throw new UsageError(`unexpected ${positionals.join(' ')} (usage: npm run diagrams [-- --check])`);
  const file = join(root, 'README.md');
  const readme = readFileSync(file, 'utf8');
  const rendered = renderDiagrams(readme, root);
  if (rendered === readme) {
    io.stdout('README.md diagrams are up to date');
    return Promise.resolve(0);
  }
  if (values.check) {
    io.stderr('README.md diagrams are stale: run npm run diagrams');
    return Promise.resolve(1);
  }
  writeFileSync(file, rendered);
  io.stdout('README.md diagrams rewritten from the ASL files');
  return Promise.resolve(0);
};

if (require.main === module) runCli((argv, io) => diagrams(argv, io));
