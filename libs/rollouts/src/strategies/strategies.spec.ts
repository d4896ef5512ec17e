import { describe, expect, it } from 'vitest';
import { aggregate, analysis, settingsFor, type Rates } from '../testing/fixtures';
import { drive, trail } from '../testing/drive';
import type { RolloutState } from '../types';

const TOTAL = 100_000;
const concurrent = (candidate: Rates = {}) => (state: RolloutState, tick: number) =>
  analysis((tick - 1) * 60, tick * 60, [aggregate('baseline', 'v1', Math.round(TOTAL * (1 - state.share / 100))), aggregate('candidate', 'v2', Math.round((TOTAL * state.share) / 100), candidate)]);
/** Mirrored traffic: both answer the same 50 000 requests (blue/green before the switch, shadow). */
const mirrored = (candidate: Rates = {}) => (_: RolloutState, tick: number) =>
  analysis((tick - 1) * 60, tick * 60, [aggregate('baseline', 'v1', 50000), aggregate('candidate', 'v2', 50000, { shadow: true, ...candidate })]);
/** After a cut-over: only the candidate serves; the baseline's last window before it is `before`. */
const afterCutOver = (candidate: Rates = {}, n = 50000) => (_: RolloutState, tick: number) =>
  analysis((tick - 1) * 60, tick * 60, [aggregate('candidate', 'v2', n, candidate)], [aggregate('baseline', 'v1', 50000)]);

describe('rolling', () => {
  it('steps 25 → 50 → 75 % and promotes at 100 %', () => {
    const run = drive(settingsFor('rolling'), concurrent());
    expect(run.decisions.map((d) => `${d.action}@${d.phaseAfter}`)).toEqual(['advance@progressing', 'advance@progressing', 'advance@progressing', 'promote@promoted']);
    expect(run.decisions[3]!.reason).toMatch(/step 2 at 75 % passed, the last: v2 to everyone: promote$/);
    expect(run.decisions[1]!.evidence.comparison).toBe('concurrent');
  });

  it('rolls back a worse error rate or worse latency, naming the guardrail', () => {
    expect(drive(settingsFor('rolling'), concurrent({ errorRate: 0.02 })).decisions[1]!.reason).toMatch(/^guardrail error_rate: .*: rollback$/);
    expect(drive(settingsFor('rolling'), concurrent({ latency: 'slow' })).decisions[1]!.reason).toMatch(/^guardrail latency_p95_ms: .*: rollback$/);
  });

  it('holds on too little traffic', () => {
    const run = drive(settingsFor('rolling'), (_, tick) => analysis(0, tick * 60, [aggregate('baseline', 'v1', 300), aggregate('candidate', 'v2', 100)]), 10);
    expect(run.decisions.slice(1).every((d) => d.action === 'hold' && d.reason.startsWith('too few samples'))).toBe(true);
  });
});

describe('recreate', () => {
  it('starts at 100 %, compares with the window before the cut-over, and keeps a good candidate', () => {
    const run = drive(settingsFor('recreate'), afterCutOver());
    expect(trail(run)).toEqual(['advance:progressing', 'promote:promoted']);
    expect(run.decisions[0]!.reason).toBe('started: recreate step 0, candidate share 100 %: advance');
    const evidence = run.decisions[1]!.evidence;
    expect(evidence.comparison).toBe('before');
    expect(evidence.referenceWindow).toEqual({ start: '2026-02-28T23:00:00.000Z', end: '2026-03-01T00:00:00.000Z' });
    expect(evidence.notes[0]).toMatch(/^recreate has no concurrent baseline/);
  });

  it('rolls back a worse error rate or latency against before', () => {
    const errors = drive(settingsFor('recreate'), afterCutOver({ errorRate: 0.02 }));
    expect(errors.decisions[1]!.reason).toMatch(/^guardrail error_rate: candidate error rate 2 % vs 1 % baseline before, .*: rollback$/);
    expect(drive(settingsFor('recreate'), afterCutOver({ latency: 'slow' })).decisions[1]!.reason).toMatch(/^guardrail latency_p95_ms: .*: rollback$/);
  });

  it('holds on too little traffic after the cut-over', () => {
    const run = drive(settingsFor('recreate'), afterCutOver({}, 120), 5);
    expect(run.decisions.slice(1).map((d) => d.action)).toEqual(['hold', 'hold', 'hold', 'hold', 'hold']);
  });
});

