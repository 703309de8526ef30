import { decideTask, MAX_CAUSE_LENGTH, STATUS_NOT_SUCCESS, truncate } from '../src/task-decision';

const now = new Date('2026-11-23T10:00:00.000Z');

describe('decideTask', () => {
  it('succeeds only on status exactly "success", with the time it decided', () => {
    expect(decideTask({ status: 'success', other: 1 }, now)).toEqual({
      kind: 'success',
      output: { status: 'success', message: expect.any(String), processedAt: '2026-11-23T10:00:00.000Z' },
    });
  });

  // The one place where each rule of the decision is tested; the handler's and the stack's tests
  // only check that a decision reaches Step Functions and the execution.
  const wrongInput = (received: string): string => `Expected the execution input to be a JSON object with "status": "success", received ${received}`;
  const wrongStatus = (received: string): string => `Expected "status": "success" in the execution input, received ${received}`;
  it.each([
    [{ status: 'fail' }, wrongStatus('"status": "fail"')],
    [{ status: 'success ' }, wrongStatus('"status": "success "')],
    [{ status: 'SUCCESS' }, wrongStatus('"status": "SUCCESS"')],
    [{ status: true }, wrongStatus('"status": true')],
    [{ status: null }, wrongStatus('"status": null')],
    [{ status: ['success'] }, wrongStatus('"status": ["success"]')],
    [{ status: '✓ súccess 😀' }, wrongStatus('"status": "✓ súccess 😀"')],
    [{ other: 1 }, wrongStatus('no status')],
    [['success'], wrongInput('an array')],
    ['success', wrongInput('a string')],
    [42, wrongInput('a number')],
    [null, wrongInput('null')],
  ])('fails for %j, saying what it received', (input, cause) => {
    expect(decideTask(input, now)).toEqual({ kind: 'failure', error: STATUS_NOT_SUCCESS, cause });
  });

  it('keeps the cause of a huge status within the SendTaskFailure limit', () => {
    const decision = decideTask({ status: 'x'.repeat(100_000) }, now);
    expect(decision.kind === 'failure' && decision.cause.length).toBe(MAX_CAUSE_LENGTH);
  });
});

describe('truncate', () => {
  it('keeps short text and cuts long text to the limit', () => {
    expect(truncate('abc', 5)).toBe('abc');
    expect(truncate('abcdef', 5)).toBe('abcd…');
    expect(truncate('x'.repeat(MAX_CAUSE_LENGTH + 10), MAX_CAUSE_LENGTH)).toHaveLength(MAX_CAUSE_LENGTH);
  });
});
