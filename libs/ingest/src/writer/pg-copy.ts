import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

const SPECIAL = /[\\\t\n\r]/;
const SPECIALS = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** A value in COPY's text format: `\N` for null; backslash, tab and line breaks escaped. */
export function copyField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value !== 'string') return String(value);
  // Most fields need no escaping: test once instead of rewriting every string (hot: 14 fields per event).
  return SPECIAL.test(value) ? value.replace(SPECIALS, (c) => ESCAPES[c]!) : value;
}

/** Streams `rows` (already COPY text lines) into `COPY … FROM STDIN` on the transaction's connection. */
export async function copyRows(client: PoolClient, sql: string, rows: readonly string[]): Promise<void> {
  await pipeline(Readable.from([`${rows.join('\n')}\n`]), client.query(copyFrom(sql)));
}
