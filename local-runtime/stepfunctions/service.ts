import { EventEmitter } from 'node:events';
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { checkStateMachine, DefinitionError, UnsupportedDefinitionError, type InterpreterClock } from '../interpreter';
import { constraintError, optionalEnum, optionalInteger, optionalString, StepFunctionsApiError } from './api-errors';
import { TaskMocks } from './task-mocks';
import { Execution } from './execution';
import type { ChildExecution, IntegrationServices } from './integrations';
import { createStateMachine, type LocalStateMachine, type StateMachineSpec } from './state-machine';
import { TaskTokens, type TaskTokenActivity } from './task-tokens';
import { testState } from './test-state';

export interface StepFunctionsEvents {
  history: [execution: Execution, event: HistoryEvent];
  taskToken: [activity: TaskTokenActivity];
}

export interface AccountScope {
  readonly region: string;
  readonly accountId: string;
}

/** The services a Task state can call, besides Step Functions itself. */
export type ExternalServices = Pick<IntegrationServices, 'sendMessage' | 'publish' | 'invokeFunction'>;

const MAX_INPUT_BYTES = 256 * 1024;
// Step Functions execution names: 1-80 characters, no white space, none of these, no control characters.
const INVALID_NAME = /[\s<>{}[\]?*"#%\\^|~`$&,;:/]/;
const hasControlCharacter = (name: string): boolean =>
  Array.from({ length: name.length }, (_, i) => name.charCodeAt(i)).some((code) => code < 0x20 || (code >= 0x7f && code <= 0x9f));

export const EXECUTION_STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE'] as const;
// Tags: at most 50 a resource; keys 1-128 characters, values 0-256; letters, digits, white space and _ . : / = + - @.
const MAX_TAGS = 50;
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/** A diagnostic of ValidateStateMachineDefinition. */
export interface DefinitionDiagnostic {
  readonly severity: 'ERROR' | 'WARNING';
  readonly code: string;
  readonly message: string;
  readonly location?: string;
}

/**
 * An ARN of the resource type this operation takes (`stateMachine`, `execution`), or AWS's
 * InvalidArn: `Invalid ARN prefix` for what is not an ARN, `Resource type not valid in this
 * context` for an ARN of another type.
 */
export const checkArn = (arn: unknown, field: string, ...resourceTypes: string[]): string => {
  if (arn === undefined || arn === null) throw constraintError(null, field, 'Member must not be null');
  if (typeof arn !== 'string' || !arn.startsWith('arn:')) throw new StepFunctionsApiError('InvalidArn', `Invalid Arn: 'Invalid ARN prefix: ${typeof arn === 'string' ? arn : JSON.stringify(arn)}'`);
  const [, partition, service, , , resourceType = ''] = arn.split(':');
  if (partition === undefined || !partition.startsWith('aws') || service !== 'states') throw new StepFunctionsApiError('InvalidArn', `Invalid Arn: 'Invalid ARN prefix: ${arn}'`);
  if (!resourceTypes.includes(resourceType)) throw new StepFunctionsApiError('InvalidArn', `Invalid Arn: 'Resource type not valid in this context: ${resourceType}'`);
  return arn;
};

/**
 * A DefinitionError as diagnostics, located `/States/<state>/<field>` as AWS locates them. The
 * schema check's findings (`invalid definition: CODE: message; ...`) are one diagnostic each.
 */
const diagnosticsOf = (error: DefinitionError): DefinitionDiagnostic[] => {
  if (error instanceof UnsupportedDefinitionError || error.stateName !== null || error.field !== null) {
    const unsupported = error instanceof UnsupportedDefinitionError;
    const message = error.message.replace(/^(state '[^']*'(, )?)?(field '[^']*': )?/, '');
    const path = [...(error.stateName === null ? [] : ['States', error.stateName]), ...(error.field === null ? [] : error.field.split('.'))];
    const code = unsupported ? 'UNSUPPORTED_BY_LOCAL_RUNTIME' : error.field === 'Resource' ? 'INVALID_RESOURCE' : 'SCHEMA_VALIDATION_FAILED';
    return [{ severity: unsupported ? 'WARNING' : 'ERROR', code, message, ...(path.length > 0 && { location: `/${path.join('/')}` }) }];
  }
  if (error.message.startsWith('the definition is not JSON')) return [{ severity: 'ERROR', code: 'INVALID_JSON_DESCRIPTION', message: error.message }];
  const findings = error.message.replace(/^invalid definition: /, '').split('; ');
  return findings.map((finding) => {
    const coded = /^([A-Z][A-Z_]+): (.*)$/s.exec(finding);
    return { severity: 'ERROR', code: coded?.[1] ?? 'SCHEMA_VALIDATION_FAILED', message: coded?.[2] ?? finding };
  });
};

/**
 * The Step Functions service of the local runtime: state machines, executions, task tokens.
 * The HTTP endpoint (endpoint.ts) and the CLI both use it.
 */
export class StepFunctionsService {
  public readonly events = new EventEmitter<StepFunctionsEvents>();
  public readonly tokens = new TaskTokens((activity) => this.events.emit('taskToken', activity));
  /** Task states answered by mocks instead of their resources (LocalStack.mock). */
  public readonly mocks = new TaskMocks();
  private readonly stateMachines = new Map<string, LocalStateMachine>();
  private readonly executions = new Map<string, Execution>();
  /** The current tags of each state machine (TagResource, UntagResource). */
  private readonly tags = new Map<string, Map<string, string>>();
  private readonly integrationServices: IntegrationServices;

  public constructor(
    private readonly clock: InterpreterClock,
    public readonly scope: AccountScope,
    external: ExternalServices,
  ) {
    this.integrationServices = {
      ...external,
      tokens: this.tokens,
      startExecution: (stateMachineArn, input, name, parentExecutionArn) =>
        describe(this.startExecution({ stateMachineArn, input, name, parentExecutionArn })),
      executionEnded: async (executionArn) => describe(await this.execution(executionArn).ended),
      stopExecution: (executionArn, error, cause) => {
        this.stopExecution(executionArn, error, cause);
      },
    };
  }

  public stateMachineArn(name: string): string {
    return `arn:aws:states:${this.scope.region}:${this.scope.accountId}:stateMachine:${name}`;
  }

  public addStateMachine(spec: Omit<StateMachineSpec, 'arn'>): LocalStateMachine {
    const stateMachine = createStateMachine({ ...spec, arn: this.stateMachineArn(spec.name) }, this.integrationServices, this.mocks);
    this.stateMachines.set(stateMachine.arn, stateMachine);
    this.tags.set(stateMachine.arn, new Map(Object.entries(stateMachine.tags)));
    return stateMachine;
  }

  // ---- Tags --------------------------------------------------------------------------------------

  private taggable(resourceArn: unknown): Map<string, string> {
    const arn = checkArn(resourceArn, 'resourceArn', 'stateMachine', 'activity');
    const tags = this.tags.get(arn);
    if (!tags) throw new StepFunctionsApiError('ResourceNotFound', `Resource not found: '${arn}'`);
    return tags;
  }

  public listTags(resourceArn: unknown): { key: string; value: string }[] {
    return [...this.taggable(resourceArn)].map(([key, value]) => ({ key, value }));
  }

  public tagResource(resourceArn: unknown, tags: unknown): void {
    const current = this.taggable(resourceArn);
    if (!Array.isArray(tags)) throw constraintError(tags ?? null, 'tags', 'Member must not be null');
    const added = tags.map((tag: unknown, index) => {
      const { key, value } = (tag ?? {}) as { key?: unknown; value?: unknown };
      if (typeof key !== 'string' || key.length < 1 || key.length > 128 || !TAG_TEXT.test(key)) {
        throw constraintError(key ?? null, `tags.${index + 1}.member.key`, 'Member must have length between 1 and 128 and contain only letters, digits, white space and _ . : / = + - @');
      }
      const text = value ?? '';
      if (typeof text !== 'string' || text.length > 256 || !TAG_TEXT.test(text)) {
        throw constraintError(text, `tags.${index + 1}.member.value`, 'Member must have length less than or equal to 256 and contain only letters, digits, white space and _ . : / = + - @');
      }
      return [key, text] as const;
    });
    const keys = new Set([...current.keys(), ...added.map(([key]) => key)]);
    if (keys.size > MAX_TAGS) throw new StepFunctionsApiError('TooManyTags', `Too many tags: a resource can have at most ${MAX_TAGS} tags`);
    for (const [key, value] of added) current.set(key, value);
  }

  public untagResource(resourceArn: unknown, tagKeys: unknown): void {
    const current = this.taggable(resourceArn);
    if (!Array.isArray(tagKeys) || !tagKeys.every((key) => typeof key === 'string')) throw constraintError(tagKeys ?? null, 'tagKeys', 'Member must be a list of strings');
    for (const key of tagKeys) current.delete(key);
  }

  // ---- ValidateStateMachineDefinition and TestState ---------------------------------------------

  /**
   * ValidateStateMachineDefinition: OK, or FAIL with the interpreter's first DefinitionError as
   * an ERROR diagnostic. What AWS accepts but the local runtime does not run (Distributed Map,
   * Activities) is a WARNING (code UNSUPPORTED_BY_LOCAL_RUNTIME): the result stays OK.
   */
  public validateDefinition(request: Record<string, unknown>): { result: 'OK' | 'FAIL'; diagnostics: DefinitionDiagnostic[]; truncated: boolean } {
    const definition = request.definition;
    if (definition === undefined || definition === null) throw constraintError(null, 'definition', 'Member must not be null');
    if (typeof definition !== 'string') throw new StepFunctionsApiError('ValidationException', 'definition must be a string');
    if (definition.length === 0) throw constraintError('', 'definition', 'Member must have length greater than or equal to 1');
    const type = optionalEnum(request.type, 'type', ['STANDARD', 'EXPRESS']) ?? 'STANDARD';
    const severity = optionalEnum(request.severity, 'severity', ['ERROR', 'WARNING']) ?? 'ERROR';
    const requested = optionalInteger(request.maxResults, 'maxResults', 0, 100);
    const maxResults = requested === undefined || requested === 0 ? 100 : requested;
    const diagnostics: DefinitionDiagnostic[] = [];
    try {
      const { definition: checked } = checkStateMachine(definition);
      if (type === 'EXPRESS') {
        for (const [stateName, state] of Object.entries(checked.States)) {
          if (state.Type === 'Task' && typeof state.Resource === 'string' && /\.sync(:2)?$|\.waitForTaskToken$/.test(state.Resource)) {
            diagnostics.push({ severity: 'ERROR', code: 'INVALID_RESOURCE', message: `Express state machine does not support '${state.Resource}'`, location: `/States/${stateName}/Resource` });
          }
        }
      }
    } catch (error) {
      if (!(error instanceof DefinitionError)) throw error;
      diagnostics.push(...diagnosticsOf(error));
    }
    const shown = diagnostics.filter((diagnostic) => severity === 'WARNING' || diagnostic.severity === 'ERROR');
    return {
      result: diagnostics.some((diagnostic) => diagnostic.severity === 'ERROR') ? 'FAIL' : 'OK',
      diagnostics: shown.slice(0, maxResults),
      truncated: shown.length > maxResults,
    };
  }

  /** TestState: see test-state.ts. A Task without a mock calls the stack's own integrations. */
  public testState(request: Record<string, unknown>): Promise<Record<string, unknown>> {
    return testState(request, { services: this.integrationServices, region: this.scope.region, accountId: this.scope.accountId, now: () => this.clock.now() });
  }

  public listStateMachines(): LocalStateMachine[] {
    return [...this.stateMachines.values()];
  }

  public stateMachine(stateMachineArn: unknown): LocalStateMachine {
    const arn = checkArn(stateMachineArn, 'stateMachineArn', 'stateMachine');
    const stateMachine = this.stateMachines.get(arn);
    if (!stateMachine) throw new StepFunctionsApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
    return stateMachine;
  }

  public startExecution(request: { stateMachineArn: unknown; input?: unknown; name?: unknown; parentExecutionArn?: string }): Execution {
    const stateMachine = this.stateMachine(request.stateMachineArn);
    const input = request.input === undefined ? '{}' : request.input;
    if (typeof input !== 'string') throw new StepFunctionsApiError('InvalidExecutionInput', 'Invalid State Machine Execution Input: input must be a string of JSON');
    if (Buffer.byteLength(input) > MAX_INPUT_BYTES) {
      throw new StepFunctionsApiError('InvalidExecutionInput', `Invalid State Machine Execution Input: larger than ${MAX_INPUT_BYTES} bytes`);
    }
    try {
      JSON.parse(input);
    } catch (error) {
      throw new StepFunctionsApiError('InvalidExecutionInput', `Invalid State Machine Execution Input: '${(error as Error).message}'`);
    }
    const name = optionalString(request.name, 'name') ?? crypto.randomUUID();
    if (name.length === 0 || name.length > 80 || INVALID_NAME.test(name) || hasControlCharacter(name)) {
      throw new StepFunctionsApiError('InvalidName', `Invalid Name: '${name}'`);
    }
    const arn = `arn:aws:states:${this.scope.region}:${this.scope.accountId}:execution:${stateMachine.name}:${name}`;
    const existing = this.executions.get(arn);
    if (existing) {
      // StartExecution is idempotent for a running execution with the same name and input.
      if (existing.status === 'RUNNING' && existing.input === input) return existing;
      throw new StepFunctionsApiError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`);
    }
    const host = {
      clock: this.clock,
      region: this.scope.region,
      mintTaskToken: (stateName: string) => this.tokens.mint(arn, stateName),
      closeTaskToken: (token: string) => {
        this.tokens.close(token);
      },
    };
    const execution = new Execution(
      { host, onHistory: (e, event) => this.events.emit('history', e, event) },
      stateMachine,
      arn,
      name,
      input,
      request.parentExecutionArn,
    );
    this.executions.set(arn, execution);
    return execution;
  }

  public execution(executionArn: unknown): Execution {
    const arn = checkArn(executionArn, 'executionArn', 'execution', 'express');
    const execution = this.executions.get(arn);
    if (!execution) throw new StepFunctionsApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
    return execution;
  }

  public listExecutions(stateMachineArn: unknown, statusFilter?: unknown): Execution[] {
    const status = optionalEnum(statusFilter, 'statusFilter', EXECUTION_STATUSES);
    const stateMachine = this.stateMachine(stateMachineArn);
    if (status === 'PENDING_REDRIVE') {
      throw new StepFunctionsApiError('ValidationException', 'The PENDING_REDRIVE statusFilter is only allowed with a mapRunArn, not with a stateMachineArn');
    }
    return [...this.executions.values()]
      .filter((execution) => execution.stateMachine === stateMachine && (status === undefined || execution.status === status))
      .reverse();
  }

  public stopExecution(arn: unknown, error?: unknown, cause?: unknown): Execution {
    const execution = this.execution(arn);
    execution.stop(optionalString(error, 'error') ?? '', optionalString(cause, 'cause') ?? '');
    return execution;
  }

  /** Stops every running execution: the runtime is shutting down. */
  public stopAll(): void {
    for (const execution of this.executions.values()) execution.stop('States.Aborted', 'The local runtime stopped');
  }
}

const describe = (execution: Execution): ChildExecution => ({
  executionArn: execution.arn,
  stateMachineArn: execution.stateMachine.arn,
  name: execution.name,
  status: execution.status,
  startDate: execution.startDate,
  ...(execution.stopDate && { stopDate: execution.stopDate }),
  input: execution.input,
  ...(execution.output !== undefined && { output: execution.output }),
  ...(execution.error !== undefined && { error: execution.error }),
  ...(execution.cause !== undefined && { cause: execution.cause }),
});
