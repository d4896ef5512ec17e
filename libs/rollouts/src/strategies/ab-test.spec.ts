import { describe, expect, it } from 'vitest';
import { aggregate, analysis, settingsFor, type Rates } from '../testing/fixtures';
import { drive, trail } from '../testing/drive';

const arms3 = [
  { name: 'control', version: 'v1', weight: 2 },
  { name: 'b', version: 'v2', weight: 1 },
  { name: 'c', version: 'v3', weight: 1 },
];
const abSettings = settingsFor('ab_test', { arms: arms3, margin: 0, guardrails: [{ metric: 'error_rate', margin: 0 }] });
/** 40 000 units a minute split 2 : 1 : 1, accumulating over the test (the window is the whole test). */
const split = (b: Rates, c: Rates) => (_: unknown, tick: number) =>
  analysis(0, tick * 60, [aggregate('control', 'v1', 20000 * tick), aggregate('b', 'v2', 10000 * tick, b), aggregate('c', 'v3', 10000 * tick, c)]);

describe('ab_test', () => {
  it('starts with the arms’ share and promotes the winning arm’s version', () => {
    const run = drive(abSettings, split({ accuracy: 0.9 }, { accuracy: 0.93 }));
    expect(run.decisions[0]!.reason).toBe('started: ab_test step 0, candidate share 50 %: advance');
    expect(trail(run)).toEqual(['advance:progressing', 'promote:promoted']);
    const decision = run.decisions[1]!;
    expect(decision.version).toBe('v3');
    expect(decision.reason).toMatch(/^arm c wins: primary accuracy: c accuracy 93 % vs 90 % control, \+3\.33 % \[/);
    expect(decision.reason).toMatch(/Holm-adjusted p = .* over 4 tests; the winning arm: v3 to everyone: promote$/);
    expect(run.state.promotedVersion).toBe('v3');
    const ctw = decision.evidence.tests.filter((t) => t.name === 'chance_to_win');
    expect(ctw.map((t) => t.variant)).toEqual(['b', 'c']);
    expect(ctw[1]!.probability).toBeGreaterThan(0.999);
    expect(decision.evidence.srm).toMatchObject({ expected: { control: 0.5, b: 0.25, c: 0.25 }, verdict: 'pass' });
  });

  it('stops at the maximum duration with no winner, saying so with the numbers', () => {
    const run = drive({ ...abSettings, maxDurationSeconds: 600 }, split({}, {}), 20);
    expect(run.decisions.slice(1, 10).every((d) => d.action === 'hold')).toBe(true);
    const last = run.decisions.at(-1)!;
    expect(trail(run).at(-1)).toBe('rollback:stopped');
    expect(last.version).toBe('v1');
    expect(last.reason).toMatch(/^no arm beat control after 600 s \(maximum 600 s\): b: b accuracy 90 % vs 90 % control, \+0 % \[/);
    expect(last.reason).toMatch(/; stopped with no winner: rollback$/);
  });

  it('rolls back when an arm harms a guardrail', () => {
    const run = drive(abSettings, split({ errorRate: 0.03 }, {}));
    expect(trail(run)).toEqual(['advance:progressing', 'rollback:rolled_back']);
    expect(run.decisions[1]!.reason).toMatch(/^guardrail error_rate: b error rate 3 % vs 1 % control, .*: rollback$/);
  });

  it('holds on a sample ratio mismatch', () => {
    const broken = (_: unknown, tick: number) => analysis(0, tick * 60, [aggregate('control', 'v1', 20000), aggregate('b', 'v2', 13000, { accuracy: 0.95 }), aggregate('c', 'v3', 10000)]);
    const run = drive(abSettings, broken, 2);
    expect(run.decisions.slice(1).map((d) => d.action)).toEqual(['hold', 'hold']);
    expect(run.decisions[1]!.reason).toMatch(/^sample ratio mismatch: observed control 20000, b 13000, c 10000/);
  });
});
