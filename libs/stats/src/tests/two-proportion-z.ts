import { notOk } from '../core/reasons';
import type { Alternative, TestResult } from '../core/result';
import { normalSf, tailPValue } from '../distributions/tails';

/** Conversions out of trials for one arm. */
export interface ProportionArm {
  readonly successes: number;
  readonly trials: number;
}

/**
 * Pooled two-proportion z-test: z = (p_b − p_a)/sqrt(p̄(1 − p̄)(1/n_a + 1/n_b)) with the pooled rate
 * p̄ = (x_a + x_b)/(n_a + n_b) (e.g. Agresti, Categorical Data Analysis, 3rd ed., §3.1.3).
 * `effect` is p_b − p_a. Assumes independent Bernoulli units and enough successes and failures
 * in each arm (≳ 5) for the normal limit. `greater` means b converts more than a.
 *
 * @example
 * twoProportionZ({ successes: 120, trials: 1000 }, { successes: 150, trials: 1000 }) // z 1.96305, p 0.049640
 */
export function twoProportionZ(a: ProportionArm, b: ProportionArm, alternative: Alternative = 'two-sided'): TestResult {
  if (a.trials <= 0 || b.trials <= 0) return notOk('empty_sample', 'Both arms need at least one trial; wait for traffic.');
  const pa = a.successes / a.trials;
  const pb = b.successes / b.trials;
  const pooled = (a.successes + b.successes) / (a.trials + b.trials);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / a.trials + 1 / b.trials));
  if (!(se > 0)) return notOk('zero_variance', 'Every unit has the same outcome in both arms; nothing to compare yet.');
  const statistic = (pb - pa) / se;
  return { ok: true, statistic, pValue: tailPValue(statistic, alternative, normalSf), effect: pb - pa };
}
