import { describe, expect, it } from 'vitest';
import { seededUniform, type Uniform } from '../../../stats/src/testing/seeded-random';
import { control } from '../control/control';
import { STRATEGIES } from '../strategy-registry';
import { emptyAggregate } from './evidence-parts';
import { at, pending, settingsFor } from '../testing/fixtures';
import type { RolloutSettings, RolloutState, VariantAggregate } from '../types';

const ALPHA = 0.05;
/** One-sided 99 % Monte-Carlo margin on a rate near `rate` over `runs` runs. */
const mcError = (rate: number, runs: number): number => 2.326 * Math.sqrt((rate * (1 - rate)) / runs);

interface Truth {
  errorRate: number;
  accuracy: number;
}
const BOUNDS = ['20', '50', '100', '200', '500'];
const CUMULATIVE = [0.5, 0.8, 0.94, 0.99, 1];

/** Adds `n` simulated requests (error, latency bin, labelled correct or not) to a running aggregate. */
function serve(v: VariantAggregate, n: number, truth: Truth, u: Uniform): void {
  for (let i = 0; i < n; i++) {
    v.predictions += 1;
    if (u() < truth.errorRate) v.errors += 1;
    const r = u();
    const bound = BOUNDS[CUMULATIVE.findIndex((c) => r < c)]!;
    v.latencyHistogram[bound] = (v.latencyHistogram[bound] ?? 0) + 1;
    if (u() < truth.accuracy) v.correct += 1;
    else v.incorrect += 1;
  }
}

/**
 * One deployment analysed every minute, `perMinute` requests split by the current share; the
 * window restarts at each step (the engine's default). Returns how it ended.
 */
function simulate(settings: RolloutSettings, truths: Record<string, Truth>, seed: number, perMinute: number, ticks: number): RolloutState['phase'] {
  const u = seededUniform(seed);
  const started = control(pending, { kind: 'start' }, settings, at(0));
  if (!started.ok) throw new Error(started.reason);
  let state = started.state;
  const evaluate = STRATEGIES[settings.strategy].evaluate;
  const arms = settings.strategy === 'ab_test' ? settings.arms : [{ name: 'baseline', version: 'v1', weight: 0 }, { name: 'candidate', version: 'v2', weight: 0 }];
  let window = arms.map((a) => emptyAggregate(a.name, a.version));
  let step = state.stepIndex;
  for (let tick = 1; tick <= ticks; tick++) {
    if (state.stepIndex !== step) [window, step] = [arms.map((a) => emptyAggregate(a.name, a.version)), state.stepIndex];
    const total = arms.reduce((s, a) => s + a.weight, 0);
    window.forEach((v, i) => {
      const share = settings.strategy === 'ab_test' ? arms[i]!.weight / total : i === 0 ? 1 - state.share / 100 : state.share / 100;
      serve(v, Math.round(perMinute * share), truths[v.variant]!, u);
    });
    const input = { window: { start: at(0).toISOString(), end: at(tick * 60).toISOString() }, variants: window.map((v) => ({ ...v, latencyHistogram: { ...v.latencyHistogram } })) };
    state = evaluate(state, input, settings, at(tick * 60)).state;
    if (state.phase !== 'progressing') break;
  }
  return state.phase;
}

const same: Truth = { errorRate: 0.01, accuracy: 0.9 };

describe('A/A through the policy (seeded, an analysis every minute)', { timeout: 300_000 }, () => {
  it('a canary of an identical candidate is rolled back at most at α', () => {
    const runs = 300;
    const settings = settingsFor('canary', { margin: 0.05 });
    const ends = Array.from({ length: runs }, (_, seed) => simulate(settings, { baseline: same, candidate: same }, 1000 + seed, 4000, 40));
    const rollbackRate = ends.filter((p) => p === 'rolled_back').length / runs;
    const promotedRate = ends.filter((p) => p === 'promoted').length / runs;
    console.info(`A/A canary: rollback rate ${rollbackRate.toFixed(4)} (α ${ALPHA}, bound ${(ALPHA + mcError(ALPHA, runs)).toFixed(4)}), promoted ${promotedRate.toFixed(4)} over ${runs} runs`);
    expect(rollbackRate).toBeLessThanOrEqual(ALPHA + mcError(ALPHA, runs));
  });

  it('an A/B test of identical arms declares a winner at most at α', () => {
    const runs = 300;
    const settings = settingsFor('ab_test', {
      arms: [
        { name: 'control', version: 'v1', weight: 1 },
        { name: 'b', version: 'v2', weight: 1 },
      ],
      margin: 0,
    });
    const ends = Array.from({ length: runs }, (_, seed) => simulate(settings, { control: same, b: same }, 5000 + seed, 2000, 30));
    const winnerRate = ends.filter((p) => p === 'promoted').length / runs;
    const rollbackRate = ends.filter((p) => p === 'rolled_back').length / runs;
    console.info(`A/A A/B: false winners ${winnerRate.toFixed(4)}, rollbacks ${rollbackRate.toFixed(4)} (α ${ALPHA}, bound ${(ALPHA + mcError(ALPHA, runs)).toFixed(4)}) over ${runs} runs`);
    expect(winnerRate).toBeLessThanOrEqual(ALPHA + mcError(ALPHA, runs));
    expect(rollbackRate).toBeLessThanOrEqual(ALPHA + mcError(ALPHA, runs));
  });

  it('a canary whose error rate doubles (1 % → 2 %) is rolled back with power of at least 0.9', () => {
    const runs = 150;
    const settings = settingsFor('canary', { margin: 0.05 });
    const ends = Array.from({ length: runs }, (_, seed) => simulate(settings, { baseline: same, candidate: { errorRate: 0.02, accuracy: 0.9 } }, 9000 + seed, 4000, 40));
    const power = ends.filter((p) => p === 'rolled_back').length / runs;
    console.info(`harm 1 % → 2 % errors: rolled back in ${power.toFixed(4)} of ${runs} runs (promised 0.9, bound ${(0.9 - mcError(0.9, runs)).toFixed(4)})`);
    expect(power).toBeGreaterThanOrEqual(0.9 - mcError(0.9, runs));
  });
});
