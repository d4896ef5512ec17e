import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kolmogorovTwoSided } from '../distributions/kolmogorov-two-sided';
import { ksTwoSample } from './ks-two-sample';
import { propertyRuns } from '../testing/property-runs';

const sample = fc.array(fc.integer({ min: -20, max: 20 }).map((v) => v / 4), { minLength: 1, maxLength: 40 });

function shuffled<T>(values: readonly T[], seed: number): T[] {
  const out = [...values];
  let s = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('ksTwoSample', () => {
  it('matches the doc example: disjoint samples of 4 give D = 1, p = 2/C(8,4)', () => {
    const r = ksTwoSample([1, 2, 3, 4], [5, 6, 7, 8]);
    expect(r.ok && r.statistic).toBe(1);
    expect(r.ok && r.pValue).toBeCloseTo(2 / 70, 14);
  });

  it('handles ties on the one-sided exact path as SciPy does (D = 0.2, p = 0.785714…)', () => {
    const r = ksTwoSample([0.1, 0.2, 0.2, 0.3, 0.9], [0.2, 0.5, 0.6], { alternative: 'less', method: 'exact' });
    expect(r.ok && [r.statistic, r.sign]).toEqual([0.2, -1]);
    expect(r.ok && r.pValue).toBeCloseTo(0.7857142857142857, 12);
  });

  it('says why there is no result for an empty sample, and ignores NaNs', () => {
    expect(ksTwoSample([], [1])).toMatchObject({ ok: false, reason: 'empty_sample' });
    expect(ksTwoSample([Number.NaN], [1])).toMatchObject({ ok: false, reason: 'empty_sample' });
    expect(ksTwoSample([1, Number.NaN, 2, 3, 4], [5, 6, Number.NaN, 7, 8])).toEqual(ksTwoSample([1, 2, 3, 4], [5, 6, 7, 8]));
  });

  it('p-values lie in [0, 1] for every alternative and method', () => {
    fc.assert(
      fc.property(sample, sample, fc.constantFrom('two-sided', 'less', 'greater'), fc.constantFrom('exact', 'asymp', 'auto'), (a, b, alternative, method) => {
        const r = ksTwoSample(a, b, { alternative, method });
        return r.ok && r.pValue >= 0 && r.pValue <= 1 && r.statistic >= 0 && r.statistic <= 1;
      }),
      propertyRuns(),
    );
  });

  it('two-sided is symmetric in the samples; less(a, b) equals greater(b, a)', () => {
    fc.assert(
      fc.property(sample, sample, (a, b) => {
        const ab = ksTwoSample(a, b);
        const ba = ksTwoSample(b, a);
        const less = ksTwoSample(a, b, { alternative: 'less' });
        const greater = ksTwoSample(b, a, { alternative: 'greater' });
        return ab.ok && ba.ok && less.ok && greater.ok && ab.statistic === ba.statistic && Math.abs(ab.pValue - ba.pValue) < 1e-12 && less.statistic === greater.statistic;
      }),
      propertyRuns(),
    );
  });

  it('does not depend on the order of the values', () => {
    fc.assert(
      fc.property(sample, sample, fc.nat(), (a, b, seed) => {
        const r1 = ksTwoSample(a, b);
        const r2 = ksTwoSample(shuffled(a, seed), shuffled(b, seed + 1));
        return r1.ok && r2.ok && r1.statistic === r2.statistic && r1.pValue === r2.pValue;
      }),
      propertyRuns(),
    );
  });
});

describe('kolmogorovTwoSided (SciPy kstwo)', () => {
  // Reference values: scipy.stats.kstwo.sf(x, n), SciPy 1.17.1.
  it.each([
    [1000, 0.1, 3.703687096817711e-9],
    [100, 0.05, 0.9532159710635725],
    [20, 0.6, 2.0483011649719853e-7],
  ])('sf(n=%i, x=%f) = %f', (n, x, expected) => {
    expect(kolmogorovTwoSided(n, x, false)).toBeCloseTo(expected, 12);
    expect(Math.abs(kolmogorovTwoSided(n, x, false) - expected) / expected).toBeLessThan(1e-9);
  });
});
