import { mean, sampleVariance } from 'simple-statistics';
import { notOk } from '../core/reasons';
import type { Alternative, TestResult } from '../core/result';
import { studentTSf, tailPValue } from '../distributions/tails';

/** Per-arm summary as stored on rollups: count, mean and sample standard deviation (ddof = 1). */
export interface ArmSummary {
  readonly n: number;
  readonly mean: number;
  readonly sd: number;
}

/** Extra field of Welch results: the Welch–Satterthwaite degrees of freedom. */
export type WelchResult = TestResult<{ readonly df: number }>;

/**
 * Welch's unequal-variance t-test from summary statistics (SciPy `ttest_ind_from_stats(…,
 * equal_var=False)`): t = (m₁ − m₂)/sqrt(s₁²/n₁ + s₂²/n₂) with Welch–Satterthwaite df
 * (Welch 1947, Biometrika 34, eq. 9). `effect` is m₁ − m₂. Assumes independent arms and means
 * that are approximately normal (CLT).
 *
 * @example
 * welchTFromSummary({ n: 100, mean: 10, sd: 2 }, { n: 120, mean: 10.5, sd: 2.5 }) // t −1.6477, p 0.10086
 */
export function welchTFromSummary(a: ArmSummary, b: ArmSummary, alternative: Alternative = 'two-sided'): WelchResult {
  if (a.n < 2 || b.n < 2) return notOk('too_few_observations', 'Each arm needs at least 2 units for a variance; keep collecting.');
  const va = (a.sd * a.sd) / a.n;
  const vb = (b.sd * b.sd) / b.n;
  const se2 = va + vb;
  if (!(se2 > 0)) return notOk('zero_variance', 'Both arms have zero variance; the metric does not vary, check its definition.');
  const df = (se2 * se2) / ((va * va) / (a.n - 1) + (vb * vb) / (b.n - 1));
  // Variances so small that their squares underflow leave no usable degrees of freedom.
  if (!(df > 0)) return notOk('zero_variance', 'The variances are too close to zero for a t-test; check the metric values.');
  const statistic = (a.mean - b.mean) / Math.sqrt(se2);
  return { ok: true, statistic, pValue: tailPValue(statistic, alternative, (t) => studentTSf(t, df)), effect: a.mean - b.mean, df };
}

/**
 * Welch's t-test on raw samples (SciPy `ttest_ind(a, b, equal_var=False)`): the summary form above
 * applied to each sample's mean and sample standard deviation.
 *
 * @example
 * welchT([1, 2, 3, 4], [2, 4, 6, 8]) // statistic −1.7321, pValue 0.15158, df 4.4118
 */
export function welchT(a: readonly number[], b: readonly number[], alternative: Alternative = 'two-sided'): WelchResult {
  if (a.length < 2 || b.length < 2) return notOk('too_few_observations', 'Each sample needs at least 2 values; keep collecting.');
  const summary = (x: readonly number[]): ArmSummary => ({ n: x.length, mean: mean([...x]), sd: Math.sqrt(sampleVariance([...x])) });
  return welchTFromSummary(summary(a), summary(b), alternative);
}
