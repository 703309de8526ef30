import { createHash } from 'node:crypto';

/**
 * A short, stable fingerprint of a task token, for the logs.
 *
 * A task token completes a task for whoever holds it, so it is a bearer credential: the logs
 * carry this fingerprint instead, which correlates log lines without revealing the token.
 */
export const fingerprintTaskToken = (taskToken: string): string =>
  createHash('sha256').update(taskToken).digest('hex').slice(0, 12);
