import { TemplateError } from '../errors';

/**
 * SAM's DefinitionSubstitutions: `${Name}` in a DefinitionUri file is replaced by the value the
 * template gives `Name`. A placeholder with no substitution would reach Step Functions as a
 * literal `${Name}`, so it is an error here.
 */
const PLACEHOLDER = /\$\{([A-Za-z0-9_.]+)\}/g;

export const definitionPlaceholders = (text: string): string[] =>
  [...new Set([...text.matchAll(PLACEHOLDER)].map((match) => match[1] ?? ''))].sort();

export const substituteDefinition = (text: string, substitutions: Readonly<Record<string, string>>, file: string): string =>
  text.replace(PLACEHOLDER, (_placeholder, name: string) => {
    const value = substitutions[name];
    if (value === undefined) throw new TemplateError(`\${${name}} has no DefinitionSubstitutions entry`, file);
    // The value lands inside a JSON string: escape it as JSON does.
    return JSON.stringify(value).slice(1, -1);
  });
