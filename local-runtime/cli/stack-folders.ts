import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { TEMPLATE_FILE_NAMES } from '../template/load-stack';

/** The folders below `root` that hold a SAM template (template.yaml, .yml or .json): the project's stacks. */
export const findStackFolders = (root: string): string[] =>
  readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules')
    .map((entry) => join(root, entry.name))
    .filter((dir) => TEMPLATE_FILE_NAMES.some((name) => existsSync(join(dir, name))))
    .sort();
