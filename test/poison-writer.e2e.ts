import { randomUUID } from 'node:crypto';
import { type ParsedEvent, parseEvent, type PredictionEvent, predictionExample } from '@modelgate/contracts';
import { EventIngestor, JOIN_LOCK_KEY } from '@modelgate/ingest';
import { createDataSource } from '@modelgate/persistence';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IngestWorld, ingestWorld, recent } from './ingest-harness';
import { TEST_DATABASE_URL } from './support/test-env';
import { waitFor } from './support/wait';

/**
 * The writer's own defence (issue 9), straight against PostgreSQL: events that pass the contract
 * (or that a future contract bug lets through) but that PostgreSQL refuses are isolated by
 * splitting the batch; transient failures are retried and blame no event.
 */
describe('EventIngestor against events PostgreSQL refuses (issue 9)', () => {
  let world: IngestWorld;
  let dataSource: DataSource;
  beforeAll(async () => {
    world = await ingestWorld(1);
    dataSource = await createDataSource({ url: TEST_DATABASE_URL, poolSize: 4, applicationName: `e2e-poison-${world.id}` }).initialize();
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await world?.close();
  });

  const prediction = (overrides: Parameters<typeof predictionExample>[0] = {}) =>
    predictionExample({ eventId: randomUUID(), model: world.model, version: 'v1', requestId: `${world.id}-${randomUUID()}`, timestamp: recent(), ...overrides });
  const parsed = (event: unknown): ParsedEvent => {
    const result = parseEvent(event);
    if (!result.ok) throw new Error(`the test event is invalid: ${JSON.stringify(result.errors)}`);
    return result;
  };
  const stored = async (ids: string[]) =>
    Number((await world.db.query('SELECT count(*) FROM prediction_events WHERE event_id = ANY($1::uuid[])', [ids])).rows[0].count);

  // PostgreSQL accepts offsets up to ±15:59; the ISO 8601 pattern of the contract accepts +16:00.
  const farOffset = recent(30 * 60_000, '+16:00');

  it('accepts an offset of +16:00 in the contract: a value only the database refuses', () => {
    expect(parseEvent(prediction({ timestamp: farOffset })).ok).toBe(true);
  });

  it('writes the 99 valid events of a batch, dead-letters the one PostgreSQL refuses with its message, and splits only to find it', async () => {
    const events = Array.from({ length: 100 }, (_, i) => prediction({ timestamp: i === 37 ? farOffset : recent(30 * 60_000) }));
    const sut = new EventIngestor(dataSource, { bucketMs: 60_000 });
    const result = await sut.ingest(events.map((event, index) => ({ source: index, parsed: parsed(event) })));
    expect(result).toMatchObject({ received: 100, predictionsWritten: 99, duplicates: 0, isolated: 1, retries: 0 });
    expect(result.deadLetters).toEqual([{ source: 37, reason: 'rejected-by-database', errors: [{ path: '', message: expect.stringMatching(/time zone displacement out of range/) }] }]);
    // Halving down to the one, a split per part on its path: 100, 50 (0-49), 25 (25-49), 13 (25-37), 6 (32-37), 3 (35-37).
    expect(result.splits).toBe(6);
    expect(await stored(events.map((e) => e.eventId as string))).toBe(99);
  });

  it('isolates a lone surrogate that bypassed the contract (jsonb refuses it) and writes the rest', async () => {
    const good = [prediction(), prediction()];
    const bypassed: PredictionEvent = { ...(parsed(prediction()) as { event: PredictionEvent }).event, features: { fur: '\ud800' } };
    const items = [
      { source: 'a', parsed: parsed(good[0]) },
      { source: 'poison', parsed: { ok: true, kind: 'prediction', event: bypassed } as ParsedEvent },
      { source: 'b', parsed: parsed(good[1]) },
    ];
    const result = await new EventIngestor(dataSource, { bucketMs: 60_000 }).ingest(items);
    expect(result.deadLetters).toEqual([{ source: 'poison', reason: 'rejected-by-database', errors: [{ path: '', message: expect.stringMatching(/json/) }] }]);
    expect(await stored(good.map((e) => e.eventId as string))).toBe(2);
    expect(await stored([bypassed.eventId])).toBe(0);
  });

  it('with all-or-nothing (HTTP), names the refused event and stores nothing', async () => {
    const events = [prediction(), prediction({ timestamp: farOffset }), prediction()];
    const result = await new EventIngestor(dataSource, { bucketMs: 60_000 }).ingest(
      events.map((event, index) => ({ source: index, parsed: parsed(event) })),
      { allOrNothing: true },
    );
    expect(result).toMatchObject({ predictionsWritten: 0, isolated: 1, deadLetters: [{ source: 1, reason: 'rejected-by-database' }] });
    expect(await stored(events.map((e) => e.eventId as string))).toBe(0);
  });

  it('retries a transaction that timed out (57014) with backoff, and dead-letters nothing', async () => {
    const impatient = await createDataSource({ url: TEST_DATABASE_URL, poolSize: 2, applicationName: `e2e-impatient-${world.id}` });
    impatient.setOptions({ extra: { statement_timeout: 300 } });
    await impatient.initialize();
    const holder = await world.db.connect();
    try {
      // Another transaction holds the join lock: the ingest's lock wait times out, again and again.
      await holder.query('BEGIN');
      await holder.query('SELECT pg_advisory_xact_lock($1)', [JOIN_LOCK_KEY]);
      const events = [prediction(), prediction()];
      const sut = new EventIngestor(impatient, { bucketMs: 60_000, retry: { attempts: 50, initialDelayMs: 50 } });
      const ingesting = sut.ingest(events.map((event, index) => ({ source: index, parsed: parsed(event) })));
      const waits = async () =>
        (await world.db.query<{ started: Date }>(
          `SELECT query_start AS started FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'`,
          [`e2e-impatient-${world.id}`],
        )).rows[0]?.started;
      const first = await waitFor('the first lock wait', waits, { timeoutMs: 30_000, intervalMs: 20 });
      await waitFor('a retried lock wait', async () => ((await waits())?.getTime() ?? 0) > first.getTime() ? true : undefined, { timeoutMs: 30_000, intervalMs: 20 });
      await holder.query('COMMIT');
      const result = await ingesting;
      expect(result.retries).toBeGreaterThanOrEqual(1);
      expect(result).toMatchObject({ predictionsWritten: 2, deadLetters: [], isolated: 0, splits: 0 });
    } finally {
      await holder.query('ROLLBACK').catch(() => undefined);
      holder.release();
      await impatient.destroy();
    }
  });
});
