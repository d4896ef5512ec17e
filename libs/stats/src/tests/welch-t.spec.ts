import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { welchT, welchTFromSummary } from './welch-t';
import { propertyRuns } from '../testing/property-runs';

const sample = fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 3, maxLength: 30 });

describe('welchT', () => {
  it('matches SciPy ttest_ind(equal_var=False) on the doc example', () => {
    const r = welchT([1, 2, 3, 4], [2, 4, 6, 8]);
    expect(r.ok && r.statistic).toBeCloseTo(-1.7320508075688774, 12);
    expect(r.ok && r.pValue).toBeCloseTo(0.15158050484530375, 12);
    expect(r.ok && r.df).toBeCloseTo(4.411764705882353, 12);
  });

  it('needs two values per arm and some variance', () => {
    expect(welchT([1], [1, 2])).toMatchObject({ ok: false, reason: 'too_few_observations' });
    expect(welchTFromSummary({ n: 5, mean: 1, sd: 0 }, { n: 5, mean: 2, sd: 0 })).toMatchObject({ ok: false, reason: 'zero_variance' });
  });

  it('is antisymmetric in its arms with p in [0, 1]', () => {
    fc.assert(
      fc.property(sample, sample, (a, b) => {
        const ab = welchT(a, b);
        const ba = welchT(b, a);
        if (!ab.ok || !ba.ok) return !ab.ok && !ba.ok;
        return Math.abs(ab.statistic + ba.statistic) < 1e-9 && Math.abs(ab.pValue - ba.pValue) < 1e-9 && ab.pValue >= 0 && ab.pValue <= 1;
      }),
      propertyRuns(),
    );
  });

  it('one-sided p-values of opposite alternatives sum to 1', () => {
    fc.assert(
      fc.property(sample, sample, (a, b) => {
        const less = welchT(a, b, 'less');
        const greater = welchT(a, b, 'greater');
        return !less.ok || !greater.ok || Math.abs(less.pValue + greater.pValue - 1) < 1e-9;
      }),
      propertyRuns(),
    );
  });
});
