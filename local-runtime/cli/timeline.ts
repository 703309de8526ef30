import type { HistoryEvent } from '@aws-sdk/client-sfn';
import type { RuntimeActivity } from '../stack-runtime';

/**
 * The live timeline of executions: one line per thing that happens, with the time since the
 * timeline started. It is built from Step Functions history events (what GetExecutionHistory
 * returns, locally or from AWS) plus, on the local runtime, what the queues, the worker and the
 * topics do around them.
 */
const MAX_VALUE = 110;

export const shorten = (text: string, max = MAX_VALUE): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** One line for a history event, or undefined for the events the timeline leaves out. */
export const describeHistoryEvent = (event: HistoryEvent): string | undefined => {
  const type = event.type ?? '';
  const entered = /^(\w+)StateEntered$/.exec(type);
  if (entered) return `→ ${event.stateEnteredEventDetails?.name ?? ''} (${entered[1] ?? ''})`;
  if (type.endsWith('StateExited')) {
    // A task's result is news; the output of a Pass or Choice state is its input reshaped.
    const output = type === 'TaskStateExited' ? `  ${shorten(event.stateExitedEventDetails?.output ?? '')}` : '';
    return `← ${event.stateExitedEventDetails?.name ?? ''}${output}`;
  }
  switch (type) {
    case 'ExecutionStarted':
      return `▶ started  input ${shorten(event.executionStartedEventDetails?.input ?? '')}`;
    case 'TaskScheduled': {
      const details = event.taskScheduledEventDetails;
      return `    ${details?.resourceType ?? ''}:${details?.resource ?? ''}  ${shorten(details?.parameters ?? '')}`;
    }
    case 'TaskSubmitted':
      return `    submitted  ${shorten(event.taskSubmittedEventDetails?.output ?? '')}`;
    case 'TaskFailed':
      return `    ✗ task failed  ${event.taskFailedEventDetails?.error ?? ''}: ${shorten(event.taskFailedEventDetails?.cause ?? '')}`;
    case 'TaskTimedOut':
      return `    ✗ task timed out  ${event.taskTimedOutEventDetails?.error ?? ''}: ${shorten(event.taskTimedOutEventDetails?.cause ?? '')}`;
    case 'ExecutionSucceeded':
      return `✓ SUCCEEDED  output ${shorten(event.executionSucceededEventDetails?.output ?? '')}`;
    case 'ExecutionFailed':
      return `✗ FAILED  ${event.executionFailedEventDetails?.error ?? ''}: ${shorten(event.executionFailedEventDetails?.cause ?? '')}`;
    case 'ExecutionAborted':
      return `■ ABORTED  ${event.executionAbortedEventDetails?.error ?? ''} ${shorten(event.executionAbortedEventDetails?.cause ?? '')}`.trimEnd();
    case 'ExecutionTimedOut':
      return `✗ TIMED_OUT  ${event.executionTimedOutEventDetails?.error ?? ''}: ${shorten(event.executionTimedOutEventDetails?.cause ?? '')}`;
    default:
      return undefined;
  }
};

/** Keys of a Powertools Logger line that the timeline leaves out: its context, not its news. */
const POWERTOOLS_CONTEXT = new Set(['level', 'message', 'timestamp', 'service', 'cold_start', 'function_name', 'function_arn', 'function_memory_size', 'function_request_id', 'xray_trace_id', 'sampling_rate']);

/**
 * A function's log line, readably: a structured JSON line (Powertools Logger, or Lambda's JSON
 * log format) as `LEVEL message {other keys}`; any other line as it is.
 */
export const describeLogLine = (line: string): string => {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{')) return line;
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return line;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return line;
  const fields = parsed as Record<string, unknown>;
  if (typeof fields.level !== 'string' || fields.message === undefined) return line;
  const message = typeof fields.message === 'string' ? fields.message : JSON.stringify(fields.message);
  const extra = Object.fromEntries(Object.entries(fields).filter(([key]) => !POWERTOOLS_CONTEXT.has(key)));
  return `${fields.level.toUpperCase()} ${message}${Object.keys(extra).length > 0 ? ` ${JSON.stringify(extra)}` : ''}`;
};

/** One line for what the local runtime did outside the history, or undefined to leave it out. */
export const describeActivity = (activity: RuntimeActivity): string | undefined => {
  switch (activity.kind) {
    case 'batch': {
      const { outcome } = activity;
      // Why records went back: a thrown error, a timeout, a crash, reported failures or a malformed response.
      const why = outcome.returnReason === undefined ? '' : `: ${shorten(outcome.returnReason.description)}`;
      return `    λ ${outcome.functionLogicalId} ran ${outcome.messageIds.length} SQS record(s): ${outcome.deleted.length} done, ${outcome.returned.length} back to the queue${why}`;
    }
    case 'log':
      // The timeline prefixes it with the function (follow-stack.ts).
      return `    │ ${shorten(describeLogLine(activity.line), 2 * MAX_VALUE)}`;
    case 'skipped':
      return `⊘ not emulated, skipped: ${activity.resources.map((resource) => `${resource.logicalId} (${resource.type})`).join(', ')}; what uses them fails`;
    case 'taskToken': {
      const { activity: token } = activity;
      const completion = token.completion;
      const detail = completion === undefined ? '' : completion.kind === 'success' ? shorten(JSON.stringify(completion.output)) : `${completion.error}: ${shorten(completion.cause)}`;
      return `    ↩ ${token.action} for ${token.stateName}  ${detail}`.trimEnd();
    }
    case 'published': {
      const { message } = activity;
      const topic = message.topicArn.split(':').pop() ?? '';
      return `    ✉ SNS ${topic}: ${message.subject ? `"${message.subject}" ` : ''}${shorten(message.message)}`;
    }
    default:
      return undefined;
  }
};

/**
 * Writes the timeline, each line prefixed with the elapsed time and who it is about. The time is
 * read from `now`: the local runtime's clock (workflow time, with its skipped waits), or real time.
 */
export class Timeline {
  private start: number | undefined;

  public constructor(
    private readonly write: (line: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  public line(who: string, text: string | undefined): void {
    if (text === undefined) return;
    const now = this.now();
    this.start ??= now;
    const elapsed = ((now - this.start) / 1000).toFixed(3).padStart(7);
    this.write(`  +${elapsed}s  ${who.padEnd(22)} ${text}`);
  }
}
