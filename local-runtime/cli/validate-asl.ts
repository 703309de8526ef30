/**
 * `npm run validate:asl`: checks every `<stack>/statemachine/*.asl.json` as the local runtime loads it
 * (asl-validator, then the query languages: see ../interpreter/definition-check.ts). Exit 1 on an invalid file.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { validateDefinition } from '../stepfunctions/definition';
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
    validateDefinition(readFileSync(file, 'utf8'), name);
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