describe('blue_green', () => {
  const watched = settingsFor('blue_green', { watchSeconds: 120 });
  const phased = (pre: Rates, post: Rates) => (state: RolloutState, tick: number) => (state.phase === 'watching' ? afterCutOver(post) : mirrored(pre))(state, tick);

  it('switches after green passes on mirrored traffic, watches, then promotes', () => {
    const run = drive(watched, phased({}, {}));
    expect(trail(run)).toEqual(['advance:progressing', 'advance:watching', 'hold:watching', 'promote:promoted']);
    expect(run.decisions[0]!.reason).toBe('started: blue_green step 0, candidate share 0 %: advance');
    expect(run.decisions[1]!.reason).toMatch(/switch everyone to green v2, then watch it 120 s against blue: advance$/);
    expect(run.decisions[2]!.evidence.comparison).toBe('before');
    expect(run.state).toMatchObject({ share: 100, promotedVersion: 'v2' });
  });

  it('rejects green before the switch on worse errors or latency, and switches back on harm after it', () => {
    expect(drive(watched, phased({ errorRate: 0.02 }, {})).decisions[1]!.reason).toMatch(/^guardrail error_rate: .*: rollback$/);
    expect(drive(watched, phased({ latency: 'slow' }, {})).decisions[1]!.reason).toMatch(/^guardrail latency_p95_ms: .*: rollback$/);
    const back = drive(watched, phased({}, { errorRate: 0.02 }));
    expect(trail(back)).toEqual(['advance:progressing', 'advance:watching', 'rollback:rolled_back']);
    expect(back.state.share).toBe(0);
  });

  it('holds on too little mirrored traffic', () => {
    const run = drive(watched, (_, tick) => analysis(0, tick * 60, [aggregate('baseline', 'v1', 1000), aggregate('candidate', 'v2', 90, { shadow: true })]), 4);
    expect(run.decisions.slice(1).map((d) => d.action)).toEqual(['hold', 'hold', 'hold', 'hold']);
  });
});

describe('shadow', () => {
  const shadowSettings = settingsFor('shadow', { thresholds: [{ metric: 'agreement', bound: 'min', threshold: 0.95 }] });

  it('promotes a shadow that agrees, errs and answers no worse than the primary', () => {
    const run = drive(shadowSettings, mirrored());
    expect(trail(run)).toEqual(['advance:progressing', 'promote:promoted']);
    const agreement = run.decisions[1]!.evidence.tests.find((t) => t.metric === 'agreement');
    expect(agreement).toMatchObject({ name: 'threshold', verdict: 'pass', statistic: 0.97, threshold: 0.95 });
  });

  it('starts the next strategy when one is named', () => {
    const run = drive({ ...shadowSettings, next: 'canary' }, mirrored());
    expect(trail(run)).toEqual(['advance:progressing', 'advance:promoted']);
    expect(run.decisions[1]!.reason).toMatch(/the shadow passed, canary starts next: advance$/);
    expect(run.state).toMatchObject({ share: 0, promotedVersion: null });
  });

  it('rejects worse errors or latency, and low agreement counts a failure', () => {
    expect(drive(shadowSettings, mirrored({ errorRate: 0.02 })).decisions[1]!.reason).toMatch(/^guardrail error_rate: .*: rollback$/);
    expect(drive(shadowSettings, mirrored({ latency: 'slow' })).decisions[1]!.reason).toMatch(/^guardrail latency_p95_ms: .*: rollback$/);
    const disagree = drive(shadowSettings, mirrored({ agreement: 0.8 }));
    expect(disagree.decisions[1]!.reason).toBe('threshold agreement: candidate 80 %, minimum 95 %; failure 1 (limit 0): rollback');
  });

  it('uses accuracy only once labels arrive, and rejects at the maximum duration without a pass', () => {
    const unlabelled = drive({ ...shadowSettings, maxDurationSeconds: 300 }, mirrored({ labelled: 0 }), 10);
    expect(unlabelled.decisions.slice(1).map((d) => d.action)).toEqual(['hold', 'hold', 'hold', 'hold', 'rollback']);
    expect(unlabelled.decisions[1]!.reason).toMatch(/^primary accuracy: accuracy: candidate n 0, baseline n 50000, below 150 per variant, not yet within the 2 % margin: hold$/);
    expect(unlabelled.decisions[5]!.reason).toMatch(/no pass after 300 s \(maximum 300 s\), the candidate is rejected: rollback$/);
  });
});
