import { categoryBin, driftMethodNames, numericBin } from '@modelgate/contracts';
import { describe, expect, it } from 'vitest';
import { seededNormal, seededUniform } from '../testing/seeded-random';
import { ksTwoSample } from '../tests/ks-two-sample';
import { dataDrift } from './data-drift';
import { type Sketch, sketchDrift, SKETCH_DRIFT_METHODS } from './sketch-drift';

/** The sketch ingest would store for these values (same binning as libs/ingest compute-rollups). */
function sketchOf(values: readonly (number | string)[]): Sketch {
  const sketch: Record<string, number> = {};
  for (const v of values) {
    const bin = typeof v === 'number' ? numericBin(v) : categoryBin(v);
    sketch[bin] = (sketch[bin] ?? 0) + 1;
  }
  return sketch;
}

function brightness(seed: number, n: number, mean: number, sd = 20): number[] {
  const z = seededNormal(seededUniform(seed));
  return Array.from({ length: n }, () => mean + sd * z());
}

function categories(seed: number, n: number, shares: Record<string, number>): string[] {
  const u = seededUniform(seed);
  const entries = Object.entries(shares);
  return Array.from({ length: n }, () => {
    let x = u();
    for (const [value, share] of entries) if ((x -= share) < 0) return value;
    return entries[entries.length - 1]![0];
  });
}

/**
 * Sketch vs raw on the same seeded data. Tolerances (absolute, on the score): KS's D within the
 * largest share of one bin (its p-value then only keeps the verdict; both below 1e-6 on a real shift);
 * Wasserstein (normalised) and Jensen–Shannon within 0.01; counts-based methods (χ², z, and JS on
 * categories) are equal to 1e-12, since categories are not binned.
 */
describe('sketchDrift against dataDrift on the raw values (same verdict, stated tolerance)', () => {
  const cases: [name: string, ref: number[], cur: number[], method: string, drifted: boolean, tolerance: number][] = [
    ['numeric n ≤ 1000, unshifted', brightness(1, 800, 120), brightness(2, 800, 120), 'ks', false, 1],
    ['numeric n ≤ 1000, +1 sd', brightness(3, 800, 120), brightness(4, 800, 140), 'ks', true, 1e-6],
    ['numeric n > 1000, unshifted', brightness(5, 5000, 120), brightness(6, 5000, 120), 'wasserstein', false, 0.01],
    ['numeric n > 1000, +1 sd', brightness(7, 5000, 120), brightness(8, 5000, 140), 'wasserstein', true, 0.01],
  ];
  it.each(cases)('%s', (_name, ref, cur, method, drifted, tolerance) => {
    const raw = dataDrift(ref, cur, 'num');
    const sketch = sketchDrift(sketchOf(ref), sketchOf(cur));
    expect(raw).toMatchObject({ ok: true, method, driftDetected: drifted });
    expect(sketch).toMatchObject({ ok: true, type: 'num', method, driftDetected: drifted });
    if (!raw.ok || !sketch.ok) return;
    expect(Math.abs(sketch.score - raw.score)).toBeLessThanOrEqual(tolerance);
    if (method === 'ks') {
      const largestBinShare = Math.max(...[sketchOf(ref), sketchOf(cur)].flatMap((s, i) => Object.values(s).map((c) => c / (i === 0 ? ref : cur).length)));
      expect(Math.abs(sketch.statistic! - (ksTwoSample(ref, cur) as { statistic: number }).statistic)).toBeLessThanOrEqual(largestBinShare);
    }
  });

  it('Jensen–Shannon on the Sturges histogram (forced), unshifted and +1 sd, within 0.01', () => {
    for (const [ref, cur, drifted] of [[brightness(9, 3000, 120), brightness(10, 3000, 120), false], [brightness(11, 3000, 120), brightness(12, 3000, 140), true]] as const) {
      const raw = dataDrift(ref, cur, 'num', { method: 'jensenshannon' });
      const sketch = sketchDrift(sketchOf(ref), sketchOf(cur), { method: 'jensenshannon' });
      expect([raw.ok && raw.driftDetected, sketch.ok && sketch.driftDetected]).toEqual([drifted, drifted]);
      expect(Math.abs((sketch.ok ? sketch.score : NaN) - (raw.ok ? raw.score : NaN))).toBeLessThanOrEqual(0.01);
    }
  });

  const animals = { cat: 0.45, dog: 0.45, koala: 0.1 };
  const koalaBoom = { cat: 0.35, dog: 0.35, koala: 0.3 };
  const catCases: [string, string[], string[], string, boolean][] = [
    ['categorical n ≤ 1000, same shares', categories(51, 600, animals), categories(52, 600, animals), 'chisquare', false],
    ['categorical n ≤ 1000, koalas 10 % → 30 %', categories(51, 600, animals), categories(52, 600, koalaBoom), 'chisquare', true],
    ['categorical n > 1000, same shares', categories(25, 4000, animals), categories(26, 4000, animals), 'jensenshannon', false],
    ['categorical n > 1000, koalas 10 % → 30 %', categories(27, 4000, animals), categories(28, 4000, koalaBoom), 'jensenshannon', true],
    ['binary n ≤ 1000, 50/50 → 30/70', categories(29, 500, { day: 0.5, night: 0.5 }), categories(30, 500, { day: 0.3, night: 0.7 }), 'z', true],
  ];
  it.each(catCases)('%s, equal to 1e-12', (_name, ref, cur, method, drifted) => {
    const raw = dataDrift(ref, cur, 'cat');
    const sketch = sketchDrift(sketchOf(ref), sketchOf(cur));
    expect(raw).toMatchObject({ ok: true, method, driftDetected: drifted });
    expect(sketch).toMatchObject({ ok: true, type: 'cat', method, driftDetected: drifted });
    expect(sketch.ok && sketch.score).toBeCloseTo(raw.ok ? raw.score : NaN, 12);
  });
});

