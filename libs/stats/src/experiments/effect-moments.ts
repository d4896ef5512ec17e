/**
 * Per-arm sufficient statistics and the delta-method effect estimate GrowthBook's gbstats uses
 * (growthbook/growthbook packages/stats, gbstats 0.8.0: `models/statistics.py`
 * ProportionStatistic / SampleMeanStatistic, `models/tests.py` EffectMoments).
 */

/** A 0/1 metric: units and conversions. Variance is the Bernoulli p(1 − p) (ddof 0). */
export interface ProportionStatistic {
  readonly kind: 'proportion';
  readonly n: number;
  readonly sum: number;
}

/** A real-valued metric: units, Σx and Σx². Variance is the sample variance (ddof 1; 0 when n <= 1). */
export interface SampleMeanStatistic {
  readonly kind: 'mean';
  readonly n: number;
  readonly sum: number;
  readonly sumSquares: number;
}

export type ArmStatistic = ProportionStatistic | SampleMeanStatistic;

/** Which difference is estimated. */
export type DifferenceType =
  /** b − a, in the metric's units. */
  | 'absolute'
  /** (b − a)/|a|, the lift. */
  | 'relative';

function armMean(arm: ArmStatistic): number {
  return arm.n > 0 ? arm.sum / arm.n : 0;
}

export function armVariance(arm: ArmStatistic): number {
  const m = armMean(arm);
  if (arm.kind === 'proportion') return m * (1 - m);
  if (arm.n <= 1) return 0;
  return (arm.sumSquares - (arm.sum * arm.sum) / arm.n) / (arm.n - 1);
}

/**
 * gbstats' error messages, verbatim (gbstats/messages.py `BASELINE_VARIATION_ZERO_MESSAGE`,
 * `ZERO_NEGATIVE_VARIANCE_MESSAGE`), for its "default output" cases.
 */
export type GbstatsError =
  /** The control's mean is 0 (only reachable on an absolute difference: a relative one fails on its variance first). */
  | 'ZERO_NEGATIVE_BASELINE_VARIATION'
  /** An arm's variance, or the effect's delta-method variance, is not positive. */
  | 'ZERO_NEGATIVE_VARIANCE';

/** The point estimate of the effect and its standard error, or the gbstats error that voids it. */
export type EffectMoments =
  | { readonly ok: true; readonly expected: number; readonly se: number; readonly meanA: number; readonly varA: number; readonly varB: number }
  | { readonly ok: false; readonly error: GbstatsError };

/**
 * Effect of b (treatment) over a (control) by the delta method: relative
 * Δ = (m_b − m_a)/|m_a|, se² = v_b/(n_b m_a²) + v_a m_b²/(n_a m_a⁴); absolute Δ = m_b − m_a,
 * se² = v_b/n_b + v_a/n_a. Void when a variance (or se²) is not positive, then when m_a = 0, in
 * gbstats' order (models/tests.py `EffectMoments.compute_result`); its relative se² is 0 when
 * m_a = 0 (utils.py `variance_of_ratios`), so a zero baseline voids a relative effect on variance.
 */
export function effectMoments(a: ArmStatistic, b: ArmStatistic, difference: DifferenceType): EffectMoments {
  const meanA = armMean(a);
  const meanB = armMean(b);
  const varA = armVariance(a);
  const varB = armVariance(b);
  if (varA <= 0 || varB <= 0) return { ok: false, error: 'ZERO_NEGATIVE_VARIANCE' };
  const relative = difference === 'relative';
  let se2 = varB / b.n + varA / a.n;
  if (relative) se2 = meanA === 0 ? 0 : varB / (b.n * meanA * meanA) + (varA * meanB * meanB) / (a.n * meanA ** 4);
  if (!(se2 > 0)) return { ok: false, error: 'ZERO_NEGATIVE_VARIANCE' };
  if (meanA === 0) return { ok: false, error: 'ZERO_NEGATIVE_BASELINE_VARIATION' };
  const expected = relative ? (meanB - meanA) / Math.abs(meanA) : meanB - meanA;
  return { ok: true, expected, se: Math.sqrt(se2), meanA, varA, varB };
}

/** Welch–Satterthwaite degrees of freedom on the arm variances (not on the effect), as gbstats. */
export function welchDof(a: ArmStatistic, b: ArmStatistic, varA: number, varB: number): number {
  const ua = varA / a.n;
  const ub = varB / b.n;
  return (ub + ua) ** 2 / ((varB * varB) / (b.n * b.n * (b.n - 1)) + (varA * varA) / (a.n * a.n * (a.n - 1)));
}
