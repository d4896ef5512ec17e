import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chiSquareContingency, chiSquareGoodnessOfFit } from './chi-square';
import { sampleRatioMismatch } from './sample-ratio-mismatch';
import { propertyRuns } from '../testing/property-runs';

describe('chiSquareContingency', () => {
  it('matches SciPy chi2_contingency on a 2×3 table', () => {
    const r = chiSquareContingency([[10, 20, 30], [25, 15, 5]]);
    expect(r.ok && [r.statistic, r.dof]).toEqual([expect.closeTo(23.333333333333336, 10), 2]);
    expect(r.ok && r.pValue).toBeCloseTo(8.57493910267228e-6, 15);
  });

  it('is invariant to transposing the table, p in [0, 1]', () => {
    const table = fc.array(fc.array(fc.integer({ min: 1, max: 500 }), { minLength: 3, maxLength: 3 }), { minLength: 2, maxLength: 4 });
    fc.assert(
      fc.property(table, fc.boolean(), (t, correction) => {
        const transposed = t[0]!.map((_, j) => t.map((row) => row[j]!));
        const r1 = chiSquareContingency(t, correction);
        const r2 = chiSquareContingency(transposed, correction);
        return r1.ok && r2.ok && Math.abs(r1.statistic - r2.statistic) < 1e-9 * (1 + r1.statistic) && r1.pValue >= 0 && r1.pValue <= 1;
      }),
      propertyRuns(),
    );
  });

  it('refuses a table with an empty row', () => {
    expect(chiSquareContingency([[0, 0], [3, 4]])).toMatchObject({ ok: false, reason: 'zero_expected_frequency' });
  });
});

describe('chiSquareGoodnessOfFit and sampleRatioMismatch', () => {
  it('matches SciPy chisquare([30, 70], [50, 50])', () => {
    const r = chiSquareGoodnessOfFit([30, 70], [0.5, 0.5]);
    expect(r.ok && r.statistic).toBeCloseTo(16, 12);
    expect(r.ok && r.pValue).toBeCloseTo(6.334248366623988e-5, 15);
  });

  it('flags a 51/49 split of 100 000 units as a mismatch but not a 50.1/49.9 split', () => {
    expect(sampleRatioMismatch([51000, 49000], [1, 1])).toMatchObject({ ok: true, mismatch: true });
    expect(sampleRatioMismatch([50100, 49900], [1, 1])).toMatchObject({ ok: true, mismatch: false });
  });
});