describe('sketchDrift inputs', () => {
  it('runs its documented example: two values, a small reference → z, drifted', () => {
    expect(sketchDrift({ 'c:cat': 60, 'c:dog': 40 }, { 'c:cat': 30, 'c:dog': 70 })).toMatchObject({ ok: true, method: 'z', driftDetected: true });
  });

  it('says so when a window is empty, and refuses a numerical-only method on categories', () => {
    expect(sketchDrift({}, { 'c:cat': 3 })).toMatchObject({ ok: false, reason: 'empty_sample' });
    expect(sketchDrift({ 'c:cat': 3 }, { 'c:cat': 3 }, { method: 'ks' })).toMatchObject({ ok: false, reason: 'invalid_input' });
  });

  it('PSI on the bins is 0 for equal shares and flags a shift at its 0.1 threshold', () => {
    expect(sketchDrift({ p10: 5, p20: 5 }, { p10: 50, p20: 50 }, { method: 'psi' })).toMatchObject({ ok: true, score: 0, driftDetected: false, threshold: 0.1 });
    // (0.8 − 0.5)·ln(0.8/0.5) + (0.2 − 0.5)·ln(0.2/0.5) = 0.3 · ln 4 = 0.41589
    expect(sketchDrift({ p10: 5, p20: 5 }, { p10: 80, p20: 20 }, { method: 'psi' })).toMatchObject({ score: expect.closeTo(0.3 * Math.log(4), 12), driftDetected: true });
  });

  it('lists the methods a monitor may name, as the monitor contract does', () => {
    expect(SKETCH_DRIFT_METHODS).toEqual(['ks', 'chisquare', 'z', 'jensenshannon', 'wasserstein', 'psi']);
    expect([...driftMethodNames]).toEqual(SKETCH_DRIFT_METHODS);
  });
});
