import { describe, expect, it } from 'vitest';
import { bucketOf } from '../hash/bucket';
import { chiSquareCritical, chiSquareStatistic, independenceChiSquare } from '../testing/chi-square';
import { liveDeployment, unitIds } from '../testing/deployment.factory';
import { assign } from './assign';
import { compileDeployment } from './compiled-deployment';

const units = unitIds(100_000);
const z999 = 3.0902;

describe('canary growth', () => {
  it('is monotone: a unit in the canary at 5 % stays in it at 10 %, 25 %, 50 %', () => {
    const cohortAt = (percent: number): Set<string> => {
      const d = compileDeployment(liveDeployment({ candidateBuckets: percent * 100 }));
      return new Set(units.filter((unitId) => assign(d, { unitId }).variant === 'candidate'));
    };
    const steps = [5, 10, 25, 50].map(cohortAt);
    for (let i = 1; i < steps.length; i++) {
      for (const unit of steps[i - 1]!) expect(steps[i]!.has(unit)).toBe(true);
      expect(steps[i]!.size).toBeGreaterThan(steps[i - 1]!.size);
    }
  });

  it.each([5, 10, 25, 50])('puts %d %% of 10^5 units in the canary, within 4 standard errors', (percent) => {
    const d = compileDeployment(liveDeployment({ candidateBuckets: percent * 100 }));
    const p = percent / 100;
    const observed = units.filter((unitId) => assign(d, { unitId }).reason === 'canary_in').length / units.length;
    expect(Math.abs(observed - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / units.length));
  });
});

describe('A/B/n split', () => {
  it('splits 10^5 units 50/30/20 within the expected error (χ² goodness of fit)', () => {
    const arms = [
      { name: 'control', version: 'v1', weight: 5 },
      { name: 'koala', version: 'v2', weight: 3 },
      { name: 'koala-xl', version: 'v3', weight: 2 },
    ];
    const d = compileDeployment(liveDeployment({ strategy: 'ab_test', arms }));
    const counts = [0, 0, 0];
    for (const unitId of units) counts[arms.findIndex((a) => a.name === assign(d, { unitId }).variant)]!++;
    const expected = [0.5, 0.3, 0.2].map((p) => p * units.length);
    // χ² with 2 degrees of freedom is exponential with mean 2: its 0.999 quantile is -2 ln 0.001 = 13.82.
    expect(chiSquareStatistic(counts, expected)).toBeLessThan(-2 * Math.log(0.001));
  });
});

describe('independence', () => {
  /** 10×10 table of bucket deciles under two salts. */
  const decileTable = (saltA: string, saltB: string): number[][] => {
    const table = Array.from({ length: 10 }, () => new Array<number>(10).fill(0));
    for (const unit of units) table[Math.floor(bucketOf(saltA, unit) / 1000)]![Math.floor(bucketOf(saltB, unit) / 1000)]!++;
    return table;
  };

  it('two deployments split the same units independently (χ² of independence, p = 0.001)', () => {
    const { chi2, df } = independenceChiSquare(decileTable('animal-classifier-v2', 'fraud-scorer-v7'));
    expect(chi2).toBeLessThan(chiSquareCritical(df, z999));
  });

  it('A/B buckets are independent of the same deployment canary buckets', () => {
    const { chi2, df } = independenceChiSquare(decileTable('animal-classifier-v2', 'animal-classifier-v2/ab'));
    expect(chi2).toBeLessThan(chiSquareCritical(df, z999));
  });

  it('the test detects dependence: a salt against itself fails it', () => {
    const { chi2, df } = independenceChiSquare(decileTable('animal-classifier-v2', 'animal-classifier-v2'));
    expect(chi2).toBeGreaterThan(chiSquareCritical(df, z999));
  });
});
