/**
 * bench/drift-watch: the time of one monitor tick (data drift of 50 features over a 1-hour window,
 * prediction drift, DDM + ADWIN + Page–Hinkley fed the pairs joined since the checkpoint) for a
 * version with 10 000 000 events behind it, against one with 100 000. The version rollups and the
 * labelled pairs are inserted with SQL (1 000 events a minute, one pair per 10 events, 10 % errors).
 * Targets: ratio ≤ 1.2 (the cost does not grow with history) and each tick < 200 ms.
 * Run: `npm run bench:drift-watch` (the stack up, the test database migrated: `npm run test:e2e` does both).
 */
import { randomUUID } from 'node:crypto';
import { categoryBin, numericBin, PREDICTED_LABEL_SKETCH } from '@modelgate/contracts';
import { createDataSource, runDriftTick } from '@modelgate/persistence';
import { seededNormal, seededUniform } from '../../libs/stats/src/testing/seeded-random';
import { TEST_DATABASE_URL } from '../../test/support/test-env';

const EVENTS_PER_BUCKET = 1_000;
const BUCKET_MS = 60_000;
const FEATURES = 50;
const NEW_PAIRS_PER_TICK = 1_000;
const RUNS = Number(process.env.BENCH_RUNS ?? 21);

/** One minute of traffic as ingest sketches it: 40 numeric features, 10 categorical, the predicted labels. */
function bucketSketch(seed: number): Record<string, Record<string, number>> {
  const u = seededUniform(seed);
  const z = seededNormal(u);
  const sketch: Record<string, Record<string, number>> = {};
  const add = (feature: string, bin: string) => ((sketch[feature] ??= {})[bin] = (sketch[feature]![bin] ?? 0) + 1);
  for (let e = 0; e < EVENTS_PER_BUCKET; e++) {
    for (let f = 0; f < FEATURES; f++) {
      if (f < 40) add(`num_${f}`, numericBin(100 + f + 15 * z()));
      else add(`cat_${f}`, categoryBin(['cat', 'dog', 'koala', 'wombat', 'emu'][Math.floor(u() * 5)]!));
    }
    add(PREDICTED_LABEL_SKETCH, categoryBin(['cat', 'dog', 'koala'][Math.floor(u() * 3)]!));
  }
  return sketch;
}

type Db = ReturnType<typeof createDataSource>;

/** Ticks until the checkpoint holds the version's last pair. */
async function catchUp(db: Db, monitorId: string, model: string, version: string, end: number): Promise<void> {
  for (;;) {
    await runDriftTick(db, monitorId, new Date(end));
    const [row] = (await db.query(
      `SELECT c.last_seq = (SELECT max(seq) FROM labelled_pairs WHERE model = $2 AND version = $3) AS done FROM monitor_checkpoints c WHERE c.monitor_id = $1`,
      [monitorId, model, version],
    )) as { done: boolean }[];
    if (row?.done) return;
  }
}

async function main(): Promise<void> {
  const db = createDataSource({ url: TEST_DATABASE_URL, poolSize: 4, applicationName: 'modelgate-bench-drift' });
  await db.initialize();
  const model = `bench-drift-${randomUUID().slice(0, 8)}`;
  const end = Math.floor(Date.now() / BUCKET_MS) * BUCKET_MS;
  const sketches = JSON.stringify([bucketSketch(1), bucketSketch(2), bucketSketch(3), bucketSketch(4)]);
  const monitors: Record<string, string> = {};
  try {
    for (const [version, events] of [['history-10m', 10_000_000], ['history-100k', 100_000]] as const) {
      const buckets = events / EVENTS_PER_BUCKET;
      const start = end - buckets * BUCKET_MS;
      const t = Date.now();
      await db.query(
        `INSERT INTO version_rollups (model, version, bucket_start, predictions, feature_sketches)
         SELECT $1, $2, to_timestamp(($3::bigint + i * $4::bigint) / 1000.0), $5, ($6::jsonb) -> (i % 4)::int
         FROM generate_series(0, $7::int - 1) AS i`,
        [model, version, start, BUCKET_MS, EVENTS_PER_BUCKET, sketches, buckets],
      );
      await db.query(
        `INSERT INTO labelled_pairs (model, version, error, predicted_at, joined_at)
         SELECT $1, $2, i % 10 = 0, now(), now() FROM generate_series(1, $3::int) AS i`,
        [model, version, events / 10],
      );
      const reference = { kind: 'fixed_window', start: new Date(start).toISOString(), end: new Date(start + 3_600_000).toISOString() };
      const [row] = (await db.query(`INSERT INTO monitors (model, version, settings) VALUES ($1, $2, $3) RETURNING id`, [
        model, version, JSON.stringify({ windowSeconds: 3600, reference }),
      ])) as { id: string }[];
      monitors[version] = row!.id;
      // The first ticks read the reference window and work off the history's pairs (a bounded number per tick).
      await catchUp(db, row!.id, model, version, end);
      console.log(`${version}: ${buckets} buckets of ${EVENTS_PER_BUCKET} events (${events.toLocaleString('en-US')} events, ${(events / 10).toLocaleString('en-US')} labelled pairs) written and caught up in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    }

    const times: Record<string, number[]> = { 'history-10m': [], 'history-100k': [] };
    const events: Record<string, number> = { 'history-10m': 10_000_000, 'history-100k': 100_000 };
    for (let run = 0; run < RUNS + 2; run++) {
      for (const version of Object.keys(times)) {
        await db.query(`INSERT INTO labelled_pairs (model, version, error, predicted_at) SELECT $1, $2, i % 10 = 0, now() FROM generate_series(1, $3::int) AS i`, [
          model, version, NEW_PAIRS_PER_TICK,
        ]);
        const t = process.hrtime.bigint();
        const analysis = await runDriftTick(db, monitors[version]!, new Date(end));
        if (run >= 2) times[version]!.push(Number(process.hrtime.bigint() - t) / 1e6);
        const fed = analysis!.drift!.detectors[0]!.pairsSeen;
        if (fed !== events[version]! / 10 + (run + 1) * NEW_PAIRS_PER_TICK) throw new Error(`${version}: the detectors have seen ${fed} pairs, not all of them`);
      }
    }
    const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
    const big = median(times['history-10m']!);
    const small = median(times['history-100k']!);
    console.log(`one tick (50 features, 1-hour window of 60 buckets, ${NEW_PAIRS_PER_TICK} new pairs), median of ${RUNS}, interleaved:`);
    console.log(`  10 000 000 events behind: ${big.toFixed(1)} ms`);
    console.log(`     100 000 events behind: ${small.toFixed(1)} ms`);
    console.log(`  ratio ${(big / small).toFixed(2)} (target <= 1.2); ${Math.max(big, small) < 200 ? 'under' : 'OVER'} 200 ms`);
  } finally {
    await db.query(`DELETE FROM monitors WHERE model = $1`, [model]);
    await db.query(`DELETE FROM version_rollups WHERE model = $1`, [model]);
    await db.query(`DELETE FROM labelled_pairs WHERE model = $1`, [model]);
    await db.destroy();
  }
}

void main();
