import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../migrations';
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

  it('keys prediction and outcome events by a unique event_id', async () => {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      const insert = `INSERT INTO outcome_events (event_id, request_id, occurred_at, label) VALUES ('6f1c2a4e-0000-4000-8000-000000000001', 'r1', now(), 'koala') ON CONFLICT (event_id) DO NOTHING`;
      expect((await client.query(insert)).rowCount).toBe(1);
      expect((await client.query(insert)).rowCount).toBe(0);
    } finally {
      await client.end();
    }
  });
});
