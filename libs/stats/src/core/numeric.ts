/** Clamps a probability to [0, 1], as SciPy's `np.clip(p, 0, 1)` does at the end of its tests. */
export function clipProbability(p: number): number {
  return Math.min(1, Math.max(0, p));
}

/** Round half to even, like `numpy.round`, for the places where SciPy rounds a size. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** x · 2^e without overflowing the intermediate power of two (C's `ldexp`). */
export function ldexp(x: number, e: number): number {
  let v = x;
  let k = e;
  while (k > 1000) {
    v *= 2 ** 1000;
    k -= 1000;
  }
  while (k < -1000) {
    v *= 2 ** -1000;
    k += 1000;
  }
  return v * 2 ** k;
}

/** Greatest common divisor of two non-negative integers. */
export function gcd(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}

/**
 * The values as a sorted Float64Array copy (numeric order; the input is not touched), without
 * NaNs: a missing value is not an observation (pandas and Evidently drop them too).
 */
export function sortedCopy(values: ArrayLike<number>): Float64Array {
  const sorted = Float64Array.from(values).sort();
  // TypedArray sort puts NaNs last.
  let end = sorted.length;
  while (end > 0 && Number.isNaN(sorted[end - 1]!)) end--;
  return end === sorted.length ? sorted : sorted.slice(0, end);
}
