/**
 * `npm run validate:asl`: validates every `<stack>/statemachine/*.asl.json` with asl-validator
 * and refuses JSONata (see ../stepfunctions/definition.ts). Exit 1 on the first invalid file.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseDefinition, validateDefinition } from '../stepfunctions/definition';
import { findStackFolders } from './stack-folders';

const definitionFiles = findStackFolders(process.cwd()).flatMap((dir) => {
  const folder = join(dir, 'statemachine');
  return existsSync(folder)
    ? readdirSync(folder).filter((name) => name.endsWith('.asl.json')).map((name) => join(folder, name))
    : [];
});

let invalid = 0;
for (const file of definitionFiles) {
  const name = relative(process.cwd(), file);
  try {
    validateDefinition(parseDefinition(readFileSync(file, 'utf8'), name), name);
    console.log(`ok   ${name}`);
  } catch (error) {
    invalid += 1;
    console.log(`FAIL ${(error as Error).message}`);
  }
}
if (definitionFiles.length === 0) {
  console.log('no *.asl.json definitions found');
  invalid += 1;
}
process.exit(invalid === 0 ? 0 : 1);
