import { type ArmStatistic, type DifferenceType, effectMoments } from './effect-moments';
import { type EffectEstimate, voidEstimate } from './effect-result';

export interface SequentialOptions {
  readonly difference?: DifferenceType;
  readonly alpha?: number;
  /** The total sample size N at which the confidence sequence is tightest (gbstats default 5000). */
  readonly tuning?: number;
}

/**
 * ρ of the normal-mixture confidence sequence tuned to be tightest at N = `tuning`
 * (gbstats `sequential_rho`; Howard et al. 2021, Ann. Statist. 49(2), eq. (14)).
 */
export function sequentialRho(alpha: number, tuning: number): number {
  return Math.sqrt((-2 * Math.log(alpha) + Math.log(-2 * Math.log(alpha) + 1)) / tuning);
}

/**
 * Always-valid sequential test of the delta-method effect (gbstats 0.8.0 `SequentialTwoSidedTTest`,
 * asymptotic confidence sequence of Waudby-Smith et al. 2023, "Time-uniform central limit theory
 * and asymptotic confidence sequences", Ann. Statist., Thm 2.2): with N = n_a + n_b, s² = se²·N,
 * halfwidth = s·sqrt(2(Nρ² + 1)·ln(sqrt(Nρ² + 1)/α)/(Nρ)²); the p-value is 1/e-value capped at 1,
 * e = exp(ρ²·t²/(2(Nρ² + 1)))/sqrt(Nρ² + 1), t² = Δ²N/se². The false-positive rate stays ≤ α
 * however often the deployment is analysed.
 *
 * @example
 * sequentialTTest({ kind: 'proportion', n: 50000, sum: 2500 }, { kind: 'proportion', n: 50000, sum: 2750 }, { tuning: 5000 })
 * // expected 0.1 (relative), ci [0.00126, 0.19874], pValue 0.043374
 */
export function sequentialTTest(a: ArmStatistic, b: ArmStatistic, options: SequentialOptions = {}): EffectEstimate {
  const { difference = 'relative', alpha = 0.05, tuning = 5000 } = options;
  const moments = effectMoments(a, b, difference);
  if (!moments.ok) return voidEstimate(moments.error);
  const { expected, se } = moments;
  const N = a.n + b.n;
  const rho = sequentialRho(alpha, tuning);
  const v = N * rho * rho + 1;
  const s2 = se * se * N;
  const half = Math.sqrt(s2) * Math.sqrt((2 * v * Math.log(Math.sqrt(v) / alpha)) / (N * rho) ** 2);
  const st2 = (expected * expected * N) / (se * se);
  const logE = (rho * rho * st2) / (2 * v) - 0.5 * Math.log(v);
  const pValue = Math.min(1, Math.exp(-logE));
  return { expected, ciLower: expected - half, ciUpper: expected + half, pValue, standardError: se, error: null };
}
