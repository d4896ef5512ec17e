import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** The partitioned event tables: one partition per UTC day of `occurred_at` (migration 1764090000000). */
export const EVENT_TABLES = ['prediction_events', 'outcome_events'] as const;
export type EventTable = (typeof EVENT_TABLES)[number];

export const DAY_MS = 86_400_000;

/**
 * Serialises partition creation and removal between ingest replicas, the api and the worker: two
 * `CREATE TABLE IF NOT EXISTS … PARTITION OF` for the same day racing would make one fail.
 */
const PARTITION_LOCK_KEY = 0x6d67_7074; // "mgpt"

/** The UTC day (days since 1970-01-01) an instant falls on. */
export const utcDay = (ms: number): number => Math.floor(ms / DAY_MS);

/** `prediction_events_p20261130`: the partition of `table` holding the UTC day `day`. */
export function partitionName(table: EventTable, day: number): string {
  return `${table}_p${new Date(day * DAY_MS).toISOString().slice(0, 10).replaceAll('-', '')}`;
}

const PARTITION_NAME = /^(prediction_events|outcome_events)_p(\d{4})(\d{2})(\d{2})$/;

export interface EventPartition {
  table: EventTable;
  name: string;
  day: number;
}

const PARTITIONS_SQL = `
  SELECT c.relname AS name FROM pg_inherits i
  JOIN pg_class c ON c.oid = i.inhrelid
  WHERE i.inhparent IN ('prediction_events'::regclass, 'outcome_events'::regclass)`;

/**
 * Creates and drops the daily partitions of the event tables. The worker keeps the days ahead
 * created and drops the expired ones; ingest creates a missing day on demand (so it never depends
 * on the worker having run). Creating or dropping a partition briefly locks its parent table, so
 * each runs in its own short transaction, never inside an ingest write.
 */
@Injectable()
export class EventPartitions {
  constructor(private readonly db: DataSource) {}

  /** Every daily partition of both tables, oldest first (tables attached by hand under other names are ignored). */
  async list(): Promise<EventPartition[]> {
    const rows = (await this.db.query(PARTITIONS_SQL)) as Array<{ name: string }>;
    return rows
      .map(({ name }) => ({ name, match: PARTITION_NAME.exec(name) }))
      .filter((row): row is { name: string; match: RegExpExecArray } => row.match !== null)
      .map(({ name, match }) => ({ table: match[1] as EventTable, name, day: utcDay(Date.UTC(+match[2]!, +match[3]! - 1, +match[4]!)) }))
      .sort((a, b) => a.day - b.day || a.name.localeCompare(b.name));
  }

  /**
   * Creates the partitions of both tables for these UTC days where missing; idempotent and safe
   * to run at once from several processes. Returns the partitions it created.
   */
  async ensure(days: Iterable<number>): Promise<EventPartition[]> {
    const wanted = [...new Set(days)].sort((a, b) => a - b);
    if (wanted.length === 0) return [];
    return this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [PARTITION_LOCK_KEY]);
      const created: EventPartition[] = [];
      for (const day of wanted) {
        for (const table of EVENT_TABLES) {
          const name = partitionName(table, day);
          const [{ exists }] = (await tx.query('SELECT to_regclass($1) IS NOT NULL AS exists', [name])) as [{ exists: boolean }];
          if (exists) continue;
          const from = new Date(day * DAY_MS).toISOString();
          const to = new Date((day + 1) * DAY_MS).toISOString();
          await tx.query(`CREATE TABLE IF NOT EXISTS ${name} PARTITION OF ${table} FOR VALUES FROM ('${from}') TO ('${to}')`);
          created.push({ table, name, day });
        }
      }
      return created;
    });
  }

  /**
   * Drops the partitions whose whole day is older than the retention (`now` − `retentionDays`
   * days): their events can no longer join, deduplicate or be read. Returns the partitions dropped.
   */
  async dropExpired(retentionDays: number, now: Date): Promise<EventPartition[]> {
    const horizon = now.getTime() - retentionDays * DAY_MS;
    const expired = (await this.list()).filter((p) => (p.day + 1) * DAY_MS <= horizon);
    if (expired.length === 0) return [];
    return this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [PARTITION_LOCK_KEY]);
      for (const { name } of expired) await tx.query(`DROP TABLE IF EXISTS ${name}`);
      return expired;
    });
  }
}
