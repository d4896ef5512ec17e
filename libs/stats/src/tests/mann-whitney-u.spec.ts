import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mannWhitneyU } from './mann-whitney-u';
import { twoProportionZ } from './two-proportion-z';
import { propertyRuns } from '../testing/property-runs';

const sample = fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 15 });

describe('mannWhitneyU', () => {
  // Shier (2004) via SciPy's documentation: ages at diagnosis, males vs females.
  it('gives U = 17 with exact p 1/9 and asymptotic p 0.111347 on the textbook example', () => {
    const males = [19, 22, 16, 29, 24];
    const females = [20, 11, 17, 12];
    expect(mannWhitneyU(males, females, { method: 'exact' })).toMatchObject({ ok: true, statistic: 17, pValue: expect.closeTo(1 / 9, 14) });
    expect(mannWhitneyU(males, females, { method: 'asymptotic' })).toMatchObject({ pValue: expect.closeTo(0.11134688653314041, 14) });
  });

  it('corrects the variance for ties (SciPy: U 3, p 0.0405835 one-sided, no continuity)', () => {
    const r = mannWhitneyU([1.5, 2.5, 2.5, 4], [2.5, 3, 5, 6, 7], { method: 'asymptotic', useContinuity: false, alternative: 'less' });
    expect(r).toMatchObject({ ok: true, statistic: 3, pValue: expect.closeTo(0.040583461754723056, 14) });
  });

  it('truncates a tied U for the exact distribution as SciPy does (U 2.5 → p 1/9, 1/18)', () => {
    const x = [1, 2, 2.5, 4];
    const y = [2.5, 3, 5, 6, 7];
    expect(mannWhitneyU(x, y, { method: 'exact' })).toMatchObject({ statistic: 2.5, pValue: expect.closeTo(0.1111111111111111, 14) });
    expect(mannWhitneyU(x, y, { method: 'exact', alternative: 'less' })).toMatchObject({ pValue: expect.closeTo(0.05555555555555555, 14) });
  });

  it('U(x, y) + U(y, x) = n_x·n_y, the two-sided p is symmetric and lies in [0, 1]', () => {
    fc.assert(
      fc.property(sample, sample, fc.constantFrom('exact', 'asymptotic', 'auto'), (x, y, method) => {
        const xy = mannWhitneyU(x, y, { method });
        const yx = mannWhitneyU(y, x, { method });
        if (!xy.ok || !yx.ok) return false;
        const finite = Number.isNaN(xy.pValue) || (xy.pValue >= 0 && xy.pValue <= 1);
        return xy.statistic + yx.statistic === x.length * y.length && finite && (Number.isNaN(xy.pValue) || Math.abs(xy.pValue - yx.pValue) < 1e-12);
      }),
      propertyRuns(),
    );
  });
});

describe('twoProportionZ', () => {
  it('is antisymmetric in its arms', () => {
    const arm = fc.integer({ min: 10, max: 5000 }).chain((trials) => fc.record({ trials: fc.constant(trials), successes: fc.integer({ min: 1, max: trials - 1 }) }));
    fc.assert(
      fc.property(arm, arm, (a, b) => {
        const ab = twoProportionZ(a, b);
        const ba = twoProportionZ(b, a);
        return ab.ok && ba.ok && Math.abs(ab.statistic + ba.statistic) < 1e-12 && ab.pValue === ba.pValue && ab.pValue <= 1;
      }),
      propertyRuns(),
    );
  });

  it('has no result when every unit converts', () => {
    expect(twoProportionZ({ successes: 10, trials: 10 }, { successes: 5, trials: 5 })).toMatchObject({ ok: false, reason: 'zero_variance' });
  });
});
