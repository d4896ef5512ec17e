import { notOk } from '../core/reasons';
import { forEachDistinct } from '../core/merge-walk';
import { sortedCopy } from '../core/numeric';
import type { DistanceResult } from '../core/result';

/**
 * First Wasserstein (earth mover's) distance between two empirical distributions,
 * W₁ = ∫ |F_u(t) − F_v(t)| dt (SciPy `wasserstein_distance(u, v)`, `_cdf_distance(p=1)`), in the
 * units of the data. Computed by one merge walk over the two sorted samples; NaNs are ignored.
 *
 * @example
 * wasserstein([0, 1, 3], [5, 6, 8]) // { ok: true, distance: 5 }
 */
export function wasserstein(u: ArrayLike<number>, v: ArrayLike<number>): DistanceResult {
  const x = sortedCopy(u);
  const y = sortedCopy(v);
  const nu = x.length;
  const nv = y.length;
  if (nu === 0 || nv === 0) return notOk('empty_sample', 'Both samples need at least one (non-NaN) value; wait for data in both windows.');
  let distance = 0;
  let previous = 0;
  let gap = 0;
  forEachDistinct(x, y, (value, i, j) => {
    // The ECDFs are constant on [previous, value): weigh their gap there by the width.
    distance += gap * (value - previous);
    gap = Math.abs(i / nu - j / nv);
    previous = value;
  });
  return { ok: true, distance };
}
