import type { StatesBlock } from './asl';
import { StatesError, StatesErrorName } from './errors';
import { asStatesError } from './error-handling';
import { jsonText, type Flow } from './history';
import { payloadTooLarge } from './payload';
import { BranchAborted, ExecutionStopped, FlowFailure, recordEvaluationFailed, type ExecutionContext, type StateHandler, type StateRun } from './state-run';
import type { VariableScope } from './variables';
import { runChoice } from './states/choice';
import { runFail } from './states/fail';
import { runMap } from './states/map';
import { runParallel } from './states/parallel';
import { runPass } from './states/pass';
import { runSucceed } from './states/succeed';
import { runTask } from './states/task';
import { runWait } from './states/wait';

const HANDLERS: Record<string, StateHandler> = {
  Task: runTask,
  Pass: runPass,
  Choice: runChoice,
  Wait: runWait,
  Succeed: runSucceed,
  Fail: runFail,
  Parallel: runParallel,
  Map: runMap,
};

/**
 * Runs a `States` block (the top level, a Parallel branch, a Map iteration) from its StartAt to
 * a state that ends it, and resolves with that state's output. Every state is entered and
 * exited in the history; a state that fails ends the block with a FlowFailure; a stop ends it
 * with the signal's reason.
 */
export const runBlock = async (
  execution: ExecutionContext,
  block: StatesBlock,
  input: unknown,
  flow: Flow,
  variables: VariableScope,
  signal: AbortSignal,
): Promise<unknown> => {
  const { history, machine } = execution;
  let name = block.StartAt;
  let data = input;
  for (;;) {
    if (signal.aborted) throw signal.reason as Error;
    const state = block.States[name];
    if (!state) throw new FlowFailure(new StatesError(StatesErrorName.Runtime, `The state '${name}' does not exist`), flow.last);
    const enteredPreviousEventId = flow.last;
    const enteredTime = new Date(execution.host.clock.now()).toISOString();
    const enteredEventId = history.record(flow, `${state.Type}StateEntered`, { name, input: jsonText(data), inputDetails: { truncated: false } });
    const run: StateRun = {
      execution,
      name,
      state,
      input: data,
      flow,
      variables,
      signal,
      language: machine.languageOf(state),
      enteredEventId,
      enteredPreviousEventId,
      enteredTime,
      visibleVariables: variables.visible(),
    };
    let transition;
    let outputText: string;
    try {
      transition = await (HANDLERS[state.Type] ?? runPass)(run);
      outputText = jsonText(transition.output);
      const tooLarge = payloadTooLarge(outputText, `The state '${name}' returned an output`);
      if (tooLarge) throw tooLarge;
      variables.assign(transition.assigned, name);
    } catch (thrown) {
      if (thrown instanceof FlowFailure || thrown instanceof ExecutionStopped || thrown instanceof BranchAborted) throw thrown;
      const error = asStatesError(thrown);
      recordEvaluationFailed(run, error);
      throw new FlowFailure(error, flow.last);
    }
    // Stopped while the state finished: the execution has ended, and records nothing more.
    signal.throwIfAborted();
    const assignedNames = Object.keys(transition.assigned);
    history.record(flow, `${state.Type}StateExited`, {
      name,
      output: outputText,
      outputDetails: { truncated: false },
      ...(assignedNames.length > 0 && {
        assignedVariables: Object.fromEntries(assignedNames.map((key) => [key, jsonText(transition.assigned[key])])),
        assignedVariablesDetails: { truncated: false },
      }),
    });
    if (transition.next === undefined) return transition.output;
    name = transition.next;
    data = transition.output;
  }
};
