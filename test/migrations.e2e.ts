import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../migrations';
import { PartitionedEvents1764090000000 } from '../migrations/1764090000000-partitioned-events';
import { repoRoot } from './support/apps';

const exec = promisify(execFile);
const admin = 'postgres://postgres@127.0.0.1:5432/postgres';
const database = `modelgate_migrations_${process.pid}`;
const url = `postgres://modelgate:modelgate@127.0.0.1:5432/${database}`;
const migrate = (command: 'run' | 'revert') =>
  exec('node', ['dist/scripts/migrate.js', command], { cwd: repoRoot, env: { ...process.env, DATABASE_URL: url } });

async function tables(): Promise<string[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations' ORDER BY 1`,
    );
    return rows.map((row) => row.name);
  } finally {
    await client.end();
  }
}

/** Reverts the migrations applied after `migration`, then it. */
async function revertTo(migration: (typeof migrations)[number]): Promise<void> {
  for (let i = migrations.length - 1; i >= migrations.indexOf(migration); i--) await migrate('revert');
}

async function asAdmin(sql: string): Promise<void> {
  const client = new Client({ connectionString: admin });
  await client.connect();
  await client.query(sql).finally(() => client.end());
}

describe('migrations', () => {
  beforeAll(() => asAdmin(`CREATE DATABASE ${database} OWNER modelgate`));
  afterAll(() => asAdmin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));

  it('apply, revert to nothing, and apply again', async () => {
    await migrate('run');
    const applied = await tables();
    for (const table of ['deployments', 'deployment_variants', 'deployment_steps', 'prediction_events', 'outcome_events', 'rollups', 'analyses', 'decisions', 'outbox', 'api_keys']) {
      expect(applied).toContain(table);
    }
    for (let i = 0; i < migrations.length; i++) await migrate('revert');
    expect(await tables()).toEqual([]);
    await migrate('run');
    expect(await tables()).toEqual(applied);
  });

  it('keys prediction and outcome events by event_id and occurred_at, in daily partitions', async () => {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      // Today's partition is created by the migration itself, so a fresh database takes events at once.
      const insert = `INSERT INTO outcome_events (event_id, request_id, occurred_at, label)
        VALUES ('6f1c2a4e-0000-4000-8000-000000000001', 'r1', date_trunc('day', now(), 'UTC') + interval '12 hours', 'koala')
        ON CONFLICT (event_id, occurred_at) DO NOTHING`;
      expect((await client.query(insert)).rowCount).toBe(1);
      expect((await client.query(insert)).rowCount).toBe(0);
      const { rows } = await client.query(`SELECT relname FROM pg_class WHERE relname IN ('prediction_events', 'outcome_events') AND relkind = 'p' ORDER BY 1`);
      expect(rows.map((r) => r.relname)).toEqual(['outcome_events', 'prediction_events']);
    } finally {
      await client.end();
    }
  });

  it('moves existing events into one partition per day, and back on revert', async () => {
    const client = new Client({ connectionString: url });
    await client.connect();
    const events = `SELECT event_id::text, occurred_at FROM prediction_events UNION ALL SELECT event_id::text, occurred_at FROM outcome_events ORDER BY 1`;
    try {
      await client.query('DELETE FROM outcome_events');
      await revertTo(PartitionedEvents1764090000000); // back to the unpartitioned tables of the earlier migrations
      await client.query(`INSERT INTO prediction_events (event_id, model, version, unit_id, request_id, occurred_at)
        VALUES ('6f1c2a4e-0000-4000-8000-00000000000a', 'm', 'v1', 'u', 'r1', '2025-03-04T23:59:59.999Z'),
               ('6f1c2a4e-0000-4000-8000-00000000000b', 'm', 'v1', 'u', 'r2', '2025-03-05T00:00:00Z')`);
      await client.query(`INSERT INTO outcome_events (event_id, request_id, occurred_at) VALUES ('6f1c2a4e-0000-4000-8000-00000000000c', 'r1', '2025-03-06T10:00:00Z')`);
      const before = (await client.query(events)).rows;
      await migrate('run');
      expect((await client.query(events)).rows).toEqual(before);
      const { rows } = await client.query(`
        SELECT tableoid::regclass::text AS partition, event_id::text FROM prediction_events
        UNION ALL SELECT tableoid::regclass::text, event_id::text FROM outcome_events ORDER BY 2`);
      expect(rows).toEqual([
        { partition: 'prediction_events_p20250304', event_id: '6f1c2a4e-0000-4000-8000-00000000000a' },
        { partition: 'prediction_events_p20250305', event_id: '6f1c2a4e-0000-4000-8000-00000000000b' },
        { partition: 'outcome_events_p20250306', event_id: '6f1c2a4e-0000-4000-8000-00000000000c' },
      ]);
      await revertTo(PartitionedEvents1764090000000);
      expect((await client.query(events)).rows).toEqual(before);
      expect((await client.query(`SELECT count(*)::int AS n FROM pg_class WHERE relname LIKE '%events_p2%'`)).rows).toEqual([{ n: 0 }]);
      await migrate('run');
    } finally {
      await client.end();
    }
  });
});
