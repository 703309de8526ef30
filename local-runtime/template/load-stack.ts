import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { yamlParse } from 'yaml-cfn';
import { TemplateError } from '../errors';
import type { SamTemplate, StackSource } from './sam-template';

/** The template file names SAM looks for in a stack folder, in its order. */
export const TEMPLATE_FILE_NAMES = ['template.yaml', 'template.yml', 'template.json'] as const;

/**
 * Reads the stack's template (template.yaml, template.yml or template.json, as SAM finds it), with CloudFormation's short-form tags (!Ref, !GetAtt, !Sub, ...)
 * turned into their long form ({"Ref": ...}, {"Fn::GetAtt": ...}) by yaml-cfn.
 */
export const loadStack = (folder: string): StackSource => {
  const dir = resolve(folder);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new TemplateError('no such stack folder', folder);
  }
  const templateFile = TEMPLATE_FILE_NAMES.map((name) => join(dir, name)).find((file) => existsSync(file));
  if (templateFile === undefined) throw new TemplateError(`no template (${TEMPLATE_FILE_NAMES.join(', ')}) in this folder`, folder);

  let parsed: unknown;
  try {
    parsed = yamlParse(readFileSync(templateFile, 'utf8'));
  } catch (error) {
    throw new TemplateError(`not valid ${templateFile.endsWith('.json') ? 'JSON' : 'YAML'}: ${(error as Error).message.split('\n')[0] ?? ''}`, templateFile);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new TemplateError('not a template (expected a YAML mapping)', templateFile);
  }
  const template = parsed as Partial<SamTemplate>;
  const resources = template.Resources;
  if (typeof resources !== 'object' || Object.keys(resources).length === 0) {
    throw new TemplateError('no Resources', templateFile);
  }
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (typeof resource !== 'object' || typeof (resource as { Type?: unknown }).Type !== 'string') {
      throw new TemplateError(`resource ${logicalId} has no Type`, templateFile);
    }
  }
  return { dir, templateFile, template: template as SamTemplate };
};
