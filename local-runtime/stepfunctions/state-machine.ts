import { TemplateError, UnsupportedFeatureError } from '../errors';
import { DefinitionError, loadStateMachine, UnsupportedDefinitionError, type Definition, type LoadedStateMachine } from '../interpreter';
import { schemaVerdicts } from './schema-verdicts';
import { withMocks, type TaskMocks } from './task-mocks';
import { integrations, type IntegrationServices } from './integrations';

/** DescribeStateMachine's loggingConfiguration, as the API spells it. */
export interface LoggingConfiguration {
  readonly level: 'ALL' | 'ERROR' | 'FATAL' | 'OFF';
  readonly includeExecutionData: boolean;
  readonly destinations?: readonly { readonly cloudWatchLogsLogGroup: { readonly logGroupArn: string } }[];
}

/** DescribeStateMachine's tracingConfiguration. */
export interface TracingConfiguration {
  readonly enabled: boolean;
}

/** What AWS reports for a state machine created without Logging or Tracing. */
export const NO_LOGGING: LoggingConfiguration = { level: 'OFF', includeExecutionData: false };
export const NO_TRACING: TracingConfiguration = { enabled: false };

/** A state machine as the local runtime runs it: its definition, checked and loaded once. */
export interface LocalStateMachine {
  readonly arn: string;
  readonly name: string;
  readonly type: 'STANDARD' | 'EXPRESS';
  readonly roleArn: string;
  readonly definitionText: string;
  readonly definition: Definition;
  readonly machine: LoadedStateMachine;
  readonly creationDate: Date;
  readonly file: string;
  readonly loggingConfiguration: LoggingConfiguration;
  readonly tracingConfiguration: TracingConfiguration;
  /** The tags it was created with (the service keeps the current ones: TagResource, UntagResource). */
  readonly tags: Readonly<Record<string, string>>;
}

export interface StateMachineSpec {
  readonly arn: string;
  readonly name: string;
  readonly type: 'STANDARD' | 'EXPRESS';
  readonly roleArn: string;
  /** The definition after DefinitionSubstitutions. */
  readonly definitionText: string;
  /** Where the definition comes from, for messages. */
  readonly file: string;
  /** The template's `Tags` (SAM also adds `stateMachine:createdBy: SAM`). */
  readonly tags?: Readonly<Record<string, string>>;
  /** From the template's `Logging` (see loggingConfiguration); default: level OFF. */
  readonly loggingConfiguration?: LoggingConfiguration;
  /** From the template's `Tracing` (see tracingConfiguration); default: disabled. */
  readonly tracingConfiguration?: TracingConfiguration;
}

const LOG_LEVELS = ['ALL', 'ERROR', 'FATAL', 'OFF'] as const;

/**
 * The template's `Logging` property of an AWS::Serverless::StateMachine (resolved), as
 * DescribeStateMachine reports it: `{ Level, IncludeExecutionData, Destinations:
 * [{ CloudWatchLogsLogGroup: { LogGroupArn } }] }` becomes `{ level, includeExecutionData,
 * destinations: [{ cloudWatchLogsLogGroup: { logGroupArn } }] }`.
 */
export const loggingConfiguration = (logging: unknown, file: string): LoggingConfiguration => {
  if (logging === undefined || logging === null) return NO_LOGGING;
  const { Level, IncludeExecutionData, Destinations } = logging as { Level?: unknown; IncludeExecutionData?: unknown; Destinations?: unknown };
  const level = Level ?? 'OFF';
  if (typeof level !== 'string' || !(LOG_LEVELS as readonly string[]).includes(level)) throw new TemplateError(`Logging.Level must be one of ${LOG_LEVELS.join(', ')}`, file);
  const destinations = Array.isArray(Destinations)
    ? Destinations.map((destination: unknown) => {
        const arn = (destination as { CloudWatchLogsLogGroup?: { LogGroupArn?: unknown } } | null)?.CloudWatchLogsLogGroup?.LogGroupArn;
        if (typeof arn !== 'string') throw new TemplateError('Logging.Destinations: each needs CloudWatchLogsLogGroup.LogGroupArn', file);
        return { cloudWatchLogsLogGroup: { logGroupArn: arn } };
      })
    : [];
  return {
    level: level as LoggingConfiguration['level'],
    includeExecutionData: IncludeExecutionData === true || IncludeExecutionData === 'true',
    ...(destinations.length > 0 && { destinations }),
  };
};

/** The template's `Tracing` property (`{ Enabled }`), as DescribeStateMachine reports it. */
export const tracingConfiguration = (tracing: unknown): TracingConfiguration => {
  const enabled = (tracing as { Enabled?: unknown } | undefined)?.Enabled;
  return { enabled: enabled === true || enabled === 'true' };
};

/**
 * The template's `Tags` (a map of strings) as the state machine's tags, with the tag SAM adds to
 * every state machine it creates.
 */
export const templateTags = (tags: unknown): Record<string, string> => ({
  ...Object.fromEntries(Object.entries((tags ?? {}) as Record<string, unknown>).map(([key, value]) => [key, String(value)])),
  'stateMachine:createdBy': 'SAM',
});

/** A definition error as the runtime reports it: naming the definition's file. */
export const definitionFileError = (error: unknown, file: string): unknown => {
  if (error instanceof UnsupportedDefinitionError) return new UnsupportedFeatureError(error.message.replace(/ is not supported by the local runtime$/, ''), file);
  if (error instanceof DefinitionError) return new TemplateError(error.message, file);
  return error;
};

export const createStateMachine = (spec: StateMachineSpec, services: IntegrationServices, mocks: TaskMocks): LocalStateMachine => {
  let machine: LoadedStateMachine;
  try {
    machine = loadStateMachine(spec.definitionText, withMocks(integrations(services, spec.type), mocks, spec.name), schemaVerdicts);
  } catch (error) {
    throw definitionFileError(error, spec.file);
  }
  return {
    ...spec,
    definition: machine.definition,
    machine,
    creationDate: new Date(),
    loggingConfiguration: spec.loggingConfiguration ?? NO_LOGGING,
    tracingConfiguration: spec.tracingConfiguration ?? NO_TRACING,
    tags: spec.tags ?? {},
  };
};
