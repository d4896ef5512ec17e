import { randomUUID } from 'node:crypto';
import { outcomeExample, predictionExample } from '@modelgate/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from './support/apps';
import { waitFor } from './support/wait';
import {
  asMessages, deadLetters, drained, eventCounts, type IngestWorld, ingestWorld, produce, recent, recountedRollups, startIngest, storedRollups, traffic, TRAFFIC_BASE,
} from './ingest-harness';

describe('ingest: duplicates and replays (issue 5)', () => {
  let world: IngestWorld;
  let ingest: RunningApp | undefined;
  beforeAll(async () => {
    world = await ingestWorld();
  });
  afterAll(async () => {
    await ingest?.stop('SIGKILL');
    await world?.close();
  });

  it('writes 10 000 events produced twice exactly once, and a replay from the earliest offset changes nothing', async () => {
    const { predictions, outcomes } = traffic(world, 7_500); // + 2 500 outcomes = 10 000 events
    for (let copy = 0; copy < 2; copy += 1) {
      await produce(world, world.topics.predictions, asMessages(predictions));
      await produce(world, world.topics.outcomes, asMessages(outcomes));
    }
    ingest = await startIngest(world);
    await drained(world);
    expect(await eventCounts(world)).toEqual({ predictions: 7_500, outcomes: 2_500 });
    const before = await storedRollups(world);
    expect(before.map(({ latency_histogram: _h, feature_sketches: _s, ...counts }) => counts)).toEqual(await recountedRollups(world));
    expect(before.reduce((n, row) => n + (row.predictions as number), 0)).toBe(7_500);
    const metrics = await (await fetch(`${ingest.url}/metrics`)).text();
    // The sum over every series of `name` whose labels start with `labels`.
    const metric = (name: string, labels = '') =>
      [...metrics.matchAll(new RegExp(`^${name}\\{${labels}[^}]*\\} (\\S+)$`, 'gm'))].reduce((sum, match) => sum + Number(match[1]), 0);
    expect(metric('modelgate_ingest_events_written_total', 'kind="prediction"')).toBe(7_500);
    expect(metric('modelgate_ingest_events_written_total', 'kind="outcome"')).toBe(2_500);
    expect(metric('modelgate_ingest_duplicates_total')).toBeGreaterThanOrEqual(10_000); // a batch redelivered by a rebalance adds more
    expect(metric('modelgate_ingest_events_received_total')).toBeGreaterThanOrEqual(20_000);

    expect(await ingest.stop('SIGTERM')).toBe(0);
    const admin = world.kafka.admin();
    await admin.resetGroupToEarliest(world.groupId, [world.topics.predictions, world.topics.outcomes]);
    await admin.close();
    ingest = await startIngest(world);
    await drained(world);
    expect(await eventCounts(world)).toEqual({ predictions: 7_500, outcomes: 2_500 });
    expect(await storedRollups(world)).toEqual(before);
  });
});

