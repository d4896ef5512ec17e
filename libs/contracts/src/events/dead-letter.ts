/**
 * A message on `modelgate.dead-letters` carries the original bytes unchanged as its value and
 * key, and says what went wrong in these headers, so an operator can fix and replay it.
 */
export const DEAD_LETTER_HEADERS = {
  /** One of `bad-json`, `unknown-schema`, `invalid-event`, `unknown-model`, `rejected-by-database`, `expired`, `in-the-future`. */
  reason: 'modelgate-reason',
  /** JSON array of `{ path, message }` field errors (for `rejected-by-database`: PostgreSQL's message, path ''). */
  errors: 'modelgate-errors',
  sourceTopic: 'modelgate-source-topic',
  sourcePartition: 'modelgate-source-partition',
  sourceOffset: 'modelgate-source-offset',
} as const;
