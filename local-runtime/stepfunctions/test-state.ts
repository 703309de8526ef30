import { randomBytes, randomUUID } from 'node:crypto';
import {
  allStates,
  DefinitionError,
  Execution,
  jsonText,
  loadStateMachine,
  StatesError,
  UnsupportedDefinitionError,
  type Definition,
  type ExecutionOutcome,
  type HistoryEvent,
  type InterpreterClock,
  type State,
  type TaskResource,
  type TaskResources,
} from '../interpreter';
import { constraintError, optionalEnum, optionalInteger, optionalString, StepFunctionsApiError } from './api-errors';
import { integrations, type IntegrationServices } from './integrations';

/**
 * TestState (AWS API reference "TestState"; Developer Guide "Using TestState API to test a
 * state"): one state, run once on the interpreter with an input, optional variables and an
 * optional mock of its result or error, answered as AWS answers it: status SUCCEEDED, FAILED,
 * CAUGHT_ERROR or RETRIABLE, output, error, cause, nextState and, at inspectionLevel DEBUG or
 * TRACE, inspectionData (input, afterInputPath, afterParameters or afterArguments, result,
 * afterResultSelector, afterResultPath, variables, errorDetails).
 *
 * How it runs: the state is put alone in a state machine, with a Succeed state for each state it
 * can go to (so that the interpreter's own transition names nextState), its Retry left out (one
 * attempt: an error a Retrier takes is RETRIABLE, with its backoff) and its Catch kept. Without a
 * mock, a Task calls the stack's real integrations; with one, its resource answers with the mock.
 * A mocked Map or Parallel state runs as a Task with the same data flow fields, answering with
 * the mock. A Wait state does not wait. TRACE shows what DEBUG shows: the local runtime has no
 * HTTP Task, whose request and response TRACE adds. `mock.fieldValidationMode` is accepted but
 * the mocked result is not checked against the service's API model.
 */

export interface TestStateDependencies {
  readonly services: IntegrationServices;
  readonly region: string;
  readonly accountId: string;
  /** The runtime's time (the context object's times). */
  readonly now: () => number;
}

type Status = 'SUCCEEDED' | 'FAILED' | 'CAUGHT_ERROR' | 'RETRIABLE';

interface Mock {
  readonly result?: unknown;
  readonly error?: { readonly error: string; readonly cause: string };
}

const INSPECTION_LEVELS = ['INFO', 'DEBUG', 'TRACE'] as const;
const FIELD_VALIDATION_MODES = ['STRICT', 'PRESENT', 'NONE'] as const;
const TESTABLE = new Set(['Task', 'Pass', 'Wait', 'Choice', 'Succeed', 'Fail', 'Map', 'Parallel']);
const MOCKABLE = new Set(['Task', 'Map', 'Parallel']);
/** TestState runs for at most five minutes; then the state fails with States.Timeout. */
const MAX_RUN_MS = 5 * 60 * 1000;
const TESTED = '__local_runtime_tested_state__';
const SETUP = '__local_runtime_variables__';
const MOCK_RESOURCE = 'arn:aws:states:::local-runtime:mock';
/** Fields a mocked Map or Parallel state keeps when it runs as a Task answering with the mock. */
const MOCKED_FLOW_FIELDS = ['Comment', 'QueryLanguage', 'Next', 'End', 'InputPath', 'OutputPath', 'ResultPath', 'ResultSelector', 'Output', 'Assign', 'Catch'] as const;

const parseJson = (text: string, onError: (message: string) => StepFunctionsApiError): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw onError((error as Error).message);
  }
};
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const invalidDefinition = (message: string): StepFunctionsApiError => new StepFunctionsApiError('InvalidDefinition', `Invalid State Machine Definition: '${message}'`);

/** Whether a Retrier's or Catcher's ErrorEquals takes the error (States.Runtime: never). */
const takes = (errorEquals: unknown, error: string): boolean =>
  error !== 'States.Runtime' &&
  Array.isArray(errorEquals) &&
  errorEquals.some((name) => name === error || name === 'States.ALL' || (name === 'States.TaskFailed' && error !== 'States.Timeout'));

