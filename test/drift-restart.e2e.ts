import type { DetectorCheckpoint } from '@modelgate/stats';
import { Adwin, Ddm, PageHinkley, scanStream } from '@modelgate/stats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labelledStream, sendPairs } from './drift-harness';
import { type IngestWorld, ingestWorld, startIngest } from './ingest-harness';
import { type RunningApp, startApp } from './support/apps';
import { waitFor } from './support/wait';

describe('drift watch: the worker killed between ticks resumes its detectors from the checkpoint (issue 12)', () => {
  let world: IngestWorld;
  let ingest: RunningApp | undefined;
  let worker: RunningApp | undefined;
  let monitorId: string;
  const version = 'v7';

  const checkpoint = async () =>
    (await world.db.query<{ last_seq: string; detectors: DetectorCheckpoint[] }>(`SELECT last_seq, detectors FROM monitor_checkpoints WHERE monitor_id = $1`, [monitorId])).rows[0];
  const lastPair = async () =>
    (await world.db.query<{ seq: string }>(`SELECT max(seq)::text AS seq FROM labelled_pairs WHERE model = $1 AND version = $2`, [world.model, version])).rows[0]!.seq;
  const caughtUp = (what: string) =>
    waitFor(what, async () => {
      const [c, last] = [await checkpoint(), await lastPair()];
      return c && c.last_seq === last ? c : undefined;
    }, { timeoutMs: 90_000, intervalMs: 250 });

  beforeAll(async () => {
    world = await ingestWorld(1);
    ingest = await startIngest(world);
    // A watched version in no deployment, ticked every 5 s by the worker's job scheduler.
    const { rows } = await world.db.query<{ id: string }>(
      `INSERT INTO monitors (model, version, settings) VALUES ($1, $2, '{"intervalSeconds": 5}') RETURNING id`,
      [world.model, version],
    );
    monitorId = rows[0]!.id;
  });
  afterAll(async () => {
    await Promise.all([ingest?.stop('SIGKILL'), worker?.stop('SIGKILL')]);
    await world?.close();
  });

  it('flags the same pair indices as detectors that ran uninterrupted over the whole stream', async () => {
    const start = Date.now() - 3_600_000;
    const stream = labelledStream(world, version, 71, 3000, (i) => (i < 1500 ? 0.1 : 0.3), start);
    const half = { preds: stream.preds.slice(0, 1400), outcomes: stream.outcomes.slice(0, 1400) };
    const rest = { preds: stream.preds.slice(1400), outcomes: stream.outcomes.slice(1400) };

    await sendPairs(world, version, half);
    worker = await startApp('worker', world.env);
    const before = await caughtUp('the worker to feed the first 1 400 pairs');
    expect(before.detectors.map((d) => d.pairsSeen)).toEqual([1400, 1400, 1400]);
    expect(await worker.stop('SIGKILL')).toBeNull();

    await sendPairs(world, version, rest, 1400);
    worker = await startApp('worker', world.env);
    const after = await caughtUp('the restarted worker to feed the other 1 600 pairs');
    expect(after.detectors.map((d) => d.pairsSeen)).toEqual([3000, 3000, 3000]);

    // The stream as stored (join order), through detectors that never stopped.
    const { rows } = await world.db.query<{ error: boolean }>(`SELECT error FROM labelled_pairs WHERE model = $1 AND version = $2 ORDER BY seq`, [world.model, version]);
    const errors = rows.map((r) => (r.error ? 1 : 0));
    expect(errors).toEqual(stream.errors);
    const uninterrupted = {
      ddm: scanStream(new Ddm({ warmStart: 1000 }), errors).drifts,
      adwin: scanStream(new Adwin(), errors).drifts,
      page_hinkley: scanStream(new PageHinkley(), errors).drifts,
    };
    expect(uninterrupted.ddm.some((i) => i >= 1500)).toBe(true);

    // Every drift the worker's ticks recorded, per detector, across both lives of the worker.
    const history = await world.db.query<{ evidence: { drift: { detectors: { detector: keyof typeof uninterrupted; state: string; index: number }[] } } }>(
      `SELECT evidence FROM drift_analyses WHERE monitor_id = $1 ORDER BY created_at`,
      [monitorId],
    );
    const flagged = { ddm: [] as number[], adwin: [] as number[], page_hinkley: [] as number[] };
    for (const row of history.rows) for (const d of row.evidence.drift.detectors) if (d.state === 'drift') flagged[d.detector].push(d.index);
    // A tick reports a detector's first drift of its batch; the uninterrupted run's first drift per stretch must match.
    expect(flagged.ddm[0]).toBe(uninterrupted.ddm[0]);
    expect(flagged.adwin[0]).toBe(uninterrupted.adwin[0]);
    expect(flagged.page_hinkley[0]).toBe(uninterrupted.page_hinkley[0]);
  });
});
