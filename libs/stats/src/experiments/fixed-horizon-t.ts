import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { studentTSf } from '../distributions/tails';
import { type ArmStatistic, type DifferenceType, armVariance, effectMoments, welchDof } from './effect-moments';
import { type EffectEstimate, voidEstimate } from './effect-result';

export interface FixedHorizonOptions {
  readonly difference?: DifferenceType;
  readonly alpha?: number;
}

/**
 * Fixed-horizon two-sided t-test on the delta-method effect of b over a, as gbstats 0.8.0
 * `TwoSidedTTest` (growthbook/growthbook packages/stats/gbstats/frequentist/tests.py): Welch dof on
 * the arm variances, p = 2·P(T_dof > |Δ/se|), ci = Δ ∓ t_{1−α/2, dof}·se. Valid for one look at a
 * pre-planned sample size; for repeated looks use `sequentialTTest`.
 *
 * @example
 * fixedHorizonTTest({ kind: 'proportion', n: 1000, sum: 100 }, { kind: 'proportion', n: 1000, sum: 120 })
 * // expected 0.2 (relative), pValue 0.19235, dof 1985.37
 */
export function fixedHorizonTTest(a: ArmStatistic, b: ArmStatistic, options: FixedHorizonOptions = {}): EffectEstimate & { readonly dof: number } {
  const { difference = 'relative', alpha = 0.05 } = options;
  const dof = welchDof(a, b, armVariance(a), armVariance(b));
  const moments = effectMoments(a, b, difference);
  if (!moments.ok) return { ...voidEstimate(moments.error), dof };
  const { expected, se } = moments;
  const half = tQuantile(1 - alpha / 2, dof) * se;
  const pValue = Math.min(1, 2 * studentTSf(Math.abs(expected / se), dof));
  return { expected, ciLower: expected - half, ciUpper: expected + half, pValue, standardError: se, error: null, dof };
}
