import { describe, expect, it } from 'vitest';
import { at, pending, settingsFor } from '../testing/fixtures';
import type { RolloutState } from '../types';
import { control } from './control';

const canary = settingsFor('canary');
const started = (): RolloutState => {
  const r = control(pending, { kind: 'start' }, canary, at(0));
  if (!r.ok) throw new Error(r.reason);
  return r.state;
};

describe('control', () => {
  it('starts each strategy at step 0 with its share', () => {
    const shares = (['canary', 'rolling', 'recreate', 'blue_green', 'shadow', 'ab_test'] as const).map((s) => {
      const r = control(pending, { kind: 'start' }, settingsFor(s), at(0));
      return r.ok ? r.state.share : null;
    });
    expect(shares).toEqual([10, 25, 100, 0, 0, 50]);
    expect(started()).toMatchObject({ phase: 'progressing', stepIndex: 0, startedAt: '2026-03-01T00:00:00.000Z' });
  });

  it('pauses and resumes without a decision, back to the phase it left', () => {
    const paused = control(started(), { kind: 'pause' }, canary, at(10));
    expect(paused).toMatchObject({ ok: true, decision: null, state: { phase: 'paused', pausedFrom: 'progressing' } });
    if (!paused.ok) return;
    const resumed = control(paused.state, { kind: 'resume' }, canary, at(20));
    expect(resumed).toMatchObject({ ok: true, decision: null, state: { phase: 'progressing', pausedFrom: null } });
  });

  it('aborts with a rollback that names who did it', () => {
    const r = control(started(), { kind: 'abort', by: 'key 3f2a (ops)' }, canary, at(30));
    expect(r.ok && r.decision).toMatchObject({ action: 'rollback', version: 'v1', phaseAfter: 'rolled_back', reason: 'aborted by key 3f2a (ops): rollback' });
    expect(r.ok && r.state.share).toBe(0);
  });

  it('rolls back on an external alert, with the alert as evidence', () => {
    const r = control(started(), { kind: 'alert', summary: 'HighErrorRate: 5xx above 2 % for 5 m' }, canary, at(30));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.decision?.reason).toBe('external alert: HighErrorRate: 5xx above 2 % for 5 m: rollback');
    expect(r.decision?.evidence.notes).toEqual(['HighErrorRate: 5xx above 2 % for 5 m']);
    expect(r.decision?.evidence.tests[0]).toMatchObject({ role: 'alert', verdict: 'fail' });
  });

  it('refuses commands that do not apply, with the reason', () => {
    expect(control(started(), { kind: 'approve', by: 'k' }, canary, at(1))).toEqual({ ok: false, reason: 'the deployment is progressing; only a step awaiting approval can be approved' });
    expect(control(started(), { kind: 'start' }, canary, at(1))).toEqual({ ok: false, reason: 'the deployment is progressing; only a pending deployment can be started' });
    expect(control(started(), { kind: 'resume' }, canary, at(1))).toMatchObject({ ok: false });
    expect(control(pending, { kind: 'alert', summary: 'x' }, canary, at(1))).toMatchObject({ ok: false });
    const done = { ...started(), phase: 'rolled_back' as const };
    expect(control(done, { kind: 'abort', by: 'k' }, canary, at(1))).toEqual({ ok: false, reason: 'the deployment is already rolled_back; nothing to abort' });
    expect(control(done, { kind: 'pause' }, canary, at(1))).toMatchObject({ ok: false });
  });
});
