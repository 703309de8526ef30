/**
 * What an expression refers to, read from its JSONata syntax tree at load time: `$eval` (not
 * available in Step Functions), `$$` (no top-level context: SPEC "JSONata Restrictions"), and
 * `$states.result` / `$states.errorOutput`, which only some fields may read (SPEC "Reserved
 * states Variable with JSONata", "Using Arguments and Output", "JSONata Catchers").
 */

/** The references a check looks for. */
export interface ExpressionReferences {
  /** `$eval`, called or not. */
  readonly eval: boolean;
  /** `$$`, the top-level context. */
  readonly rootContext: boolean;
  /** `$states.result...` */
  readonly statesResult: boolean;
  /** `$states.errorOutput...` */
  readonly statesErrorOutput: boolean;
}

/** A node of JSONata's syntax tree, as far as the checks read it. */
interface Node {
  readonly type?: unknown;
  readonly value?: unknown;
  readonly steps?: unknown;
}

/** True for a `variable` node named `name` (`$name`; `$$` is the variable named `$`). */
function isVariable(node: unknown, name: string): boolean {
  return typeof node === 'object' && node !== null && (node as Node).type === 'variable' && (node as Node).value === name;
}

/** The field a path `$states.<field>...` reads, or undefined for any other node. */
function statesField(node: Node): unknown {
  if (node.type !== 'path' || !Array.isArray(node.steps)) {
    return undefined;
  }
  const [first, second] = node.steps as readonly unknown[];
  if (!isVariable(first, 'states') || typeof second !== 'object' || second === null || (second as Node).type !== 'name') {
    return undefined;
  }
  return (second as Node).value;
}

/** Walks every object of the tree (whatever its node type), once each. */
function* nodes(root: unknown): Generator<Node> {
  const seen = new Set<object>();
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const current = pending.pop();
    if (typeof current !== 'object' || current === null || seen.has(current)) {
      continue;
    }
    seen.add(current);
    if (!Array.isArray(current)) {
      yield current;
    }
    const children: unknown[] = Object.values(current);
    pending.push(...children);
  }
}

/** The references of one syntax tree (from `jsonata(text).ast()`). */
export function findReferences(ast: unknown): ExpressionReferences {
  let found: ExpressionReferences = { eval: false, rootContext: false, statesResult: false, statesErrorOutput: false };
  for (const node of nodes(ast)) {
    const field = statesField(node);
    found = {
      eval: found.eval || isVariable(node, 'eval'),
      rootContext: found.rootContext || isVariable(node, '$'),
      statesResult: found.statesResult || field === 'result',
      statesErrorOutput: found.statesErrorOutput || field === 'errorOutput',
    };
  }
  return found;
}
