import { existsSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { basename, join } from 'node:path';
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import type { SendMessageRequest } from '@aws-sdk/client-sqs';
import { TemplateError, UnsupportedFeatureError } from './errors';
import { prepareFunctionCode } from './lambda/function-code';
import { lambdaEnvironment } from './lambda/lambda-environment';
import { LambdaService, type InvokeRequest } from './lambda/lambda-service';
import { LocalFunction } from './lambda/local-function';
import { startNotEmulatedEndpoint, type NotEmulatedEndpoint } from './lambda/not-emulated-endpoint';
import { LocalTopics, type PublishedMessage } from './sns/local-topics';
import { EventSourceMapping, type BatchOutcome } from './sqs/event-source-mapping';
import { LocalSqs } from './sqs/local-sqs';
import { substituteDefinition } from './stepfunctions/definition-substitutions';
import { startStepFunctionsEndpoint, type ActionInterceptor } from './stepfunctions/endpoint';
import type { Execution } from './stepfunctions/execution';
import { StepFunctionsService } from './stepfunctions/service';
import { loggingConfiguration, templateTags, tracingConfiguration, type LocalStateMachine } from './stepfunctions/state-machine';
import type { TaskTokenActivity } from './stepfunctions/task-tokens';
import { evaluateCondition, resolveValue, type ResolutionScope } from './template/intrinsics';
import { loadStack } from './template/load-stack';
import { mainStateMachines } from './template/main-state-machine';
import { resolveParameters } from './template/parameters';
import type { StackSource, TemplateResource } from './template/sam-template';
import { VirtualClock, type TimeMode } from './virtual-clock';

/** What happens on the runtime, as it happens: the timeline and the tests listen to it. */
export type RuntimeActivity =
  | { readonly kind: 'history'; readonly execution: Execution; readonly event: HistoryEvent }
  | { readonly kind: 'taskToken'; readonly activity: TaskTokenActivity }
  | { readonly kind: 'batch'; readonly outcome: BatchOutcome }
  | { readonly kind: 'published'; readonly message: PublishedMessage }
  | { readonly kind: 'log'; readonly functionLogicalId: string; readonly line: string }
  /** Once, as the stack comes up: what the runtime does not emulate and leaves out. */
  | { readonly kind: 'skipped'; readonly resources: readonly SkippedResource[] };

/**
 * A resource of the template that the runtime does not emulate (or a function event it does not
 * run): left out, while the rest of the stack runs. Ref and Fn::GetAtt to it give placeholder
 * values (its would-be name and ARN); what calls it fails, naming it.
 */
export interface SkippedResource {
  /** The resource's logical id, or `<Function>.Events.<EventId>` for a function event. */
  readonly logicalId: string;
  /** Its type: `AWS::DynamoDB::Table`, or `Api event` for a function event. */
  readonly type: string;
}

export interface StackRuntimeOptions {
  /**
   * `virtual` (the default): the clock jumps over waits when nothing is in flight, so that a
   * 1-hour Wait costs no wall time. `real`: real time, for clients outside the runtime that act
   * at their own pace (`npm run local`). See virtual-clock.ts.
   */
  readonly time?: TimeMode;
  /** Port of the Step Functions endpoint; default: any free port. */
  readonly port?: number;
  readonly onActivity?: (activity: RuntimeActivity) => void;
  /**
   * Values of the template's Parameters, by name, as `sam deploy --parameter-overrides` gives
   * them: they override the Defaults, and give a value to parameters without one.
   */
  readonly parameterOverrides?: Readonly<Record<string, string>>;
  /** Asked before each Step Functions API action is served: a fault to answer with instead (tests). */
  readonly interceptApiCall?: ActionInterceptor;
}

export interface LocalQueue {
  readonly name: string;
  readonly url: string;
  readonly arn: string;
  /** How long a received message stays hidden (SQS's default: 30 s). */
  readonly visibilityTimeoutSeconds: number;
  /** The RedrivePolicy's maxReceiveCount; undefined without a RedrivePolicy. */
  readonly maxReceiveCount: number | undefined;
}

const REGION = 'us-east-1';
const ACCOUNT_ID = '123456789012';

/** Resource types the runtime emulates; and those with no behaviour to emulate, accepted as they are. */
const EMULATED = new Set(['AWS::Serverless::StateMachine', 'AWS::Serverless::Function', 'AWS::SQS::Queue', 'AWS::SNS::Topic']);
const INERT = new Set(['AWS::Logs::LogGroup', 'AWS::CloudWatch::Alarm', 'AWS::SQS::QueuePolicy', 'AWS::SNS::Subscription', 'AWS::SNS::TopicPolicy']);

/** SQS queue properties with a local meaning (attributes), and those without one (ignored). */
const QUEUE_ATTRIBUTES = ['DelaySeconds', 'MaximumMessageSize', 'MessageRetentionPeriod', 'ReceiveMessageWaitTimeSeconds', 'VisibilityTimeout', 'RedrivePolicy', 'SqsManagedSseEnabled', 'FifoQueue', 'ContentBasedDeduplication'];
const QUEUE_IGNORED = ['QueueName', 'KmsMasterKeyId', 'KmsDataKeyReusePeriodSeconds', 'Tags', 'RedriveAllowPolicy'];
const SAM_FUNCTION_DEFAULTS = { Timeout: 3, MemorySize: 128 };
/** The Lambda runtimes the local runtime runs: Node.js, as Lambda supports it. */
const NODEJS_RUNTIMES = ['nodejs18.x', 'nodejs20.x', 'nodejs22.x', 'nodejs24.x'];
/** An SQS event source mapping's concurrency without ScalingConfig (Lambda starts with five pollers). */
const DEFAULT_MAPPING_CONCURRENCY = 5;

/**
 * A SAM stack brought up from its template.yaml on the local runtime: its state machines on the
 * Step Functions service and endpoint, its queues on a local SQS, its topics, and its functions
 * with their SQS event source mappings.
 */
export class StackRuntime {
  public readonly stateMachines = new Map<string, LocalStateMachine>();
  public readonly queues = new Map<string, LocalQueue>();
  public readonly topicArns = new Map<string, string>();
  public readonly functions = new Map<string, LocalFunction>();
  public readonly lambda = new LambdaService(REGION, ACCOUNT_ID);
  public readonly topics = new LocalTopics();
  public readonly stepFunctions: StepFunctionsService;
  public readonly stackName: string;
  /**
   * The runtime's clock. Code that drives the runtime in process and must not let time jump
   * while it acts (a test playing an outside worker) marks its work in flight with busy().
   */
  public readonly clock: VirtualClock;
  /** What the runtime leaves out of the stack, listed once as it comes up (see SkippedResource). */
  public readonly skipped: readonly SkippedResource[];
  private readonly mappings: EventSourceMapping[] = [];
  private notEmulated: NotEmulatedEndpoint | undefined;
  private readonly scope: ResolutionScope;
  private readonly active: Map<string, TemplateResource>;
  private endpoint: { server: Server; url: string } | undefined;

  private constructor(
    public readonly stack: StackSource,
    private readonly sqs: LocalSqs,
    clock: VirtualClock,
    private readonly options: StackRuntimeOptions,
  ) {
    this.clock = clock;
    this.stackName = basename(stack.dir);
    const { template, templateFile } = stack;
    const parameters: Record<string, unknown> = {
      'AWS::Region': REGION,
      'AWS::AccountId': ACCOUNT_ID,
      'AWS::Partition': 'aws',
      'AWS::StackName': this.stackName,
      'AWS::StackId': `arn:aws:cloudformation:${REGION}:${ACCOUNT_ID}:stack/${this.stackName}/local`,
      'AWS::URLSuffix': 'amazonaws.com',
    };
    Object.assign(parameters, resolveParameters(template, options.parameterOverrides ?? {}, templateFile));
    this.scope = {
      file: templateFile,
      parameters,
      conditions: template.Conditions ?? {},
      ref: (logicalId) => this.ref(logicalId),
      getAtt: (logicalId, attribute) => this.getAtt(logicalId, attribute),
    };
    this.active = new Map(
      Object.entries(template.Resources).filter(
        ([logicalId, resource]) => resource.Condition === undefined || evaluateCondition(resource.Condition, this.scope, `Resources.${logicalId}.Condition`),
      ),
    );
    const skipped: SkippedResource[] = [];
    for (const [logicalId, resource] of this.active) {
      if (!EMULATED.has(resource.Type) && !INERT.has(resource.Type)) skipped.push({ logicalId, type: resource.Type });
      if (resource.Type !== 'AWS::Serverless::Function') continue;
      for (const [eventId, event] of Object.entries(functionEvents(resource))) {
        if (event.Type !== 'SQS') skipped.push({ logicalId: `${logicalId}.Events.${eventId}`, type: `${String(event.Type)} event` });
      }
    }
    this.skipped = skipped;
    const external = {
      sendMessage: (request: SendMessageRequest) => this.sqs.sendMessage(request),
      publish: (topicArn: string, message: string, subject?: string) => Promise.resolve(this.topics.publish(topicArn, message, subject)),
      invokeFunction: (request: InvokeRequest) => this.lambda.invoke(request),
    };
    this.stepFunctions = new StepFunctionsService(this.clock, { region: REGION, accountId: ACCOUNT_ID }, external);
  }

  public static async start(folder: string, options: StackRuntimeOptions = {}): Promise<StackRuntime> {
    const stack = loadStack(folder);
    const clock = new VirtualClock(options.time ?? 'virtual');
    const sqs = await LocalSqs.start({ region: REGION, accountId: ACCOUNT_ID, clock });
    let runtime: StackRuntime | undefined;
    try {
      runtime = new StackRuntime(stack, sqs, clock, options);
      await runtime.bringUp();
      return runtime;
    } catch (error) {
      await (runtime ? runtime.stop() : sqs.stop());
      throw error;
    }
  }

  public get endpoints(): { stepfunctions: string; sqs: string } {
    return { stepfunctions: this.endpoint?.url ?? '', sqs: this.sqs.endpoint };
  }

  /**
   * The stack's main state machine: the one that no other state machine of the stack starts.
   * Undefined when that is not exactly one.
   */
  public mainStateMachine(): string | undefined {
    const main = mainStateMachines(this.stack.template).filter((logicalId) => this.stateMachines.has(logicalId));
    return main.length === 1 ? main[0] : undefined;
  }

  /** UpdateEventSourceMapping Enabled: turns a function's SQS event source mappings on or off. */
  public async setEventSourceMappingsEnabled(functionLogicalId: string, enabled: boolean): Promise<void> {
    const mappings = this.mappings.filter((mapping) => mapping.functionLogicalId === functionLogicalId);
    if (mappings.length === 0) throw new Error(`${functionLogicalId} has no event source mapping`);
    if (enabled) for (const mapping of mappings) mapping.start();
    else await Promise.all(mappings.map((mapping) => mapping.disable()));
  }

  public async stop(): Promise<void> {
    this.stepFunctions.stopAll();
    await Promise.all(this.mappings.map((mapping) => mapping.stop()));
    await Promise.all([...this.functions.values()].map((fn) => fn.close()));
    await this.notEmulated?.stop();
    if (this.endpoint) {
      this.endpoint.server.closeAllConnections();
      await new Promise<void>((resolve) => this.endpoint?.server.close(() => { resolve(); }));
    }
    await this.sqs.stop();
  }

  private emit(activity: RuntimeActivity): void {
    this.options.onActivity?.(activity);
  }

  private async bringUp(): Promise<void> {
    this.stepFunctions.events.on('history', (execution, event) => { this.emit({ kind: 'history', execution, event }); });
    this.stepFunctions.events.on('taskToken', (activity) => { this.emit({ kind: 'taskToken', activity }); });
    this.topics.events.on('published', (message) => { this.emit({ kind: 'published', message }); });
    if (this.skipped.length > 0) this.emit({ kind: 'skipped', resources: this.skipped });

    for (const [logicalId] of this.resourcesOfType('AWS::SNS::Topic')) this.topics.add(this.topicArn(logicalId));
    await this.createQueues();
    for (const [logicalId, resource] of this.resourcesOfType('AWS::Serverless::StateMachine')) this.addStateMachine(logicalId, resource);
    this.endpoint = await startStepFunctionsEndpoint(this.stepFunctions, {
      ...(this.options.port !== undefined && { port: this.options.port }),
      inFlight: () => this.clock.busy(),
      lambda: this.lambda,
      ...(this.options.interceptApiCall && { intercept: this.options.interceptApiCall }),
    });
    if (this.resourcesOfType('AWS::Serverless::Function').length > 0) this.notEmulated = await startNotEmulatedEndpoint((service) => this.skippedOfService(service));
    for (const [logicalId, resource] of this.resourcesOfType('AWS::Serverless::Function')) await this.addFunction(logicalId, resource);
    for (const mapping of this.mappings) mapping.start();
  }

  private resourcesOfType(type: string): [string, TemplateResource][] {
    return [...this.active].filter(([, resource]) => resource.Type === type);
  }

  private properties(logicalId: string, resource: TemplateResource): Record<string, unknown> {
    const globals = resource.Type === 'AWS::Serverless::Function' ? (this.stack.template.Globals?.Function as Record<string, unknown> | undefined) : undefined;
    return resolveValue(mergeGlobals(globals ?? {}, resource.Properties ?? {}), this.scope, `Resources.${logicalId}.Properties`) as Record<string, unknown>;
  }

  // ---- Names, Ref and Fn::GetAtt --------------------------------------------------------------

  /** A resource's name: the one its template gives, or `<stack>-<LogicalId>` as CloudFormation would generate. */
  private physicalName(logicalId: string, nameProperty: string): string {
    const given = this.active.get(logicalId)?.Properties?.[nameProperty];
    return given === undefined ? `${this.stackName}-${logicalId}` : String(resolveValue(given, this.scope, `Resources.${logicalId}.Properties.${nameProperty}`));
  }

  private topicArn(logicalId: string): string {
    return `arn:aws:sns:${REGION}:${ACCOUNT_ID}:${this.physicalName(logicalId, 'TopicName')}`;
  }

  private ref(logicalId: string): string | undefined {
    const type = this.active.get(logicalId)?.Type;
    switch (type) {
      case 'AWS::Serverless::StateMachine':
        return this.stepFunctions.stateMachineArn(this.physicalName(logicalId, 'Name'));
      case 'AWS::SQS::Queue':
        return this.sqs.queueUrl(this.physicalName(logicalId, 'QueueName'));
      case 'AWS::SNS::Topic':
        return this.topicArn(logicalId);
      case 'AWS::Serverless::Function':
        return this.physicalName(logicalId, 'FunctionName');
      case 'AWS::Logs::LogGroup':
        return this.physicalName(logicalId, 'LogGroupName');
      case undefined:
        return undefined;
      default:
        return this.placeholderName(logicalId);
    }
  }

  /**
   * The name a resource the runtime skips would have: the one its template gives (a property
   * `<Kind>Name`, as TableName or BucketName, or `Name`), else `<stack>-<LogicalId>`.
   */
  private placeholderName(logicalId: string): string {
    const resource = this.active.get(logicalId);
    const kind = resource?.Type.split('::').pop() ?? '';
    const property = [`${kind}Name`, 'Name'].find((name) => resource?.Properties?.[name] !== undefined);
    return property === undefined ? `${this.stackName}-${logicalId}` : this.physicalName(logicalId, property);
  }

  /** A placeholder ARN for a resource the runtime skips: `arn:aws:<service>:<region>:<account>:<kind>/<name>`. */
  private placeholderArn(logicalId: string, type: string): string {
    const [, service = 'unknown', kind = 'resource'] = type.split('::');
    return `arn:aws:${service.toLowerCase()}:${REGION}:${ACCOUNT_ID}:${kind.toLowerCase()}/${this.placeholderName(logicalId)}`;
  }

  /** The stack's skipped resources of a service (by its signing name), as text; '' when none. */
  private skippedOfService(service: string): string {
    const matching = this.skipped.filter((resource) => resource.type.split('::')[1]?.toLowerCase() === service.toLowerCase());
    return matching.map((resource) => `${resource.logicalId} (${resource.type})`).join(', ') + (matching.length === 0 ? '' : matching.length === 1 ? ' was' : ' were');
  }

  private getAtt(logicalId: string, attribute: string): string | undefined {
    const type = this.active.get(logicalId)?.Type;
    const name = (property: string): string => this.physicalName(logicalId, property);
    const attributes: Record<string, Record<string, () => string>> = {
      'AWS::Serverless::StateMachine': { Arn: () => this.stepFunctions.stateMachineArn(name('Name')), Name: () => name('Name') },
      'AWS::SQS::Queue': { Arn: () => this.sqs.queueArn(name('QueueName')), QueueName: () => name('QueueName'), QueueUrl: () => this.sqs.queueUrl(name('QueueName')) },
      'AWS::SNS::Topic': { TopicArn: () => this.topicArn(logicalId), TopicName: () => name('TopicName') },
      'AWS::Serverless::Function': { Arn: () => `arn:aws:lambda:${REGION}:${ACCOUNT_ID}:function:${name('FunctionName')}` },
      'AWS::Logs::LogGroup': { Arn: () => `arn:aws:logs:${REGION}:${ACCOUNT_ID}:log-group:${name('LogGroupName')}:*` },
    };
    if (type !== undefined && this.skipped.some((resource) => resource.logicalId === logicalId)) {
      // A placeholder: the resource is not emulated; what calls it fails, naming it.
      return attribute.endsWith('Arn') ? this.placeholderArn(logicalId, type) : /Name$|Id$/.test(attribute) ? this.placeholderName(logicalId) : `${this.placeholderName(logicalId)}-${attribute}`;
    }
    return attributes[type ?? '']?.[attribute]?.();
  }

  // ---- Queues ----------------------------------------------------------------------------------

  private async createQueues(): Promise<void> {
    const pending = this.resourcesOfType('AWS::SQS::Queue');
    // A dead-letter queue must exist before the queues that redrive to it.
    pending.sort(([, a], [, b]) => Number(a.Properties?.RedrivePolicy !== undefined) - Number(b.Properties?.RedrivePolicy !== undefined));
    for (const [logicalId, resource] of pending) {
      const properties = this.properties(logicalId, resource);
      const attributes: Record<string, string> = {};
      for (const [key, value] of Object.entries(properties)) {
        if (QUEUE_IGNORED.includes(key)) continue;
        if (!QUEUE_ATTRIBUTES.includes(key)) throw new UnsupportedFeatureError(`${logicalId}: queue property ${key}`, this.stack.templateFile);
        attributes[key] = typeof value === 'string' ? value : JSON.stringify(value);
      }
      const name = this.physicalName(logicalId, 'QueueName');
      const url = await this.sqs.createQueue(name, attributes);
      const redrivePolicy = properties.RedrivePolicy;
      const redrive = (typeof redrivePolicy === 'string' ? JSON.parse(redrivePolicy) : redrivePolicy) as { maxReceiveCount?: unknown } | undefined;
      this.queues.set(logicalId, {
        name,
        url,
        arn: this.sqs.queueArn(name),
        visibilityTimeoutSeconds: Number(properties.VisibilityTimeout ?? 30),
        maxReceiveCount: redrive?.maxReceiveCount === undefined ? undefined : Number(redrive.maxReceiveCount),
      });
    }
  }

  // ---- State machines ---------------------------------------------------------------------------

  private addStateMachine(logicalId: string, resource: TemplateResource): void {
    const file = this.stack.templateFile;
    const properties = this.properties(logicalId, resource);
    const type = properties.Type ?? 'STANDARD';
    if (type !== 'STANDARD' && type !== 'EXPRESS') throw new TemplateError(`${logicalId}: Type must be STANDARD or EXPRESS`, file);
    let definitionText: string;
    let definitionFile = file;
    if (typeof properties.DefinitionUri === 'string') {
      definitionFile = join(this.stack.dir, properties.DefinitionUri);
      if (!existsSync(definitionFile)) throw new TemplateError(`${logicalId}: DefinitionUri ${properties.DefinitionUri} does not exist`, file);
      definitionText = readFileSync(definitionFile, 'utf8');
    } else if (typeof properties.Definition === 'object' && properties.Definition !== null) {
      definitionText = JSON.stringify(properties.Definition);
    } else {
      throw new UnsupportedFeatureError(`${logicalId}: a state machine without a local DefinitionUri or an inline Definition`, file);
    }
    const substitutions = Object.fromEntries(
      Object.entries((properties.DefinitionSubstitutions ?? {}) as Record<string, unknown>).map(([key, value]) => [key, String(value)]),
    );
    const stateMachine = this.stepFunctions.addStateMachine({
      name: this.physicalName(logicalId, 'Name'),
      type,
      roleArn: typeof properties.Role === 'string' ? properties.Role : `arn:aws:iam::${ACCOUNT_ID}:role/${this.stackName}-${logicalId}Role`,
      definitionText: substituteDefinition(definitionText, substitutions, definitionFile),
      file: definitionFile,
      tags: templateTags(properties.Tags),
      loggingConfiguration: loggingConfiguration(properties.Logging, file),
      tracingConfiguration: tracingConfiguration(properties.Tracing),
    });
    this.stateMachines.set(logicalId, stateMachine);
  }

  // ---- Functions and their event source mappings -----------------------------------------------

  private async addFunction(logicalId: string, resource: TemplateResource): Promise<void> {
    const file = this.stack.templateFile;
    const properties: Record<string, unknown> = { ...SAM_FUNCTION_DEFAULTS, ...this.properties(logicalId, resource) };
    const runtime = String(properties.Runtime);
    if (!NODEJS_RUNTIMES.includes(runtime)) throw new UnsupportedFeatureError(`${logicalId}: Runtime ${runtime} (the local runtime runs ${NODEJS_RUNTIMES.join(', ')})`, file);
    if (properties.PackageType === 'Image') throw new UnsupportedFeatureError(`${logicalId}: PackageType Image`, file);
    const handler = String(properties.Handler);
    // The function's properties with its Globals (CodeUri may come from there), intrinsics resolved.
    const code = await prepareFunctionCode(this.stack, logicalId, { ...resource, Properties: properties }, handler);
    const functionName = this.physicalName(logicalId, 'FunctionName');
    const timeoutSeconds = Number(properties.Timeout);
    const memorySizeMb = Number(properties.MemorySize);
    const environment = properties.Environment as { Variables?: Record<string, unknown> } | undefined;
    const loggingConfig = properties.LoggingConfig as { LogGroup?: string } | undefined;
    const fn = new LocalFunction(
      {
        logicalId,
        functionName,
        functionArn: this.getAtt(logicalId, 'Arn') ?? '',
        code,
        runtime,
        handler,
        timeoutSeconds,
        memorySizeMb,
        ...(properties.ReservedConcurrentExecutions !== undefined && { reservedConcurrency: Number(properties.ReservedConcurrentExecutions) }),
        environment: lambdaEnvironment({
          functionName,
          handler,
          runtime,
          memorySizeMb,
          codeDir: join(this.stack.dir, String(properties.CodeUri)),
          region: REGION,
          ...(loggingConfig?.LogGroup !== undefined && { logGroupName: loggingConfig.LogGroup }),
          // The Step Functions endpoint serves Lambda's Invoke too.
          endpoints: { sfn: this.endpoints.stepfunctions, sqs: this.endpoints.sqs, lambda: this.endpoints.stepfunctions },
          ...(this.notEmulated && { otherServices: this.notEmulated.url }),
          variables: Object.fromEntries(Object.entries(environment?.Variables ?? {}).map(([key, value]) => [key, String(value)])),
        }),
      },
      this.clock,
      (line) => { this.emit({ kind: 'log', functionLogicalId: logicalId, line }); },
    );
    this.functions.set(logicalId, fn);
    this.lambda.add(fn);

    let concurrency = 1;
    for (const [eventId, event] of Object.entries((properties.Events ?? {}) as Record<string, { Type?: string; Properties?: Record<string, unknown> }>)) {
      // Other event types are listed as skipped (see the constructor).
      if (event.Type !== 'SQS') continue;
      concurrency = Math.max(concurrency, this.addEventSourceMapping(logicalId, eventId, fn, event.Properties ?? {}, timeoutSeconds));
    }
    // As many environments as the invocations that will run at once, capped by the function's reserved concurrency.
    const reserved = properties.ReservedConcurrentExecutions;
    fn.warm(reserved === undefined ? concurrency : Math.max(1, Math.min(concurrency, Number(reserved))));
  }

  /** Adds a function's SQS event source mapping; returns how many invocations it runs at once (0 when disabled). */
  private addEventSourceMapping(logicalId: string, eventId: string, fn: LocalFunction, p: Record<string, unknown>, functionTimeout: number): number {
    const file = this.stack.templateFile;
    if (p.Enabled === false) return 0;
    const queue = [...this.queues.values()].find((q) => q.arn === p.Queue);
    if (!queue) throw new TemplateError(`${logicalId}.Events.${eventId}: Queue ${String(p.Queue)} is not a queue of this stack`, file);
    const visibilityTimeout = queue.visibilityTimeoutSeconds;
    // Lambda refuses to create such a mapping: a message would be delivered again while still being processed.
    if (visibilityTimeout < functionTimeout) {
      throw new TemplateError(`${logicalId}.Events.${eventId}: the queue's VisibilityTimeout (${visibilityTimeout} s) is less than the function's Timeout (${functionTimeout} s)`, file);
    }
    const responseTypes = (p.FunctionResponseTypes ?? []) as string[];
    const scaling = p.ScalingConfig as { MaximumConcurrency?: unknown } | undefined;
    const configured = scaling?.MaximumConcurrency === undefined ? DEFAULT_MAPPING_CONCURRENCY : Number(scaling.MaximumConcurrency);
    // Lambda never runs more pollers' invocations than the function's reserved concurrency allows.
    const reserved = fn.spec.reservedConcurrency;
    const maximumConcurrency = reserved === undefined ? configured : Math.min(configured, reserved);
    this.mappings.push(
      new EventSourceMapping(
        this.sqs,
        fn,
        {
          queueName: queue.name,
          queueUrl: queue.url,
          queueArn: queue.arn,
          region: REGION,
          batchSize: Number(p.BatchSize ?? 10),
          maximumBatchingWindowInSeconds: Number(p.MaximumBatchingWindowInSeconds ?? 0),
          reportBatchItemFailures: responseTypes.includes('ReportBatchItemFailures'),
          maximumConcurrency,
          visibilityTimeoutSeconds: visibilityTimeout,
          maxReceiveCount: queue.maxReceiveCount,
        },
        this.clock,
        (outcome) => { this.emit({ kind: 'batch', outcome }); },
      ),
    );
    return maximumConcurrency;
  }
}

/** A function's Events, as the template writes them (their Type is never an intrinsic). */
const functionEvents = (resource: TemplateResource): Record<string, { Type?: unknown }> => {
  const events = resource.Properties?.Events;
  return typeof events === 'object' && events !== null ? (events as Record<string, { Type?: unknown }>) : {};
};

const isMap = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A resource's properties over the template's Globals, as SAM merges them: maps merge key by key
 * (Environment.Variables of both), lists add up, any other value of the resource wins. An
 * intrinsic function (a one-key map `Ref` or `Fn::...`) is a value, not a map.
 */
const mergeGlobals = (globals: Readonly<Record<string, unknown>>, own: Readonly<Record<string, unknown>>): Record<string, unknown> => {
  const merged: Record<string, unknown> = { ...globals };
  const isIntrinsic = (value: Record<string, unknown>): boolean => {
    const keys = Object.keys(value);
    return keys.length === 1 && (keys[0] === 'Ref' || keys[0]?.startsWith('Fn::') === true);
  };
  for (const [key, value] of Object.entries(own)) {
    const global = globals[key];
    if (isMap(global) && isMap(value) && !isIntrinsic(global) && !isIntrinsic(value)) merged[key] = mergeGlobals(global, value);
    else if (Array.isArray(global) && Array.isArray(value)) merged[key] = [...(global as unknown[]), ...(value as unknown[])];
    else merged[key] = value;
  }
  return merged;
};
