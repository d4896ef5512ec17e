/**
 * `[from, to)` bounding the timestamps of `events`, as timestamptz text: lets a lookup of these
 * events by id read only the daily partitions they can be in. Unbounded if a timestamp is unreadable
 * here (PostgreSQL then judges it). `to` is a millisecond past the last: timestamps may carry microseconds.
 */
export function occurredSpan(events: ReadonlyArray<{ timestamp: string }>): [string, string] {
  let from = Infinity;
  let to = -Infinity;
  for (const { timestamp } of events) {
    const at = Date.parse(timestamp);
    if (Number.isNaN(at)) return ['-infinity', 'infinity'];
    if (at < from) from = at;
    if (at > to) to = at;
  }
  return events.length === 0 ? ['-infinity', '-infinity'] : [new Date(from).toISOString(), new Date(to + 1).toISOString()];
}
