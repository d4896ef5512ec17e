import type { AlertmanagerResult, Assignment, Decision } from '@modelgate/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKey, startApi } from './assignment-api.helpers';
import type { RunningApp } from './support/apps';
import { waitFor } from './support/wait';
import { type EngineStack, call, decisionsOf, deploy, deploymentOf, engineStack, timelineOf } from './engine.helpers';

let stack: EngineStack;
let replica: RunningApp;
let serviceKey: string;
beforeAll(async () => {
  stack = await engineStack();
  replica = await startApi(stack.env);
  serviceKey = await createKey(stack.api, 'service');
});
afterAll(async () => {
  await replica?.stop('SIGKILL');
  await stack?.close();
});

const units = Array.from({ length: 1000 }, (_, i) => `user-${i}`);
const canary = { strategy: 'canary', steps: [20, 40], primaryMetric: { name: 'accuracy', direction: 'higher' } };

/** Alertmanager's webhook body (version 4) with one alert. */
function payload(status: 'firing' | 'resolved', labels: Record<string, string>) {
  return {
    version: '4',
    groupKey: '{}:{alertname="ModelErrorRate"}',
    truncatedAlerts: 0,
    status,
    receiver: 'modelgate',
    groupLabels: { alertname: 'ModelErrorRate' },
    commonLabels: labels,
    commonAnnotations: {},
    externalURL: 'http://alertmanager:9093',
    alerts: [
      {
        status,
        labels: { alertname: 'ModelErrorRate', severity: 'page', ...labels },
        annotations: { summary: 'v2 error rate above 5 % for 5 minutes' },
        startsAt: '2026-11-25T09:00:00Z',
        endsAt: status === 'resolved' ? '2026-11-25T09:20:00Z' : '0001-01-01T00:00:00Z',
        generatorURL: 'http://prometheus:9090/graph',
        fingerprint: 'c0ffee',
      },
    ],
  };
}

/** Alertmanager authenticates with `http_config.authorization` (a bearer token). */
const alert = (body: unknown) =>
  call<AlertmanagerResult & { message?: string }>(stack.api, 'POST', '/v1/alerts/alertmanager', { body, headers: { authorization: `Bearer ${stack.operatorKey}` } });

async function versionsOn(app: RunningApp, deploymentId: string): Promise<Assignment[]> {
  const response = await call<{ assignments: Assignment[] }>(app, 'POST', '/v1/assign/batch', { key: serviceKey, body: { units: units.map((unitId) => ({ deploymentId, unitId })) } });
  if (response.status !== 200) throw new Error(`assigning on ${app.url}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.assignments;
}

describe('Alertmanager rollback', () => {
  it('rolls back the canary a firing alert names by model and version; every replica routes the baseline within 5 s', async () => {
    const d = await deploy(stack, canary);
    // The replica learns of the deployment (and the key) through NOTIFY.
    const before = await waitFor('the replica to route the canary', () => versionsOn(replica, d.id), { timeoutMs: 5_000, intervalMs: 50 });
    expect(before.filter((a) => a.version === 'v2').length).toBeGreaterThan(100);

    const fired = Date.now();
    const answered = await alert(payload('firing', { model: d.model, version: 'v2' }));
    expect(answered.status).toBe(200);
    expect(answered.body.alerts).toEqual([expect.objectContaining({ status: 'firing', deploymentId: d.id, outcome: 'rolled_back' })]);
    for (const app of [stack.api, replica]) {
      await waitFor(`${app.url} to route everyone to v1`, async () => ((await versionsOn(app, d.id)).every((a) => a.version === 'v1' && a.reason === 'rolled_back') ? true : undefined), {
        timeoutMs: 5_000,
        intervalMs: 50,
      });
    }
    expect(Date.now() - fired).toBeLessThan(5_000);
    expect((await deploymentOf(stack, d.id)).candidateShare).toBe(0);

    const rollback = (await decisionsOf(stack, d.id)).find((x: Decision) => x.action === 'rollback')!;
    expect(rollback.reason).toMatch(/external alert: .*ModelErrorRate: v2 error rate above 5 % for 5 minutes/);
    expect(rollback.evidence.tests).toEqual([expect.objectContaining({ role: 'alert', verdict: 'fail', detail: expect.stringContaining('severity=page') })]);
  });

  it('records a resolved alert on the timeline and changes nothing', async () => {
    const d = await deploy(stack, canary);
    const answered = await alert(payload('resolved', { modelgate_deployment: d.id }));
    expect(answered.body.alerts).toEqual([expect.objectContaining({ status: 'resolved', deploymentId: d.id, outcome: 'recorded' })]);
    const after = await deploymentOf(stack, d.id);
    expect([after.phase, after.candidateShare]).toEqual(['progressing', 20]);
    const entry = (await timelineOf(stack, d.id)).find((e) => e.action === 'alert_resolved');
    expect(entry).toMatchObject({ kind: 'control', keyName: 'e2e-operator', detail: { labels: { modelgate_deployment: d.id } } });
  });

  it('rolls back by deployment id; names nothing live → unmatched; a bad payload is 400, a missing key 401', async () => {
    const d = await deploy(stack, canary);
    expect((await alert(payload('firing', { modelgate_deployment: d.id }))).body.alerts[0]!.outcome).toBe('rolled_back');
    expect((await alert(payload('firing', { modelgate_deployment: d.id }))).body.alerts[0]!.outcome).toBe('not_live');
    expect((await alert(payload('firing', { model: d.model, version: 'v7' }))).body.alerts[0]!.outcome).toBe('unmatched');
    const bad = await alert({ ...payload('firing', {}), version: '3' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/version/);
    expect((await call(stack.api, 'POST', '/v1/alerts/alertmanager', { body: payload('firing', {}) })).status).toBe(401);
  });
});
