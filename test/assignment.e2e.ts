import type { Assignment, Deployment } from '@modelgate/contracts';
import { x86 } from 'murmurhash3js-revisited';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminKey, assignOne, call, createDeployment, createKey, sql, startApi } from './assignment-api.helpers';
import type { RunningApp } from './support/apps';
import { PROPAGATION_TIMEOUT_MS, waitFor } from './support/wait';

const encoder = new TextEncoder();
/** The published spec, computed offline as a gateway would (independent MurmurHash3). */
const offlineBucket = (salt: string, key: string): number => x86.hash32(encoder.encode(`${salt}:${key}`), 0) % 10_000;
const units = Array.from({ length: 300 }, (_, i) => `user-${i}`);

describe('POST /v1/assign across two api processes', () => {
  let a: RunningApp;
  let b: RunningApp;
  let service: string;

  beforeAll(async () => {
    [a, b] = await Promise.all([startApi(), startApi()]);
    service = await createKey(a, 'service');
  });
  afterAll(async () => {
    await Promise.all([a?.stop('SIGKILL'), b?.stop('SIGKILL')]);
  });

  /** Every unit's answer from one process. */
  const answersOf = async (app: RunningApp, deploymentId: string): Promise<Assignment[]> => {
    const response = await call<{ assignments: Assignment[] }>(app, 'POST', '/v1/assign/batch', {
      key: service,
      body: { units: units.map((unitId) => ({ deploymentId, unitId, attributes: { region: 'AU' } })) },
    });
    expect(response.status).toBe(200);
    return response.body.assignments;
  };

  /** Waits until a process routes every unit as the offline spec does at `share` basis points. */
  const waitForShare = (app: RunningApp, d: Deployment, share: number, timeoutMs: number) =>
    waitFor(
      `${app.url} to route ${d.id} at ${share} basis points`,
      async () => {
        const answers = await answersOf(app, d.id);
        return answers.every((x, i) => (x.reason === 'canary_in') === offlineBucket(d.salt, units[i]!) < share) ? true : undefined;
      },
      { timeoutMs, intervalMs: 25 },
    );

  it('gives the same answers on both processes, equal to the offline spec', async () => {
    const d = await createDeployment(a, { steps: [25, 50] });
    await waitFor('b to know the deployment', async () => ((await assignOne(b, service, { deploymentId: d.id, unitId: 'x' })).status === 200 ? true : undefined), {
      timeoutMs: PROPAGATION_TIMEOUT_MS,
      intervalMs: 25,
    });
    const [fromA, fromB] = await Promise.all([answersOf(a, d.id), answersOf(b, d.id)]);
    expect(fromB).toEqual(fromA);
    expect(fromA.map((x) => x.version)).toEqual(units.map((u) => (offlineBucket(d.salt, u) < 2500 ? 'v2' : 'v1')));
  });

  it('follows a change made in the database on every replica, and grows monotonically', async () => {
    const d = await createDeployment(a, { steps: [5, 10, 25, 50] });
    await waitForShare(b, d, 500, PROPAGATION_TIMEOUT_MS);
    let previous = new Set<string>();
    const took: number[] = [];
    for (const [step, percent] of [5, 10, 25, 50].entries()) {
      const changed = Date.now();
      await sql(`UPDATE deployments SET current_step = $2, candidate_share = $3 WHERE id = $1`, [d.id, step, percent]);
      await Promise.all([waitForShare(a, d, percent * 100, PROPAGATION_TIMEOUT_MS), waitForShare(b, d, percent * 100, PROPAGATION_TIMEOUT_MS)]);
      took.push(Date.now() - changed);
      const answers = await answersOf(b, d.id);
      const inCanary = new Set(units.filter((_, i) => answers[i]!.reason === 'canary_in'));
      for (const unit of previous) expect(inCanary.has(unit)).toBe(true);
      expect(inCanary.size).toBeGreaterThan(previous.size);
      previous = inCanary;
    }
    // Measured, not asserted: a loaded machine stretches it (the bound is PROPAGATION_TIMEOUT_MS).
    console.log(`a database change reached both replicas in ${took.join(', ')} ms (including the checks' own requests)`);
    await sql(`UPDATE deployments SET phase = 'rolled_back' WHERE id = $1`, [d.id]);
    await waitFor('the rollback to reach b', async () => ((await answersOf(b, d.id)).every((x) => x.reason === 'rolled_back' && x.version === 'v1') ? true : undefined), {
      timeoutMs: PROPAGATION_TIMEOUT_MS,
      intervalMs: 25,
    });
  });

  it("follows a deployment deleted in the database: its id is unknown, and its model answers with the model's previous deployment", async () => {
    const older = await createDeployment(a, { steps: [50] });
    const newer = await createDeployment(a, { model: older.model, steps: [50] });
    const byModel = async (app: RunningApp) => {
      const { status, body } = await assignOne(app, service, { model: older.model, unitId: 'user-1' });
      return status === 200 ? (body as Assignment).deploymentId : status;
    };
    await waitFor('b to route the model with the newer deployment', async () => ((await byModel(b)) === newer.id ? true : undefined), {
      timeoutMs: PROPAGATION_TIMEOUT_MS,
      intervalMs: 25,
    });
    // With another deployment's change in the same transaction: both are reloaded, and the rest stay.
    const other = await createDeployment(a, { steps: [50] });
    await sql(
      `WITH gone AS (DELETE FROM deployments WHERE id = $1) UPDATE deployments SET current_step = 0, candidate_share = 50 WHERE id = $2`,
      [newer.id, other.id],
    );
    for (const app of [a, b]) {
      await waitFor(`${app.url} to route the model with the older deployment`, async () => ((await byModel(app)) === older.id ? true : undefined), {
        timeoutMs: PROPAGATION_TIMEOUT_MS,
        intervalMs: 25,
      });
      expect((await assignOne(app, service, { deploymentId: newer.id, unitId: 'user-1' })).status).toBe(404);
      expect((await assignOne(app, service, { deploymentId: other.id, unitId: 'user-1' })).status).toBe(200);
      expect((await assignOne(app, service, { deploymentId: older.id, unitId: 'user-1' })).status).toBe(200);
    }
  });
});

