import { notOk } from '../core/reasons';
import { sortedCopy } from '../core/numeric';
import type { DistanceResult } from '../core/result';

/**
 * First Wasserstein (earth mover's) distance between two empirical distributions,
 * W₁ = ∫ |F_u(t) − F_v(t)| dt (SciPy `wasserstein_distance(u, v)`, `_cdf_distance(p=1)`), in the
 * units of the data. Computed by one merge walk over the two sorted samples.
 *
 * @example
 * wasserstein([0, 1, 3], [5, 6, 8]) // { ok: true, distance: 5 }
 */
export function wasserstein(u: ArrayLike<number>, v: ArrayLike<number>): DistanceResult {
  const nu = u.length;
  const nv = v.length;
  if (nu === 0 || nv === 0) return notOk('empty_sample', 'Both samples need at least one value; wait for data in both windows.');
  const x = sortedCopy(u);
  const y = sortedCopy(v);
  let i = 0;
  let j = 0;
  let distance = 0;
  let previous = Math.min(x[0]!, y[0]!);
  while (i < nu || j < nv) {
    const value = j >= nv || (i < nu && x[i]! <= y[j]!) ? x[i]! : y[j]!;
    // The ECDFs are constant on [previous, value): weigh their gap by the width.
    distance += Math.abs(i / nu - j / nv) * (value - previous);
    while (i < nu && x[i] === value) i++;
    while (j < nv && y[j] === value) j++;
    previous = value;
  }
  return { ok: true, distance };
}
