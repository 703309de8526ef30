import { StatesError, StatesErrorName } from './errors';

/** Step Functions' payload quota: a state's input and output, a task's parameters and result. */
export const MAX_PAYLOAD_BYTES = 256 * 1024;

/** States.DataLimitExceeded when a value's JSON `text` is over the quota; `what` starts the cause. */
export const payloadTooLarge = (text: string, what: string): StatesError | undefined => {
  // Fast path: a string of this many UTF-16 units is at most three times as many bytes.
  if (text.length * 3 <= MAX_PAYLOAD_BYTES) return undefined;
  const bytes = Buffer.byteLength(text);
  return bytes > MAX_PAYLOAD_BYTES
    ? new StatesError(StatesErrorName.DataLimitExceeded, `${what} with a size exceeding the maximum number of bytes service limit (${bytes} bytes, the limit is ${MAX_PAYLOAD_BYTES}).`)
    : undefined;
};
