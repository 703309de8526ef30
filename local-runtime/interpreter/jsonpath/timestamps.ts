/**
 * RFC 3339 timestamps as the States Language uses them (Wait `Timestamp`, the Choice
 * `Timestamp...` operators, `IsTimestamp`): an uppercase `T` between date and time, and an
 * uppercase `Z` or a numeric offset (SPEC "Timestamps"). Compared as instants, to the nanosecond.
 */

/** An instant: whole seconds since the epoch and the nanoseconds past them. */
export interface Instant {
  readonly epochSeconds: number;
  readonly nanos: number;
}

const RFC_3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/u;

/** The instant a timestamp names, or undefined when the text is not an RFC 3339 timestamp. */
export function parseTimestamp(text: string): Instant | undefined {
  const parts = RFC_3339.exec(text);
  if (parts === null) return undefined;
  const [year, month, day, hour, minute, second] = parts.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const millis = Date.UTC(year, month - 1, day, hour, minute, second);
  const date = new Date(millis);
  const valid = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day && date.getUTCHours() === hour && date.getUTCMinutes() === minute && date.getUTCSeconds() === second;
  if (!valid) return undefined;
  const offset = parts[8] ?? 'Z';
  const offsetSeconds = offset === 'Z' ? 0 : (offset.startsWith('-') ? -1 : 1) * (Number(offset.slice(1, 3)) * 3600 + Number(offset.slice(4, 6)) * 60);
  if (Math.abs(offsetSeconds) >= 24 * 3600) return undefined;
  return { epochSeconds: millis / 1000 - offsetSeconds, nanos: Number((parts[7] ?? '').padEnd(9, '0')) };
}

/** True for an RFC 3339 timestamp. */
export function isTimestamp(value: unknown): value is string {
  return typeof value === 'string' && parseTimestamp(value) !== undefined;
}

/** Negative, zero or positive as `left` is before, at or after `right`. */
export function compareInstants(left: Instant, right: Instant): number {
  return left.epochSeconds !== right.epochSeconds ? left.epochSeconds - right.epochSeconds : left.nanos - right.nanos;
}
