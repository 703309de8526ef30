import { StatesError, StatesErrorName } from './errors';
import { jsonText } from './history';

/**
 * Workflow variables (`Assign`). One scope per `States` block: the top level, each Parallel
 * branch, each Map iteration. An inner scope reads the outer ones; it never writes them (the
 * definition check refuses an inner Assign of an outer name).
 */

/** Step Functions' quotas: one variable, and all values of one Assign, at most 256 KiB; all of an execution's, 10 MiB. */
const MAX_VARIABLE_BYTES = 256 * 1024;
const MAX_ASSIGN_BYTES = 256 * 1024;
const MAX_EXECUTION_BYTES = 10 * 1024 * 1024;

const byteLength = (value: unknown): number => Buffer.byteLength(jsonText(value));

/** The bytes held by all scopes of one execution. */
export class VariableStore {
  public bytes = 0;
}

export class VariableScope {
  private readonly values = new Map<string, { value: unknown; bytes: number }>();

  public constructor(
    private readonly store: VariableStore,
    private readonly parent?: VariableScope,
  ) {}

  /** A scope for a branch or an iteration inside this one. */
  public child(): VariableScope {
    return new VariableScope(this.store, this);
  }

  /** Every variable visible here, as a plain object: the outer ones, then this scope's own. */
  public visible(): Readonly<Record<string, unknown>> {
    const outer = this.parent?.visible() ?? {};
    if (this.values.size === 0) return outer;
    const all: Record<string, unknown> = { ...outer };
    for (const [name, { value }] of this.values) all[name] = value;
    return all;
  }

  /** Sets the variables a state assigned, all at once, after checking the quotas. */
  public assign(assigned: Readonly<Record<string, unknown>>, stateName: string): void {
    const names = Object.keys(assigned);
    if (names.length === 0) return;
    let total = 0;
    const sizes = new Map<string, number>();
    for (const name of names) {
      const bytes = byteLength(assigned[name]);
      if (bytes > MAX_VARIABLE_BYTES) {
        throw new StatesError(StatesErrorName.DataLimitExceeded, `The variable '${name}' assigned by the state '${stateName}' is ${bytes} bytes, more than the quota of ${MAX_VARIABLE_BYTES} bytes per variable.`);
      }
      sizes.set(name, bytes);
      total += bytes;
    }
    if (total > MAX_ASSIGN_BYTES) {
      throw new StatesError(StatesErrorName.DataLimitExceeded, `The variables assigned by the state '${stateName}' are ${total} bytes, more than the quota of ${MAX_ASSIGN_BYTES} bytes per Assign.`);
    }
    const freed = names.reduce((sum, name) => sum + (this.values.get(name)?.bytes ?? 0), 0);
    if (this.store.bytes - freed + total > MAX_EXECUTION_BYTES) {
      throw new StatesError(StatesErrorName.DataLimitExceeded, `The state '${stateName}' would raise the execution's variables above the quota of ${MAX_EXECUTION_BYTES} bytes.`);
    }
    this.store.bytes += total - freed;
    for (const name of names) this.values.set(name, { value: assigned[name], bytes: sizes.get(name) ?? 0 });
  }

  /** The scope ends (a branch or an iteration finished): its variables go. */
  public release(): void {
    for (const { bytes } of this.values.values()) this.store.bytes -= bytes;
    this.values.clear();
  }
}
