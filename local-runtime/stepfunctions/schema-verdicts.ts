import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { SchemaVerdicts } from '../interpreter';

/** A loopback URL's port: `http://127.0.0.1:41821/...` → `http://127.0.0.1/...`. */
const LOOPBACK_PORT = /(https?:\/\/(?:127\.0\.0\.1|localhost)):\d+/g;

/**
 * asl-validator's "valid" verdicts, kept across processes: as an empty file named by a hash under
 * node_modules/.cache/local-runtime/asl-valid/ (beside asl-validator, so that another version of
 * it, or a fresh `npm ci`, starts afresh). This saves every start of a stack the schema
 * compilation that asl-validator repeats on each check (see interpreter/definition-check.ts).
 *
 * The key leaves out the port of loopback URLs: the runtime's own endpoints listen on a port
 * chosen as it starts, so a definition that names one of its queues differs from run to run by
 * that port only, which no rule of the schema looks at. When the folder cannot be written,
 * verdicts are kept in this process only.
 */
export class PersistentSchemaVerdicts implements SchemaVerdicts {
  private readonly known = new Set<string>();
  private readonly folder: string | undefined;
  private readonly version: string;

  public constructor() {
    let folder: string | undefined;
    let version = 'unknown';
    try {
      const packageJson = require.resolve('asl-validator/package.json');
      version = (JSON.parse(readFileSync(packageJson, 'utf8')) as { version?: string }).version ?? version;
      // <node_modules>/asl-validator/package.json → <node_modules>/.cache/local-runtime/asl-valid
      folder = join(dirname(dirname(packageJson)), '.cache', 'local-runtime', 'asl-valid');
    } catch {
      folder = undefined;
    }
    this.folder = folder;
    this.version = version;
  }

  public isKnownValid(checkedText: string): boolean {
    const key = this.key(checkedText);
    if (this.known.has(key)) return true;
    if (this.folder === undefined || !existsSync(join(this.folder, key))) return false;
    this.known.add(key);
    return true;
  }

  public rememberValid(checkedText: string): void {
    const key = this.key(checkedText);
    this.known.add(key);
    if (this.folder === undefined) return;
    try {
      mkdirSync(this.folder, { recursive: true });
      writeFileSync(join(this.folder, key), '');
    } catch {
      // A read-only node_modules: remembered in this process only.
    }
  }

  private key(checkedText: string): string {
    return createHash('sha256').update(`${this.version}\n${checkedText.replace(LOOPBACK_PORT, '$1')}`).digest('hex');
  }
}

/** One store for the whole process. */
export const schemaVerdicts = new PersistentSchemaVerdicts();
