import { type Decision, decisionIdOf, type DriftAnalysis, type Monitor } from '@modelgate/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminKey, call, createKey, startApi } from './assignment-api.helpers';
import { FUR, FUR_KOALA_BOOM, labelledStream, predictions, sendPairs, waitForPredictions } from './drift-harness';
import { asMessages, type IngestWorld, ingestWorld, produce, startIngest } from './ingest-harness';
import type { RunningApp } from './support/apps';

const MINUTE = 60_000;

describe('drift watch through Kafka, ingest and the api (issue 12)', () => {
  let world: IngestWorld;
  let ingest: RunningApp | undefined;
  let api: RunningApp | undefined;
  let operator: string;
  let analyst: string;
  const t0 = Date.now();
  const path = (version: string, rest: string) => `/v1/models/${world.model}/versions/${version}/${rest}`;
  const analyse = async (version: string) => {
    const res = await call<DriftAnalysis>(api!, 'POST', path(version, 'drift/analyses'), { key: operator });
    expect(res.status).toBe(201);
    return res.body;
  };
  const decision = async (id: string) => (await world.db.query<{ record: Decision }>(`SELECT record FROM decisions WHERE id = $1`, [id])).rows[0]?.record;

  beforeAll(async () => {
    // One partition: the outcomes are joined in the order they are produced.
    world = await ingestWorld(1);
    [ingest, api] = await Promise.all([startIngest(world), startApi()]);
    [operator, analyst] = [await createKey(api, 'operator'), await createKey(api, 'analyst')];
  });
  afterAll(async () => {
    await Promise.all([ingest?.stop('SIGKILL'), api?.stop('SIGKILL')]);
    await world?.close();
  });

  it('refuses an unknown method with the valid ones, and lets an analyst read but not write', async () => {
    const bad = await call<{ message: string }>(api!, 'PUT', path('v2', 'monitor'), { key: operator, body: { method: 'anderson' } });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('"ks"|"chisquare"|"z"|"jensenshannon"|"wasserstein"|"psi"');
    expect((await call(api!, 'PUT', path('v2', 'monitor'), { key: analyst, body: {} })).status).toBe(403);
  });

  it.each([
    // Evidently's rule: reference > 1 000 values → Wasserstein (numeric) and Jensen–Shannon (categorical);
    // ≤ 1 000 → KS (numeric) and χ² (categorical, more than two values).
    ['v2', 2000, 'wasserstein', 'jensenshannon'],
    ['v1', 600, 'ks', 'chisquare'],
  ])('flags brightness +1 sd and the koala boom in %s (reference of %i) with %s and %s, not the unshifted features, and decides retrain once', async (version, n, numericMethod, categoricalMethod) => {
    const reference = { start: t0 - 3 * 60 * MINUTE, end: t0 - 2 * 60 * MINUTE };
    const put = await call<Monitor>(api!, 'PUT', path(version, 'monitor'), {
      key: operator,
      body: { windowSeconds: 1800, intervalSeconds: 3600, reference: { kind: 'fixed_window', start: new Date(reference.start).toISOString(), end: new Date(reference.end).toISOString() } },
    });
    expect(put.status).toBe(200);
    const seed = n;
    await produce(world, world.topics.predictions, asMessages([
      ...predictions(world, { version, count: n, seed, ...reference, brightness: { mean: 120, sd: 20 }, fur: FUR }),
      ...predictions(world, { version, count: n, seed: seed + 1, start: t0 - 25 * MINUTE, end: t0 - 5 * MINUTE, brightness: { mean: 140, sd: 20 }, fur: FUR_KOALA_BOOM }),
    ]));
    await waitForPredictions(world, version, 2 * n);

    const analysis = await analyse(version);
    const byFeature = Object.fromEntries(analysis.drift!.features.map((f) => [f.feature, f]));
    expect(byFeature.brightness).toMatchObject({ type: 'numeric', method: numericMethod, drifted: true });
    expect(byFeature.fur).toMatchObject({ type: 'categorical', method: categoricalMethod, drifted: true });
    expect(byFeature.ear_length_cm).toMatchObject({ type: 'numeric', method: numericMethod, drifted: false });
    expect(byFeature.region).toMatchObject({ type: 'categorical', method: categoricalMethod, drifted: false });
    expect(analysis.drift!.prediction).toMatchObject({ feature: '$prediction', method: categoricalMethod, drifted: true });
    expect(analysis.drift).toMatchObject({ driftShare: 0.5, driftShareThreshold: 0.5, datasetDrifted: true, reference: { kind: 'fixed_window' } });
    expect(analysis.state).toBe('drift');

    // The retrain names the deployment the version serves in and which version drifted; it moves no traffic.
    expect(analysis.decisionId).toBe(decisionIdOf(`monitor:${put.body.id}:episode:1`));
    const record = await decision(analysis.decisionId!);
    expect(record).toMatchObject({ action: 'retrain', version, monitorId: put.body.id, deploymentId: world.deploymentId, strategy: 'canary', phaseBefore: null, phaseAfter: null });
    expect(record!.reason).toMatch(new RegExp(`^${version} \\((baseline|candidate) of canary [0-9a-f]{8}\\) drifted: 2 of 4 features drifted \\(brightness ${numericMethod} .*: retrain$`));
    expect(record!.evidence.window).toEqual(analysis.window);
    const outbox = await world.db.query(`SELECT destination FROM outbox WHERE decision_id = $1`, [analysis.decisionId]);
    expect(outbox.rows.map((r) => r.destination)).toContain('kafka');

    // Same episode: recorded, not decided again.
    const again = await analyse(version);
    expect([again.state, again.decisionId]).toEqual(['drift', null]);
    const latest = await call<DriftAnalysis>(api!, 'GET', path(version, 'drift'), { key: analyst });
    expect(latest.body.id).toBe(again.id);
    const history = await call<DriftAnalysis[]>(api!, 'GET', path(version, 'drift/history'), { key: analyst });
    expect(history.body.map((a) => a.id)).toEqual([again.id, analysis.id]);
  });

  it('watches a version in no deployment: a rising error stream yields retrain with DDM’s evidence, a stationary one of the same length none', async () => {
    for (const version of ['v8', 'v9']) {
      expect((await call(api!, 'PUT', path(version, 'monitor'), { key: operator, body: { intervalSeconds: 3600 } })).status).toBe(200);
    }
    // 10 % errors for 1 500 pairs, then 30 % (v9) or still 10 % (v8); seeded.
    const rising = labelledStream(world, 'v9', 91, 2500, (i) => (i < 1500 ? 0.1 : 0.3), t0 - 60 * MINUTE);
    const stationary = labelledStream(world, 'v8', 81, 2500, () => 0.1, t0 - 60 * MINUTE);
    await sendPairs(world, 'v9', rising);
    await sendPairs(world, 'v8', stationary);
    const stored = await world.db.query(
      `SELECT (SELECT count(*)::int FROM prediction_events WHERE model = $1 AND version = 'v9' AND deployment_id IS NULL) AS predictions,
              (SELECT count(*)::int FROM labelled_pairs WHERE model = $1 AND version = 'v9') AS pairs`,
      [world.model],
    );
    expect(stored.rows[0]).toEqual({ predictions: 2500, pairs: 2500 });

    const calm = await analyse('v8');
    expect(calm.decisionId).toBeNull();
    expect(calm.drift!.detectors.map((d) => [d.detector, d.state === 'drift', d.pairsSeen])).toEqual([['ddm', false, 2500], ['adwin', false, 2500], ['page_hinkley', false, 2500]]);

    const drifted = await analyse('v9');
    const ddm = drifted.drift!.detectors.find((d) => d.detector === 'ddm')!;
    expect(ddm).toMatchObject({ state: 'drift', pairsSeen: 2500 });
    expect(ddm.index).toBeGreaterThanOrEqual(1500);
    expect(ddm.errorRateBefore).toBeLessThan(0.13);
    expect(ddm.errorRateAfter! - ddm.errorRateBefore!).toBeGreaterThan(0.05);
    const record = await decision(drifted.decisionId!);
    expect(record).toMatchObject({ action: 'retrain', version: 'v9', deploymentId: null, strategy: null, step: null, share: null });
    expect(record!.reason).toMatch(/^error rate \d+\.\d % → \d+\.\d % since \d\d:\d\d \((DDM|ADWIN|Page–Hinkley) drift at pair [\d ]+\): retrain$/);
    expect(record!.evidence.drift!.detectors).toEqual(drifted.drift!.detectors);
  });

  it('uses an uploaded reference in place of the default first window, and audits replacing it with the key', async () => {
    const version = 'v6';
    const current = predictions(world, { version, count: 500, seed: 61, start: t0 - 20 * MINUTE, end: t0 - 5 * MINUTE, brightness: { mean: 140, sd: 20 }, fur: FUR });
    expect((await call(api!, 'PUT', path(version, 'monitor'), { key: operator, body: { windowSeconds: 1800, intervalSeconds: 3600 } })).status).toBe(200);
    await produce(world, world.topics.predictions, asMessages(current));
    await waitForPredictions(world, version, 500);
    // The default reference (the first hour after going live) has not passed yet.
    expect((await analyse(version)).state).toBe('waiting');

    const training = predictions(world, { version, count: 600, seed: 62, start: t0 - 90 * MINUTE, end: t0 - 80 * MINUTE, brightness: { mean: 120, sd: 20 }, fur: FUR });
    const uploaded = await call<Monitor>(api!, 'POST', path(version, 'reference'), { key: operator, body: { events: training } });
    expect(uploaded.status).toBe(200);
    expect(uploaded.body.reference).toMatchObject({ kind: 'uploaded', events: 600 });
    const shifted = await analyse(version);
    expect(shifted.drift!.reference.kind).toBe('uploaded');
    expect(shifted.drift!.features.find((f) => f.feature === 'brightness')).toMatchObject({ method: 'ks', drifted: true });

    const replaced = await call<Monitor>(api!, 'POST', path(version, 'reference'), {
      key: operator,
      body: { events: predictions(world, { version, count: 600, seed: 63, start: t0, end: t0 + MINUTE, brightness: { mean: 140, sd: 20 }, fur: FUR }) },
    });
    expect(replaced.status).toBe(200);
    expect((await analyse(version)).drift!.features.find((f) => f.feature === 'brightness')).toMatchObject({ method: 'ks', drifted: false });
    const audit = await world.db.query(`SELECT action, key_id FROM monitor_audit WHERE monitor_id = $1 ORDER BY id`, [uploaded.body.id]);
    expect(audit.rows.map((r) => r.action)).toEqual(['monitor.create', 'reference.upload', 'reference.replace']);
    expect(new Set(audit.rows.map((r) => r.key_id)).size).toBe(1);
    expect(audit.rows[0].key_id).not.toBeNull();
    expect((await call(api!, 'GET', path(version, 'monitor'), { key: adminKey })).status).toBe(200);
  });
});
