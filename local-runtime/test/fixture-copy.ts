import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

/**
 * A copy of a fixture stack in the system's temporary folder, under its own name (the stack's
 * name), so that nothing its handlers import resolves from the project's node_modules by accident:
 * what they get, they get from the runtime, as on Lambda.
 */
export const copyFixture = (name: string): { dir: string; remove: () => void } => {
  const root = mkdtempSync(join(tmpdir(), `${basename(name)}-`));
  const dir = join(root, basename(name));
  cpSync(join(__dirname, 'fixtures', name), dir, { recursive: true });
  return { dir, remove: () => { rmSync(root, { recursive: true, force: true }); } };
};
