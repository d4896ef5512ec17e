import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** A value in COPY's text format: `\N` for null; backslash, tab and line breaks escaped. */
export function copyField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '\\N';
  return String(value).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/** Streams `rows` (already COPY text lines) into `COPY … FROM STDIN` on the transaction's connection. */
export async function copyRows(client: PoolClient, sql: string, rows: readonly string[]): Promise<void> {
  await pipeline(Readable.from([`${rows.join('\n')}\n`]), client.query(copyFrom(sql)));
}
