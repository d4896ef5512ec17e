import { describe, expect, it } from 'vitest';
import type { ProportionStatistic } from './effect-moments';
import { compareVariants } from './compare-variants';
import { fixedHorizonTTest } from './fixed-horizon-t';
import { detectablePower, minimumSampleGuard, requiredSampleSize } from './sample-size';
import { sequentialTTest } from './sequential-t';
import { bayesianEffect } from './effect-bayesian';

const arm = (n: number, sum: number): ProportionStatistic => ({ kind: 'proportion', n, sum });
// gbstats 0.8.0 on these arms (libs/stats/fixtures/sequential-reference.json, case 002): CS [0.00126, 0.19874].
const baseline = arm(50000, 2500);
const candidate = arm(50000, 2750);

describe('requiredSampleSize and detectablePower', () => {
  // Fleiss eq. 4.14 evaluated with SciPy's norm.ppf: 57762.65 and 12339.98 before rounding up.
  it('match the closed form computed independently', () => {
    expect(requiredSampleSize(0.1, 0.05)).toBe(57763);
    expect(requiredSampleSize(0.2, 0.1, 0.01, 0.9)).toBe(12340);
  });

  it('are inverse to each other', () => {
    expect(detectablePower(requiredSampleSize(0.2, 0.1, 0.01, 0.9), 0.2, 0.1, 0.01)).toBeGreaterThanOrEqual(0.9);
    expect(detectablePower(requiredSampleSize(0.2, 0.1, 0.01, 0.9) - 200, 0.2, 0.1, 0.01)).toBeLessThan(0.9);
  });
});

describe('minimumSampleGuard', () => {
  it('says how many more units the smallest arm needs', () => {
    expect(minimumSampleGuard([1200, 1100], 2000)).toMatchObject({ ok: false, reason: 'below_minimum_sample', moreUnitsNeeded: 900 });
    expect(minimumSampleGuard([2000, 2400], 2000)).toEqual({ ok: true });
  });
});

describe('compareVariants', () => {
  it('declares superiority when the confidence sequence excludes 0', () => {
    expect(compareVariants(baseline, candidate, { kind: 'superiority', sequential: true }).verdict).toBe('pass');
  });

  it('holds a canary whose error rate may be worse by more than the margin', () => {
    expect(compareVariants(baseline, candidate, { kind: 'non_inferiority', margin: 0.02, higherIsBetter: false, sequential: true }).verdict).toBe('inconclusive');
  });

  it('fails a canary whose error rate is certainly worse by more than the margin, passes one within it', () => {
    expect(compareVariants(baseline, arm(50000, 3500), { kind: 'non_inferiority', margin: 0.02, higherIsBetter: false }).verdict).toBe('fail');
    expect(compareVariants(baseline, arm(50000, 2400), { kind: 'non_inferiority', margin: 0.02, higherIsBetter: false }).verdict).toBe('pass');
  });

  it('is invalid, not a zero effect, when the baseline never converts', () => {
    const r = compareVariants(arm(1000, 0), arm(1000, 10), { kind: 'superiority' });
    expect(r.verdict).toBe('invalid');
    // gbstats checks variances before the baseline mean (models/tests.py EffectMoments.compute_result, l. 188-191).
    expect(r.estimate.error).toBe('ZERO_NEGATIVE_VARIANCE');
  });
});

describe('gbstats estimates', () => {
  it('widen from the fixed-horizon interval to the confidence sequence', () => {
    const fixed = fixedHorizonTTest(baseline, candidate);
    const sequential = sequentialTTest(baseline, candidate);
    expect(sequential.ciLower).toBeLessThan(fixed.ciLower);
    expect(sequential.ciUpper).toBeGreaterThan(fixed.ciUpper);
    expect(sequential.ciLower).toBeCloseTo(0.001260586913784431, 9);
  });

  it('mirror the chance to win and the risks for an inverse metric', () => {
    const up = bayesianEffect(baseline, candidate);
    const down = bayesianEffect(baseline, candidate, { inverse: true });
    expect(down.chanceToWin).toBeCloseTo(1 - up.chanceToWin, 12);
    expect([down.riskControl, down.riskTreatment]).toEqual([up.riskTreatment, up.riskControl]);
  });
});
