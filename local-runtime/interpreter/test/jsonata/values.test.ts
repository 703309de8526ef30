/**
 * Value-field types. Sources: SPEC "Timeouts" (positive integers), "JSONata Wait State"
 * (Seconds non-negative integer, Timestamp RFC 3339: uppercase T, Z or numeric offset), "Map State"
 * (counts non-negative integers, percentage 0-100), "JSONata Fail State" (strings).
 */
import { isRfc3339, valueProblem } from '../../jsonata/values';

describe('isRfc3339 (SPEC "JSONata Wait State")', () => {
  it.each(['2016-03-14T01:59:00Z', '2024-02-29T23:59:59.123Z', '2024-01-31T12:00:00+01:00', '2024-01-31T12:00:00-05:30'])('%s is a date-time', (text) => {
    expect(isRfc3339(text)).toBe(true);
  });

  it.each(['2016-03-14t01:59:00Z', '2016-03-14T01:59:00', '2016-03-14 01:59:00Z', '2023-02-29T00:00:00Z', '2024-13-01T00:00:00Z', '2024-01-01T24:00:00Z', 'tomorrow', '2024-01-01T00:00:00+0100'])(
    '%s is not',
    (text) => {
      expect(isRfc3339(text)).toBe(false);
    },
  );
});

describe('valueProblem', () => {
  it.each([
    ['TimeoutSeconds', 1],
    ['HeartbeatSeconds', 99999999],
    ['Seconds', 0],
    ['MaxConcurrency', 0],
    ['ToleratedFailureCount', 3],
    ['ToleratedFailurePercentage', 0],
    ['ToleratedFailurePercentage', 12.5],
    ['ToleratedFailurePercentage', 100],
    ['Timestamp', '2016-03-14T01:59:00Z'],
    ['Error', 'MyError'],
    ['Cause', ''],
  ] as const)('%s accepts %j', (field, value) => {
    expect(valueProblem(field, value)).toBeUndefined();
  });

  it.each([
    ['TimeoutSeconds', '10', { kind: 'type', expected: 'number' }],
    ['TimeoutSeconds', 0, { kind: 'range', rule: 'a positive integer' }],
    ['HeartbeatSeconds', 1.5, { kind: 'range', rule: 'a positive integer' }],
    ['Seconds', -1, { kind: 'range', rule: 'a non-negative integer' }],
    ['MaxConcurrency', null, { kind: 'type', expected: 'number' }],
    ['ToleratedFailureCount', 0.5, { kind: 'range', rule: 'a non-negative integer' }],
    ['ToleratedFailurePercentage', -1, { kind: 'range', rule: 'a number from 0 to 100' }],
    ['ToleratedFailurePercentage', 101, { kind: 'range', rule: 'a number from 0 to 100' }],
    ['Timestamp', 1234, { kind: 'type', expected: 'string' }],
    ['Timestamp', 'soon', { kind: 'timestamp' }],
    ['Error', 1, { kind: 'type', expected: 'string' }],
    ['Cause', { a: 1 }, { kind: 'type', expected: 'string' }],
  ] as const)('%s refuses %j', (field, value, problem) => {
    expect(valueProblem(field, value)).toEqual(problem);
  });
});