/** The state to test, its name and query language: the definition is one state, or a state machine and stateName. */
const stateToTest = (definition: unknown, stateName: string | undefined): { name: string | undefined; state: State; language: string } => {
  if (!isObject(definition)) throw invalidDefinition('the definition must be a JSON object');
  if (stateName === undefined) {
    if (typeof definition.Type !== 'string') throw invalidDefinition("the definition of a state needs a Type (or give stateName with a state machine's definition)");
    return { name: undefined, state: definition as unknown as State, language: typeof definition.QueryLanguage === 'string' ? definition.QueryLanguage : 'JSONPath' };
  }
  if (!isObject(definition.States) || typeof definition.StartAt !== 'string') throw invalidDefinition('with stateName, the definition must be a state machine (StartAt and States)');
  const found = [...allStates(definition as unknown as Definition)].find(({ name }) => name === stateName);
  if (!found) throw new StepFunctionsApiError('ValidationException', `State '${stateName}' does not exist in the definition`);
  const top = typeof definition.QueryLanguage === 'string' ? definition.QueryLanguage : 'JSONPath';
  return { name: stateName, state: found.state, language: found.state.QueryLanguage ?? top };
};

const readMock = (value: unknown): Mock | undefined => {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw new StepFunctionsApiError('ValidationException', 'mock must be an object');
  optionalEnum(value.fieldValidationMode, 'mock.fieldValidationMode', FIELD_VALIDATION_MODES);
  const result = optionalString(value.result, 'mock.result');
  const errorOutput = value.errorOutput;
  if ((result === undefined) === (errorOutput === undefined || errorOutput === null)) {
    throw new StepFunctionsApiError('ValidationException', 'A mock must have either a result or an errorOutput');
  }
  if (result !== undefined) return { result: parseJson(result, (message) => new StepFunctionsApiError('ValidationException', `mock.result is not JSON: ${message}`)) };
  if (!isObject(errorOutput)) throw new StepFunctionsApiError('ValidationException', 'mock.errorOutput must be an object');
  return { error: { error: optionalString(errorOutput.error, 'mock.errorOutput.error') ?? '', cause: optionalString(errorOutput.cause, 'mock.errorOutput.cause') ?? '' } };
};

/** The state as it runs alone: no Retry; a mocked Map or Parallel as a Task; a mocked Activity with a placeholder Resource. */
const runnableState = (state: State, language: string, mock: Mock | undefined): Record<string, unknown> => {
  const rest: Record<string, unknown> = { ...state };
  delete rest.Retry;
  if (mock && (state.Type === 'Map' || state.Type === 'Parallel')) {
    const kept = Object.fromEntries(MOCKED_FLOW_FIELDS.filter((field) => state[field] !== undefined).map((field) => [field, state[field]]));
    return { ...kept, Type: 'Task', Resource: MOCK_RESOURCE, QueryLanguage: language };
  }
  if (mock && state.Type === 'Task') {
    delete rest.Credentials;
    return { ...rest, Resource: MOCK_RESOURCE, QueryLanguage: language };
  }
  return { ...rest, QueryLanguage: language };
};

/** Every state name the state can go to. */
const targets = (state: State): string[] => {
  const names = [state.Next, state.Default, ...(state.Choices ?? []).map((rule) => rule.Next), ...(state.Catch ?? []).map((catcher) => catcher.Next)];
  return [...new Set(names.filter((name): name is string => typeof name === 'string'))];
};

/** A clock on the runtime's time whose timers run in real time (a Wait state's at once). */
const testClock = (now: () => number, immediate: boolean): InterpreterClock => ({
  now,
  after: (ms, callback) => {
    const timer = setTimeout(callback, immediate ? 0 : ms);
    return { cancel: () => { clearTimeout(timer); } };
  },
});

