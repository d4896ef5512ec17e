import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import { notOk, type NotOk } from '../core/reasons';

const z = (p: number): number => normalQuantile(p, 0, 1);

/**
 * Units per arm for a two-sided pooled z-test of conversion rates to detect a relative lift with
 * the given power: n = (z_{1−α/2}·sqrt(2p̄q̄) + z_{1−β}·sqrt(p₁q₁ + p₂q₂))² / (p₂ − p₁)²
 * (Fleiss, Levin & Paik 2003, Statistical Methods for Rates and Proportions, eq. 4.14, without
 * the continuity correction), rounded up.
 *
 * @example
 * requiredSampleSize(0.1, 0.05) // 57763 units per arm at α 0.05, power 0.8
 */
export function requiredSampleSize(baselineRate: number, relativeLift: number, alpha = 0.05, power = 0.8): number {
  const p1 = baselineRate;
  const p2 = baselineRate * (1 + relativeLift);
  const pBar = (p1 + p2) / 2;
  const numerator = z(1 - alpha / 2) * Math.sqrt(2 * pBar * (1 - pBar)) + z(power) * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
  return Math.ceil(numerator ** 2 / (p2 - p1) ** 2);
}

/**
 * Power of the two-sided pooled z-test with `perArm` units per arm against a true relative lift:
 * Φ((|p₂ − p₁| − z_{1−α/2}·sqrt(2p̄q̄/n)) / sqrt((p₁q₁ + p₂q₂)/n)) (the inverse of `requiredSampleSize`).
 *
 * @example
 * detectablePower(57763, 0.1, 0.05) // ≈ 0.8
 */
export function detectablePower(perArm: number, baselineRate: number, relativeLift: number, alpha = 0.05): number {
  const p1 = baselineRate;
  const p2 = baselineRate * (1 + relativeLift);
  const pBar = (p1 + p2) / 2;
  const null_ = z(1 - alpha / 2) * Math.sqrt((2 * pBar * (1 - pBar)) / perArm);
  return normalCdf((Math.abs(p2 - p1) - null_) / Math.sqrt((p1 * (1 - p1) + p2 * (1 - p2)) / perArm), 0, 1);
}

export type SampleGuard = { readonly ok: true } | (NotOk & { readonly moreUnitsNeeded: number });

/**
 * Minimum-sample guard: an analysis of arms smaller than `required` units is inconclusive; the
 * result says how many more units the smallest arm needs.
 *
 * @example
 * minimumSampleGuard([1200, 1100], 2000) // not ok, moreUnitsNeeded 900
 */
export function minimumSampleGuard(armSizes: readonly number[], required: number): SampleGuard {
  const smallest = Math.min(...armSizes);
  if (smallest >= required) return { ok: true };
  const more = required - smallest;
  return { ...notOk('below_minimum_sample', `Inconclusive: the smallest arm has ${smallest} units; need about ${more} more (${required} per arm).`), moreUnitsNeeded: more };
}