describe('targeting, override and limits', () => {
  let api: RunningApp;
  let service: string;
  let qa: string;
  let d: Deployment;

  beforeAll(async () => {
    api = await startApi();
    [service, qa] = await Promise.all([createKey(api, 'service'), createKey(api, 'service', true)]);
    d = await createDeployment(api, {
      steps: [50],
      targeting: { match: 'all', conditions: [{ attribute: 'region', op: 'in', values: ['AU', 'NZ', 'Pacific'] }] },
    });
  });
  afterAll(async () => {
    await api?.stop('SIGKILL');
  });

  it('gives targeted units the strategy, the others the baseline', async () => {
    const unit = units.find((u) => offlineBucket(d.salt, u) < 5000)!;
    expect((await assignOne(api, service, { model: d.model, unitId: unit, attributes: { region: 'NZ' } })).body).toMatchObject({ version: 'v2', reason: 'canary_in' });
    expect((await assignOne(api, service, { model: d.model, unitId: unit, attributes: { region: 'DE' } })).body).toMatchObject({ version: 'v1', reason: 'not_targeted' });
    expect((await assignOne(api, service, { model: d.model, unitId: unit })).body).toMatchObject({ version: 'v1', reason: 'not_targeted' });
  });

  it('lets only keys with the right force a version', async () => {
    const body = { model: d.model, unitId: 'user-1', attributes: { region: 'DE' } };
    const header = { 'x-modelgate-version': 'v2' };
    expect((await assignOne(api, service, body, header)).status).toBe(403);
    expect((await assignOne(api, qa, body, header)).body).toMatchObject({ version: 'v2', reason: 'override', cohort: 'override' });
    expect((await assignOne(api, adminKey, body, header)).body).toMatchObject({ version: 'v2', reason: 'override' });
  });

  it('assigns batches of up to 1 000 units and refuses larger ones with 400', async () => {
    const batch = (n: number) => ({ units: Array.from({ length: n }, (_, i) => ({ deploymentId: d.id, unitId: `u-${i}`, attributes: { region: 'AU' } })) });
    const ok = await call<{ assignments: Assignment[] }>(api, 'POST', '/v1/assign/batch', { key: service, body: batch(1000) });
    expect(ok.status).toBe(200);
    expect(ok.body.assignments).toHaveLength(1000);
    expect((await call(api, 'POST', '/v1/assign/batch', { key: service, body: batch(1001) })).status).toBe(400);
  });

  it('refuses an invalid assignment request with 400 naming each field, and ignores unknown keys', async () => {
    const refused = async (path: string, body: unknown) => {
      const response = await call<{ message: string; errors: { path: string }[] }>(api, 'POST', path, { key: service, body });
      expect(response.status).toBe(400);
      return response.body;
    };
    expect((await refused('/v1/assign', { unitId: 'u' })).message).toMatch(/give deploymentId or model/);
    expect((await refused('/v1/assign', { model: d.model, attributes: { region: { nested: 1 } } })).errors.map((e) => e.path).sort()).toEqual(['attributes.region', 'unitId']);
    expect((await refused('/v1/assign/batch', { units: [{ model: d.model, unitId: 'u' }, { unitId: 'u' }] })).message).toMatch(/units\.1/);
    expect((await refused('/v1/assign', [])).errors).toHaveLength(1);
    const unit = units.find((u) => offlineBucket(d.salt, u) < 5000)!;
    expect((await assignOne(api, service, { model: d.model, unitId: unit, attributes: { region: 'AU' }, colour: 'red' })).body).toMatchObject({ version: 'v2', reason: 'canary_in' });
  });

  it('refuses bodies over the size limit with 413', async () => {
    const huge = { model: d.model, unitId: 'u', attributes: { blob: 'x'.repeat(200) }, padding: 'x'.repeat(2_000_000) };
    expect((await call(api, 'POST', '/v1/assign', { key: service, body: huge })).status).toBe(413);
  });

  it('refuses URLs over the header limit with 431 in the usual error shape, while the client is still sending', async () => {
    // 1 MB of URL: the server refuses it after 16 KiB, long before the client is done sending.
    const responses = await Promise.all(Array.from({ length: 20 }, () => fetch(`${api.url}/v1/deployments?limit=${'x'.repeat(1_000_000)}`, { headers: { 'x-api-key': service } })));
    const bodies = await Promise.all(responses.map((r) => r.json()));
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(431));
    expect(bodies[0]).toEqual({ statusCode: 431, error: 'Request Header Fields Too Large', message: expect.stringMatching(/send long values in the body/) });
  });

  it('refuses an invalid deployment with 400 listing every field error', async () => {
    const response = await call<{ errors: { path: string }[] }>(api, 'POST', '/v1/deployments', {
      key: adminKey,
      body: { model: '', baselineVersion: 'v1', candidateVersion: 'v2', strategy: 'big-bang', steps: 'soon', minSamples: -1, primaryMetric: { name: 'happiness', direction: 'higher' } },
    });
    expect(response.status).toBe(400);
    expect(response.body.errors.map((e) => e.path).sort()).toEqual(['minSamples', 'model', 'primaryMetric.name', 'steps', 'strategy']);
  });

  it('answers 404 for an unknown model, naming what to do', async () => {
    const response = await assignOne(api, service, { model: 'no-such-model', unitId: 'u' });
    expect(response.status).toBe(404);
    expect(JSON.stringify(response.body)).toMatch(/POST \/v1\/deployments/);
  });
});
