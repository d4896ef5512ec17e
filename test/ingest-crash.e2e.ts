import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from './support/apps';
import { waitFor } from './support/wait';
import {
  crashAudit, crashTraffic, crashTrafficSize, deadLetters, drained, eventCounts, type IngestWorld, ingestWorld, malformedMessage, produce,
  recountedRollups, startIngest, storedRollups,
} from './ingest-harness';

/** Scaled for CI (< 2 min on 2 cores); bench/ingest-crash runs the same traffic at 1 000 000 events. */
const REQUESTS = Number(process.env.INGEST_CRASH_REQUESTS ?? 24_000);
const KILLS_AT = [0.2, 0.45, 0.7];

describe('ingest under SIGKILL (issue 5)', () => {
  let world: IngestWorld;
  let ingest: RunningApp | undefined;
  beforeAll(async () => {
    world = await ingestWorld(3);
  });
  afterAll(async () => {
    await ingest?.stop('SIGKILL');
    await world?.close();
  });

  it('keeps exactly the unique valid events, rollups equal to a recount, and every malformed event dead-lettered', async () => {
    const size = crashTrafficSize(REQUESTS);
    expect(size.duplicates / (size.predictions + size.outcomes)).toBeCloseTo(0.05, 2);
    expect(size.malformed / (size.predictions + size.outcomes)).toBeCloseTo(0.01, 2);
    for (const chunk of crashTraffic(world, REQUESTS)) {
      await produce(world, world.topics.predictions, chunk.predictions);
      await produce(world, world.topics.outcomes, chunk.outcomes);
    }

    const env = { INGEST_SESSION_TIMEOUT_MS: '6000', INGEST_MAX_BYTES_PER_PARTITION: '65536' };
    ingest = await startIngest(world, env);
    for (const fraction of KILLS_AT) {
      const seen = await waitFor(`${fraction * 100} % of the predictions`, async () => {
        const { predictions: rows } = await eventCounts(world);
        return rows >= fraction * REQUESTS ? rows : undefined;
      }, { timeoutMs: 60_000, intervalMs: 20 });
      expect(seen).toBeLessThan(REQUESTS); // killed mid-way, not after the end
      await ingest.stop('SIGKILL');
      ingest = await startIngest(world, env);
    }
    await drained(world, 100_000);

    expect(await crashAudit(world, REQUESTS)).toEqual({
      prediction_rows: size.predictions, outcome_rows: size.outcomes, missing_predictions: 0, missing_outcomes: 0, rollup_predictions: size.predictions, extraRows: 0,
    });
    const stored = await storedRollups(world);
    expect(stored.map(({ latency_histogram: _h, feature_sketches: _s, ...counts }) => counts)).toEqual(await recountedRollups(world));
    for (const row of stored) {
      const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
      expect(total(row.latency_histogram)).toBe(row.predictions);
      expect(total(row.feature_sketches.ear_length_cm ?? {})).toBe(row.predictions);
    }
    const letters = await deadLetters(world, size.malformed);
    const expected = Array.from({ length: size.malformed }, (_, k) => malformedMessage(world, k).toString('latin1'));
    expect(new Set(letters.map((l) => l.value))).toEqual(new Set(expected));
    expect(letters.every((l) => ['bad-json', 'unknown-schema', 'invalid-event', 'unknown-model'].includes(l.reason))).toBe(true);
  });
});
