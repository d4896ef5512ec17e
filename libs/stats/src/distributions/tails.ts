/**
 * Upper-tail probabilities computed directly (never as 1 − CDF, which loses every digit below
 * 1e-16), on @stdlib's special functions:
 * χ²_k survival = Q(k/2, x/2) (upper regularised incomplete gamma);
 * Student-t survival = ½ I_{ν/(ν+t²)}(ν/2, ½) for t ≥ 0 (regularised incomplete beta);
 * normal survival = Φ(−z).
 */
import gammainc from '@stdlib/math-base-special-gammainc';
import betainc from '@stdlib/math-base-special-betainc';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';

/** P(X > x) for X ~ χ²(dof). */
export function chiSquareSf(x: number, dof: number): number {
  if (x <= 0) return 1;
  return gammainc(x / 2, dof / 2, true, true);
}

/** P(T > t) for T ~ Student-t(dof). */
export function studentTSf(t: number, dof: number): number {
  const tail = 0.5 * betainc(dof / (dof + t * t), dof / 2, 0.5, true, false);
  return t >= 0 ? tail : 1 - tail;
}

/** P(Z > z) for Z ~ N(0, 1). */
export function normalSf(z: number): number {
  return normalCdf(-z, 0, 1);
}

/** The p-value of a statistic with a symmetric null distribution whose survival function is `sf`. */
export function tailPValue(statistic: number, alternative: 'two-sided' | 'less' | 'greater', sf: (x: number) => number): number {
  if (alternative === 'greater') return sf(statistic);
  if (alternative === 'less') return sf(-statistic);
  return Math.min(1, 2 * sf(Math.abs(statistic)));
}
