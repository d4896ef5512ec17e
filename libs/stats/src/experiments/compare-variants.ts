import type { ArmStatistic, DifferenceType } from './effect-moments';
import type { EffectEstimate } from './effect-result';
import { fixedHorizonTTest } from './fixed-horizon-t';
import { sequentialTTest } from './sequential-t';

/** `superiority`: is the candidate better (A/B); `non_inferiority`: is it no worse than a margin (canary). */
export type Verdict =
  /** The candidate is better (superiority) or not worse than the margin (non-inferiority). */
  | 'pass'
  /** The candidate is worse (superiority) or worse by more than the margin (non-inferiority). */
  | 'fail'
  /** The interval still straddles the boundary: keep collecting (hold). */
  | 'inconclusive'
  /** The estimate is void (zero variance or zero baseline): see `estimate.error`. */
  | 'invalid';

export interface ComparisonOptions {
  readonly kind: 'superiority' | 'non_inferiority';
  /** Non-inferiority margin on the effect's scale (e.g. 0.02 = 2 % worse tolerated on a relative effect). */
  readonly margin?: number;
  readonly difference?: DifferenceType;
  readonly alpha?: number;
  /** Analysed at every interval: use the always-valid confidence sequence. */
  readonly sequential?: boolean;
  readonly tuning?: number;
  /** True when a higher metric is better (conversion); false for error rate or latency. */
  readonly higherIsBetter?: boolean;
}

export interface Comparison {
  readonly verdict: Verdict;
  readonly estimate: EffectEstimate;
  /** The boundary the interval was compared with (0 for superiority, ∓margin for non-inferiority). */
  readonly boundary: number;
}

/**
 * Superiority or non-inferiority of the candidate (b) against the baseline (a) from the two-sided
 * (1 − α) interval of the gbstats effect — a confidence sequence when `sequential` — which is the
 * one-sided α/2 test of each hypothesis (the CI-inclusion form of Wellek 2010, Testing Statistical
 * Hypotheses of Equivalence and Noninferiority, §2.3). For a lower-is-better metric the direction flips.
 *
 * @example
 * // Error rate 5 % → 5.5 % on 50 000 units each: worse by 0.13 %–19.9 % (relative), not provably within 2 %.
 * compareVariants({ kind: 'proportion', n: 50000, sum: 2500 }, { kind: 'proportion', n: 50000, sum: 2750 },
 *   { kind: 'non_inferiority', margin: 0.02, higherIsBetter: false, sequential: true }) // verdict 'inconclusive'
 */
export function compareVariants(a: ArmStatistic, b: ArmStatistic, options: ComparisonOptions): Comparison {
  const { kind, margin = 0, difference = 'relative', alpha = 0.05, sequential = false, tuning, higherIsBetter = true } = options;
  const estimate = sequential ? sequentialTTest(a, b, { difference, alpha, tuning }) : fixedHorizonTTest(a, b, { difference, alpha });
  const sign = higherIsBetter ? 1 : -1;
  const boundary = kind === 'superiority' ? 0 : -sign * margin;
  if (estimate.error) return { verdict: 'invalid', estimate, boundary };
  // In "better is positive" orientation: lower and upper bounds of sign·Δ.
  const lower = higherIsBetter ? estimate.ciLower : -estimate.ciUpper;
  const upper = higherIsBetter ? estimate.ciUpper : -estimate.ciLower;
  const threshold = sign * boundary;
  const verdict: Verdict = lower > threshold ? 'pass' : upper < threshold ? 'fail' : 'inconclusive';
  return { verdict, estimate, boundary };
}
