import { decideTask, MAX_CAUSE_LENGTH, STATUS_NOT_SUCCESS, truncate } from '../src/task-decision';

const now = new Date('2026-11-23T10:00:00.000Z');

describe('decideTask', () => {
  it('succeeds only on status exactly "success", with the time it decided', () => {
    expect(decideTask({ status: 'success', other: 1 }, now)).toEqual({
      kind: 'success',
      output: { status: 'success', message: expect.any(String), processedAt: '2026-11-23T10:00:00.000Z' },
    });
  });

  it.each([[{ status: 'success ' }], [{ status: 'Success' }], [{}], [[]], ['success'], [42], [null]])('fails for %j', (input) => {
    const decision = decideTask(input, now);
    expect(decision).toMatchObject({ kind: 'failure', error: STATUS_NOT_SUCCESS });
  });

  it('names the received status in the cause', () => {
    expect(decideTask({ status: 'fail' }, now)).toMatchObject({ cause: expect.stringContaining('"status": "fail"') });
  });
});

describe('truncate', () => {
  it('keeps short text and cuts long text to the limit', () => {
    expect(truncate('abc', 5)).toBe('abc');
    expect(truncate('abcdef', 5)).toBe('abcd…');
    expect(truncate('x'.repeat(MAX_CAUSE_LENGTH + 10), MAX_CAUSE_LENGTH)).toHaveLength(MAX_CAUSE_LENGTH);
  });
});
