import type { Deployment } from '@modelgate/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignOne, createKey } from './assignment-api.helpers';
import { adminKey, call, decisionsOf, deploy, deploymentOf, drive, type EngineStack, engineStack, timelineOf } from './engine.helpers';

const targeting = { match: 'all', conditions: [{ attribute: 'region', op: 'in', values: ['AU', 'NZ'] }] };
const au = { region: 'AU' };
const uuid = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

let stack: EngineStack;
let serviceKey: string;
beforeAll(async () => {
  stack = await engineStack();
  serviceKey = await createKey(stack.api, 'service');
});
afterAll(async () => {
  await stack?.close();
});

describe('a shadow that names next', () => {
  it('starts the canary it names when it passes, with the shadow’s settings, and keeps answering the baseline', async () => {
    const policy = { primaryMetric: { name: 'accuracy', direction: 'higher' }, margin: 0.02, minSamples: 400, intervalSeconds: 120 };
    const shadow = await deploy(stack, { strategy: 'shadow', next: 'canary', steps: [10, 25, 50], targeting, ...policy });
    // The candidate answers mirrored copies of the same requests: 95 % right against the baseline's 85 %.
    const analyses = await drive(stack, shadow, () => ({
      traffic: [
        { version: 'v1', count: 2000, accuracy: 0.85 },
        { version: 'v2', count: 2000, accuracy: 0.95, errorRate: 0.005, latencyMs: 36, shadow: true },
      ],
      paired: true,
    }));
    expect(analyses.at(-1)!.action, JSON.stringify(analyses.map((a) => a.action))).toBe('advance');
    expect((await deploymentOf(stack, shadow.id)).phase).toBe('promoted');

    // The advance decision names the canary it started, in its reason and its evidence.
    const advance = (await decisionsOf(stack, shadow.id)).find((d) => d.action === 'advance' && d.phaseAfter === 'promoted')!;
    const named = new RegExp(`: advance \\(canary (${uuid}) started\\)$`).exec(advance.reason);
    expect(named, advance.reason).not.toBeNull();
    const canaryId = named![1]!;
    expect(advance.evidence.notes).toContain(`next deployment: canary ${canaryId} started`);
    expect((await timelineOf(stack, shadow.id)).some((e) => e.kind === 'decision' && e.reason === advance.reason)).toBe(true);

    // The canary runs at its first step, with what the shadow set.
    const canary = await deploymentOf(stack, canaryId);
    expect(canary).toMatchObject({
      strategy: 'canary',
      model: shadow.model,
      baselineVersion: 'v1',
      candidateVersion: 'v2',
      phase: 'progressing',
      currentStep: 0,
      candidateShare: 10,
      steps: [10, 25, 50],
      targeting,
      next: null,
      ...policy,
    });
    const listed = await call<Deployment[]>(stack.api, 'GET', `/v1/deployments?model=${shadow.model}`, { key: adminKey });
    expect(listed.body.map((d) => d.id)).toEqual([canaryId, shadow.id]);
    const canaryTimeline = await timelineOf(stack, canaryId);
    expect(canaryTimeline.find((e) => e.action === 'create')?.detail).toMatchObject({ shadowDeploymentId: shadow.id });
    expect(canaryTimeline.some((e) => e.kind === 'decision' && e.phaseAfter === 'progressing')).toBe(true);

    // The shadow never served its candidate: its own assignment stays on the baseline, mirroring nothing.
    for (let i = 0; i < 100; i += 1) {
      const a = await assignOne(stack.api, serviceKey, { deploymentId: shadow.id, unitId: `user-${i}`, attributes: au });
      expect(a.status).toBe(200);
      expect(a.body).toMatchObject({ version: 'v1', shadowVersions: [] });
    }
    // The model's traffic follows the canary now: about 10 % of the units get v2.
    const byModel = await Promise.all(Array.from({ length: 400 }, (_, i) => assignOne(stack.api, serviceKey, { model: shadow.model, unitId: `user-${i}`, attributes: au })));
    const v2 = byModel.filter((a) => a.body.version === 'v2').length;
    expect(byModel.every((a) => a.body.deploymentId === canaryId)).toBe(true);
    expect(v2).toBeGreaterThan(10);
    expect(v2).toBeLessThan(80);
  });

  it('checks a shadow’s steps as those of the strategy it starts next', async () => {
    const post = (body: Record<string, unknown>) =>
      call<{ message: string }>(stack.api, 'POST', '/v1/deployments', { key: stack.operatorKey, body: { model: 'animal-classifier', baselineVersion: 'v1', candidateVersion: 'v2', strategy: 'shadow', ...body } });
    const tooHigh = await post({ next: 'canary', steps: [10, 60] });
    expect(tooHigh.status).toBe(400);
    expect(JSON.stringify(tooHigh.body)).toMatch(/at or below 50/);
    const withoutNext = await post({ steps: [10] });
    expect(withoutNext.status).toBe(400);
    expect(JSON.stringify(withoutNext.body)).toMatch(/set next/);
    const rolling = await post({ next: 'rolling', steps: [50, 100] });
    expect(rolling.status).toBe(201);
  });
});
