import type { ArgoAnswer, FlaggerLink } from '@modelgate/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminKey, call, createKey, startApi, uniqueModel } from './assignment-api.helpers';
import { decision, insertDeployment, pool, write } from './delivery.helpers';
import type { RunningApp } from './support/apps';

const hooks = ['confirm-rollout', 'pre-rollout', 'rollout', 'confirm-traffic-increase', 'confirm-promotion', 'post-rollout', 'rollback', 'event'] as const;
// The mapping, written out: the status per hook for [go (advance), go (promote), hold, rollback, no decision].
const expected: Record<(typeof hooks)[number], number[]> = {
  'confirm-rollout': [200, 200, 403, 403, 403],
  'pre-rollout': [200, 200, 200, 403, 200],
  rollout: [200, 200, 200, 403, 200],
  'confirm-traffic-increase': [200, 200, 403, 403, 403],
  'confirm-promotion': [200, 200, 403, 403, 403],
  'post-rollout': [200, 200, 200, 200, 200],
  rollback: [403, 403, 403, 200, 403],
  event: [200, 200, 200, 200, 200],
};
const states = ['advance', 'promote', 'hold', 'rollback', null] as const;

describe('the Flagger and Argo Rollouts gates', () => {
  const db = pool();
  let api: RunningApp;
  let gateKey: string;
  const model = uniqueModel('gates');

  beforeAll(async () => {
    api = await startApi({ LOG_LEVEL: 'warn' });
    gateKey = await createKey(api, 'gate');
  });
  afterAll(async () => {
    await api?.stop();
    await db.end();
  });

  /** A deployment linked to its own canary; returns its id, canary name and token. */
  async function linked(): Promise<{ id: string; name: string; token: string }> {
    const id = await insertDeployment(db, model);
    const name = `canary-${id.slice(0, 8)}`;
    const link = await call<FlaggerLink>(api, 'PUT', `/v1/deployments/${id}/gates/flagger`, { key: adminKey, body: { name, namespace: 'ml' } });
    expect(link.status).toBe(200);
    return { id, name, token: link.body.token };
  }
  const ask = (hook: string, name: string, token: string | undefined, checksum: string) =>
    call(api, 'POST', `/v1/gates/flagger/${hook}`, {
      body: { name, namespace: 'ml', phase: 'Progressing', checksum, metadata: token === undefined ? {} : { token, eventMessage: `${hook} message` } },
    });

  it.each(states.map((s, i) => [s ?? 'no decision', s, i] as const))('answers every hook per the mapping when the latest decision is %s', async (_label, state, column) => {
    const canary = await linked();
    await ask('confirm-rollout', canary.name, canary.token, 'release-1'); // the gate sees the release first
    if (state) await write(db, decision(canary.id, model, 1, state));
    const answers = Object.fromEntries(await Promise.all(hooks.map(async (h) => [h, (await ask(h, canary.name, canary.token, 'release-1')).status] as const)));
    expect(answers).toEqual(Object.fromEntries(hooks.map((h) => [h, expected[h][column]])));
  });

  it('starts a new checksum clean, records events, and refuses a bad token (401) and an unknown canary (404)', async () => {
    const canary = await linked();
    expect((await ask('confirm-promotion', canary.name, canary.token, 'release-1')).status).toBe(403);
    await write(db, decision(canary.id, model, 1, 'promote'));
    expect((await ask('confirm-promotion', canary.name, canary.token, 'release-1')).status).toBe(200);
    expect((await ask('confirm-promotion', canary.name, canary.token, 'release-2')).status).toBe(403);
    expect((await ask('confirm-promotion', canary.name, 'mgg_wrong', 'release-1')).status).toBe(401);
    expect((await ask('confirm-promotion', canary.name, undefined, 'release-1')).status).toBe(401);
    expect((await ask('confirm-promotion', 'nobody', canary.token, 'release-1')).status).toBe(404);
    expect((await ask('no-such-hook', canary.name, canary.token, 'release-1')).status).toBe(400);
    expect((await call(api, 'POST', '/v1/gates/flagger/rollout', { body: '{"name":' })).status).toBe(400);
    await ask('event', canary.name, canary.token, 'release-2');
    const { rows } = await db.query(`SELECT hook, checksum, message, status, metadata FROM gate_events WHERE deployment_id = $1`, [canary.id]);
    expect(rows).toEqual([{ hook: 'event', checksum: 'release-2', message: 'event message', status: 200, metadata: { eventMessage: 'event message' } }]);
  });

  it('answers Argo with 200 JSON for promote, hold and rollback (advance counts as promote; no decision is hold)', async () => {
    const id = await insertDeployment(db, model);
    const argo = () => call<ArgoAnswer>(api, 'GET', `/v1/gates/argo/${id}`, { key: gateKey });
    const none = await argo();
    expect([none.status, none.body.decision, none.body.evidence]).toEqual([200, 'hold', null]);
    for (const [action, answer] of [['advance', 'promote'], ['hold', 'hold'], ['promote', 'promote'], ['rollback', 'rollback']] as const) {
      const d = decision(id, model, 1, action, new Date(Date.now() + 1));
      await write(db, d);
      const got = await argo();
      expect([got.status, got.body.decision, got.body.decisionId, got.body.reason]).toEqual([200, answer, d.id, d.reason]);
      expect(got.body.evidence).toEqual(d.evidence);
    }
    expect((await call(api, 'GET', `/v1/gates/argo/${id}`)).status).toBe(401);
    expect((await call(api, 'GET', '/v1/gates/argo/00000000-0000-4000-8000-000000000000', { key: gateKey })).status).toBe(404);
  });
});
