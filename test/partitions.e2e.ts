import { randomUUID } from 'node:crypto';
import { outcomeExample, parseEvent, predictionExample } from '@modelgate/contracts';
import { EventIngestor } from '@modelgate/ingest';
import { createDataSource, EventPartitions, partitionName } from '@modelgate/persistence';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  asMessages, deadLetters, drained, eventCounts, type IngestWorld, ingestWorld, produce, recountedRollups, startIngest, storedRollups,
} from './ingest-harness';
import { type RunningApp, startApp } from './support/apps';
import { TEST_DATABASE_URL } from './support/test-env';
import { waitFor } from './support/wait';

const DAY = 86_400_000;
const today = Math.floor(Date.now() / DAY);
/** Noon (UTC) of the day `offset` days from today, plus `seconds`: inside the default 14-day retention for offsets ≥ −13. */
const noon = (offset: number, seconds = 0) => new Date((today + offset) * DAY + DAY / 2 + seconds * 1000).toISOString();

const partitionsOf = async (world: IngestWorld, day: number): Promise<string[]> =>
  (
    await world.db.query<{ name: string }>(`SELECT relname AS name FROM pg_class WHERE relname = ANY($1) ORDER BY 1`, [
      [partitionName('outcome_events', day), partitionName('prediction_events', day)],
    ])
  ).rows.map((r) => r.name);

/** Drops a day's partitions so that a test sees them created; only days no other test writes to. */
const dropDay = (world: IngestWorld, day: number) =>
  world.db.query(`DROP TABLE IF EXISTS ${partitionName('prediction_events', day)}, ${partitionName('outcome_events', day)}`);