const runMachine = async (
  definition: object,
  resources: TaskResources,
  input: unknown,
  deps: TestStateDependencies,
  options: { immediateTimers: boolean; roleArn: string; context?: Record<string, unknown> },
): Promise<{ outcome: ExecutionOutcome; history: HistoryEvent[] }> => {
  let machine;
  try {
    machine = loadStateMachine(JSON.stringify(definition), resources);
  } catch (error) {
    if (error instanceof UnsupportedDefinitionError) {
      throw new StepFunctionsApiError('ValidationException', `${error.message.replace(/ is not supported by the local runtime$/, '')} is not supported by the local runtime's TestState without a mock`);
    }
    if (error instanceof DefinitionError) throw invalidDefinition(error.message.replaceAll(TESTED, 'the state'));
    throw error;
  }
  const context = options.context ?? {};
  const execution = isObject(context.Execution) ? context.Execution : {};
  const stateMachine = isObject(context.StateMachine) ? context.StateMachine : {};
  const text = (value: unknown, fallback: string): string => (typeof value === 'string' ? value : fallback);
  const history: HistoryEvent[] = [];
  const name = text(execution.Name, randomUUID());
  const run = new Execution({
    machine,
    identity: {
      executionArn: text(execution.Id, `arn:aws:states:${deps.region}:${deps.accountId}:execution:TestStateMachine:${name}`),
      name,
      roleArn: text(execution.RoleArn, options.roleArn),
      stateMachineArn: text(stateMachine.Id, `arn:aws:states:${deps.region}:${deps.accountId}:stateMachine:TestStateMachine`),
      stateMachineName: text(stateMachine.Name, 'TestStateMachine'),
      startTime: text(execution.StartTime, new Date(deps.now()).toISOString()),
      input: execution.Input ?? input,
    },
    host: {
      clock: testClock(deps.now, options.immediateTimers),
      region: deps.region,
      mintTaskToken: () => `AQ${randomBytes(72).toString('base64url')}`,
      closeTaskToken: () => undefined,
    },
    onEvent: (event) => history.push(event),
  });
  let deadline: NodeJS.Timeout | undefined;
  const timedOut = new Promise<void>((resolve) => {
    deadline = setTimeout(resolve, MAX_RUN_MS);
  });
  const ended = await Promise.race([run.outcome, timedOut.then(() => undefined)]);
  clearTimeout(deadline);
  if (!ended) {
    run.stop('States.Timeout', 'TestState ran longer than five minutes');
    return { outcome: { status: 'FAILED', error: 'States.Timeout', cause: 'TestState ran longer than five minutes' }, history };
  }
  return { outcome: ended, history };
};

const NO_RESOURCES: TaskResources = {
  resolve: () => {
    throw new DefinitionError('no Task here');
  },
};

/** A Pass state with these fields, run on `input`: its output as JSON text (what the DEBUG inspection shows between steps). */
const passOutput = async (fields: Record<string, unknown>, input: unknown, deps: TestStateDependencies): Promise<string | undefined> => {
  try {
    const { outcome } = await runMachine({ StartAt: 'P', States: { P: { Type: 'Pass', ...fields, End: true } } }, NO_RESOURCES, input, deps, { immediateTimers: true, roleArn: '' });
    return outcome.status === 'SUCCEEDED' ? jsonText(outcome.output) : undefined;
  } catch {
    return undefined;
  }
};

const details = (event: HistoryEvent): Record<string, unknown> => {
  const value = Object.entries(event).find(([key]) => key.endsWith('EventDetails'))?.[1];
  return isObject(value) ? value : {};
};
const parsed = (text: unknown): unknown => (typeof text === 'string' ? (JSON.parse(text) as unknown) : undefined);

