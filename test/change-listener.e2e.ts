import { type Changes, PgChangeListener } from '@modelgate/persistence';
import { Client, Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertDeployment } from './support/deployment-row';
import { TEST_DATABASE_URL } from './support/test-env';
import { PROPAGATION_TIMEOUT_MS, waitFor } from './support/wait';

describe('change notifications', () => {
  let db: Pool;
  beforeAll(() => {
    db = new Pool({ connectionString: TEST_DATABASE_URL, max: 2 });
  });
  afterAll(() => db.end());

  it("name the deployment a row of deployments, its variants or its steps belongs to", async () => {
    const listener = new Client({ connectionString: TEST_DATABASE_URL });
    await listener.connect();
    const payloads: string[] = [];
    listener.on('notification', (message) => payloads.push(message.payload ?? ''));
    await listener.query('LISTEN modelgate_deployments');
    try {
      const id = await insertDeployment(db, `animal-classifier-notify-${Date.now().toString(36)}`);
      await waitFor('the insert to notify its id', () => (payloads.includes(id) ? true : undefined), { timeoutMs: PROPAGATION_TIMEOUT_MS, intervalMs: 10 });
      payloads.length = 0;
      // A variant's change names its deployment: a marker notification after it bounds the wait.
      await db.query(`UPDATE deployment_variants SET weight = 0.5 WHERE deployment_id = $1 AND name = 'candidate'`, [id]);
      await db.query(`SELECT pg_notify('modelgate_deployments', 'marker')`);
      await waitFor('the marker', () => (payloads.includes('marker') ? true : undefined), { timeoutMs: PROPAGATION_TIMEOUT_MS, intervalMs: 10 });
      expect(payloads.slice(0, payloads.indexOf('marker'))).toContain(id);
      payloads.length = 0;
      await db.query('DELETE FROM deployments WHERE id = $1', [id]);
      await waitFor('the delete to notify its id', () => (payloads.includes(id) ? true : undefined), { timeoutMs: PROPAGATION_TIMEOUT_MS, intervalMs: 10 });
      // The deployment and its two variants (deleted by the cascade) notify once: one transaction.
      await db.query(`SELECT pg_notify('modelgate_deployments', 'marker')`);
      await waitFor('the marker', () => (payloads.includes('marker') ? true : undefined), { timeoutMs: PROPAGATION_TIMEOUT_MS, intervalMs: 10 });
      expect(payloads.filter((p) => p === id)).toHaveLength(1);
    } finally {
      await listener.end();
    }
  });

  it('reach reload as the payloads since the previous reload, and as everything when asked', async () => {
    const channel = `test_changes_${process.pid}`;
    const seen: Changes[] = [];
    const errors: unknown[] = [];
    const listener = new PgChangeListener({
      databaseUrl: TEST_DATABASE_URL,
      channel,
      reload: async (changes) => {
        seen.push(changes);
      },
      onError: (error) => errors.push(error),
    });
    await listener.start();
    try {
      expect(seen).toEqual(['all']);
      await db.query(`SELECT pg_notify($1, 'a'), pg_notify($1, 'b'), pg_notify($1, 'a')`, [channel]);
      await db.query(`SELECT pg_notify($1, 'c')`, [channel]);
      const union = () => new Set(seen.slice(1).flatMap((changes) => (changes === 'all' ? ['all'] : [...changes])));
      await waitFor('a, b and c to be reloaded', () => (union().size === 3 ? true : undefined), { timeoutMs: PROPAGATION_TIMEOUT_MS, intervalMs: 10 });
      expect(union()).toEqual(new Set(['a', 'b', 'c']));
      const count = seen.length;
      await listener.requestReload();
      expect(seen.slice(count)).toEqual(['all']);
      expect(errors).toEqual([]);
    } finally {
      await listener.stop();
    }
  });
});
