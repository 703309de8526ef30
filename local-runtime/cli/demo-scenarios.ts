import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TemplateError } from '../errors';

/**
 * A stack's demo scenarios, from `<stack>/demo.json`: the demo knows the stacks only through
 * these files and their templates.
 */
export interface DemoScenario {
  readonly name: string;
  readonly input: unknown;
  readonly expect: { readonly status: string; readonly error?: string };
}

export interface StackDemo {
  readonly folder: string;
  /** Stacks run in this order (lowest first). */
  readonly order: number;
  readonly stateMachine: string;
  readonly scenarios: readonly DemoScenario[];
}

export const readStackDemo = (folder: string): StackDemo | undefined => {
  const file = join(folder, 'demo.json');
  if (!existsSync(file)) return undefined;
  let parsed: Partial<StackDemo>;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<StackDemo>;
  } catch (error) {
    throw new TemplateError(`not JSON: ${(error as Error).message}`, file);
  }
  if (typeof parsed.stateMachine !== 'string' || !Array.isArray(parsed.scenarios)) {
    throw new TemplateError('expected {"stateMachine": LogicalId, "scenarios": [...]}', file);
  }
  for (const scenario of parsed.scenarios as Partial<DemoScenario>[]) {
    if (typeof scenario.name !== 'string' || typeof scenario.expect?.status !== 'string') {
      throw new TemplateError('each scenario needs a name and expect.status', file);
    }
  }
  return { folder, order: typeof parsed.order === 'number' ? parsed.order : 0, stateMachine: parsed.stateMachine, scenarios: parsed.scenarios };
};

/** Whether an execution ended as its scenario expects; the reason when it did not. */
export const checkScenario = (scenario: DemoScenario, status: string, error: string | undefined): string | undefined => {
  if (status !== scenario.expect.status) return `expected ${scenario.expect.status}, got ${status}${error ? ` (${error})` : ''}`;
  if (scenario.expect.error !== undefined && error !== scenario.expect.error) return `expected error ${scenario.expect.error}, got ${error ?? 'none'}`;
  return undefined;
};
