import { notOk } from '../core/reasons';
import { clipProbability } from '../core/numeric';
import type { Alternative, TestResult } from '../core/result';
import { normalSf } from '../distributions/tails';

/** How the p-value is computed. */
export type MannWhitneyMethod =
  /** The permutation distribution of U (no tie correction). */
  | 'exact'
  /** Normal approximation with tie correction (and optional continuity correction). */
  | 'asymptotic'
  /** SciPy's rule: exact when a sample has at most 8 values and nothing is tied. */
  | 'auto';

export interface MannWhitneyOptions {
  readonly alternative?: Alternative;
  readonly method?: MannWhitneyMethod;
  readonly useContinuity?: boolean;
}

/** Sum of x's average ranks in the pooled sample, and Σ(t³ − t) over tie groups. */
function rankSumAndTies(x: readonly number[], y: readonly number[]): { r1: number; tieTerm: number } {
  const pooled = [...x.map((v) => ({ v, first: true })), ...y.map((v) => ({ v, first: false }))];
  pooled.sort((p, q) => p.v - q.v);
  let r1 = 0;
  let tieTerm = 0;
  for (let i = 0; i < pooled.length; ) {
    let j = i;
    while (j < pooled.length && pooled[j]!.v === pooled[i]!.v) j++;
    const t = j - i;
    const avgRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) if (pooled[k]!.first) r1 += avgRank;
    tieTerm += t * t * t - t;
    i = j;
  }
  return { r1, tieTerm };
}

/**
 * P(U >= u) under H0 for sample sizes (n1, n2), from the frequencies of U built by Löffler's (1983)
 * recursion f(u) = (1/u) Σ_{i<u} f(i) σ(u − i), the algorithm SciPy 1.17 `_MWU` uses; the mass at u
 * is included, and the smaller tail is summed (the distribution is symmetric about n1·n2/2).
 */
function exactUpperTail(u: number, n1: number, n2: number): number {
  const total = n1 * n2;
  const k = Math.min(u, total - u);
  const sigma = new Float64Array(k + 1);
  for (let d = 1; d <= Math.min(n1, n2); d++) for (let m = d; m <= k; m += d) sigma[m]! += d;
  for (let d = Math.max(n1, n2) + 1; d <= n1 + n2; d++) for (let m = d; m <= k; m += d) sigma[m]! -= d;
  const freq = new Float64Array(k + 1);
  freq[0] = 1;
  for (let v = 1; v <= k; v++) {
    let s = 0;
    for (let i = 0; i < v; i++) s += freq[i]! * sigma[v - i]!;
    freq[v] = s / v;
  }
  let logTotal = 0;
  for (let i = 1; i <= Math.min(n1, n2); i++) logTotal += Math.log((Math.max(n1, n2) + i) / i);
  const configurations = Math.exp(logTotal);
  let cdf = 0;
  for (let v = 0; v <= k; v++) cdf += freq[v]! / configurations;
  // sf(u) = P(U >= u): if u is in the upper half, P(U >= u) = P(U <= total − u) by symmetry.
  return u < total - u ? 1 - cdf + freq[k]! / configurations : cdf;
}

/**
 * Mann–Whitney U test (Mann & Whitney 1947), as SciPy 1.17 `mannwhitneyu`: `statistic` is U of x
 * (R₁ − n₁(n₁+1)/2); the p-value is exact (Löffler 1983) or normal with tie correction
 * σ² = n₁n₂/12 · ((n+1) − Σ(t³−t)/(n(n−1))) and an optional ½ continuity correction; `auto`
 * is exact when a sample has ≤ 8 values and there are no ties. `effect` is the common-language
 * effect size U/(n₁n₂) = P(X > Y) + ½P(X = Y).
 *
 * @example
 * mannWhitneyU([19, 22, 16, 29, 24], [20, 11, 17, 12], { method: 'exact' }) // U 17, pValue 0.1111…
 */
export function mannWhitneyU(x: readonly number[], y: readonly number[], options: MannWhitneyOptions = {}): TestResult {
  const { alternative = 'two-sided', useContinuity = true } = options;
  const n1 = x.length;
  const n2 = y.length;
  if (n1 === 0 || n2 === 0) return notOk('empty_sample', 'Both samples need at least one value; wait for data.');
  const { r1, tieTerm } = rankSumAndTies(x, y);
  const u1 = r1 - (n1 * (n1 + 1)) / 2;
  const u2 = n1 * n2 - u1;
  const [u, factor] = alternative === 'greater' ? [u1, 1] : alternative === 'less' ? [u2, 1] : [Math.max(u1, u2), 2];
  let method = options.method ?? 'auto';
  if (method === 'auto') method = (n1 > 8 && n2 > 8) || tieTerm > 0 ? 'asymptotic' : 'exact';
  let p: number;
  if (method === 'exact') {
    // SciPy casts U to int64 (truncation) for the exact distribution, which ignores ties.
    p = exactUpperTail(Math.trunc(u), n1, n2);
  } else {
    const n = n1 + n2;
    const s = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
    const z = (u - (n1 * n2) / 2 - (useContinuity ? 0.5 : 0)) / s;
    p = normalSf(z);
  }
  return { ok: true, statistic: u1, pValue: clipProbability(p * factor), effect: u1 / (n1 * n2) };
}
