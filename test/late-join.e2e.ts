import { randomUUID } from 'node:crypto';
import { type OutcomeEvent, outcomeExample, parseEvent, predictionExample } from '@modelgate/contracts';
import { EventIngestor, JOIN_LOCK_KEY, writeEventBatch } from '@modelgate/ingest';
import { createDataSource, DAY_MS, EventPartitions, utcDay } from '@modelgate/persistence';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IngestWorld, ingestWorld } from './ingest-harness';
import { TEST_DATABASE_URL } from './support/test-env';
import { waitFor } from './support/wait';

/**
 * A new outcome's predictions timestamped a day or more before the ingest clock are looked up before
 * the join lock (where every other consumer would wait for that lookup). A late prediction, written
 * at the same time as its outcome, must still be paired exactly once: here the outcome's batch is
 * held between that lookup and the join lock while the prediction's batch runs.
 */
describe('an outcome and its late prediction (a day or more before the ingest clock)', () => {
  /** In the older partitions, and in the recent ones (two days before the outcome) but a day before the clock. */
  const ages: Array<[string, number]> = [['three days', 3 * DAY_MS], ['30 hours', 30 * 3_600_000]];
  let world: IngestWorld;
  let dataSource: DataSource;
  const application = () => `e2e-late-join-${world.id}`;
  beforeAll(async () => {
    world = await ingestWorld(1);
    dataSource = await createDataSource({ url: TEST_DATABASE_URL, poolSize: 2, applicationName: application() }).initialize();
    // The late days' partitions exist beforehand: creating one waits for every open write on its table.
    await new EventPartitions(dataSource).ensure(ages.map(([, ms]) => utcDay(Date.now() - ms)));
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await world?.close();
  });

  const latePrediction = (requestId: string, ageMs: number) =>
    predictionExample({
      eventId: randomUUID(), model: world.model, version: 'v1', requestId, timestamp: new Date(Date.now() - ageMs).toISOString(), prediction: { label: 'koala' },
    });
  const outcome = (requestId: string): OutcomeEvent => {
    const parsed = parseEvent(outcomeExample({ eventId: randomUUID(), requestId, label: 'koala', timestamp: new Date().toISOString() }));
    if (!parsed.ok || parsed.kind !== 'outcome') throw new Error('the test outcome is invalid');
    return parsed.event;
  };
  const ingest = (event: unknown) => {
    const parsed = parseEvent(event);
    if (!parsed.ok) throw new Error(`the test event is invalid: ${JSON.stringify(parsed.errors)}`);
    return new EventIngestor(dataSource, { bucketMs: 60_000 }).ingest([{ source: 0, parsed }]);
  };
  /** Outcomes counted in the deployment's rollups (each pair adds one), and labelled pairs of its model. */
  const pairsOf = async (requestId: string) => {
    const { rows } = await world.db.query(
      `SELECT (SELECT coalesce(sum(outcomes), 0)::int FROM rollups WHERE deployment_id = $1) AS outcomes,
              (SELECT count(*)::int FROM outcome_events WHERE request_id = $2) AS stored`,
      [world.deploymentId, requestId],
    );
    return rows[0] as { outcomes: number; stored: number };
  };

  it.each(ages)('joins an outcome with a prediction %s before it, once', async (_age, ageMs) => {
    const requestId = `${world.id}-stored-${ageMs}`;
    await ingest(latePrediction(requestId, ageMs));
    const before = await pairsOf(requestId);
    await ingest(outcomeExample({ eventId: randomUUID(), requestId, label: 'koala', timestamp: new Date().toISOString() }));
    expect((await pairsOf(requestId)).outcomes - before.outcomes).toBe(1);
  });

  it.each(ages)('joins them once when the prediction (%s old) is written while the outcome batch is between its lookup and the join lock', async (_age, ageMs) => {
    const requestId = `${world.id}-racing-${ageMs}`;
    const before = await pairsOf(requestId);
    const client = await world.db.connect();
    let reached!: () => void;
    const atJoinLock = new Promise<void>((resolve) => (reached = resolve));
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    try {
      await client.query('BEGIN');
      const db = {
        query: async (sql: string, parameters?: unknown[]) => {
          if (parameters?.[0] === JOIN_LOCK_KEY) {
            reached();
            await gate;
          }
          return (await client.query(sql, parameters)).rows;
        },
      };
      const outcomeBatch = writeEventBatch(db, { predictions: [], outcomes: [outcome(requestId)] }, 60_000, Date.now());
      await atJoinLock;
      const predictionBatch = ingest(latePrediction(requestId, ageMs));
      let finished = false;
      void predictionBatch.then(() => (finished = true), () => (finished = true));
      // Either the prediction's batch waits for the outcome's (a lock), or it gets through first.
      const state = await waitFor('the prediction batch to wait or finish', async () => {
        if (finished) return 'finished';
        const { rows } = await world.db.query(`SELECT 1 FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'`, [application()]);
        return rows.length > 0 ? 'waiting' : undefined;
      }, { timeoutMs: 30_000, intervalMs: 20 });
      expect(state).toBe('waiting');
      open();
      await outcomeBatch;
      await client.query('COMMIT');
      expect(await predictionBatch).toMatchObject({ predictionsWritten: 1, deadLetters: [] });
    } finally {
      open();
      await client.query('ROLLBACK').catch(() => undefined);
      client.release();
    }
    const after = await pairsOf(requestId);
    expect(after.stored).toBe(1);
    expect(after.outcomes - before.outcomes).toBe(1);
  });
});
