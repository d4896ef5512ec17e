import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueModel } from './assignment-api.helpers';
import { type EngineStack, analyse, call, control, deploy, deploymentOf, engineStack, timelineOf } from './engine.helpers';

let stack: EngineStack;
beforeAll(async () => {
  stack = await engineStack();
});
afterAll(async () => {
  await stack?.close();
});

const canary = { strategy: 'canary', steps: [10, 25], primaryMetric: { name: 'accuracy', direction: 'higher' }, margin: 0.02 };

describe('sample ratio mismatch', () => {
  it.each([
    ['rollback', 'rolled_back', 'rollback'],
    ['hold', 'progressing', 'hold'],
  ] as const)('with srm.action %s, a broken split ends %s', async (srmAction, phase, action) => {
    const d = await deploy(stack, { ...canary, srm: { action: srmAction } });
    // The canary is at 10 %, but half the traffic comes from the candidate.
    await stack.send(d, [
      { version: 'v1', count: 2000, accuracy: 0.85 },
      { version: 'v2', count: 2000, accuracy: 0.95 },
    ]);
    const analysis = await analyse(stack, d.id);
    expect(analysis.action).toBe(action);
    expect(analysis.evidence.srm).toMatchObject({ expected: { baseline: 0.9, candidate: 0.1 }, observed: { baseline: 2000, candidate: 2000 }, verdict: 'fail' });
    expect(analysis.evidence.srm!.pValue!).toBeLessThan(0.001);
    expect((await deploymentOf(stack, d.id)).phase).toBe(phase);
  });
});

describe('control commands', () => {
  it('waits for /approve at an approval step, and records who approved', async () => {
    const d = await deploy(stack, { ...canary, approvalSteps: [0] });
    await stack.send(d, [
      { version: 'v1', count: 3600, accuracy: 0.85 },
      { version: 'v2', count: 400, accuracy: 0.95, errorRate: 0.005, latencyMs: 36 },
    ]);
    expect((await analyse(stack, d.id)).phaseAfter).toBe('awaiting_approval');
    const waiting = await analyse(stack, d.id);
    expect([waiting.action, waiting.phaseAfter]).toEqual(['hold', 'awaiting_approval']);
    expect((await deploymentOf(stack, d.id)).candidateShare).toBe(10);

    const approved = await control(stack, d.id, 'approve');
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ phase: 'progressing', step: 1, candidateShare: 25, decision: { action: 'advance', share: 25 } });
    expect((await control(stack, d.id, 'approve')).status).toBe(409);
    const entry = (await timelineOf(stack, d.id)).find((e) => e.kind === 'control' && e.action === 'approve');
    expect(entry).toMatchObject({ keyName: 'e2e-operator', detail: { phaseBefore: 'awaiting_approval', phaseAfter: 'progressing' } });
  });

  it('pauses, resumes and aborts, each on the timeline with the key, and refuses what does not apply with 409', async () => {
    const d = await deploy(stack, { ...canary, start: false });
    expect(d.phase).toBe('pending');
    expect((await control(stack, d.id, 'pause')).status).toBe(409);
    expect((await control(stack, d.id, 'start')).body).toMatchObject({ phase: 'progressing', candidateShare: 10, decision: { action: 'advance' } });

    expect((await control(stack, d.id, 'pause')).body).toMatchObject({ phase: 'paused', decision: null });
    const refused = await control(stack, d.id, 'pause');
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(/paused/);
    await stack.send(d, [
      { version: 'v1', count: 3600, accuracy: 0.85 },
      { version: 'v2', count: 400, accuracy: 0.95, errorRate: 0.005, latencyMs: 36 },
    ]);
    // Paused: analysed, but nothing is decided and no traffic moves.
    expect(await analyse(stack, d.id)).toMatchObject({ action: 'hold', phaseAfter: 'paused' });
    expect((await deploymentOf(stack, d.id)).candidateShare).toBe(10);
    expect((await control(stack, d.id, 'resume')).body).toMatchObject({ phase: 'progressing', decision: null });

    const aborted = await control(stack, d.id, 'abort');
    expect(aborted.body).toMatchObject({ phase: 'rolled_back', candidateShare: 0, decision: { action: 'rollback', share: 0 } });
    expect((await control(stack, d.id, 'abort')).status).toBe(409);

    const timeline = await timelineOf(stack, d.id);
    const controls = timeline.filter((e) => e.kind === 'control').map((e) => [e.action, e.keyName]);
    expect(controls).toEqual([
      ['create', 'e2e-operator'],
      ['start', 'e2e-operator'],
      ['pause', 'e2e-operator'],
      ['resume', 'e2e-operator'],
      ['abort', 'e2e-operator'],
    ]);
    const decisions = timeline.filter((e) => e.kind === 'decision').map((e) => [e.action, e.phaseBefore, e.phaseAfter]);
    expect(decisions).toEqual([
      ['advance', 'pending', 'progressing'],
      ['hold', 'paused', 'paused'],
      ['rollback', 'progressing', 'rolled_back'],
    ]);
    expect(timeline.map((e) => e.at)).toEqual([...timeline.map((e) => e.at)].sort());
  });

  it('refuses to deploy a rolled-back version again unless allowRejected is set', async () => {
    const model = uniqueModel('rejected');
    const first = await deploy(stack, { ...canary, model });
    expect((await control(stack, first.id, 'abort')).status).toBe(200);
    const again = await call<{ message: string }>(stack.api, 'POST', '/v1/deployments', {
      key: stack.operatorKey,
      body: { ...canary, model, baselineVersion: 'v1', candidateVersion: 'v2' },
    });
    expect(again.status).toBe(409);
    expect(again.body.message).toMatch(/v2 was rolled back .*allowRejected: true/);
    const forced = await deploy(stack, { ...canary, model, allowRejected: true });
    expect(forced.phase).toBe('progressing');
  });
});

describe('agreement pairing at ingest', () => {
  it('pairs a shadow prediction with the primary of the same request once, whichever arrives first', async () => {
    const d = await deploy(stack, { strategy: 'shadow' });
    const primary = { version: 'v1', count: 400, accuracy: 0.9, errorRate: 0 };
    // The primary is wrong at requests i ≡ 9 (mod 10), the shadow at i ≡ 4 (mod 5), both with the same wrong label:
    // they disagree only at i ≡ 4 (mod 10), 40 of 400 requests.
    const shadow = { version: 'v2', count: 400, accuracy: 0.8, errorRate: 0, shadow: true };
    await stack.send(d, [shadow], { requestTag: 'shadow-first' });
    await stack.send(d, [primary], { requestTag: 'shadow-first' });
    await stack.send(d, [primary], { requestTag: 'primary-first' });
    await stack.send(d, [shadow], { requestTag: 'primary-first' });
    await stack.send(d, [primary, shadow], { requestTag: 'together' });
    const { rows } = await stack.db.query<{ variant: string; pairs: number; agreements: number }>(
      `SELECT variant, sum(agreement_pairs)::int AS pairs, sum(agreements)::int AS agreements FROM rollups WHERE deployment_id = $1 GROUP BY variant ORDER BY variant`,
      [d.id],
    );
    expect(rows).toEqual([
      { variant: 'baseline', pairs: 0, agreements: 0 },
      { variant: 'candidate', pairs: 1200, agreements: 1080 },
    ]);
  });
});
