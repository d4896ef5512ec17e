import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { benjaminiHochberg } from './benjamini-hochberg';
import { holm } from './holm';
import { propertyRuns } from '../testing/property-runs';

const pValues = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 20 });

describe('benjaminiHochberg and holm', () => {
  it('match SciPy false_discovery_control and R p.adjust("holm")', () => {
    const p = [0.02, 0.001, 0.04, 0.5, 0.03];
    expect(benjaminiHochberg(p).map((x) => +x.toFixed(12))).toEqual([0.05, 0.005, 0.05, 0.5, 0.05]);
    // p.adjust(c(0.02, 0.001, 0.04, 0.5, 0.03), "holm") = 0.08 0.005 0.09 0.5 0.09
    expect(holm(p).map((x) => +x.toFixed(12))).toEqual([0.08, 0.005, 0.09, 0.5, 0.09]);
  });

  it('never lower a p-value, stay in [0, 1], keep the order, and Holm is at least BH', () => {
    fc.assert(
      fc.property(pValues, (p) => {
        const bh = benjaminiHochberg(p);
        const hm = holm(p);
        return p.every((x, i) => {
          const ordered = p.every((y, j) => !(x < y) || (bh[i]! <= bh[j]! && hm[i]! <= hm[j]!));
          return bh[i]! >= x && hm[i]! >= bh[i]! - 1e-15 && bh[i]! <= 1 && hm[i]! <= 1 && ordered;
        });
      }),
      propertyRuns(),
    );
  });
});
