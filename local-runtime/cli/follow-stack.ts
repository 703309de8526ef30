import type { LocalStack, RuntimeActivity } from '..';
import { describeActivity, describeHistoryEvent, Timeline } from './timeline';

export interface FollowOptions {
  /** Function log lines (stdout, stderr) in the timeline; default true (`--no-function-logs` hides them). */
  readonly functionLogs?: boolean;
}

/**
 * An activity listener that writes a stack's live timeline: each line names the state machine
 * (without the stack's prefix) whose execution it is about, or the function whose log line it is,
 * at the time of the runtime's clock.
 */
export const followStack = (stack: () => LocalStack | undefined, write: (line: string) => void, options: FollowOptions = {}): ((activity: RuntimeActivity) => void) => {
  const timeline = new Timeline(write, () => stack()?.now() ?? Date.now());
  const shortName = (name: string): string => {
    const prefix = `${stack()?.stackName ?? ''}-`;
    return name.startsWith(prefix) ? name.slice(prefix.length) : name;
  };
  return (activity) => {
    if (activity.kind === 'history') {
      timeline.line(shortName(activity.execution.stateMachine.name), describeHistoryEvent(activity.event));
    } else if (activity.kind === 'taskToken') {
      const execution = activity.activity.executionArn.split(':').slice(-2, -1)[0] ?? '';
      timeline.line(shortName(execution), describeActivity(activity));
    } else if (activity.kind === 'log') {
      if (options.functionLogs !== false) timeline.line(activity.functionLogicalId, describeActivity(activity));
    } else {
      timeline.line('', describeActivity(activity));
    }
  };
};