export const testState = async (request: Record<string, unknown>, deps: TestStateDependencies): Promise<Record<string, unknown>> => {
  if (request.definition === undefined || request.definition === null) throw constraintError(null, 'definition', 'Member must not be null');
  const definitionText = optionalString(request.definition, 'definition') ?? '';
  if (definitionText.length === 0) throw constraintError('', 'definition', 'Member must have length greater than or equal to 1');
  const stateName = optionalString(request.stateName, 'stateName');
  const level = optionalEnum(request.inspectionLevel, 'inspectionLevel', INSPECTION_LEVELS) ?? 'INFO';
  const roleArn = optionalString(request.roleArn, 'roleArn');
  if (roleArn !== undefined && !roleArn.startsWith('arn:')) throw new StepFunctionsApiError('InvalidArn', `Invalid Arn: 'Invalid ARN prefix: ${roleArn}'`);
  const inputText = optionalString(request.input, 'input') ?? '{}';
  const input = parseJson(inputText, (message) => new StepFunctionsApiError('InvalidExecutionInput', `Invalid State Machine Execution Input: '${message}'`));
  const variablesText = optionalString(request.variables, 'variables');
  const variables = variablesText === undefined ? {} : parseJson(variablesText, (message) => new StepFunctionsApiError('ValidationException', `variables is not JSON: ${message}`));
  if (!isObject(variables)) throw new StepFunctionsApiError('ValidationException', 'variables must be a JSON object');
  const mock = readMock(request.mock);
  const contextText = optionalString(request.context, 'context');
  if (contextText !== undefined && !mock) throw new StepFunctionsApiError('ValidationException', 'context may only be given with a mock');
  const context = contextText === undefined ? undefined : parseJson(contextText, (message) => new StepFunctionsApiError('ValidationException', `context is not JSON: ${message}`));
  if (context !== undefined && !isObject(context)) throw new StepFunctionsApiError('ValidationException', 'context must be a JSON object');
  const configuration = isObject(request.stateConfiguration) ? request.stateConfiguration : {};
  const retrierRetryCount = optionalInteger(configuration.retrierRetryCount, 'stateConfiguration.retrierRetryCount', 0, Number.MAX_SAFE_INTEGER) ?? 0;

  const { name, state, language } = stateToTest(parseJson(definitionText, (message) => invalidDefinition(`the definition is not JSON: ${message}`)), stateName);
  if (!TESTABLE.has(state.Type)) throw invalidDefinition(`a state of Type ${state.Type} cannot be tested`);
  if (mock && !MOCKABLE.has(state.Type)) throw new StepFunctionsApiError('ValidationException', `A mock can only be given for Task, Map or Parallel states, not for a ${state.Type} state`);
  if (!mock && (state.Type === 'Map' || state.Type === 'Parallel')) throw new StepFunctionsApiError('ValidationException', `TestState runs a ${state.Type} state only with a mock`);
  const resource = state.Resource ?? '';
  if (!mock && state.Type === 'Task' && (resource.includes(':activity:') || /\.sync(:2)?$|\.waitForTaskToken$/.test(resource))) {
    throw new StepFunctionsApiError('ValidationException', `TestState runs an Activity, .sync or .waitForTaskToken task only with a mock: ${resource}`);
  }

  // The state alone, with a Succeed state for each state it can go to.
  const states: Record<string, unknown> = { [TESTED]: runnableState(state, language, mock) };
  for (const target of targets(state)) if (target !== TESTED) states[target] = { Type: 'Succeed' };
  const variableNames = Object.keys(variables);
  let startAt = TESTED;
  let runInput: unknown = input;
  if (variableNames.length > 0) {
    // The variables, assigned by a Pass state before it; the state's input passes through.
    states[SETUP] = { Type: 'Pass', Assign: Object.fromEntries(variableNames.map((key) => [`${key}.$`, `$.variables['${key}']`])), OutputPath: '$.input', Next: TESTED };
    startAt = SETUP;
    runInput = { variables, input };
  }
  const resources: TaskResources = {
    resolve: (stateNameToResolve, taskState): TaskResource => {
      if (mock) {
        return {
          events: 'task',
          resourceType: 'mock',
          resource: 'mock',
          run: () => (mock.error ? Promise.reject(new StatesError(mock.error.error, mock.error.cause)) : Promise.resolve(mock.result)),
        };
      }
      return integrations(deps.services, 'STANDARD').resolve(stateNameToResolve, taskState);
    },
  };
  const { outcome, history } = await runMachine({ StartAt: startAt, States: states }, resources, runInput, deps, {
    immediateTimers: state.Type === 'Wait',
    roleArn: roleArn ?? `arn:aws:iam::${deps.accountId}:role/TestStateRole`,
    ...(isObject(context) && { context }),
  });

  // What happened to the state, from the history.
  const enteredIndex = history.findIndex((event) => event.type.endsWith('StateEntered') && details(event).name === TESTED);
  const exitedIndex = history.findIndex((event) => event.type.endsWith('StateExited') && details(event).name === TESTED);
  const own = history.slice(enteredIndex, exitedIndex === -1 ? undefined : exitedIndex + 1);
  const next = exitedIndex === -1 ? undefined : history.slice(exitedIndex + 1).find((event) => event.type.endsWith('StateEntered'));
  const failure = [...own].reverse().map(details).find((d) => typeof d.error === 'string');
  const error = outcome.status === 'SUCCEEDED' ? (failure && { error: String(failure.error), cause: typeof failure.cause === 'string' ? failure.cause : '' }) : { error: outcome.error, cause: outcome.cause };
  const exited = exitedIndex === -1 ? undefined : history[exitedIndex];
  const exitedOutput = exited && details(exited).output;

  let status: Status;
  const errorDetails: Record<string, number> = {};
  const retryIndex = error ? (state.Retry ?? []).findIndex((retrier) => takes(retrier.ErrorEquals, error.error)) : -1;
  const retrier = state.Retry?.[retryIndex];
  if (error && state.Type !== 'Fail' && retrier && retrierRetryCount < (retrier.MaxAttempts ?? 3)) {
    status = 'RETRIABLE';
    errorDetails.retryIndex = retryIndex;
    const interval = (retrier.IntervalSeconds ?? 1) * (retrier.BackoffRate ?? 2) ** retrierRetryCount;
    errorDetails.retryBackoffIntervalSeconds = Math.round(retrier.MaxDelaySeconds === undefined ? interval : Math.min(interval, retrier.MaxDelaySeconds));
  } else if (error && outcome.status === 'SUCCEEDED') {
    status = 'CAUGHT_ERROR';
    const catchIndex = (state.Catch ?? []).findIndex((catcher) => takes(catcher.ErrorEquals, error.error));
    if (catchIndex >= 0) errorDetails.catchIndex = catchIndex;
  } else {
    status = outcome.status === 'SUCCEEDED' ? 'SUCCEEDED' : 'FAILED';
  }
  const nextState = status === 'RETRIABLE' ? name : status === 'FAILED' ? undefined : (next && (details(next).name as string | undefined));

  const answer: Record<string, unknown> = {
    status,
    ...((status === 'SUCCEEDED' || status === 'CAUGHT_ERROR') && typeof exitedOutput === 'string' && { output: exitedOutput }),
    ...(status !== 'SUCCEEDED' && error && { error: error.error, cause: error.cause }),
    ...(nextState !== undefined && { nextState }),
  };
  if (level === 'INFO') return answer;

  // DEBUG and TRACE: the data flow, step by step.
  const inspection: Record<string, unknown> = { input: jsonText(input) };
  const scheduled = own.find((event) => event.type === 'TaskScheduled' || event.type === 'LambdaFunctionScheduled');
  const succeeded = own.find((event) => event.type === 'TaskSucceeded' || event.type === 'LambdaFunctionSucceeded');
  const effectiveInput = scheduled ? (details(scheduled).parameters ?? details(scheduled).input) : undefined;
  const succeededOutput = succeeded && details(succeeded).output;
  let result = typeof succeededOutput === 'string' ? succeededOutput : undefined;
  if (language === 'JSONata') {
    if (typeof effectiveInput === 'string') inspection.afterArguments = effectiveInput;
    if (result !== undefined) inspection.result = result;
  } else {
    const afterInputPath = await passOutput(state.InputPath === undefined ? {} : { InputPath: state.InputPath }, input, deps);
    if (afterInputPath !== undefined) inspection.afterInputPath = afterInputPath;
    const afterParameters =
      typeof effectiveInput === 'string' ? effectiveInput : state.Parameters === undefined ? afterInputPath : await passOutput({ InputPath: state.InputPath, Parameters: state.Parameters }, input, deps);
    if (afterParameters !== undefined && (state.Type === 'Task' || state.Type === 'Pass')) inspection.afterParameters = afterParameters;
    if (state.Type === 'Pass') result = state.Result === undefined ? afterParameters : jsonText(state.Result);
    if (result !== undefined) {
      inspection.result = result;
      const afterResultSelector = state.ResultSelector === undefined ? result : await passOutput({ Parameters: state.ResultSelector }, parsed(result), deps);
      if (afterResultSelector !== undefined) {
        inspection.afterResultSelector = afterResultSelector;
        const afterResultPath = await passOutput({ Result: parsed(afterResultSelector), ...(state.ResultPath !== undefined && { ResultPath: state.ResultPath }) }, input, deps);
        if (afterResultPath !== undefined) inspection.afterResultPath = afterResultPath;
      }
    }
  }
  const assigned = exited && details(exited).assignedVariables;
  const assignedValues = isObject(assigned) ? Object.fromEntries(Object.entries(assigned).map(([key, value]) => [key, parsed(value)])) : {};
  if (variableNames.length > 0 || Object.keys(assignedValues).length > 0) inspection.variables = JSON.stringify({ ...variables, ...assignedValues });
  if (Object.keys(errorDetails).length > 0) inspection.errorDetails = errorDetails;
  return { ...answer, inspectionData: inspection };
};
