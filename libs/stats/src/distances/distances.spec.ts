import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jensenShannon } from './jensen-shannon';
import { populationStabilityIndex } from './population-stability-index';
import { wasserstein } from './wasserstein';
import { propertyRuns } from '../testing/property-runs';

const sample = fc.array(fc.integer({ min: -50, max: 50 }).map((v) => v / 8), { minLength: 1, maxLength: 40 });
const weights = fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 4, maxLength: 4 });

describe('wasserstein', () => {
  it('matches SciPy wasserstein_distance, with and without ties', () => {
    expect(wasserstein([0, 1, 3], [5, 6, 8])).toEqual({ ok: true, distance: 5 });
    expect(wasserstein([1, 1, 2], [1, 2, 2, 2])).toMatchObject({ distance: expect.closeTo(0.41666666666666663, 14) });
  });

  it('is symmetric, non-negative and shifts with the data', () => {
    fc.assert(
      fc.property(sample, sample, fc.integer({ min: 1, max: 9 }), (u, v, shift) => {
        const uv = wasserstein(u, v);
        const vu = wasserstein(v, u);
        const moved = wasserstein(u, u.map((x) => x + shift));
        return uv.ok && vu.ok && moved.ok && Math.abs(uv.distance - vu.distance) < 1e-9 && uv.distance >= 0 && Math.abs(moved.distance - shift) < 1e-9;
      }),
      propertyRuns(),
    );
  });
});

describe('jensenShannon', () => {
  it('is sqrt(ln 2) for disjoint distributions, 1 in base 2 (SciPy)', () => {
    expect(jensenShannon([1, 0, 0], [0, 1, 0])).toMatchObject({ distance: expect.closeTo(0.8325546111576977, 14) });
    expect(jensenShannon([1, 0, 0], [0, 1, 0], 2)).toMatchObject({ distance: expect.closeTo(1, 14) });
  });

  it('is symmetric, zero on identical inputs and bounded by 1 in base 2', () => {
    fc.assert(
      fc.property(weights, weights, (p, q) => {
        const pq = jensenShannon(p, q, 2);
        const qp = jensenShannon(q, p, 2);
        const pp = jensenShannon(p, p, 2);
        return pq.ok && qp.ok && pp.ok && Math.abs(pq.distance - qp.distance) < 1e-12 && pp.distance < 1e-7 && pq.distance <= 1;
      }),
      propertyRuns(),
    );
  });
});

describe('populationStabilityIndex', () => {
  it('is symmetric in reference and current, zero when equal', () => {
    fc.assert(
      fc.property(weights, weights, (e, a) => {
        const share = (w: number[]): number[] => w.map((x) => x / w.reduce((s, y) => s + y, 0));
        const ea = populationStabilityIndex(share(e), share(a));
        const ae = populationStabilityIndex(share(a), share(e));
        return ea.ok && ae.ok && Math.abs(ea.distance - ae.distance) < 1e-12 && ea.distance >= 0;
      }),
      propertyRuns(),
    );
  });

  it('refuses an empty bin', () => {
    expect(populationStabilityIndex([0.5, 0.5], [1, 0])).toMatchObject({ ok: false, reason: 'zero_expected_frequency' });
  });
});
