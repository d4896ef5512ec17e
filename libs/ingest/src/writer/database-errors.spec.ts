import { describe, expect, it } from 'vitest';
import { databaseErrorKind } from './database-errors';

describe('databaseErrorKind', () => {
  const pgError = (code: string, message = 'refused') => Object.assign(new Error(message), { code });

  it.each([
    ['22P02', 'data'], // invalid input syntax for type json (a lone surrogate)
    ['22P05', 'data'], // unsupported Unicode escape sequence (\u0000 in jsonb)
    ['22008', 'data'], // datetime field overflow (an offset of +16:00)
    ['22003', 'data'], // numeric value out of range
    ['23514', 'data'], // check violation
    ['23502', 'data'], // not-null violation
    ['23505', 'fatal'], // a duplicate key escaping the ON CONFLICT paths is a bug, not bad data
    ['40001', 'transient'],
    ['40P01', 'transient'],
    ['57014', 'transient'],
    ['57P01', 'transient'],
    ['08006', 'transient'],
    ['08001', 'transient'],
    ['ECONNRESET', 'transient'],
    ['ECONNREFUSED', 'transient'],
    ['42P01', 'fatal'], // undefined table: a missing migration
    ['42601', 'fatal'], // syntax error: a bug
  ])('sorts SQLSTATE %s as %s', (code, kind) => {
    expect(databaseErrorKind(pgError(code))).toBe(kind);
  });

  it('sorts a connection closed under a query, which has no code, as transient', () => {
    expect(databaseErrorKind(new Error('Connection terminated unexpectedly'))).toBe('transient');
  });

  it.each([[new Error('boom')], [undefined], ['a string'], [{ code: 42 }]])('sorts %j as fatal', (error) => {
    expect(databaseErrorKind(error)).toBe('fatal');
  });
});
