/** Every object node of a parsed template or definition, with its path, depth first. */
export function* walkObjects(node: unknown, path = ''): Generator<[path: string, node: Record<string, unknown>]> {
  if (Array.isArray(node)) {
    for (const [index, item] of node.entries()) yield* walkObjects(item, `${path}[${index}]`);
  } else if (typeof node === 'object' && node !== null) {
    const object = node as Record<string, unknown>;
    yield [path, object];
    for (const [key, value] of Object.entries(object)) yield* walkObjects(value, path ? `${path}.${key}` : key);
  }
}
