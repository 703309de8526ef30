/**
 * The local runtime's public entry: run a SAM stack's state machines, functions, queues and
 * topics from its template, with no AWS account. The CLI, the bench and the project's own tests
 * use the runtime through this entry only, as users do.
 *
 * See LocalStack (local-stack.ts) for the API and README.md ("Test your own stack") for a jest
 * example with mocks.
 */
export { LocalStack, type ExecutionResult, type LocalStackOptions, type StartOptions } from './local-stack';
export type { RuntimeActivity, LocalQueue } from './stack-runtime';
export type { TaskMock } from './stepfunctions/task-mocks';
export { INTERNAL_FAILURE, THROTTLING } from './api-faults';
export type { ApiFault } from './stepfunctions/endpoint';
export type { TimeMode } from './virtual-clock';
export type { BatchOutcome } from './sqs/event-source-mapping';
export type { PublishedMessage } from './sns/local-topics';
export { TemplateError, UnsupportedFeatureError } from './errors';
export { LOCAL_CREDENTIALS } from './sqs/local-sqs';
export type { StackRuntime } from './stack-runtime';
