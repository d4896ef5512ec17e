import { describe, expect, it } from 'vitest';
import { control } from '../control/control';
import { aggregate, analysis, at, settingsFor } from '../testing/fixtures';
import { drive, trail } from '../testing/drive';
import type { Rates } from '../testing/fixtures';
import type { RolloutState } from '../types';
import { canary } from './canary';

/** 100 000 requests per window, split by the current share (what a correct assignment yields). */
const TOTAL = 100_000;
const split = (candidate: Rates = {}, observedShare?: number) => (state: RolloutState, tick: number) => {
  const share = (observedShare ?? state.share) / 100;
  return analysis((tick - 1) * 60, tick * 60, [aggregate('baseline', 'v1', Math.round(TOTAL * (1 - share))), aggregate('candidate', 'v2', Math.round(TOTAL * share), candidate)]);
};

describe('canary', () => {
  it('takes a good candidate through 10 %, 25 %, 50 % to promotion', () => {
    const run = drive(settingsFor('canary'), split());
    expect(trail(run)).toEqual(['advance:progressing', 'advance:progressing', 'advance:progressing', 'promote:promoted']);
    expect(run.decisions.map((d) => d.reason.split(': ').at(-1))).toEqual(['advance', 'advance', 'advance', 'promote']);
    expect(run.decisions[1]!.reason).toContain('step 0 at 10 % passed, next step 1 at 25 %');
    expect(run.state).toMatchObject({ phase: 'promoted', share: 100, promotedVersion: 'v2' });
    expect(run.decisions[1]!.evidence.notes).toContain('canary form: rolling (the candidate on some existing instances)');
  });

  it('never goes above 50 % before promotion, whatever the steps say', () => {
    const run = drive(settingsFor('canary', { steps: [20, 60, 90] }), split());
    expect(run.decisions.map((d) => d.phaseAfter === 'progressing')).toEqual([true, true, false]);
    expect(run.decisions[1]!.reason).toContain('next step 1 at 50 %');
  });

  it('rolls back a worse error rate, naming the guardrail', () => {
    const run = drive(settingsFor('canary'), split({ errorRate: 0.03 }));
    expect(trail(run)).toEqual(['advance:progressing', 'rollback:rolled_back']);
    const reason = run.decisions[1]!.reason;
    expect(reason).toMatch(/^guardrail error_rate: candidate error rate 3 % vs 1 % baseline/);
    expect(reason).toMatch(/: rollback$/);
    expect(run.decisions[1]!.version).toBe('v1');
    expect(run.state.share).toBe(0);
  });

  it('rolls back worse latency, naming the guardrail', () => {
    const run = drive(settingsFor('canary'), split({ latency: 'slow' }));
    expect(trail(run)).toEqual(['advance:progressing', 'rollback:rolled_back']);
    // p95 by hand: fast 100 + 100·(0.01/0.05) = 120 ms; slow 200 + 300·(0.03/0.08) = 312.5 ms.
    expect(run.decisions[1]!.reason).toMatch(/^guardrail latency_p95_ms: candidate p95 latency 313 ms vs 120 ms baseline \(share slower than \d+ ms/);
  });

  it('holds on too little traffic, and the hold never becomes a pass', () => {
    const tiny = (_: RolloutState, tick: number) => analysis(0, tick * 60, [aggregate('baseline', 'v1', 5000), aggregate('candidate', 'v2', 100)]);
    const run = drive(settingsFor('canary'), tiny, 30);
    expect(run.decisions.slice(1).every((d) => d.action === 'hold')).toBe(true);
    expect(run.decisions[1]!.reason).toBe('too few samples: baseline 5000, candidate 100, minimum 150 per variant: hold');
    expect(run.state).toMatchObject({ phase: 'progressing', stepIndex: 0, share: 10 });
  });

  it('holds while the interval still straddles the margin (inconclusive), counting it', () => {
    const small = (_: RolloutState, tick: number) => analysis(0, tick * 60, [aggregate('baseline', 'v1', 9000), aggregate('candidate', 'v2', 1000)]);
    const run = drive(settingsFor('canary'), small, 5);
    expect(run.decisions.slice(1).map((d) => d.action)).toEqual(['hold', 'hold', 'hold', 'hold', 'hold']);
    expect(run.decisions[1]!.reason).toMatch(/not yet within the 2 % margin: hold$/);
    expect(run.state.counters.inconclusive).toBe(5);
  });

  it('pauses for an operator when the inconclusive limit is reached', () => {
    const small = (_: RolloutState, tick: number) => analysis(0, tick * 60, [aggregate('baseline', 'v1', 9000), aggregate('candidate', 'v2', 1000)]);
    const run = drive(settingsFor('canary', { limits: { failures: 0, inconclusive: 3, consecutiveErrors: 4 } }), small, 5);
    expect(run.decisions[3]!.reason).toMatch(/inconclusive 3 times \(limit 3\), paused for an operator: hold$/);
    expect(run.state).toMatchObject({ phase: 'paused', pausedFrom: 'progressing' });
    expect(run.decisions[4]!.reason).toBe('paused by an operator: hold');
  });

  it('advances early once the evidence suffices, but not before minStepSeconds', () => {
    const run = drive(settingsFor('canary', { minStepSeconds: 150 }), split());
    // Analyses at 60 s, 120 s hold; 180 s advances (step 0 ran 180 s); step 1 started at 180 s holds at 240 s, 300 s ...
    expect(run.decisions.slice(1, 5).map((d) => d.action)).toEqual(['hold', 'hold', 'advance', 'hold']);
    expect(run.decisions[1]!.reason).toMatch(/the evidence suffices but step 0 has run 60 s of its minimum 150 s: hold$/);
  });

  it('honours the SRM action: hold by default, rollback or warn when configured', () => {
    const broken = split({}, 12);
    const held = drive(settingsFor('canary'), broken, 3);
    expect(held.decisions.slice(1).map((d) => d.action)).toEqual(['hold', 'hold', 'hold']);
    expect(held.decisions[1]!.reason).toMatch(/^sample ratio mismatch: observed baseline 88000, candidate 12000 against shares baseline 90 %, candidate 10 %/);
    expect(held.decisions[1]!.evidence.srm).toMatchObject({ verdict: 'fail', threshold: 0.001 });
    const rolled = drive(settingsFor('canary', { srm: { action: 'rollback', threshold: 0.001 } }), broken, 3);
    expect(trail(rolled)).toEqual(['advance:progressing', 'rollback:rolled_back']);
    const warned = drive(settingsFor('canary', { srm: { action: 'warn', threshold: 0.001 } }), broken, 3);
    expect(warned.decisions[1]!.action).toBe('advance');
    expect(warned.decisions[1]!.evidence.srm?.verdict).toBe('warn');
    expect(warned.decisions[1]!.evidence.notes.some((n) => n.includes('the SRM action is warn'))).toBe(true);
  });

  it('waits for approval on an approval step, then advances when approved', () => {
    const settings = settingsFor('canary', { approvalSteps: [1] });
    const run = drive(settings, split(), 4);
    expect(trail(run)).toEqual(['advance:progressing', 'advance:progressing', 'hold:awaiting_approval', 'hold:awaiting_approval', 'hold:awaiting_approval']);
    expect(run.decisions[2]!.reason).toMatch(/step 1 passed and waits for approval: hold$/);
    const approved = control(run.state, { kind: 'approve', by: 'key ops-7' }, settings, at(600));
    expect(approved.ok).toBe(true);
    if (!approved.ok) return;
    expect(approved.state).toMatchObject({ phase: 'progressing', stepIndex: 2, share: 50 });
    expect(approved.decision?.reason).toBe('step 1 approved by key ops-7; step 1 at 25 % passed, next step 2 at 50 %: advance');
  });

  it('watches after promotion and rolls back harm against the last verified version', () => {
    const settings = settingsFor('canary', { watchSeconds: 600 });
    const harmed = (state: RolloutState, tick: number) =>
      state.phase === 'watching'
        ? analysis((tick - 1) * 60, tick * 60, [aggregate('candidate', 'v2', 50000, { errorRate: 0.03 })], [aggregate('baseline', 'v1', 50000)])
        : split()(state, tick);
    const run = drive(settings, harmed);
    expect(trail(run)).toEqual(['advance:progressing', 'advance:progressing', 'advance:progressing', 'promote:watching', 'rollback:rolled_back']);
    expect(run.decisions.at(-1)!.evidence.comparison).toBe('before');
    expect(run.decisions.at(-1)!.reason).toMatch(/^guardrail error_rate: candidate error rate 3 % vs 1 % baseline before/);

    const fine = (state: RolloutState, tick: number) =>
      state.phase === 'watching' ? analysis((tick - 1) * 60, tick * 60, [aggregate('candidate', 'v2', 50000)], [aggregate('baseline', 'v1', 50000)]) : split()(state, tick);
    const kept = drive(settings, fine);
    // Promoted at 240 s; the watch holds at 300 … 780 s and ends at 840 s (600 s watched).
    expect(trail(kept).slice(3)).toEqual(['promote:watching', ...Array(9).fill('hold:watching'), 'promote:promoted']);
    expect(kept.decisions.at(-1)!.reason).toMatch(/the 600 s watch ended without harm: promote$/);
  });

  it('counts an analysis error apart from failures and rolls back past the consecutive-error limit', () => {
    const run = drive(settingsFor('canary'), () => ({ ...analysis(0, 60, []), error: 'database timeout' }), 6);
    expect(run.decisions.slice(1).map((d) => d.action)).toEqual(['hold', 'hold', 'hold', 'hold', 'rollback']);
    expect(run.decisions[1]!.reason).toBe('analysis could not run (database timeout), consecutive error 1 of limit 4: hold');
    expect(run.state.counters).toEqual({ failures: 0, inconclusive: 0, consecutiveErrors: 5 });
  });

  it('counts threshold breaches as failures, rolled back past the failure limit', () => {
    const settings = settingsFor('canary', { thresholds: [{ metric: 'latency_p95_ms', bound: 'max', threshold: 100 }], limits: { failures: 1, inconclusive: 0, consecutiveErrors: 4 } });
    const run = drive(settings, split());
    expect(trail(run)).toEqual(['advance:progressing', 'hold:progressing', 'rollback:rolled_back']);
    expect(run.decisions[1]!.reason).toBe('threshold latency_p95_ms: candidate 120 ms, maximum 100 ms; failure 1 of limit 1: hold');
  });
});

describe('canary evaluate on a paused or finished deployment', () => {
  it('holds with "paused by an operator" and leaves finished ones unchanged', () => {
    const settings = settingsFor('canary');
    const run = drive(settings, split(), 1);
    const paused = control(run.state, { kind: 'pause' }, settings, at(100));
    expect(paused.ok).toBe(true);
    if (!paused.ok) return;
    const t = canary.evaluate(paused.state, split()(paused.state, 2), settings, at(120));
    expect(t.decision.reason).toBe('paused by an operator: hold');
    expect(t.state.phase).toBe('paused');
    const done = { ...paused.state, phase: 'promoted' as const };
    const d = canary.evaluate(done, split()(done, 3), settings, at(180));
    expect(d.state).toBe(done);
    expect(d.decision.action).toBe('hold');
  });
});
