/**
 * The callback worker: completes each waiting Step Functions task from its SQS message.
 *
 * Per record: parse the message, decide from the execution input, send SendTaskSuccess or
 * SendTaskFailure. A record that fails (a malformed body, Step Functions unavailable after the
 * SDK's retries and timeouts) is logged, with its message id, its token's fingerprint when it has
 * a token, and the error, then reported as a batch item failure, so SQS delivers it again and,
 * after the queue's maxReceiveCount, moves it to the dead-letter queue with its body intact. One
 * failing record never affects the others of its batch.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { completeTask } from './complete-task';
import { decideTask } from './task-decision';
import { parseTaskMessage } from './task-message';
import { createStepFunctionsClient } from './step-functions-client';
import { fingerprintTaskToken } from './task-token';

// Created once per execution environment and reused across invocations.
const logger = new Logger({ serviceName: 'callback-worker' });
const stepFunctions = createStepFunctionsClient();
const processor = new BatchProcessor(EventType.SQS);

const processRecord = async (record: SQSRecord): Promise<void> => {
  // The keys of this record's log lines. The records of a batch are processed concurrently, so
  // they go with each line rather than on the shared logger (a child logger per record would
  // build a logger and its console for every message).
  const keys: Record<string, string> = { messageId: record.messageId };
  let message;
  try {
    message = parseTaskMessage(record.body);
  } catch (error) {
    logger.error('Malformed task message: reporting it as a batch item failure', { ...keys, error });
    throw error;
  }
  keys.taskTokenFingerprint = fingerprintTaskToken(message.taskToken);
  if (message.executionArn !== undefined) keys.executionArn = message.executionArn;

  const decision = decideTask(message.input, new Date());
  let outcome;
  try {
    outcome = await completeTask(stepFunctions, message.taskToken, decision);
  } catch (error) {
    logger.error('The task could not be completed: reporting it as a batch item failure', { ...keys, error });
    throw error;
  }
  if (outcome.kind === 'task-closed') {
    logger.warn('The task can no longer be completed: dropping the message', { ...keys, reason: outcome.reason });
    return;
  }
  logger.info(decision.kind === 'success' ? 'Task completed: SendTaskSuccess' : 'Task completed: SendTaskFailure', {
    ...keys,
    decision: decision.kind,
    ...(decision.kind === 'failure' && { error: decision.error }),
  });
};

export const handler = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
  logger.addContext(context);
  return processPartialResponse(event, processRecord, processor, {
    context,
    // Every record failing is still a partial response: the ones listed return to the queue.
    throwOnFullBatchFailure: false,
  });
};
