import { describe, expect, it } from 'vitest';
import {
  Adwin,
  Ddm,
  PageHinkley,
  bayesianEffect,
  benjaminiHochberg,
  betaChanceToWin,
  chiSquareContingency,
  dataDrift,
  fixedHorizonTTest,
  holm,
  jensenShannon,
  normalChanceToWin,
  populationStabilityIndex,
  twoProportionZ,
} from './index';

// The @example lines of the public functions, run through the public API. Expected values are
// SciPy's or gbstats' (libs/stats/fixtures), or follow from the definition (identical inputs).
describe('documented examples', () => {
  it('chiSquareContingency with Yates', () => {
    expect(chiSquareContingency([[120, 80], [100, 100]], true)).toMatchObject({ statistic: expect.closeTo(3.646464646464646, 12), dof: 1 });
  });

  it('twoProportionZ', () => {
    expect(twoProportionZ({ successes: 120, trials: 1000 }, { successes: 150, trials: 1000 })).toMatchObject({ pValue: expect.closeTo(0.04964038686536878, 14) });
  });

  it('jensenShannon and populationStabilityIndex', () => {
    expect(jensenShannon([0.25, 0.25, 0.5], [0.2, 0.3, 0.5], 2)).toMatchObject({ distance: expect.closeTo(0.06041174041721483, 14) });
    expect(populationStabilityIndex([0.2, 0.3, 0.5], [0.3, 0.3, 0.4])).toMatchObject({ distance: expect.closeTo(0.06286086594223739, 14) });
  });

  it('benjaminiHochberg and holm', () => {
    const p = [0.01, 0.04, 0.03, 0.005, 0.2];
    expect(benjaminiHochberg(p).map((x) => +x.toFixed(12))).toEqual([0.025, 0.05, 0.05, 0.025, 0.2]);
    expect(holm(p).map((x) => +x.toFixed(12))).toEqual([0.04, 0.09, 0.09, 0.025, 0.2]);
  });

  it('betaChanceToWin and normalChanceToWin', () => {
    expect(betaChanceToWin({ successes: 120, trials: 1000 }, { successes: 150, trials: 1000 })).toMatchObject({ probability: expect.closeTo(0.9750678368111428, 9) });
    expect(normalChanceToWin({ n: 100, mean: 10, sd: 2 }, { n: 100, mean: 10, sd: 2 })).toEqual({ ok: true, probability: 0.5 });
  });

  it('fixedHorizonTTest and bayesianEffect', () => {
    const a = { kind: 'proportion', n: 1000, sum: 100 } as const;
    const b = { kind: 'proportion', n: 1000, sum: 120 } as const;
    expect(fixedHorizonTTest(a, b)).toMatchObject({ expected: expect.closeTo(0.2, 12), pValue: expect.closeTo(0.19235020701505579, 12) });
    expect(bayesianEffect(a, b).chanceToWin).toBeCloseTo(0.9039004818067533, 12);
  });

  it('dataDrift of a sample against itself', () => {
    expect(dataDrift([1, 2, 3, 4, 5, 6, 7], [1, 2, 3, 4, 5, 6, 7], 'num')).toMatchObject({ method: 'ks', score: 1, driftDetected: false });
  });

  it('detectors start quiet', () => {
    expect([new Ddm().update(1), new Adwin().update(0.3), new PageHinkley({ mode: 'up' }).update(0.5)]).toEqual(
      Array.from({ length: 3 }, () => ({ warning: false, drift: false })),
    );
  });
});
