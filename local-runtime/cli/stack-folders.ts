import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The folders below `root` that hold a template.yaml: the project's stacks. */
export const findStackFolders = (root: string): string[] =>
  readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules')
    .map((entry) => join(root, entry.name))
    .filter((dir) => existsSync(join(dir, 'template.yaml')))
    .sort();
