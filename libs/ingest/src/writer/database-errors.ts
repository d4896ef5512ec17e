/** How the ingest path treats an error thrown while writing a batch. */
export type DatabaseErrorKind =
  /** The data of some event is refused (SQLSTATE class 22, or a constraint other than a duplicate key): isolate and dead-letter it. */
  | 'data'
  /** The database or the connection failed for now (lost connection, serialization failure, deadlock, timeout): retry the same batch. */
  | 'transient'
  /** Anything else (a bug, a missing table): neither retried here nor blamed on an event. */
  | 'fatal';

const TRANSIENT_SQLSTATES = new Set([
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '55P03', // lock_not_available
  '57014', // query_canceled (statement_timeout)
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
]);
const TRANSIENT_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND']);
const UNIQUE_VIOLATION = '23505';

/**
 * Sorts a write failure by its SQLSTATE (pg's `code`, kept by TypeORM's QueryFailedError) or its
 * socket error. Not retriable by default (style §7): only the listed transient failures are.
 *
 * @example
 * databaseErrorKind({ code: '22P02', message: 'invalid input syntax for type json' }) // → 'data'
 */
export function databaseErrorKind(error: unknown): DatabaseErrorKind {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  const message = error instanceof Error ? error.message : '';
  if (typeof code === 'string') {
    if (code.startsWith('22') || (code.startsWith('23') && code !== UNIQUE_VIOLATION)) return 'data';
    if (code.startsWith('08') || TRANSIENT_SQLSTATES.has(code) || TRANSIENT_NODE_CODES.has(code)) return 'transient';
  }
  // node-postgres reports a socket closed under a query without a code.
  if (/Connection terminated|connection timeout|Client has encountered a connection error/i.test(message)) return 'transient';
  return 'fatal';
}
