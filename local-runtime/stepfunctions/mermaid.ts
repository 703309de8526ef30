import type { AslDefinition, AslState } from './definition';

/**
 * A Mermaid flowchart of a state machine, drawn from its ASL: one node per state (its shape says
 * its type; a Task shows its integration), an edge per transition, Choice rules as edge labels,
 * Catch transitions dashed.
 */
type Rule = Record<string, unknown>;

const OPERATORS: Record<string, string> = {
  StringEquals: '==',
  StringMatches: 'matches',
  NumericEquals: '==',
  NumericLessThan: '<',
  NumericGreaterThan: '>',
  NumericLessThanEquals: '<=',
  NumericGreaterThanEquals: '>=',
  BooleanEquals: '==',
  TimestampEquals: '==',
  TimestampLessThan: '<',
  TimestampGreaterThan: '>',
};
const TYPE_TESTS: Record<string, string> = { IsNumeric: 'is a number', IsString: 'is a string', IsBoolean: 'is a boolean', IsNull: 'is null', IsPresent: 'is present', IsTimestamp: 'is a timestamp' };

/** A JSONata expression without its `{% %}` delimiters. */
const expression = (value: unknown): string => String(value).replace(/^\{%\s*/, '').replace(/\s*%\}$/, '');

/**
 * A Choice rule in words. A JSONata rule reads as its Comment, when it has one (a Condition is
 * code, often too long for an edge label), else as its expression; a JSONPath rule is put into
 * words: `$.a < 0`, `not $.b is a boolean`.
 */
export const describeRule = (rule: Rule): string => {
  if ('Condition' in rule) return typeof rule.Comment === 'string' ? rule.Comment : expression(rule.Condition);
  if (Array.isArray(rule.And)) return (rule.And as Rule[]).map(describeRule).join(' and ');
  if (Array.isArray(rule.Or)) return (rule.Or as Rule[]).map(describeRule).join(' or ');
  if (rule.Not) return `not ${describeRule(rule.Not as Rule)}`;
  const variable = String(rule.Variable);
  for (const [name, test] of Object.entries(TYPE_TESTS)) {
    if (name in rule) return rule[name] === true ? `${variable} ${test}` : `not ${variable} ${test}`;
  }
  for (const [name, operator] of Object.entries(OPERATORS)) {
    if (name in rule) return `${variable} ${operator} ${JSON.stringify(rule[name])}`;
    if (`${name}Path` in rule) return `${variable} ${operator} ${String(rule[`${name}Path`])}`;
  }
  return variable;
};

/** Mermaid text in double quotes, with its syntax characters as entity codes. */
const label = (text: string): string =>
  `"${text
    .replaceAll('"', '#quot;')
    .replaceAll('{', '#123;')
    .replaceAll('}', '#125;')
    .replaceAll('[', '#91;')
    .replaceAll(']', '#93;')
    .replaceAll('\n', ' ')}"`;

const integration = (resource: string): string => resource.replace(/^arn:aws:states:::/, '');

const node = (id: string, name: string, state: AslState): string => {
  switch (state.Type) {
    case 'Task':
      return `${id}[${label(`${name}<br/>${integration(state.Resource ?? '')}`)}]`;
    case 'Choice':
      return `${id}{${label(name)}}`;
    case 'Wait':
      return `${id}[/${label(name)}/]`;
    case 'Succeed':
      return `${id}([${label(`✔ ${name}`)}])`;
    case 'Fail':
      return `${id}([${label(`✘ ${name}`)}])`;
    case 'Parallel':
    case 'Map':
      return `${id}[[${label(`${name}<br/>${state.Type}`)}]]`;
    default:
      return `${id}(${label(name)})`;
  }
};

export const mermaidFlowchart = (definition: AslDefinition): string => {
  const names = Object.keys(definition.States);
  const id = (name: string): string => `s${names.indexOf(name)}`;
  const lines = ['flowchart TD', `  start((start)) --> ${id(definition.StartAt)}`];
  for (const [name, state] of Object.entries(definition.States)) lines.push(`  ${node(id(name), name, state)}`);
  for (const [name, state] of Object.entries(definition.States)) {
    const from = id(name);
    const choices = (state.Choices ?? []) as (Rule & { Next: string })[];
    for (const choice of choices) lines.push(`  ${from} -- ${label(describeRule(choice))} --> ${id(choice.Next)}`);
    if (typeof state.Default === 'string') lines.push(`  ${from} -- "otherwise" --> ${id(state.Default)}`);
    if (typeof state.Next === 'string') lines.push(`  ${from} --> ${id(state.Next)}`);
    if (state.End === true || state.Type === 'Succeed' || state.Type === 'Fail') lines.push(`  ${from} --> finish((end))`);
    for (const catcher of (state.Catch ?? []) as { ErrorEquals: string[]; Next: string }[]) {
      lines.push(`  ${from} -. ${label(`catch ${catcher.ErrorEquals.join(', ')}`)} .-> ${id(catcher.Next)}`);
    }
  }
  return lines.join('\n');
};