describe('bounded event store: ingest within the retention (issue 14)', () => {
  let world: IngestWorld;
  let ingest: RunningApp | undefined;
  beforeAll(async () => {
    world = await ingestWorld(1);
  });
  afterAll(async () => {
    await ingest?.stop('SIGKILL');
    await world?.close();
  });

  it('creates a missing day on demand, dead-letters expired and far-future events, writes the rest once, and a replay changes nothing', async () => {
    // Day −9 is written by this test only: drop it so that ingest has to create it.
    await dropDay(world, today - 9);
    expect(await partitionsOf(world, today - 9)).toEqual([]);
    const base = { model: world.model, version: 'v1', latencyMs: 10 };
    const predictions = [-13, -9, -1, 0].flatMap((day, d) =>
      Array.from({ length: 5 }, (_, i) =>
        predictionExample({ ...base, eventId: randomUUID(), requestId: `${world.id}-${d}-${i}`, timestamp: noon(day, i), prediction: { label: 'koala' } }),
      ),
    );
    const expired = predictionExample({ ...base, eventId: randomUUID(), requestId: `${world.id}-expired`, timestamp: noon(-20) });
    const ahead = predictionExample({ ...base, eventId: randomUUID(), requestId: `${world.id}-ahead`, timestamp: noon(3) });
    // The expired and the far-future event sit between valid ones in the same batch.
    const messages = asMessages([...predictions.slice(0, 10), expired, ahead, ...predictions.slice(10)]);
    await produce(world, world.topics.predictions, messages);
    ingest = await startIngest(world, { EVENT_RETENTION_DAYS: '14' });
    await drained(world);

    expect(await eventCounts(world)).toEqual({ predictions: 20, outcomes: 0 });
    expect(await partitionsOf(world, today - 9)).toEqual([partitionName('outcome_events', today - 9), partitionName('prediction_events', today - 9)]);
    const letters = await deadLetters(world, 2);
    expect(letters.map(({ reason, errors }) => ({ reason, errors: JSON.parse(errors) })).sort((a, b) => a.reason.localeCompare(b.reason))).toEqual([
      { reason: 'expired', errors: [{ path: 'timestamp', message: expect.stringMatching(/older than the event retention \(EVENT_RETENTION_DAYS=14.*raise EVENT_RETENTION_DAYS/) }] },
      { reason: 'in-the-future', errors: [{ path: 'timestamp', message: expect.stringMatching(/more than a day ahead of the ingest clock.*fix the producer's clock/) }] },
    ]);
    const rollups = await storedRollups(world);
    expect(rollups.reduce((n, row) => n + (row.predictions as number), 0)).toBe(20);

    // The same messages again (a replay within the retention): nothing is written twice.
    await produce(world, world.topics.predictions, messages);
    await drained(world);
    expect(await eventCounts(world)).toEqual({ predictions: 20, outcomes: 0 });
    expect(await storedRollups(world)).toEqual(rollups);
    expect(rollups.map(({ latency_histogram: _h, feature_sketches: _s, ...counts }) => counts)).toEqual(await recountedRollups(world));
  });

  it('joins an outcome arriving 12 days after its prediction, into the rollups and the labelled pairs', async () => {
    const requestId = `${world.id}-late-join`;
    // Microseconds: the labelled pair keeps the prediction's time exactly.
    const predicted = noon(-12, 30).replace('Z', '123Z');
    await produce(world, world.topics.predictions, asMessages([
      predictionExample({ model: world.model, version: 'v2', eventId: randomUUID(), requestId, timestamp: predicted, latencyMs: 7, prediction: { label: 'koala' } }),
    ]));
    await drained(world);
    await produce(world, world.topics.outcomes, asMessages([outcomeExample({ eventId: randomUUID(), requestId, label: 'koala', value: 3, timestamp: noon(0) })]));
    await drained(world);
    const bucket = new Date(Math.floor(Date.parse(predicted) / 60_000) * 60_000);
    const row = (await storedRollups(world)).find((r) => r.variant === 'candidate' && (r.bucket_start as Date).getTime() === bucket.getTime());
    expect(row).toMatchObject({ predictions: 1, outcomes: 1, outcome_values: 1, outcome_sum: 3, correct: 1, incorrect: 0 });
    const { rows: pairs } = await world.db.query(
      `SELECT version, error, predicted_at = $2::timestamptz AS exact FROM labelled_pairs WHERE model = $1`,
      [world.model, predicted],
    );
    expect(pairs).toEqual([{ version: 'v2', error: false, exact: true }]);
  });

  it('joins an outcome to every prediction of its request when they straddle the recent days it looks in first', async () => {
    // The outcome's first lookup reads from two days before it; the v1 prediction is just inside, its
    // v2 call (same request, two hours earlier: within the day of skew) just outside.
    const requestId = `${world.id}-straddle`;
    const [inside, outside] = [noon(-2, 3_600), noon(-2, -3_600)];
    await produce(world, world.topics.predictions, asMessages([
      predictionExample({ model: world.model, version: 'v1', eventId: randomUUID(), requestId, timestamp: inside, latencyMs: 7, prediction: { label: 'cat' } }),
      predictionExample({ model: world.model, version: 'v2', eventId: randomUUID(), requestId, timestamp: outside, latencyMs: 7, prediction: { label: 'dog' } }),
    ]));
    await drained(world);
    await produce(world, world.topics.outcomes, asMessages([outcomeExample({ eventId: randomUUID(), requestId, label: 'dog', value: 1, timestamp: noon(0) })]));
    await drained(world);
    const { rows: pairs } = await world.db.query(
      `SELECT version, error FROM labelled_pairs WHERE model = $1 AND predicted_at = ANY($2::timestamptz[]) ORDER BY version`,
      [world.model, [inside, outside]],
    );
    expect(pairs).toEqual([{ version: 'v1', error: true }, { version: 'v2', error: false }]);
    const joined = (await storedRollups(world)).filter((r) => [inside, outside].some((t) => Date.parse(t) === (r.bucket_start as Date).getTime()));
    expect(joined.map((r) => [r.variant, r.outcomes, r.correct, r.incorrect]).sort()).toEqual([['baseline', 1, 0, 1], ['candidate', 1, 1, 0]]);
  });
});

describe('bounded event store: two ingest replicas create the same partition at once (issue 14)', () => {
  let world: IngestWorld;
  let replicas: DataSource[] = [];
  beforeAll(async () => {
    world = await ingestWorld(1);
    replicas = await Promise.all(
      [1, 2].map((n) => createDataSource({ url: TEST_DATABASE_URL, poolSize: 2, applicationName: `e2e-partitions-${world.id}-${n}` }).initialize()),
    );
  });
  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.destroy()));
    await world?.close();
  });

  it('both write their batches, each day is created once', async () => {
    const days = [today - 7, today - 6, today - 5];
    for (const day of days) await dropDay(world, day);
    const batch = (replica: number) =>
      days.flatMap((day) =>
        Array.from({ length: 50 }, (_, i) => {
          const event = predictionExample({ model: world.model, version: 'v1', eventId: randomUUID(), requestId: `${world.id}-${replica}-${i}`, timestamp: noon(day - today, i) });
          return { source: i, parsed: parseEvent(event) };
        }),
      );
    const results = await Promise.all(replicas.map((dataSource, n) => new EventIngestor(dataSource, { bucketMs: 60_000 }).ingest(batch(n))));
    expect(results.map((r) => [r.predictionsWritten, r.deadLetters.length])).toEqual([[150, 0], [150, 0]]);
    expect(await eventCounts(world)).toEqual({ predictions: 300, outcomes: 0 });
    for (const day of days) expect(await partitionsOf(world, day)).toHaveLength(2);
  });
});

describe('bounded event store: the worker keeps the partitions (issue 14)', () => {
  let world: IngestWorld;
  let worker: RunningApp | undefined;
  let dataSource: DataSource;
  beforeAll(async () => {
    world = await ingestWorld(1);
    dataSource = await createDataSource({ url: TEST_DATABASE_URL, poolSize: 2, applicationName: `e2e-partitions-${world.id}` }).initialize();
  });
  afterAll(async () => {
    await worker?.stop('SIGKILL');
    await dataSource?.destroy();
    await world?.close();
  });

  it('creates the days ahead and drops the expired ones at start, keeping rollups, analyses and decisions', async () => {
    // Ahead: day +3 is written by no test (ingest refuses events more than a day ahead).
    await dropDay(world, today + 3);
    // Expired: a day 8 days back holding an event, with the rollup, analysis and decision computed from it. This
    // worker keeps 5 days; other tests' workers keep the default 14, so only this one drops day −8.
    const old = today - 8;
    await new EventPartitions(dataSource).ensure([old]);
    const at = noon(-8);
    await world.db.query(
      `INSERT INTO prediction_events (event_id, deployment_id, variant, model, version, unit_id, request_id, occurred_at) VALUES ($1, $2, 'baseline', $3, 'v1', 'u', $4, $5)`,
      [randomUUID(), world.deploymentId, world.model, `${world.id}-old`, at],
    );
    await world.db.query(`INSERT INTO outcome_events (event_id, request_id, occurred_at) VALUES ($1, $2, $3)`, [randomUUID(), `${world.id}-old`, at]);
    await world.db.query(`INSERT INTO rollups (deployment_id, variant, bucket_start, predictions) VALUES ($1, 'baseline', $2, 1)`, [world.deploymentId, at]);
    const { rows: analysis } = await world.db.query<{ id: string }>(
      `INSERT INTO analyses (deployment_id, step_index, window_start, window_end, action, results) VALUES ($1, 0, $2, $2, 'hold', '{}') RETURNING id`,
      [world.deploymentId, at],
    );
    await world.db.query(
      `INSERT INTO decisions (id, deployment_id, analysis_id, action, reason, evidence, idempotency_key, record) VALUES ($1, $2, $3, 'hold', 'test', '{}', $4, '{}')`,
      [randomUUID(), world.deploymentId, analysis[0]!.id, `e2e-partitions-${world.id}`],
    );
    const kept = `SELECT (SELECT count(*)::int FROM rollups WHERE deployment_id = $1) AS rollups,
      (SELECT count(*)::int FROM analyses WHERE deployment_id = $1) AS analyses, (SELECT count(*)::int FROM decisions WHERE deployment_id = $1) AS decisions`;
    expect((await world.db.query(kept, [world.deploymentId])).rows).toEqual([{ rollups: 1, analyses: 1, decisions: 1 }]);

    worker = await startApp('worker', { EVENT_RETENTION_DAYS: '5', LOG_LEVEL: 'info' });
    await waitFor('the worker to create day +3 and drop day −8', async () =>
      (await partitionsOf(world, today + 3)).length === 2 && (await partitionsOf(world, old)).length === 0 ? true : undefined,
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    expect((await world.db.query(kept, [world.deploymentId])).rows).toEqual([{ rollups: 1, analyses: 1, decisions: 1 }]);
    expect(await eventCounts(world)).toEqual({ predictions: 0, outcomes: 0 });
    // A structured line per partition, and the metric. (Day +3 may have been created by another test's worker.)
    await waitFor('the log line', () => (/event partition dropped/.test(worker!.output()) ? true : undefined), { timeoutMs: 20_000 });
    const lines = worker.output().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toEqual(expect.arrayContaining([
      expect.objectContaining({ msg: 'event partition dropped', partition: partitionName('outcome_events', old), table: 'outcome_events', retentionDays: 5 }),
      expect.objectContaining({ msg: 'event partition dropped', partition: partitionName('prediction_events', old), table: 'prediction_events', retentionDays: 5 }),
    ]));
    const metrics = await (await fetch(`${worker.url}/metrics`)).text();
    expect(metrics).toMatch(/modelgate_event_partitions_total\{table="outcome_events",action="dropped"[^}]*\} [1-9]/);
  });
});
