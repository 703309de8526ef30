import { SFNClient, type SFNClientConfig } from '@aws-sdk/client-sfn';

/**
 * How long one SendTaskSuccess/SendTaskFailure attempt may take. Without a request timeout, a
 * connection that stops answering holds the record until the function's own timeout (30 s) kills
 * the whole batch. With these, the SDK's three attempts (with their backoff) end well within it,
 * and the record that could not be completed is logged and reported for redelivery.
 */
export const SDK_TIMEOUTS = { connectionTimeout: 2_000, requestTimeout: 5_000 } as const;

/**
 * The worker's Step Functions client. The region comes from the Lambda environment (AWS_REGION).
 * The timeouts are given as the request handler's options, so that the SDK builds its own
 * NodeHttpHandler from the runtime's SDK and nothing more is bundled. `cacheMiddleware`: the
 * client resolves its middleware stack once per command rather than at every call, as nothing
 * changes the stack once the client is made.
 */
export const createStepFunctionsClient = (config: SFNClientConfig = {}): SFNClient =>
  new SFNClient({ requestHandler: { ...SDK_TIMEOUTS }, cacheMiddleware: true, ...config });
