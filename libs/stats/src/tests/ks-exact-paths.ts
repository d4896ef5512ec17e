/**
 * Exact null distribution of the two-sample Kolmogorov–Smirnov statistic by counting lattice
 * paths, after Hodges (1958), "The significance probability of the Smirnov two-sample test",
 * Arkiv för Matematik 3(43), 469–486, with Viehmann (2021), arXiv:2102.08037, for the numerically
 * stable two-sided recursion. Faithful port of SciPy 1.17 `scipy/stats/_stats_py.py`
 * (`_compute_prob_outside_square`, `_count_paths_outside_method`) and
 * `scipy/stats/_stats_pythran.py` (`_compute_outer_prob_inside_method`).
 */
import gammaln from '@stdlib/math-base-special-gammaln';

/** Two-sided, n1 = n2 = n: Pr(D >= h/n), by the alternating series in Horner form. */
function probOutsideSquare(n: number, h: number): number {
  let P = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let p1 = 1;
    for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1);
    P = p1 * (1 - P);
  }
  return 2 * P;
}

/** Two-sided, n1 ≠ n2: the share of paths that leave the band |x/m − y/n| < h/lcm (1 − p, directly). */
function probOutsideBand(m0: number, n0: number, g: number, h: number): number {
  const m = Math.max(m0, n0);
  const n = Math.min(m0, n0);
  const mg = Math.floor(m / g);
  const ng = Math.floor(n / g);
  let minj = 0;
  let maxj = Math.min(Math.ceil(h / mg), n + 1);
  let curlen = maxj - minj;
  const lenA = Math.min(2 * maxj + 2, n + 1);
  const A = new Float64Array(lenA).fill(1);
  for (let j = minj; j < maxj; j++) A[j] = 0;
  for (let i = 1; i <= m; i++) {
    const lastminj = minj;
    const lastlen = curlen;
    minj = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxj <= minj) return 1;
    let val = minj === 0 ? 0 : 1;
    for (let jj = 0; jj < maxj - minj; jj++) {
      const j = jj + minj;
      val = (A[jj + minj - lastminj]! * i + val * j) / (i + j);
      A[jj] = val;
    }
    curlen = maxj - minj;
    if (lastlen > curlen) A.fill(1, maxj - minj, Math.min(lenA, maxj - minj + (lastlen - curlen)));
  }
  return A[maxj - minj - 1]!;
}

/** Binomial coefficients as floats (like `scipy.special.binom`) from a table of log-factorials. */
function binomialTable(max: number): (n: number, k: number) => number {
  const logFactorial = Float64Array.from({ length: max + 1 }, (_, k) => gammaln(k + 1));
  return (n, k) => Math.exp(logFactorial[n]! - logFactorial[k]! - logFactorial[n - k]!);
}

/** One-sided, n1 ≠ n2: the number of paths that reach the diagonal boundary (may overflow to ∞). */
function countPathsOutside(m0: number, n0: number, g: number, h: number): number {
  const m = Math.max(m0, n0);
  const n = Math.min(m0, n0);
  const mg = Math.floor(m / g);
  const ng = Math.floor(n / g);
  const binom = binomialTable(m + n);
  const lxj = n + Math.floor((mg - h) / mg);
  if (lxj <= 0) return binom(m + n, n);
  const xj = Array.from({ length: lxj }, (_, j) => Math.floor((h + mg * j + ng - 1) / ng));
  const B = new Float64Array(lxj);
  B[0] = 1;
  for (let j = 1; j < lxj; j++) {
    let Bj = binom(xj[j]! + j, j);
    for (let i = 0; i < j; i++) Bj -= binom(xj[j]! - xj[i]! + j - i, j - i) * B[i]!;
    B[j] = Bj;
  }
  let numPaths = 0;
  for (let j = 0; j < lxj; j++) numPaths += B[j]! * binom(m - xj[j]! + (n - j), n - j);
  return numPaths;
}

/**
 * The exact p-value for the rounded statistic h/lcm(n1, n2), or `undefined` when floating point
 * cannot represent it (SciPy then falls back to the asymptotic distribution; so do we).
 */
export function exactKsPValue(n1: number, n2: number, g: number, h: number, twoSided: boolean): number | undefined {
  let prob: number;
  if (twoSided) {
    prob = n1 === n2 ? probOutsideSquare(n1, h) : probOutsideBand(n1, n2, g, h);
  } else if (n1 === n2) {
    prob = 1;
    for (let j = 0; j < h; j++) prob *= (n1 - j) / (n1 + j + 1);
  } else {
    // Beyond ~1020 values C(n1+n2, n1) overflows a double and SciPy gives up on the exact count.
    const total = Math.exp(gammaln(n1 + n2 + 1) - gammaln(n1 + 1) - gammaln(n2 + 1));
    if (!Number.isFinite(total)) return undefined;
    const numPaths = countPathsOutside(n1, n2, g, h);
    if (!Number.isFinite(numPaths) || numPaths > total) return undefined;
    prob = numPaths / total;
  }
  return Number.isFinite(prob) && prob >= 0 && prob <= 1 ? prob : undefined;
}
