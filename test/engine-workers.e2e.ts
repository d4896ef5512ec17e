import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from 'pg';
import { type RunningApp, startApp } from './support/apps';
import { TEST_DATABASE_URL } from './support/test-env';
import { waitFor } from './support/wait';
import { type EngineStack, control, deploy, engineStack } from './engine.helpers';

let stack: EngineStack;
const workers: RunningApp[] = [];
const startWorker = async () => {
  const worker = await startApp('worker', stack.env);
  workers.push(worker);
  return worker;
};
beforeAll(async () => {
  stack = await engineStack();
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop('SIGKILL')));
  await stack?.close();
});

interface Tick {
  number: number;
  created_at: Date;
  decisions: number;
}

/** Every analysis of a deployment with the decisions that name it. */
async function ticksOf(deploymentId: string): Promise<Tick[]> {
  const { rows } = await stack.db.query<Tick>(
    `SELECT a.number, a.created_at, (SELECT count(*)::int FROM decisions d WHERE d.analysis_id = a.id) AS decisions
     FROM analyses a WHERE a.deployment_id = $1 ORDER BY a.number`,
    [deploymentId],
  );
  return rows;
}

const stateOf = async (deploymentId: string) =>
  (await stack.db.query<{ analyses: number; decisions: number }>(
    `SELECT (state ->> 'analyses')::int AS analyses, (SELECT count(*)::int FROM decisions WHERE deployment_id = $1) AS decisions FROM deployments WHERE id = $1`,
    [deploymentId],
  )).rows[0]!;

describe('analysis workers (BullMQ job schedulers from PostgreSQL)', () => {
  it('two workers at once: exactly one analysis and one decision per tick', async () => {
    await Promise.all([startWorker(), startWorker()]);
    // Too little traffic: every tick holds, so the deployment stays live and is ticked every 5 s.
    const d = await deploy(stack, { strategy: 'canary', steps: [10, 25], intervalSeconds: 5 });
    await stack.send(d, [
      { version: 'v1', count: 90 },
      { version: 'v2', count: 10 },
    ]);
    const ticks = await waitFor('four ticks', async () => {
      const t = await ticksOf(d.id);
      return t.length >= 4 ? t : undefined;
    }, { timeoutMs: 90_000, intervalMs: 500 });
    expect(ticks.map((t) => t.number)).toEqual(ticks.map((_, i) => i + 1));
    expect(ticks.every((t) => t.decisions === 1)).toBe(true);
    // One tick every 5 s, never two for one tick (the workers share the schedule and the row lock).
    for (let i = 1; i < ticks.length; i += 1) {
      expect(ticks[i]!.created_at.getTime() - ticks[i - 1]!.created_at.getTime()).toBeGreaterThan(3_000);
    }
    const state = await stateOf(d.id);
    expect(state.analyses).toBeGreaterThanOrEqual(ticks.length);
    expect(state.decisions).toBe(state.analyses + 1); // the start's decision, then one per analysis
    expect((await control(stack, d.id, 'abort')).status).toBe(200);
  });

  it('a worker SIGKILLed in the middle of a tick leaves nothing half-written, and the next tick goes on', async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop('SIGKILL')));
    const d = await deploy(stack, { strategy: 'canary', steps: [10, 25], intervalSeconds: 5 });
    const locker = new Client({ connectionString: TEST_DATABASE_URL, application_name: 'e2e-locker' });
    await locker.connect();
    try {
      // Holding the outbox lets the tick write its analysis, state and decision, then wait on the outbox row.
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE outbox IN SHARE ROW EXCLUSIVE MODE');
      const before = await stateOf(d.id);
      const worker = await startWorker();
      // Blocked on the outbox while holding this deployment's row lock: inside this deployment's tick.
      const holdsRow = async () => {
        await locker.query('SAVEPOINT probe');
        try {
          await locker.query('SELECT 1 FROM deployments WHERE id = $1 FOR UPDATE NOWAIT', [d.id]);
          return false;
        } catch {
          return true;
        } finally {
          await locker.query('ROLLBACK TO SAVEPOINT probe');
        }
      };
      await waitFor('the worker to block inside a tick', async () => {
        const { rows } = await locker.query(
          `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'modelgate-worker' AND wait_event_type = 'Lock' AND query LIKE '%INSERT INTO outbox%'`,
        );
        return rows.length > 0 && (await holdsRow()) ? true : undefined;
      }, { timeoutMs: 60_000, intervalMs: 100 });
      await worker.stop('SIGKILL');
      // PostgreSQL notices the dead client only when the lock is granted; the statement then ends and the transaction rolls back.
      await locker.query('COMMIT');
      // Only this database's sessions: the PostgreSQL server is shared (other checkouts run their own workers).
      await waitFor('PostgreSQL to end the killed worker\'s session', async () => {
        const { rows } = await locker.query(`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'modelgate-worker'`);
        return rows.length === 0 ? true : undefined;
      }, { timeoutMs: 30_000, intervalMs: 100 });
      expect(await stateOf(d.id)).toEqual(before);
      expect(await ticksOf(d.id)).toEqual([]);
    } finally {
      await locker.end();
    }
    await startWorker();
    const ticks = await waitFor('the next tick', async () => {
      const t = await ticksOf(d.id);
      return t.length >= 1 ? t : undefined;
    }, { timeoutMs: 90_000, intervalMs: 250 });
    expect(ticks[0]).toMatchObject({ number: 1, decisions: 1 });
  });
});