describe('ingest: outcomes before and after their prediction (issue 5)', () => {
  let world: IngestWorld;
  let ingest: RunningApp | undefined;
  beforeAll(async () => {
    world = await ingestWorld(1);
    ingest = await startIngest(world);
  });
  afterAll(async () => {
    await ingest?.stop('SIGKILL');
    await world?.close();
  });

  const rowCount = async (table: 'prediction_events' | 'outcome_events', requestId: string) =>
    Number((await world.db.query(`SELECT count(*) FROM ${table} WHERE request_id = $1`, [requestId])).rows[0].count);

  it('joins each pair once, whichever arrives first, shadow calls included', async () => {
    const at = recent(30_000);
    const [early, late] = [`${world.id}-early`, `${world.id}-late`];
    const earlyOutcome = outcomeExample({ eventId: randomUUID(), requestId: early, label: 'koala', timestamp: at });
    await produce(world, world.topics.outcomes, asMessages([earlyOutcome]));
    await waitFor('the early outcome row', async () => ((await rowCount('outcome_events', early)) === 1 ? true : undefined));

    const base = { model: world.model, timestamp: at, latencyMs: 10 };
    await produce(world, world.topics.predictions, asMessages([
      predictionExample({ ...base, eventId: randomUUID(), requestId: early, version: 'v2', prediction: { label: 'koala' } }),
      predictionExample({ ...base, eventId: randomUUID(), requestId: early, version: 'v1', shadow: true, prediction: { label: 'cat' } }),
      predictionExample({ ...base, eventId: randomUUID(), requestId: late, version: 'v1', prediction: { label: 'dog' } }),
    ]));
    await waitFor('the predictions', async () => ((await rowCount('prediction_events', late)) === 1 ? true : undefined));
    // The late outcome, then the early one again: a duplicate must not be joined twice.
    await produce(world, world.topics.outcomes, asMessages([outcomeExample({ eventId: randomUUID(), requestId: late, label: 'cat', value: 5, timestamp: at })]));
    await produce(world, world.topics.outcomes, asMessages([earlyOutcome]));
    await drained(world);

    const rows = await storedRollups(world);
    expect(rows.map(({ latency_histogram: _h, feature_sketches: _s, ...counts }) => counts)).toEqual([
      {
        variant: 'baseline', bucket_start: new Date(TRAFFIC_BASE), predictions: 2, errors: 0, shadow_predictions: 1, latency_sum: 20,
        outcomes: 2, outcome_values: 1, outcome_sum: 5, outcome_sum_squares: 25, correct: 0, incorrect: 2,
      },
      {
        variant: 'candidate', bucket_start: new Date(TRAFFIC_BASE), predictions: 1, errors: 0, shadow_predictions: 0, latency_sum: 10,
        outcomes: 1, outcome_values: 0, outcome_sum: 0, outcome_sum_squares: 0, correct: 1, incorrect: 0,
      },
    ]);
    expect(rows.map(({ latency_histogram: _h, feature_sketches: _s, ...counts }) => counts)).toEqual(await recountedRollups(world));
    // Every version's labelled error stream (drift) gets the same pairs, each once, whichever half came last.
    const { rows: labelled } = await world.db.query(
      `SELECT version, error, predicted_at = $2::timestamptz AS exact FROM labelled_pairs WHERE model = $1 ORDER BY version, error`,
      [world.model, at],
    );
    expect(labelled).toEqual([
      { version: 'v1', error: true, exact: true },
      { version: 'v1', error: true, exact: true },
      { version: 'v2', error: false, exact: true },
    ]);
  });

  it('dead-letters malformed events with reason, original bytes and source offset, and keeps consuming', async () => {
    const valid = predictionExample({ eventId: randomUUID(), model: world.model, requestId: `${world.id}-after-bad`, version: 'v1', timestamp: recent() });
    const bad = [
      { value: Buffer.from('{"schema":"modelgate.prediction/v1",'), reason: 'bad-json' },
      { value: Buffer.from(JSON.stringify({ ...valid, schema: 'modelgate.prediction/v7' })), reason: 'unknown-schema' },
      { value: Buffer.from(JSON.stringify({ ...valid, eventId: randomUUID(), latencyMs: -3 })), reason: 'invalid-event' },
      { value: Buffer.from(JSON.stringify({ ...valid, eventId: randomUUID(), model: 'bird-classifier' })), reason: 'unknown-model' },
    ];
    await produce(world, world.topics.predictions, [...bad.map(({ value }) => ({ value })), ...asMessages([valid])]);
    await drained(world);
    expect(await rowCount('prediction_events', `${world.id}-after-bad`)).toBe(1);
    const letters = await deadLetters(world, bad.length);
    expect(letters.map(({ value, reason, topic }) => ({ value, reason, topic })).sort((a, b) => a.reason.localeCompare(b.reason))).toEqual(
      bad.map(({ value, reason }) => ({ value: value.toString('latin1'), reason, topic: world.topics.predictions })).sort((a, b) => a.reason.localeCompare(b.reason)),
    );
    expect(JSON.parse(letters.find((l) => l.reason === 'invalid-event')!.errors)).toEqual([expect.objectContaining({ path: 'latencyMs' })]);
  });
});
