import { StatesError } from '../../errors';
import type { Evaluation } from '../../jsonpath/evaluation';
import { checkPayloadTemplate, evaluatePayloadTemplate, PayloadTemplateError } from '../../jsonpath/payload-template';

const evaluation = (data: unknown, context: unknown = {}, variables: Record<string, unknown> = {}): Evaluation => ({
  sources: { data, context, variables },
  stateName: 'X',
  enteredEventId: 2,
});

describe('evaluatePayloadTemplate', () => {
  it('SPEC "Payload Template" example: paths, $$ and States.Format at any depth', () => {
    const template = {
      flagged: true,
      parts: { 'first.$': '$.vals[0]', 'last3.$': '$.vals[-3:]' },
      'weekday.$': '$$.DayOfWeek',
      'formattedOutput.$': "States.Format('Today is {}', $$.DayOfWeek)",
    };
    const payload = evaluatePayloadTemplate(template, evaluation({ flagged: 7, vals: [0, 10, 20, 30, 40, 50] }, { DayOfWeek: 'TUESDAY' }));
    expect(payload).toEqual({ flagged: true, parts: { first: 0, last3: [30, 40, 50] }, weekday: 'TUESDAY', formattedOutput: 'Today is TUESDAY' });
  });

  it('walks arrays, reads variables, and keeps strings without .$ as text', () => {
    const template = { list: [{ 'id.$': '$.id' }, 'plain', 3], 'name.$': '$customerName', 'not-evaluated': '$customerName', literal: '$.id' };
    const payload = evaluatePayloadTemplate(template, evaluation({ id: 7 }, {}, { customerName: 'Ann' }));
    expect(payload).toEqual({ list: [{ id: 7 }, 'plain', 3], name: 'Ann', 'not-evaluated': '$customerName', literal: '$.id' });
  });

  it('does not change the template or the data', () => {
    const template = { fixed: { deep: [1] }, 'copy.$': '$.obj' };
    const data = { obj: { a: [1] } };
    const before = structuredClone({ template, data });
    const payload = evaluatePayloadTemplate(template, evaluation(data)) as { fixed: unknown; copy: unknown };
    expect(payload).toEqual({ fixed: { deep: [1] }, copy: { a: [1] } });
    expect({ template, data }).toEqual(before);
  });

  it("fails with States.Runtime and AWS's cause when a .$ path finds nothing (AWS-recorded)", () => {
    let failure: unknown;
    try {
      evaluatePayloadTemplate({ 'JobName.$': '$.JobName' }, evaluation({}));
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(StatesError);
    expect(failure).toMatchObject({
      error: 'States.Runtime',
      cause: "An error occurred while executing the state 'X' (entered at the event id #2). The JSONPath '$.JobName' specified for the field 'JobName.$' could not be found in the input '{}'",
    });
  });

  it('quotes the data as compact JSON in that cause', () => {
    expect(() => evaluatePayloadTemplate({ 'value.$': '$.x' }, evaluation({ a: 1, b: [true, null] }))).toThrow(
      "specified for the field 'value.$' could not be found in the input '{\"a\":1,\"b\":[true,null]}'",
    );
  });

  it('fails with States.IntrinsicFailure when an intrinsic fails', () => {
    expect(() => evaluatePayloadTemplate({ 'n.$': 'States.ArrayLength($.x)' }, evaluation({ x: 'no' }))).toThrow(expect.objectContaining({ error: 'States.IntrinsicFailure' }) as Error);
  });
});

describe('checkPayloadTemplate', () => {
  it('accepts paths, variables and intrinsics in .$ fields', () => {
    expect(() => {
      checkPayloadTemplate({ 'a.$': '$.a', b: { 'c.$': '$$.Execution.Id' }, 'd.$': "States.Format('{}', $x)", list: [{ 'e.$': '$' }] });
    }).not.toThrow();
  });

  it('refuses bad paths, bad intrinsics, non-string .$ values and duplicate names, saying where', () => {
    const locationOf = (template: unknown): string => {
      try {
        checkPayloadTemplate(template);
      } catch (error) {
        if (error instanceof PayloadTemplateError) return error.location;
      }
      return 'no error';
    };
    expect(locationOf({ outer: { 'x.$': '$.a[' } })).toBe('outer/x.$');
    expect(locationOf({ 'x.$': 'States.Nope()' })).toBe('x.$');
    expect(locationOf({ list: [{ 'x.$': 3 }] })).toBe('list/0/x.$');
    expect(locationOf({ x: 1, 'x.$': '$.a' })).toBe('x.$');
  });
});
