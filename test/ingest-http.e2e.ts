import { randomUUID } from 'node:crypto';
import { outcomeExample, predictionExample } from '@modelgate/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createKey, startApi } from './assignment-api.helpers';
import type { RunningApp } from './support/apps';
import { eventCounts, type IngestWorld, ingestWorld, recent, recountedRollups, storedRollups } from './ingest-harness';

describe('POST /v1/events (issue 5)', () => {
  let world: IngestWorld;
  let api: RunningApp;
  let key: string;
  beforeAll(async () => {
    world = await ingestWorld(1);
    api = await startApi();
    key = await createKey(api, 'service');
  });
  afterAll(async () => {
    await api?.stop('SIGKILL');
    await world?.close();
  });

  const at = recent(10_000);
  const event = (overrides: Parameters<typeof predictionExample>[0] = {}) =>
    predictionExample({ eventId: randomUUID(), model: world.model, requestId: `${world.id}-http-${randomUUID()}`, timestamp: at, latencyMs: 7, ...overrides });

  it('stores events once: a retried request is answered with duplicates and changes nothing', async () => {
    const koala = event({ version: 'v2', prediction: { label: 'koala' } });
    const batch = [koala, event({ version: 'v1', prediction: { label: 'cat' } }), outcomeExample({ eventId: randomUUID(), requestId: koala.requestId, label: 'koala', timestamp: at })];
    expect(await call(api, 'POST', '/v1/events', { key, body: batch })).toEqual({ status: 202, body: { received: 3, written: 3, duplicates: 0 } });
    const rollups = await storedRollups(world);
    expect(await call(api, 'POST', '/v1/events', { key, body: batch })).toEqual({ status: 202, body: { received: 3, written: 0, duplicates: 3 } });
    expect(await call(api, 'POST', '/v1/events', { key, body: batch[2] })).toEqual({ status: 202, body: { received: 1, written: 0, duplicates: 1 } });
    expect(await eventCounts(world)).toEqual({ predictions: 2, outcomes: 1 });
    expect(await storedRollups(world)).toEqual(rollups);
    expect(rollups.map(({ variant, predictions, correct }) => ({ variant, predictions, correct }))).toEqual([
      { variant: 'baseline', predictions: 1, correct: 0 },
      { variant: 'candidate', predictions: 1, correct: 1 },
    ]);
    expect(rollups.map(({ latency_histogram: _h, feature_sketches: _s, ...counts }) => counts)).toEqual(await recountedRollups(world));
  });

  it('answers 400 with every field error and stores nothing of a request with a bad event', async () => {
    const good = event();
    const response = await call<{ errors: Array<{ path: string; code: string }> }>(api, 'POST', '/v1/events', {
      key,
      body: [good, { ...event(), latencyMs: -1 }, event({ model: 'bird-classifier' })],
    });
    expect(response.status).toBe(400);
    expect(response.body.errors.map(({ path, code }) => ({ path, code }))).toEqual([
      { path: '1.latencyMs', code: 'invalid-event' },
      { path: '2.model', code: 'unknown-model' },
    ]);
    const stored = await world.db.query('SELECT count(*)::int AS n FROM prediction_events WHERE event_id = $1', [good.eventId]);
    expect(stored.rows[0].n).toBe(0);
  });

  // Issue 9: a lone surrogate was answered 500 (PostgreSQL refused the batch).
  it.each([
    ['a lone surrogate', { features: { fur: '\ud800' } }, { path: 'features.fur', code: 'invalid-event', message: 'must be well-formed Unicode (no lone UTF-16 surrogates)' }],
    ['a NUL', { unitId: 'user\u0000' }, { path: 'unitId', code: 'invalid-event', message: 'must not contain NUL characters' }],
    ['an offset PostgreSQL refuses', { timestamp: recent(10_000, '+16:00') }, { path: '', code: 'rejected-by-database', message: expect.stringMatching(/time zone displacement/) }],
  ])('answers 400 with the field error, never 500, for %s, and stores nothing', async (_name, overrides, error) => {
    const good = event();
    const bad = event(overrides as Parameters<typeof event>[0]);
    const single = await call<{ errors: unknown[] }>(api, 'POST', '/v1/events', { key, body: bad });
    expect(single).toMatchObject({ status: 400, body: { errors: [error] } });
    const batch = await call<{ errors: unknown[] }>(api, 'POST', '/v1/events', { key, body: [good, bad] });
    expect(batch).toMatchObject({ status: 400, body: { errors: [{ ...error, path: ['1', error.path].filter(Boolean).join('.') }] } });
    const stored = await world.db.query('SELECT count(*)::int AS n FROM prediction_events WHERE event_id = ANY($1::uuid[])', [[good.eventId, bad.eventId]]);
    expect(stored.rows[0].n).toBe(0);
  });

  it('refuses a call without an API key', async () => {
    expect((await call(api, 'POST', '/v1/events', { body: event() })).status).toBe(401);
  });
});
