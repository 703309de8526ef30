/**
 * Wait state, on virtual time: no case waits for real time.
 * Sources: AWS DG "Wait workflow state" (Seconds 0-99999999, Timestamp RFC 3339, SecondsPath,
 * TimestampPath, "truncates milliseconds"), SPEC "Wait State", "JSONata Wait State",
 * reference §3 (Timestamp cause, LS-recorded).
 */
import { eventsOf, failureOf, jsonataMachine, machine, outputOf, runDefinition, secondsAt, START } from './helpers';

const exitedAt = (result: Awaited<ReturnType<typeof runDefinition>>): number => secondsAt(eventsOf(result, 'WaitStateExited')[0]!);

describe('Wait (JSONPath)', () => {
  it('DG: Seconds 10 waits 10 s; the output is the input', async () => {
    const result = await runDefinition(machine({ W: { Type: 'Wait', Seconds: 10, End: true } }), { a: 1 });
    expect(outputOf(result)).toEqual({ a: 1 });
    expect(exitedAt(result)).toBe(10);
    expect(result.clock.now() - START).toBe(10_000);
  });

  it('DG: Seconds 0 does not wait', async () => {
    const result = await runDefinition(machine({ W: { Type: 'Wait', Seconds: 0, End: true } }), {});
    expect(exitedAt(result)).toBe(0);
  });

  it('DG: a very long Wait (99999999 s, the maximum) costs no wall time on the virtual clock', async () => {
    const result = await runDefinition(machine({ W: { Type: 'Wait', Seconds: 99999999, End: true } }), {});
    expect(exitedAt(result)).toBe(99999999);
  });

  it('DG: SecondsPath reads the seconds from the input', async () => {
    const result = await runDefinition(machine({ W: { Type: 'Wait', SecondsPath: '$.delay', End: true } }), { delay: 7 });
    expect(exitedAt(result)).toBe(7);
  });

  it('DG: Timestamp waits until that instant', async () => {
    const result = await runDefinition(machine({ W: { Type: 'Wait', Timestamp: '2025-01-01T00:01:00Z', End: true } }), {});
    expect(exitedAt(result)).toBe(60);
  });

  it('SPEC: a Timestamp in the past does not wait', async () => {
    const result = await runDefinition(machine({ W: { Type: 'Wait', Timestamp: '2016-03-14T01:59:00Z', End: true } }), {});
    expect(exitedAt(result)).toBe(0);
  });

  it('DG: TimestampPath reads the instant from the input (numeric offset allowed)', async () => {
    const result = await runDefinition(machine({ W: { Type: 'Wait', TimestampPath: '$.until', End: true } }), { until: '2025-01-01T01:00:30+01:00' });
    expect(exitedAt(result)).toBe(30);
  });

  it('SPEC: Wait applies InputPath and OutputPath', async () => {
    const result = await runDefinition(machine({ W: { Type: 'Wait', Seconds: 1, InputPath: '$.a', OutputPath: '$.b', End: true } }), { a: { b: 2 } });
    expect(outputOf(result)).toBe(2);
  });

  it('SPEC: SecondsPath that is not an integer fails with States.Runtime', async () => {
    const result = await runDefinition(machine({ W: { Type: 'Wait', SecondsPath: '$.delay', End: true } }), { delay: 'soon' });
    expect(failureOf(result).error).toBe('States.Runtime');
  });
});

describe('Wait (JSONata)', () => {
  it('SPEC JSONata Wait: Seconds may be an expression', async () => {
    const result = await runDefinition(jsonataMachine({ W: { Type: 'Wait', Seconds: '{% $states.input.d * 2 %}', End: true } }), { d: 4 });
    expect(exitedAt(result)).toBe(8);
  });

  it('SPEC JSONata Wait: Timestamp may be an expression giving an RFC 3339 string', async () => {
    const result = await runDefinition(jsonataMachine({ W: { Type: 'Wait', Timestamp: '{% $states.input.at %}', End: true } }), { at: '2025-01-01T00:00:05Z' });
    expect(exitedAt(result)).toBe(5);
  });

  it('reference §3 (LS-recorded): an unparseable Timestamp is States.QueryEvaluationError with AWS\'s cause', async () => {
    const result = await runDefinition(jsonataMachine({ W: { Type: 'Wait', Timestamp: '{% $states.input.at %}', End: true } }), { at: 'tomorrow' });
    expect(failureOf(result)).toEqual({
      error: 'States.QueryEvaluationError',
      cause: "An error occurred while executing the state 'W' (entered at the event id #2). The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: tomorrow",
    });
  });

  it('SPEC JSONata Wait: Seconds must give a non-negative integer (a negative one is States.QueryEvaluationError)', async () => {
    const result = await runDefinition(jsonataMachine({ W: { Type: 'Wait', Seconds: '{% -1 %}', End: true } }), {});
    expect(failureOf(result).error).toBe('States.QueryEvaluationError');
  });

  it('SPEC JSONata Wait: Seconds giving a string is States.QueryEvaluationError "Expected \'number\'"', async () => {
    const result = await runDefinition(jsonataMachine({ W: { Type: 'Wait', Seconds: "{% '5' %}", End: true } }), {});
    expect(failureOf(result).cause).toContain("returned an unexpected result type. Expected 'number', but was 'string' for value: \"5\"");
  });

  it('DG: a JSONata Wait has Output and Assign', async () => {
    const definition = jsonataMachine({
      W: { Type: 'Wait', Seconds: 1, Output: { waited: true }, Assign: { w: 1 }, Next: 'P' },
      P: { Type: 'Pass', Output: { w: '{% $w %}', i: '{% $states.input %}' }, End: true },
    });
    expect(outputOf(await runDefinition(definition, {}))).toEqual({ w: 1, i: { waited: true } });
  });
});

describe('Timestamp precision', () => {
  it('AWS DG Wait: "if you specify the wait time as a timestamp, Step Functions considers the time value up to seconds and truncates milliseconds"', async () => {
    const result = await runDefinition(machine({ W: { Type: 'Wait', Timestamp: '2025-01-01T00:00:10.900Z', End: true } }), {});
    expect(exitedAt(result)).toBe(10);
  });
});
