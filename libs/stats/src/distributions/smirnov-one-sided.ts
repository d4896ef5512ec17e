/**
 * Survival function of the one-sided one-sample Kolmogorov–Smirnov statistic D_n^+ (SciPy's
 * `scipy.special.smirnov(n, x)`), by the exact Birnbaum–Tingey (1951) formula
 *
 *   P(D_n^+ >= x) = x · Σ_{j=0}^{⌊n(1−x)⌋} C(n, j) (1 − x − j/n)^{n−j} (x + j/n)^{j−1}.
 *
 * Every term is positive, so the sum is formed in log space (log-sum-exp) without cancellation:
 * relative accuracy stays near 1e-12 for any n, including SciPy's large-n two-sample asymptotic use.
 * Birnbaum, Z. W. & Tingey, F. H. (1951), Ann. Math. Statist. 22(4), 592–596.
 */
import binomcoefln from '@stdlib/math-base-special-binomcoefln';

export function smirnovSf(n: number, x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x <= 0) return 1;
  if (x >= 1) return 0;
  const last = Math.floor(n * (1 - x));
  const logs = new Float64Array(last + 1);
  let max = -Infinity;
  let count = 0;
  let logBinom = 0;
  for (let j = 0; j <= last; j++) {
    // log C(n, j) by the ratio recurrence, re-anchored exactly every 512 terms to bound rounding drift.
    logBinom = j % 512 === 0 ? binomcoefln(n, j) : logBinom + Math.log((n - j + 1) / j);
    const lower = (n - j - n * x) / n;
    const upper = x + j / n;
    if (lower <= 0 && n - j > 0) continue;
    const term = logBinom + (n - j) * Math.log(lower) + (j - 1) * Math.log(upper);
    logs[count++] = term;
    if (term > max) max = term;
  }
  if (count === 0) return 0;
  let s = 0;
  for (let i = 0; i < count; i++) s += Math.exp(logs[i]! - max);
  return Math.min(1, x * Math.exp(max) * s);
}
