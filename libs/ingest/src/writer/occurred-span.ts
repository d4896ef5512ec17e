/**
 * How far out of order the events of one request (a prediction, its outcome, its shadow call) may be
 * timestamped: producers' clock skew, the day ingest accepts ahead of its clock. A lookup of a new
 * event's partners reads only the partitions from a day before it on.
 */
export const SKEW_MS = 86_400_000;

/**
 * `[from, to)` bounding the timestamps of `events`, widened by `widenMs` on both sides, as timestamptz
 * text: lets a lookup of these events (or of their partners) read only the daily partitions they can
 * be in. Unbounded if a timestamp is unreadable here (PostgreSQL then judges it). `to` is a
 * millisecond past the last: timestamps may carry microseconds.
 */
export function occurredSpan(events: ReadonlyArray<{ timestamp: string }>, widenMs = 0): [string, string] {
  let from = Infinity;
  let to = -Infinity;
  for (const { timestamp } of events) {
    const at = Date.parse(timestamp);
    if (Number.isNaN(at)) return ['-infinity', 'infinity'];
    if (at < from) from = at;
    if (at > to) to = at;
  }
  return events.length === 0 ? ['-infinity', '-infinity'] : [new Date(from - widenMs).toISOString(), new Date(to + 1 + widenMs).toISOString()];
}
