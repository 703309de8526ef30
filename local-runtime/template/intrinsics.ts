import { TemplateError, UnsupportedFeatureError } from '../errors';

/**
 * CloudFormation's intrinsic functions, for the values the local runtime needs: Ref, Fn::GetAtt,
 * Fn::Sub, Fn::Join, Fn::Select, Fn::If and the condition functions, with parameter defaults
 * and pseudo parameters. Any other function is refused by name.
 */
export interface ResolutionScope {
  readonly file: string;
  /** Parameter values (their defaults) and pseudo parameters (AWS::Region, ...). */
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly conditions: Readonly<Record<string, unknown>>;
  /** The value of `Ref` for a resource of the stack, undefined when it has none here. */
  readonly ref: (logicalId: string) => string | undefined;
  readonly getAtt: (logicalId: string, attribute: string) => string | undefined;
}

/** `Ref: AWS::NoValue`: the property is removed. */
export const NO_VALUE = Symbol('AWS::NoValue');

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const asList = (value: unknown, name: string, scope: ResolutionScope, where: string): unknown[] => {
  if (!Array.isArray(value)) throw new TemplateError(`${where}: ${name} takes a list`, scope.file);
  return value;
};

const text = (value: unknown, scope: ResolutionScope, where: string): string => {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new TemplateError(`${where}: expected a string, got ${JSON.stringify(value)}`, scope.file);
};

const ref = (name: string, scope: ResolutionScope, where: string): unknown => {
  if (name === 'AWS::NoValue') return NO_VALUE;
  if (name in scope.parameters) return scope.parameters[name];
  const value = scope.ref(name);
  if (value === undefined) throw new TemplateError(`${where}: Ref to '${name}', which is not a parameter or a resource the local runtime knows`, scope.file);
  return value;
};

const getAtt = (target: string, attribute: string, scope: ResolutionScope, where: string): string => {
  const value = scope.getAtt(target, attribute);
  if (value === undefined) throw new UnsupportedFeatureError(`${where}: Fn::GetAtt ${target}.${attribute}`, scope.file);
  return value;
};

const sub = (template: string, variables: Record<string, unknown>, scope: ResolutionScope, where: string): string =>
  template.replace(/\$\{(!?)([^}]+)\}/g, (whole, literal: string, name: string) => {
    if (literal) return `\${${name}}`;
    if (name in variables) return text(resolveValue(variables[name], scope, where), scope, where);
    const dot = name.indexOf('.');
    if (dot > 0 && !name.startsWith('AWS::')) return getAtt(name.slice(0, dot), name.slice(dot + 1), scope, where);
    return text(ref(name, scope, where), scope, where);
  });

export const evaluateCondition = (name: string, scope: ResolutionScope, where: string): boolean => {
  if (!(name in scope.conditions)) throw new TemplateError(`${where}: unknown condition '${name}'`, scope.file);
  const value = resolveValue(scope.conditions[name], scope, `Conditions.${name}`);
  if (typeof value !== 'boolean') throw new TemplateError(`Conditions.${name}: does not evaluate to true or false`, scope.file);
  return value;
};

export const resolveValue = (node: unknown, scope: ResolutionScope, where: string): unknown => {
  if (Array.isArray(node)) return node.map((item, i) => resolveValue(item, scope, `${where}[${i}]`)).filter((item) => item !== NO_VALUE);
  if (!isObject(node)) return node;
  const keys = Object.keys(node);
  const [fn] = keys;
  if (keys.length === 1 && fn !== undefined && (fn === 'Ref' || fn === 'Condition' || fn.startsWith('Fn::'))) {
    const argument = node[fn];
    const here = `${where}.${fn}`;
    switch (fn) {
      case 'Ref':
        return ref(text(argument, scope, here), scope, here);
      case 'Condition':
        return evaluateCondition(text(argument, scope, here), scope, here);
      case 'Fn::GetAtt': {
        const [target, ...attribute] = Array.isArray(argument) ? argument.map((part) => text(part, scope, here)) : text(argument, scope, here).split('.');
        return getAtt(target ?? '', attribute.join('.'), scope, here);
      }
      case 'Fn::Sub': {
        const [template, variables = {}] = Array.isArray(argument) ? (argument as unknown[]) : [argument];
        return sub(text(template, scope, here), isObject(variables) ? variables : {}, scope, here);
      }
      case 'Fn::Join': {
        const [separator, items] = asList(argument, fn, scope, here);
        return asList(resolveValue(items, scope, here), fn, scope, here).map((item) => text(item, scope, here)).join(text(separator, scope, here));
      }
      case 'Fn::Select': {
        const [index, items] = asList(argument, fn, scope, here);
        return asList(resolveValue(items, scope, here), fn, scope, here)[Number(resolveValue(index, scope, here))];
      }
      case 'Fn::If': {
        const [condition, whenTrue, whenFalse] = asList(argument, fn, scope, here);
        return resolveValue(evaluateCondition(text(condition, scope, here), scope, here) ? whenTrue : whenFalse, scope, here);
      }
      case 'Fn::Equals': {
        const [left, right] = asList(resolveValue(argument, scope, here), fn, scope, here);
        return JSON.stringify(left) === JSON.stringify(right) || String(left) === String(right);
      }
      case 'Fn::Not':
        return !(asList(resolveValue(argument, scope, here), fn, scope, here)[0] as boolean);
      case 'Fn::And':
        return asList(resolveValue(argument, scope, here), fn, scope, here).every(Boolean);
      case 'Fn::Or':
        return asList(resolveValue(argument, scope, here), fn, scope, here).some(Boolean);
      default:
        throw new UnsupportedFeatureError(`${where}: ${fn}`, scope.file);
    }
  }
  const resolved: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    const result = resolveValue(value, scope, `${where}.${key}`);
    if (result !== NO_VALUE) resolved[key] = result;
  }
  return resolved;
};
