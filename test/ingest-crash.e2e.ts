import { randomUUID } from 'node:crypto';
import type { OutgoingMessage } from '@modelgate/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from './support/apps';
import { waitFor } from './support/wait';
import {
  asMessages, deadLetters, drained, eventCounts, type IngestWorld, ingestWorld, produce, recountedRollups, startIngest, storedRollups, traffic,
} from './ingest-harness';

/** Scaled for CI (< 2 min on 2 cores); bench/ingest-crash runs the same scenario at 1 000 000. */
const UNIQUE_PREDICTIONS = Number(process.env.INGEST_CRASH_PREDICTIONS ?? 24_000);
const KILLS_AT = [0.2, 0.45, 0.7];

/** A seeded shuffle (mulberry32), so a failure can be replayed. */
function shuffle<T>(items: T[], seed: number): T[] {
  let state = seed;
  const random = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  for (let i = items.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/** 1 % malformed messages of four kinds, each with distinct bytes so each can be found again. */
function malformed(world: IngestWorld, count: number): OutgoingMessage[] {
  return Array.from({ length: count }, (_, i) => {
    const body = { schema: 'modelgate.prediction/v1', eventId: randomUUID(), model: world.model, version: 'v1', n: i };
    const kinds = [
      `{"schema":"modelgate.prediction/v1","n":${i},`,
      JSON.stringify({ ...body, schema: 'modelgate.prediction/v0' }),
      JSON.stringify(body), // invalid: no unit, request, timestamp, features, latency
      JSON.stringify({ ...body, model: `unknown-${i}` }),
    ];
    return { value: Buffer.from(kinds[i % kinds.length]!) };
  });
}

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
    const { predictions, outcomes } = traffic(world, UNIQUE_PREDICTIONS);
    const unique = predictions.length + outcomes.length;
    const bad = malformed(world, Math.round(unique * 0.01));
    const byTopic = (topic: string, messages: OutgoingMessage[]) => messages.map((message) => ({ topic, message }));
    const valid = [...byTopic(world.topics.predictions, asMessages(predictions)), ...byTopic(world.topics.outcomes, asMessages(outcomes))];
    const duplicates = shuffle([...valid], 1).slice(0, Math.round(unique * 0.05));
    const all = shuffle([...valid, ...duplicates, ...byTopic(world.topics.predictions, bad)], 2);
    for (const topic of [world.topics.predictions, world.topics.outcomes]) {
      await produce(world, topic, all.filter((m) => m.topic === topic).map((m) => m.message));
    }

    const env = { INGEST_SESSION_TIMEOUT_MS: '6000', INGEST_MAX_BYTES_PER_PARTITION: '65536' };
    ingest = await startIngest(world, env);
    for (const fraction of KILLS_AT) {
      const seen = await waitFor(`${fraction * 100} % of the predictions`, async () => {
        const { predictions: rows } = await eventCounts(world);
        return rows >= fraction * predictions.length ? rows : undefined;
      }, { timeoutMs: 60_000, intervalMs: 20 });
      expect(seen).toBeLessThan(predictions.length); // killed mid-way, not after the end
      await ingest.stop('SIGKILL');
      ingest = await startIngest(world, env);
    }
    await drained(world, 100_000);

    expect(await eventCounts(world)).toEqual({ predictions: predictions.length, outcomes: outcomes.length });
    const ids = await world.db.query(`SELECT count(*)::int AS n FROM prediction_events WHERE event_id = ANY($1::uuid[])`, [predictions.map((p) => p.eventId)]);
    expect(ids.rows[0].n).toBe(predictions.length);
    const stored = await storedRollups(world);
    expect(stored.map(({ latency_histogram: _h, feature_sketches: _s, ...counts }) => counts)).toEqual(await recountedRollups(world));
    for (const row of stored) {
      const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
      expect(total(row.latency_histogram)).toBe(row.predictions);
      expect(total(row.feature_sketches.ear_length_cm ?? {})).toBe(row.predictions);
    }
    const letters = await deadLetters(world, bad.length);
    expect(new Set(letters.map((l) => l.value))).toEqual(new Set(bad.map((m) => (m.value as Buffer).toString('latin1'))));
    expect(letters.every((l) => ['bad-json', 'unknown-schema', 'invalid-event', 'unknown-model'].includes(l.reason))).toBe(true);
  });
});
